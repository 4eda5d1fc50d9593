//! Lua values as a debugger shows them: close to Lua source (`"text"`, `{1, 2, x = 3}`),
//! within limits of depth, entries and string length, tables on the way to themselves
//! marked as cycles. Reading only: no metamethod runs and nothing in the heap changes.

use crate::number::number_to_string;
use crate::vm::state::Vm;
use crate::vm::value::{TableRef, Value};

/// How much of a value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Tables nested deeper than this show as `{...}`.
    pub depth: usize,
    /// Entries shown per table; the rest are `...`.
    pub entries: usize,
    /// Bytes shown per string; a longer one ends in `...`.
    pub string_bytes: usize,
}

pub const DEFAULT_LIMITS: Limits = Limits {
    depth: 3,
    entries: 16,
    string_bytes: 80,
};

/// The deepest nesting shown whatever the limits say: rendering recurses, and WebAssembly's
/// stack is small.
const DEEPEST: usize = 32;

/// `value` as a debugger shows it.
pub fn render(vm: &Vm, value: Value, limits: Limits) -> String {
    let limits = Limits {
        depth: limits.depth.min(DEEPEST),
        ..limits
    };
    let mut out = Vec::new();
    let mut path = Vec::new();
    render_into(vm, value, limits, &mut path, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn render_into(vm: &Vm, value: Value, limits: Limits, path: &mut Vec<TableRef>, out: &mut Vec<u8>) {
    match value {
        Value::String(s) => quote(vm.heap.bytes_of(s), limits.string_bytes, out),
        Value::Number(n) => out.extend_from_slice(number_to_string(n).as_bytes()),
        Value::Table(t) => render_table(vm, t, limits, path, out),
        other => out.extend_from_slice(&vm.plain_text(&other)),
    }
}

/// A table constructor: positional items while the keys run 1, 2, 3..., then
/// `name = value` or `[key] = value`, in `next`'s order.
fn render_table(
    vm: &Vm,
    table: TableRef,
    limits: Limits,
    path: &mut Vec<TableRef>,
    out: &mut Vec<u8>,
) {
    if path.contains(&table) {
        out.extend_from_slice(b"<cycle: ");
        out.extend_from_slice(&vm.plain_text(&Value::Table(table)));
        out.push(b'>');
        return;
    }
    if path.len() >= limits.depth {
        out.extend_from_slice(b"{...}");
        return;
    }
    path.push(table);
    out.push(b'{');
    let entries = vm.heap.table(table);
    let mut key = Value::Nil;
    let mut position = 1.0;
    let mut shown = 0;
    while let Ok(Some((k, v))) = entries.next(&key) {
        if shown > 0 {
            out.extend_from_slice(b", ");
        }
        if shown == limits.entries {
            out.extend_from_slice(b"...");
            break;
        }
        match k {
            Value::Number(n) if n == position => position += 1.0,
            _ => {
                position = f64::NAN;
                render_key(vm, k, limits, path, out);
                out.extend_from_slice(b" = ");
            }
        }
        render_into(vm, v, limits, path, out);
        shown += 1;
        key = k;
    }
    out.push(b'}');
    path.pop();
}

/// A key as a table constructor writes it: a name bare, anything else in brackets.
fn render_key(vm: &Vm, key: Value, limits: Limits, path: &mut Vec<TableRef>, out: &mut Vec<u8>) {
    if let Value::String(s) = key {
        let name = vm.heap.bytes_of(s);
        if is_name(name) {
            out.extend_from_slice(name);
            return;
        }
    }
    out.push(b'[');
    render_into(vm, key, limits, path, out);
    out.push(b']');
}

const KEYWORDS: [&[u8]; 21] = [
    b"and",
    b"break",
    b"do",
    b"else",
    b"elseif",
    b"end",
    b"false",
    b"for",
    b"function",
    b"if",
    b"in",
    b"local",
    b"nil",
    b"not",
    b"or",
    b"repeat",
    b"return",
    b"then",
    b"true",
    b"until",
    b"while",
];

/// Whether `bytes` is a Lua name (and not a keyword).
fn is_name(bytes: &[u8]) -> bool {
    let starts_well = bytes
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_');
    starts_well
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_')
        && !KEYWORDS.contains(&bytes)
}

/// A double-quoted string with Lua's escapes (control bytes as three digits, so a digit
/// after one reads right), cut after `limit` bytes.
fn quote(bytes: &[u8], limit: usize, out: &mut Vec<u8>) {
    out.push(b'"');
    for &b in bytes.iter().take(limit) {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=31 | 127 => out.extend_from_slice(format!("\\{b:03}").as_bytes()),
            _ => out.push(b),
        }
    }
    out.push(b'"');
    if bytes.len() > limit {
        out.extend_from_slice(b"...");
    }
}
