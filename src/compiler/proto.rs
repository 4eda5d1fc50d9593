//! `Proto`: one compiled function — Lua 5.1 code words, constants, child functions and debug
//! information. Immutable once built and shared with `Rc`; it holds no runtime handles, so the
//! listing printer, the dumper and the VM can all read it.

use super::instruction::Instruction;
use std::rc::Rc;

/// A constant of a function's constant table.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    Nil,
    Boolean(bool),
    Number(f64),
    String(Rc<[u8]>),
}

/// A local variable's name and the pcs where it is live (`startpc` inclusive, `endpc`
/// exclusive, as 5.1 records them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalVar {
    pub name: Rc<[u8]>,
    pub start_pc: u32,
    pub end_pc: u32,
}

/// The vararg flags of 5.1 (`VARARG_HASARG`, `VARARG_ISVARARG`, `VARARG_NEEDSARG`).
pub const VARARG_HAS_ARG: u8 = 1;
pub const VARARG_IS_VARARG: u8 = 2;
pub const VARARG_NEEDS_ARG: u8 = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct Proto {
    /// The chunk name as given to the loader (`@file`, `=name`, or the source text).
    pub source: Rc<[u8]>,
    pub line_defined: i32,
    pub last_line_defined: i32,
    pub num_upvalues: u8,
    pub num_params: u8,
    pub vararg: u8,
    pub max_stack_size: u8,
    pub code: Vec<u32>,
    /// `code` decoded, one entry per word: what the VM executes.
    pub instructions: Vec<Instruction>,
    pub constants: Vec<Constant>,
    pub protos: Vec<Rc<Proto>>,
    /// The source line of each code word (empty when stripped).
    pub line_info: Vec<i32>,
    pub locals: Vec<LocalVar>,
    pub upvalue_names: Vec<Rc<[u8]>>,
}

impl Proto {
    /// The source line of the instruction at `pc`, or 0 when unknown.
    pub fn line_at(&self, pc: usize) -> i32 {
        self.line_info.get(pc).copied().unwrap_or(0)
    }
}
