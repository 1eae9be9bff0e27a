//! Everything the tutor prints fits a 60-column terminal: no line is longer than 60 and no
//! word is broken. Each command runs twice, piped with `COLUMNS=60` (wrapped to 60) and piped
//! without `COLUMNS` (lines as written); the two must hold the same words.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `sts-tutor ARGS` in `dir` with its own progress store; `columns` sets `COLUMNS`.
fn run(dir: &Path, args: &[&str], columns: Option<&str>, stdin: &str) -> String {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", dir.join(".data"))
        .arg("--data-dir")
        .arg(dir.join(".data"))
        .args(args)
        .write_stdin(stdin.to_string());
    match columns {
        Some(columns) => cmd.env("COLUMNS", columns),
        None => cmd.env_remove("COLUMNS"),
    };
    let output = cmd.output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// Tokens that are layout, not words: snippet gutters and carets, table rules, and the
/// `= note: field:` line a field path moves to when it would not fit beside its carets.
fn is_layout(token: &str) -> bool {
    token.chars().all(|c| "|│─┼═^-=\\".contains(c)) || token == "field:" || token == "note:"
}

/// The words of `text`, but for the source lines of lint snippets (`23 | …`): those are
/// trimmed to the width around the annotated span, with `...`, never wrapped.
fn words(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let digits = l
                .trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit());
            digits.len() == l.trim_start().len() || !digits.starts_with(" |")
        })
        .flat_map(str::split_whitespace)
        .filter(|w| !is_layout(w))
        .collect()
}

fn multiset<'a>(words: &[&'a str]) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for w in words {
        *counts.entry(*w).or_insert(0) += 1;
    }
    counts
}

/// No line over 60 columns, and the words of the wrapped text are the words as written: a
/// word split at the margin ("Stateful" + "Set") would show up as two words that are not.
/// `in_order`: prose, where the words must also keep their order (tables and snippets may
/// move a word to another line of another column).
fn assert_fits(what: &str, wrapped: &str, unwrapped: &str, in_order: bool) {
    assert!(!wrapped.trim().is_empty(), "{what}: no output");
    for line in wrapped.lines() {
        assert!(
            line.chars().count() <= 60,
            "{what}: a line of {} columns:\n{line}\n\n{wrapped}",
            line.chars().count()
        );
    }
    let (w, u) = (words(wrapped), words(unwrapped));
    if in_order {
        assert_eq!(w, u, "{what}: words differ\n{wrapped}");
    } else {
        let (mw, mu) = (multiset(&w), multiset(&u));
        let extra: Vec<_> = mw.iter().filter(|(k, n)| mu.get(*k) != Some(n)).collect();
        let lost: Vec<_> = mu.iter().filter(|(k, n)| mw.get(*k) != Some(n)).collect();
        assert!(
            extra.is_empty() && lost.is_empty(),
            "{what}: words differ: {extra:?} instead of {lost:?}\n{wrapped}"
        );
    }
}

fn both(dir: &Path, what: &str, args: &[&str], stdin: &str, in_order: bool) {
    let wrapped = run(dir, args, Some("60"), stdin);
    let unwrapped = run(dir, args, None, stdin);
    assert_fits(what, &wrapped, &unwrapped, in_order);
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(Path::new(ROOT).join(from), dir.path().join(to)).unwrap();
    };
    copy("exercises/interview-web/starter.yaml", "starter.yaml");
    copy(
        "exercises/interview-web/tests/fail-wrong-image-and-replicas.yaml",
        "wrong.yaml",
    );
    copy("exercises/interview-web/solution.yaml", "web.yaml");
    dir
}

#[test]
fn check_and_lint_fit_60_columns() {
    let dir = workspace();
    let d = dir.path();
    both(
        d,
        "check (failing)",
        &["check", "interview-web", "wrong.yaml"],
        "",
        false,
    );
    both(
        d,
        "check (starter)",
        &["check", "interview-web", "starter.yaml"],
        "",
        false,
    );
    both(
        d,
        "check (passing)",
        &["check", "interview-web", "web.yaml"],
        "",
        false,
    );
    both(
        d,
        "lint",
        &["lint", "starter.yaml", "wrong.yaml"],
        "",
        false,
    );
}

#[test]
fn lists_hints_progress_and_init_fit_60_columns() {
    let dir = workspace();
    let d = dir.path();
    both(d, "exercises", &["exercises"], "", true);
    both(d, "lessons", &["lessons"], "", true);
    both(d, "progress", &["progress"], "", true);
    for _ in 0..3 {
        // Each run reveals one more hint.
        let wrapped = run(d, &["hint", "interview-web"], Some("60"), "");
        assert!(wrapped.contains("Hint 1/3: "), "{wrapped}");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 60),
            "{wrapped}"
        );
    }
    // With every hint revealed, both runs show the same hints.
    both(d, "hint", &["hint", "interview-web"], "", true);
    let init = tempfile::tempdir().unwrap();
    let wrapped = run(init.path(), &["init", "a"], Some("60"), "");
    let unwrapped = run(init.path(), &["init", "b"], None, "");
    assert_fits("init", &wrapped.replace(" a", " b"), &unwrapped, true);
}

#[test]
fn lessons_quizzes_and_the_simulator_fit_60_columns() {
    let dir = workspace();
    let d = dir.path();
    both(d, "lesson 1", &["lesson", "1"], "", false);
    both(
        d,
        "simulate",
        &[
            "simulate",
            "web.yaml",
            "--script",
            "run; scale 3; run; update image=nginx:broken broken; run; update image=nginx; run",
        ],
        "",
        true,
    );
    // Answers are typed in the same order both times, to the same questions: a fresh store
    // for each run.
    let answers = "a\na\na\nskip\nskip\nskip\n";
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let wrapped = run(first.path(), &["quiz", "-n", "6"], Some("60"), answers);
    let unwrapped = run(second.path(), &["quiz", "-n", "6"], None, answers);
    assert!(wrapped.contains("Quiz done"), "{wrapped}");
    for line in wrapped.lines() {
        assert!(line.chars().count() <= 60, "quiz: {line}\n{wrapped}");
    }
    // Lessons and quiz questions are Markdown, wrapped to 80 columns when piped without
    // COLUMNS: the words are the same, only where lines break differs.
    let (w, u) = (words(&wrapped), words(&unwrapped));
    assert_eq!(multiset(&w), multiset(&u), "{wrapped}");
}
