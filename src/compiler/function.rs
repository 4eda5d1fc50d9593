//! `FuncState`: everything the compiler tracks while one function is being compiled — the code
//! and constants built so far, active locals and their registers, upvalues, nested blocks — and
//! its completion into an immutable `Proto`. The code generator (`code.rs`) adds instructions to
//! it; the parser (`parser.rs`) drives both.

use super::expr::{ExpKind, JumpList};
use super::instruction::Instruction;
use super::opcode::OpCode;
use super::proto::{Constant, LocalVar, Proto};
use std::collections::HashMap;
use std::rc::Rc;

/// At most this many active locals per function (`LUAI_MAXVARS`).
pub const MAX_LOCALS: usize = 200;
/// At most this many upvalues per function (`LUAI_MAXUPVALUES`).
pub const MAX_UPVALUES: usize = 60;
/// Registers are bytes, and 5.1 keeps a few below 256 for itself (`MAXSTACK`).
pub const MAX_REGISTERS: u32 = 250;
/// The most local variable records a function can hold (`SHRT_MAX`).
const MAX_LOCAL_RECORDS: usize = 32767;
/// The most constants or child functions a function can hold (`MAXARG_Bx`).
pub const MAX_CONSTANTS: usize = (1 << 18) - 1;

/// Why compiling stopped inside the code generator. Each variant is formatted the way 5.1
/// raises it, with the lexer's state at the point of failure (which is left untouched).
#[derive(Debug, Clone, PartialEq)]
pub enum CodeError {
    /// A complete syntax error.
    Syntax(super::SyntaxError),
    /// `luaX_syntaxerror`: `chunk:line: message near 'token'`.
    NearToken(&'static str),
    /// `luaX_lexerror` without a token: `chunk:line: message`.
    AtLine(String),
    /// A table growing past its limit (`luaM_growvector`): the bare message.
    Bare(&'static str),
}

impl From<super::SyntaxError> for CodeError {
    fn from(error: super::SyntaxError) -> CodeError {
        CodeError::Syntax(error)
    }
}

pub type CodeResult<T> = Result<T, CodeError>;

/// How an upvalue of this function is reached from the enclosing one: its local in `index`,
/// or its own upvalue `index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpvalueDesc {
    pub from_local: bool,
    pub index: u32,
}

/// A block (`BlockCnt`): where its locals start, whether one of them is captured by a closure
/// (so leaving it needs CLOSE), and for loops the jumps of its `break`s.
#[derive(Debug, Clone)]
pub struct Block {
    pub break_list: JumpList,
    pub active_locals: u32,
    pub has_upvalue: bool,
    pub breakable: bool,
}

/// The lookup key of a constant that is not a string: 5.1 finds constants through a Lua table,
/// so `0` and `-0` are the same constant (whichever came first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ValueKey {
    Nil,
    Boolean(bool),
    Number(u64),
}

/// The compile state of one function.
pub struct FuncState {
    pub source: Rc<[u8]>,
    pub line_defined: i32,
    pub last_line_defined: i32,
    pub num_params: u8,
    pub vararg: u8,
    pub max_stack_size: u32,
    pub code: Vec<u32>,
    pub line_info: Vec<i32>,
    pub constants: Vec<Constant>,
    /// Where each string constant is (looked up by bytes, without allocating).
    string_index: HashMap<Rc<[u8]>, u32>,
    value_index: HashMap<ValueKey, u32>,
    pub protos: Vec<Rc<Proto>>,
    pub locals: Vec<LocalVar>,
    pub upvalue_names: Vec<Rc<[u8]>>,
    pub upvalues: Vec<UpvalueDesc>,
    /// For each active (and each declared but not yet active) local, its record in `locals`.
    active: Vec<usize>,
    /// How many locals are in scope; they occupy registers `0..active_locals`.
    pub active_locals: u32,
    /// The first free register.
    pub free_reg: u32,
    /// Jumps waiting to be patched to the next instruction emitted.
    pub pending_jumps: JumpList,
    /// The pc of the last jump target: instructions before it cannot be merged with new ones.
    pub last_target: Option<usize>,
    pub blocks: Vec<Block>,
    /// The line new instructions are attributed to (the last token consumed).
    pub line: i32,
}

impl FuncState {
    pub fn new(source: Rc<[u8]>, line_defined: i32, line: i32) -> FuncState {
        FuncState {
            source,
            line_defined,
            last_line_defined: 0,
            num_params: 0,
            vararg: 0,
            max_stack_size: 2,
            code: Vec::new(),
            line_info: Vec::new(),
            constants: Vec::new(),
            string_index: HashMap::new(),
            value_index: HashMap::new(),
            protos: Vec::new(),
            locals: Vec::new(),
            upvalue_names: Vec::new(),
            upvalues: Vec::new(),
            active: Vec::new(),
            active_locals: 0,
            free_reg: 0,
            pending_jumps: None,
            last_target: None,
            blocks: Vec::new(),
            line,
        }
    }

    pub fn pc(&self) -> usize {
        self.code.len()
    }

    /// `errorlimit`: which function overflowed which limit.
    pub fn limit_error(&self, limit: usize, what: &str) -> CodeError {
        CodeError::AtLine(if self.line_defined == 0 {
            format!("main function has more than {limit} {what}")
        } else {
            format!(
                "function at line {} has more than {limit} {what}",
                self.line_defined
            )
        })
    }

    fn push_constant(&mut self, constant: Constant) -> CodeResult<u32> {
        if self.constants.len() >= MAX_CONSTANTS {
            return Err(CodeError::Bare("constant table overflow"));
        }
        self.constants.push(constant);
        Ok(self.constants.len() as u32 - 1)
    }

    /// The index of `constant`, added to the table if it is not there yet.
    pub fn add_constant(&mut self, constant: Constant) -> CodeResult<u32> {
        let key = match constant {
            Constant::String(s) => return self.string_constant(&s),
            Constant::Nil => ValueKey::Nil,
            Constant::Boolean(b) => ValueKey::Boolean(b),
            // -0 == 0, so both find the same entry.
            Constant::Number(n) => ValueKey::Number(if n == 0.0 { 0 } else { n.to_bits() }),
        };
        if let Some(&index) = self.value_index.get(&key) {
            return Ok(index);
        }
        let index = self.push_constant(constant)?;
        self.value_index.insert(key, index);
        Ok(index)
    }

    pub fn string_constant(&mut self, s: &[u8]) -> CodeResult<u32> {
        if let Some(&index) = self.string_index.get(s) {
            return Ok(index);
        }
        let s: Rc<[u8]> = Rc::from(s);
        let index = self.push_constant(Constant::String(s.clone()))?;
        self.string_index.insert(s, index);
        Ok(index)
    }

    pub fn number_constant(&mut self, n: f64) -> CodeResult<u32> {
        self.add_constant(Constant::Number(n))
    }

    /// The record of the `i`th active local.
    fn active_local(&mut self, i: u32) -> Option<&mut LocalVar> {
        let record = *self.active.get(i as usize)?;
        self.locals.get_mut(record)
    }

    /// `new_localvar`: declares local number `n` past the active ones (it becomes active with
    /// `activate_locals`).
    pub fn declare_local(&mut self, name: Rc<[u8]>, n: u32) -> CodeResult<()> {
        let slot = (self.active_locals + n) as usize;
        if slot + 1 > MAX_LOCALS {
            return Err(self.limit_error(MAX_LOCALS, "local variables"));
        }
        if self.locals.len() >= MAX_LOCAL_RECORDS {
            return Err(CodeError::Bare("too many local variables"));
        }
        self.locals.push(LocalVar {
            name,
            start_pc: 0,
            end_pc: 0,
        });
        self.active.truncate(slot);
        self.active.push(self.locals.len() - 1);
        Ok(())
    }

    /// `adjustlocalvars`: the next `n` declared locals come into scope here.
    pub fn activate_locals(&mut self, n: u32) {
        let pc = self.pc() as u32;
        self.active_locals += n;
        for i in self.active_locals - n..self.active_locals {
            if let Some(local) = self.active_local(i) {
                local.start_pc = pc;
            }
        }
    }

    /// `removevars`: locals above `level` go out of scope here.
    pub fn remove_locals(&mut self, level: u32) {
        let pc = self.pc() as u32;
        while self.active_locals > level {
            self.active_locals -= 1;
            if let Some(local) = self.active_local(self.active_locals) {
                local.end_pc = pc;
            }
        }
        self.active.truncate(self.active_locals as usize);
    }

    /// Sets the start pc of the newest active local (a `local function` is visible to debug
    /// information only once its closure is stored).
    pub fn restart_last_local(&mut self) {
        let pc = self.pc() as u32;
        if let Some(i) = self.active_locals.checked_sub(1) {
            if let Some(local) = self.active_local(i) {
                local.start_pc = pc;
            }
        }
    }

    /// `searchvar`: the register of the innermost active local called `name`.
    pub fn find_local(&self, name: &[u8]) -> Option<u32> {
        (0..self.active_locals).rev().find(|&i| {
            self.active
                .get(i as usize)
                .and_then(|&record| self.locals.get(record))
                .is_some_and(|local| &*local.name == name)
        })
    }

    /// `markupval`: the block declaring local `level` must close its upvalues on exit.
    pub fn mark_upvalue(&mut self, level: u32) {
        if let Some(block) = self
            .blocks
            .iter_mut()
            .rev()
            .find(|block| block.active_locals <= level)
        {
            block.has_upvalue = true;
        }
    }

    /// `indexupvalue`: the upvalue reaching `from` (a local or upvalue of the enclosing
    /// function), added if new.
    pub fn upvalue_index(&mut self, name: &[u8], from: ExpKind) -> CodeResult<u32> {
        let desc = match from {
            ExpKind::Local(index) => UpvalueDesc {
                from_local: true,
                index,
            },
            ExpKind::Upvalue(index) => UpvalueDesc {
                from_local: false,
                index,
            },
            _ => return Err(CodeError::NearToken("syntax error")),
        };
        if let Some(i) = self.upvalues.iter().position(|&u| u == desc) {
            return Ok(i as u32);
        }
        if self.upvalues.len() + 1 > MAX_UPVALUES {
            return Err(self.limit_error(MAX_UPVALUES, "upvalues"));
        }
        self.upvalues.push(desc);
        self.upvalue_names.push(Rc::from(name));
        Ok(self.upvalues.len() as u32 - 1)
    }

    /// `enterblock`.
    pub fn enter_block(&mut self, breakable: bool) {
        self.blocks.push(Block {
            break_list: None,
            active_locals: self.active_locals,
            has_upvalue: false,
            breakable,
        });
    }

    /// The code word at `pc`.
    pub fn instruction(&self, pc: usize) -> u32 {
        self.code.get(pc).copied().unwrap_or(0)
    }

    /// Rewrites the code word at `pc` (jumps are patched, open operands filled in).
    pub fn set_instruction(&mut self, pc: usize, word: u32) {
        if let Some(slot) = self.code.get_mut(pc) {
            *slot = word;
        }
    }

    /// `close_func`'s final step: the finished prototype.
    pub fn into_proto(self) -> Proto {
        Proto {
            source: self.source,
            line_defined: self.line_defined,
            last_line_defined: self.last_line_defined,
            num_upvalues: self.upvalues.len() as u8,
            num_params: self.num_params,
            vararg: self.vararg,
            max_stack_size: self.max_stack_size as u8,
            instructions: Instruction::decode_all(&self.code),
            code: self.code,
            constants: self.constants,
            protos: self.protos,
            line_info: self.line_info,
            locals: self.locals,
            upvalue_names: self.upvalue_names,
        }
    }
}

/// Whether `op` is a test whose following instruction is its jump (5.1's `testTMode`).
pub fn is_test(op: Option<OpCode>) -> bool {
    op.is_some_and(|op| op.info().test)
}
