//! `ferrous-lua luac FILE...`: what `luac5.1 -l -l -p FILE...` prints — each file compiled
//! (or, for a binary chunk, read) and listed with its constants, locals and upvalues. Several
//! files are listed under the synthetic main function luac builds to run them in order;
//! `-` reads standard input. `-p` first compiles only (`luac5.1 -p`: errors, and nothing else,
//! are printed).

use ferrous_lua::compiler::instruction::Instruction;
use ferrous_lua::compiler::listing::listing;
use ferrous_lua::compiler::loader::{file_chunk, load};
use ferrous_lua::compiler::opcode::{encode_abc, encode_abx, OpCode};
use ferrous_lua::compiler::proto::Proto;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::rc::Rc;

/// The C-call depth luac compiles at (inside its protected main).
const LUAC_C_CALLS: u32 = 1;

pub fn run(args: &[String]) -> ExitCode {
    let (parse_only, args) = match args.split_first() {
        Some((flag, rest)) if flag == "-p" => (true, rest),
        _ => (false, args),
    };
    if args.is_empty() {
        eprintln!("ferrous-lua: no input files given");
        return ExitCode::from(1);
    }
    let mut protos = Vec::with_capacity(args.len());
    for path in args {
        match load_file(path) {
            Ok(proto) => protos.push(proto),
            Err(message) => {
                let mut stderr = std::io::stderr();
                let _ = stderr.write_all(b"ferrous-lua: ");
                let _ = stderr.write_all(&message);
                let _ = stderr.write_all(b"\n");
                return ExitCode::from(1);
            }
        }
    }
    if parse_only {
        return ExitCode::SUCCESS;
    }
    let main = combine(protos);
    let mut stdout = std::io::stdout();
    match stdout.write_all(&listing(&main, true)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

/// `luaL_loadfile`: the chunk in `path` (standard input for `-`), or the error message.
fn load_file(path: &str) -> Result<Rc<Proto>, Vec<u8>> {
    let (bytes, name) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read stdin: {}", os_error_text(&e)).into_bytes())?;
        (bytes, "=stdin".to_string())
    } else {
        let bytes = std::fs::read(path).map_err(|e| {
            let what = match e.kind() {
                std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => "open",
                _ => "read",
            };
            format!("cannot {what} {path}: {}", os_error_text(&e)).into_bytes()
        })?;
        (bytes, format!("@{path}"))
    };
    load(&file_chunk(&bytes), name.as_bytes(), LUAC_C_CALLS).map_err(|e| e.message)
}

/// C's `strerror` text for an I/O error (Rust appends the error number).
fn os_error_text(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// luac's `combine`: one file's function as is, or a main that calls each in turn.
fn combine(mut protos: Vec<Rc<Proto>>) -> Rc<Proto> {
    if protos.len() == 1 {
        if let Some(only) = protos.pop() {
            return only;
        }
    }
    let mut code = Vec::with_capacity(2 * protos.len() + 1);
    for i in 0..protos.len() as u32 {
        code.push(encode_abx(OpCode::Closure, 0, i));
        code.push(encode_abc(OpCode::Call, 0, 1, 1));
    }
    code.push(encode_abc(OpCode::Return, 0, 1, 0));
    Rc::new(Proto {
        instructions: Instruction::decode_all(&code),
        source: Rc::from(&b"=(luac)"[..]),
        line_defined: 0,
        last_line_defined: 0,
        num_upvalues: 0,
        num_params: 0,
        vararg: 0,
        max_stack_size: 1,
        code,
        constants: Vec::new(),
        protos,
        line_info: Vec::new(),
        locals: Vec::new(),
        upvalue_names: Vec::new(),
    })
}
