//! Subcommand table and argument dispatch for the `ferrous-lua` binary.

mod eval;
mod ldb;
mod luac;
mod redis;
mod run;

use std::io::Write;
use std::process::ExitCode;

/// One subcommand: its name, its argument synopsis, a one-line summary and the function that
/// runs it with the arguments that follow the name.
pub struct Command {
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub run: fn(&[String]) -> ExitCode,
}

/// Every subcommand the binary has. `--help` is generated from this table.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "run",
        usage: "[--stats] [--instruction-limit N] FILE [ARGS...]",
        summary: "run a Lua script, as lua5.1 FILE ARGS... does",
        run: run::run,
    },
    Command {
        name: "redis",
        usage: "[-3] < COMMANDS",
        summary: "run redis-cli lines from stdin against an in-memory server (-3: RESP3)",
        run: redis::run,
    },
    Command {
        name: "eval",
        usage: "FILE [KEY ...] [, ARG ...]",
        summary: "run a Redis script against a fresh server, as redis-cli --eval does",
        run: eval::run,
    },
    Command {
        name: "ldb",
        usage: "[--rollback] [--setup FILE] FILE [KEY ...] [, ARG ...] < COMMANDS",
        summary: "debug a Redis script as redis-cli --ldb-sync-mode --eval does",
        run: ldb::run,
    },
    Command {
        name: "luac",
        usage: "[-p] FILE...",
        summary: "list the bytecode of Lua files, as luac5.1 -l -l -p does",
        run: luac::run,
    },
];

/// Runs the command line `args` (without the program name) and returns the exit status.
pub fn dispatch(args: &[String]) -> ExitCode {
    let Some(first) = args.first() else {
        let _ = write!(std::io::stderr(), "{}", help_text());
        return ExitCode::from(2);
    };
    match first.as_str() {
        "--version" | "-V" | "version" => {
            println!("ferrous-lua {}", ferrous_lua::VERSION);
            ExitCode::SUCCESS
        }
        "--help" | "-h" | "help" => {
            print!("{}", help_text());
            ExitCode::SUCCESS
        }
        name => match COMMANDS.iter().find(|c| c.name == name) {
            Some(command) => (command.run)(&args[1..]),
            None => {
                eprintln!("ferrous-lua: unknown command '{name}' (see 'ferrous-lua --help')");
                ExitCode::from(2)
            }
        },
    }
}

/// The `--help` text: a synopsis line per subcommand in `COMMANDS`.
pub fn help_text() -> String {
    let mut text = format!(
        "ferrous-lua {} - a Lua 5.1 VM running Redis scripts against an in-memory keyspace\n\n\
         Usage: ferrous-lua <command> [arguments]\n\nCommands:\n",
        ferrous_lua::VERSION
    );
    let width = COMMANDS
        .iter()
        .map(|c| c.name.len() + 1 + c.usage.len())
        .max()
        .unwrap_or(0)
        .max("--version".len());
    for c in COMMANDS {
        let synopsis = format!("{} {}", c.name, c.usage);
        text.push_str(&format!("  {synopsis:<width$}  {}\n", c.summary));
    }
    text.push_str(&format!(
        "  {:<width$}  print the version\n  {:<width$}  print this help\n",
        "--version", "--help"
    ));
    text
}
