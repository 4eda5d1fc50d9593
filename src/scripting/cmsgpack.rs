//! Redis's `cmsgpack` library: lua-cmsgpack 0.4.0 as Redis 7.0 bundles it — `pack` (any
//! number of values into one MessagePack stream), `unpack`, `unpack_one`, `unpack_limit` — on
//! x86-64. Encoding nests at most 16 tables deep (deeper ones become nil); decoding keeps its
//! own stack of open containers, bounded as C Lua bounds the values a native may hold
//! ([`MAX_C_STACK`]), so no input recurses on the Rust stack.

use super::c_api::{api_error, check_output, next_entry, MAX_C_STACK};
use crate::compiler::symbolic::NameKind;
use crate::stdlib::printf::{c_int, c_long};
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::{TableRef, Value};

/// Tables nested deeper than this are packed as nil (`LUACMSGPACK_MAX_NESTING`).
const MAX_NESTING: usize = 16;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    // An empty table grown field by field, as lua_newtable and lua_setfield build it (the
    // layout shows in `pairs` order).
    let library = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
    vm.register(
        library,
        &[
            ("pack", pack),
            ("unpack", unpack),
            ("unpack_one", unpack_one),
            ("unpack_limit", unpack_limit),
        ],
    )?;
    for (name, text) in [
        ("_NAME", "cmsgpack"),
        ("_VERSION", "lua-cmsgpack 0.4.0"),
        ("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo"),
        ("_DESCRIPTION", "MessagePack C implementation for Lua"),
    ] {
        let value = vm.string(text.as_bytes())?;
        vm.set_field(library, name, value)
            .map_err(|e| vm.heap_error(e))?;
    }
    let globals = vm.globals;
    vm.set_field(globals, "cmsgpack", Value::Table(library))
        .map_err(|e| vm.heap_error(e))
}

// ----- Packing -----

fn pack(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count == 0 {
        return Err(argument_zero_error(vm, "MessagePack pack needs input."));
    }
    // lua_checkstack(nargs) on top of the nargs arguments.
    if args.count * 2 > MAX_C_STACK {
        return Err(argument_zero_error(
            vm,
            "Too many arguments for MessagePack pack.",
        ));
    }
    let mut out = Vec::new();
    for i in 0..args.count {
        let value = vm.arg(args, i);
        encode(vm, &mut out, value, 0)?;
    }
    let packed = vm.string(&out)?;
    vm.push(packed);
    Ok(Outcome::Return(1))
}

/// `luaL_argerror(L, 0, extra)`: argument "#0", which a method call (`cmsgpack:pack`) shifts
/// to "#-1".
fn argument_zero_error(vm: &mut Vm, extra: &str) -> LuaError {
    let (number, name) = match vm.native_name() {
        Some((NameKind::Method, name)) => (-1, name),
        Some((_, name)) => (0, name),
        None => (0, b"?".to_vec()),
    };
    let message = format!(
        "bad argument #{number} to '{}' ({extra})",
        String::from_utf8_lossy(&name)
    );
    vm.native_error(&message)
}

/// Appends `value` packed at nesting `level` (recursion is bounded by [`MAX_NESTING`]).
fn encode(vm: &mut Vm, out: &mut Vec<u8>, value: Value, level: usize) -> Result<(), LuaError> {
    match value {
        Value::String(s) => encode_bytes(out, vm.heap.bytes_of(s)),
        Value::Boolean(b) => out.push(if b { 0xc3 } else { 0xc2 }),
        Value::Number(n) => encode_number(out, n),
        Value::Table(t) if level < MAX_NESTING => {
            if is_array(vm, t)? {
                let table = vm.heap.table(t);
                let length = table.length();
                encode_header(out, length, 0x90, 0xdc);
                for j in 1..=length {
                    let item = vm.heap.table(t).get_int(j as i64);
                    encode(vm, out, item, level + 1)?;
                }
            } else {
                let mut count = 0u64;
                let mut key = Value::Nil;
                while let Some((k, _)) = next_entry(vm, t, key)? {
                    count += 1;
                    key = k;
                }
                encode_header(out, count, 0x80, 0xde);
                let mut key = Value::Nil;
                while let Some((k, v)) = next_entry(vm, t, key)? {
                    encode(vm, out, k, level + 1)?;
                    encode(vm, out, v, level + 1)?;
                    key = k;
                }
            }
        }
        _ => out.push(0xc0),
    }
    check_output(vm, out)
}

/// Whether the table's keys are exactly the integers 1..n (each below 2^31).
fn is_array(vm: &mut Vm, t: TableRef) -> Result<bool, LuaError> {
    let (mut count, mut max) = (0i32, 0i32);
    let mut key = Value::Nil;
    while let Some((k, _)) = next_entry(vm, t, key)? {
        let Value::Number(n) = k else {
            return Ok(false);
        };
        if n <= 0.0 || n.is_infinite() || f64::from(c_int(n)) != n {
            return Ok(false);
        }
        max = max.max(n as i32);
        count = count.wrapping_add(1);
        key = k;
    }
    Ok(max == count)
}

/// A string: fixstr, str8, str16 or str32 (the length's low 32 bits).
fn encode_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len();
    if len < 32 {
        out.push(0xa0 | len as u8);
    } else if len <= 0xff {
        out.extend_from_slice(&[0xd9, len as u8]);
    } else if len <= 0xffff {
        out.push(0xda);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0xdb);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
    out.extend_from_slice(bytes);
}

/// An array or map header: fix form (`fix | n`) up to 15, then 16- and 32-bit counts.
fn encode_header(out: &mut Vec<u8>, n: u64, fix: u8, wide: u8) {
    if n <= 15 {
        out.push(fix | n as u8);
    } else if n <= 0xffff {
        out.push(wide);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(wide + 1);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

/// Integral numbers that survive C's conversion to int64 pack as integers, the rest as a
/// float when a float holds them exactly, otherwise as a double.
fn encode_number(out: &mut Vec<u8>, n: f64) {
    let i = c_long(n);
    if !n.is_infinite() && i as f64 == n {
        encode_integer(out, i);
    } else if f64::from(n as f32) == n {
        out.push(0xca);
        out.extend_from_slice(&(n as f32).to_be_bytes());
    } else {
        out.push(0xcb);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn encode_integer(out: &mut Vec<u8>, n: i64) {
    if n >= 0 {
        if n <= 127 {
            out.push(n as u8);
        } else if n <= 0xff {
            out.extend_from_slice(&[0xcc, n as u8]);
        } else if n <= 0xffff {
            out.push(0xcd);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        } else if n <= 0xffff_ffff {
            out.push(0xce);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&n.to_be_bytes());
        }
    } else if n >= -32 {
        out.push(n as u8);
    } else if n >= -128 {
        out.extend_from_slice(&[0xd0, n as u8]);
    } else if n >= -32768 {
        out.push(0xd1);
        out.extend_from_slice(&(n as i16).to_be_bytes());
    } else if n >= -2_147_483_648 {
        out.push(0xd2);
        out.extend_from_slice(&(n as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

// ----- Unpacking -----

fn unpack(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    unpack_full(vm, args, 0, 0)
}

fn unpack_one(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let offset = c_long(vm.opt_number(args, 1, 0.0)?);
    unpack_full(vm, args, 1, offset)
}

fn unpack_limit(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let limit = c_long(vm.check_number(args, 1)?);
    let offset = c_long(vm.opt_number(args, 2, 0.0)?);
    unpack_full(vm, args, limit, offset)
}

/// Decodes up to `limit` values from byte `offset` of argument 1; with neither a limit nor an
/// offset, every value and nothing else, otherwise the next offset (-1 at the end) first.
/// Both are C longs (`lua_Integer`); messages print them, and the length, with `%d`.
fn unpack_full(vm: &mut Vm, args: Args, limit: i64, offset: i64) -> Result<Outcome, LuaError> {
    let data = vm.check_bytes(args, 0)?;
    let len = data.len();
    if offset < 0 || limit < 0 {
        // The message shows the input's length where it means the limit.
        let message = format!(
            "Invalid request to unpack with offset of {} and limit of {}.",
            offset as i32, len as i32
        );
        return Err(vm.native_error(&message));
    }
    if offset as u64 > len as u64 {
        let message = format!(
            "Start offset {} greater than input length {}.",
            offset as i32, len as i32
        );
        return Err(vm.native_error(&message));
    }
    let decode_all = limit == 0 && offset == 0;
    let limit = if decode_all {
        i64::from(i32::MAX)
    } else {
        limit
    };
    let mut decoder = Decoder {
        data: &data,
        at: offset as usize,
        // The native's stack holds its one argument, then the values decoded so far.
        slots: 1,
    };
    let mut values = Vec::new();
    while decoder.at < len && (values.len() as i64) < limit {
        let value = decoder.value(vm)?;
        values.push(value);
    }
    if !decode_all {
        if decoder.slots + 1 > MAX_C_STACK {
            return Err(vm.native_error("stack overflow (in function mp_unpack_full)"));
        }
        let next = if decoder.at == len {
            -1.0
        } else {
            f64::from(decoder.at as i32)
        };
        vm.push(Value::Number(next));
    }
    let count = values.len() + usize::from(!decode_all);
    for value in values {
        vm.push(value);
    }
    Ok(Outcome::Return(count))
}

/// Why decoding stopped.
enum Failure {
    /// `Missing bytes in input.`
    Truncated,
    /// `Bad data format in input.`
    BadFormat,
    /// `luaL_checkstack` refused: `stack overflow (<why>)`.
    StackOverflow(&'static str),
    Lua(LuaError),
}

impl From<LuaError> for Failure {
    fn from(error: LuaError) -> Failure {
        Failure::Lua(error)
    }
}

/// A container being filled: its table, the items still expected, and the next array index
/// or the map key waiting for its value.
struct Open {
    table: TableRef,
    remaining: u64,
    kind: OpenKind,
}

enum OpenKind {
    Array { next_index: f64 },
    Map { key: Option<Value> },
}

/// One parsed MessagePack item: a finished value, or the header of a container.
enum Item {
    Value(Value),
    Array(u64),
    Map(u64),
}

struct Decoder<'a> {
    data: &'a [u8],
    at: usize,
    /// Values the C decoder would hold on the Lua stack now (for `lua_checkstack`).
    slots: usize,
}

impl Decoder<'_> {
    /// Decodes one top-level value, leaving its slot taken.
    fn value(&mut self, vm: &mut Vm) -> Result<Value, LuaError> {
        match self.decode(vm) {
            Ok(value) => Ok(value),
            Err(Failure::Truncated) => Err(vm.native_error("Missing bytes in input.")),
            Err(Failure::BadFormat) => Err(vm.native_error("Bad data format in input.")),
            Err(Failure::StackOverflow(why)) => {
                Err(vm.native_error(&format!("stack overflow ({why})")))
            }
            Err(Failure::Lua(error)) => Err(error),
        }
    }

    fn decode(&mut self, vm: &mut Vm) -> Result<Value, Failure> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            let mut value = match self.item(vm)? {
                Item::Value(value) => value,
                Item::Array(remaining) | Item::Map(remaining) if remaining == 0 => {
                    Value::Table(new_table(vm)?)
                }
                Item::Array(remaining) => {
                    let table = new_table(vm)?;
                    open.push(Open {
                        table,
                        remaining,
                        kind: OpenKind::Array { next_index: 1.0 },
                    });
                    self.slots += 1; // the index of the first item
                    continue;
                }
                Item::Map(remaining) => {
                    let table = new_table(vm)?;
                    open.push(Open {
                        table,
                        remaining,
                        kind: OpenKind::Map { key: None },
                    });
                    continue;
                }
            };
            // Hand finished values to their containers, closing the ones that are full.
            loop {
                let Some(container) = open.last_mut() else {
                    return Ok(value);
                };
                let (key, stored) = match &mut container.kind {
                    OpenKind::Array { next_index } => {
                        let key = Value::Number(*next_index);
                        *next_index += 1.0;
                        (key, value)
                    }
                    OpenKind::Map { key: pending } => match pending.take() {
                        None => {
                            *pending = Some(value);
                            break;
                        }
                        Some(key) => (key, value),
                    },
                };
                let table = container.table;
                vm.heap
                    .table_set(table, key, stored)
                    .map_err(|e| api_error(vm, e))?;
                self.slots -= 2; // lua_settable pops the key and the value
                container.remaining -= 1;
                if container.remaining > 0 {
                    if let OpenKind::Array { .. } = container.kind {
                        self.slots += 1; // the next index
                    }
                    break;
                }
                open.pop();
                value = Value::Table(table);
            }
        }
    }

    /// Reads one item's header (and a scalar's payload), taking its stack slot as the C
    /// decoder does: the type byte must exist, then there must be room for one more value.
    fn item(&mut self, vm: &mut Vm) -> Result<Item, Failure> {
        let &tag = self.data.get(self.at).ok_or(Failure::Truncated)?;
        if self.slots + 1 > MAX_C_STACK {
            return Err(Failure::StackOverflow(
                "too many return values at once; use unpack_one or unpack_limit instead.",
            ));
        }
        let item = match tag {
            0xc0 => self.one_byte(Item::Value(Value::Nil)),
            0xc2 => self.one_byte(Item::Value(Value::Boolean(false))),
            0xc3 => self.one_byte(Item::Value(Value::Boolean(true))),
            0xcc => Item::Value(Value::Number(self.uint(1)? as f64)),
            0xcd => Item::Value(Value::Number(self.uint(2)? as f64)),
            0xce => Item::Value(Value::Number(self.uint(4)? as f64)),
            // lua_pushinteger of the uint64: values from 2^63 wrap to negative ones.
            0xcf => Item::Value(Value::Number(self.uint(8)? as i64 as f64)),
            0xd0 => Item::Value(Value::Number(f64::from(self.uint(1)? as u8 as i8))),
            0xd1 => Item::Value(Value::Number(f64::from(self.uint(2)? as u16 as i16))),
            0xd2 => Item::Value(Value::Number(f64::from(self.uint(4)? as u32 as i32))),
            0xd3 => Item::Value(Value::Number(self.uint(8)? as i64 as f64)),
            0xca => Item::Value(Value::Number(f64::from(f32::from_bits(
                self.uint(4)? as u32
            )))),
            0xcb => Item::Value(Value::Number(f64::from_bits(self.uint(8)?))),
            0xd9 => {
                let len = self.uint(1)?;
                Item::Value(self.string(vm, len)?)
            }
            0xda => {
                let len = self.uint(2)?;
                Item::Value(self.string(vm, len)?)
            }
            0xdb => {
                let len = self.uint(4)?;
                Item::Value(self.string(vm, len)?)
            }
            0xdc => Item::Array(self.uint(2)?),
            0xdd => Item::Array(self.uint(4)?),
            0xde => Item::Map(self.uint(2)?),
            0xdf => Item::Map(self.uint(4)?),
            _ if tag & 0x80 == 0 => self.one_byte(Item::Value(Value::Number(f64::from(tag)))),
            _ if tag & 0xe0 == 0xe0 => {
                self.one_byte(Item::Value(Value::Number(f64::from(tag as i8))))
            }
            _ if tag & 0xe0 == 0xa0 => {
                self.at += 1;
                Item::Value(self.string(vm, u64::from(tag & 0x1f))?)
            }
            _ if tag & 0xf0 == 0x90 => self.one_byte(Item::Array(u64::from(tag & 0xf))),
            _ if tag & 0xf0 == 0x80 => self.one_byte(Item::Map(u64::from(tag & 0xf))),
            _ => return Err(Failure::BadFormat),
        };
        self.slots += 1;
        if let Item::Array(_) = item {
            // The array's own lua_checkstack, made with its table on the stack.
            if self.slots + 1 > MAX_C_STACK {
                return Err(Failure::StackOverflow("in function mp_decode_to_lua_array"));
            }
        }
        Ok(item)
    }

    /// An item whose type byte says it all (fixed values, fix arrays and maps).
    fn one_byte(&mut self, item: Item) -> Item {
        self.at += 1;
        item
    }

    /// The big-endian unsigned integer of `size` bytes after the type byte, consuming both.
    fn uint(&mut self, size: usize) -> Result<u64, Failure> {
        let bytes = self
            .data
            .get(self.at + 1..self.at + 1 + size)
            .ok_or(Failure::Truncated)?;
        self.at += 1 + size;
        Ok(bytes.iter().fold(0, |n, &b| (n << 8) | u64::from(b)))
    }

    /// `len` bytes of string payload at the cursor.
    fn string(&mut self, vm: &mut Vm, len: u64) -> Result<Value, Failure> {
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| self.at.checked_add(len))
            .filter(|&end| end <= self.data.len())
            .ok_or(Failure::Truncated)?;
        let value = vm.string(&self.data[self.at..end])?;
        self.at = end;
        Ok(value)
    }
}

fn new_table(vm: &mut Vm) -> Result<TableRef, Failure> {
    vm.heap
        .new_table(0, 0)
        .map_err(|e| Failure::Lua(vm.heap_error(e)))
}

#[cfg(test)]
mod tests {
    use super::super::c_api::testing::{call, random_inputs, vm};

    #[test]
    fn unpack_survives_random_and_truncated_bytes() {
        let mut vm = vm();
        let alphabet: Vec<u8> = (0..=255).collect();
        for input in random_inputs(2, 20_000, 16, &alphabet) {
            let _ = call(&mut vm, "cmsgpack", "unpack", &[&input]);
            let _ = call(&mut vm, "cmsgpack", "unpack_one", &[&input, b"1"]);
            let _ = call(&mut vm, "cmsgpack", "unpack_limit", &[&input, b"2", b"0"]);
        }
        let stream =
            b"\x93\xa3foo\xcd\x01\x00\x82\xa1a\xcb\x3f\xf8\0\0\0\0\0\0\xa1b\xc3\xd9\x03xyz";
        for end in 0..=stream.len() {
            let _ = call(&mut vm, "cmsgpack", "unpack", &[&stream[..end]]);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut vm = vm();
        for prefix in [&b"\x91"[..], b"\x81\x01", b"\x81"] {
            let mut input = prefix.repeat(200_000);
            input.push(1);
            assert!(call(&mut vm, "cmsgpack", "unpack", &[&input]).is_err());
        }
    }
}
