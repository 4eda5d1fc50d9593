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

/// Standard input is the sandbox's empty stream: every read finds its end.
fn read_nothing(vm: &mut Vm, args: Args, first: usize) -> Result<Outcome, LuaError> {
    let formats = args.count.saturating_sub(first).max(1);
    for i in 0..formats {
        let format = vm.arg(args, first + i);
        let value = match format {
            Value::String(s) if vm.heap.bytes_of(s).starts_with(b"*a") => vm.string(b"")?,
            Value::Nil | Value::Number(_) | Value::String(_) => Value::Nil,
            _ => return Err(vm.arg_error(first + i + 1, "invalid format")),
        };
        vm.push(value);
        if value.is_nil() {
            return Ok(Outcome::Return(i + 1));
        }
    }
    Ok(Outcome::Return(formats))
}

fn io_read(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    read_nothing(vm, args, 0)
}

fn file_read(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    read_nothing(vm, args, 1)
}

fn lines_step(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    vm.push(Value::Nil);
    Ok(Outcome::Return(1))
}

fn io_lines(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    let f = vm
        .native("lines", lines_step)
        .map_err(|e| vm.heap_error(e))?;
    vm.push(f);
    Ok(Outcome::Return(1))
}

fn file_lines(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    io_lines(vm, args)
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
    let days = days_from_civil(year, month + 1, 1) + day - 1;
    let seconds = days * 86400 + hour * 3600 + min * 60 + sec;
    vm.push(Value::Number(seconds as f64));
    Ok(Outcome::Return(1))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

#[cfg(test)]
mod tests {
    use super::days_from_civil;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }
}
