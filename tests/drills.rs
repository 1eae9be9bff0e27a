//! Quizzes, interviews and the progress report, scripted through the piped REPL against a
//! small fixture course (tests/fixtures/course) whose questions come in a known order.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const COURSE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/course");

fn tutor(data: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data.path())
        .env("COLUMNS", "100")
        .args(["--content", COURSE]);
    cmd
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n.\n";

#[test]
fn a_scripted_quiz_grades_every_kind() {
    let data = tempfile::tempdir().unwrap();
    // Right answers: a / a b d / false / names in order / data-db-1 / b / the manifest.
    let script =
        format!("quiz -n 7\na\na b d\nfalse\nweb-2, web-1, web-0\ndata-db-l\nb\n{SERVICE}quit\n");
    tutor(&data)
        .write_stdin(script)
        .assert()
        .code(0)
        .stdout(contains("Question 1 of 7"))
        .stdout(contains("Right — it is spelt data-db-1."))
        .stdout(contains("Quiz done: 7 of 7 right."));
    // Everything answered right is scheduled for later: nothing is due right away.
    tutor(&data)
        .args(["quiz", "-n", "7"])
        .assert()
        .code(0)
        .stdout(contains("Nothing is due"));
    // In a fresh store, wrong answers and skips are explained with the right answer.
    let fresh = tempfile::tempdir().unwrap();
    tutor(&fresh)
        .args(["quiz", "-n", "7"])
        .write_stdin("b\nskip\nquit\n")
        .assert()
        .code(0)
        .stdout(contains("Not quite.\n\nThe answer: a) web-0, web-1, web-2"))
        .stdout(contains("Skipped.\n\nThe answer: a) statefulset.kubernetes.io/pod-name; b) apps.kubernetes.io/pod-index"))
        .stdout(contains("Quiz done: 0 of 2 right."));
}

#[test]
fn wrong_answers_are_due_sooner_than_right_ones() {
    let data = tempfile::tempdir().unwrap();
    // The first question right, the second wrong.
    tutor(&data)
        .args(["quiz", "-n", "2"])
        .write_stdin("a\na\n")
        .assert()
        .code(0)
        .stdout(contains("1 of 2 right"));
    let export = tutor(&data)
        .args(["progress", "--export", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let due = |card: &str| {
        json["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["card"] == card)
            .unwrap()["due"]
            .as_i64()
            .unwrap()
    };
    assert!(due("question:identity-labels") < due("question:identity-pod-names"));
    assert_eq!(json["reviews"].as_array().unwrap().len(), 2);
}

#[test]
fn input_errors_ask_again_and_hints_count() {
    let data = tempfile::tempdir().unwrap();
    tutor(&data)
        .args(["quiz", "-n", "1"])
        .write_stdin("z\nhint\nhint\na\n")
        .assert()
        .code(0)
        .stdout(contains("(type one letter, a to c)"))
        // One wrong choice of three is struck out (two are always left), then no more.
        .stdout(contains("Hint 1: it is not c) web-<random suffix> ×3."))
        .stdout(contains("Taught in `sts-tutor lesson identity`."))
        .stdout(contains(
            "No more hints short of the answer: `skip` shows it.",
        ))
        .stdout(contains("1 of 1 right"));
    let export = tutor(&data)
        .args(["progress", "--export", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(json["reviews"][0]["rating"], "Hard", "right after a hint");
}

#[test]
fn hints_narrow_each_kind_down_without_giving_the_answer() {
    let data = tempfile::tempdir().unwrap();
    // The multiple-choice question, then the ordering and the short answer.
    tutor(&data)
        .write_stdin("quiz -n 5\na\nhint\nhint\na b d\nfalse\nhint\nhint\nweb-2, web-1, web-0\nhint\nhint\nhint\nhint\ndata-db-1\n")
        .assert()
        .code(0)
        .stdout(contains("Hint 1: 3 of the 4 choices are right."))
        .stdout(contains("Hint 1: the first is `web-2`."))
        .stdout(contains("then comes").not())
        .stdout(contains("Hint 1: 9 characters, starting with `d`."))
        .stdout(contains("Hint 4: 9 characters, starting with `data`."))
        .stdout(contains("Quiz done: 5 of 5 right."));
}

#[test]
fn a_scripted_interview_reports_concepts() {
    let data = tempfile::tempdir().unwrap();
    tutor(&data)
        .write_stdin("interview --minutes 5\nEach Pod keeps an ordinal name and gets its own PVC.\n.\nhard\nquit\n")
        .assert()
        .code(0)
        .stdout(contains("Mock interview"))
        .stdout(contains("Key concepts you named (2/3): ordinal names, own storage"))
        .stdout(contains("Missed: per-Pod DNS"))
        .stdout(contains("Interview over: 1 question"))
        .stdout(contains("Concepts to work on: per-Pod DNS."));
    tutor(&data)
        .arg("progress")
        .assert()
        .code(0)
        .stdout(contains(
            "Interview concepts you miss most:\n  per-Pod DNS (1×)",
        ));
}

#[test]
fn interview_date_and_reset() {
    let data = tempfile::tempdir().unwrap();
    tutor(&data)
        .args(["progress", "--interview-date", "2099-01-31"])
        .assert()
        .code(0)
        .stdout(contains("Interview date set to 2099-01-31"))
        .stdout(contains("Interview on 2099-01-31"));
    tutor(&data)
        .args(["progress", "--interview-date", "soon"])
        .assert()
        .code(2)
        .stderr(contains("YYYY-MM-DD"));
    tutor(&data)
        .args(["quiz", "-n", "1"])
        .write_stdin("a\n")
        .assert()
        .code(0);
    tutor(&data)
        .args(["progress", "reset"])
        .assert()
        .code(2)
        .stderr(contains("--yes"));
    tutor(&data)
        .args(["progress", "reset", "--yes"])
        .assert()
        .code(0)
        .stdout(contains("All progress was deleted."));
    let export = tutor(&data)
        .args(["progress", "--export", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert!(json["reviews"].as_array().unwrap().is_empty());
}

#[test]
fn the_fixture_course_is_consistent() {
    let data = tempfile::tempdir().unwrap();
    tutor(&data)
        .args(["content", "check", COURSE])
        .assert()
        .code(0)
        .stdout(contains("8 quiz questions checked"));
}

#[test]
fn predict_questions_are_checked_against_the_simulator() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("quizzes")).unwrap();
    let fixture = std::fs::read_to_string(format!("{COURSE}/quizzes/identity.toml")).unwrap();
    // Claim that node-0 survives: the simulator disagrees.
    let wrong = fixture.replace("choices = [\"node-0, node-1, node-2\", \"node-1, node-2, node-3\", \"node-1, node-2\"]\nanswer = 1", "choices = [\"node-0, node-1, node-2\", \"node-1, node-2, node-3\", \"node-1, node-2\"]\nanswer = 0");
    assert_ne!(wrong, fixture);
    std::fs::write(dir.path().join("quizzes/identity.toml"), wrong).unwrap();
    let data = tempfile::tempdir().unwrap();
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("STS_TUTOR_DATA_DIR", data.path())
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(contains("the simulator gives `node-1, node-2, node-3` after `set start=1; run`, but the answer is `node-0, node-1, node-2`"));
}

#[test]
fn a_quiz_quit_before_any_answer_says_so() {
    let data = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data.path())
        .args(["quiz", "-n", "3"])
        .write_stdin("quit\n")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("Quiz stopped before any answer"), "{out}");
    assert!(!out.contains("0 of 0 right"), "{out}");
}
