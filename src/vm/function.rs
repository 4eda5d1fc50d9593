//! Functions as the VM holds them: Lua closures (a prototype bound to this heap, its upvalues
//! and its environment) and native functions (Rust code with optional upvalues), plus upvalues,
//! which point into a thread's stack while their variable is live and hold the value once the
//! variable's scope has closed.

use super::state::Native;
use super::value::{TableRef, Value};
use crate::compiler::proto::Proto;
use std::rc::Rc;

/// A prototype bound to a heap: its constants as values (strings interned) and its children,
/// built once when a chunk is loaded and shared by every closure made from it.
#[derive(Debug)]
pub struct BoundProto {
    pub proto: Rc<Proto>,
    pub constants: Box<[Value]>,
    pub children: Box<[Rc<BoundProto>]>,
}

#[derive(Debug, Clone)]
pub struct LuaClosure {
    pub proto: Rc<BoundProto>,
    pub upvalues: Box<[u32]>,
    pub env: TableRef,
}

#[derive(Debug, Clone)]
pub struct NativeFunction {
    pub function: Native,
    /// The name the function is registered under, for messages like `bad argument #1 to 'x'`.
    pub name: &'static str,
    pub upvalues: Box<[Value]>,
    pub env: TableRef,
}

#[derive(Debug, Clone)]
pub enum Function {
    Lua(LuaClosure),
    Native(NativeFunction),
}

impl Function {
    pub fn env(&self) -> TableRef {
        match self {
            Function::Lua(f) => f.env,
            Function::Native(f) => f.env,
        }
    }

    pub fn set_env(&mut self, env: TableRef) {
        match self {
            Function::Lua(f) => f.env = env,
            Function::Native(f) => f.env = env,
        }
    }

    /// Bytes as 5.1 sizes a closure.
    pub fn byte_size(&self) -> usize {
        match self {
            Function::Lua(f) => 40 + 8 * f.upvalues.len(),
            Function::Native(f) => 40 + 16 * f.upvalues.len(),
        }
    }
}

/// An upvalue: open while the variable lives in a stack slot of `thread` (an index into the
/// VM's threads, 0 for the main one), closed once it has its own copy.
#[derive(Debug, Clone, Copy)]
pub enum Upvalue {
    Open { thread: u32, slot: usize },
    Closed(Value),
}
