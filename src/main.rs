//! The `monazite` command. Everything it does is in the library; this file
//! parses arguments, runs the command and turns the result into an exit code.

#![allow(clippy::result_large_err)]

mod cli;

/// See Cargo.toml: a smaller peak and faster allocation than the system's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
