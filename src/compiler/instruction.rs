//! Instructions decoded into named fields (piccolo's style): what the VM dispatches on in one
//! `match`, so operands are read once, at load time, instead of being shifted out of a word on
//! every execution. `Proto::code` keeps 5.1's encoded words for listings and dumps; this is
//! the same program, one entry per code word.

use super::opcode::{fields, opcode_of, OpCode, RK_CONSTANT};

/// A B or C operand that names either a register or (bit 8 set) a constant. Kept as the
/// 9-bit operand itself so instructions stay 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rk(u16);

impl Rk {
    fn decode(operand: u32) -> Rk {
        Rk((operand & 0x1ff) as u16)
    }

    /// The constant's index, if the operand names a constant.
    pub fn constant(self) -> Option<usize> {
        (u32::from(self.0) & RK_CONSTANT != 0).then_some(usize::from(self.0 & 0xff))
    }

    /// The register, when the operand names one.
    pub fn register(self) -> u8 {
        self.0 as u8
    }
}

/// One decoded instruction. Counts keep 5.1's encoding where it has one: `args`, `results` and
/// `count` are the operand as stored, so 0 means "up to the top" and n means n-1 values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Instruction {
    Move {
        a: u8,
        b: u8,
    },
    LoadK {
        a: u8,
        constant: u32,
    },
    LoadBool {
        a: u8,
        value: bool,
        skip: bool,
    },
    LoadNil {
        a: u8,
        last: u8,
    },
    GetUpval {
        a: u8,
        upvalue: u8,
    },
    GetGlobal {
        a: u8,
        name: u32,
    },
    GetTable {
        a: u8,
        table: u8,
        key: Rk,
    },
    SetGlobal {
        a: u8,
        name: u32,
    },
    SetUpval {
        a: u8,
        upvalue: u8,
    },
    SetTable {
        a: u8,
        key: Rk,
        value: Rk,
    },
    /// Size hints as 5.1 encodes them ("floating point bytes": see `opcode::fb_to_int`).
    NewTable {
        a: u8,
        array: u16,
        hash: u16,
    },
    SelfOp {
        a: u8,
        object: u8,
        key: Rk,
    },
    Add {
        a: u8,
        b: Rk,
        c: Rk,
    },
    Sub {
        a: u8,
        b: Rk,
        c: Rk,
    },
    Mul {
        a: u8,
        b: Rk,
        c: Rk,
    },
    Div {
        a: u8,
        b: Rk,
        c: Rk,
    },
    Mod {
        a: u8,
        b: Rk,
        c: Rk,
    },
    Pow {
        a: u8,
        b: Rk,
        c: Rk,
    },
    Unm {
        a: u8,
        b: u8,
    },
    Not {
        a: u8,
        b: u8,
    },
    Len {
        a: u8,
        b: u8,
    },
    Concat {
        a: u8,
        first: u8,
        last: u8,
    },
    Jmp {
        offset: i32,
    },
    /// Comparisons skip the next instruction unless the result equals `expect`.
    Eq {
        expect: bool,
        b: Rk,
        c: Rk,
    },
    Lt {
        expect: bool,
        b: Rk,
        c: Rk,
    },
    Le {
        expect: bool,
        b: Rk,
        c: Rk,
    },
    Test {
        a: u8,
        expect: bool,
    },
    TestSet {
        a: u8,
        b: u8,
        expect: bool,
    },
    Call {
        a: u8,
        args: u16,
        results: u16,
    },
    TailCall {
        a: u8,
        args: u16,
    },
    Return {
        a: u8,
        count: u16,
    },
    ForLoop {
        a: u8,
        offset: i32,
    },
    ForPrep {
        a: u8,
        offset: i32,
    },
    TForLoop {
        a: u8,
        results: u16,
    },
    /// `batch` is the 1-based batch number (already read from the extra word when C is 0);
    /// `count` fits a byte because verified code keeps `a + count` below 250.
    SetList {
        a: u8,
        count: u8,
        batch: u32,
    },
    Close {
        a: u8,
    },
    Closure {
        a: u8,
        proto: u32,
    },
    VarArg {
        a: u8,
        count: u16,
    },
    /// A word that is not an instruction: a SETLIST's batch number, or a bad opcode (the
    /// verifier refuses those in loaded code, and the compiler never emits them).
    Data(u32),
}

impl Instruction {
    /// Decodes the word at `pc` of `code` (the next word too, for a SETLIST whose C is 0).
    pub fn decode(code: &[u32], pc: usize) -> Instruction {
        let word = code.get(pc).copied().unwrap_or(0);
        let x = fields(word);
        let a = x.a as u8;
        let (b, c) = (x.b as u8, x.c as u8);
        let (rb, rc) = (Rk::decode(x.b), Rk::decode(x.c));
        let Some(op) = opcode_of(word) else {
            return Instruction::Data(word);
        };
        match op {
            OpCode::Move => Instruction::Move { a, b },
            OpCode::LoadK => Instruction::LoadK { a, constant: x.bx },
            OpCode::LoadBool => Instruction::LoadBool {
                a,
                value: x.b != 0,
                skip: x.c != 0,
            },
            OpCode::LoadNil => Instruction::LoadNil { a, last: b },
            OpCode::GetUpval => Instruction::GetUpval { a, upvalue: b },
            OpCode::GetGlobal => Instruction::GetGlobal { a, name: x.bx },
            OpCode::GetTable => Instruction::GetTable {
                a,
                table: b,
                key: rc,
            },
            OpCode::SetGlobal => Instruction::SetGlobal { a, name: x.bx },
            OpCode::SetUpval => Instruction::SetUpval { a, upvalue: b },
            OpCode::SetTable => Instruction::SetTable {
                a,
                key: rb,
                value: rc,
            },
            OpCode::NewTable => Instruction::NewTable {
                a,
                array: x.b as u16,
                hash: x.c as u16,
            },
            OpCode::SelfOp => Instruction::SelfOp {
                a,
                object: b,
                key: rc,
            },
            OpCode::Add => Instruction::Add { a, b: rb, c: rc },
            OpCode::Sub => Instruction::Sub { a, b: rb, c: rc },
            OpCode::Mul => Instruction::Mul { a, b: rb, c: rc },
            OpCode::Div => Instruction::Div { a, b: rb, c: rc },
            OpCode::Mod => Instruction::Mod { a, b: rb, c: rc },
            OpCode::Pow => Instruction::Pow { a, b: rb, c: rc },
            OpCode::Unm => Instruction::Unm { a, b },
            OpCode::Not => Instruction::Not { a, b },
            OpCode::Len => Instruction::Len { a, b },
            OpCode::Concat => Instruction::Concat {
                a,
                first: b,
                last: c,
            },
            OpCode::Jmp => Instruction::Jmp { offset: x.sbx },
            OpCode::Eq => Instruction::Eq {
                expect: x.a != 0,
                b: rb,
                c: rc,
            },
            OpCode::Lt => Instruction::Lt {
                expect: x.a != 0,
                b: rb,
                c: rc,
            },
            OpCode::Le => Instruction::Le {
                expect: x.a != 0,
                b: rb,
                c: rc,
            },
            OpCode::Test => Instruction::Test {
                a,
                expect: x.c != 0,
            },
            OpCode::TestSet => Instruction::TestSet {
                a,
                b,
                expect: x.c != 0,
            },
            OpCode::Call => Instruction::Call {
                a,
                args: x.b as u16,
                results: x.c as u16,
            },
            OpCode::TailCall => Instruction::TailCall {
                a,
                args: x.b as u16,
            },
            OpCode::Return => Instruction::Return {
                a,
                count: x.b as u16,
            },
            OpCode::ForLoop => Instruction::ForLoop { a, offset: x.sbx },
            OpCode::ForPrep => Instruction::ForPrep { a, offset: x.sbx },
            OpCode::TForLoop => Instruction::TForLoop {
                a,
                results: x.c as u16,
            },
            OpCode::SetList => Instruction::SetList {
                a,
                count: x.b as u8,
                batch: if x.c == 0 {
                    code.get(pc + 1).copied().unwrap_or(0)
                } else {
                    x.c
                },
            },
            OpCode::Close => Instruction::Close { a },
            OpCode::Closure => Instruction::Closure { a, proto: x.bx },
            OpCode::VarArg => Instruction::VarArg {
                a,
                count: x.b as u16,
            },
        }
    }

    /// Decodes a whole function's code, one entry per word (a SETLIST batch word becomes
    /// `Data`, so pcs and jump offsets stay those of the listing).
    pub fn decode_all(code: &[u32]) -> Vec<Instruction> {
        let mut decoded = Vec::with_capacity(code.len());
        let mut pc = 0;
        while pc < code.len() {
            let instruction = Instruction::decode(code, pc);
            decoded.push(instruction);
            if let Instruction::SetList { .. } = instruction {
                if fields(code[pc]).c == 0 && pc + 1 < code.len() {
                    pc += 1;
                    decoded.push(Instruction::Data(code[pc]));
                }
            }
            pc += 1;
        }
        decoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::compile;

    #[test]
    fn instructions_stay_small() {
        assert!(std::mem::size_of::<Instruction>() <= 8);
    }

    #[test]
    fn decoding_keeps_one_entry_per_word() {
        let source = format!("local t = {{{}1}}", "nil,".repeat(25600));
        let proto = compile(source.as_bytes(), b"=t", 1).expect("compiles");
        let decoded = Instruction::decode_all(&proto.code);
        assert_eq!(decoded.len(), proto.code.len());
        let extra = decoded
            .iter()
            .position(|i| matches!(i, Instruction::SetList { batch: 513, .. }))
            .expect("the 513th batch");
        assert!(matches!(decoded[extra + 1], Instruction::Data(513)));
        assert!(matches!(
            Instruction::decode(&proto.code, 0),
            Instruction::NewTable { a: 0, .. }
        ));
    }
}
