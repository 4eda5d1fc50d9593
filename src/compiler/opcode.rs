//! The 38 Lua 5.1 opcodes: one table giving each its name, instruction format and operand
//! modes (lopcodes.c's job), and the 32-bit encoding (lopcodes.h): 6 bits of opcode, A in 8
//! bits, C and B in 9 bits each, or Bx / signed sBx in the 18 bits above A.

/// Instruction formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Abc,
    Abx,
    AsBx,
}

/// How an operand is used (`OpArgMask`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand {
    /// Not used.
    Unused,
    /// Used as a plain number.
    Used,
    /// A register or a jump offset.
    Register,
    /// A constant index, or a register or constant (`RK`).
    Constant,
}

/// One row of the opcode table.
#[derive(Debug, Clone, Copy)]
pub struct OpInfo {
    pub name: &'static str,
    pub format: Format,
    pub b: Operand,
    pub c: Operand,
    /// The instruction writes register A.
    pub sets_a: bool,
    /// The next instruction is a jump taken or skipped by this test.
    pub test: bool,
}

const fn op(
    name: &'static str,
    test: bool,
    sets_a: bool,
    b: Operand,
    c: Operand,
    format: Format,
) -> OpInfo {
    OpInfo {
        name,
        format,
        b,
        c,
        sets_a,
        test,
    }
}

use Format::{Abc, Abx, AsBx};
use Operand::{Constant as K, Register as R, Unused as N, Used as U};

/// The opcodes in their 5.1 numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum OpCode {
    Move,
    LoadK,
    LoadBool,
    LoadNil,
    GetUpval,
    GetGlobal,
    GetTable,
    SetGlobal,
    SetUpval,
    SetTable,
    NewTable,
    SelfOp,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
    Not,
    Len,
    Concat,
    Jmp,
    Eq,
    Lt,
    Le,
    Test,
    TestSet,
    Call,
    TailCall,
    Return,
    ForLoop,
    ForPrep,
    TForLoop,
    SetList,
    Close,
    Closure,
    VarArg,
}

/// Every opcode, indexed by its number.
pub const OPCODES: [OpCode; 38] = {
    use OpCode::*;
    [
        Move, LoadK, LoadBool, LoadNil, GetUpval, GetGlobal, GetTable, SetGlobal, SetUpval,
        SetTable, NewTable, SelfOp, Add, Sub, Mul, Div, Mod, Pow, Unm, Not, Len, Concat, Jmp, Eq,
        Lt, Le, Test, TestSet, Call, TailCall, Return, ForLoop, ForPrep, TForLoop, SetList, Close,
        Closure, VarArg,
    ]
};

/// The opcode table, in opcode order.
pub const OP_INFO: [OpInfo; 38] = [
    op("MOVE", false, true, R, N, Abc),
    op("LOADK", false, true, K, N, Abx),
    op("LOADBOOL", false, true, U, U, Abc),
    op("LOADNIL", false, true, R, N, Abc),
    op("GETUPVAL", false, true, U, N, Abc),
    op("GETGLOBAL", false, true, K, N, Abx),
    op("GETTABLE", false, true, R, K, Abc),
    op("SETGLOBAL", false, false, K, N, Abx),
    op("SETUPVAL", false, false, U, N, Abc),
    op("SETTABLE", false, false, K, K, Abc),
    op("NEWTABLE", false, true, U, U, Abc),
    op("SELF", false, true, R, K, Abc),
    op("ADD", false, true, K, K, Abc),
    op("SUB", false, true, K, K, Abc),
    op("MUL", false, true, K, K, Abc),
    op("DIV", false, true, K, K, Abc),
    op("MOD", false, true, K, K, Abc),
    op("POW", false, true, K, K, Abc),
    op("UNM", false, true, R, N, Abc),
    op("NOT", false, true, R, N, Abc),
    op("LEN", false, true, R, N, Abc),
    op("CONCAT", false, true, R, R, Abc),
    op("JMP", false, false, R, N, AsBx),
    op("EQ", true, false, K, K, Abc),
    op("LT", true, false, K, K, Abc),
    op("LE", true, false, K, K, Abc),
    op("TEST", true, true, R, U, Abc),
    op("TESTSET", true, true, R, U, Abc),
    op("CALL", false, true, U, U, Abc),
    op("TAILCALL", false, true, U, U, Abc),
    op("RETURN", false, false, U, N, Abc),
    op("FORLOOP", false, true, R, N, AsBx),
    op("FORPREP", false, true, R, N, AsBx),
    op("TFORLOOP", true, false, N, U, Abc),
    op("SETLIST", false, false, U, U, Abc),
    op("CLOSE", false, false, N, N, Abc),
    op("CLOSURE", false, true, U, N, Abx),
    op("VARARG", false, true, U, N, Abc),
];

impl OpCode {
    /// The opcode of a number, if it is one.
    pub fn from_number(number: u32) -> Option<OpCode> {
        OPCODES.get(number as usize).copied()
    }

    pub fn info(self) -> &'static OpInfo {
        &OP_INFO[self as usize]
    }
}

/// Largest Bx; sBx is stored as Bx minus half of it.
pub const MAX_BX: u32 = (1 << 18) - 1;
pub const MAX_SBX: i32 = (MAX_BX >> 1) as i32;
/// Bit 8 of a B or C operand marks a constant index (`BITRK`).
pub const RK_CONSTANT: u32 = 1 << 8;
/// `LFIELDS_PER_FLUSH`: SETLIST stores table items in batches of this size.
pub const FIELDS_PER_FLUSH: u32 = 50;

/// An encoded instruction's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    pub op: u32,
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub bx: u32,
    pub sbx: i32,
}

/// Splits an instruction word into every field (the format decides which are meaningful).
pub fn fields(word: u32) -> Fields {
    let bx = word >> 14;
    Fields {
        op: word & 0x3f,
        a: (word >> 6) & 0xff,
        c: (word >> 14) & 0x1ff,
        b: word >> 23,
        bx,
        sbx: bx as i32 - MAX_SBX,
    }
}

/// Encodes an iABC instruction.
pub fn encode_abc(op: OpCode, a: u32, b: u32, c: u32) -> u32 {
    (op as u32) | (a << 6) | (c << 14) | (b << 23)
}

/// Encodes an iABx instruction.
pub fn encode_abx(op: OpCode, a: u32, bx: u32) -> u32 {
    (op as u32) | (a << 6) | (bx << 14)
}

/// Encodes an iAsBx instruction.
pub fn encode_asbx(op: OpCode, a: u32, sbx: i32) -> u32 {
    encode_abx(op, a, (sbx + MAX_SBX) as u32)
}

/// `luaO_int2fb`: a table size as NEWTABLE stores it, a "floating point byte" `eeeeexxx`
/// meaning `(1xxx) * 2^(eeeee-1)` (rounded up), or `x` itself below 8.
pub fn int_to_fb(mut x: u32) -> u32 {
    let mut e = 0;
    while x >= 16 {
        x = (x + 1) >> 1;
        e += 1;
    }
    if x < 8 {
        x
    } else {
        ((e + 1) << 3) | (x - 8)
    }
}

/// `luaO_fb2int`: the size a NEWTABLE operand stands for.
pub fn fb_to_int(x: u32) -> u64 {
    let e = (x >> 3) & 31;
    if e == 0 {
        u64::from(x)
    } else {
        (u64::from(x & 7) + 8) << (e - 1)
    }
}

/// The opcode of an instruction word, if it is one.
pub fn opcode_of(word: u32) -> Option<OpCode> {
    OpCode::from_number(word & 0x3f)
}

/// `word` with its opcode replaced.
pub fn with_op(word: u32, op: OpCode) -> u32 {
    (word & !0x3f) | op as u32
}

/// `word` with its A field replaced.
pub fn with_a(word: u32, a: u32) -> u32 {
    (word & !(0xff << 6)) | ((a & 0xff) << 6)
}

/// `word` with its B field replaced.
pub fn with_b(word: u32, b: u32) -> u32 {
    (word & !(0x1ff << 23)) | ((b & 0x1ff) << 23)
}

/// `word` with its C field replaced.
pub fn with_c(word: u32, c: u32) -> u32 {
    (word & !(0x1ff << 14)) | ((c & 0x1ff) << 14)
}

/// `word` with its sBx field replaced.
pub fn with_sbx(word: u32, sbx: i32) -> u32 {
    (word & 0x3fff) | ((((sbx + MAX_SBX) as u32) & MAX_BX) << 14)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_numbering_agree() {
        for (number, code) in OPCODES.iter().enumerate() {
            assert_eq!(*code as usize, number);
            assert_eq!(OpCode::from_number(number as u32), Some(*code));
        }
        assert_eq!(OpCode::VarArg.info().name, "VARARG");
        assert_eq!(OpCode::from_number(38), None);
    }

    #[test]
    fn encoding_round_trips() {
        let word = encode_abc(OpCode::Add, 3, RK_CONSTANT | 7, 511);
        let f = fields(word);
        assert_eq!((f.op, f.a, f.b, f.c), (OpCode::Add as u32, 3, 263, 511));
        let jump = fields(encode_asbx(OpCode::Jmp, 0, -5));
        assert_eq!(jump.sbx, -5);
        let patched = with_c(with_b(with_a(word, 9), 2), 300);
        let f = fields(patched);
        assert_eq!((f.op, f.a, f.b, f.c), (OpCode::Add as u32, 9, 2, 300));
        assert_eq!(
            fields(with_sbx(encode_asbx(OpCode::Jmp, 0, -1), 77)).sbx,
            77
        );
        assert_eq!(opcode_of(with_op(word, OpCode::Sub)), Some(OpCode::Sub));
    }

    #[test]
    fn table_sizes_round_up_through_float_bytes() {
        for (n, fb) in [
            (0, 0),
            (7, 7),
            (8, 8),
            (15, 15),
            (16, 16),
            (17, 17),
            (50, 29),
            (100, 37),
        ] {
            assert_eq!(int_to_fb(n), fb, "int2fb({n})");
            assert!(fb_to_int(fb) >= u64::from(n));
        }
    }
}
