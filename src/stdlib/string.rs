//! The string library (lstrlib.c) bound to the VM: `byte char find format gfind gmatch gsub
//! len lower match rep reverse sub upper`, over the pattern and printf engines, and the string
//! metatable whose `__index` is the `string` table (so `s:upper()` works).

use super::pattern::{self, Capture, Found, PatternError};
use super::printf;
use crate::vm::execute::Lookup;
use crate::vm::function::{Function, NativeFunction};
use crate::vm::state::{Args, LuaError, Outcome, Resume, ResumeState, Vm};
use crate::vm::value::Value;

/// Pattern steps one library call may take (a runaway pattern stops with an error).
const PATTERN_BUDGET: u64 = 1 << 32;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let string = vm.heap.new_table(0, 16).map_err(|e| vm.heap_error(e))?;
    vm.register(
        string,
        &[
            ("byte", byte),
            ("char", char),
            ("dump", dump),
            ("find", find),
            ("format", format),
            ("gmatch", gmatch),
            ("gsub", gsub),
            ("len", len),
            ("lower", lower),
            ("match", match_),
            ("rep", rep),
            ("reverse", reverse),
            ("sub", sub),
            ("upper", upper),
        ],
    )?;
    // `gfind` is 5.0's name for `gmatch`: the same function.
    let gmatch = vm
        .get_field(string, "gmatch")
        .map_err(|e| vm.heap_error(e))?;
    vm.set_field(string, "gfind", gmatch)
        .map_err(|e| vm.heap_error(e))?;
    let globals = vm.globals;
    vm.set_field(globals, "string", Value::Table(string))
        .map_err(|e| vm.heap_error(e))?;
    let meta = vm.heap.new_table(0, 1).map_err(|e| vm.heap_error(e))?;
    vm.set_field(meta, "__index", Value::Table(string))
        .map_err(|e| vm.heap_error(e))?;
    vm.string_metatable = Some(meta);
    Ok(())
}

/// `luaL_checkinteger`: the double cast to a 64-bit integer (INT64_MIN when out of range).
fn c_integer(n: f64) -> i64 {
    const TWO_63: f64 = 9223372036854775808.0;
    if n.is_nan() || !(-TWO_63..TWO_63).contains(&n) {
        i64::MIN
    } else {
        n as i64
    }
}

fn integer_arg(vm: &mut Vm, args: Args, i: usize, default: i64) -> Result<i64, LuaError> {
    if vm.arg(args, i).is_nil() {
        Ok(default)
    } else {
        Ok(c_integer(vm.check_number(args, i)?))
    }
}

/// `posrelat`: a negative position counts from the end.
fn relative(pos: i64, len: usize) -> i64 {
    if pos < 0 {
        let pos = pos.saturating_add(len as i64 + 1);
        pos.max(0)
    } else {
        pos
    }
}

fn push_bytes(vm: &mut Vm, bytes: &[u8]) -> Result<(), LuaError> {
    let s = vm.string(bytes)?;
    vm.push(s);
    Ok(())
}

fn len(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let s = vm.check_bytes(args, 0)?;
    vm.push(Value::Number(s.len() as f64));
    Ok(Outcome::Return(1))
}

fn sub(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let s = vm.check_bytes(args, 0)?;
    let start = relative(integer_arg(vm, args, 1, 1)?, s.len()).max(1);
    let end = relative(integer_arg(vm, args, 2, -1)?, s.len()).min(s.len() as i64);
    if start <= end {
        push_bytes(vm, &s[start as usize - 1..end as usize])?;
    } else {
        push_bytes(vm, b"")?;
    }
    Ok(Outcome::Return(1))
}

fn upper(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let s = vm.check_bytes(args, 0)?.to_ascii_uppercase();
    push_bytes(vm, &s)?;
    Ok(Outcome::Return(1))
}

fn lower(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let s = vm.check_bytes(args, 0)?.to_ascii_lowercase();
    push_bytes(vm, &s)?;
    Ok(Outcome::Return(1))
}

fn reverse(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let mut s = vm.check_bytes(args, 0)?;
    s.reverse();
    push_bytes(vm, &s)?;
    Ok(Outcome::Return(1))
}

fn rep(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let s = vm.check_bytes(args, 0)?;
    let n = vm.check_int(args, 1)?.max(0) as usize;
    let total = s.len().saturating_mul(n);
    if total > vm.heap.byte_limit.saturating_sub(vm.heap.bytes) {
        return Err(vm.memory_error());
    }
    push_bytes(vm, &s.repeat(n))?;
    Ok(Outcome::Return(1))
}

fn byte(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let s = vm.check_bytes(args, 0)?;
    let first = relative(integer_arg(vm, args, 1, 1)?, s.len());
    let last = relative(integer_arg(vm, args, 2, first)?, s.len());
    let first = first.max(1);
    let last = last.min(s.len() as i64);
    if first > last {
        return Ok(Outcome::Return(0));
    }
    let n = (last - first + 1) as usize;
    if n >= crate::vm::state::MAX_STACK_VALUES {
        return Err(vm.native_error("string slice too long"));
    }
    for i in first..=last {
        vm.push(Value::Number(f64::from(s[i as usize - 1])));
    }
    Ok(Outcome::Return(n))
}

fn char(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let mut out = Vec::with_capacity(args.count);
    for i in 0..args.count {
        let c = vm.check_int(args, i)?;
        if !(0..=255).contains(&c) {
            return Err(vm.arg_error(i + 1, "invalid value"));
        }
        out.push(c as u8);
    }
    push_bytes(vm, &out)?;
    Ok(Outcome::Return(1))
}

/// `string.dump`: a Lua function's binary chunk (natives cannot be dumped).
fn dump(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let Value::Function(f) = vm.arg(args, 0) else {
        return Err(vm.type_arg_error(args, 0, "function"));
    };
    let Function::Lua(closure) = vm.heap.function(f) else {
        return Err(vm.native_error("unable to dump given function"));
    };
    let bytes = crate::compiler::dump::dump(&closure.proto.proto);
    push_bytes(vm, &bytes)?;
    Ok(Outcome::Return(1))
}

fn format(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let fmt = vm.check_bytes(args, 0)?;
    let mut out = Vec::with_capacity(fmt.len());
    let mut arg = 0;
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        if fmt.get(i + 1) == Some(&b'%') {
            out.push(b'%');
            i += 2;
            continue;
        }
        arg += 1;
        if arg >= args.count {
            return Err(vm.arg_error(arg + 1, "no value"));
        }
        let (spec, next) = match printf::parse_spec(&fmt, i + 1) {
            Ok(parsed) => parsed,
            Err(e) => return Err(vm.native_error(e.message())),
        };
        i = next;
        match spec.conversion {
            b'c' | b'd' | b'i' | b'o' | b'u' | b'x' | b'X' | b'e' | b'E' | b'f' | b'g' | b'G' => {
                let n = vm.check_number(args, arg)?;
                if let Some(text) = printf::format_number(&spec, n) {
                    out.extend_from_slice(&text);
                }
            }
            b'q' => {
                let s = vm.check_bytes(args, arg)?;
                out.extend_from_slice(&printf::quote(&s));
            }
            b's' => {
                let s = vm.check_bytes(args, arg)?;
                if spec.precision.is_none() && s.len() >= 100 {
                    out.extend_from_slice(&s);
                } else {
                    out.extend_from_slice(&printf::until_nul(printf::format_string(&spec, &s)));
                }
            }
            other => {
                // 5.1 formats the option with `%c`: a NUL adds nothing.
                let shown = if other == 0 {
                    String::new()
                } else {
                    char::from(other).to_string()
                };
                let message = format!("invalid option '%{shown}' to 'format'");
                return Err(vm.native_error(&message));
            }
        }
    }
    push_bytes(vm, &out)?;
    Ok(Outcome::Return(1))
}

fn pattern_error(vm: &mut Vm, error: PatternError) -> LuaError {
    vm.native_error(error.message())
}

/// `push_onecapture`: capture `i` (the whole match when there are none and `i` is 0).
fn capture_value(
    vm: &mut Vm,
    subject: &[u8],
    start: usize,
    found: &Found,
    i: usize,
) -> Result<Value, LuaError> {
    match found.captures.get(i) {
        None if i == 0 => vm.string(&subject[start..found.end]),
        None => Err(vm.native_error("invalid capture index")),
        Some(Capture::Span { start, end }) => vm.string(&subject[*start..*end]),
        Some(Capture::Position(p)) => Ok(Value::Number((*p + 1) as f64)),
        Some(Capture::Unfinished) => Err(vm.native_error("unfinished capture")),
    }
}

/// `push_captures`: every capture, or the whole match when there are none.
fn push_captures(
    vm: &mut Vm,
    subject: &[u8],
    start: usize,
    found: &Found,
) -> Result<usize, LuaError> {
    let n = found.captures.len().max(1);
    for i in 0..n {
        let v = capture_value(vm, subject, start, found, i)?;
        vm.push(v);
    }
    Ok(n)
}

fn find_or_match(vm: &mut Vm, args: Args, find: bool) -> Result<Outcome, LuaError> {
    let subject = vm.check_bytes(args, 0)?;
    let pattern = vm.check_bytes(args, 1)?;
    let init = relative(integer_arg(vm, args, 2, 1)?, subject.len()) - 1;
    let init = init.clamp(0, subject.len() as i64) as usize;
    if find && (vm.arg(args, 3).is_truthy() || pattern::is_plain(&pattern)) {
        let needle = pattern::effective_pattern(&pattern);
        return match pattern::find_plain(&subject, needle, init) {
            Some(start) => {
                vm.push(Value::Number((start + 1) as f64));
                vm.push(Value::Number((start + needle.len()) as f64));
                Ok(Outcome::Return(2))
            }
            None => {
                vm.push(Value::Nil);
                Ok(Outcome::Return(1))
            }
        };
    }
    let mut budget = PATTERN_BUDGET;
    match pattern::find(&subject, &pattern, init, &mut budget) {
        Err(e) => Err(pattern_error(vm, e)),
        Ok(None) => {
            vm.push(Value::Nil);
            Ok(Outcome::Return(1))
        }
        Ok(Some((start, found))) => {
            if find {
                vm.push(Value::Number((start + 1) as f64));
                vm.push(Value::Number(found.end as f64));
                let mut n = 2;
                for i in 0..found.captures.len() {
                    let v = capture_value(vm, &subject, start, &found, i)?;
                    vm.push(v);
                    n += 1;
                }
                Ok(Outcome::Return(n))
            } else {
                let n = push_captures(vm, &subject, start, &found)?;
                Ok(Outcome::Return(n))
            }
        }
    }
}

fn find(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    find_or_match(vm, args, true)
}

fn match_(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    find_or_match(vm, args, false)
}

fn gmatch(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let subject = vm.check_bytes(args, 0)?;
    let pattern = vm.check_bytes(args, 1)?;
    let s = vm.string(&subject)?;
    let p = vm.string(&pattern)?;
    let env = vm.globals;
    let f = vm
        .heap
        .new_function(Function::Native(NativeFunction {
            function: gmatch_step,
            name: "gmatch_aux",
            upvalues: Box::new([s, p, Value::Number(0.0)]),
            env,
        }))
        .map_err(|_| vm.memory_error())?;
    vm.push(Value::Function(f));
    Ok(Outcome::Return(1))
}

fn gmatch_step(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let Function::Native(native) = vm.heap.function(args.function) else {
        return Ok(Outcome::Return(0));
    };
    let (s, p, pos) = match native.upvalues[..] {
        [Value::String(s), Value::String(p), Value::Number(pos)] => (s, p, pos as usize),
        _ => return Ok(Outcome::Return(0)),
    };
    let subject = vm.heap.shared_bytes(s);
    let pattern = vm.heap.shared_bytes(p);
    let body = pattern::effective_pattern(&pattern);
    let mut budget = PATTERN_BUDGET;
    let mut start = pos;
    while start <= subject.len() {
        match pattern::match_at(&subject, body, start, &mut budget) {
            Err(e) => return Err(pattern_error(vm, e)),
            Ok(Some(found)) => {
                let next = if found.end == start {
                    found.end + 1
                } else {
                    found.end
                };
                if let Function::Native(native) = vm.heap.functions.get_mut(args.function.0) {
                    native.upvalues[2] = Value::Number(next as f64);
                }
                let n = push_captures(vm, &subject, start, &found)?;
                return Ok(Outcome::Return(n));
            }
            Ok(None) => start += 1,
        }
    }
    Ok(Outcome::Return(0))
}

/// gsub's progress, kept across replacement-function calls: subject, pattern, replacement in
/// `values`; source offset, matches so far, limit, anchored, match start and end in `numbers`.
fn gsub(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let subject = vm.check_bytes(args, 0)?;
    let pattern = vm.check_bytes(args, 1)?;
    let repl = vm.arg(args, 2);
    if !matches!(
        repl,
        Value::Number(_) | Value::String(_) | Value::Table(_) | Value::Function(_)
    ) {
        return Err(vm.arg_error(3, "string/function/table expected"));
    }
    let max = integer_arg(vm, args, 3, subject.len() as i64 + 1)?;
    let max = crate::vm::native::c_int(max as f64);
    let s = vm.string(&subject)?;
    let p = vm.string(&pattern)?;
    let state = ResumeState {
        values: vec![s, p, repl],
        numbers: vec![0, 0, max, 0, 0, 0],
        ..Default::default()
    };
    gsub_run(vm, state)
}

fn gsub_run(vm: &mut Vm, mut state: ResumeState) -> Result<Outcome, LuaError> {
    let (Value::String(s), Value::String(p)) = (state.values[0], state.values[1]) else {
        return Ok(Outcome::Return(0));
    };
    let repl = state.values[2];
    let subject = vm.heap.shared_bytes(s);
    let whole = vm.heap.shared_bytes(p);
    let effective = pattern::effective_pattern(&whole);
    let (anchored, body) = match effective.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, effective),
    };
    let mut src = state.numbers[0] as usize;
    let mut n = state.numbers[1];
    let max = state.numbers[2];
    let mut budget = PATTERN_BUDGET;
    while n < max {
        let found = match pattern::match_at(&subject, body, src, &mut budget) {
            Ok(found) => found,
            Err(e) => return Err(pattern_error(vm, e)),
        };
        if let Some(found) = &found {
            n += 1;
            match repl {
                Value::String(_) | Value::Number(_) => {
                    let text = vm.plain_text(&repl);
                    add_string(vm, &mut state.bytes, &text, &subject, src, found)?;
                }
                Value::Table(t) => {
                    // `lua_gettable`: metamethods included; an __index function is a call.
                    let key = capture_value(vm, &subject, src, found, 0)?;
                    match vm.index(Value::Table(t), key, None)? {
                        Lookup::Value(value) => {
                            add_replacement(vm, &mut state.bytes, value, &subject[src..found.end])?
                        }
                        Lookup::Call(handler, object, key) => {
                            state.numbers = vec![
                                src as i64,
                                n,
                                max,
                                i64::from(anchored),
                                src as i64,
                                found.end as i64,
                            ];
                            return Ok(Outcome::Call {
                                function: handler,
                                args: vec![object, key],
                                then: Resume {
                                    step: gsub_replaced,
                                    state,
                                },
                            });
                        }
                    }
                }
                _ => {
                    let count = found.captures.len().max(1);
                    let mut call_args = Vec::with_capacity(count);
                    for i in 0..count {
                        call_args.push(capture_value(vm, &subject, src, found, i)?);
                    }
                    state.numbers = vec![
                        src as i64,
                        n,
                        max,
                        i64::from(anchored),
                        src as i64,
                        found.end as i64,
                    ];
                    return Ok(Outcome::Call {
                        function: repl,
                        args: call_args,
                        then: Resume {
                            step: gsub_replaced,
                            state,
                        },
                    });
                }
            }
        }
        match found {
            Some(found) if found.end > src => src = found.end,
            _ if src < subject.len() => {
                state.bytes.push(subject[src]);
                src += 1;
            }
            _ => break,
        }
        if anchored {
            break;
        }
    }
    state
        .bytes
        .extend_from_slice(&subject[src.min(subject.len())..]);
    let result = vm.string(&state.bytes)?;
    vm.push(result);
    vm.push(Value::Number(n as f64));
    Ok(Outcome::Return(2))
}

/// The replacement function returned: add its value, then go on matching.
fn gsub_replaced(vm: &mut Vm, mut state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let value = vm.pop_first_result(n);
    let Value::String(s) = state.values[0] else {
        return Ok(Outcome::Return(0));
    };
    let subject = vm.heap.shared_bytes(s);
    let (start, end) = (state.numbers[4] as usize, state.numbers[5] as usize);
    add_replacement(vm, &mut state.bytes, value, &subject[start..end])?;
    let anchored = state.numbers[3] != 0;
    let mut src = start;
    if end > src {
        src = end;
    } else if src < subject.len() {
        state.bytes.push(subject[src]);
        src += 1;
    } else {
        state.numbers[0] = src as i64;
        state.numbers[2] = state.numbers[1];
        return gsub_run(vm, state);
    }
    state.numbers[0] = src as i64;
    if anchored {
        state.numbers[2] = state.numbers[1];
    }
    gsub_run(vm, state)
}

/// `add_value` for a table or function result: false/nil keeps the match, strings and numbers
/// replace it, anything else is an error.
fn add_replacement(
    vm: &mut Vm,
    out: &mut Vec<u8>,
    value: Value,
    matched: &[u8],
) -> Result<(), LuaError> {
    match value {
        Value::Nil | Value::Boolean(false) => out.extend_from_slice(matched),
        Value::String(_) | Value::Number(_) => out.extend_from_slice(&vm.plain_text(&value)),
        other => {
            let message = format!("invalid replacement value (a {})", other.type_name());
            return Err(vm.native_error(&message));
        }
    }
    Ok(())
}

/// `add_s`: a replacement string with `%0`-`%9` and `%%`.
fn add_string(
    vm: &mut Vm,
    out: &mut Vec<u8>,
    repl: &[u8],
    subject: &[u8],
    start: usize,
    found: &Found,
) -> Result<(), LuaError> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        // A `%` at the very end reads C's terminating NUL, and adds it.
        let d = repl.get(i).copied().unwrap_or(0);
        i += 1;
        if !d.is_ascii_digit() {
            out.push(d);
        } else if d == b'0' {
            out.extend_from_slice(&subject[start..found.end]);
        } else {
            let v = capture_value(vm, subject, start, found, usize::from(d - b'1'))?;
            out.extend_from_slice(&vm.plain_text(&v));
        }
    }
    Ok(())
}
