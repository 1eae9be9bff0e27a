//! One file per subcommand: glue between the parsed arguments and the library.

pub mod completions;
pub mod lint;

use std::io::{self, Write};

/// How a command ended, mapped to the process exit status by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Ran, and found nothing wrong (exit 0).
    Clean,
    /// Ran, and found problems the user must fix (exit 1).
    Problems,
}

/// A failure that stopped a command from running (exit 2).
#[derive(Debug)]
pub struct CommandError {
    pub message: String,
    pub help: Option<String>,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> CommandError {
        CommandError {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> CommandError {
        self.help = Some(help.into());
        self
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends output quietly instead of panicking.
pub fn print(text: &str) -> Result<(), CommandError> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::new(format!("cannot write output: {e}"))),
    }
}
