//! The Lua state Redis 7.0 gives scripts: the standard libraries without `print`, `io`,
//! `os`, `debug`, file loading and `require`; the `redis` table and Redis's libraries;
//! Redis's `pcall` (which unwraps `{err=...}` errors); `__redis__err__handler`; and global
//! protection — every table reachable from `_G` (and the string metatable) read-only, and
//! reading an undeclared global an error.

use super::redis_api;
use crate::compiler::loader::load;
use crate::vm::state::{Args, LuaError, Outcome, Resume, ResumeState, Vm};
use crate::vm::value::{TableRef, Value};

/// Globals the standard library defines that scripts do not get.
const REMOVED_GLOBALS: &[&str] = &[
    "print", "loadfile", "dofile", "newproxy", "getfenv", "setfenv", "debug",
];

/// Redis's error handler, kept as a global as 7.0 keeps it: it turns any error into a
/// `{err=...}` table and notes where the innermost Lua function was. (Uncaught errors are
/// formatted natively from the same facts; this copy is for scripts that call it.)
const ERROR_HANDLER: &[u8] = b"local getinfo = debug.getinfo
__redis__err__handler = function(err)
  local frame = getinfo(2, 'nSl')
  if frame and frame.what == 'C' then
    frame = getinfo(3, 'nSl')
  end
  if type(err) ~= 'table' then
    err = {err = 'ERR ' .. tostring(err)}
  end
  if frame then
    err['source'] = frame.source
    err['line'] = frame.currentline
  end
  return err
end
";

/// The heap size below which a scripting state does not collect.
const SCRIPT_GC_FLOOR: usize = 256 << 10;

/// A VM set up as Redis sets up a scripting Lua state, within `byte_limit` bytes of heap:
/// EVAL's (`eval`), with `__redis__err__handler` and the debugging members of `redis`, or
/// the functions' state, without them.
pub fn script_vm(byte_limit: usize, eval: bool) -> Result<Vm, LuaError> {
    let mut vm = Vm::new(byte_limit).map_err(|_| LuaError::new(Value::Nil))?;
    vm.binary_chunks = false;
    // Scripts keep little alive between runs: collecting sooner keeps the whole heap in the
    // processor's caches (EVALSHA runs about 9% faster than with the default floor).
    vm.gc_floor = SCRIPT_GC_FLOOR;
    vm.gc_threshold = vm.gc_threshold.min(SCRIPT_GC_FLOOR);
    // Redis's order of loading (5.1's base library brings `coroutine` along); it shows in
    // the globals' `pairs` order.
    crate::stdlib::base::open(&mut vm)?;
    crate::stdlib::coroutine::open(&mut vm)?;
    crate::stdlib::table::open(&mut vm)?;
    crate::stdlib::string::open(&mut vm)?;
    crate::stdlib::math::open(&mut vm)?;
    crate::stdlib::debug::open(&mut vm)?;
    super::open_libraries(&mut vm)?;
    redis_api::open(&mut vm, eval)?;
    let globals = vm.globals;
    vm.register(globals, &[("pcall", redis_pcall)])?;
    if eval {
        let handler = load(ERROR_HANDLER, b"=redis_error_handler", 0)
            .map_err(|e| vm.error_value(&e.message))?;
        let handler = vm.load_main(&handler).map_err(|e| vm.heap_error(e))?;
        vm.call(handler, &[])?;
    }
    for name in REMOVED_GLOBALS {
        vm.set_field(globals, name, Value::Nil)
            .map_err(|e| vm.heap_error(e))?;
    }
    protect_globals(&mut vm)?;
    Ok(vm)
}

/// Gives `_G` the metatable that makes reading a missing global an error, then makes every
/// table reachable from it, their metatables and the string metatable read-only.
fn protect_globals(vm: &mut Vm) -> Result<(), LuaError> {
    let globals = vm.globals;
    set_error_metatable(vm, globals)?;
    let strings = vm.string_metatable;
    protect(vm, globals);
    if let Some(strings) = strings {
        protect(vm, strings);
    }
    Ok(())
}

/// Gives `table` the metatable whose `__index` makes reading a missing name an error.
pub fn set_error_metatable(vm: &mut Vm, table: TableRef) -> Result<(), LuaError> {
    let meta = vm.heap.new_table(0, 1).map_err(|e| vm.heap_error(e))?;
    let index = vm
        .native("__index", nonexistent_global)
        .map_err(|e| vm.heap_error(e))?;
    vm.set_field(meta, "__index", index)
        .map_err(|e| vm.heap_error(e))?;
    vm.heap.tables.get_mut(table.0).metatable = Some(meta);
    Ok(())
}

/// Makes `root`, every table reachable from it and their metatables read-only.
pub fn protect(vm: &mut Vm, root: TableRef) {
    let mut pending = vec![root];
    while let Some(t) = pending.pop() {
        let table = vm.heap.tables.get_mut(t.0);
        if table.readonly {
            continue;
        }
        table.readonly = true;
        pending.extend(table.metatable);
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = vm.heap.table(t).next(&key) {
            if let Value::Table(inner) = v {
                pending.push(inner);
            }
            key = k;
        }
    }
}

/// Sets a global in the protected globals table (KEYS and ARGV before each run).
pub fn set_protected_global(vm: &mut Vm, name: &str, value: Value) -> Result<(), LuaError> {
    let globals: TableRef = vm.globals;
    vm.heap.tables.get_mut(globals.0).readonly = false;
    let result = vm.set_field(globals, name, value);
    vm.heap.tables.get_mut(globals.0).readonly = true;
    result.map_err(|e| vm.heap_error(e))
}

/// `_G`'s `__index`: any global that is not there is an error, at the line that read it.
fn nonexistent_global(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count != 2 {
        return Err(vm.native_error("Wrong number of arguments to luaProtectedTableError"));
    }
    let name = match vm.arg(args, 1) {
        Value::String(s) => vm.heap.bytes_of(s).to_vec(),
        Value::Number(n) => crate::number::number_to_string(n).into_bytes(),
        _ => {
            return Err(vm.native_error(
                "Second argument to luaProtectedTableError must be a string or number",
            ))
        }
    };
    let mut message = vm.position();
    message.extend_from_slice(b"Script attempted to access nonexistent global variable '");
    message.extend_from_slice(&name);
    message.push(b'\'');
    Err(vm.error_value(&message))
}

/// Redis's `pcall`: the stock one, except that an error table with a string (or number)
/// `err` field is caught as that field.
fn redis_pcall(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count == 0 {
        // Redis's wrapper then calls its own `true` placeholder.
        vm.push(Value::Boolean(false));
        let message = vm.string(b"attempt to call a boolean value")?;
        vm.push(message);
        return Ok(Outcome::Return(2));
    }
    let function = vm.arg(args, 0);
    let rest = (1..args.count).map(|i| vm.arg(args, i)).collect();
    Ok(Outcome::Protected {
        function,
        args: rest,
        handler: None,
        then: Some(Resume {
            step: unwrap_error_table,
            state: ResumeState::default(),
        }),
    })
}

/// After the protected call: `true, ...` passes through; `false, {err=e}` becomes `false, e`.
fn unwrap_error_table(vm: &mut Vm, _: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let top = vm.thread.stack.len();
    let (Some(flag), Some(error)) = (top.checked_sub(2), top.checked_sub(1)) else {
        return Ok(Outcome::Return(n));
    };
    let caught = matches!(vm.thread.stack.get(flag), Some(Value::Boolean(false)));
    if n == 2 && caught {
        if let Some(Value::Table(t)) = vm.thread.stack.get(error).copied() {
            let err = vm
                .heap
                .find_string(b"err")
                .map_or(Value::Nil, |key| vm.heap.table(t).get(&Value::String(key)));
            if matches!(err, Value::String(_) | Value::Number(_)) {
                vm.thread.stack[error] = err;
            }
        }
    }
    Ok(Outcome::Return(n))
}
