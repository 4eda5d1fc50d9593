//! The parts of the debug library (ldblib.c) a sandbox can offer for real: `traceback`,
//! `getinfo` (source, lines, name, what, upvalue count, function), `getmetatable`,
//! `setmetatable`, `getregistry`, `getfenv`, `setfenv`, `getupvalue`, `setupvalue`. Hooks and
//! local-variable access are left out.

use crate::compiler::symbolic::register_name;
use crate::compiler::{chunk_id, RUNTIME_ID_SIZE};
use crate::vm::function::{Function, Upvalue};
use crate::vm::metamethod::metatable_of;
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::{FunctionRef, TableRef, Value};

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let debug = vm.heap.new_table(0, 16).map_err(|e| vm.heap_error(e))?;
    vm.register(
        debug,
        &[
            ("getfenv", getfenv),
            ("getinfo", getinfo),
            ("getmetatable", getmetatable),
            ("getregistry", getregistry),
            ("getupvalue", getupvalue),
            ("setfenv", setfenv),
            ("setmetatable", setmetatable),
            ("setupvalue", setupvalue),
            ("traceback", traceback),
        ],
    )?;
    let globals = vm.globals;
    vm.set_field(globals, "debug", Value::Table(debug))
        .map_err(|e| vm.heap_error(e))
}

/// `debug.traceback([message [, level]])`: the message and the stack traceback (a
/// non-string message is returned as it is).
fn traceback(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let message = vm.arg(args, 0);
    if !matches!(message, Value::Nil | Value::String(_) | Value::Number(_)) {
        vm.push(message);
        return Ok(Outcome::Return(1));
    }
    let mut text = Vec::new();
    if !message.is_nil() {
        text.extend_from_slice(&vm.plain_text(&message));
        text.push(b'\n');
    }
    text.extend_from_slice(&vm.traceback(None, 0));
    let s = vm.string(&text)?;
    vm.push(s);
    Ok(Outcome::Return(1))
}

/// A `getinfo` field.
fn set(vm: &mut Vm, t: TableRef, name: &str, value: Value) -> Result<(), LuaError> {
    vm.set_field(t, name, value).map_err(|e| vm.heap_error(e))
}

fn getinfo(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let what = match vm.arg(args, 1) {
        Value::Nil => b"flnSu".to_vec(),
        _ => vm.check_bytes(args, 1)?,
    };
    // The function and, for a level, its frame index and the frame that called it.
    let (function, frame) = match vm.arg(args, 0) {
        Value::Function(f) => (f, None),
        _ => {
            let level = vm.check_int(args, 0)?;
            if level == 0 {
                // Level 0 is getinfo itself.
                (args.function, None)
            } else {
                let frames = vm.thread.frames.len();
                match frames.checked_sub(level as usize) {
                    Some(i) if level > 0 => (vm.thread.frames[i].closure, Some(i)),
                    _ => {
                        vm.push(Value::Nil);
                        return Ok(Outcome::Return(1));
                    }
                }
            }
        }
    };
    let t = vm.heap.new_table(0, 12).map_err(|e| vm.heap_error(e))?;
    let (source, line_defined, last_line, nups, kind) = match vm.heap.function(function) {
        Function::Lua(f) => {
            let p = &f.proto.proto;
            let kind = if p.line_defined == 0 { "main" } else { "Lua" };
            (
                p.source.to_vec(),
                p.line_defined,
                p.last_line_defined,
                f.upvalues.len(),
                kind,
            )
        }
        Function::Native(n) => (b"=[C]".to_vec(), -1, -1, n.upvalues.len(), "C"),
    };
    for option in what.iter().copied() {
        match option {
            b'S' => {
                let s = vm.string(&source)?;
                set(vm, t, "source", s)?;
                let short = vm.string(&chunk_id(&source, RUNTIME_ID_SIZE))?;
                set(vm, t, "short_src", short)?;
                let k = vm.string(kind.as_bytes())?;
                set(vm, t, "what", k)?;
                set(vm, t, "linedefined", Value::Number(f64::from(line_defined)))?;
                set(
                    vm,
                    t,
                    "lastlinedefined",
                    Value::Number(f64::from(last_line)),
                )?;
            }
            b'l' => {
                let line = match frame {
                    Some(i) => {
                        let f = &vm.thread.frames[i];
                        f.proto.proto.line_at(f.pc.saturating_sub(1))
                    }
                    None => -1,
                };
                set(vm, t, "currentline", Value::Number(f64::from(line)))?;
            }
            b'u' => set(vm, t, "nups", Value::Number(nups as f64))?,
            b'f' => set(vm, t, "func", Value::Function(function))?,
            b'n' => {
                let name = frame.and_then(|i| frame_name(vm, i));
                match name {
                    Some((kind, name)) => {
                        let n = vm.string(&name)?;
                        set(vm, t, "name", n)?;
                        let k = vm.string(kind.as_bytes())?;
                        set(vm, t, "namewhat", k)?;
                    }
                    None => {
                        let empty = vm.string(b"")?;
                        set(vm, t, "namewhat", empty)?;
                    }
                }
            }
            b'L' | b'>' => {}
            other => {
                let message = format!("invalid option '{}'", char::from(other));
                return Err(vm.arg_error(2, &message));
            }
        }
    }
    vm.push(Value::Table(t));
    Ok(Outcome::Return(1))
}

/// How the caller of frame `i` named the function it called there.
fn frame_name(vm: &Vm, i: usize) -> Option<(&'static str, Vec<u8>)> {
    let frame = vm.thread.frames.get(i)?;
    if frame.tail_calls > 0 || !matches!(frame.then, crate::vm::state::Then::Results) {
        return None;
    }
    let caller = vm.thread.frames.get(i.checked_sub(1)?)?;
    let (kind, name) = register_name(
        &caller.proto.proto,
        caller.pc.saturating_sub(1),
        (frame.func - caller.base) as u32,
    )?;
    Some((kind.as_str(), name))
}

fn getmetatable(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let v = vm.check_any(args, 0)?;
    let mt = metatable_of(&vm.heap, vm.string_metatable, &v).map_or(Value::Nil, Value::Table);
    vm.push(mt);
    Ok(Outcome::Return(1))
}

fn setmetatable(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let v = vm.arg(args, 0);
    let mt = match vm.arg(args, 1) {
        Value::Nil => None,
        Value::Table(t) => Some(t),
        _ => return Err(vm.arg_error(2, "nil or table expected")),
    };
    match v {
        Value::Table(t) => vm.heap.tables.get_mut(t.0).metatable = mt,
        Value::Userdata(u) => vm.heap.userdata.get_mut(u.0).metatable = mt,
        Value::String(_) => vm.string_metatable = mt,
        _ => return Err(vm.native_error("cannot set the metatable of this type here")),
    }
    vm.push(Value::Boolean(true));
    Ok(Outcome::Return(1))
}

fn getregistry(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    vm.push(Value::Table(vm.registry));
    Ok(Outcome::Return(1))
}

fn getfenv(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let env = match vm.arg(args, 0) {
        Value::Function(f) => Value::Table(vm.heap.function(f).env()),
        Value::Userdata(u) => vm
            .heap
            .userdata
            .get(u.0)
            .env
            .map_or(Value::Nil, Value::Table),
        Value::Thread(_) => Value::Table(vm.globals),
        _ => Value::Nil,
    };
    vm.push(env);
    Ok(Outcome::Return(1))
}

fn setfenv(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let target = vm.arg(args, 0);
    let env = vm.check_table(args, 1)?;
    match target {
        Value::Function(f) => vm.heap.functions.get_mut(f.0).set_env(env),
        Value::Userdata(u) => vm.heap.userdata.get_mut(u.0).env = Some(env),
        _ => return Err(vm.native_error("'setfenv' cannot change environment of given object")),
    }
    vm.push(target);
    Ok(Outcome::Return(1))
}

/// The function argument and upvalue number (1-based) of get/setupvalue.
fn upvalue_arg(vm: &mut Vm, args: Args) -> Result<(FunctionRef, usize), LuaError> {
    let Value::Function(f) = vm.arg(args, 0) else {
        return Err(vm.type_arg_error(args, 0, "function"));
    };
    let n = vm.check_int(args, 1)?;
    Ok((f, n.max(0) as usize))
}

/// An upvalue's name (empty for natives' upvalues) and current value.
fn upvalue_at(vm: &Vm, f: FunctionRef, n: usize) -> Option<(Vec<u8>, Value)> {
    match vm.heap.function(f) {
        Function::Lua(c) => {
            let index = *c.upvalues.get(n.checked_sub(1)?)?;
            let name = c
                .proto
                .proto
                .upvalue_names
                .get(n - 1)
                .map_or(Vec::new(), |s| s.to_vec());
            Some((name, vm.upvalue(index)))
        }
        Function::Native(native) => Some((Vec::new(), *native.upvalues.get(n.checked_sub(1)?)?)),
    }
}

fn getupvalue(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let (f, n) = upvalue_arg(vm, args)?;
    match upvalue_at(vm, f, n) {
        Some((name, value)) => {
            let name = vm.string(&name)?;
            vm.push(name);
            vm.push(value);
            Ok(Outcome::Return(2))
        }
        None => Ok(Outcome::Return(0)),
    }
}

fn setupvalue(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let (f, n) = upvalue_arg(vm, args)?;
    let value = vm.check_any(args, 2)?;
    let Some((name, _)) = upvalue_at(vm, f, n) else {
        return Ok(Outcome::Return(0));
    };
    match vm.heap.functions.get_mut(f.0) {
        Function::Lua(c) => {
            let index = c.upvalues[n - 1];
            match vm.heap.upvalues.get(index) {
                Upvalue::Open { .. } | Upvalue::Closed(_) => vm.set_upvalue(index, value),
            }
        }
        Function::Native(native) => native.upvalues[n - 1] = value,
    }
    let name = vm.string(&name)?;
    vm.push(name);
    Ok(Outcome::Return(1))
}
