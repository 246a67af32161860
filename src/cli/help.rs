//! `monazite help [COMMAND]`: clap's own help command, written out so that it
//! takes the options every command takes (`monazite help --help` works).

use clap::{Args, CommandFactory};

use super::Cli;

#[derive(Debug, Clone, Args)]
pub struct HelpArgs {
    /// The command whose options to print (none: every command).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

pub fn run(args: &HelpArgs) -> Result<(), ()> {
    let mut cli = Cli::command();
    // Built, the commands' usage lines start with `monazite`.
    cli.build();
    let Some(name) = args.command.as_deref() else {
        return cli.print_long_help().map_err(|_| ());
    };
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    match cli.find_subcommand_mut(name) {
        Some(command) => command.print_long_help().map_err(|_| ()),
        None => {
            eprintln!(
                "error: no command `{name}`\n  = help: the commands are: {}",
                names.join(", ")
            );
            Err(())
        }
    }
}
