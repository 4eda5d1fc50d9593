//! Symbolic execution over a `Proto` (ldebug.c's `symbexec`), for two jobs: checking that a
//! function read from a binary chunk is well formed (`luaG_checkcode`, "bad code"), and naming
//! the value in a register for runtime error messages (`getobjname`: `local 'x'`,
//! `global 'f'`, `field 'y'`, `upvalue 'u'`, `method 'm'`), by finding the last instruction
//! before a pc that wrote that register.

use super::opcode::{fields, opcode_of, Format, OpCode, Operand, RK_CONSTANT};
use super::proto::{Constant, Proto, VARARG_HAS_ARG, VARARG_IS_VARARG, VARARG_NEEDS_ARG};

/// "No register": symbolic execution checks everything instead of tracing one register.
const NO_REGISTER: i64 = 255;
/// The most registers a function may use (`MAXSTACK`).
const MAX_STACK: u8 = 250;

/// `luaG_checkcode`: whether `proto`'s code is well formed (children are checked separately).
pub fn check_code(proto: &Proto) -> bool {
    execute(proto, proto.code.len(), NO_REGISTER).is_some()
}

/// How a register's value was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Local,
    Global,
    Field,
    Upvalue,
    Method,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Local => "local",
            NameKind::Global => "global",
            NameKind::Field => "field",
            NameKind::Upvalue => "upvalue",
            NameKind::Method => "method",
        }
    }
}

/// `luaF_getlocalname`: the name of the `n`th (from 1) local variable active at `pc`.
pub fn local_name(proto: &Proto, n: u32, pc: usize) -> Option<&[u8]> {
    let mut remaining = n;
    for local in proto.locals.iter() {
        if local.start_pc as usize > pc {
            break;
        }
        if pc < local.end_pc as usize {
            remaining -= 1;
            if remaining == 0 {
                return Some(&local.name);
            }
        }
    }
    None
}

/// `getobjname`: what the value in register `reg` is called at `pc`, if anything.
pub fn register_name(proto: &Proto, pc: usize, reg: u32) -> Option<(NameKind, Vec<u8>)> {
    let mut reg = reg;
    loop {
        if let Some(name) = local_name(proto, reg + 1, pc) {
            return Some((NameKind::Local, name.to_vec()));
        }
        // A failed check yields instruction 0 in C: `MOVE 0 0`, which names nothing.
        let word = execute(proto, pc, i64::from(reg)).unwrap_or(0);
        let i = fields(word);
        return match opcode_of(word)? {
            OpCode::GetGlobal => match proto.constants.get(i.bx as usize) {
                Some(Constant::String(name)) => Some((NameKind::Global, name.to_vec())),
                _ => None,
            },
            OpCode::Move if i.b < i.a => {
                reg = i.b;
                continue;
            }
            OpCode::GetTable => Some((NameKind::Field, constant_name(proto, i.c))),
            OpCode::GetUpval => {
                let name = proto
                    .upvalue_names
                    .get(i.b as usize)
                    .map_or_else(|| b"?".to_vec(), |n| n.to_vec());
                Some((NameKind::Upvalue, name))
            }
            OpCode::SelfOp => Some((NameKind::Method, constant_name(proto, i.c))),
            _ => None,
        };
    }
}

/// `kname`: a constant key's text, or `?`.
fn constant_name(proto: &Proto, rk: u32) -> Vec<u8> {
    if rk & RK_CONSTANT != 0 {
        if let Some(Constant::String(name)) = proto.constants.get((rk & !RK_CONSTANT) as usize) {
            return name.to_vec();
        }
    }
    b"?".to_vec()
}

/// `precheck`: the function's sizes agree with each other.
fn well_sized(p: &Proto) -> bool {
    p.max_stack_size <= MAX_STACK
        && u32::from(p.num_params) + u32::from(p.vararg & VARARG_HAS_ARG)
            <= u32::from(p.max_stack_size)
        && (p.vararg & VARARG_NEEDS_ARG == 0 || p.vararg & VARARG_HAS_ARG != 0)
        && p.upvalue_names.len() <= usize::from(p.num_upvalues)
        && (p.line_info.len() == p.code.len() || p.line_info.is_empty())
        && p.code.last().and_then(|&w| opcode_of(w)) == Some(OpCode::Return)
}

/// `checkopenop`: an instruction after an open call must take all values up to the top.
fn takes_open_results(word: Option<u32>) -> bool {
    let Some(word) = word else { return false };
    matches!(
        opcode_of(word),
        Some(OpCode::Call | OpCode::TailCall | OpCode::Return | OpCode::SetList)
    ) && fields(word).b == 0
}

/// `symbexec`: runs the checks over `pc < last_pc` and returns the last instruction that wrote
/// register `reg` (the final RETURN when none did), or None when the code is malformed.
fn execute(p: &Proto, last_pc: usize, reg: i64) -> Option<u32> {
    macro_rules! check {
        ($condition:expr) => {
            if !$condition {
                return None;
            }
        };
    }
    let size = p.code.len() as i64;
    let max_stack = i64::from(p.max_stack_size);
    let is_register = |r: i64| r < max_stack;
    let arg_ok = |r: i64, mode: Operand| match mode {
        Operand::Unused => r == 0,
        Operand::Used => true,
        Operand::Register => r < max_stack,
        Operand::Constant if r & i64::from(RK_CONSTANT) != 0 => {
            ((r & !i64::from(RK_CONSTANT)) as usize) < p.constants.len()
        }
        Operand::Constant => r < max_stack,
    };
    check!(well_sized(p));
    let mut last = size - 1;
    let mut pc: i64 = 0;
    while pc < last_pc as i64 {
        let word = p.code[pc as usize];
        let x = fields(word);
        let op = opcode_of(word)?;
        let info = op.info();
        let a = i64::from(x.a);
        check!(is_register(a));
        let (mut b, mut c) = match info.format {
            Format::Abc => {
                let (b, c) = (i64::from(x.b), i64::from(x.c));
                check!(arg_ok(b, info.b));
                check!(arg_ok(c, info.c));
                (b, c)
            }
            Format::Abx => {
                let b = i64::from(x.bx);
                if info.b == Operand::Constant {
                    check!((b as usize) < p.constants.len());
                }
                (b, 0)
            }
            Format::AsBx => {
                let b = i64::from(x.sbx);
                if info.b == Operand::Register {
                    let dest = pc + 1 + b;
                    check!(0 <= dest && dest < size);
                    if dest > 0 {
                        // A jump may not land on a SETLIST's batch word. A run of words that
                        // look like C=0 SETLISTs alternates instruction and data, so count it.
                        let mut j = 0;
                        while j < dest {
                            let d = p.code[(dest - 1 - j) as usize];
                            if !(opcode_of(d) == Some(OpCode::SetList) && fields(d).c == 0) {
                                break;
                            }
                            j += 1;
                        }
                        check!(j & 1 == 0);
                    }
                }
                (b, 0)
            }
        };
        if info.sets_a && a == reg {
            last = pc;
        }
        if info.test {
            check!(pc + 2 < size);
            check!(opcode_of(p.code[(pc + 1) as usize]) == Some(OpCode::Jmp));
        }
        match op {
            OpCode::LoadBool if c == 1 => {
                check!(pc + 2 < size);
                let next = p.code[(pc + 1) as usize];
                check!(opcode_of(next) != Some(OpCode::SetList) || fields(next).c != 0);
            }
            OpCode::LoadNil if a <= reg && reg <= b => last = pc,
            OpCode::GetUpval | OpCode::SetUpval => check!(b < i64::from(p.num_upvalues)),
            OpCode::GetGlobal | OpCode::SetGlobal => {
                check!(matches!(
                    p.constants.get(b as usize),
                    Some(Constant::String(_))
                ))
            }
            OpCode::SelfOp => {
                check!(is_register(a + 1));
                if reg == a + 1 {
                    last = pc;
                }
            }
            OpCode::Concat => check!(b < c),
            OpCode::TForLoop => {
                check!(c >= 1);
                check!(is_register(a + 2 + c));
                if reg >= a + 2 {
                    last = pc;
                }
            }
            OpCode::ForLoop | OpCode::ForPrep | OpCode::Jmp => {
                if op != OpCode::Jmp {
                    check!(is_register(a + 3));
                }
                let dest = pc + 1 + b;
                // Tracing one register follows forward jumps that stay before `last_pc`.
                if reg != NO_REGISTER && pc < dest && dest <= last_pc as i64 {
                    pc += b;
                }
            }
            OpCode::Call | OpCode::TailCall => {
                if b != 0 {
                    check!(is_register(a + b - 1));
                }
                c -= 1;
                if c == -1 {
                    check!(takes_open_results(p.code.get((pc + 1) as usize).copied()));
                } else if c != 0 {
                    check!(is_register(a + c - 1));
                }
                if reg >= a {
                    last = pc;
                }
            }
            OpCode::Return => {
                b -= 1;
                if b > 0 {
                    check!(is_register(a + b - 1));
                }
            }
            OpCode::SetList => {
                if b > 0 {
                    check!(is_register(a + b));
                }
                if c == 0 {
                    pc += 1;
                    check!(pc < size - 1);
                }
            }
            OpCode::Closure => {
                let child = p.protos.get(b as usize);
                check!(child.is_some());
                let upvalues = i64::from(child.map_or(0, |c| c.num_upvalues));
                check!(pc + upvalues < size);
                for j in 1..=upvalues {
                    let pseudo = opcode_of(p.code[(pc + j) as usize]);
                    check!(matches!(pseudo, Some(OpCode::GetUpval | OpCode::Move)));
                }
                if reg != NO_REGISTER {
                    pc += upvalues;
                }
            }
            OpCode::VarArg => {
                check!(p.vararg & VARARG_IS_VARARG != 0 && p.vararg & VARARG_NEEDS_ARG == 0);
                b -= 1;
                if b == -1 {
                    check!(takes_open_results(p.code.get((pc + 1) as usize).copied()));
                }
                check!(is_register(a + b - 1));
            }
            _ => {}
        }
        pc += 1;
    }
    p.code.get(last as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::compile;

    fn name_at_call(source: &str, call_index: usize) -> Option<(NameKind, String)> {
        let proto = compile(source.as_bytes(), b"=t", 1).expect("compiles");
        let pc = proto
            .code
            .iter()
            .enumerate()
            .filter(|(_, &w)| opcode_of(w) == Some(OpCode::Call))
            .nth(call_index)
            .map(|(pc, _)| pc)
            .expect("a call");
        let a = fields(proto.code[pc]).a;
        register_name(&proto, pc, a).map(|(k, n)| (k, String::from_utf8_lossy(&n).into()))
    }

    #[test]
    fn names_called_values_as_51_does() {
        let named = |s, i| name_at_call(s, i).map(|(k, n)| format!("{} '{n}'", k.as_str()));
        assert_eq!(named("f()", 0).as_deref(), Some("global 'f'"));
        assert_eq!(named("local g; g()", 0).as_deref(), Some("local 'g'"));
        assert_eq!(named("t.x.y()", 0).as_deref(), Some("field 'y'"));
        assert_eq!(named("t:m()", 0).as_deref(), Some("method 'm'"));
        assert_eq!(named("local u; (function() u() end)()", 0), None);
        assert_eq!(named("t[1]()", 0).as_deref(), Some("field '?'"));
        assert_eq!(named("(f or g)()", 0), None);
    }

    #[test]
    fn compiled_code_passes_the_checker() {
        let proto = compile(
            b"local t = {...} for i = 1, #t do t[i] = t[i] .. 'x' end",
            b"=t",
            1,
        )
        .expect("compiles");
        assert!(check_code(&proto));
        let mut broken = (*proto).clone();
        broken.code.pop();
        assert!(!check_code(&broken));
    }
}
