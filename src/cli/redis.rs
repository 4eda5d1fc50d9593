//! `ferrous-lua redis`: reads redis-cli command lines on stdin, runs each against one
//! in-memory server and prints each reply as `redis-cli --no-raw` prints it.

use ferrous_lua::keyspace::redis_cli::{format_reply, split_line};
use ferrous_lua::keyspace::Keyspace;
use std::io::{BufRead, Write};
use std::process::ExitCode;

pub fn run(_: &[String]) -> ExitCode {
    let now = (ferrous_lua::clock::unix_seconds() * 1000.0) as i64;
    let mut keyspace = Keyspace::new(now);
    let stdin = std::io::stdin();
    let mut stdout = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().split(b'\n') {
        let Ok(line) = line else { break };
        let text = match split_line(&line) {
            None => "Invalid argument(s)\n".to_string(),
            Some(args) if args.is_empty() => continue,
            Some(args) => format_reply(&keyspace.execute(&args)),
        };
        if stdout.write_all(text.as_bytes()).is_err() {
            return ExitCode::from(1);
        }
    }
    match stdout.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}
