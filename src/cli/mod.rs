//! The command line: clap definitions, each command, and the one place that
//! prints (diagnostics, summaries, progress).

mod build;
mod report;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// A static site generator for a newsroom covering rare earths and critical minerals.
#[derive(Debug, Parser)]
#[command(name = "monazite", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The site's root folder (holding site.yaml, content/ and templates/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: warnings in full, files written.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (atomic: a failed build leaves public/ as it was).
    Build(build::BuildArgs),
    /// Preview the site at a local address; pages reload as you edit.
    Serve(serve::ServeArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => build::run(&cli.global, args),
        Command::Serve(args) => serve::run(&cli.global, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::FAILURE,
    }
}
