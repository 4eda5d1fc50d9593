//! Arithmetic as 5.1 does it: strings that read as numbers take part (`"10" + 1`), `%` is
//! floored (`a - floor(a/b)*b`), `^` is C's `pow`; and the number <-> string coercions that
//! concatenation and arithmetic use.

use super::heap::Heap;
use super::value::Value;
use crate::compiler::instruction::Instruction;
use crate::number::{number_to_string, str_to_number};

/// `luaV_tonumber`: the number a value stands for in arithmetic, if any.
pub fn to_number(heap: &Heap, value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => Some(*n),
        Value::String(s) => str_to_number(heap.bytes_of(*s)),
        _ => None,
    }
}

/// The arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
}

impl ArithOp {
    pub fn of(instruction: &Instruction) -> Option<ArithOp> {
        Some(match instruction {
            Instruction::Add { .. } => ArithOp::Add,
            Instruction::Sub { .. } => ArithOp::Sub,
            Instruction::Mul { .. } => ArithOp::Mul,
            Instruction::Div { .. } => ArithOp::Div,
            Instruction::Mod { .. } => ArithOp::Mod,
            Instruction::Pow { .. } => ArithOp::Pow,
            Instruction::Unm { .. } => ArithOp::Unm,
            _ => return None,
        })
    }

    pub fn event(self) -> super::metamethod::Event {
        use super::metamethod::Event;
        match self {
            ArithOp::Add => Event::Add,
            ArithOp::Sub => Event::Sub,
            ArithOp::Mul => Event::Mul,
            ArithOp::Div => Event::Div,
            ArithOp::Mod => Event::Mod,
            ArithOp::Pow => Event::Pow,
            ArithOp::Unm => Event::Unm,
        }
    }
}

/// `luai_num*`: the operation on two numbers.
pub fn arith(op: ArithOp, a: f64, b: f64) -> f64 {
    match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div => a / b,
        ArithOp::Mod => a - (a / b).floor() * b,
        ArithOp::Pow => a.powf(b),
        ArithOp::Unm => -a,
    }
}

/// The bytes a value contributes to `..`: strings as they are, numbers as `%.14g`.
pub fn concat_piece(heap: &Heap, value: &Value, out: &mut Vec<u8>) -> bool {
    match value {
        Value::String(s) => {
            out.extend_from_slice(heap.bytes_of(*s));
            true
        }
        Value::Number(n) => {
            out.extend_from_slice(number_to_string(*n).as_bytes());
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulo_is_floored() {
        assert_eq!(arith(ArithOp::Mod, -5.0, 3.0), 1.0);
        assert_eq!(arith(ArithOp::Mod, 5.0, -3.0), -1.0);
        assert!(arith(ArithOp::Mod, 1.0, 0.0).is_nan());
    }
}
