//! [`Server`]: one in-memory Redis — the keyspace plus the scripting layer — answering
//! commands as redis-server 7.0 does. Keyspace commands go to the keyspace; EVAL, SCRIPT and
//! their kin are carried out here, with the Lua state made on first use.

use super::engine::{ScriptEngine, DEFAULT_HEAP_LIMIT};
use super::eval;
use crate::keyspace::command::{self, Handler};
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;

pub struct Server {
    pub keyspace: Keyspace,
    engine: Option<ScriptEngine>,
    /// Bytes of Lua heap the scripting state may use.
    pub script_heap_limit: usize,
}

impl Server {
    /// An empty server whose clock starts at `now` (Unix milliseconds).
    pub fn new(now: i64) -> Server {
        Server {
            keyspace: Keyspace::new(now),
            engine: None,
            script_heap_limit: DEFAULT_HEAP_LIMIT,
        }
    }

    /// The scripting state, made on first use.
    pub fn engine(&mut self) -> Result<&mut ScriptEngine, Reply> {
        if self.engine.is_none() {
            let engine = ScriptEngine::new(self.script_heap_limit)
                .map_err(|_| Reply::error("ERR not enough memory for the Lua state"))?;
            self.engine = Some(engine);
        }
        self.engine
            .as_mut()
            .ok_or_else(|| Reply::error("ERR not enough memory for the Lua state"))
    }

    /// Runs one command (its name first) and returns Redis's reply.
    pub fn execute(&mut self, args: &[Vec<u8>]) -> Reply {
        let command = match command::resolve(args) {
            Ok(command) => command,
            Err(reply) => return reply,
        };
        if let Handler::Keyspace(_) = command.run {
            return self.keyspace.run(command, args);
        }
        let keyspace = &mut self.keyspace;
        let engine = match self.engine.as_mut() {
            Some(engine) => engine,
            None => match ScriptEngine::new(self.script_heap_limit) {
                Ok(engine) => self.engine.insert(engine),
                Err(_) => return Reply::error("ERR not enough memory for the Lua state"),
            },
        };
        match command.name {
            "eval" => eval::eval(engine, keyspace, args, false, false),
            "evalsha" => eval::eval(engine, keyspace, args, true, false),
            "eval_ro" => eval::eval(engine, keyspace, args, false, true),
            "evalsha_ro" => eval::eval(engine, keyspace, args, true, true),
            "script" => eval::script(engine, args),
            _ => command::unknown_command(&args[0], &args[1..]),
        }
    }
}
