//! The `ferrous-lua` command line: a thin front end that dispatches to the subcommands in
//! `cli/`. Each subcommand is one row of `cli::COMMANDS`, so `--help` lists exactly what works.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    cli::dispatch(&args)
}
