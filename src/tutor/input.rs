//! Where the REPL and the drills read the learner's lines: a line editor on a terminal,
//! plain lines from stdin otherwise (scripts and tests).
//!
//! Nothing the learner typed ahead or pasted may be lost, whichever command reads it:
//! - on a terminal one line editor serves the whole session, and rustyline is built with
//!   its `buffer-redux` feature, which hands the bytes read past the end of one line (the
//!   rest of a paste, lines typed while a command ran) to the next `readline`; without it
//!   each `readline` dropped them with its reader, and `help⏎lessons⏎` sent at once ran
//!   only `help`;
//! - a bracketed paste of several lines comes back from the editor as one text: its lines
//!   are queued and handed out one at a time;
//! - piped, every line is read from the process's one buffered stdin, never through a
//!   reader or lock of our own, so a command that reads stdin itself (a confirmation
//!   prompt) goes on exactly where the REPL stopped.

use std::collections::VecDeque;
use std::io::{BufRead, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};

use rustyline::Editor;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;

use super::repl::ReplHelper;
use crate::content::Course;

pub struct Input {
    /// The line editor, on a terminal; `None` reads stdin's lines.
    editor: Option<Box<Editor<ReplHelper, DefaultHistory>>>,
    /// Lines received but not handed out yet: the rest of a multi-line paste.
    queued: VecDeque<String>,
}

/// Whether an [`Input`] holds lines the learner sent but no command has read yet. The
/// pager looks at it: a pager would take over the keyboard while they wait.
static QUEUED: AtomicBool = AtomicBool::new(false);

/// Whether the learner has sent lines that no command has read yet: queued lines of a
/// paste, or bytes waiting on a terminal's stdin.
pub fn typed_ahead() -> bool {
    QUEUED.load(Ordering::SeqCst) || stdin_has_bytes()
}

#[cfg(unix)]
fn stdin_has_bytes() -> bool {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return false;
    }
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    matches!(poll(&mut fds, PollTimeout::ZERO), Ok(n) if n > 0)
}

#[cfg(not(unix))]
fn stdin_has_bytes() -> bool {
    false
}

/// What reading a line gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Ctrl-C on a terminal: cancel the current action.
    Interrupted,
    /// Ctrl-D, or the end of piped input.
    End,
}

impl Input {
    /// A line editor (with the REPL's completion) on a terminal, stdin lines otherwise.
    pub fn new(course: &Course) -> Result<Input, String> {
        let editor = if std::io::stdin().is_terminal() {
            let mut editor: Editor<ReplHelper, DefaultHistory> =
                Editor::new().map_err(|e| format!("cannot start the line editor: {e}"))?;
            editor.set_helper(Some(ReplHelper::new(course.clone())));
            Some(Box::new(editor))
        } else {
            None
        };
        Ok(Input {
            editor,
            queued: VecDeque::new(),
        })
    }

    pub fn is_terminal(&self) -> bool {
        self.editor.is_some()
    }

    /// Reads one line (the prompt is shown on a terminal only).
    pub fn line(&mut self, prompt: &str) -> Line {
        let line = match self.queued.pop_front() {
            Some(line) => Line::Text(line),
            None => match &mut self.editor {
                Some(editor) => match editor.readline(prompt) {
                    Ok(text) => {
                        let mut lines = split_lines(&text);
                        let first = lines.pop_front().unwrap_or_default();
                        self.queued = lines;
                        Line::Text(first)
                    }
                    Err(ReadlineError::Interrupted) => Line::Interrupted,
                    Err(_) => Line::End,
                },
                None => read_stdin_line(),
            },
        };
        QUEUED.store(!self.queued.is_empty(), Ordering::SeqCst);
        line
    }

    /// Reads lines up to one holding only `.` (or the end of input): a manifest or an
    /// interview answer.
    pub fn block(&mut self, prompt: &str) -> Line {
        self.block_after(String::new(), prompt)
    }

    /// Like [`Input::block`], with `text` already read (the first lines, which the caller
    /// looked at first).
    pub fn block_after(&mut self, mut text: String, prompt: &str) -> Line {
        loop {
            match self.line(prompt) {
                Line::Text(line) if line.trim() == "." => return Line::Text(text),
                Line::Text(line) => {
                    text.push_str(&line);
                    text.push('\n');
                }
                Line::End if !text.is_empty() => return Line::Text(text),
                other => return other,
            }
        }
    }

    pub fn editor(&mut self) -> Option<&mut Editor<ReplHelper, DefaultHistory>> {
        self.editor.as_deref_mut()
    }
}

/// The lines of what the editor returned: one, or several when a paste held line breaks
/// (a paste's final line break only ends its last line).
fn split_lines(text: &str) -> VecDeque<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let body = text.strip_suffix('\n').unwrap_or(&text);
    body.split('\n').map(str::to_string).collect()
}

/// One line of stdin, through the process's shared buffer (see the module docs).
fn read_stdin_line() -> Line {
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => Line::End,
        Ok(_) => {
            let trimmed = line.strip_suffix('\n').unwrap_or(&line);
            let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
            Line::Text(trimmed.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_of_several_lines_is_handed_out_line_by_line() {
        assert_eq!(split_lines("help"), ["help"]);
        assert_eq!(split_lines("help\nlessons\n"), ["help", "lessons"]);
        assert_eq!(split_lines("a\r\nb\rc"), ["a", "b", "c"]);
        assert_eq!(split_lines("a\n\nb"), ["a", "", "b"]);
        assert_eq!(split_lines(""), [""]);
    }
}
