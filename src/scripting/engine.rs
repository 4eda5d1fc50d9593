//! The one Lua state of a server and how a script runs in it: KEYS and ARGV set, the
//! keyspace lent to the natives for the length of the run, the instruction budget enforced,
//! and the outcome turned into a reply — the script's value, or its error formatted as Redis
//! formats it (`ERR user_script:1: boom script: <sha>, on @user_script:1.`).

use super::convert::lua_to_reply;
use super::environment::{script_vm, set_protected_global};
use super::eval::ScriptCache;
use super::rand48::Rand48;
use super::redis_api::{LogEntry, ScriptContext};
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;
use crate::vm::call::Run;
use crate::vm::metamethod::{handler, Event};
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::Value;

/// Instructions a script may run before it is stopped (Redis would run it until SCRIPT KILL).
pub const DEFAULT_INSTRUCTION_LIMIT: u64 = 200_000_000;
/// Bytes of Lua heap the scripting state may use.
pub const DEFAULT_HEAP_LIMIT: usize = 1 << 30;

/// The scripting Lua state and what outlives single runs.
pub struct ScriptEngine {
    pub vm: Vm,
    /// Compiled scripts; their functions live in `vm`, so the two are replaced together.
    pub scripts: ScriptCache,
    pub rand: Rand48,
    /// Everything scripts logged with `redis.log`, oldest first.
    pub log: Vec<LogEntry>,
    pub instruction_limit: u64,
    heap_limit: usize,
}

/// How a script is run.
pub struct Invocation<'a> {
    pub function: Value,
    pub keys: &'a [Vec<u8>],
    pub args: &'a [Vec<u8>],
    /// Writes are refused (EVAL_RO, or a `no-writes` script).
    pub read_only: bool,
    /// What errors name the script by: its SHA1, or the function's name.
    pub name: &'a [u8],
}

impl ScriptEngine {
    pub fn new(heap_limit: usize) -> Result<ScriptEngine, LuaError> {
        Ok(ScriptEngine {
            vm: script_vm(heap_limit)?,
            scripts: ScriptCache::default(),
            rand: Rand48::default(),
            log: Vec::new(),
            instruction_limit: DEFAULT_INSTRUCTION_LIMIT,
            heap_limit,
        })
    }

    /// A fresh Lua state and an empty script cache (SCRIPT FLUSH); the random generator
    /// keeps its state, as Redis's does.
    pub fn reset(&mut self) -> Result<(), LuaError> {
        self.vm = script_vm(self.heap_limit)?;
        self.scripts = ScriptCache::default();
        Ok(())
    }

    /// Runs a script against `keyspace` and returns its reply. The script's `SELECT` lasts
    /// only as long as the script.
    pub fn run(&mut self, keyspace: &mut Keyspace, call: &Invocation) -> Reply {
        if let Err(error) = self.set_arguments(call) {
            return error_reply(&mut self.vm, &error, call.name);
        }
        let selected = keyspace.selected;
        let lent = std::mem::replace(keyspace, Keyspace::new(keyspace.now));
        self.vm.embedder = Some(Box::new(ScriptContext {
            keyspace: lent,
            rand: self.rand,
            resp: 2,
            read_only: call.read_only,
            wrote: false,
            log: Vec::new(),
        }));
        let outcome = self.vm.start(call.function, &[], self.instruction_limit);
        let resp = self
            .vm
            .embedder
            .as_ref()
            .and_then(|e| e.downcast_ref::<ScriptContext>())
            .map_or(2, |c| c.resp);
        let reply = match outcome {
            Ok(Run::Finished(values)) => {
                lua_to_reply(&self.vm, values.first().copied().unwrap_or_default(), resp)
            }
            Ok(Run::Paused) => {
                let message = format!(
                    "ERR Script exceeded the limit of {} instructions",
                    self.instruction_limit
                );
                let mut error = self.vm.error_value(message.as_bytes());
                error.origin = self.vm.thread.frames.last().map(|frame| {
                    let proto = &frame.proto.proto;
                    (
                        proto.source.clone(),
                        proto.line_at(frame.pc.saturating_sub(1)),
                    )
                });
                self.vm.abandon();
                error_reply(&mut self.vm, &error, call.name)
            }
            Err(error) => error_reply(&mut self.vm, &error, call.name),
        };
        let context = self
            .vm
            .embedder
            .take()
            .and_then(|e| e.downcast::<ScriptContext>().ok());
        if let Some(context) = context {
            *keyspace = context.keyspace;
            self.rand = context.rand;
            self.log.extend(context.log);
        }
        keyspace.selected = selected;
        reply
    }

    /// Fresh `KEYS` and `ARGV` tables for a run.
    fn set_arguments(&mut self, call: &Invocation) -> Result<(), LuaError> {
        for (name, words) in [("KEYS", call.keys), ("ARGV", call.args)] {
            let table = self
                .vm
                .heap
                .new_table(words.len(), 0)
                .map_err(|e| self.vm.heap_error(e))?;
            for (i, word) in words.iter().enumerate() {
                let value = self.vm.string(word)?;
                self.vm
                    .heap
                    .table_set(table, Value::Number((i + 1) as f64), value)
                    .map_err(|e| self.vm.heap_error(e))?;
            }
            set_protected_global(&mut self.vm, name, Value::Table(table))?;
        }
        Ok(())
    }
}

/// An uncaught error as Redis replies it: the `err` text of an error table, or `ERR` and the
/// error's text, then where the innermost Lua function was; line breaks become spaces.
pub fn error_reply(vm: &mut Vm, error: &LuaError, name: &[u8]) -> Reply {
    let mut text = match error.value {
        Value::Table(_) => {
            let err = field(vm, error.value, b"err");
            match err {
                Value::String(_) | Value::Number(_) => c_string(&vm.plain_text(&err)),
                // Redis 7.0.15 crashes here; later releases answer this.
                _ => b"ERR unknown error".to_vec(),
            }
        }
        other => [b"ERR ".as_slice(), &c_string(&vm.plain_text(&other))].concat(),
    };
    if let Some((source, line)) = &error.origin {
        text.extend_from_slice(b" script: ");
        text.extend_from_slice(name);
        text.extend_from_slice(b", on ");
        text.extend_from_slice(source);
        text.extend_from_slice(format!(":{line}.").as_bytes());
    }
    for b in &mut text {
        if *b == b'\r' || *b == b'\n' {
            *b = b' ';
        }
    }
    Reply::Error(text)
}

/// Instructions an `__index` handler may run while an error is being formatted.
const INDEX_HANDLER_FUEL: u64 = 1_000_000;

/// `lua_getfield`: `value[name]`, following `__index` tables and calling `__index`
/// functions, as Redis reads an error table's fields. Nil when that fails.
fn field(vm: &mut Vm, value: Value, name: &[u8]) -> Value {
    let Ok(key) = vm.string(name) else {
        return Value::Nil;
    };
    let mut current = value;
    // 5.1's MAXTAGLOOP: a longer chain is a loop.
    for _ in 0..100 {
        if let Value::Table(t) = current {
            let found = vm.heap.table(t).get(&key);
            if !found.is_nil() {
                return found;
            }
        }
        let index = handler(
            &vm.heap,
            &vm.names,
            vm.string_metatable,
            &current,
            Event::Index,
        );
        match index {
            Value::Nil => return Value::Nil,
            Value::Function(_) => {
                return match vm.start(index, &[current, key], INDEX_HANDLER_FUEL) {
                    Ok(Run::Finished(values)) => values.first().copied().unwrap_or_default(),
                    Ok(Run::Paused) => {
                        vm.abandon();
                        Value::Nil
                    }
                    Err(_) => Value::Nil,
                };
            }
            next => current = next,
        }
    }
    Value::Nil
}

/// Bytes up to the first NUL, as C string functions see them.
fn c_string(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().take_while(|&&b| b != 0).copied().collect()
}
