//! What `ferrous-lua run` offers of liolib.c and loslib.c within a sandbox's reason:
//! `io.write`, `io.read` and `io.lines` on standard input, the `io.stdout`/`io.stderr`/
//! `io.stdin` files with `write`, `read`, `lines`, `flush`; `os.time os.clock os.getenv
//! os.difftime os.exit`. Standard output goes through the VM's output buffer (so it
//! interleaves with `print`); the wasm build hands it to the embedder.

use super::base::{flush_output, write_output};
use crate::number::number_to_string;
use crate::vm::heap::Userdata;
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::{TableRef, Value};

/// Which standard stream a file userdata stands for, by its userdata index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    Stdin,
    Stdout,
    Stderr,
}

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let io = vm.heap.new_table(0, 8).map_err(|e| vm.heap_error(e))?;
    vm.register(
        io,
        &[("write", io_write), ("read", io_read), ("lines", io_lines)],
    )?;
    let methods = vm.heap.new_table(0, 8).map_err(|e| vm.heap_error(e))?;
    vm.register(
        methods,
        &[
            ("write", file_write),
            ("read", file_read),
            ("lines", file_lines),
            ("flush", file_flush),
            ("setvbuf", file_flush),
        ],
    )?;
    let meta = vm.heap.new_table(0, 2).map_err(|e| vm.heap_error(e))?;
    vm.set_field(meta, "__index", Value::Table(methods))
        .map_err(|e| vm.heap_error(e))?;
    let mut streams = Vec::new();
    for name in ["stdin", "stdout", "stderr"] {
        let u = vm
            .heap
            .new_userdata(Userdata {
                metatable: Some(meta),
                env: None,
            })
            .map_err(|_| vm.memory_error())?;
        vm.set_field(io, name, Value::Userdata(u))
            .map_err(|e| vm.heap_error(e))?;
        streams.push(u.0);
    }
    vm.set_field(vm.registry, "io.streams", Value::Table(io))
        .map_err(|e| vm.heap_error(e))?;
    let globals = vm.globals;
    vm.set_field(globals, "io", Value::Table(io))
        .map_err(|e| vm.heap_error(e))?;

    let os = vm.heap.new_table(0, 8).map_err(|e| vm.heap_error(e))?;
    vm.register(
        os,
        &[
            ("clock", os_clock),
            ("date", os_date),
            ("difftime", os_difftime),
            ("exit", os_exit),
            ("getenv", os_getenv),
            ("time", os_time),
        ],
    )?;
    vm.set_field(globals, "os", Value::Table(os))
        .map_err(|e| vm.heap_error(e))
}

/// The io table (kept in the registry so replacing the global does not lose the streams).
fn io_table(vm: &mut Vm) -> Option<TableRef> {
    match vm.get_field(vm.registry, "io.streams") {
        Ok(Value::Table(t)) => Some(t),
        _ => None,
    }
}

fn stream_of(vm: &mut Vm, value: &Value) -> Option<Stream> {
    let Value::Userdata(u) = value else {
        return None;
    };
    let io = io_table(vm)?;
    for (name, stream) in [
        ("stdin", Stream::Stdin),
        ("stdout", Stream::Stdout),
        ("stderr", Stream::Stderr),
    ] {
        if let Ok(Value::Userdata(s)) = vm.get_field(io, name) {
            if s == *u {
                return Some(stream);
            }
        }
    }
    None
}

/// `g_write`: strings and numbers (numbers as `%.14g`), from argument `first`.
fn write_values(vm: &mut Vm, args: Args, first: usize, stream: Stream) -> Result<(), LuaError> {
    let mut text = Vec::new();
    for i in first..args.count {
        match vm.arg(args, i) {
            Value::Number(n) => text.extend_from_slice(number_to_string(n).as_bytes()),
            Value::String(s) => text.extend_from_slice(vm.heap.bytes_of(s)),
            _ => return Err(vm.type_arg_error(args, i, "string")),
        }
    }
    match stream {
        Stream::Stdout => write_output(vm, &text),
        Stream::Stderr => {
            use std::io::Write;
            flush_output(vm);
            let _ = std::io::stderr().write_all(&text);
        }
        Stream::Stdin => return Err(vm.native_error("file not writable")),
    }
    Ok(())
}

/// 5.1's `io.write` and `file:write` answer `true` (returning the file came with 5.2).
fn io_write(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    write_values(vm, args, 0, Stream::Stdout)?;
    vm.push(Value::Boolean(true));
    Ok(Outcome::Return(1))
}

fn file_write(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let file = vm.arg(args, 0);
    let Some(stream) = stream_of(vm, &file) else {
        return Err(vm.type_arg_error(args, 0, "FILE*"));
    };
    write_values(vm, args, 1, stream)?;
    vm.push(Value::Boolean(true));
    Ok(Outcome::Return(1))
}

fn file_flush(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let file = vm.arg(args, 0);
    if stream_of(vm, &file).is_none() {
        return Err(vm.type_arg_error(args, 0, "FILE*"));
    }
    flush_output(vm);
    vm.push(Value::Boolean(true));
    Ok(Outcome::Return(1))
}

#[cfg(not(target_arch = "wasm32"))]
fn read_stdin() -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut bytes);
    bytes
}

#[cfg(target_arch = "wasm32")]
fn read_stdin() -> Vec<u8> {
    Vec::new()
}

/// Standard input, read whole on first use (the wasm build has none: it is empty).
fn input(vm: &mut Vm) -> (&[u8], &mut usize) {
    if vm.input.is_none() {
        vm.input = Some(read_stdin());
    }
    let data = vm.input.as_deref().unwrap_or(&[]);
    (data, &mut vm.input_position)
}

/// One of `io.read`'s formats applied to standard input: its value, or None at the end.
fn read_format(vm: &mut Vm, format: &Value, n: usize) -> Result<Option<Value>, LuaError> {
    enum Format {
        Number,
        Line,
        All,
        Count(usize),
    }
    let format = match format {
        Value::Number(count) => Format::Count(count.max(0.0) as usize),
        Value::String(s) => {
            let text = vm.heap.bytes_of(*s);
            if text.first() != Some(&b'*') {
                return Err(vm.arg_error(n, "invalid option"));
            }
            match text.get(1) {
                Some(b'n') => Format::Number,
                Some(b'l') => Format::Line,
                Some(b'a') => Format::All,
                _ => return Err(vm.arg_error(n, "invalid format")),
            }
        }
        _ => return Err(vm.arg_error(n, "invalid option")),
    };
    let (data, position) = input(vm);
    let rest = &data[(*position).min(data.len())..];
    let piece: Option<Vec<u8>> = match format {
        Format::All => {
            *position += rest.len();
            Some(rest.to_vec())
        }
        Format::Line => {
            if rest.is_empty() {
                None
            } else {
                let end = rest.iter().position(|&b| b == b'\n');
                let line = rest[..end.unwrap_or(rest.len())].to_vec();
                *position += end.map_or(rest.len(), |e| e + 1);
                Some(line)
            }
        }
        Format::Count(0) => (!rest.is_empty()).then(Vec::new),
        Format::Count(count) => {
            if rest.is_empty() {
                None
            } else {
                let take = count.min(rest.len());
                *position += take;
                Some(rest[..take].to_vec())
            }
        }
        Format::Number => {
            // fscanf("%lf"): leading space skipped, then the longest number.
            let skipped = rest
                .iter()
                .take_while(|b| crate::number::is_c_space(**b))
                .count();
            *position += skipped;
            let number = crate::number::strtod(&rest[skipped..]);
            return Ok(match number {
                Some((value, used)) if used > 0 => {
                    *position += used;
                    Some(Value::Number(value))
                }
                _ => None,
            });
        }
    };
    match piece {
        Some(bytes) => Ok(Some(vm.string(&bytes)?)),
        None => Ok(None),
    }
}

/// `g_read`: each format in turn (a line by default), stopping at the first that fails.
fn read_values(vm: &mut Vm, args: Args, first: usize) -> Result<Outcome, LuaError> {
    let formats: Vec<Value> = if args.count <= first {
        vec![Value::Nil]
    } else {
        (first..args.count).map(|i| vm.arg(args, i)).collect()
    };
    let mut pushed = 0;
    for (i, format) in formats.iter().enumerate() {
        let format = if format.is_nil() && args.count <= first {
            vm.string(b"*l")?
        } else {
            *format
        };
        match read_format(vm, &format, first + i + 1)? {
            Some(value) => {
                vm.push(value);
                pushed += 1;
            }
            None => {
                vm.push(Value::Nil);
                return Ok(Outcome::Return(pushed + 1));
            }
        }
    }
    Ok(Outcome::Return(pushed))
}

fn io_read(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    read_values(vm, args, 0)
}

fn file_read(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let file = vm.arg(args, 0);
    match stream_of(vm, &file) {
        Some(Stream::Stdin) => read_values(vm, args, 1),
        Some(_) => {
            vm.push(Value::Nil);
            let message = vm.string(b"Bad file descriptor")?;
            vm.push(message);
            vm.push(Value::Number(9.0));
            Ok(Outcome::Return(3))
        }
        None => Err(vm.type_arg_error(args, 0, "FILE*")),
    }
}

/// The iterator of `io.lines()`: the next line of standard input, nil at the end.
fn lines_step(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    let line = vm.string(b"*l")?;
    let value = read_format(vm, &line, 1)?.unwrap_or(Value::Nil);
    vm.push(value);
    Ok(Outcome::Return(1))
}

fn io_lines(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if !vm.arg(args, 0).is_nil() {
        return Err(vm.native_error("io.lines of a file is not available in this sandbox"));
    }
    let f = vm
        .native("lines", lines_step)
        .map_err(|e| vm.heap_error(e))?;
    vm.push(f);
    Ok(Outcome::Return(1))
}

fn file_lines(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let file = vm.arg(args, 0);
    if stream_of(vm, &file) != Some(Stream::Stdin) {
        return Err(vm.type_arg_error(args, 0, "FILE*"));
    }
    let f = vm
        .native("lines", lines_step)
        .map_err(|e| vm.heap_error(e))?;
    vm.push(f);
    Ok(Outcome::Return(1))
}

fn os_clock(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    let seconds = crate::clock::monotonic_seconds() - vm.started;
    vm.push(Value::Number(seconds));
    Ok(Outcome::Return(1))
}

fn os_difftime(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t2 = vm.check_number(args, 0)?;
    let t1 = vm.opt_number(args, 1, 0.0)?;
    vm.push(Value::Number(t2 - t1));
    Ok(Outcome::Return(1))
}

fn os_exit(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let code = vm.opt_int(args, 0, 0)?;
    flush_output(vm);
    match vm.on_exit {
        Some(exit) => exit(code as i32),
        None => Err(vm.native_error("os.exit is not available here")),
    }
}

fn os_getenv(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let name = vm.check_bytes(args, 0)?;
    let value = std::str::from_utf8(&name)
        .ok()
        .and_then(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned());
    let value = match value {
        Some(v) => vm.string(v.as_bytes())?,
        None => Value::Nil,
    };
    vm.push(value);
    Ok(Outcome::Return(1))
}

/// `os.time([t])`: now, or the UTC time of a date table (this sandbox's local time is UTC),
/// normalising out-of-range fields as `mktime` does.
fn os_time(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = match vm.arg(args, 0) {
        Value::Nil => {
            vm.push(Value::Number(crate::clock::unix_seconds()));
            return Ok(Outcome::Return(1));
        }
        _ => vm.check_table(args, 0)?,
    };
    let field = |vm: &mut Vm, name: &str, default: Option<i64>| -> Result<i64, LuaError> {
        match vm.get_field(t, name).map_err(|e| vm.heap_error(e))? {
            Value::Number(n) => Ok(crate::vm::native::c_int(n)),
            Value::Nil => match default {
                Some(d) => Ok(d),
                None => Err(vm.native_error(&format!("field '{name}' missing in date table"))),
            },
            _ => match default {
                Some(d) => Ok(d),
                None => Err(vm.native_error(&format!("field '{name}' missing in date table"))),
            },
        }
    };
    let sec = field(vm, "sec", Some(0))?;
    let min = field(vm, "min", Some(0))?;
    let hour = field(vm, "hour", Some(12))?;
    let day = field(vm, "day", None)?;
    let month = field(vm, "month", None)? - 1;
    let year = field(vm, "year", None)? - 1900;
    // mktime: normalise the month into the year, then count days from the epoch.
    let year = 1900 + year + month.div_euclid(12);
    let month = month.rem_euclid(12);
    let days = super::date::days_from_civil(year, month + 1, 1) + day - 1;
    let seconds = days * 86400 + hour * 3600 + min * 60 + sec;
    vm.push(Value::Number(seconds as f64));
    Ok(Outcome::Return(1))
}

/// `os.date([format [, time]])`: `*t` gives a table, otherwise strftime text (`!` for UTC is
/// the same here: local time is UTC).
fn os_date(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let spec = match vm.arg(args, 0) {
        Value::Nil => b"%c".to_vec(),
        _ => vm.check_bytes(args, 0)?,
    };
    let time = match vm.arg(args, 1) {
        Value::Nil => crate::clock::unix_seconds(),
        _ => vm.check_number(args, 1)?,
    };
    let spec = spec.strip_prefix(b"!").unwrap_or(&spec);
    let t = super::date::broken_down(time as i64);
    if spec.starts_with(b"*t") {
        let table = vm.heap.new_table(0, 9).map_err(|e| vm.heap_error(e))?;
        for (name, value) in [
            ("sec", t.sec),
            ("min", t.min),
            ("hour", t.hour),
            ("day", t.day),
            ("month", t.month),
            ("year", t.year),
            ("wday", t.wday + 1),
            ("yday", t.yday + 1),
        ] {
            vm.set_field(table, name, Value::Number(value as f64))
                .map_err(|e| vm.heap_error(e))?;
        }
        vm.set_field(table, "isdst", Value::Boolean(false))
            .map_err(|e| vm.heap_error(e))?;
        vm.push(Value::Table(table));
    } else {
        let text = super::date::format(&t, spec);
        let s = vm.string(&text)?;
        vm.push(s);
    }
    Ok(Outcome::Return(1))
}
