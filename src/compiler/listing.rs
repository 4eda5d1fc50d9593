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

/// A local variable row: name and live pcs (from 1, as luac prints them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalRow {
    #[serde(serialize_with = "bytes_as_text")]
    pub name: Vec<u8>,
    pub start_pc: u32,
    pub end_pc: u32,
}

/// One function of a listing, as structured data (what the playground's bytecode pane shows).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionListing {
    /// The function's number in the listing (its stand-in address).
    pub id: usize,
    pub line_defined: i32,
    pub last_line_defined: i32,
    pub params: u8,
    pub is_vararg: bool,
    pub max_stack_size: u8,
    pub instructions: Vec<InstructionRow>,
    /// Constants as luac prints them (strings quoted).
    pub constants: Vec<String>,
    pub locals: Vec<LocalRow>,
    pub upvalues: Vec<String>,
}

/// Every function of `proto`'s tree, in listing order.
pub fn functions(proto: &Proto) -> Vec<FunctionListing> {
    let mut all = Vec::new();
    let mut pending = vec![(proto, 1)];
    while let Some((f, id)) = pending.pop() {
        let child_ids = child_addresses(f, id + 1);
        let constants = f
            .constants
            .iter()
            .map(|c| {
                let mut text = Vec::new();
                constant_text(&mut text, Some(c));
                String::from_utf8_lossy(&text).into_owned()
            })
            .collect();
        all.push(FunctionListing {
            id,
            line_defined: f.line_defined,
            last_line_defined: f.last_line_defined,
            params: f.num_params,
            is_vararg: f.vararg != 0,
            max_stack_size: f.max_stack_size,
            instructions: instruction_rows(f, &child_ids),
            constants,
            locals: f
                .locals
                .iter()
                .map(|l| LocalRow {
                    name: until_nul(&l.name).to_vec(),
                    start_pc: l.start_pc + 1,
                    end_pc: l.end_pc + 1,
                })
                .collect(),
            upvalues: f
                .upvalue_names
                .iter()
                .map(|n| String::from_utf8_lossy(until_nul(n)).into_owned())
                .collect(),
        });
        for (child, child_id) in f.protos.iter().zip(child_ids).rev() {
            pending.push((child, child_id));
        }
    }
    all
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

/// One instruction as luac lists it: its pc (from 1), line, opcode name, operands as printed
/// and the comment after `;`. A SETLIST's extra batch word is part of its row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InstructionRow {
    pub pc: usize,
    pub line: i32,
    pub name: String,
    pub operands: String,
    #[serde(serialize_with = "bytes_as_text")]
    pub comment: Vec<u8>,
    /// Whether luac prints a `;` comment (possibly empty) for this opcode.
    #[serde(skip)]
    pub commented: bool,
}

/// Rows go to JavaScript as text; bytes that are not UTF-8 are shown lossily there.
fn bytes_as_text<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&String::from_utf8_lossy(bytes))
}

/// The rows of `f`'s code; `child_ids` number the children CLOSURE comments point at.
pub fn instruction_rows(f: &Proto, child_ids: &[usize]) -> Vec<InstructionRow> {
    let mut rows = Vec::with_capacity(f.code.len());
    let mut pc = 0;
    while pc < f.code.len() {
        let (row, width) = instruction_row(f, pc, child_ids);
        rows.push(row);
        pc += width;
    }
    rows
}

/// The row of the instruction at `pc` and how many code words it spans.
fn instruction_row(f: &Proto, pc: usize, child_ids: &[usize]) -> (InstructionRow, usize) {
    let word = f.code.get(pc).copied().unwrap_or(0);
    let x = fields(word);
    let mut row = InstructionRow {
        pc: pc + 1,
        line: f.line_at(pc),
        name: format!("?{}", x.op),
        operands: String::new(),
        comment: Vec::new(),
        commented: false,
    };
    let Some(op) = OpCode::from_number(x.op) else {
        return (row, 1);
    };
    let info = op.info();
    row.name = info.name.to_string();
    row.operands = match info.format {
        Format::Abc => {
            let mut text = x.a.to_string();
            if info.b != Operand::Unused {
                let _ = write!(text, " {}", rk(x.b));
            }
            if info.c != Operand::Unused {
                let _ = write!(text, " {}", rk(x.c));
            }
            text
        }
        Format::Abx if info.b == Operand::Constant => format!("{} {}", x.a, -1 - i64::from(x.bx)),
        Format::Abx => format!("{} {}", x.a, x.bx),
        Format::AsBx if op == OpCode::Jmp => x.sbx.to_string(),
        Format::AsBx => format!("{} {}", x.a, x.sbx),
    };
    let mut comment = Vec::new();
    let k = |index: u32| f.constants.get(index as usize);
    let mut width = 1;
    match op {
        OpCode::LoadK => constant_text(&mut comment, k(x.bx)),
        OpCode::GetUpval | OpCode::SetUpval => match f.upvalue_names.get(x.b as usize) {
            Some(name) => comment.extend_from_slice(until_nul(name)),
            None => comment.push(b'-'),
        },
        OpCode::GetGlobal | OpCode::SetGlobal => {
            if let Some(Constant::String(name)) = k(x.bx) {
                comment.extend_from_slice(until_nul(name));
            }
        }
        OpCode::GetTable | OpCode::SelfOp if x.c & RK_CONSTANT != 0 => {
            constant_text(&mut comment, k(x.c & !RK_CONSTANT));
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
            for (i, operand) in [x.b, x.c].into_iter().enumerate() {
                if i == 1 {
                    comment.push(b' ');
                }
                if operand & RK_CONSTANT != 0 {
                    constant_text(&mut comment, k(operand & !RK_CONSTANT));
                } else {
                    comment.push(b'-');
                }
            }
        }
        OpCode::Jmp | OpCode::ForLoop | OpCode::ForPrep => {
            let target = x.sbx as i64 + pc as i64 + 2;
            comment.extend_from_slice(format!("to {target}").as_bytes());
        }
        OpCode::Closure => {
            let id = child_ids.get(x.bx as usize).copied().unwrap_or(0);
            comment.extend_from_slice(address(id).as_bytes());
        }
        OpCode::SetList if x.c == 0 => {
            width = 2;
            let batch = f.code.get(pc + 1).copied().unwrap_or(0) as i32;
            comment.extend_from_slice(batch.to_string().as_bytes());
        }
        OpCode::SetList => comment.extend_from_slice(x.c.to_string().as_bytes()),
        _ => {}
    }
    row.commented = !comment.is_empty() || matches!(op, OpCode::GetGlobal | OpCode::SetGlobal);
    row.comment = comment;
    (row, width)
}

fn print_code(out: &mut Vec<u8>, f: &Proto, child_ids: &[usize]) {
    let mut pc = 0;
    while pc < f.code.len() {
        let (row, width) = instruction_row(f, pc, child_ids);
        out.extend_from_slice(format!("\t{}\t", row.pc).as_bytes());
        if row.line > 0 {
            out.extend_from_slice(format!("[{}]\t", row.line).as_bytes());
        } else {
            out.extend_from_slice(b"[-]\t");
        }
        if row.name.starts_with('?') {
            out.extend_from_slice(row.name.as_bytes());
        } else {
            out.extend_from_slice(format!("{:<9}\t{}", row.name, row.operands).as_bytes());
            if row.commented {
                out.extend_from_slice(b"\t; ");
                out.extend_from_slice(&row.comment);
            }
        }
        out.push(b'\n');
        pc += width;
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
