//! The command line: clap definitions, each command, and the one place that
//! prints (diagnostics, summaries, progress).

mod build;
mod check;
mod completions;
mod deploy;
mod help;
mod init;
mod new;
mod report;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// A static site generator for a newsroom covering rare earths and critical minerals.
#[derive(Debug, Parser)]
#[command(
    name = "monazite",
    version,
    about,
    long_about = None,
    propagate_version = true,
    disable_help_subcommand = true,
    after_help = "A day's work: `monazite new \"Headline\"` starts an article, `monazite check` \
                  finds what is wrong with the site, `monazite build` makes it in public/.\n\
                  Run `monazite help COMMAND` for a command's options."
)]
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
    /// Start a new article: content/news/<slug>.md with every field laid out, as a draft.
    New(new::NewArgs),
    /// Find problems without building: errors, broken links and anchors, missing images, typos.
    Check(check::CheckArgs),
    /// Make a new site in a folder: settings, an example article, an author and the theme.
    Init(init::InitArgs),
    /// Publish the last build to S3-compatible storage, uploading only what changed.
    Deploy(deploy::DeployArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print this message or the options of the given command.
    Help(help::HelpArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => build::run(&cli.global, args),
        Command::Serve(args) => serve::run(&cli.global, args),
        Command::New(args) => new::run(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Init(args) => init::run(&cli.global, args),
        Command::Deploy(args) => deploy::run(&cli.global, args),
        Command::Completions(args) => completions::run(args),
        Command::Help(args) => help::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::FAILURE,
    }
}
