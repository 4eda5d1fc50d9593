//! Layer 2, the VM: Lua 5.1 values, the heap, tables laid out as ltable.c lays them out,
//! closures and upvalues, and the stackless executor that runs compiled prototypes.

pub mod arith;
pub mod call;
pub mod checkpoint;
pub mod execute;
pub mod function;
pub mod gc;
pub mod heap;
pub mod metamethod;
pub mod native;
pub mod state;
pub mod table;
pub mod traceback;
pub mod value;
