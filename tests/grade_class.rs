//! `grade` over a class folder as a learning platform hands it out (tests/fixtures/class/lms:
//! Moodle-style folder names, macOS junk, hidden files, a CJK name, a file named like a
//! spreadsheet formula, broken and binary files, split answers, copies), in every format.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const SOLUTION: &str = include_str!("../exercises/interview-web/solution.yaml");
const MOODLE_ID: &str = r"_(\d+)_assignsubmission";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The fixture class in a temporary folder as `lms/`, plus what git cannot hold: a `.git`
/// folder with a broken file inside Alice's answer, and an empty submission folder (Zoe).
fn class() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lms = dir.path().join("lms");
    copy_dir(Path::new("tests/fixtures/class/lms"), &lms);
    let git = lms.join("Alice Smith_1001_assignsubmission_file_/.git");
    std::fs::create_dir_all(&git).unwrap();
    std::fs::write(git.join("ci.yml"), "on: [push\n").unwrap();
    std::fs::create_dir(lms.join("Zoe_1012_assignsubmission_file_")).unwrap();
    dir
}

fn tutor(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.env("NO_COLOR", "1").current_dir(dir);
    cmd
}

fn grade_json(dir: &Path, extra: &[&str]) -> Value {
    let output = tutor(dir)
        .args(["grade", "interview-web", "lms", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["submission"].as_str().unwrap().contains(name))
        .unwrap_or_else(|| panic!("no submission {name}"))
}

#[test]
fn junk_is_skipped_and_listed_and_costs_nothing() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    let alice = row(&report, "Alice");
    assert_eq!(alice["score"], 10, "{alice}");
    assert_eq!(alice["files"].as_array().unwrap().len(), 1);
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    for junk in [
        "lms/.DS_Store",
        "lms/._Carol_1003_assignsubmission_file_",
        "lms/Alice Smith_1001_assignsubmission_file_/__MACOSX",
        "lms/Alice Smith_1001_assignsubmission_file_/.git",
        "lms/index.txt",
    ] {
        assert!(skipped.contains(&junk), "{junk} not in {skipped:?}");
    }
    assert_eq!(report["skipped_total"], 5);
    // No submission is made of junk: 13 folders and files, none of them hidden.
    assert_eq!(report["submissions"].as_array().unwrap().len(), 13);
    tutor(dir.path())
        .args(["grade", "interview-web", "lms"])
        .assert()
        .code(0)
        .stdout(contains("Skipped (5 files and folders"))
        .stdout(contains("lms/.DS_Store (hidden)"))
        .stdout(contains("__MACOSX (macOS archive metadata"));
}

#[test]
fn every_reason_names_its_file_and_line() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    let erin = row(&report, "Erin");
    assert_eq!(erin["status"], "unreadable");
    assert_eq!(
        erin["reason"],
        "lms/Erin_1006_assignsubmission_file_/web.yaml:8: file contains NUL bytes: it looks like binary data, not YAML (input-encoding)"
    );
    // All three errors, not only the first.
    let mallory = row(&report, "Mallory");
    let reasons: Vec<&str> = mallory["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    let expected = [
        (17, "service-name-format"),
        (18, "non-negative"),
        (19, "enum-value"),
    ];
    for (reason, (line, rule)) in reasons.iter().zip(expected) {
        assert!(
            reason.starts_with(&format!(
                "lms/Mallory_1009_assignsubmission_file_/web.yaml:{line}: "
            )) && reason.ends_with(&format!("({rule})")),
            "{reason}"
        );
    }
    assert_eq!(mallory["reason"], reasons.join("; "));
    // Bob's answer is split over two files: a failure names the file inside his folder.
    let dir2 = tempfile::tempdir().unwrap();
    let bob = dir2.path().join("lms/bob");
    std::fs::create_dir_all(&bob).unwrap();
    let (service, statefulset) = SOLUTION.split_once("---\n").unwrap();
    std::fs::write(bob.join("a-service.yaml"), service).unwrap();
    std::fs::write(
        bob.join("b-statefulset.yaml"),
        statefulset.replace("replicas: 2", "replicas: -1"),
    )
    .unwrap();
    let report = grade_json(dir2.path(), &[]);
    let bob = row(&report, "bob");
    assert_eq!(
        bob["reasons"][0].as_str().unwrap(),
        "lms/bob/b-statefulset.yaml:7: `spec.replicas` is -1: it must be greater than or equal to 0 (non-negative)"
    );
    let replicas = bob["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "replicas")
        .unwrap();
    assert_eq!(
        (&replicas["file"], &replicas["line"]),
        (&Value::from("lms/bob/b-statefulset.yaml"), &Value::from(7))
    );
}

#[test]
fn a_yaml_syntax_error_loses_the_documents_from_the_error_on_like_kubectl_apply() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    // Dave's Service is right, his StatefulSet breaks off: `kubectl apply -f` would create
    // the Service and stop, so the Service's checks count and nothing else does.
    let dave = row(&report, "Dave");
    assert_eq!(dave["status"], "graded");
    assert_eq!(dave["score"], 3);
    let failed: Vec<&str> = dave["failed_checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(failed.contains(&"valid") && !failed.contains(&"headless-service"));
    assert!(
        dave["reason"]
            .as_str()
            .unwrap()
            .contains("web.yaml:19: invalid YAML")
    );
    assert!(
        dave["reason"]
            .as_str()
            .unwrap()
            .contains("documents before this point were still checked")
    );

    // In a folder, a broken file loses its own documents, not the files after it (kubectl
    // applies each file of a directory separately).
    let dir2 = tempfile::tempdir().unwrap();
    let kim = dir2.path().join("lms/kim");
    std::fs::create_dir_all(&kim).unwrap();
    std::fs::write(kim.join("a-notes.yaml"), "metadata: [\n").unwrap();
    std::fs::write(kim.join("b-web.yaml"), SOLUTION).unwrap();
    let report = grade_json(dir2.path(), &[]);
    let kim = row(&report, "kim");
    assert_eq!(kim["score"], 9, "{kim}");
    assert_eq!(kim["failed_checks"], serde_json::json!(["valid"]));
    assert!(
        kim["reason"]
            .as_str()
            .unwrap()
            .starts_with("lms/kim/a-notes.yaml:2: invalid YAML")
    );
}

#[test]
fn zero_scores_are_explained_the_same_way_everywhere() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    let zoe = row(&report, "Zoe");
    assert_eq!(zoe["status"], "unreadable");
    assert_eq!(
        zoe["reason"],
        "lms/Zoe_1012_assignsubmission_file_: no .yaml or .yml file in this submission"
    );
    // An empty folder fails every check, so "checks failed most" counts it everywhere.
    assert_eq!(zoe["checks"].as_array().unwrap().len(), 8);
    assert!(
        zoe["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["passed"] == false)
    );
    let failed = |id: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map_or(0, |c| c["failed"].as_u64().unwrap())
    };
    // Only the unreadable Erin and Zoe lose the Service's port.
    assert_eq!(failed("service-port"), 2);
    assert_eq!(failed("headless-service"), 4);
    assert_eq!(report["summary"]["unreadable"], 2);
    let table = tutor(dir.path())
        .args(["grade", "interview-web", "lms"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let section = table
        .split("Graded zero because they could not be read:\n")
        .nth(1)
        .unwrap();
    let listed: Vec<&str> = section
        .lines()
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(listed.len(), 2, "{section}");
    assert!(
        listed[0].starts_with(
            "  lms/Erin_1006_assignsubmission_file_/web.yaml:8: file contains NUL bytes"
        )
    );
    assert_eq!(
        listed[1],
        "  lms/Zoe_1012_assignsubmission_file_: no .yaml or .yml file in this submission"
    );
}

#[test]
fn a_mistyped_path_is_reported_and_the_rest_graded() {
    let dir = class();
    let output = tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            "lms",
            "lsm/Alice",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("lsm/Alice does not exist: not graded (the other paths are)"),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["submissions"].as_array().unwrap().len(), 13);
    assert_eq!(
        report["missing"],
        serde_json::json!([{"path": "lsm/Alice", "error": "does not exist"}])
    );
    tutor(dir.path())
        .args(["grade", "interview-web", "lms", "lsm/Alice"])
        .assert()
        .code(1)
        .stdout(contains(
            "Not graded: these paths could not be read:\n  lsm/Alice: does not exist",
        ));
    // Nothing to grade at all is still "could not run".
    tutor(dir.path())
        .args(["grade", "interview-web", "lsm/"])
        .assert()
        .code(2)
        .stderr(contains("lsm/ does not exist"));
}

#[test]
fn wide_names_keep_the_table_aligned() {
    let dir = class();
    let output = tutor(dir.path())
        .args(["grade", "interview-web", "lms"])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
    assert!(rows.iter().any(|r| r.contains("王小明")));
    // The score column ends at the same display column on every line.
    let score_end = |line: &str| {
        let at = line
            .find("/10")
            .or_else(|| line.find("score").map(|i| i + 2))
            .unwrap();
        line[..at].width()
    };
    let first = score_end(rows[1]);
    for row in &rows[1..] {
        assert_eq!(score_end(row), first, "{row}");
    }
    assert_eq!(score_end(rows[0]), first);
}

#[test]
fn csv_has_a_column_per_check_ids_from_the_folder_and_no_formulas() {
    let dir = class();
    let output = tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            "lms",
            "--format",
            "csv",
            "--id-regex",
            MOODLE_ID,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("5 files and folders skipped (hidden, macOS junk, not YAML)"));
    assert!(
        stderr.contains("--id-regex does not match lms/=HYPERLINK(1+1).yaml: its id is its name"),
        "{stderr}"
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,submission,score,max_score,passed,valid,headless-service,service-selects-pods,service-port,service-name,replicas,labels,nginx-container,failed_checks,group,copy_group,status,reason"
    );
    // A name that a spreadsheet would run as a formula is neutralised.
    assert!(
        csv.contains("\n'=HYPERLINK(1+1),lms/=HYPERLINK(1+1).yaml,4,10,false,1,0,1,1,0,0,1,0,")
    );
    assert!(
        csv.contains("\n1005,lms/王小明_1005_assignsubmission_file_,9,10,false,1,2,1,1,2,0,1,1,")
    );
    insta::assert_snapshot!("class_csv", csv);

    let bom = tutor(dir.path())
        .args(["grade", "interview-web", "lms", "--format", "csv", "--bom"])
        .output()
        .unwrap();
    assert!(bom.stdout.starts_with(b"\xEF\xBB\xBFid,submission,"));
    // Without a capture group the regex cannot say which part is the id.
    tutor(dir.path())
        .args(["grade", "interview-web", "lms", "--id-regex", r"\d+"])
        .assert()
        .code(2)
        .stderr(contains("has no group"));
}

/// python3, or `None` (with the reason printed) so a test can skip.
fn python() -> Option<&'static str> {
    let found = std::process::Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("SKIPPED: python3 is not installed");
    }
    found.then_some("python3")
}

#[test]
fn csv_imports_with_pythons_csv_module() {
    let Some(python) = python() else { return };
    let dir = class();
    let output = tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            "lms",
            "--format",
            "csv",
            "--bom",
            "--id-regex",
            MOODLE_ID,
        ])
        .output()
        .unwrap();
    let path = dir.path().join("grades.csv");
    std::fs::write(&path, &output.stdout).unwrap();
    // Every row: the id, the score and the sum of the per-check columns.
    let script = r#"
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    reader = csv.DictReader(f)
    checks = reader.fieldnames[5:reader.fieldnames.index("failed_checks")]
    print(json.dumps([[r["id"], int(r["score"]), sum(int(r[c]) for c in checks), r["reason"]] for r in reader]))
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<(String, u64, u64, String)> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 13);
    for (id, score, sum, _) in &rows {
        assert_eq!(score, sum, "{id}: the check columns add up to the score");
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(
        ids.contains(&"1005") && ids.contains(&"'=HYPERLINK(1+1)"),
        "{ids:?}"
    );
    let mallory = rows.iter().find(|r| r.0 == "1009").unwrap();
    assert_eq!(
        mallory
            .3
            .matches("Mallory_1009_assignsubmission_file_/web.yaml:")
            .count(),
        3
    );
}

/// A Python with `xmlschema`: the system one, else a venv made once under the test target
/// folder (from PyPI). `None` when neither works, with the reason printed.
fn python_with_xmlschema() -> Option<PathBuf> {
    python()?;
    let has = |python: &Path| {
        std::process::Command::new(python)
            .args(["-c", "import xmlschema"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if has(Path::new("python3")) {
        return Some("python3".into());
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xmlschema-venv");
    let venv_python = venv.join("bin/python");
    if has(&venv_python) {
        return Some(venv_python);
    }
    let made = std::process::Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && std::process::Command::new(&venv_python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--timeout",
                "30",
                "xmlschema",
            ])
            .status()
            .is_ok_and(|s| s.success());
    if made && has(&venv_python) {
        Some(venv_python)
    } else {
        eprintln!(
            "SKIPPED: the XSD check needs Python's xmlschema, which could not be installed from PyPI"
        );
        None
    }
}

#[test]
fn junit_has_a_suite_per_student_and_validates_against_the_junit_schema() {
    let dir = class();
    let output = tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            "lms",
            "--format",
            "junit",
            "--id-regex",
            MOODLE_ID,
        ])
        .output()
        .unwrap();
    let xml = String::from_utf8(output.stdout).unwrap();
    assert_eq!(xml.matches("<testsuite ").count(), 13);
    assert_eq!(xml.matches("<testcase ").count(), 13 * 8);
    assert!(xml.contains("<testsuite name=\"1009\" tests=\"8\" failures=\"3\" errors=\"0\">"));
    assert!(xml.contains("<testcase name=\"replicas\" classname=\"1009\">"));
    assert!(xml.contains("<property name=\"points.headless-service\" value=\"2/2\"/>"));
    // The lint errors are the body of the `valid` failure.
    let valid = xml
        .split("<testcase name=\"valid\" classname=\"1009\">")
        .nth(1)
        .unwrap()
        .split("</failure>")
        .next()
        .unwrap();
    assert_eq!(
        valid
            .matches("Mallory_1009_assignsubmission_file_/web.yaml:")
            .count(),
        4,
        "{valid}"
    );
    // An unreadable submission: every check is an error, with the reason.
    let erin = xml
        .split("<testsuite name=\"1006\"")
        .nth(1)
        .unwrap()
        .split("</testsuite>")
        .next()
        .unwrap();
    assert!(erin.starts_with(" tests=\"8\" failures=\"0\" errors=\"8\">"));
    assert_eq!(erin.matches("<error message=\"lms/Erin_1006_assignsubmission_file_/web.yaml:8: file contains NUL bytes").count(), 8);
    insta::assert_snapshot!("class_junit", xml);

    let Some(python) = python_with_xmlschema() else {
        return;
    };
    let path = dir.path().join("junit.xml");
    std::fs::write(&path, &xml).unwrap();
    let schema = std::fs::canonicalize("tests/fixtures/class/junit-10.xsd").unwrap();
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])",
        ])
        .arg(&schema)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The schema is not a rubber stamp: a suite without its test count is refused.
    std::fs::write(&path, xml.replacen(" tests=\"8\"", "", 1)).unwrap();
    let out = std::process::Command::new(python_with_xmlschema().unwrap())
        .args([
            "-c",
            "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])",
        ])
        .arg(&schema)
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn json_gives_every_check_with_points_message_and_line() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    for submission in report["submissions"].as_array().unwrap() {
        let checks = submission["checks"].as_array().unwrap();
        assert_eq!(checks.len(), 8);
        assert_eq!(checks[0]["id"], "valid");
        let total: u64 = checks.iter().map(|c| c["points"].as_u64().unwrap()).sum();
        assert_eq!(total, submission["score"].as_u64().unwrap());
        for check in checks {
            assert!(!check["message"].as_str().unwrap().is_empty());
            assert!(check["max_points"].as_u64().unwrap() >= check["points"].as_u64().unwrap());
            assert!(check.get("line").is_some() && check.get("file").is_some());
        }
    }
    let dave = row(&report, "Dave");
    let selects = dave["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "service-selects-pods")
        .unwrap();
    assert_eq!(selects["passed"], false);
    assert_eq!(selects["line"], 7);
    assert_eq!(
        selects["file"],
        "lms/Dave_1004_assignsubmission_file_/web.yaml"
    );
    assert_eq!(report["checks_defined"][1]["id"], "headless-service");
    assert_eq!(report["checks_defined"][1]["max_points"], 2);
}

#[test]
fn feedback_files_hold_what_check_shows_each_student() {
    let dir = class();
    tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            "lms",
            "--feedback-dir",
            "feedback",
            "--id-regex",
            MOODLE_ID,
        ])
        .assert()
        .code(0);
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("feedback"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 13, "{files:?}");
    // A file name holds no character a file system refuses or a shell trips over.
    assert!(files.contains(&"1004.txt".to_string()));
    assert!(
        files.contains(&"_HYPERLINK_1_1_.txt".to_string()),
        "{files:?}"
    );
    for (id, file) in [
        ("1004", "lms/Dave_1004_assignsubmission_file_/web.yaml"),
        ("1009", "lms/Mallory_1009_assignsubmission_file_/web.yaml"),
        ("1003", "lms/Carol_1003_assignsubmission_file_/web.yaml"),
        (
            "1001",
            "lms/Alice Smith_1001_assignsubmission_file_/web.yaml",
        ),
    ] {
        let check = tutor(dir.path())
            .args(["check", "interview-web", file])
            .env("STS_TUTOR_DATA_DIR", dir.path().join("data"))
            .output()
            .unwrap();
        let feedback =
            std::fs::read_to_string(dir.path().join(format!("feedback/{id}.txt"))).unwrap();
        assert_eq!(feedback, String::from_utf8(check.stdout).unwrap(), "{id}");
    }
    let alice = std::fs::read_to_string(dir.path().join("feedback/1001.txt")).unwrap();
    assert!(alice.contains("10/10 points, passed") && alice.contains("Well done."));
    let zoe = std::fs::read_to_string(dir.path().join("feedback/1012.txt")).unwrap();
    assert!(zoe.starts_with(
        "lms/Zoe_1012_assignsubmission_file_: no .yaml or .yml file in this submission\n\n"
    ));
}

#[test]
fn the_summary_gives_mean_median_and_a_histogram() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    let summary = &report["summary"];
    // Scores: 0 0 3 4 4 6 9 9 9 10 10 10 10.
    assert_eq!(summary["submissions"], 13);
    assert_eq!(summary["passed"], 4);
    assert_eq!(summary["mean"], 6.46);
    assert_eq!(summary["median"], 9.0);
    let histogram = summary["histogram"].as_array().unwrap();
    assert_eq!(histogram.len(), 11);
    let counts: Vec<u64> = histogram
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [2, 0, 0, 1, 2, 0, 1, 0, 0, 3, 4]);
    tutor(dir.path())
        .args(["grade", "interview-web", "lms"])
        .assert()
        .stdout(contains(
            "4 of 13 submissions passed interview-web.\nMean 6.46, median 9 of 10 points.",
        ))
        .stdout(contains(
            "\nScores:\n        0      2  ####################\n",
        ))
        .stdout(contains(
            "       10      4  ########################################\n",
        ));
}

#[test]
fn identical_answers_exact_copies_apart_from_same_objects_and_stable_numbers() {
    let dir = class();
    let report = grade_json(dir.path(), &[]);
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 3, "{groups:?}");
    let group_of = |name: &str| row(&report, name)["group"].clone();
    let copy_of = |name: &str| row(&report, name)["copy_group"].clone();
    // 王小明 and Ivan: the same text (whitespace aside); Judy: the same objects, in flow style.
    assert_eq!(group_of("王小明"), group_of("Judy"));
    assert_eq!(copy_of("王小明"), copy_of("Ivan"));
    assert_eq!(copy_of("Judy"), Value::Null);
    let flagged: Vec<&Value> = groups.iter().filter(|g| g["flagged"] == true).collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["members"].as_array().unwrap().len(), 3);
    assert_eq!(report["identical"].as_array().unwrap().len(), 1);
    // The solution (four students, however written) and the starter are marked, not flagged.
    let matches = |name: &str| {
        let g = group_of(name);
        groups.iter().find(|x| x["group"] == g).unwrap()["matches"].clone()
    };
    assert_eq!(matches("Alice"), "solution");
    assert_eq!(matches("Heidi"), "solution");
    assert_eq!(matches("Bob"), "solution");
    assert_eq!(matches("Carol"), "starter");
    // A submission like no other has no group number.
    for single in ["Dave", "Mallory", "Erin", "Zoe"] {
        assert_eq!(group_of(single), Value::Null, "{single}");
    }
    // Listed in the opposite order (every name prefixed so that it sorts the other way),
    // every submission keeps its group and copy numbers.
    let names: Vec<String> = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["submission"]
                .as_str()
                .unwrap()
                .trim_start_matches("lms/")
                .to_string()
        })
        .collect();
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join("lms")).unwrap();
    for (i, name) in names.iter().enumerate() {
        let from = dir.path().join("lms").join(name);
        let to = other
            .path()
            .join("lms")
            .join(format!("{:02}-{name}", 99 - i));
        if from.is_dir() {
            copy_dir(&from, &to);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    let reversed = grade_json(other.path(), &[]);
    assert!(row(&reversed, "99-").to_string().contains(&names[0]));
    for name in &names {
        assert_eq!(row(&reversed, name)["group"], group_of(name), "{name}");
        assert_eq!(row(&reversed, name)["copy_group"], copy_of(name), "{name}");
    }
    tutor(dir.path())
        .args(["grade", "interview-web", "lms"])
        .assert()
        .stdout(contains("= the reference solution, not flagged: lms/Alice"))
        .stdout(contains("= the starter, not flagged (exact copies: same text, whitespace aside): lms/=HYPERLINK(1+1).yaml, lms/Carol"))
        .stdout(contains(" exact copies (same text, whitespace aside): lms/Ivan_1010_assignsubmission_file_, lms/王小明_1005_assignsubmission_file_\n"));
}

#[test]
fn fail_under_sets_the_exit_status_for_ci() {
    let dir = class();
    let alice = "lms/Alice Smith_1001_assignsubmission_file_";
    tutor(dir.path())
        .args(["grade", "interview-web", alice, "--fail-under", "10"])
        .assert()
        .code(0);
    tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            alice,
            "lms/Ivan_1010_assignsubmission_file_",
            "--fail-under",
            "100%",
        ])
        .assert()
        .code(1)
        .stderr(contains(
            "1 of 2 submissions scored below 100% (--fail-under)",
        ));
    tutor(dir.path())
        .args([
            "grade",
            "interview-web",
            "lms/Ivan_1010_assignsubmission_file_",
            "--fail-under",
            "90%",
        ])
        .assert()
        .code(0);
    tutor(dir.path())
        .args(["grade", "interview-web", "lms", "--fail-under", "4"])
        .assert()
        .code(1)
        .stderr(contains("3 of 13 submissions scored below 4 points"));
    tutor(dir.path())
        .args(["grade", "interview-web", "lms", "--fail-under", "eight"])
        .assert()
        .code(2)
        .stderr(contains(
            "a whole number of points (8) or a percentage (80%)",
        ));
    // The autograding example runs what it documents.
    let workflow = std::fs::read_to_string("examples/autograding/sts-tutor.yml").unwrap();
    assert!(workflow.contains("on:\n  push:"));
    assert!(workflow.contains("sts-tutor check interview-web"));
    assert!(workflow.contains("sts-tutor grade interview-web"));
    assert!(workflow.contains("--fail-under"));
}
