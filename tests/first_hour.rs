//! A learner's first hour, scripted end to end through the REPL as a new user would live it:
//! read three lessons, take a quiz and miss it, do an exercise wrong then right, restart,
//! follow `next`, then drill before an interview date. It asserts what a good teacher would
//! get right: questions come from what was read, what was missed comes back, `next` does
//! what the banner says, no REPL message names a shell command, and at 60 columns no line is
//! wider than 60 or splits a word.
//!
//! The whole hour runs twice, at 60 and at 400 columns, in separate data directories: the
//! wide run is the reference for which words exist, so a word broken by the narrow run
//! shows up as a fragment the wide run never printed.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

const READ: [&str; 3] = ["statefulset-basics", "identity", "headless-service"];

fn repl(data: &Path, work: &Path, columns: usize, input: &str) -> String {
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data)
        .env("COLUMNS", columns.to_string())
        .env_remove("PAGER")
        .current_dir(work)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the REPL failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut text = String::from_utf8(output.stdout).unwrap();
    text.push_str(&String::from_utf8(output.stderr).unwrap());
    text
}

/// The topics of the questions a quiz asked, from its "Question i of n · topic" lines.
fn asked_topics(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("Question "))
        .filter_map(|l| l.split(" · ").nth(1))
        .map(|t| t.trim().to_string())
        .collect()
}

/// Moves every card's schedule back by `seconds` (its due time and its last review, in the
/// column and in the FSRS state), as if that much time had passed.
fn let_time_pass(data: &Path, seconds: i64) {
    let db = rusqlite::Connection::open(data.join("progress.sqlite3")).unwrap();
    let cards: Vec<(String, String)> = db
        .prepare("SELECT card, state FROM cards")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (card, state) in cards {
        let mut state: serde_json::Value = serde_json::from_str(&state).unwrap();
        for key in ["due", "last_review"] {
            if let Some(when) = state[key].as_str() {
                let when = chrono::DateTime::parse_from_rfc3339(when).unwrap()
                    - chrono::Duration::seconds(seconds);
                state[key] = serde_json::Value::String(when.to_rfc3339());
            }
        }
        db.execute(
            "UPDATE cards SET state = ?1, due = due - ?2 WHERE card = ?3",
            rusqlite::params![state.to_string(), seconds, card],
        )
        .unwrap();
    }
}

fn missed_cards(data: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open(data.join("progress.sqlite3")).unwrap();
    let mut stmt = db
        .prepare(
            "SELECT DISTINCT card FROM reviews WHERE rating = 1 AND card LIKE 'question:%' ORDER BY card",
        )
        .unwrap();
    stmt.query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

struct Hour {
    /// Every output of the hour, in order.
    outputs: Vec<String>,
    missed: Vec<String>,
}

fn first_hour(columns: usize) -> Hour {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let course = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/interview-web");
    let mut outputs = Vec::new();

    // Read three lessons, then a quiz where every answer is skipped (missed).
    let quiz = format!(
        "lesson 1\nlesson 2\nlesson 3\nquiz -n 5\n{}quit\n",
        "skip\n".repeat(5)
    );
    outputs.push(repl(data.path(), work.path(), columns, &quiz));

    // The exercise, answered wrong: the Service selects the wrong Pods.
    let wrong = std::fs::read_to_string(course.join("tests/fail-selector-mismatch.yaml")).unwrap();
    std::fs::write(work.path().join("web.yaml"), wrong).unwrap();
    outputs.push(repl(
        data.path(),
        work.path(),
        columns,
        "exercise interview-web\ncheck\nhint\nquit\n",
    ));

    // Restart: the banner's next step, `next`, then the exercise answered right.
    let right = std::fs::read_to_string(course.join("solution.yaml")).unwrap();
    std::fs::write(work.path().join("web.yaml"), right).unwrap();
    // `next` may open a lesson or start a quiz (whose `quit` stops it, and the second one
    // leaves the REPL).
    outputs.push(repl(
        data.path(),
        work.path(),
        columns,
        "next\nquit\nquit\n",
    ));
    outputs.push(repl(
        data.path(),
        work.path(),
        columns,
        "check interview-web\nquit\n",
    ));

    // A day later, with an interview in two weeks: a quiz.
    let missed = missed_cards(data.path());
    let_time_pass(data.path(), 86_400);
    let date = (chrono::Utc::now() + chrono::Duration::days(14))
        .format("%Y-%m-%d")
        .to_string();
    let drill = format!(
        "progress --interview-date {date}\nquiz -n 5\n{}quit\nprogress\nquit\n",
        "skip\n".repeat(5)
    );
    outputs.push(repl(data.path(), work.path(), columns, &drill));
    Hour { outputs, missed }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn the_first_hour() {
    let narrow = first_hour(60);
    let wide = first_hour(400);
    let [quiz, exercise, restart, passed, drill] = &narrow.outputs[..] else {
        panic!("five sessions");
    };

    // The first quiz asks about the lessons just read, not about lesson 9.
    let topics = asked_topics(quiz);
    assert_eq!(topics.len(), 5, "{quiz}");
    for topic in &topics {
        assert!(
            READ.contains(&topic.as_str()),
            "{topic} was not read yet:\n{quiz}"
        );
    }

    // The wrong answer fails for its real reason, and the hint is about that reason.
    assert!(exercise.contains("not passed yet"), "{exercise}");
    assert!(exercise.contains("service-selects-pods"), "{exercise}");
    let hint = &exercise[exercise.find("Hint").expect("a hint was shown")..];
    assert!(hint.to_lowercase().contains("selector"), "{hint}");

    // After the restart, `next` continues where the banner says.
    let banner = restart
        .lines()
        .find_map(|l| l.strip_prefix("Next: `"))
        .and_then(|l| l.split('`').next())
        .expect("the banner names a next step");
    let after_banner = &restart[restart.find("sts> ").unwrap_or(0)..];
    if let Some(number) = banner.strip_prefix("lesson ") {
        let course = sts_tutor::content::Course::embedded().unwrap();
        let lesson = course.lesson(number).expect("the banner names a lesson");
        assert!(
            after_banner.contains(&lesson.title) || restart.matches(&lesson.title).count() >= 2,
            "`next` did not open {banner}:\n{restart}"
        );
    }
    assert!(passed.contains("10/10 points, passed"), "{passed}");

    // The missed questions come back, interview date or not.
    assert!(!narrow.missed.is_empty(), "skipped answers are missed");
    let course = sts_tutor::content::Course::embedded().unwrap();
    let came_back = narrow
        .missed
        .iter()
        .filter_map(|card| card.strip_prefix("question:"))
        .filter_map(|id| course.questions.iter().find(|q| q.id == id))
        .filter(|q| {
            let start = words(&q.prompt)
                .into_iter()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            words(drill).join(" ").contains(&start)
        })
        .count();
    assert!(
        came_back >= narrow.missed.len().min(5),
        "{came_back} of {} missed questions came back:\n{drill}",
        narrow.missed.len()
    );
    for topic in asked_topics(drill) {
        assert!(READ.contains(&topic.as_str()), "{topic}:\n{drill}");
    }

    // Every REPL message names REPL commands.
    for out in &narrow.outputs {
        assert!(
            !out.contains("sts-tutor "),
            "a shell command in the REPL:\n{out}"
        );
    }

    // At 60 columns nothing is wider than 60, and no word is split.
    let known: HashSet<String> = wide.outputs.iter().flat_map(|o| words(o)).collect();
    for out in &narrow.outputs {
        for line in out.lines() {
            assert!(line.width() <= 60, "{} columns: {line:?}", line.width());
        }
        let broken: BTreeSet<String> = words(out)
            .into_iter()
            .filter(|w| !known.contains(w))
            .collect();
        assert!(broken.is_empty(), "words split at 60 columns: {broken:?}");
    }
}
