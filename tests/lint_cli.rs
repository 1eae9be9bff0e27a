//! `sts-tutor lint` driven as a user would: files, directories, stdin, formats, exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The seed's web manifest with a pinned image, a readiness probe and requests: no findings.
const GOOD: &str = include_str!("fixtures/web-reviewed.yaml");

fn lint() -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.arg("lint").env("NO_COLOR", "1");
    cmd
}

#[test]
fn a_clean_manifest_exits_zero() {
    lint()
        .arg("-")
        .write_stdin(GOOD)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "checked 1 file, 2 objects: 0 errors, 0 warnings",
        ));
}

#[test]
fn errors_exit_one_with_file_line_and_caret() {
    let bad = GOOD.replace("  serviceName: web\n", "  servicename: web\n");
    lint()
        .arg("-")
        .write_stdin(bad)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[unknown-field]: unknown field `servicename` in `spec` [StatefulSet/web]",
        ))
        .stdout(predicate::str::contains("<stdin>:17:3"))
        .stdout(predicate::str::contains(
            "help: did you mean `serviceName`?",
        ))
        .stdout(predicate::str::contains("^^^^^^^^^^^"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn a_missing_file_cannot_run() {
    lint()
        .arg("no/such/file.yaml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: cannot read no/such/file.yaml",
        ))
        .stderr(predicate::str::contains("help:"));
}

#[test]
fn directories_expand_to_their_yaml_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("b.yml"),
        GOOD.replace("nginx:1.27", "nginx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not yaml").unwrap();
    let output = lint()
        .args(["--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["warnings"], 1);
    let empty = tempfile::tempdir().unwrap();
    lint()
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("contains no .yaml or .yml files"));
}

#[test]
fn json_follows_the_documented_contract() {
    let bad = GOOD.replace("      app: web\n  template", "      app: db\n  template");
    let output = lint()
        .args(["--format", "json", "-"])
        .write_stdin(bad)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(file["file"], "<stdin>");
    assert_eq!(
        file["objects"][1],
        serde_json::json!({"kind": "StatefulSet", "name": "web", "line": 12})
    );
    let d = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "selector-matches-labels")
        .unwrap();
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "spec.selector.matchLabels");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(19), Some(5))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(19), Some(16))
    );
    assert_eq!(d["object"], "StatefulSet/web");
    assert_eq!(d["lesson"], "api-validation");
    assert!(d["help"].as_str().unwrap().contains("labels"));
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["objects"], 2);
}

#[test]
fn sarif_has_rules_and_regions() {
    let bad = GOOD.replace("replicas", "x").replace(
        "  serviceName: web\n",
        "  serviceName: web\n  replicas: \"2\"\n",
    );
    let output = lint()
        .args(["--format", "sarif", "-"])
        .write_stdin(bad)
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "sts-tutor");
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() > 40);
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "field-type");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(18), Some(13), Some(16))
    );
}

#[test]
fn help_documents_every_rule() {
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .args(["lint", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for rule in sts_tutor::review::registry::RULES {
        assert!(help.contains(rule.id), "lint --help lacks {}", rule.id);
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for rule in sts_tutor::review::registry::RULES {
        assert!(
            readme.contains(&format!("`{}`", rule.id)),
            "README lacks {}",
            rule.id
        );
    }
}

#[test]
fn completions_and_version() {
    for shell in ["bash", "zsh", "fish"] {
        Command::cargo_bin("sts-tutor")
            .unwrap()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("lint"));
    }
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("sts-tutor "));
}

#[test]
fn show_skipped_explains_checks_that_did_not_apply() {
    lint()
        .args(["--show-skipped", "-"])
        .write_stdin(GOOD)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "skipped pod-disruption-budget for StatefulSet/web in <stdin>: fewer than 2 replicas",
        ));
}
