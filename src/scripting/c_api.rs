//! The parts of Lua's C API that the ports of Redis's C libraries (`cjson`, `cmsgpack`) need
//! beyond the VM's native helpers: the stack limit natives live under, errors raised from
//! inside API calls, table traversal in `next` order, and keeping encoders' output within the
//! heap's budget.

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

#[cfg(test)]
pub mod testing {
    //! Running library functions on arbitrary input from unit tests.

    use crate::vm::state::{LuaError, Vm};
    use crate::vm::value::Value;

    /// A VM with the standard library and the script libraries.
    pub fn vm() -> Vm {
        let mut vm = crate::stdlib::new_vm(64 << 20).expect("vm");
        super::super::open_libraries(&mut vm).expect("libraries");
        vm
    }

    /// Calls `library.function(args...)`, each argument a string.
    pub fn call(
        vm: &mut Vm,
        library: &str,
        function: &str,
        args: &[&[u8]],
    ) -> Result<Vec<Value>, LuaError> {
        let globals = vm.globals;
        let Value::Table(table) = vm.get_field(globals, library).expect("library") else {
            panic!("no {library}");
        };
        let f = vm.get_field(table, function).expect("function");
        let args: Vec<Value> = args
            .iter()
            .map(|a| vm.heap.string_value(a).expect("string"))
            .collect();
        vm.call(f, &args)
    }

    /// Bytes from a linear congruential generator: `count` strings of up to `max_len` bytes
    /// drawn from `alphabet`.
    pub fn random_inputs(seed: u64, count: usize, max_len: usize, alphabet: &[u8]) -> Vec<Vec<u8>> {
        let mut state = seed;
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n.max(1)
        };
        (0..count)
            .map(|_| {
                let len = next(max_len + 1);
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            })
            .collect()
    }
}
