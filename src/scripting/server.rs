//! [`Server`]: one in-memory Redis — the keyspace plus the scripting layer — answering
//! commands as redis-server 7.0 does. Keyspace commands go to the keyspace; EVAL, SCRIPT,
//! FUNCTION and FCALL are carried out here, each Lua state made on first use; MULTI, EXEC and
//! WATCH in `transaction`.

use super::engine::{Shared, DEFAULT_HEAP_LIMIT, DEFAULT_INSTRUCTION_LIMIT};
use super::eval::{self, ScriptEngine};
use super::functions::FunctionEngine;
use super::rand48::Rand48;
use super::redis_api::LogEntry;
use super::transaction::Transaction;
use crate::keyspace::command::{self, Handler};
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;

pub struct Server {
    pub keyspace: Keyspace,
    /// Redis's one random generator behind scripts' `math.random`.
    pub rand: Rand48,
    /// Everything scripts logged with `redis.log`, oldest first.
    pub log: Vec<LogEntry>,
    /// Instructions one script may run.
    pub instruction_limit: u64,
    /// Bytes of Lua heap each scripting state may use.
    pub script_heap_limit: usize,
    scripts: Option<ScriptEngine>,
    functions: Option<FunctionEngine>,
    /// The commands queued since MULTI, while the client is in a transaction.
    pub(super) transaction: Option<Transaction>,
}

const NO_LUA_STATE: &str = "ERR not enough memory for the Lua state";

impl Server {
    /// An empty server whose clock starts at `now` (Unix milliseconds).
    pub fn new(now: i64) -> Server {
        Server {
            keyspace: Keyspace::new(now),
            rand: Rand48::default(),
            log: Vec::new(),
            instruction_limit: DEFAULT_INSTRUCTION_LIMIT,
            script_heap_limit: DEFAULT_HEAP_LIMIT,
            scripts: None,
            functions: None,
            transaction: None,
        }
    }

    /// Runs one command (its name first) and returns Redis's reply, in the protocol the
    /// client chose (`HELLO`).
    pub fn execute(&mut self, args: &[Vec<u8>]) -> Reply {
        let command = match command::resolve(args) {
            Ok(command) => command,
            Err(reply) => return self.refuse(args, reply),
        };
        let reply = match self.transaction_step(command, args) {
            // EXEC's replies are each in the protocol of the moment they ran (a queued HELLO
            // switches it).
            Some(reply) if command.name == "exec" => return reply,
            Some(reply) => reply,
            None => self.run(command, args),
        };
        reply.for_protocol(self.keyspace.resp)
    }

    /// EVAL's Lua state (made on first use) with what its runs work on, for running a script
    /// other than through `execute` (the debugger does); the error reply when there is no
    /// memory for the state.
    pub fn scripting(&mut self) -> Result<(&mut ScriptEngine, Shared<'_>), Reply> {
        if self.scripts.is_none() {
            let engine = ScriptEngine::new(self.script_heap_limit)
                .map_err(|_| Reply::error(NO_LUA_STATE))?;
            self.scripts = Some(engine);
        }
        let engine = self
            .scripts
            .as_mut()
            .ok_or_else(|| Reply::error(NO_LUA_STATE))?;
        let shared = Shared {
            keyspace: &mut self.keyspace,
            rand: &mut self.rand,
            log: &mut self.log,
            instruction_limit: self.instruction_limit,
        };
        Ok((engine, shared))
    }

    pub(super) fn run(&mut self, command: &'static command::Command, args: &[Vec<u8>]) -> Reply {
        if let Handler::Keyspace(_) = command.run {
            return self.keyspace.run(command, args);
        }
        if let "multi" | "exec" | "discard" | "watch" | "unwatch" | "reset" | "quit" = command.name
        {
            return self.transaction_command(command.name, args);
        }
        let heap_limit = self.script_heap_limit;
        let mut shared = Shared {
            keyspace: &mut self.keyspace,
            rand: &mut self.rand,
            log: &mut self.log,
            instruction_limit: self.instruction_limit,
        };
        match command.name {
            "eval" | "evalsha" | "eval_ro" | "evalsha_ro" | "script" => {
                if self.scripts.is_none() {
                    match ScriptEngine::new(heap_limit) {
                        Ok(engine) => self.scripts = Some(engine),
                        Err(_) => return Reply::error(NO_LUA_STATE),
                    }
                }
                let Some(engine) = self.scripts.as_mut() else {
                    return Reply::error(NO_LUA_STATE);
                };
                match command.name {
                    "eval" => eval::eval(engine, &mut shared, args, false, false),
                    "evalsha" => eval::eval(engine, &mut shared, args, true, false),
                    "eval_ro" => eval::eval(engine, &mut shared, args, false, true),
                    "evalsha_ro" => eval::eval(engine, &mut shared, args, true, true),
                    _ => eval::script(engine, heap_limit, args),
                }
            }
            _ => {
                if self.functions.is_none() {
                    match FunctionEngine::new(heap_limit) {
                        Ok(engine) => self.functions = Some(engine),
                        Err(_) => return Reply::error(NO_LUA_STATE),
                    }
                }
                let Some(engine) = self.functions.as_mut() else {
                    return Reply::error(NO_LUA_STATE);
                };
                match command.name {
                    "fcall" => engine.fcall(&mut shared, args, false),
                    "fcall_ro" => engine.fcall(&mut shared, args, true),
                    _ => engine.command(&mut shared, args),
                }
            }
        }
    }
}
