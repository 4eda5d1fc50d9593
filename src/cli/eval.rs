//! `ferrous-lua eval FILE [KEY ...] [, ARG ...]`: what `redis-cli --eval FILE KEY ... , ARG ...`
//! does against a fresh server — the file runs as an EVAL whose keys are the words before a
//! lone `,` and whose arguments are the words after it. The reply is printed as redis-cli
//! prints it: its terminal format on a terminal, its raw format otherwise.

use ferrous_lua::keyspace::redis_cli::{format_reply, format_reply_raw};
use ferrous_lua::scripting::server::Server;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let Some((file, words)) = args.split_first() else {
        eprintln!("ferrous-lua: eval needs a script file");
        return ExitCode::from(1);
    };
    let script = match std::fs::read(file) {
        Ok(script) => script,
        Err(e) => {
            let text = e.to_string();
            let reason = text.split(" (os error").next().unwrap_or(&text);
            eprintln!("Can't open file '{file}': {reason}");
            return ExitCode::from(1);
        }
    };
    let (keys, rest) = match words.iter().position(|w| w == ",") {
        Some(comma) => (&words[..comma], &words[comma + 1..]),
        None => (words, &[][..]),
    };
    let mut command = vec![
        b"EVAL".to_vec(),
        script,
        keys.len().to_string().into_bytes(),
    ];
    command.extend(keys.iter().chain(rest).map(|w| w.as_bytes().to_vec()));
    let now = (ferrous_lua::clock::unix_seconds() * 1000.0) as i64;
    let reply = Server::new(now).execute(&command);
    let mut stdout = std::io::stdout();
    let text = if stdout.is_terminal() {
        format_reply(&reply)
    } else {
        format_reply_raw(&reply)
    };
    match stdout.write_all(&text).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}
