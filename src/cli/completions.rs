//! `monazite completions SHELL`: a completion script made from the clap definitions.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Clone, Args)]
#[command(after_help = "Install, for example:\n  \
    bash: monazite completions bash > ~/.local/share/bash-completion/completions/monazite\n  \
    zsh:  monazite completions zsh > ~/.zfunc/_monazite   (with fpath+=~/.zfunc before compinit)\n  \
    fish: monazite completions fish > ~/.config/fish/completions/monazite.fish")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<(), ()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "monazite", &mut std::io::stdout());
    Ok(())
}
