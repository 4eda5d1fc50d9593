//! `ferrous-lua redis`: reads redis-cli command lines on stdin, runs each against one
//! in-memory server and prints each reply as `redis-cli --no-raw` prints it. redis-cli's
//! complaints about a line (`Invalid argument(s)`) go to stdout too, in order with the replies.
//! `-3`, as with redis-cli, says HELLO 3 first (without printing its reply).

use ferrous_lua::keyspace::redis_cli::{run_line, LineOutcome};
use ferrous_lua::scripting::server::Server;
use std::io::{BufRead, Write};
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let resp3 = match args {
        [] => false,
        [flag] if flag == "-3" => true,
        _ => {
            eprintln!("usage: ferrous-lua redis [-3] < COMMANDS");
            return ExitCode::from(2);
        }
    };
    let now = (ferrous_lua::clock::unix_seconds() * 1000.0) as i64;
    let mut server = Server::new(now);
    if resp3 {
        server.execute(&[b"HELLO".to_vec(), b"3".to_vec()]);
    }
    let mut execute = |args: &[Vec<u8>]| server.execute(args);
    let stdin = std::io::stdin();
    let mut stdout = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().split(b'\n') {
        let Ok(line) = line else { break };
        let text = match run_line(&mut execute, &line) {
            LineOutcome::Printed(text) => text,
            LineOutcome::Stop => break,
            LineOutcome::Fail(printed, problem) => {
                // redis-cli exits at once; what it printed before is still flushed.
                let _ = stdout.write_all(&printed).and_then(|()| stdout.flush());
                let _ = std::io::stderr().write_all(&problem);
                return ExitCode::from(1);
            }
        };
        if stdout.write_all(&text).is_err() {
            return ExitCode::from(1);
        }
    }
    match stdout.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}
