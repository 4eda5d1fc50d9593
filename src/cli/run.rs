//! `ferrous-lua run [--stats] [--instruction-limit N] FILE [ARGS...]`: what `lua5.1 FILE ARGS...` does —
//! the script runs as the main chunk with the arguments in `arg` and `...`; an uncaught error
//! prints `ferrous-lua: <message>` and the stack traceback on stderr and exits with status 1.
//! With a limit, a script that runs more than N instructions stops the same way; `--stats`
//! reports the heap's figures (bytes allocated over the run, peak, collections) on stderr.

use ferrous_lua::compiler::loader::{file_chunk, load};
use ferrous_lua::stdlib::base::flush_output;
use ferrous_lua::stdlib::new_vm;
use ferrous_lua::vm::call::Run;
use ferrous_lua::vm::state::Vm;
use ferrous_lua::vm::value::Value;
use std::io::Write;
use std::process::ExitCode;

/// The heap a script may use.
const HEAP_LIMIT: usize = 2 << 30;

pub fn run(args: &[String]) -> ExitCode {
    let (stats, args) = match args {
        [flag, rest @ ..] if flag == "--stats" => (true, rest),
        _ => (false, args),
    };
    let (limit, args) = match args {
        [flag, n, rest @ ..] if flag == "--instruction-limit" => match n.parse::<u64>() {
            Ok(n) => (n, rest),
            Err(_) => {
                eprintln!("ferrous-lua: --instruction-limit needs a whole number");
                return ExitCode::from(2);
            }
        },
        _ => (u64::MAX, args),
    };
    let Some(script) = args.first() else {
        eprintln!("ferrous-lua: run needs a script file");
        return ExitCode::from(1);
    };
    let mut vm = match new_vm(HEAP_LIMIT) {
        Ok(vm) => vm,
        Err(_) => {
            eprintln!("ferrous-lua: not enough memory");
            return ExitCode::from(1);
        }
    };
    vm.on_exit = Some(exit);
    let status = run_script(&mut vm, script, &args[1..], limit);
    flush_output(&mut vm);
    if stats {
        eprintln!(
            "ferrous-lua: allocated {} bytes in total, at most {} at once, {} collections",
            vm.heap.allocated_total, vm.heap.peak, vm.collections
        );
    }
    status
}

/// `os.exit`: output was flushed already; end the process with the script's status.
fn exit(code: i32) -> Result<ferrous_lua::vm::state::Outcome, ferrous_lua::vm::state::LuaError> {
    std::process::exit(code)
}

fn report(message: &[u8]) -> ExitCode {
    let mut stderr = std::io::stderr();
    let _ = stderr.write_all(b"ferrous-lua: ");
    let _ = stderr.write_all(message);
    let _ = stderr.write_all(b"\n");
    ExitCode::from(1)
}

fn run_script(vm: &mut Vm, script: &str, script_args: &[String], limit: u64) -> ExitCode {
    // lua.c's global `arg`: the script at 0, its arguments from 1.
    let Ok(arg) = vm.heap.new_table(script_args.len(), 1) else {
        return report(b"not enough memory");
    };
    let mut values = Vec::with_capacity(script_args.len());
    for (i, text) in std::iter::once(&script.to_string())
        .chain(script_args)
        .enumerate()
    {
        let Ok(value) = vm.heap.string_value(text.as_bytes()) else {
            return report(b"not enough memory");
        };
        if i > 0 {
            values.push(value);
        }
        if vm
            .heap
            .table_set(arg, Value::Number(i as f64), value)
            .is_err()
        {
            return report(b"not enough memory");
        }
    }
    let globals = vm.globals;
    if vm.set_field(globals, "arg", Value::Table(arg)).is_err() {
        return report(b"not enough memory");
    }
    let bytes = match std::fs::read(script) {
        Ok(bytes) => bytes,
        Err(e) => {
            let text = e.to_string();
            let reason = text.split(" (os error").next().unwrap_or(&text);
            return report(format!("cannot open {script}: {reason}").as_bytes());
        }
    };
    let proto = match load(&file_chunk(&bytes), format!("@{script}").as_bytes(), 1) {
        Ok(proto) => proto,
        Err(e) => return report(&e.message),
    };
    let main = match vm.load_main(&proto) {
        Ok(main) => main,
        Err(_) => return report(b"not enough memory"),
    };
    match vm.start(main, &values, limit) {
        Ok(Run::Finished(_)) => ExitCode::SUCCESS,
        Ok(Run::Paused) => {
            flush_output(vm);
            report(format!("instruction limit of {limit} exceeded").as_bytes())
        }
        Err(error) => {
            flush_output(vm);
            match error.value {
                Value::Nil => ExitCode::from(1),
                Value::String(_) | Value::Number(_) => {
                    let mut text = vm.plain_text(&error.value);
                    text.push(b'\n');
                    text.extend_from_slice(&error.traceback);
                    report(&text)
                }
                _ => report(b"(error object is not a string)"),
            }
        }
    }
}
