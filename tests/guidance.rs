//! Guidance and scheduling, driven through the real binary over a pipe (the REPL reads one
//! command, or one answer, per line): what `quiz` picks, what the banner and `next`
//! propose, practice after a pass, and what `progress` shows.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use sts_tutor::content::Course;
use sts_tutor::progress::{Rating, Store};

const EXERCISES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/exercises");
const DAY: i64 = 86_400;

fn tutor(data: &tempfile::TempDir, columns: &str) -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data.path())
        .env("COLUMNS", columns);
    cmd
}

/// Runs a REPL session, wide enough that messages are not wrapped.
fn run(data: &tempfile::TempDir, script: &str) -> String {
    let out = tutor(data, "200").write_stdin(script).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn export(data: &tempfile::TempDir) -> serde_json::Value {
    let out = tutor(data, "80")
        .args(["progress", "--export", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The topics of the questions asked, in order ("Question 3 of 8 · identity · single").
fn topics_asked(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("Question ") && l.contains(" of "))
        .filter_map(|l| l.split(" · ").nth(1).map(str::to_string))
        .collect()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The cards reviewed by the reviews after the first `skip` of them.
fn cards_reviewed(json: &serde_json::Value, skip: usize) -> Vec<String> {
    json["reviews"].as_array().unwrap()[skip..]
        .iter()
        .map(|r| r["card"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_first_quiz_after_three_lessons_asks_about_them() {
    let data = tempfile::tempdir().unwrap();
    let script = format!(
        "lesson 1\nlesson 2\nlesson 3\nquiz -n 8\n{}",
        "skip\n".repeat(8)
    );
    let out = run(&data, &script);
    let topics = topics_asked(&out);
    assert_eq!(topics.len(), 8, "{out}");
    let read = ["statefulset-basics", "identity", "headless-service"];
    assert!(
        topics.iter().all(|t| read.contains(&t.as_str())),
        "{topics:?}"
    );
    // Interleaved: each lesson read gets a turn before any gets a second one.
    assert_eq!(&topics[..3], read);
    assert!(!out.contains("You have not read"), "{out}");
    // The second quiz goes on with the lessons read, too.
    let out = run(&data, &format!("quiz -n 8\n{}", "skip\n".repeat(8)));
    let topics = topics_asked(&out);
    assert!(
        topics.iter().all(|t| read.contains(&t.as_str())),
        "{topics:?}"
    );
}

#[test]
fn questions_from_unread_lessons_come_in_course_order_and_are_announced() {
    let data = tempfile::tempdir().unwrap();
    // Nothing read: lesson 1's questions first, and the quiz says where they come from.
    let out = run(&data, &format!("quiz -n 3\n{}", "skip\n".repeat(3)));
    assert_eq!(topics_asked(&out), ["statefulset-basics"; 3]);
    assert!(
        out.contains(
            "You have not read lesson 1 yet: these questions come from it (`lesson 1` first)."
        ),
        "{out}"
    );

    // Lesson 1 read: its questions, then lesson 2's, which is named. (Manifest questions
    // read a block of lines, so not every question is reached with `skip`s: the notice
    // counts what was chosen, and the topics are checked as far as they were asked.)
    let data = tempfile::tempdir().unwrap();
    let basics = Course::embedded()
        .unwrap()
        .questions
        .iter()
        .filter(|q| q.topic == "statefulset-basics" && q.kind.name() != "open")
        .count();
    let out = run(
        &data,
        &format!("lesson 1\nquiz -n 15\n{}", "skip\n".repeat(15)),
    );
    let topics = topics_asked(&out);
    assert!(!topics.is_empty());
    let first_identity = topics
        .iter()
        .position(|t| t == "identity")
        .unwrap_or(topics.len());
    assert!(
        topics[..first_identity]
            .iter()
            .all(|t| t == "statefulset-basics"),
        "{topics:?}"
    );
    assert!(
        topics[first_identity..].iter().all(|t| t == "identity"),
        "{topics:?}"
    );
    let extra = 15 - basics;
    assert!(
        out.contains(&format!(
            "You have not read lesson 2 yet: {extra} of these 15 questions come from it"
        )),
        "{out}"
    );
    // The shell names the shell command.
    let fresh = tempfile::tempdir().unwrap();
    tutor(&fresh, "200")
        .args(["quiz", "-n", "1"])
        .write_stdin("skip\n")
        .assert()
        .success()
        .stdout(contains("(`sts-tutor lesson 1` first)"));
}

/// Five questions missed three days ago, then an interview date: they come back first.
#[test]
fn missed_questions_come_back_with_an_interview_date() {
    let data = tempfile::tempdir().unwrap();
    let course = Course::embedded().unwrap();
    let yaml: Vec<_> = course
        .questions
        .iter()
        .filter(|q| {
            q.topic == "yaml" && !matches!(q.kind, sts_tutor::content::quiz::Kind::Open { .. })
        })
        .take(5)
        .collect();
    let open: Vec<_> = course
        .questions
        .iter()
        .filter(|q| matches!(q.kind, sts_tutor::content::quiz::Kind::Open { .. }))
        .skip(3)
        .take(2)
        .collect();
    {
        let mut store = Store::open(data.path()).unwrap();
        let then = now() - 3 * DAY;
        for q in yaml.iter().chain(&open) {
            let card = format!("question:{}", q.id);
            store
                .review(&card, &q.topic, Rating::Again, then, "quiz", &[])
                .unwrap();
        }
    }
    tutor(&data, "80")
        .args(["progress", "--interview-date", "2099-01-31"])
        .assert()
        .success();
    run(&data, &format!("quiz -n 5\n{}", "skip\n".repeat(5)));
    let json = export(&data);
    let mut asked = cards_reviewed(&json, 7);
    asked.sort();
    let mut missed: Vec<String> = yaml.iter().map(|q| format!("question:{}", q.id)).collect();
    missed.sort();
    assert_eq!(asked, missed);

    // The same for the open questions of an interview.
    run(
        &data,
        "interview --minutes 5\nI do not know.\n.\nagain\nquit\n",
    );
    let json = export(&data);
    let asked = cards_reviewed(&json, 12);
    let open_cards: Vec<String> = open.iter().map(|q| format!("question:{}", q.id)).collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        open_cards.contains(&asked[0]),
        "{asked:?} not in {open_cards:?}"
    );
}

#[test]
fn after_a_restart_next_continues_where_the_banner_says() {
    let data = tempfile::tempdir().unwrap();
    // Read lessons 1 to 3; `next` offers the short quiz on lesson 3 (quit at once), then
    // the exercise it prepares.
    let out = run(
        &data,
        "lesson 1\nlesson 2\nlesson 3\nnext\nquit\nnext\nquit\n",
    );
    assert!(
        out.contains(
            "A short quiz on lesson 3 (5 questions; `quit` stops it); `lesson 4` reads on instead."
        ),
        "{out}"
    );
    assert!(out.contains("Question 1 of 5 · headless-service"), "{out}");
    assert!(
        out.contains("The exercise lesson 3 prepares: `interview-web`"),
        "{out}"
    );
    // A restart: the banner says lesson 4, and `next` opens lesson 4, not lesson 1.
    let out = run(&data, "next\nquit\n");
    let banner = out.lines().find(|l| l.starts_with("Next: ")).unwrap();
    assert!(
        banner.starts_with("Next: `lesson 4` (Per-Pod storage with volumeClaimTemplates)."),
        "{banner}"
    );
    assert!(
        out.contains("Per-Pod storage with volumeClaimTemplates\n═"),
        "next opened lesson 4"
    );
    assert!(
        !out.contains("StatefulSets: managing stateful applications\n═"),
        "not lesson 1"
    );
    // The next restart proposes the quiz on lesson 4, and `next` starts it; `prev` pages
    // back from lesson 4, the lesson read last.
    let out = run(&data, "next\nquit\nprev\nquit\n");
    assert!(
        out.contains("Next: `quiz --topic storage -n 5` (5 questions on lesson 4"),
        "{out}"
    );
    let quiz = out
        .find("Question 1 of 5 · storage")
        .expect("the quiz on lesson 4");
    assert!(
        out[quiz..].contains("The headless Service and per-Pod DNS\n═"),
        "prev pages back to lesson 3"
    );
}

#[test]
fn typing_next_twice_after_a_quiz_reads_on() {
    let data = tempfile::tempdir().unwrap();
    // Lesson 1, its short quiz answered (skipped), then `next`: lesson 1's exercises need
    // later lessons, so lesson 2.
    let out = run(&data, &format!("next\nnext\n{}next\n", "skip\n".repeat(5)));
    let first = out
        .find("StatefulSets: managing stateful applications\n═")
        .expect("lesson 1");
    let quiz = out[first..]
        .find("Question 1 of 5 · statefulset-basics")
        .expect("its quiz");
    assert!(
        out[first + quiz..].contains("Stable Pod identity\n═"),
        "then lesson 2"
    );
    assert!(
        !out.contains("sts-tutor "),
        "REPL messages name REPL commands"
    );
}

fn check(data: &tempfile::TempDir, file: &str) {
    let _ = tutor(data, "80")
        .args([
            "check",
            "interview-web",
            &format!("{EXERCISES}/interview-web/{file}"),
        ])
        .output()
        .unwrap();
}

#[test]
fn practice_after_a_pass_does_not_pull_the_exercise_back() {
    let data = tempfile::tempdir().unwrap();
    check(&data, "tests/fail-not-headless.yaml");
    check(&data, "solution.yaml");
    for _ in 0..3 {
        check(&data, "tests/fail-selector-mismatch.yaml");
        check(&data, "tests/fail-not-headless.yaml");
    }
    let json = export(&data);
    assert_eq!(json["attempts"].as_array().unwrap().len(), 8, "all kept");
    let reviews: Vec<&serde_json::Value> = json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["card"] == "exercise:interview-web")
        .collect();
    assert_eq!(
        reviews.len(),
        2,
        "only the attempts up to the pass review the card"
    );
    assert_eq!(reviews[1]["rating"], "Good");
    let card = json["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["card"] == "exercise:interview-web")
        .unwrap();
    assert!(card["due"].as_i64().unwrap() > now(), "not reset to Again");
    let report = &json["report"];
    let missed: Vec<&str> = report["checks_missed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert!(missed.contains(&"headless-service"), "{missed:?}");
    for check in report["checks_missed"].as_array().unwrap() {
        assert_eq!(check[1], 1, "only the attempt before the pass: {check}");
    }
    let retention = report["retention"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == "interview-web")
        .unwrap();
    assert_eq!(retention["reviews"], 2);
    assert_eq!(retention["recalled"], 0.5);
}

/// Stores written before the fix hold Again reviews after the pass: `progress` leaves them
/// out. A passing re-check when the card is due reviews it Good.
#[test]
fn old_practice_reviews_are_ignored_and_due_passes_review_good() {
    let data = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(data.path()).unwrap();
        let then = now() - 30 * DAY;
        let attempt = |at: i64, passed: bool| sts_tutor::progress::Attempt {
            exercise: "interview-web".into(),
            at,
            score: if passed { 10 } else { 4 },
            max_score: 10,
            passed,
            failed_checks: if passed {
                Vec::new()
            } else {
                vec!["service-selects-pods".into()]
            },
            hints_used: 0,
            submission_hash: sts_tutor::progress::submission_hash(at.to_string().as_bytes()),
        };
        for (i, passed) in [true, false, false, false].into_iter().enumerate() {
            let at = then + i as i64;
            let a = attempt(at, passed);
            let review = sts_tutor::progress::CardReview {
                card: "exercise:interview-web",
                topic: "interview-web",
                rating: if passed { Rating::Good } else { Rating::Again },
                at,
                source: "exercise",
                missed: &a.failed_checks,
            };
            store.record_attempt_and_review(&a, Some(&review)).unwrap();
        }
    }
    let out = tutor(&data, "80").arg("progress").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("interview-web") && text.contains("100% of 1 review"),
        "{text}"
    );
    assert!(!text.contains("service-selects-pods"), "{text}");
    // The card is long due: a pass reviews it Good; right after, another pass does not.
    check(&data, "solution.yaml");
    check(&data, "solution.yaml");
    let json = export(&data);
    let reviews = json["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 5);
    assert_eq!(reviews[4]["rating"], "Good");
}

#[test]
fn progress_shows_each_lesson_the_next_step_and_whether_on_track() {
    let data = tempfile::tempdir().unwrap();
    run(&data, "lesson 1\nquiz -n 2\na\nskip\n");
    tutor(&data, "60")
        .args(["progress", "--interview-date", "2099-01-31"])
        .assert()
        .success()
        .stdout(contains(
            "Lessons (read, quiz answers right, exercises passed):",
        ))
        .stdout(contains("   1 statefulset-basics  read"))
        .stdout(contains("   2 identity            not yet  no answers"))
        .stdout(contains(
            "Not on track for 2099-01-31 yet: 9 lessons not read yet",
        ))
        .stdout(contains(
            "Next: `sts-tutor lesson 2` (Stable Pod identity).",
        ))
        .stdout(predicate::function(|out: &str| {
            out.lines().all(|l| l.chars().count() <= 60)
        }));
    let json = export(&data);
    let report = &json["report"];
    // Old fields are kept.
    for field in [
        "lessons_read",
        "lessons",
        "retention",
        "checks_missed",
        "next",
    ] {
        assert!(!report[field].is_null(), "{field}");
    }
    assert_eq!(
        report["next"][0],
        "Next: `sts-tutor lesson 2` (Stable Pod identity)."
    );
    assert_eq!(report["next_step"]["kind"], "lesson");
    assert_eq!(report["next_step"]["lesson"], 2);
    let first = &report["per_lesson"][0];
    assert_eq!(first["read"], true);
    assert_eq!(first["reviews"], 2);
    assert_eq!(report["per_lesson"][1]["read"], false);
    assert_eq!(report["on_track"]["on_track"], false);
    assert_eq!(
        report["on_track"]["lessons_unread"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
}
