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
    // On the template's labels, where kube-apiserver reports it.
    assert_eq!(d["path"], "spec.template.metadata.labels");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(23), Some(7))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(23), Some(13))
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

#[test]
fn ignore_drops_a_rule_and_refuses_unknown_ids() {
    let latest = GOOD.replace("nginx:1.27", "nginx:latest");
    lint()
        .arg("-")
        .write_stdin(latest.clone())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[image-tag]"));
    lint()
        .args(["--ignore", "image-tag", "-"])
        .write_stdin(latest.clone())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("image-tag").not());
    // Repeatable, and it may drop errors too: the user asked for it on the command line.
    let broken = latest.replace("  serviceName: web\n", "  servicename: web\n");
    lint()
        .args(["--ignore", "image-tag", "--ignore", "unknown-field", "-"])
        .write_stdin(broken)
        .assert()
        .code(0);
    lint()
        .args(["--ignore", "image-tags", "-"])
        .write_stdin(latest)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no rule `image-tags`"))
        .stderr(predicate::str::contains("did you mean `image-tag`?"));
}

#[test]
fn an_annotation_silences_a_rule_on_one_object_and_show_skipped_gives_the_reason() {
    let latest = GOOD.replace("nginx:1.27", "nginx:latest").replacen(
        "kind: StatefulSet\nmetadata:\n  name: web\n",
        "kind: StatefulSet\nmetadata:\n  name: web\n  annotations:\n    sts-tutor.dev/ignore: \"image-tag: the tag is pinned by the deploy pipeline\"\n",
        1,
    );
    assert!(
        latest.contains("sts-tutor.dev/ignore"),
        "the fixture changed"
    );
    lint()
        .args(["--show-skipped", "-"])
        .write_stdin(latest)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[image-tag]").not())
        .stdout(predicate::str::contains(
            "skipped image-tag for StatefulSet/web in <stdin>: silenced by the annotation sts-tutor.dev/ignore: the tag is pinned by the deploy pipeline",
        ));
}

#[test]
fn the_files_of_a_directory_are_one_set() {
    let (service, statefulset) = GOOD.split_once("---\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("service.yaml"), service).unwrap();
    std::fs::write(dir.path().join("statefulset.yaml"), statefulset).unwrap();
    let output = lint()
        .args(["--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["warnings"], 0, "{report:#}");
    // Two files named one by one are a set as well; one alone lacks its Service.
    let alone = lint()
        .args(["--format", "json"])
        .arg(dir.path().join("statefulset.yaml"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&alone.stdout).unwrap();
    let message = report["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("no Service named \"web\" is in this file"),
        "{message}"
    );
    lint()
        .arg(dir.path().join("statefulset.yaml"))
        .arg(dir.path().join("service.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn duplicate_keys_have_a_path_in_json() {
    let dup = GOOD.replace(
        "  serviceName: web\n",
        "  serviceName: web\n  serviceName: web\n",
    );
    let output = lint()
        .args(["--format", "json", "-"])
        .write_stdin(dup)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let d = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "duplicate-key")
        .unwrap();
    assert_eq!(d["path"], "spec.serviceName");
    assert_eq!(d["object"], "StatefulSet/web");
}

/// A Service or budget in another namespace than the StatefulSet serves nothing of it: an
/// unset namespace is the one the file is applied to, and `namespace: default` equals it (as
/// the grader reads files).
#[test]
fn objects_in_other_namespaces_do_not_serve_the_statefulset() {
    let root = env!("CARGO_MANIFEST_DIR");
    for (case, expected) in [
        (
            "interview-web/tests/fail-service-other-namespace.yaml",
            "in namespace `other`, and this StatefulSet in the namespace the file is applied to",
        ),
        (
            "interview-web/tests/fail-statefulset-other-namespace.yaml",
            "and this StatefulSet in namespace `shop`",
        ),
        (
            "ha-database/tests/fail-pdb-other-namespace.yaml",
            "a budget protects Pods of its own namespace only",
        ),
    ] {
        lint()
            .arg(format!("{root}/exercises/{case}"))
            .assert()
            .stdout(predicate::str::contains(expected));
    }
    lint()
        .arg(format!(
            "{root}/exercises/interview-web/tests/pass-default-namespace-on-one.yaml"
        ))
        .assert()
        .stdout(predicate::str::contains("headless-service").not());
}
