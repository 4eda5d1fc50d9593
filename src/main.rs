//! The `ferrous-lua` command line: a thin front end that dispatches to the subcommands in
//! `cli/`. Each subcommand is one row of `cli::COMMANDS`, so `--help` lists exactly what works.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Arguments that are not UTF-8 are taken lossily rather than aborting.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    cli::dispatch(&args)
}
