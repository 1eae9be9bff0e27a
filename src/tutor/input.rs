//! Where the REPL and the drills read the learner's lines: a line editor on a terminal,
//! plain lines from stdin otherwise (scripts and tests).

use std::io::{BufRead, IsTerminal, Lines, StdinLock};

use rustyline::Editor;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;

use super::repl::ReplHelper;
use crate::content::Course;

pub enum Input {
    Terminal(Box<Editor<ReplHelper, DefaultHistory>>),
    Piped(Lines<StdinLock<'static>>),
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
        if !std::io::stdin().is_terminal() {
            return Ok(Input::Piped(std::io::stdin().lock().lines()));
        }
        let mut editor: Editor<ReplHelper, DefaultHistory> =
            Editor::new().map_err(|e| format!("cannot start the line editor: {e}"))?;
        editor.set_helper(Some(ReplHelper::new(course.clone())));
        Ok(Input::Terminal(Box::new(editor)))
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, Input::Terminal(_))
    }

    /// Reads one line (the prompt is shown on a terminal only).
    pub fn line(&mut self, prompt: &str) -> Line {
        match self {
            Input::Terminal(editor) => match editor.readline(prompt) {
                Ok(line) => Line::Text(line),
                Err(ReadlineError::Interrupted) => Line::Interrupted,
                Err(_) => Line::End,
            },
            Input::Piped(lines) => match lines.next() {
                Some(Ok(line)) => Line::Text(line),
                _ => Line::End,
            },
        }
    }

    /// Reads lines up to one holding only `.` (or the end of input): a manifest or an
    /// interview answer.
    pub fn block(&mut self, prompt: &str) -> Line {
        let mut text = String::new();
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
        match self {
            Input::Terminal(editor) => Some(editor),
            Input::Piped(_) => None,
        }
    }
}
