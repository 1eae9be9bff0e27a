//! What every front end shows the learner: errors, printed output, how a command is named,
//! and wrapping to the terminal. It sits below `commands/` and the REPL so that both, and the
//! library code they share (drills, reports), speak the same way without importing each
//! other.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};

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

/// Where the learner types commands: in the shell (`sts-tutor check …`) or at the REPL's
/// `sts>` prompt (`check …`). A message that names a command must name it in the form that
/// works where the message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frontend {
    Shell,
    Repl,
}

static FRONTEND: AtomicU8 = AtomicU8::new(0);

/// Set once by the REPL when it starts; the shell is the default.
pub fn set_frontend(frontend: Frontend) {
    FRONTEND.store(frontend as u8, Ordering::SeqCst);
}

pub fn frontend() -> Frontend {
    match FRONTEND.load(Ordering::SeqCst) {
        1 => Frontend::Repl,
        _ => Frontend::Shell,
    }
}

/// The command line to type for `command` (written without the program name, e.g.
/// `check interview-web web.yaml`) where the learner is: `sts-tutor check …` in the shell,
/// `check …` in the REPL.
pub fn cmd(command: &str) -> String {
    match frontend() {
        Frontend::Shell => format!("sts-tutor {command}"),
        Frontend::Repl => command.to_string(),
    }
}

/// `n` with its noun: "1 lesson", "3 lessons".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes to stdout as is (JSON, YAML, pre-formatted blocks); a closed pipe (`| head`) ends
/// output quietly instead of panicking.
pub fn print(text: &str) -> Result<(), CommandError> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::new(format!("cannot write output: {e}"))),
    }
}

/// Writes prose to stdout, wrapped at word boundaries to [`width`].
pub fn print_text(text: &str) -> Result<(), CommandError> {
    print(&fit(text, width()))
}

/// Prints an error that stopped a command, and its help, wrapped like other output.
pub fn print_error(error: &CommandError) {
    let mut text = format!("error: {}\n", error.message);
    if let Some(help) = &error.help {
        text.push_str(&format!("help: {help}\n"));
    }
    eprint!("{}", wrap_stderr(&text));
}

/// Prints a warning to stderr (something went wrong but the command goes on).
pub fn print_warning(message: &str) {
    eprint!("{}", wrap_stderr(&format!("warning: {message}\n")));
}

fn wrap_stderr(text: &str) -> String {
    let columns = if io::stderr().is_terminal() {
        terminal_columns()
    } else {
        columns_from_env()
    };
    fit(text, columns)
}

/// The width to wrap output to: the terminal's when stdout is one, else `COLUMNS` when it is
/// set (scripts and tests choose a width that way), else none: piped output is left as
/// written, one line per line, for `grep` and friends.
pub fn width() -> Option<usize> {
    if io::stdout().is_terminal() {
        terminal_columns().or_else(columns_from_env)
    } else {
        columns_from_env()
    }
}

fn terminal_columns() -> Option<usize> {
    terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
}

fn columns_from_env() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|w| *w >= 20)
}

/// Wraps every line of `text` that is wider than `width` at word boundaries (spaces only:
/// `interview-web` or `--dry-run` are never split at their hyphens). Continuation lines keep the
/// line's indent, and under a list marker (`- `, `• `, `1. `, `a) `, `[FAIL] `) they line
/// up with the text after it. Colour codes do not count towards the width. A single word
/// wider than the line is split only when nothing else fits.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(&wrap_line(body, width, hanging_indent(body)));
        out.push_str(newline);
    }
    out
}

/// [`wrap`] when a width is known; as written otherwise (piped output without `COLUMNS`).
pub fn fit(text: &str, width: Option<usize>) -> String {
    match width {
        Some(width) => wrap(text, width),
        None => text.to_string(),
    }
}

/// [`wrap_line`] to `width` when there is one; the line as it is otherwise.
pub fn fit_line(line: &str, width: Option<usize>, hang: usize) -> String {
    match width {
        Some(width) => wrap_line(line, width, hang),
        None => line.to_string(),
    }
}

/// Wraps one line (no newline in it) at word boundaries, its continuation lines indented by
/// `hang` columns: for layouts that know where their text column starts (`expected: ` and
/// `found: ` values, a table cell, `= help: `), which no marker heuristic could guess.
pub fn wrap_line(line: &str, width: usize, hang: usize) -> String {
    if textwrap::core::display_width(line) <= width {
        return line.to_string();
    }
    let lead: String = line.chars().take_while(|c| *c == ' ').collect();
    let rest = &line[lead.len()..];
    // Keep at least 10 columns of text beside a deep indent; a narrower column would
    // split words.
    let hang = hang.min(width.saturating_sub(10));
    let wrapped = wrap_rest(&lead, rest, width, hang);
    // A word that did not fit beside the hang (a long field path) was split: it gets the
    // room it needs by a smaller hang instead.
    if wrapped.split_whitespace().eq(line.split_whitespace()) {
        return wrapped;
    }
    let longest = rest
        .split(' ')
        .map(textwrap::core::display_width)
        .max()
        .unwrap_or(0);
    wrap_rest(&lead, rest, width, hang.min(width.saturating_sub(longest)))
}

fn wrap_rest(lead: &str, rest: &str, width: usize, hang: usize) -> String {
    let hang = " ".repeat(hang);
    let options = textwrap::Options::new(width.max(10))
        .initial_indent(lead)
        .subsequent_indent(&hang)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(rest, &options).join("\n")
}

/// The indent of a line's continuation: its leading spaces, plus a list marker's width.
fn hanging_indent(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[lead..];
    let plain = strip_ansi(rest);
    // A command with a trailing comment (`  sts-tutor watch x   # grade on every save`)
    // continues under the comment: a wrapped word at the command's indent would read as
    // a command of its own.
    if let Some(hash) = plain.find("  # ") {
        return lead + textwrap::core::display_width(&plain[..hash + 4]);
    }
    let marker = list_marker(&plain);
    lead + marker
}

fn list_marker(text: &str) -> usize {
    let word_end = text.find(' ').unwrap_or(text.len());
    let word = &text[..word_end];
    let is_marker = matches!(word, "-" | "*" | "•" | "·" | "→")
        || (word.len() >= 2
            && word.ends_with(['.', ')'])
            && word[..word.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
            && word.len() <= 4)
        || (word.starts_with('[') && word.ends_with(']') && word.len() <= 8);
    if !is_marker || word_end == text.len() {
        return 0;
    }
    let spaces = text[word_end..].len() - text[word_end..].trim_start_matches(' ').len();
    textwrap::core::display_width(word) + spaces
}

/// `text` without its ANSI escape sequences (colours), to measure what is printed.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(text: &str) -> usize {
        text.lines()
            .map(textwrap::core::display_width)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn short_lines_are_untouched() {
        let text = "one\n  two three\n\nfour";
        assert_eq!(wrap(text, 60), text);
    }

    #[test]
    fn long_lines_break_between_words_never_inside_one() {
        let text = "The StatefulSet must run 2 replicas (web-0 and web-1), and `interview-web` checks that the Service selects them.\n";
        let wrapped = wrap(text, 30);
        assert!(widest(&wrapped) <= 30, "{wrapped}");
        assert!(wrapped.ends_with('\n'));
        let words: Vec<&str> = text.split_whitespace().collect();
        let again: Vec<&str> = wrapped.split_whitespace().collect();
        assert_eq!(words, again, "no word split or lost");
    }

    #[test]
    fn continuation_lines_hang_under_markers_and_indents() {
        let wrapped = wrap(
            "  [FAIL] replicas (0/1): The StatefulSet must run 2 replicas, web-0 and web-1.",
            40,
        );
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines[0].starts_with("  [FAIL] replicas"));
        assert!(
            lines[1..].iter().all(|l| l.starts_with("         ")),
            "{wrapped}"
        );
        let wrapped = wrap(
            "- a list item that is long enough to wrap twice over here",
            20,
        );
        assert!(
            wrapped
                .lines()
                .skip(1)
                .all(|l| l.starts_with("  ") && !l.starts_with("   "))
        );
        let wrapped = wrap("b) a choice that is long enough to wrap over", 20);
        assert!(
            wrapped.lines().skip(1).all(|l| l.starts_with("   ")),
            "{wrapped}"
        );
    }

    #[test]
    fn a_commands_comment_continues_under_the_comment() {
        let wrapped = wrap(
            "  sts-tutor watch canary-partition        # grade on every save",
            56,
        );
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.len(), 2, "{wrapped}");
        let indent = lines[1].len() - lines[1].trim_start().len();
        assert_eq!(Some(indent), lines[0].find("grade"), "{wrapped}");
    }

    #[test]
    fn a_word_too_long_for_the_hang_is_moved_left_not_split() {
        let path = "spec.template.spec.containers[0].resources.requests";
        let line = format!("   = note: field: {path}");
        let wrapped = wrap_line(&line, 60, 10);
        assert!(wrapped.lines().any(|l| l.trim() == path), "{wrapped}");
        assert!(widest(&wrapped) <= 60, "{wrapped}");
        // When it fits beside the hang, it hangs as asked.
        let wrapped = wrap_line(
            "   = note: a b c d e f g h i j k l m n o p q r s t u v",
            30,
            10,
        );
        assert!(
            wrapped
                .lines()
                .skip(1)
                .all(|l| l.starts_with(&" ".repeat(10))),
            "{wrapped}"
        );
    }

    #[test]
    fn colour_codes_do_not_count() {
        let text = format!("\x1b[1m{}\x1b[0m", "word ".repeat(10).trim_end());
        assert_eq!(wrap(&text, 49), text);
    }

    #[test]
    fn commands_are_named_for_the_front_end() {
        assert_eq!(cmd("check interview-web"), "sts-tutor check interview-web");
    }
}
