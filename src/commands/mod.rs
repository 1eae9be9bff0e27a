//! One file per subcommand: glue between the parsed arguments and the library.

pub mod check;
pub mod completions;
pub mod content;
pub mod exercises;
pub mod grade;
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

/// The course to use: `--content DIR`, else the one built into the binary.
pub fn course(
    global: &crate::cli::GlobalArgs,
) -> Result<std::borrow::Cow<'static, crate::content::Course>, CommandError> {
    use std::borrow::Cow;
    let loaded = match &global.content {
        Some(dir) => crate::content::Course::from_dir(dir).map(Cow::Owned),
        None => crate::content::Course::embedded().map(Cow::Borrowed),
    };
    loaded.map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        CommandError::new(format!("the course has problems:\n  {}", list.join("\n  ")))
            .help("fix them, then run `sts-tutor content check` to confirm")
    })
}

/// Finds an exercise by id, suggesting the closest when the id is unknown.
pub fn exercise<'c>(
    course: &'c crate::content::Course,
    id: &str,
) -> Result<&'c crate::content::Exercise, CommandError> {
    course.exercise(id).ok_or_else(|| {
        let ids: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
        let hint = match crate::manifest::names::suggest(id, ids.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? "),
            None => String::new(),
        };
        CommandError::new(format!("there is no exercise `{id}`"))
            .help(format!("{hint}`sts-tutor exercises` lists them"))
    })
}
