//! Showing long text a screen at a time: the user's `$PAGER` (or `less -R`) when the text is
//! taller than the terminal, a small built-in pager when neither can be started, and plain
//! output when stdout is not a terminal.
//!
//! A pager reads the keyboard, so it must never take input meant for the REPL: when the
//! learner has typed ahead (lines already sent that no command has read) the text is
//! printed without paging, and the built-in pager pages only when stdin is the terminal
//! (piped, stdin holds the script's next commands).

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::{Command, Stdio};

/// The terminal's (columns, rows), when stdout is a terminal.
/// A terminal that reports 0 columns or rows (a fresh pseudo-terminal) has no known size.
pub fn terminal_size() -> Option<(usize, usize)> {
    let (terminal_size::Width(w), terminal_size::Height(h)) = terminal_size::terminal_size()?;
    (w > 0 && h > 0).then(|| (usize::from(w), usize::from(h)))
}

/// The width to wrap text to: the terminal's, else `COLUMNS`, else 80.
pub fn width() -> usize {
    terminal_size()
        .map(|(w, _)| w)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(80)
}

/// Prints `text`, through a pager when it does not fit on the screen.
pub fn show(text: &str) -> io::Result<()> {
    let fits = match terminal_size() {
        Some((_, rows)) if io::stdout().is_terminal() => text.lines().count() < rows,
        _ => true,
    };
    if fits || super::input::typed_ahead() {
        return write_all(text);
    }
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -R".to_string());
    let mut words = pager.split_whitespace();
    if let Some(program) = words.next()
        && let Ok(mut child) = Command::new(program)
            .args(words)
            .stdin(Stdio::piped())
            .spawn()
    {
        if let Some(mut stdin) = child.stdin.take() {
            // The pager may quit before reading everything: that is not an error.
            let _ = stdin.write_all(text.as_bytes());
        }
        child.wait()?;
        return Ok(());
    }
    builtin(text)
}

fn write_all(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A screen at a time; Enter for more, q to stop.
fn builtin(text: &str) -> io::Result<()> {
    if !io::stdin().is_terminal() {
        return write_all(text);
    }
    let rows = terminal_size().map_or(24, |(_, r)| r.saturating_sub(1).max(5));
    let lines: Vec<&str> = text.lines().collect();
    let stdin = io::stdin();
    let mut answer = String::new();
    for (i, chunk) in lines.chunks(rows).enumerate() {
        write_all(&(chunk.join("\n") + "\n"))?;
        if (i + 1) * rows >= lines.len() {
            break;
        }
        write_all("-- more: Enter to continue, q to stop -- ")?;
        answer.clear();
        stdin.lock().read_line(&mut answer)?;
        if answer.trim() == "q" {
            break;
        }
    }
    Ok(())
}
