//! Expression descriptors (5.1's `expdesc`): what the code generator knows about an expression
//! it has parsed but not yet placed — a constant, a variable, an instruction whose target
//! register is still open, a value in a register, or a pending conditional jump — plus the
//! lists of jumps taken when it is true or false. Also the operator tables of the grammar.

/// A list of pending jumps, threaded through their own offset fields; `None` is the empty list.
pub type JumpList = Option<usize>;

/// Where an expression's value is, or how to get it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExpKind {
    /// No value (an empty argument list, or the end of an expression list).
    Void,
    Nil,
    True,
    False,
    /// Constant number `n` of the constant table.
    Constant(u32),
    /// A numeral not yet in the constant table (it may still fold).
    Number(f64),
    /// A local variable in register `n`.
    Local(u32),
    /// Upvalue number `n`.
    Upvalue(u32),
    /// A global whose name is constant `n`.
    Global(u32),
    /// `table[key]`: the table in a register, the key as an RK operand.
    Indexed {
        table: u32,
        key: u32,
    },
    /// A comparison whose jump is at pc `n`.
    Jump(usize),
    /// The instruction at pc `n` computes the value; its A register is not chosen yet.
    Relocatable(usize),
    /// The value is in register `n`.
    Register(u32),
    /// The call at pc `n`, its number of results still open.
    Call(usize),
    /// The VARARG at pc `n`, its number of results still open.
    VarArg(usize),
}

/// An expression: its kind and its true and false exit lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpDesc {
    pub kind: ExpKind,
    pub t: JumpList,
    pub f: JumpList,
}

impl ExpDesc {
    pub fn new(kind: ExpKind) -> ExpDesc {
        ExpDesc {
            kind,
            t: None,
            f: None,
        }
    }

    pub fn has_jumps(&self) -> bool {
        self.t != self.f
    }

    /// A numeral with no jumps: the only operand constant folding accepts.
    pub fn numeral(&self) -> Option<f64> {
        match self.kind {
            ExpKind::Number(n) if self.t.is_none() && self.f.is_none() => Some(n),
            _ => None,
        }
    }

    /// Calls and `...` can give any number of values.
    pub fn has_multiple_results(&self) -> bool {
        matches!(self.kind, ExpKind::Call(_) | ExpKind::VarArg(_))
    }

    /// The register holding the value, once it is in one.
    pub fn register(&self) -> u32 {
        match self.kind {
            ExpKind::Register(r) | ExpKind::Local(r) => r,
            _ => 0,
        }
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Minus,
    Not,
    Len,
}

/// Binary operators, in 5.1's order (the priority table follows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Concat,
    Ne,
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    /// Left and right binding priorities; `^` and `..` are right associative.
    pub fn priority(self) -> (u32, u32) {
        match self {
            BinOp::Add | BinOp::Sub => (6, 6),
            BinOp::Mul | BinOp::Div | BinOp::Mod => (7, 7),
            BinOp::Pow => (10, 9),
            BinOp::Concat => (5, 4),
            BinOp::Ne | BinOp::Eq | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => (3, 3),
            BinOp::And => (2, 2),
            BinOp::Or => (1, 1),
        }
    }
}

/// The priority of every unary operator: above all binary ones but `^`.
pub const UNARY_PRIORITY: u32 = 8;
