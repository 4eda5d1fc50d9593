//! `ferrous-lua ldb [--rollback] [--setup FILE] FILE [KEY ...] [, ARG ...]`: what `redis-cli
//! --ldb-sync-mode --eval FILE KEY ... , ARG ...` prints against a fresh server, the debugger
//! commands read from stdin (with `--rollback`, what `redis-cli --ldb` prints: the script's
//! changes are undone at the end). `--setup FILE` holds redis-cli lines run on the server
//! first (their replies are not shown).

use ferrous_lua::debugger::ldb::client::{colour_terminal, debug_session, Options, BANNER};
use ferrous_lua::keyspace::redis_cli::run_line;
use ferrous_lua::scripting::server::Server;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let (rollback, args) = match args {
        [flag, rest @ ..] if flag == "--rollback" => (true, rest),
        _ => (false, args),
    };
    let (setup, rest) = match args {
        [flag, file, rest @ ..] if flag == "--setup" => (Some(file), rest),
        _ => (None, args),
    };
    let Some((file, words)) = rest.split_first() else {
        eprintln!("usage: ferrous-lua ldb [--rollback] [--setup FILE] FILE [KEY ...] [, ARG ...]");
        return ExitCode::from(2);
    };
    let Some(script) = read(file) else {
        // redis-cli has printed its banner by the time it finds the file unreadable.
        let mut stdout = std::io::stdout();
        let _ = stdout.write_all(BANNER).and_then(|()| stdout.flush());
        return ExitCode::from(1);
    };
    let now = (ferrous_lua::clock::unix_seconds() * 1000.0) as i64;
    let mut server = Server::new(now);
    if let Some(setup) = setup {
        let Some(lines) = read(setup) else {
            return ExitCode::from(1);
        };
        let mut execute = |args: &[Vec<u8>]| server.execute(args);
        for line in lines.split(|&b| b == b'\n') {
            run_line(&mut execute, line);
        }
    }
    let (keys, rest) = match words.iter().position(|w| w == ",") {
        Some(comma) => (&words[..comma], &words[comma + 1..]),
        None => (words, &[][..]),
    };
    let bytes = |words: &[String]| -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    };
    let stdin = std::io::stdin();
    let options = Options {
        colour: colour_terminal(std::env::var("TERM").ok().as_deref()),
        prompt: stdin.is_terminal(),
        rollback,
    };
    let mut input = stdin.lock();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let done = debug_session(
        &mut server,
        &script,
        &bytes(keys),
        &bytes(rest),
        &mut input as &mut dyn BufRead,
        &mut out,
        options,
    );
    match done.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

/// The bytes of `file`, or None after saying why it cannot be read, as redis-cli says it.
fn read(file: &str) -> Option<Vec<u8>> {
    match std::fs::read(file) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            let text = e.to_string();
            let reason = text.split(" (os error").next().unwrap_or(&text);
            eprintln!("Can't open file '{file}': {reason}");
            None
        }
    }
}
