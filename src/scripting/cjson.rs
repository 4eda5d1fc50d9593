//! Redis's `cjson` library: lua-cjson 2.1.0 as Redis 7.0 bundles it — `encode`, `decode`, the
//! configuration functions, `new` (an independent instance) and `null`. Each instance keeps its
//! settings in a Lua table that all its functions hold as upvalue 1 (upvalue 2 is the shared
//! `null`). Encoding and decoding walk nested tables with their own stack of open containers,
//! bounded by the depth limits and by C Lua's stack limit for natives exactly where the C
//! library is, so no input recurses on the Rust stack.

use super::c_api::{api_error, check_output, next_entry, MAX_C_STACK};
use crate::number::strtod;
use crate::stdlib::printf::{c_int, format_float, Spec};
use crate::vm::function::{Function, NativeFunction};
use crate::vm::heap::Userdata;
use crate::vm::state::{Args, LuaError, Native, Outcome, Vm};
use crate::vm::value::{TableRef, Value};

/// The instance settings, in the order they sit in the settings table (keys 1..).
#[derive(Clone, Copy)]
enum Setting {
    SparseConvert = 1,
    SparseRatio,
    SparseSafe,
    EncodeMaxDepth,
    DecodeMaxDepth,
    /// 0: refuse NaN and Inf, 1: write them (`nan`, `inf`), 2: write them as `null`.
    EncodeInvalidNumbers,
    NumberPrecision,
    KeepBuffer,
    DecodeInvalidNumbers,
}

const DEFAULTS: [(Setting, i64); 9] = [
    (Setting::SparseConvert, 0),
    (Setting::SparseRatio, 2),
    (Setting::SparseSafe, 10),
    (Setting::EncodeMaxDepth, 1000),
    (Setting::DecodeMaxDepth, 1000),
    (Setting::EncodeInvalidNumbers, 0),
    (Setting::NumberPrecision, 14),
    (Setting::KeepBuffer, 1),
    (Setting::DecodeInvalidNumbers, 1),
];

const FUNCTIONS: [(&str, Native); 10] = [
    ("encode", encode),
    ("decode", decode),
    ("encode_sparse_array", encode_sparse_array),
    ("encode_max_depth", encode_max_depth),
    ("decode_max_depth", decode_max_depth),
    ("encode_number_precision", encode_number_precision),
    ("encode_keep_buffer", encode_keep_buffer),
    ("encode_invalid_numbers", encode_invalid_numbers),
    ("decode_invalid_numbers", decode_invalid_numbers),
    ("new", new),
];

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    // JSON null is one value for every instance, as C's NULL light userdata is.
    let null = vm
        .heap
        .new_userdata(Userdata {
            metatable: None,
            env: None,
        })
        .map_err(|_| vm.memory_error())?;
    let library = instance(vm, Value::Userdata(null))?;
    let globals = vm.globals;
    vm.set_field(globals, "cjson", Value::Table(library))
        .map_err(|e| vm.heap_error(e))
}

/// A new module table with its own settings.
fn instance(vm: &mut Vm, null: Value) -> Result<TableRef, LuaError> {
    let settings = vm
        .heap
        .new_table(DEFAULTS.len(), 0)
        .map_err(|e| vm.heap_error(e))?;
    for (setting, value) in DEFAULTS {
        set(vm, settings, setting, value)?;
    }
    // An empty table grown field by field, as lua_newtable and lua_setfield build it (the
    // layout shows in `pairs` order).
    let library = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
    let env = vm.globals;
    for (name, function) in FUNCTIONS {
        let f = vm
            .heap
            .new_function(Function::Native(NativeFunction {
                function,
                name,
                upvalues: Box::new([Value::Table(settings), null]),
                env,
            }))
            .map_err(|_| vm.memory_error())?;
        vm.set_field(library, name, Value::Function(f))
            .map_err(|e| vm.heap_error(e))?;
    }
    vm.set_field(library, "null", null)
        .map_err(|e| vm.heap_error(e))?;
    for (name, text) in [("_NAME", "cjson"), ("_VERSION", "2.1.0")] {
        let value = vm.string(text.as_bytes())?;
        vm.set_field(library, name, value)
            .map_err(|e| vm.heap_error(e))?;
    }
    Ok(library)
}

/// The running function's settings table and `null`. A function whose first upvalue is no
/// longer a table (debug.setupvalue) fails as lua-cjson does without its configuration.
fn upvalues(vm: &mut Vm, args: Args) -> Result<(TableRef, Value), LuaError> {
    if let Function::Native(native) = vm.heap.function(args.function) {
        if let [Value::Table(settings), null] = native.upvalues[..] {
            return Ok((settings, null));
        }
    }
    Err(vm.native_error("BUG: Unable to fetch CJSON configuration"))
}

impl Setting {
    /// The values the setting can take; anything else found in the table (put there through
    /// the debug library) is brought back into range.
    fn range(self) -> (i64, i64) {
        let int_max = i64::from(i32::MAX);
        match self {
            Setting::SparseConvert | Setting::KeepBuffer | Setting::DecodeInvalidNumbers => (0, 1),
            Setting::SparseRatio | Setting::SparseSafe => (0, int_max),
            Setting::EncodeMaxDepth | Setting::DecodeMaxDepth => (1, int_max),
            Setting::EncodeInvalidNumbers => (0, 2),
            Setting::NumberPrecision => (1, 14),
        }
    }
}

fn get(vm: &Vm, settings: TableRef, setting: Setting) -> i64 {
    let (min, max) = setting.range();
    match vm.heap.table(settings).get_int(setting as i64) {
        Value::Number(n) if !n.is_nan() => (n as i64).clamp(min, max),
        _ => min,
    }
}

fn set(vm: &mut Vm, settings: TableRef, setting: Setting, value: i64) -> Result<(), LuaError> {
    vm.heap
        .table_set(
            settings,
            Value::Number(setting as i64 as f64),
            Value::Number(value as f64),
        )
        .map_err(|e| vm.heap_error(e))
}

// ----- Configuration -----

/// `json_arg_init`: at most `count` arguments.
fn check_arg_count(vm: &mut Vm, args: Args, count: usize) -> Result<(), LuaError> {
    if args.count > count {
        return Err(vm.arg_error(count + 1, "found too many arguments"));
    }
    Ok(())
}

/// An integer setting: argument `i` (when not nil) must be an integer in `min..=max`; the
/// range error names argument 1 whatever `i` is, as lua-cjson does. Pushes the setting.
fn integer_option(
    vm: &mut Vm,
    args: Args,
    i: usize,
    setting: Setting,
    min: i64,
    max: i64,
) -> Result<(), LuaError> {
    let settings = upvalues(vm, args)?.0;
    if !vm.arg(args, i).is_nil() {
        let value = vm.check_int(args, i)?;
        if !(min..=max).contains(&value) {
            return Err(vm.arg_error(1, &format!("expected integer between {min} and {max}")));
        }
        set(vm, settings, setting, value)?;
    }
    let value = get(vm, settings, setting);
    vm.push(Value::Number(value as f64));
    Ok(())
}

/// An enumerated setting: argument `i` (when not nil) is a boolean (true means 1) or one of
/// `options` by name. Pushes the setting: a boolean for 0 and 1, its name otherwise.
fn enum_option(
    vm: &mut Vm,
    args: Args,
    i: usize,
    setting: Setting,
    options: &[&str],
) -> Result<(), LuaError> {
    let settings = upvalues(vm, args)?.0;
    match vm.arg(args, i) {
        Value::Nil => {}
        Value::Boolean(b) => set(vm, settings, setting, i64::from(b))?,
        _ => {
            let value = check_option(vm, args, i, options)?;
            set(vm, settings, setting, value)?;
        }
    }
    let value = get(vm, settings, setting);
    let result = match value {
        0 | 1 => Value::Boolean(value == 1),
        _ => vm.string(
            options
                .get(value as usize)
                .copied()
                .unwrap_or("")
                .as_bytes(),
        )?,
    };
    vm.push(result);
    Ok(())
}

/// `luaL_checkoption` without a default: the index of the argument's name in `options`
/// (compared as C strings, up to a NUL).
fn check_option(vm: &mut Vm, args: Args, i: usize, options: &[&str]) -> Result<i64, LuaError> {
    let text = vm.check_bytes(args, i)?;
    let name = match text.iter().position(|&b| b == 0) {
        Some(nul) => &text[..nul],
        None => &text[..],
    };
    match options.iter().position(|o| o.as_bytes() == name) {
        Some(index) => Ok(index as i64),
        None => {
            let message = format!("invalid option '{}'", String::from_utf8_lossy(name));
            Err(vm.arg_error(i + 1, &message))
        }
    }
}

const BOOLEAN_OPTIONS: [&str; 2] = ["off", "on"];

fn encode_sparse_array(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 3)?;
    enum_option(vm, args, 0, Setting::SparseConvert, &BOOLEAN_OPTIONS)?;
    integer_option(vm, args, 1, Setting::SparseRatio, 0, i64::from(i32::MAX))?;
    integer_option(vm, args, 2, Setting::SparseSafe, 0, i64::from(i32::MAX))?;
    Ok(Outcome::Return(3))
}

fn encode_max_depth(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 1)?;
    integer_option(vm, args, 0, Setting::EncodeMaxDepth, 1, i64::from(i32::MAX))?;
    Ok(Outcome::Return(1))
}

fn decode_max_depth(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 1)?;
    integer_option(vm, args, 0, Setting::DecodeMaxDepth, 1, i64::from(i32::MAX))?;
    Ok(Outcome::Return(1))
}

fn encode_number_precision(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 1)?;
    integer_option(vm, args, 0, Setting::NumberPrecision, 1, 14)?;
    Ok(Outcome::Return(1))
}

/// Whether encode reuses one buffer between calls: no visible effect besides the setting.
fn encode_keep_buffer(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 1)?;
    enum_option(vm, args, 0, Setting::KeepBuffer, &BOOLEAN_OPTIONS)?;
    Ok(Outcome::Return(1))
}

fn encode_invalid_numbers(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 1)?;
    enum_option(
        vm,
        args,
        0,
        Setting::EncodeInvalidNumbers,
        &["off", "on", "null"],
    )?;
    Ok(Outcome::Return(1))
}

fn decode_invalid_numbers(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    check_arg_count(vm, args, 1)?;
    enum_option(vm, args, 0, Setting::DecodeInvalidNumbers, &BOOLEAN_OPTIONS)?;
    Ok(Outcome::Return(1))
}

fn new(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let null = upvalues(vm, args)?.1;
    let library = instance(vm, null)?;
    vm.push(Value::Table(library));
    Ok(Outcome::Return(1))
}

// ----- Encoding -----

/// The encoder's settings, read once per call.
struct EncodeSettings {
    sparse_convert: bool,
    sparse_ratio: i32,
    sparse_safe: i32,
    max_depth: i64,
    invalid_numbers: i64,
    precision: usize,
    null: Value,
}

/// A table being written: an array with its length and next index, or an object with the
/// last key written (where `next` goes on from).
enum OpenTable {
    Array {
        table: TableRef,
        length: i64,
        next: i64,
    },
    Object {
        table: TableRef,
        key: Value,
    },
}

impl OpenTable {
    /// Values the C encoder keeps on the Lua stack while inside this table: the item being
    /// written, and for an object its key too.
    fn slots(&self) -> usize {
        match self {
            OpenTable::Array { .. } => 1,
            OpenTable::Object { .. } => 2,
        }
    }
}

fn encode(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let (settings, null) = upvalues(vm, args)?;
    if args.count != 1 {
        return Err(vm.arg_error(1, "expected 1 argument"));
    }
    let settings = EncodeSettings {
        sparse_convert: get(vm, settings, Setting::SparseConvert) != 0,
        sparse_ratio: get(vm, settings, Setting::SparseRatio) as i32,
        sparse_safe: get(vm, settings, Setting::SparseSafe) as i32,
        max_depth: get(vm, settings, Setting::EncodeMaxDepth),
        invalid_numbers: get(vm, settings, Setting::EncodeInvalidNumbers),
        precision: get(vm, settings, Setting::NumberPrecision) as usize,
        null,
    };
    let value = vm.arg(args, 0);
    let json = encode_value(vm, &settings, value)?;
    let result = vm.string(&json)?;
    vm.push(result);
    Ok(Outcome::Return(1))
}

fn encode_value(vm: &mut Vm, settings: &EncodeSettings, value: Value) -> Result<Vec<u8>, LuaError> {
    let mut out = Vec::new();
    let mut open: Vec<OpenTable> = Vec::new();
    // The encoder's argument is on the stack throughout.
    let mut slots = 1;
    let mut pending = Some(value);
    loop {
        if let Some(value) = pending.take() {
            match value {
                Value::Table(table) => {
                    let depth = open.len() + 1;
                    if depth as i64 > settings.max_depth || slots + 3 > MAX_C_STACK {
                        let message = format!("Cannot serialise, excessive nesting ({depth})");
                        return Err(vm.native_error(&message));
                    }
                    let length = array_length(vm, settings, table)?;
                    let table = if length > 0 {
                        out.push(b'[');
                        OpenTable::Array {
                            table,
                            length: i64::from(length),
                            next: 1,
                        }
                    } else {
                        out.push(b'{');
                        OpenTable::Object {
                            table,
                            key: Value::Nil,
                        }
                    };
                    slots += table.slots();
                    open.push(table);
                }
                scalar => encode_scalar(vm, settings, &mut out, scalar)?,
            }
            check_output(vm, &out)?;
        }
        let Some(top) = open.last_mut() else {
            return Ok(out);
        };
        match top {
            OpenTable::Array {
                table,
                length,
                next,
            } => {
                if *next > *length {
                    out.push(b']');
                } else {
                    if *next > 1 {
                        out.push(b',');
                    }
                    pending = Some(vm.heap.table(*table).get_int(*next));
                    *next += 1;
                    continue;
                }
            }
            OpenTable::Object { table, key } => {
                let table = *table;
                let first = key.is_nil();
                if let Some((k, v)) = next_entry(vm, table, *key)? {
                    *key = k;
                    if !first {
                        out.push(b',');
                    }
                    encode_key(vm, settings, &mut out, k)?;
                    pending = Some(v);
                    continue;
                }
                out.push(b'}');
            }
        }
        if let Some(closed) = open.pop() {
            slots -= closed.slots();
        }
    }
}

/// `lua_array_length`: the array length when every key is a positive integer (numbers as C
/// compares and converts them to int), 0 or less for an object; a too sparse array is an
/// error or an object, as configured.
fn array_length(vm: &mut Vm, settings: &EncodeSettings, table: TableRef) -> Result<i32, LuaError> {
    let mut max: i32 = 0;
    let mut items: i32 = 0;
    let mut key = Value::Nil;
    while let Some((k, _)) = next_entry(vm, table, key)? {
        key = k;
        match k {
            Value::Number(n) if n != 0.0 && n.floor() == n && n >= 1.0 => {
                if n > f64::from(max) {
                    max = c_int(n);
                }
                items = items.wrapping_add(1);
            }
            _ => return Ok(-1),
        }
    }
    if settings.sparse_ratio > 0
        && max > items.wrapping_mul(settings.sparse_ratio)
        && max > settings.sparse_safe
    {
        if !settings.sparse_convert {
            return Err(vm.native_error("Cannot serialise table: excessively sparse array"));
        }
        return Ok(-1);
    }
    Ok(max)
}

/// An object key: numbers are written as quoted numbers, strings as strings.
fn encode_key(
    vm: &mut Vm,
    settings: &EncodeSettings,
    out: &mut Vec<u8>,
    key: Value,
) -> Result<(), LuaError> {
    match key {
        Value::Number(n) => {
            out.push(b'"');
            encode_number(vm, settings, out, n)?;
            out.extend_from_slice(b"\":");
        }
        Value::String(s) => {
            encode_string(out, vm.heap.bytes_of(s));
            out.push(b':');
        }
        other => {
            let message = format!(
                "Cannot serialise {}: table key must be a number or string",
                other.type_name()
            );
            return Err(vm.native_error(&message));
        }
    }
    Ok(())
}

fn encode_scalar(
    vm: &mut Vm,
    settings: &EncodeSettings,
    out: &mut Vec<u8>,
    value: Value,
) -> Result<(), LuaError> {
    match value {
        Value::String(s) => encode_string(out, vm.heap.bytes_of(s)),
        Value::Number(n) => encode_number(vm, settings, out, n)?,
        Value::Boolean(true) => out.extend_from_slice(b"true"),
        Value::Boolean(false) => out.extend_from_slice(b"false"),
        Value::Nil => out.extend_from_slice(b"null"),
        null if null.raw_equals(&settings.null) => out.extend_from_slice(b"null"),
        other => {
            let message = format!("Cannot serialise {}: type not supported", other.type_name());
            return Err(vm.native_error(&message));
        }
    }
    Ok(())
}

/// `%.<precision>g`, with NaN and Inf refused, written, or written as null as configured.
fn encode_number(
    vm: &mut Vm,
    settings: &EncodeSettings,
    out: &mut Vec<u8>,
    n: f64,
) -> Result<(), LuaError> {
    if !n.is_finite() {
        match settings.invalid_numbers {
            0 => return Err(vm.native_error("Cannot serialise number: must not be NaN or Inf")),
            1 if n.is_nan() => {
                // Written as "nan" whatever its sign (printf could say "-nan").
                out.extend_from_slice(b"nan");
                return Ok(());
            }
            1 => {}
            _ => {
                out.extend_from_slice(b"null");
                return Ok(());
            }
        }
    }
    let spec = Spec {
        precision: Some(settings.precision),
        conversion: b'g',
        ..Spec::default()
    };
    out.extend_from_slice(&format_float(&spec, n));
    Ok(())
}

/// A JSON string: control characters, `"`, `\`, `/` and DEL escaped, other bytes as they are.
fn encode_string(out: &mut Vec<u8>, text: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    for &b in text {
        match b {
            b'\x08' => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\x0c' => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' => out.extend_from_slice(b"\\/"),
            0..=0x1f | 0x7f => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

// ----- Decoding -----

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    ObjectBegin,
    ObjectEnd,
    ArrayBegin,
    ArrayEnd,
    String(Vec<u8>),
    Number(f64),
    Boolean(bool),
    Null,
    Colon,
    Comma,
    End,
    /// What is wrong, as the error message names it (`invalid token`).
    Error(&'static str),
}

impl TokenKind {
    /// How parse errors name the token found.
    fn name(&self) -> &'static str {
        match self {
            TokenKind::ObjectBegin => "T_OBJ_BEGIN",
            TokenKind::ObjectEnd => "T_OBJ_END",
            TokenKind::ArrayBegin => "T_ARR_BEGIN",
            TokenKind::ArrayEnd => "T_ARR_END",
            TokenKind::String(_) => "T_STRING",
            TokenKind::Number(_) => "T_NUMBER",
            TokenKind::Boolean(_) => "T_BOOLEAN",
            TokenKind::Null => "T_NULL",
            TokenKind::Colon => "T_COLON",
            TokenKind::Comma => "T_COMMA",
            TokenKind::End => "T_END",
            TokenKind::Error(what) => what,
        }
    }
}

struct Token {
    kind: TokenKind,
    /// Where it starts (0-based), or where the error is.
    index: usize,
}

/// A table being filled: an array with its next index, or an object with its key.
enum OpenContainer {
    Array { table: TableRef, next: i64 },
    Object { table: TableRef, key: Value },
}

struct Parser<'a> {
    /// The text; C reads it as a NUL-terminated string, so a NUL ends it early.
    data: &'a [u8],
    at: usize,
    invalid_numbers: bool,
    max_depth: i64,
    depth: i64,
    /// Values the C parser would hold on the Lua stack now (for `lua_checkstack`).
    slots: usize,
    null: Value,
}

fn decode(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count != 1 {
        return Err(vm.arg_error(1, "expected 1 argument"));
    }
    let (settings, null) = upvalues(vm, args)?;
    let text = vm.check_bytes(args, 0)?;
    if text.len() >= 2 && (text[0] == 0 || text[1] == 0) {
        return Err(vm.native_error("JSON parser does not support UTF-16 or UTF-32"));
    }
    let mut parser = Parser {
        data: &text,
        at: 0,
        invalid_numbers: get(vm, settings, Setting::DecodeInvalidNumbers) != 0,
        max_depth: get(vm, settings, Setting::DecodeMaxDepth),
        depth: 0,
        slots: 1,
        null,
    };
    let value = parser.parse(vm)?;
    vm.push(value);
    Ok(Outcome::Return(1))
}

impl Parser<'_> {
    fn byte(&self, at: usize) -> u8 {
        self.data.get(at).copied().unwrap_or(0)
    }

    /// The whole text: one value, then the end.
    fn parse(&mut self, vm: &mut Vm) -> Result<Value, LuaError> {
        let mut open: Vec<OpenContainer> = Vec::new();
        let mut token = self.next_token();
        loop {
            let mut value = match token.kind {
                TokenKind::String(text) => vm.string(&text)?,
                TokenKind::Number(n) => Value::Number(n),
                TokenKind::Boolean(b) => Value::Boolean(b),
                TokenKind::Null => self.null,
                TokenKind::ObjectBegin => {
                    let table = self.descend(vm, 3)?;
                    token = self.next_token();
                    if token.kind == TokenKind::ObjectEnd {
                        self.depth -= 1;
                        Value::Table(table)
                    } else {
                        let key = self.object_key(vm, &token)?;
                        open.push(OpenContainer::Object { table, key });
                        self.slots += 2;
                        token = self.next_token();
                        continue;
                    }
                }
                TokenKind::ArrayBegin => {
                    let table = self.descend(vm, 2)?;
                    token = self.next_token();
                    if token.kind == TokenKind::ArrayEnd {
                        self.depth -= 1;
                        Value::Table(table)
                    } else {
                        open.push(OpenContainer::Array { table, next: 1 });
                        self.slots += 1;
                        continue;
                    }
                }
                _ => return Err(self.expected(vm, "value", &token)),
            };
            // Store finished values in their containers, closing the ones that end.
            loop {
                let Some(container) = open.last_mut() else {
                    token = self.next_token();
                    if token.kind != TokenKind::End {
                        return Err(self.expected(vm, "the end", &token));
                    }
                    return Ok(value);
                };
                let (table, key) = match container {
                    OpenContainer::Array { table, next } => {
                        *next += 1;
                        (*table, Value::Number((*next - 1) as f64))
                    }
                    OpenContainer::Object { table, key } => (*table, *key),
                };
                vm.heap
                    .table_set(table, key, value)
                    .map_err(|e| api_error(vm, e))?;
                token = self.next_token();
                let is_array = matches!(container, OpenContainer::Array { .. });
                let (end, what) = if is_array {
                    (TokenKind::ArrayEnd, "comma or array end")
                } else {
                    (TokenKind::ObjectEnd, "comma or object end")
                };
                if token.kind == end {
                    self.depth -= 1;
                    self.slots -= if is_array { 1 } else { 2 };
                    open.pop();
                    value = Value::Table(table);
                    continue;
                }
                if token.kind != TokenKind::Comma {
                    return Err(self.expected(vm, what, &token));
                }
                token = self.next_token();
                if let OpenContainer::Object { key, .. } = container {
                    *key = self.object_key(vm, &token)?;
                    token = self.next_token();
                }
                break;
            }
        }
    }

    /// An object's key and the colon after it; leaves the cursor before the value.
    fn object_key(&mut self, vm: &mut Vm, token: &Token) -> Result<Value, LuaError> {
        let TokenKind::String(text) = &token.kind else {
            return Err(self.expected(vm, "object key string", token));
        };
        let key = vm.string(text)?;
        let colon = self.next_token();
        if colon.kind != TokenKind::Colon {
            return Err(self.expected(vm, "colon", &colon));
        }
        Ok(key)
    }

    /// Enters an object or array (which needs `slots` more stack values): checks the depth
    /// and the stack as the C parser does, then makes its table.
    fn descend(&mut self, vm: &mut Vm, slots: usize) -> Result<TableRef, LuaError> {
        self.depth += 1;
        if self.depth > self.max_depth || self.slots + slots > MAX_C_STACK {
            let message = format!(
                "Found too many nested data structures ({}) at character {}",
                self.depth, self.at
            );
            return Err(vm.native_error(&message));
        }
        vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))
    }

    fn expected(&self, vm: &mut Vm, what: &str, token: &Token) -> LuaError {
        let message = format!(
            "Expected {what} but found {} at character {}",
            token.kind.name(),
            token.index + 1
        );
        vm.native_error(&message)
    }

    fn next_token(&mut self) -> Token {
        while matches!(self.byte(self.at), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
        let index = self.at;
        let single = |kind| Token { kind, index };
        let kind = match self.byte(index) {
            0 => return single(TokenKind::End),
            b'{' => TokenKind::ObjectBegin,
            b'}' => TokenKind::ObjectEnd,
            b'[' => TokenKind::ArrayBegin,
            b']' => TokenKind::ArrayEnd,
            b',' => TokenKind::Comma,
            b':' => TokenKind::Colon,
            b'"' => return self.string_token(),
            b'-' | b'0'..=b'9' => {
                if !self.invalid_numbers && self.is_invalid_number() {
                    return self.error(index, "invalid number");
                }
                return self.number_token();
            }
            b'f' | b'i' | b'I' | b'n' | b'N' | b't' | b'+' => {
                for (word, kind) in [
                    (&b"true"[..], TokenKind::Boolean(true)),
                    (b"false", TokenKind::Boolean(false)),
                    (b"null", TokenKind::Null),
                ] {
                    if self.data.get(index..index + word.len()) == Some(word) {
                        self.at += word.len();
                        return single(kind);
                    }
                }
                if self.invalid_numbers && self.is_invalid_number() {
                    return self.number_token();
                }
                return self.error(index, "invalid token");
            }
            _ => return self.error(index, "invalid token"),
        };
        self.at += 1;
        single(kind)
    }

    fn error(&self, index: usize, what: &'static str) -> Token {
        Token {
            kind: TokenKind::Error(what),
            index,
        }
    }

    /// `json_is_invalid_number`: numbers strict JSON refuses but `strtod` reads (a leading
    /// `+` or zero, hexadecimal, inf, nan).
    fn is_invalid_number(&self) -> bool {
        let mut p = self.at;
        match self.byte(p) {
            b'+' => return true,
            b'-' => p += 1,
            _ => {}
        }
        let first = self.byte(p);
        if first == b'0' {
            let second = self.byte(p + 1);
            return second | 0x20 == b'x' || second.is_ascii_digit();
        }
        // C compares a plain (signed) char: bytes from 0x80 count as "ordinary numbers".
        if first as i8 <= b'9' as i8 {
            return false;
        }
        let word = [self.byte(p), self.byte(p + 1), self.byte(p + 2)];
        word.eq_ignore_ascii_case(b"inf") || word.eq_ignore_ascii_case(b"nan")
    }

    fn number_token(&mut self) -> Token {
        let index = self.at;
        let rest = &self.data[index.min(self.data.len())..];
        let rest = match rest.iter().position(|&b| b == 0) {
            Some(nul) => &rest[..nul],
            None => rest,
        };
        match strtod(rest) {
            Some((n, length)) if length > 0 => {
                self.at += length;
                Token {
                    kind: TokenKind::Number(n),
                    index,
                }
            }
            _ => self.error(index, "invalid number"),
        }
    }

    /// A string token; the cursor is on its opening quote.
    fn string_token(&mut self) -> Token {
        let index = self.at;
        self.at += 1;
        let mut text = Vec::new();
        loop {
            let b = self.byte(self.at);
            match b {
                b'"' => break,
                0 => return self.error(self.at, "unexpected end of string"),
                b'\\' => {
                    let unescaped = match self.byte(self.at + 1) {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => b'\x08',
                        b't' => b'\t',
                        b'n' => b'\n',
                        b'f' => b'\x0c',
                        b'r' => b'\r',
                        b'u' => {
                            if self.unicode_escape(&mut text) {
                                continue;
                            }
                            return self.error(self.at, "invalid unicode escape code");
                        }
                        _ => return self.error(self.at, "invalid escape code"),
                    };
                    text.push(unescaped);
                    self.at += 2;
                }
                _ => {
                    text.push(b);
                    self.at += 1;
                }
            }
        }
        self.at += 1;
        Token {
            kind: TokenKind::String(text),
            index,
        }
    }

    /// `\uXXXX` (a surrogate pair takes two) at the cursor, appended as UTF-8; false when it
    /// is malformed (the cursor then stays on the backslash).
    fn unicode_escape(&mut self, text: &mut Vec<u8>) -> bool {
        let Some(mut codepoint) = self.hex4(self.at + 2) else {
            return false;
        };
        let mut length = 6;
        if codepoint & 0xf800 == 0xd800 {
            // A high surrogate, then a \u low surrogate.
            if codepoint & 0x400 != 0
                || self.byte(self.at + 6) != b'\\'
                || self.byte(self.at + 7) != b'u'
            {
                return false;
            }
            let Some(low) = self.hex4(self.at + 8) else {
                return false;
            };
            if low & 0xfc00 != 0xdc00 {
                return false;
            }
            codepoint = (((codepoint & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
            length = 12;
        }
        push_utf8(text, codepoint);
        self.at += length;
        true
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        (at..at + 4).try_fold(0, |n, i| {
            let digit = char::from(self.byte(i)).to_digit(16)?;
            Some((n << 4) | digit)
        })
    }
}

/// A code point (at most 0x10FFFF) as UTF-8.
fn push_utf8(text: &mut Vec<u8>, c: u32) {
    if c <= 0x7f {
        text.push(c as u8);
    } else if c <= 0x7ff {
        text.extend_from_slice(&[0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]);
    } else if c <= 0xffff {
        text.extend_from_slice(&[
            0xe0 | (c >> 12) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]);
    } else {
        text.extend_from_slice(&[
            0xf0 | (c >> 18) as u8,
            0x80 | ((c >> 12) & 0x3f) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::c_api::testing::{call, random_inputs, vm};
    use crate::vm::value::Value;

    #[test]
    fn decode_survives_random_and_truncated_text() {
        let mut vm = vm();
        let alphabet = b"[]{}:,\"\\ \t0123456789-+.eEtrufalsnIiNxXpu\0\x01\x7f\x80\xff";
        let decoded = random_inputs(1, 20_000, 24, alphabet)
            .iter()
            .filter(|input| call(&mut vm, "cjson", "decode", &[input]).is_ok())
            .count();
        assert!(decoded > 100, "only {decoded} inputs decoded");
        let doc = br#"{"a":[1,2.5e-3,"x\u00e9\ud83d\ude00y",true,false,null,{"b":{}}],"c":-0x1F}"#;
        for end in 0..=doc.len() {
            let _ = call(&mut vm, "cjson", "decode", &[&doc[..end]]);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut vm = vm();
        for text in [vec![b'['; 100_000], b"{\"a\":".repeat(100_000)] {
            assert!(call(&mut vm, "cjson", "decode", &[&text]).is_err());
        }
        let _ = call(&mut vm, "cjson", "decode_max_depth", &[b"2000000000"]);
        let deep = vec![b'['; 1_000_000];
        assert!(call(&mut vm, "cjson", "decode", &[&deep]).is_err());
    }

    #[test]
    fn decoded_values_encode_back() {
        let mut vm = vm();
        let results =
            call(&mut vm, "cjson", "decode", &[br#"[1,"a",{"k":[true]}]"#]).expect("decodes");
        let Some(Value::Table(_)) = results.first() else {
            panic!("a table");
        };
        let globals = vm.globals;
        let Value::Table(cjson) = vm.get_field(globals, "cjson").expect("cjson") else {
            panic!("cjson");
        };
        let encode = vm.get_field(cjson, "encode").expect("encode");
        let encoded = vm.call(encode, &results).expect("encodes");
        let Some(Value::String(s)) = encoded.first() else {
            panic!("a string");
        };
        assert_eq!(vm.heap.bytes_of(*s), br#"[1,"a",{"k":[true]}]"#);
    }
}
