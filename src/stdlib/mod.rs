//! Layer 3, the Lua standard library. Its engines that need no VM live here as plain functions
//! over bytes — Lua patterns and C printf conversions — so they can be tested against lua5.1 on
//! their own; the library modules (`base`, ...) bind them to the VM.

pub mod base;
pub mod coroutine;
pub mod crand;
pub mod date;
pub mod debug;
pub mod io;
pub mod math;
pub mod package;
pub mod pattern;
pub mod printf;
pub mod sort;
pub mod string;
pub mod table;

use crate::vm::state::{LuaError, Vm};

/// A VM with the standard libraries open, limited to `byte_limit` bytes of heap.
pub fn new_vm(byte_limit: usize) -> Result<Vm, LuaError> {
    let mut vm = Vm::new(byte_limit).map_err(|_| LuaError::new(crate::vm::value::Value::Nil))?;
    base::open(&mut vm)?;
    string::open(&mut vm)?;
    table::open(&mut vm)?;
    math::open(&mut vm)?;
    io::open(&mut vm)?;
    coroutine::open(&mut vm)?;
    debug::open(&mut vm)?;
    package::open(&mut vm)?;
    Ok(vm)
}
