//! The `luac5.1 -l -l` listing of a `Proto` tree (print.c's job): a header per function, its
//! code with operands and comments, then its constants, locals and upvalues. Pointer addresses,
//! which differ between runs anyway, are numbered per function in the order luac prints them.

use super::opcode::{fields, Format, OpCode, Operand, RK_CONSTANT};
use super::proto::{Constant, Proto};
use crate::number::number_to_string;
use std::fmt::Write;

/// The listing of `proto` and its children, as `luac -l -l` prints it (`full` is the second
/// `-l`: constants, locals and upvalues).
pub fn listing(proto: &Proto, full: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut next_address = 1;
    print_function(&mut out, proto, full, &mut next_address);
    out
}

/// A stand-in for the `%p` of a function: stable within one listing.
fn address(id: usize) -> String {
    format!("0x{:08x}", 0x1000 * id)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_function(out: &mut Vec<u8>, f: &Proto, full: bool, next_address: &mut usize) {
    let id = *next_address;
    *next_address += 1;
    print_header(out, f, id);
    // CLOSURE comments name children before they are printed.
    let child_ids = child_addresses(f, *next_address);
    print_code(out, f, &child_ids);
    if full {
        print_constants(out, f, id);
        print_locals(out, f, id);
        print_upvalues(out, f, id);
    }
    for child in &f.protos {
        print_function(out, child, full, next_address);
    }
}

/// The ids each child will get: children are printed depth first, so a child's id is the
/// next id plus the sizes of the subtrees printed before it.
fn child_addresses(f: &Proto, first: usize) -> Vec<usize> {
    let mut ids = Vec::with_capacity(f.protos.len());
    let mut next = first;
    for child in &f.protos {
        ids.push(next);
        next += subtree_size(child);
    }
    ids
}

fn subtree_size(f: &Proto) -> usize {
    1 + f.protos.iter().map(|c| subtree_size(c)).sum::<usize>()
}

fn print_header(out: &mut Vec<u8>, f: &Proto, id: usize) {
    let source: Vec<u8> = match f.source.first() {
        Some(b'@' | b'=') => f.source[1..].to_vec(),
        Some(0x1b) => b"(bstring)".to_vec(),
        _ => b"(string)".to_vec(),
    };
    let kind = if f.line_defined == 0 {
        "main"
    } else {
        "function"
    };
    out.extend_from_slice(b"\n");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b" <");
    out.extend_from_slice(until_nul(&source));
    let n = f.code.len();
    let mut text = String::new();
    let _ = writeln!(
        text,
        ":{},{}> ({} instruction{}, {} bytes at {})",
        f.line_defined,
        f.last_line_defined,
        n,
        plural(n),
        n * 4,
        address(id)
    );
    let params = usize::from(f.num_params);
    let _ = write!(
        text,
        "{}{} param{}, {} slot{}, {} upvalue{}, ",
        params,
        if f.vararg != 0 { "+" } else { "" },
        plural(params),
        f.max_stack_size,
        plural(usize::from(f.max_stack_size)),
        f.num_upvalues,
        plural(usize::from(f.num_upvalues)),
    );
    let _ = writeln!(
        text,
        "{} local{}, {} constant{}, {} function{}",
        f.locals.len(),
        plural(f.locals.len()),
        f.constants.len(),
        plural(f.constants.len()),
        f.protos.len(),
        plural(f.protos.len()),
    );
    out.extend_from_slice(text.as_bytes());
}

/// C's `%s` stops at a NUL.
fn until_nul(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}

/// A constant as print.c shows it: strings quoted with C-style escapes.
fn constant_text(out: &mut Vec<u8>, constant: Option<&Constant>) {
    match constant {
        Some(Constant::Nil) => out.extend_from_slice(b"nil"),
        Some(Constant::Boolean(b)) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Some(Constant::Number(n)) => out.extend_from_slice(number_to_string(*n).as_bytes()),
        Some(Constant::String(s)) => quoted(out, s),
        None => out.extend_from_slice(b"?"),
    }
}

fn quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x07 => out.extend_from_slice(b"\\a"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x0b => out.extend_from_slice(b"\\v"),
            c if (0x20..0x7f).contains(&c) => out.push(c),
            c => out.extend_from_slice(format!("\\{c:03}").as_bytes()),
        }
    }
    out.push(b'"');
}

/// An RK operand: a constant prints as `-1-index`.
fn rk(value: u32) -> i64 {
    if value & RK_CONSTANT != 0 {
        -1 - i64::from(value & !RK_CONSTANT)
    } else {
        i64::from(value)
    }
}

fn print_code(out: &mut Vec<u8>, f: &Proto, child_ids: &[usize]) {
    let mut pc = 0;
    while pc < f.code.len() {
        let word = f.code[pc];
        let x = fields(word);
        let line = f.line_at(pc);
        let mut text = format!("\t{}\t", pc + 1);
        if line > 0 {
            let _ = write!(text, "[{line}]\t");
        } else {
            text.push_str("[-]\t");
        }
        let Some(op) = OpCode::from_number(x.op) else {
            let _ = writeln!(text, "?{}", x.op);
            out.extend_from_slice(text.as_bytes());
            pc += 1;
            continue;
        };
        let info = op.info();
        let _ = write!(text, "{:<9}\t", info.name);
        match info.format {
            Format::Abc => {
                let _ = write!(text, "{}", x.a);
                if info.b != Operand::Unused {
                    let _ = write!(text, " {}", rk(x.b));
                }
                if info.c != Operand::Unused {
                    let _ = write!(text, " {}", rk(x.c));
                }
            }
            Format::Abx if info.b == Operand::Constant => {
                let _ = write!(text, "{} {}", x.a, -1 - i64::from(x.bx));
            }
            Format::Abx => {
                let _ = write!(text, "{} {}", x.a, x.bx);
            }
            Format::AsBx if op == OpCode::Jmp => {
                let _ = write!(text, "{}", x.sbx);
            }
            Format::AsBx => {
                let _ = write!(text, "{} {}", x.a, x.sbx);
            }
        }
        out.extend_from_slice(text.as_bytes());
        let k = |index: u32| f.constants.get(index as usize);
        match op {
            OpCode::LoadK => {
                out.extend_from_slice(b"\t; ");
                constant_text(out, k(x.bx));
            }
            OpCode::GetUpval | OpCode::SetUpval => {
                out.extend_from_slice(b"\t; ");
                match f.upvalue_names.get(x.b as usize) {
                    Some(name) if !f.upvalue_names.is_empty() => {
                        out.extend_from_slice(until_nul(name))
                    }
                    _ => out.push(b'-'),
                }
            }
            OpCode::GetGlobal | OpCode::SetGlobal => {
                out.extend_from_slice(b"\t; ");
                if let Some(Constant::String(name)) = k(x.bx) {
                    out.extend_from_slice(until_nul(name));
                }
            }
            OpCode::GetTable | OpCode::SelfOp if x.c & RK_CONSTANT != 0 => {
                out.extend_from_slice(b"\t; ");
                constant_text(out, k(x.c & !RK_CONSTANT));
            }
            OpCode::SetTable
            | OpCode::Add
            | OpCode::Sub
            | OpCode::Mul
            | OpCode::Div
            | OpCode::Pow
            | OpCode::Eq
            | OpCode::Lt
            | OpCode::Le
                if (x.b | x.c) & RK_CONSTANT != 0 =>
            {
                out.extend_from_slice(b"\t; ");
                for (i, operand) in [x.b, x.c].into_iter().enumerate() {
                    if i == 1 {
                        out.push(b' ');
                    }
                    if operand & RK_CONSTANT != 0 {
                        constant_text(out, k(operand & !RK_CONSTANT));
                    } else {
                        out.push(b'-');
                    }
                }
            }
            OpCode::Jmp | OpCode::ForLoop | OpCode::ForPrep => {
                let target = x.sbx as i64 + pc as i64 + 2;
                out.extend_from_slice(format!("\t; to {target}").as_bytes());
            }
            OpCode::Closure => {
                let id = child_ids.get(x.bx as usize).copied().unwrap_or(0);
                out.extend_from_slice(format!("\t; {}", address(id)).as_bytes());
            }
            OpCode::SetList => {
                if x.c == 0 {
                    pc += 1;
                    let batch = f.code.get(pc).copied().unwrap_or(0) as i32;
                    out.extend_from_slice(format!("\t; {batch}").as_bytes());
                } else {
                    out.extend_from_slice(format!("\t; {}", x.c).as_bytes());
                }
            }
            _ => {}
        }
        out.push(b'\n');
        pc += 1;
    }
}

fn print_constants(out: &mut Vec<u8>, f: &Proto, id: usize) {
    out.extend_from_slice(
        format!("constants ({}) for {}:\n", f.constants.len(), address(id)).as_bytes(),
    );
    for (i, constant) in f.constants.iter().enumerate() {
        out.extend_from_slice(format!("\t{}\t", i + 1).as_bytes());
        constant_text(out, Some(constant));
        out.push(b'\n');
    }
}

fn print_locals(out: &mut Vec<u8>, f: &Proto, id: usize) {
    out.extend_from_slice(format!("locals ({}) for {}:\n", f.locals.len(), address(id)).as_bytes());
    for (i, local) in f.locals.iter().enumerate() {
        out.extend_from_slice(format!("\t{i}\t").as_bytes());
        out.extend_from_slice(until_nul(&local.name));
        out.extend_from_slice(
            format!("\t{}\t{}\n", local.start_pc + 1, local.end_pc + 1).as_bytes(),
        );
    }
}

fn print_upvalues(out: &mut Vec<u8>, f: &Proto, id: usize) {
    out.extend_from_slice(
        format!(
            "upvalues ({}) for {}:\n",
            f.upvalue_names.len(),
            address(id)
        )
        .as_bytes(),
    );
    for (i, name) in f.upvalue_names.iter().enumerate() {
        out.extend_from_slice(format!("\t{i}\t").as_bytes());
        out.extend_from_slice(until_nul(name));
        out.push(b'\n');
    }
}
