//! The `monazite` command. Everything it does is in the library; this file
//! parses arguments, runs the command and turns the result into an exit code.

#![allow(clippy::result_large_err)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
