//! The base library (lbaselib.c): `print type tostring tonumber pairs ipairs next select
//! rawget rawset rawequal setmetatable getmetatable assert error pcall xpcall unpack
//! loadstring load getfenv setfenv collectgarbage`, `_G` and `_VERSION`, with 5.1's argument
//! checks and messages. Functions that call back into Lua do it through `Outcome`, never by
//! recursing.

use crate::compiler::loader::load as load_chunk;
use crate::number::str_to_number;
use crate::vm::function::Function;
use crate::vm::metamethod::metatable_of;
use crate::vm::native::c_int;
use crate::vm::state::{Args, LuaError, Outcome, Resume, ResumeState, Vm};
use crate::vm::value::Value;

/// Installs the base library in the globals.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let globals = vm.globals;
    vm.register(
        globals,
        &[
            ("print", print),
            ("type", type_of),
            ("tostring", tostring),
            ("tonumber", tonumber),
            ("pairs", pairs),
            ("ipairs", ipairs),
            ("next", next),
            ("select", select),
            ("rawget", rawget),
            ("rawset", rawset),
            ("rawequal", rawequal),
            ("setmetatable", setmetatable),
            ("getmetatable", getmetatable),
            ("assert", assert),
            ("error", error),
            ("pcall", pcall),
            ("xpcall", xpcall),
            ("unpack", unpack),
            ("loadstring", loadstring),
            ("load", load),
            ("loadfile", loadfile),
            ("dofile", dofile),
            ("newproxy", newproxy),
            ("getfenv", getfenv),
            ("setfenv", setfenv),
            ("collectgarbage", collectgarbage),
            ("gcinfo", gcinfo),
        ],
    )?;
    let g = Value::Table(globals);
    vm.set_field(globals, "_G", g)
        .map_err(|e| vm.heap_error(e))?;
    let version = vm.string(b"Lua 5.1")?;
    vm.set_field(globals, "_VERSION", version)
        .map_err(|e| vm.heap_error(e))?;
    Ok(())
}

/// Text for output: flushed to stdout in blocks unless the embedder collects it.
pub fn write_output(vm: &mut Vm, bytes: &[u8]) {
    vm.output.extend_from_slice(bytes);
    if !vm.collect_output && vm.output.len() >= 1 << 16 {
        flush_output(vm);
    }
}

/// Writes collected output to stdout (the CLI calls it before printing an error).
pub fn flush_output(vm: &mut Vm) {
    if vm.collect_output {
        return;
    }
    use std::io::Write;
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(&vm.output);
    let _ = stdout.flush();
    vm.output.clear();
}

/// Whether `tostring` of `value` needs a call (a `__tostring` handler, or a replaced global
/// `tostring`), else its text.
fn direct_text(vm: &mut Vm, value: &Value) -> Option<Vec<u8>> {
    if let Some(mt) = metatable_of(&vm.heap, vm.string_metatable, value) {
        if !vm.heap.table(mt).get_str(vm.names.tostring).is_nil() {
            return None;
        }
    }
    Some(vm.plain_text(value))
}

fn print(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let values: Vec<Value> = (0..args.count).map(|i| vm.arg(args, i)).collect();
    print_from(vm, values, 0)
}

/// Prints `values[i..]`, calling the global `tostring` for each as 5.1 does.
fn print_from(vm: &mut Vm, values: Vec<Value>, start: usize) -> Result<Outcome, LuaError> {
    let tostring_global = vm
        .get_field(vm.globals, "tostring")
        .map_err(|e| vm.heap_error(e))?;
    let builtin = matches!(tostring_global, Value::Function(f)
        if matches!(vm.heap.function(f), Function::Native(n) if n.name == "tostring"));
    for i in start..values.len() {
        if i > 0 {
            write_output(vm, b"\t");
        }
        let text = if builtin {
            direct_text(vm, &values[i])
        } else {
            None
        };
        match text {
            Some(text) => write_output(vm, until_nul(&text)),
            None => {
                return Ok(Outcome::Call {
                    function: tostring_global,
                    args: vec![values[i]],
                    then: Resume {
                        step: print_piece,
                        state: ResumeState {
                            values,
                            numbers: vec![i as i64],
                            ..Default::default()
                        },
                    },
                });
            }
        }
    }
    write_output(vm, b"\n");
    Ok(Outcome::Return(0))
}

fn print_piece(vm: &mut Vm, state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let value = vm.pop_first_result(n);
    let text = match value {
        Value::String(s) => vm.heap.bytes_of(s).to_vec(),
        Value::Number(_) => vm.plain_text(&value),
        _ => return Err(vm.native_error("'tostring' must return a string to 'print'")),
    };
    write_output(vm, until_nul(&text));
    let next = state.numbers.first().copied().unwrap_or(0) as usize + 1;
    print_from(vm, state.values, next)
}

/// `print` writes with C's `fputs`, which stops at a NUL byte.
fn until_nul(text: &[u8]) -> &[u8] {
    match text.iter().position(|&b| b == 0) {
        Some(nul) => &text[..nul],
        None => text,
    }
}

fn type_of(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let v = vm.check_any(args, 0)?;
    let name = vm.string(v.type_name().as_bytes())?;
    vm.push(name);
    Ok(Outcome::Return(1))
}

fn tostring(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let v = vm.check_any(args, 0)?;
    if let Some(mt) = metatable_of(&vm.heap, vm.string_metatable, &v) {
        let f = vm.heap.table(mt).get_str(vm.names.tostring);
        if !f.is_nil() {
            return Ok(Outcome::Call {
                function: f,
                args: vec![v],
                then: Resume {
                    step: first_result,
                    state: ResumeState::default(),
                },
            });
        }
    }
    let text = vm.plain_text(&v);
    let s = vm.string(&text)?;
    vm.push(s);
    Ok(Outcome::Return(1))
}

/// Continuation that returns exactly the first result of the call it made.
fn first_result(vm: &mut Vm, _: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let value = vm.pop_first_result(n);
    vm.push(value);
    Ok(Outcome::Return(1))
}

fn tonumber(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let base = vm.opt_int(args, 1, 10)?;
    let result = if base == 10 {
        let v = vm.check_any(args, 0)?;
        match v {
            Value::Number(n) => Some(n),
            Value::String(s) => str_to_number(vm.heap.bytes_of(s)),
            _ => None,
        }
    } else {
        let text = vm.check_bytes(args, 0)?;
        if !(2..=36).contains(&base) {
            return Err(vm.arg_error(2, "base out of range"));
        }
        parse_in_base(&text, base as u32)
    };
    vm.push(result.map_or(Value::Nil, Value::Number));
    Ok(Outcome::Return(1))
}

/// `strtoul(text, &end, base)` followed by 5.1's check that only spaces follow.
fn parse_in_base(text: &[u8], base: u32) -> Option<f64> {
    let text = match text.iter().position(|&b| b == 0) {
        Some(nul) => &text[..nul],
        None => text,
    };
    let mut i = 0;
    while i < text.len() && crate::number::is_c_space(text[i]) {
        i += 1;
    }
    let negative = match text.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    if base == 16
        && text.get(i) == Some(&b'0')
        && matches!(text.get(i + 1), Some(b'x' | b'X'))
        && text.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i += 2;
    }
    let start = i;
    let mut value: u64 = 0;
    let mut overflow = false;
    while let Some(d) = text.get(i).and_then(|c| (*c as char).to_digit(base)) {
        match value
            .checked_mul(u64::from(base))
            .and_then(|v| v.checked_add(u64::from(d)))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    while i < text.len() && crate::number::is_c_space(text[i]) {
        i += 1;
    }
    if i != text.len() {
        return None;
    }
    if overflow {
        value = u64::MAX;
    } else if negative {
        value = value.wrapping_neg();
    }
    Some(value as f64)
}

fn pairs(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let next = vm
        .get_field(vm.globals, "next")
        .map_err(|e| vm.heap_error(e))?;
    let next = match next {
        Value::Function(_) => next,
        _ => vm
            .native("next", self::next)
            .map_err(|e| vm.heap_error(e))?,
    };
    vm.push(next);
    vm.push(Value::Table(t));
    vm.push(Value::Nil);
    Ok(Outcome::Return(3))
}

fn ipairs_step(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let i = vm.check_int(args, 1)? + 1;
    let v = vm.heap.table(t).get_int(i);
    if v.is_nil() {
        return Ok(Outcome::Return(0));
    }
    vm.push(Value::Number(i as f64));
    vm.push(v);
    Ok(Outcome::Return(2))
}

fn ipairs(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let step = vm
        .native("ipairs_step", ipairs_step)
        .map_err(|e| vm.heap_error(e))?;
    vm.push(step);
    vm.push(Value::Table(t));
    vm.push(Value::Number(0.0));
    Ok(Outcome::Return(3))
}

fn next(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let key = vm.arg(args, 1);
    match vm.heap.table(t).next(&key) {
        Ok(Some((k, v))) => {
            vm.push(k);
            vm.push(v);
            Ok(Outcome::Return(2))
        }
        Ok(None) => {
            vm.push(Value::Nil);
            Ok(Outcome::Return(1))
        }
        Err(e) => Err(vm.error_value(e.message().as_bytes())),
    }
}

fn select(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if let Value::String(s) = vm.arg(args, 0) {
        if vm.heap.bytes_of(s).first() == Some(&b'#') {
            vm.push(Value::Number((args.count - 1) as f64));
            return Ok(Outcome::Return(1));
        }
    }
    let n = vm.check_int(args, 0)?;
    let top = args.count as i64;
    let n = if n < 0 { top + n } else { n.min(top) };
    if n < 1 {
        return Err(vm.arg_error(1, "index out of range"));
    }
    for i in n as usize..args.count {
        let v = vm.arg(args, i);
        vm.push(v);
    }
    Ok(Outcome::Return(args.count - n as usize))
}

fn rawget(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let k = vm.check_any(args, 1)?;
    let v = vm.heap.table(t).get(&k);
    vm.push(v);
    Ok(Outcome::Return(1))
}

fn rawset(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let k = vm.check_any(args, 1)?;
    let v = vm.check_any(args, 2)?;
    vm.heap.table_set(t, k, v).map_err(|e| vm.api_error(e))?;
    vm.push(Value::Table(t));
    Ok(Outcome::Return(1))
}

fn rawequal(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let a = vm.check_any(args, 0)?;
    let b = vm.check_any(args, 1)?;
    vm.push(Value::Boolean(a.raw_equals(&b)));
    Ok(Outcome::Return(1))
}

fn setmetatable(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let mt = match vm.arg(args, 1) {
        Value::Nil if args.count >= 2 => None,
        Value::Table(mt) => Some(mt),
        _ => return Err(vm.arg_error(2, "nil or table expected")),
    };
    if let Some(old) = vm.heap.table(t).metatable {
        if !vm.heap.table(old).get_str(vm.names.metatable).is_nil() {
            return Err(vm.native_error("cannot change a protected metatable"));
        }
    }
    if vm.heap.table(t).readonly {
        // Raised by lua_setmetatable itself, so without a position.
        let message = crate::vm::table::TableError::ReadOnly.message();
        return Err(vm.error_value(message.as_bytes()));
    }
    vm.heap.tables.get_mut(t.0).metatable = mt;
    vm.push(Value::Table(t));
    Ok(Outcome::Return(1))
}

fn getmetatable(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let v = vm.check_any(args, 0)?;
    let result = match metatable_of(&vm.heap, vm.string_metatable, &v) {
        None => Value::Nil,
        Some(mt) => {
            let protected = vm.heap.table(mt).get_str(vm.names.metatable);
            if protected.is_nil() {
                Value::Table(mt)
            } else {
                protected
            }
        }
    };
    vm.push(result);
    Ok(Outcome::Return(1))
}

fn assert(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let v = vm.check_any(args, 0)?;
    if v.is_truthy() {
        return Ok(Outcome::Return(args.count));
    }
    let message = match vm.arg(args, 1) {
        Value::Nil => b"assertion failed!".to_vec(),
        _ => vm.check_bytes(args, 1)?,
    };
    let mut text = vm.position();
    text.extend_from_slice(&message);
    Err(vm.error_value(&text))
}

/// `luaL_where(L, level)`: the position of the function `level` calls up from the running
/// native, when that function is Lua code. Natives have no frames here, so the walk counts
/// one native level wherever a frame was called on a native's behalf.
fn position_at(vm: &Vm, level: i64) -> Vec<u8> {
    let mut level = level;
    if level < 1 {
        return Vec::new();
    }
    // Level 1 is whoever called the running native.
    if !vm.caller_is_lua {
        level -= 1;
        if level < 1 {
            return Vec::new();
        }
    }
    let mut frames = vm.thread.frames.iter().rev();
    let mut frame = frames.next();
    while level > 1 {
        let Some(current) = frame else {
            return Vec::new();
        };
        let via_native = matches!(
            current.then,
            crate::vm::state::Then::Protected
                | crate::vm::state::Then::Native(_)
                | crate::vm::state::Then::Handled
                | crate::vm::state::Then::Host
        );
        level -= 1;
        if via_native {
            if level == 1 {
                return Vec::new();
            }
            level -= 1;
        }
        frame = frames.next();
    }
    let Some(frame) = frame else {
        return Vec::new();
    };
    let proto = &frame.proto.proto;
    let line = proto.line_at(frame.pc.saturating_sub(1));
    if line <= 0 {
        return Vec::new();
    }
    let mut text = crate::compiler::chunk_id(&proto.source, crate::compiler::RUNTIME_ID_SIZE);
    text.extend_from_slice(format!(":{line}: ").as_bytes());
    text
}

fn error(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let level = vm.opt_int(args, 1, 1)?;
    let value = vm.arg(args, 0);
    let value = match value {
        Value::String(_) | Value::Number(_) if level > 0 => {
            let mut text = position_at(vm, level);
            text.extend_from_slice(&vm.plain_text(&value));
            vm.string(&text)?
        }
        other => other,
    };
    Err(LuaError::new(value))
}

fn pcall(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let function = vm.check_any(args, 0)?;
    let rest = (1..args.count).map(|i| vm.arg(args, i)).collect();
    Ok(Outcome::Protected {
        function,
        args: rest,
        handler: None,
        then: None,
    })
}

fn xpcall(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let handler = vm.check_any(args, 1)?;
    let function = vm.arg(args, 0);
    Ok(Outcome::Protected {
        function,
        args: Vec::new(),
        handler: Some(handler),
        then: None,
    })
}

fn unpack(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let first = vm.opt_int(args, 1, 1)?;
    let last = match vm.arg(args, 2) {
        Value::Nil => vm.heap.table(t).length() as i64,
        _ => vm.check_int(args, 2)?,
    };
    if first > last {
        return Ok(Outcome::Return(0));
    }
    let n = last - first + 1;
    if n >= crate::vm::state::MAX_STACK_VALUES as i64 || n <= 0 {
        return Err(vm.native_error("too many results to unpack"));
    }
    for i in first..=last {
        let v = vm.heap.table(t).get_int(i);
        vm.push(v);
    }
    Ok(Outcome::Return(n as usize))
}

fn loadstring(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let source = vm.check_bytes(args, 0)?;
    let name = match vm.arg(args, 1) {
        Value::Nil => source.clone(),
        _ => vm.check_bytes(args, 1)?,
    };
    push_loaded(vm, &source, &name)
}

/// Compiles `chunk` and pushes the function, or nil and the message (5.1's `load_aux`).
fn push_loaded(vm: &mut Vm, chunk: &[u8], name: &[u8]) -> Result<Outcome, LuaError> {
    // lua.c's main chunk runs two C calls deep; callbacks add theirs.
    let depth = 2 + vm.thread.c_calls as u32;
    let loaded = if vm.binary_chunks {
        load_chunk(chunk, name, depth)
    } else {
        crate::compiler::parser::compile(chunk, name, depth)
    };
    match loaded {
        Ok(proto) => {
            let f = vm.load_main(&proto).map_err(|e| vm.heap_error(e))?;
            vm.push(f);
            Ok(Outcome::Return(1))
        }
        Err(error) => {
            let message = vm.string(&error.message)?;
            vm.push(Value::Nil);
            vm.push(message);
            Ok(Outcome::Return(2))
        }
    }
}

/// `load(reader [, name])`: the chunk is the concatenation of the reader's pieces, up to nil
/// or an empty string; reader errors make `load` return nil and the message.
fn load(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let reader = vm.arg(args, 0);
    if !matches!(reader, Value::Function(_)) {
        return Err(vm.type_arg_error(args, 0, "function"));
    }
    let name = match vm.arg(args, 1) {
        Value::Nil => vm.string(b"=(load)")?,
        _ => {
            let bytes = vm.check_bytes(args, 1)?;
            vm.string(&bytes)?
        }
    };
    Ok(read_piece(ResumeState {
        values: vec![reader, name],
        ..Default::default()
    }))
}

fn read_piece(state: ResumeState) -> Outcome {
    let reader = state.values[0];
    Outcome::Protected {
        function: reader,
        args: Vec::new(),
        handler: None,
        then: Some(Resume {
            step: piece_read,
            state,
        }),
    }
}

fn piece_read(vm: &mut Vm, mut state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let len = vm.thread.stack.len();
    let results: Vec<Value> = vm.thread.stack[len - n..].to_vec();
    vm.thread.stack.truncate(len - n);
    let name = match state.values[1] {
        Value::String(s) => vm.heap.bytes_of(s).to_vec(),
        _ => b"=(load)".to_vec(),
    };
    let fail = |vm: &mut Vm, message: Value| {
        vm.push(Value::Nil);
        vm.push(message);
        Ok(Outcome::Return(2))
    };
    if !matches!(results.first(), Some(Value::Boolean(true))) {
        let message = results.get(1).copied().unwrap_or_default();
        return fail(vm, message);
    }
    match results.get(1).copied().unwrap_or_default() {
        Value::Nil => push_loaded(vm, &state.bytes, &name),
        Value::String(s) if vm.heap.bytes_of(s).is_empty() => push_loaded(vm, &state.bytes, &name),
        Value::String(s) => {
            state.bytes.extend_from_slice(vm.heap.bytes_of(s));
            Ok(read_piece(state))
        }
        _ => {
            let message = vm.string(b"reader function must return a string")?;
            fail(vm, message)
        }
    }
}

/// A file's bytes and its chunk name, or why it could not be opened.
type Opened = Result<(Vec<u8>, Vec<u8>), Vec<u8>>;

/// The chunk in file `name` (standard input when nil), as `luaL_loadfile` reads it.
fn read_file(vm: &mut Vm, args: Args) -> Result<Opened, LuaError> {
    match vm.arg(args, 0) {
        Value::Nil => {
            use std::io::Read;
            let mut bytes = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut bytes);
            Ok(Ok((bytes, b"=stdin".to_vec())))
        }
        _ => {
            let path = vm.check_bytes(args, 0)?;
            let shown = String::from_utf8_lossy(&path).into_owned();
            match std::fs::read(&shown) {
                Ok(bytes) => {
                    let mut name = b"@".to_vec();
                    name.extend_from_slice(&path);
                    Ok(Ok((bytes, name)))
                }
                Err(e) => {
                    let text = e.to_string();
                    let reason = text.split(" (os error").next().unwrap_or(&text);
                    Ok(Err(format!("cannot open {shown}: {reason}").into_bytes()))
                }
            }
        }
    }
}

fn loadfile(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    match read_file(vm, args)? {
        Ok((bytes, name)) => {
            let chunk = crate::compiler::loader::file_chunk(&bytes).into_owned();
            push_loaded(vm, &chunk, &name)
        }
        Err(message) => {
            let message = vm.string(&message)?;
            vm.push(Value::Nil);
            vm.push(message);
            Ok(Outcome::Return(2))
        }
    }
}

/// `dofile`: loads like `loadfile` and calls the chunk, passing errors on.
fn dofile(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let (bytes, name) = match read_file(vm, args)? {
        Ok(loaded) => loaded,
        Err(message) => return Err(vm.error_value(&message)),
    };
    let chunk = crate::compiler::loader::file_chunk(&bytes).into_owned();
    let depth = 2 + vm.thread.c_calls as u32;
    let proto = load_chunk(&chunk, &name, depth).map_err(|e| vm.error_value(&e.message))?;
    let f = vm.load_main(&proto).map_err(|e| vm.heap_error(e))?;
    Ok(Outcome::Call {
        function: f,
        args: Vec::new(),
        then: Resume {
            step: all_results,
            state: ResumeState::default(),
        },
    })
}

/// Continuation that returns every result of the call it made.
fn all_results(_: &mut Vm, _: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    Ok(Outcome::Return(n))
}

/// `newproxy([false | true | proxy])`: an empty userdata, with a fresh metatable for `true`
/// or another proxy's metatable.
fn newproxy(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let metatable = match vm.arg(args, 0) {
        Value::Nil | Value::Boolean(false) => None,
        Value::Boolean(true) => Some(vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?),
        Value::Userdata(u) => match vm.heap.userdata.get(u.0).metatable {
            Some(mt) if vm.proxies.contains(&mt) => Some(mt),
            _ => return Err(vm.arg_error(1, "boolean or proxy expected")),
        },
        _ => return Err(vm.arg_error(1, "boolean or proxy expected")),
    };
    if let Some(mt) = metatable {
        vm.proxies.insert(mt);
    }
    let u = vm
        .heap
        .new_userdata(crate::vm::heap::Userdata {
            metatable,
            env: None,
        })
        .map_err(|_| vm.memory_error())?;
    vm.push(Value::Userdata(u));
    Ok(Outcome::Return(1))
}

/// The function a `getfenv`/`setfenv` level or function argument names.
fn function_at(vm: &mut Vm, args: Args) -> Result<Option<crate::vm::value::FunctionRef>, LuaError> {
    match vm.arg(args, 0) {
        Value::Function(f) => Ok(Some(f)),
        _ => {
            let level = vm.opt_int(args, 0, 1)?;
            if level < 0 {
                return Err(vm.arg_error(1, "level must be non-negative"));
            }
            if level == 0 {
                return Ok(None);
            }
            match vm.thread.frames.iter().rev().nth(level as usize - 1) {
                Some(frame) => Ok(Some(frame.closure)),
                None => Err(vm.arg_error(1, "invalid level")),
            }
        }
    }
}

fn getfenv(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let env = match function_at(vm, args)? {
        Some(f) => vm.heap.function(f).env(),
        None => vm.globals,
    };
    vm.push(Value::Table(env));
    Ok(Outcome::Return(1))
}

fn setfenv(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 1)?;
    match function_at(vm, args)? {
        None => {
            vm.globals = t;
            Ok(Outcome::Return(0))
        }
        Some(f) => {
            if matches!(vm.heap.function(f), Function::Native(_)) {
                return Err(vm.native_error("'setfenv' cannot change environment of given object"));
            }
            vm.heap.functions.get_mut(f.0).set_env(t);
            vm.push(Value::Function(f));
            Ok(Outcome::Return(1))
        }
    }
}

fn collectgarbage(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    const OPTIONS: [&str; 7] = [
        "stop",
        "restart",
        "collect",
        "count",
        "step",
        "setpause",
        "setstepmul",
    ];
    let option = match vm.arg(args, 0) {
        Value::Nil => b"collect".to_vec(),
        _ => vm.check_bytes(args, 0)?,
    };
    let Some(index) = OPTIONS
        .iter()
        .position(|o| o.as_bytes() == option.as_slice())
    else {
        let message = format!("invalid option '{}'", String::from_utf8_lossy(&option));
        return Err(vm.arg_error(1, &message));
    };
    if OPTIONS[index] == "collect" {
        vm.collect_garbage();
    }
    let result = match OPTIONS[index] {
        "count" => vm.heap.bytes as f64 / 1024.0,
        "step" => 0.0,
        "setpause" | "setstepmul" => {
            let _ = c_int(vm.opt_number(args, 1, 0.0)?);
            200.0
        }
        _ => 0.0,
    };
    if OPTIONS[index] == "step" {
        vm.push(Value::Boolean(false));
    } else {
        vm.push(Value::Number(result));
    }
    Ok(Outcome::Return(1))
}

fn gcinfo(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    vm.push(Value::Number((vm.heap.bytes / 1024) as f64));
    Ok(Outcome::Return(1))
}
