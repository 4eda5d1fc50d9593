//! How a script runs in a Lua state, the same way for EVAL and FCALL: the keyspace lent to
//! the natives for the length of the run, the instruction budget enforced, and the outcome
//! turned into a reply — the script's value, or its error formatted as Redis formats it
//! (`ERR user_script:1: boom script: <sha>, on @user_script:1.`).

use super::convert::lua_to_reply;
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
/// Bytes of Lua heap each scripting state may use.
pub const DEFAULT_HEAP_LIMIT: usize = 1 << 30;

/// What a run works on besides its Lua state.
pub struct Shared<'a> {
    pub keyspace: &'a mut Keyspace,
    /// Redis's one `lrand48` state behind `math.random`, shared by EVAL and FCALL.
    pub rand: &'a mut Rand48,
    pub log: &'a mut Vec<LogEntry>,
    pub instruction_limit: u64,
}

/// How a script is run.
pub struct Invocation<'a> {
    pub function: Value,
    pub args: &'a [Value],
    /// Writes are refused (the `_RO` commands, or a `no-writes` script or function).
    pub read_only: bool,
    /// What errors name the script by: its SHA1, or the function's name.
    pub name: &'a [u8],
}

/// Runs `call` in `vm` and returns its reply. The script's `SELECT` lasts only as long as the
/// script.
pub fn run(vm: &mut Vm, shared: &mut Shared, call: &Invocation) -> Reply {
    let selected = shared.keyspace.selected;
    let mut context = lend(shared, call.read_only);
    context.registrations = None;
    vm.embedder = Some(Box::new(context));
    let outcome = vm.start(call.function, call.args, shared.instruction_limit);
    let resp = vm
        .embedder
        .as_ref()
        .and_then(|e| e.downcast_ref::<ScriptContext>())
        .map_or(2, |c| c.resp);
    let reply = match outcome {
        Ok(Run::Finished(values)) => {
            lua_to_reply(vm, values.first().copied().unwrap_or_default(), resp)
        }
        Ok(Run::Paused) => {
            let error = budget_error(vm, shared.instruction_limit);
            error_reply(vm, &error, call.name)
        }
        Err(error) => error_reply(vm, &error, call.name),
    };
    take_back(vm, shared);
    shared.keyspace.selected = selected;
    reply
}

/// The context natives see during a run, holding the keyspace and the generator meanwhile.
pub fn lend(shared: &mut Shared, read_only: bool) -> ScriptContext {
    let now = shared.keyspace.now;
    ScriptContext {
        keyspace: std::mem::replace(shared.keyspace, Keyspace::vacant(now)),
        rand: *shared.rand,
        resp: 2,
        read_only,
        wrote: false,
        log: Vec::new(),
        registrations: None,
        console: None,
        record: None,
    }
}

/// Ends a run: the keyspace, the generator and the log lines go back where they belong.
/// Returns the context's registrations (FUNCTION LOAD's).
pub fn take_back(vm: &mut Vm, shared: &mut Shared) -> Option<Vec<super::redis_api::Registration>> {
    let context = vm
        .embedder
        .take()
        .and_then(|e| e.downcast::<ScriptContext>().ok())?;
    let context = *context;
    *shared.keyspace = context.keyspace;
    *shared.rand = context.rand;
    shared.log.extend(context.log);
    context.registrations
}

/// The error for a run stopped by its instruction budget, placed where it stopped.
pub fn budget_error(vm: &mut Vm, limit: u64) -> LuaError {
    let message = format!("Script exceeded the limit of {limit} instructions");
    let mut error = vm.error_value(message.as_bytes());
    // A run pauses before fetching the instruction at `pc`: that is where it stopped, as
    // Lua's count hook reports the line of the instruction about to run.
    error.origin = vm.thread.frames.last().map(|frame| {
        let proto = &frame.proto.proto;
        (proto.source.clone(), proto.line_at(frame.pc))
    });
    vm.abandon();
    error
}

/// An uncaught error's text as Redis's error handler leaves it: the `err` field of an error
/// table, or `ERR` and the error's text (up to a NUL, as C strings end).
pub fn error_message(vm: &mut Vm, error: &LuaError) -> Vec<u8> {
    match error.value {
        Value::Table(_) => match field(vm, error.value, b"err") {
            err @ (Value::String(_) | Value::Number(_)) => c_string(&vm.plain_text(&err)),
            // Redis 7.0.15 crashes here; later releases answer this.
            _ => b"ERR unknown error".to_vec(),
        },
        other => [b"ERR ".as_slice(), &c_string(&vm.plain_text(&other))].concat(),
    }
}

/// An uncaught error as Redis replies it: [`error_message`], then where the innermost Lua
/// function was; line breaks become spaces.
pub fn error_reply(vm: &mut Vm, error: &LuaError, name: &[u8]) -> Reply {
    let mut text = error_message(vm, error);
    if let Some((source, line)) = &error.origin {
        text.extend_from_slice(b" script: ");
        text.extend_from_slice(name);
        text.extend_from_slice(b", on ");
        text.extend_from_slice(source);
        text.extend_from_slice(format!(":{line}.").as_bytes());
    }
    Reply::Error(spaces_for_line_breaks(text))
}

/// Error replies cannot hold CR or LF; Redis turns them into spaces.
pub fn spaces_for_line_breaks(mut text: Vec<u8>) -> Vec<u8> {
    for b in &mut text {
        if *b == b'\r' || *b == b'\n' {
            *b = b' ';
        }
    }
    text
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

/// A Lua array of byte strings (KEYS, ARGV, FCALL's arguments).
pub fn string_array(vm: &mut Vm, words: &[Vec<u8>]) -> Result<Value, LuaError> {
    let table = vm
        .heap
        .new_table(words.len(), 0)
        .map_err(|e| vm.heap_error(e))?;
    for (i, word) in words.iter().enumerate() {
        let value = vm.string(word)?;
        vm.heap
            .table_set(table, Value::Number((i + 1) as f64), value)
            .map_err(|e| vm.heap_error(e))?;
    }
    Ok(Value::Table(table))
}
