//! Gaps the class grader left (issue 14): duplicate objects, values of the wrong type shown as
//! they are, `check` on a folder, lint gating and partial credit, driven through the binary.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

const SOLUTION: &str = include_str!("../exercises/interview-web/solution.yaml");

thread_local! {
    /// Each test (thread) keeps progress in its own folder, removed when the test ends.
    static DATA: tempfile::TempDir = tempfile::tempdir().unwrap();
}

fn tutor() -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.env("NO_COLOR", "1");
    DATA.with(|data| cmd.env("STS_TUTOR_DATA_DIR", data.path()));
    cmd
}

/// The solution's Service and StatefulSet, as two texts.
fn halves() -> (String, String) {
    let (service, statefulset) = SOLUTION.split_once("---\n").unwrap();
    (service.to_string(), statefulset.to_string())
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap()
}

#[test]
fn the_same_object_twice_fails_valid_and_names_both_lines() {
    let (_, statefulset) = halves();
    let wrong = statefulset.replace("replicas: 2", "replicas: 5");
    let text = format!("{SOLUTION}---\n{wrong}");
    let out = tutor()
        .args(["check", "interview-web", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    assert_eq!(report["passed"], false);
    let valid = &report["checks"][0];
    assert_eq!(valid["id"], "valid");
    assert_eq!(valid["points"], 0);
    let duplicate: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "duplicate-object")
        .collect();
    assert_eq!(duplicate.len(), 1, "{report:#}");
    assert_eq!(duplicate[0]["line"], 36);
    assert_eq!(
        duplicate[0]["message"],
        "StatefulSet/web is also defined at <stdin>:15; applying the file would keep only the last"
    );
}

#[test]
fn check_grades_a_folder_as_one_submission_naming_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let (service, statefulset) = halves();
    std::fs::write(dir.path().join("service.yaml"), &service).unwrap();
    std::fs::write(dir.path().join("statefulset.yaml"), &statefulset).unwrap();
    // Junk an archive adds is skipped, and said to be.
    std::fs::create_dir(dir.path().join("__MACOSX")).unwrap();
    std::fs::write(dir.path().join("__MACOSX/._service.yaml"), b"\0\0\x05\x16").unwrap();
    std::fs::write(dir.path().join("._statefulset.yaml"), b"\0\0\x05\x16").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git/ci.yml"), "kind: [").unwrap();
    tutor()
        .args(["check", "interview-web"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(contains("as one submission"))
        .stdout(contains("service.yaml"))
        .stdout(contains("skipped"))
        .stdout(contains("__MACOSX"))
        .stdout(contains("passed"));

    // A wrong value is found at its own file's line.
    let wrong = statefulset.replace("replicas: 2", "replicas: 3");
    std::fs::write(dir.path().join("statefulset.yaml"), &wrong).unwrap();
    let file = dir.path().join("statefulset.yaml").display().to_string();
    tutor()
        .args(["check", "interview-web"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(contains(format!(
            "at {file}:7, StatefulSet/web `spec.replicas`"
        )));
    let out = tutor()
        .args(["check", "interview-web", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let replicas = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "spec.replicas")
        .unwrap();
    assert_eq!(replicas["file"], file.as_str());
    assert_eq!(replicas["line"], 7);
}

#[test]
fn a_duplicate_across_the_files_of_a_folder_names_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let (service, statefulset) = halves();
    std::fs::write(dir.path().join("a.yaml"), SOLUTION).unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        format!("{service}---\n{statefulset}"),
    )
    .unwrap();
    let a = dir.path().join("a.yaml").display().to_string();
    let b = dir.path().join("b.yaml").display().to_string();
    let out = tutor()
        .args(["check", "interview-web", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    assert_eq!(report["checks"][0]["points"], 0);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[1]["file"], b.as_str());
    let messages: Vec<String> = files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "duplicate-object")
        .map(|d| format!("{}: {}", d["line"], d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        messages,
        vec![
            format!(
                "4: Service/web is also defined at {a}:4; applying the files would keep only the last"
            ),
            format!(
                "15: StatefulSet/web is also defined at {a}:15; applying the files would keep only the last"
            ),
        ]
    );
}

#[test]
fn grade_scores_a_folder_with_the_same_objects_twice_below_full_marks() {
    let dir = tempfile::tempdir().unwrap();
    let alice = dir.path().join("alice");
    std::fs::create_dir(&alice).unwrap();
    std::fs::write(alice.join("a.yaml"), SOLUTION).unwrap();
    let (_, statefulset) = halves();
    let wrong = statefulset.replace("replicas: 2", "replicas: 5");
    std::fs::write(alice.join("b.yaml"), wrong).unwrap();
    let out = tutor()
        .args(["grade", "interview-web", "--format", "json"])
        .arg(dir.path())
        .assert()
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let text = report.to_string();
    let a = alice.join("a.yaml").display().to_string();
    let b = alice.join("b.yaml").display().to_string();
    let expected = format!(
        "{b}:4: StatefulSet/web is also defined at {a}:15; applying the files would keep only the last (duplicate-object)"
    );
    assert!(text.contains(&expected), "{expected}\n{report:#}");
    let row = &report["submissions"][0];
    assert_eq!(row["passed"], false, "{report:#}");
    assert_eq!(row["failed_checks"], serde_json::json!(["valid"]));
    assert!(row["score"].as_u64() < row["max_score"].as_u64());
}

#[test]
fn a_value_of_the_wrong_type_is_shown_as_written_with_its_type_never_as_not_set() {
    let cases = [
        (
            SOLUTION.replace("replicas: 2", "replicas: \"3\""),
            "spec.replicas",
            "found:    \"3\" (a string; write 3 without quotes)",
        ),
        (
            SOLUTION.replace("serviceName: \"web\"", "serviceName: 5"),
            "spec.serviceName",
            "found:    5 (an integer; write it in quotes, \"5\")",
        ),
        (
            SOLUTION.replace("replicas: 2", "replicas: [2]"),
            "spec.replicas",
            "found:    a list (the field takes an integer)",
        ),
        (
            SOLUTION.replace("- port: 80", "- port: \"80\""),
            "spec.ports[0].port",
            "found:    \"80\" (a string; write 80 without quotes)",
        ),
        (
            SOLUTION.replace(
                "        ports:\n        - containerPort: 80",
                "        ports:\n          containerPort: 80",
            ),
            "spec.template.spec.containers[0].ports",
            "found:    a mapping (the field is a list: write each item on its own line, after `- `)",
        ),
    ];
    for (text, path, found) in cases {
        let out = tutor()
            .args(["check", "interview-web", "-"])
            .write_stdin(text.clone())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(&format!("`{path}`")), "{path}\n{out}");
        assert!(out.contains(found), "{found}\n{out}");
        assert!(!out.contains("not set"), "{out}");
        assert!(!out.contains("API default"), "{out}");
    }
    // The JSON has the value as written and the words.
    let out = tutor()
        .args(["check", "interview-web", "-", "--format", "json"])
        .write_stdin(SOLUTION.replace("replicas: 2", "replicas: \"3\""))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let replicas = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "replicas")
        .unwrap();
    let failure = &replicas["failures"][0];
    assert_eq!(failure["actual"], "3");
    assert_eq!(
        failure["written"],
        "\"3\" (a string; write 3 without quotes)"
    );
    assert!(failure.get("default").is_none(), "{failure:#}");
}

/// A course with one exercise that gates on lint and gives partial credit.
const GATED: &str = "tests/fixtures/gaps-course";

fn gated(args: &[&str], stdin: Option<String>) -> (Option<i32>, String) {
    let mut cmd = tutor();
    cmd.args(["--content", GATED]).args(args);
    if let Some(text) = stdin {
        cmd.write_stdin(text);
    }
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_gated_fixture_course_is_consistent() {
    let (code, out) = gated(&["content", "check", GATED], None);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains(" 0 problems"), "{out}");
}

#[test]
fn a_gated_exercise_scores_a_manifest_with_lint_errors_zero_with_the_reason() {
    let broken = SOLUTION.replace("clusterIP: None", "clusterIP: none");
    // Without the gate, the same file keeps the points of what matches.
    let out = tutor()
        .args(["check", "interview-web", "-", "--format", "json"])
        .write_stdin(broken.clone())
        .output()
        .unwrap();
    assert!(json_of(&out.stdout)["score"].as_u64().unwrap() > 0);

    let (code, text) = gated(&["check", "gated-web", "-"], Some(broken.clone()));
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("gated-web: 0/6 points, not passed yet"),
        "{text}"
    );
    assert!(
        text.contains("Scored 0: this exercise grades only a manifest the API server accepts (`[lint] gate`): lint finds 1 error"),
        "{text}"
    );
    let (_, json) = gated(
        &["check", "gated-web", "-", "--format", "json"],
        Some(broken.clone()),
    );
    let report = json_of(json.as_bytes());
    assert_eq!(report["score"], 0);
    assert!(report["gated"].as_str().unwrap().contains("`[lint] gate`"));
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["points"] == 0)
    );

    // `grade`, in every format, says the same.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alice.yaml"), &broken).unwrap();
    std::fs::write(dir.path().join("bob.yaml"), SOLUTION).unwrap();
    let path = dir.path().display().to_string();
    let (_, csv) = gated(&["grade", "gated-web", &path, "--format", "csv"], None);
    let alice = csv.lines().find(|l| l.contains("alice")).unwrap();
    assert!(
        alice.contains("scored 0: this exercise grades only"),
        "{csv}"
    );
    let (_, json) = gated(&["grade", "gated-web", &path, "--format", "json"], None);
    let report = json_of(json.as_bytes());
    let rows = report["submissions"].as_array().unwrap();
    let alice = rows.iter().find(|r| r["id"] == "alice").unwrap();
    let bob = rows.iter().find(|r| r["id"] == "bob").unwrap();
    assert_eq!(alice["score"], 0);
    assert_eq!(bob["score"], 6);
    let (_, junit) = gated(&["grade", "gated-web", &path, "--format", "junit"], None);
    assert!(
        junit.contains("<property name=\"score\" value=\"0\"/>"),
        "{junit}"
    );
    assert!(
        junit.contains("scored 0: this exercise grades only"),
        "{junit}"
    );

    // `hint` says why it scores nothing.
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("web.yaml"), &broken).unwrap();
    let out = tutor()
        .current_dir(work.path())
        .args(["--content"])
        .arg(std::fs::canonicalize(GATED).unwrap())
        .args(["hint", "gated-web"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Until then it scores 0:"), "{text}");
}

#[test]
fn a_partial_check_gives_points_per_value_in_every_format() {
    let wrong = SOLUTION.replace("replicas: 2", "replicas: 3");
    let (code, text) = gated(&["check", "gated-web", "-"], Some(wrong.clone()));
    assert_eq!(code, Some(1));
    // Two of three values matched: floor(2 × 2 / 3) = 1.
    assert!(text.contains("[FAIL] statefulset (1/2)"), "{text}");
    assert!(text.contains("gated-web: 5/6 points"), "{text}");
    let (_, json) = gated(
        &["check", "gated-web", "-", "--format", "json"],
        Some(wrong.clone()),
    );
    let report = json_of(json.as_bytes());
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "statefulset")
        .unwrap();
    assert_eq!(
        (check["points"].clone(), check["max_points"].clone()),
        (1.into(), 2.into())
    );
    assert_eq!(check["passed"], false);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alice.yaml"), &wrong).unwrap();
    let path = dir.path().display().to_string();
    let (_, csv) = gated(&["grade", "gated-web", &path, "--format", "csv"], None);
    let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .split(',')
        .collect();
    let row: Vec<&str> = lines
        .find(|l| l.contains("alice"))
        .unwrap()
        .split(',')
        .collect();
    let column = header.iter().position(|h| *h == "statefulset").unwrap();
    assert_eq!(row[column], "1", "{csv}");
    let (_, junit) = gated(&["grade", "gated-web", &path, "--format", "junit"], None);
    assert!(
        junit.contains("<property name=\"points.statefulset\" value=\"1/2\"/>"),
        "{junit}"
    );
    assert!(
        junit.contains("<failure message=\"(1/2) The StatefulSet must"),
        "{junit}"
    );
    let (_, table) = gated(&["grade", "gated-web", &path], None);
    assert!(table.contains("5/6  no"), "{table}");
    assert!(table.contains("statefulset (1/2)"), "{table}");
    let (_, json) = gated(&["grade", "gated-web", &path, "--format", "json"], None);
    let report = json_of(json.as_bytes());
    assert_eq!(report["submissions"][0]["score"], 5);
    let check = report["submissions"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "statefulset")
        .unwrap();
    assert_eq!(check["points"], 1, "{check:#}");
}

#[test]
fn content_check_refuses_partial_credit_on_a_check_of_one_value() {
    let dir = tempfile::tempdir().unwrap();
    let exercise = dir.path().join("exercises/gated-web");
    std::fs::create_dir_all(exercise.join("tests")).unwrap();
    let from = std::path::Path::new(GATED).join("exercises/gated-web");
    for file in ["expected.yaml", "solution.yaml", "starter.yaml"] {
        std::fs::copy(from.join(file), exercise.join(file)).unwrap();
    }
    let toml = std::fs::read_to_string(from.join("exercise.toml"))
        .unwrap()
        .replace(
            "paths = [\"spec.serviceName\", \"spec.replicas\", \"spec.selector\"]",
            "paths = [\"spec.replicas\"]",
        );
    std::fs::write(exercise.join("exercise.toml"), toml).unwrap();
    let out = tutor()
        .args(["content", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("check `statefulset` has `partial = true` but grades one value"),
        "{text}"
    );
    // And `gate` must be true or false.
    let toml = std::fs::read_to_string(from.join("exercise.toml"))
        .unwrap()
        .replace("gate = true", "gate = \"yes\"");
    std::fs::write(exercise.join("exercise.toml"), toml).unwrap();
    let out = tutor()
        .args(["content", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("exercise.toml"), "{text}");
}

#[test]
fn check_on_a_folder_without_yaml_or_with_a_broken_file_says_which() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not yaml").unwrap();
    tutor()
        .args(["check", "interview-web"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("no .yaml or .yml file"));
    std::fs::write(dir.path().join("web.yaml"), SOLUTION).unwrap();
    std::fs::write(dir.path().join("binary.yaml"), b"kind: \0\0").unwrap();
    let binary = dir.path().join("binary.yaml").display().to_string();
    tutor()
        .args(["check", "interview-web"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(contains(
            "[FAIL] valid (0/1): 1 file of the submission could not be read",
        ))
        .stdout(contains(format!("{binary}:1")));
}
