//! What the script libraries (`cjson`, `cmsgpack`) share on top of the VM's native helpers:
//! C Lua's stack limit for natives, errors raised from inside the C API, table
//! traversal in `next` order, and keeping encoders' output within the heap's budget.

use crate::vm::heap::HeapError;
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::{TableRef, Value};

/// `LUAI_MAXCSTACK`: `lua_checkstack` refuses to let a C function hold more values than this.
pub const MAX_C_STACK: usize = 8000;

/// An error raised from inside the C API (`lua_settable` with a nil key): 5.1 adds no
/// position, since the running function is the native.
pub fn api_error(vm: &mut Vm, error: HeapError) -> LuaError {
    match error {
        HeapError::Memory => vm.memory_error(),
        HeapError::Table(e) => vm.error_value(e.message().as_bytes()),
    }
}

/// `lua_next`: the entry after `key` in traversal order.
pub fn next_entry(
    vm: &mut Vm,
    table: TableRef,
    key: Value,
) -> Result<Option<(Value, Value)>, LuaError> {
    let entry = vm.heap.table(table).next(&key);
    entry.map_err(|e| api_error(vm, HeapError::Table(e)))
}

/// Encoders build their output outside the heap; a table graph can expand far beyond its own
/// size (one table referenced many times), so the output may not outgrow what the heap could
/// still hold as a string: past that it is `not enough memory`.
pub fn check_output(vm: &mut Vm, output: &[u8]) -> Result<(), LuaError> {
    if output.len() > vm.heap.byte_limit.saturating_sub(vm.heap.bytes) {
        return Err(vm.memory_error());
    }
    Ok(())
}
