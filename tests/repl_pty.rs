//! The REPL on a real (pseudo-)terminal, where it reads through the line editor: lines typed
//! ahead or pasted all at once must each run, in order, none lost.
//!
//! Skips (with a message) where no pseudo-terminal can be allocated.
#![cfg(unix)]

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

const TIMEOUT_MS: u64 = 30_000;

/// The tutor on a 100×40 pseudo-terminal in `dir`, or `None` (after saying why) when this
/// machine cannot give one.
fn tutor(dir: &std::path::Path, data: &std::path::Path) -> Option<PtySession> {
    tutor_paged(dir, data, Some("cat"))
}

/// Like [`tutor`], with `$PAGER` set to `pager`, or unset (`less -R`) for `None`.
fn tutor_paged(
    dir: &std::path::Path,
    data: &std::path::Path,
    pager: Option<&str>,
) -> Option<PtySession> {
    let mut command = Command::new("sh");
    // A new pseudo-terminal reports 0×0; give it a size, as a terminal window has.
    command
        .args([
            "-c",
            "stty rows 40 cols 100 2>/dev/null; exec \"$0\"",
            env!("CARGO_BIN_EXE_sts-tutor"),
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("STS_TUTOR_DATA_DIR", data)
        .env_remove("COLUMNS")
        .env_remove("PAGER");
    if let Some(pager) = pager {
        command.env("PAGER", pager);
    }
    match spawn_command(command, Some(TIMEOUT_MS)) {
        Ok(session) => Some(session),
        Err(e) => {
            eprintln!("skipping: cannot run the tutor on a pseudo-terminal here: {e}");
            None
        }
    }
}

fn expect(session: &mut PtySession, text: &str) {
    if let Err(e) = session.exp_string(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

#[test]
fn lines_typed_ahead_all_run_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let Some(mut session) = tutor(dir.path(), data.path()) else {
        return;
    };
    expect(&mut session, "sts> ");
    // Three commands in one write, as a fast typist or a terminal without bracketed paste
    // sends them: Enter is a carriage return on a terminal.
    session
        .send("help\rlessons\rexplain statefulset.spec.replicas\r")
        .unwrap();
    session.flush().unwrap();
    expect(&mut session, "Commands:");
    expect(&mut session, "statefulset-basics");
    expect(&mut session, "Read one with: lesson 1");
    expect(&mut session, "statefulset.spec.replicas");
    session.send("quit\r").unwrap();
    session.flush().unwrap();
    session.exp_eof().unwrap();
}

#[test]
fn a_pasted_block_of_commands_runs_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("web.yaml"),
        include_str!("../exercises/interview-web/solution.yaml"),
    )
    .unwrap();
    let Some(mut session) = tutor(dir.path(), data.path()) else {
        return;
    };
    expect(&mut session, "sts> ");
    // A bracketed paste (what terminals send when the program asks for it, as the line
    // editor does): the lines arrive as one text, then the learner presses Enter.
    session
        .send("\x1b[200~check interview-web web.yaml\rlessons\r\x1b[201~\r")
        .unwrap();
    session.flush().unwrap();
    expect(&mut session, "interview-web: 10/10 points, passed");
    expect(&mut session, "Read one with: lesson 1");
    // A command typed while the previous one still runs waits for it.
    session.send("help quit\rquit\r").unwrap();
    session.flush().unwrap();
    expect(&mut session, "Leave (Ctrl-D does too)");
    session.exp_eof().unwrap();
}

#[test]
fn a_command_typed_while_a_lesson_is_paged_still_runs_after_the_pager() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let Some(mut session) = tutor_paged(dir.path(), data.path(), None) else {
        return;
    };
    expect(&mut session, "sts> ");
    // Lesson 1 is taller than the terminal: it is paged (`less`, or the built-in pager where
    // there is none), and `lessons`, sent with it, must wait for the pager, not be read by it.
    session.send("lesson 1\rlessons\r").unwrap();
    session.flush().unwrap();
    expect(&mut session, "StatefulSets: managing stateful applications");
    session.send("q\r").unwrap();
    session.flush().unwrap();
    expect(&mut session, "Read one with: lesson 1");
    session.send("quit\r").unwrap();
    session.flush().unwrap();
    session.exp_eof().unwrap();
}
