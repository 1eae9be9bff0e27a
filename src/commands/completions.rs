//! `sts-tutor completions SHELL`

use crate::cli::{CompletionsArgs, Shell};

use super::{CommandError, Outcome, print};

pub fn run(args: &CompletionsArgs) -> Result<Outcome, CommandError> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "sts-tutor", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Clean)
}
