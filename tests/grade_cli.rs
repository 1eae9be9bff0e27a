//! `check`, `grade`, `exercises` and `content check`, driven as a learner and an instructor
//! would.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

const SOLUTION: &str = include_str!("../exercises/interview-web/solution.yaml");
const STARTER: &str = include_str!("../exercises/interview-web/starter.yaml");

thread_local! {
    /// Each test (thread) keeps progress in its own folder, removed when the test ends.
    static DATA: tempfile::TempDir = tempfile::tempdir().unwrap();
}

/// The binary, with progress kept in the test's folder (never the user's own).
fn tutor() -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.env("NO_COLOR", "1");
    DATA.with(|data| cmd.env("STS_TUTOR_DATA_DIR", data.path()));
    cmd
}

#[test]
fn the_embedded_course_is_consistent() {
    tutor()
        .args(["content", "check"])
        .assert()
        .code(0)
        .stdout(contains("ok: interview-web"))
        .stdout(contains(" 0 problems"));
}

#[test]
fn check_passes_a_right_answer_and_fails_the_starter() {
    tutor()
        .args(["check", "interview-web", "-"])
        .write_stdin(SOLUTION)
        .assert()
        .code(0)
        .stdout(contains("interview-web: 10/10 points, passed"));
    tutor()
        .args(["check", "interview-web", "-"])
        .write_stdin(STARTER)
        .assert()
        .code(1)
        .stdout(contains("[FAIL] headless-service (0/2)"))
        .stdout(contains("at <stdin>:6, Service/web `spec.clusterIP`"))
        .stdout(contains("found:    not set (the API default is 1)"))
        .stdout(contains("lesson: headless-service"));
}

#[test]
fn check_json_follows_the_contract() {
    let output = tutor()
        .args(["check", "interview-web", "-", "--format", "json"])
        .write_stdin(STARTER)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["exercise"], "interview-web");
    assert_eq!(report["passed"], false);
    assert_eq!(
        (report["score"].as_u64(), report["max_score"].as_u64()),
        (Some(4), Some(10))
    );
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "headless-service")
        .unwrap();
    assert_eq!(check["passed"], false);
    assert_eq!(
        (check["points"].as_u64(), check["max_points"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(check["path"], "spec.clusterIP");
    assert_eq!(check["object"], "Service/web");
    assert_eq!(check["line"], 6);
    assert_eq!(check["expected"], "None");
    assert_eq!(check["actual"], Value::Null);
    assert!(check["message"].as_str().unwrap().contains("headless"));
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "image-tag")
    );
}

#[test]
fn check_errors_are_clear() {
    tutor()
        .args(["check", "interview-wbe", "x.yaml"])
        .assert()
        .code(2)
        .stderr(contains("there is no exercise `interview-wbe`"))
        .stderr(contains("did you mean `interview-web`?"));
    tutor()
        .args(["check", "interview-web", "missing.yaml"])
        .assert()
        .code(2)
        .stderr(contains("cannot read missing.yaml"));
    tutor()
        .args(["check", "interview-web", "-"])
        .write_stdin("a: [\n")
        .assert()
        .code(1)
        .stdout(contains("[FAIL] valid"))
        .stdout(contains("error[yaml-syntax]"));
}

#[test]
fn exercises_are_listed() {
    tutor()
        .arg("exercises")
        .assert()
        .code(0)
        .stdout(contains("interview-web").and(contains("beginner")));
    let output = tutor()
        .args(["exercises", "--format", "json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = list["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "interview-web")
        .unwrap();
    assert_eq!(first["difficulty"], "beginner");
    assert!(first["title"].as_str().unwrap().contains("headless"));
}

fn class_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alice.yaml"), SOLUTION).unwrap();
    std::fs::write(
        dir.path().join("bob.yaml"),
        SOLUTION.replace("replicas: 2", "replicas: 2 # same objects, other text"),
    )
    .unwrap();
    std::fs::write(dir.path().join("carol.yaml"), STARTER).unwrap();
    std::fs::write(dir.path().join("dave.yaml"), "kind: [\n").unwrap();
    std::fs::create_dir(dir.path().join("erin")).unwrap();
    let (service, statefulset) = SOLUTION.split_once("---\n").unwrap();
    std::fs::write(dir.path().join("erin/service.yaml"), service).unwrap();
    std::fs::write(dir.path().join("erin/statefulset.yml"), statefulset).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    dir
}

#[test]
fn grade_a_class_in_every_format() {
    let dir = class_dir();
    let table = tutor()
        .args(["grade", "interview-web"])
        .arg(dir.path())
        .assert()
        .code(0);
    table
        .stdout(contains("3 of 5 submissions passed interview-web."))
        .stdout(contains("Checks failed most:"))
        .stdout(contains("Identical submissions"));

    let output = tutor()
        .args(["grade", "interview-web", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = report["submissions"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let by_name = |n: &str| {
        rows.iter()
            .find(|r| r["submission"].as_str().unwrap().ends_with(n))
            .unwrap()
    };
    assert_eq!(by_name("alice.yaml")["group"], by_name("bob.yaml")["group"]);
    assert_eq!(by_name("alice.yaml")["group"], by_name("erin")["group"]);
    assert_eq!(by_name("erin")["passed"], true);
    assert_eq!(by_name("dave.yaml")["score"], 0);
    assert!(
        by_name("dave.yaml")["reason"]
            .as_str()
            .unwrap()
            .contains("invalid YAML")
    );
    assert_eq!(report["checks"][0]["id"], "headless-service");
    assert_eq!(report["checks"][0]["failed"], 2);

    let csv = tutor()
        .args(["grade", "interview-web", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("id,submission,score,max_score,passed,valid,headless-service,"));
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",failed_checks,group,copy_group,status,reason")
    );
    assert_eq!(csv.lines().count(), 6);

    let junit = tutor()
        .args(["grade", "interview-web", "--format", "junit"])
        .arg(dir.path())
        .output()
        .unwrap();
    let junit = String::from_utf8(junit.stdout).unwrap();
    assert!(junit.starts_with("<?xml"));
    assert_eq!(junit.matches("<testsuite ").count(), 5);
    assert!(junit.contains("<failure message=\"The Service must be headless"));
}

#[test]
fn grade_a_thousand_submissions() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        let text = match i % 4 {
            0 => SOLUTION.to_string(),
            1 => STARTER.to_string(),
            2 => SOLUTION.replace("replicas: 2", &format!("replicas: {}", i % 7)),
            _ => format!("kind: [{i}\n"),
        };
        std::fs::write(dir.path().join(format!("s{i:04}.yaml")), text).unwrap();
    }
    let output = tutor()
        .args(["grade", "interview-web", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["submissions"].as_array().unwrap().len(), 1000);
    let passed = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["passed"] == true)
        .count();
    // Every solution passes, and so do the i % 4 == 2 variants whose replicas happen to be 2.
    let expected = (0..1000)
        .filter(|i| i % 4 == 0 || (i % 4 == 2 && i % 7 == 2))
        .count();
    assert_eq!(passed, expected);
}

#[test]
fn grade_errors() {
    tutor()
        .args(["grade", "interview-web", "nowhere/"])
        .assert()
        .code(2)
        .stderr(contains("does not exist"));
    let empty = tempfile::tempdir().unwrap();
    tutor()
        .args(["grade", "interview-web"])
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(contains("no submissions found"));
}

#[test]
fn an_instructors_course_directory() {
    let dir = tempfile::tempdir().unwrap();
    let exercise = dir.path().join("exercises/my-web");
    std::fs::create_dir_all(exercise.join("tests")).unwrap();
    for file in [
        "exercise.toml",
        "expected.yaml",
        "solution.yaml",
        "starter.yaml",
    ] {
        std::fs::copy(
            format!("exercises/interview-web/{file}"),
            exercise.join(file),
        )
        .unwrap();
    }
    std::fs::copy(
        "exercises/interview-web/tests/fail-not-headless.yaml",
        exercise.join("tests/fail-not-headless.yaml"),
    )
    .unwrap();
    std::fs::copy(
        "exercises/interview-web/tests/pass-flow-style.yaml",
        exercise.join("tests/pass-flow-style.yaml"),
    )
    .unwrap();
    tutor()
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(contains("ok: my-web"));
    tutor()
        .arg("--content")
        .arg(dir.path())
        .args(["check", "my-web", "-"])
        .write_stdin(SOLUTION)
        .assert()
        .code(0);

    // A fail case that passes, and a broken toml, are reported with the file to fix.
    std::fs::write(
        exercise.join("tests/fail-wrong.yaml"),
        format!("# fails: replicas\n{SOLUTION}"),
    )
    .unwrap();
    tutor()
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(contains(
            "tests/fail-wrong.yaml: a fail case must fail, but it passed",
        ));
    std::fs::write(exercise.join("exercise.toml"), "title = 1\n").unwrap();
    tutor()
        .args(["content", "check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(contains("exercise.toml:1:"));
}

#[test]
fn check_says_a_stand_in_once_at_its_line_and_extends_the_json_with_notes() {
    let deployment = SOLUTION.replacen("kind: StatefulSet", "kind: Deployment", 1);
    let out = tutor()
        .args(["check", "interview-web", "-"])
        .write_stdin(deployment.clone())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.matches("this is a Deployment: change `kind` to StatefulSet")
            .count(),
        1,
        "{text}"
    );
    let kind_line = deployment
        .lines()
        .position(|l| l == "kind: Deployment")
        .unwrap()
        + 1;
    assert!(
        text.contains(&format!("at <stdin>:{kind_line}, Deployment/web `kind`")),
        "{text}"
    );
    assert!(!text.contains("the file has no StatefulSet"), "{text}");

    // `namespace: default` on the Service only: a note on the check, in the JSON.
    let one_default = SOLUTION.replacen(
        "metadata:\n  name: web\nspec:\n  clusterIP",
        "metadata:\n  name: web\n  namespace: default\nspec:\n  clusterIP",
        1,
    );
    let output = tutor()
        .args(["check", "interview-web", "-", "--format", "json"])
        .write_stdin(one_default)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let check = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "service-selects-pods")
        .unwrap();
    assert!(
        check["note"]
            .as_str()
            .unwrap()
            .contains("graded as one namespace"),
        "{check}"
    );
    // Checks without a note do not carry the key: the shape is only extended.
    assert!(json["checks"][0].get("note").is_none());
}

#[test]
fn a_passing_check_says_how_it_read_the_namespaces() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/exercises/interview-web/tests/pass-default-namespace-on-one.yaml"
    );
    let out = tutor()
        .args(["check", "interview-web", file])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let note = out.find("note: ").expect("the namespace note is shown");
    assert!(out[note..].contains("namespace"), "{out}");
    assert!(
        note < out.rfind("points, passed").unwrap(),
        "the verdict stays last: {out}"
    );
}

#[test]
fn an_exercise_found_by_its_former_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web.yaml");
    std::fs::write(&file, SOLUTION).unwrap();
    tutor()
        .args(["check", "seed-web"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(contains("interview-web: 10/10 points, passed"));
}

#[test]
fn a_former_id_typed_in_part_suggests_the_renamed_exercises() {
    tutor()
        .args(["exercise", "seed"])
        .assert()
        .code(2)
        .stderr(contains(
            "did you mean `interview-web` or `tutorial-mysql`?",
        ));
}
