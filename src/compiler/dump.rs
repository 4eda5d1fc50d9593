//! Writing `Proto`s as Lua 5.1 binary chunks (ldump.c's job, for `string.dump`), in this
//! platform's format — the one `undump` reads and luac5.1 writes: little-endian, 4-byte int,
//! 8-byte size_t, 4-byte instructions, 8-byte doubles. A child function whose source is its
//! parent's stores no source, as 5.1 does.

use super::proto::{Constant, Proto};
use super::undump::HEADER;

/// The binary chunk of `proto` and its children.
pub fn dump(proto: &Proto) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    function(&mut out, proto, None);
    out
}

fn int(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

/// A string: its size counting a trailing NUL, the bytes, the NUL; None is size 0.
fn string(out: &mut Vec<u8>, s: Option<&[u8]>) {
    match s {
        None => out.extend_from_slice(&0u64.to_le_bytes()),
        Some(bytes) => {
            out.extend_from_slice(&(bytes.len() as u64 + 1).to_le_bytes());
            out.extend_from_slice(bytes);
            out.push(0);
        }
    }
}

fn function(out: &mut Vec<u8>, f: &Proto, parent_source: Option<&[u8]>) {
    let source: &[u8] = &f.source;
    string(out, (parent_source != Some(source)).then_some(source));
    out.extend_from_slice(&f.line_defined.to_le_bytes());
    out.extend_from_slice(&f.last_line_defined.to_le_bytes());
    out.extend_from_slice(&[f.num_upvalues, f.num_params, f.vararg, f.max_stack_size]);
    int(out, f.code.len());
    for word in &f.code {
        out.extend_from_slice(&word.to_le_bytes());
    }
    int(out, f.constants.len());
    for constant in &f.constants {
        match constant {
            Constant::Nil => out.push(0),
            Constant::Boolean(b) => out.extend_from_slice(&[1, u8::from(*b)]),
            Constant::Number(n) => {
                out.push(3);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Constant::String(s) => {
                out.push(4);
                string(out, Some(s));
            }
        }
    }
    int(out, f.protos.len());
    for child in &f.protos {
        function(out, child, Some(source));
    }
    int(out, f.line_info.len());
    for line in &f.line_info {
        out.extend_from_slice(&line.to_le_bytes());
    }
    int(out, f.locals.len());
    for local in &f.locals {
        string(out, Some(&local.name));
        int(out, local.start_pc as usize);
        int(out, local.end_pc as usize);
    }
    int(out, f.upvalue_names.len());
    for name in &f.upvalue_names {
        string(out, Some(name));
    }
}
