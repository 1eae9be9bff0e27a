//! Every public manifest in `../shared/realworld/` must lint without a crash and without a
//! false error; the four that use removed API versions get exactly that error.
//! The manifests live outside this repository (see its SOURCES.md); when the folder is
//! absent the test says so and passes without checking.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn realworld_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    dir.is_dir().then_some(dir)
}

/// (file name, object) pairs expected to carry a removed-api-version error.
const REMOVED: &[(&str, &str)] = &[
    (
        "cvallance__mongo-k8s-sidecar__example__StatefulSet__mongo-statefulset.yaml",
        "StatefulSet/mongo",
    ),
    (
        "kubernetes__kubernetes__test__e2e__testing-manifests__statefulset__redis__statefulset.yaml",
        "StatefulSet/rd",
    ),
    (
        "kubernetes__kubernetes__test__e2e__testing-manifests__statefulset__multivolumezk__statefulset.yaml",
        "StatefulSet/multivolumezk",
    ),
    (
        "kubernetes__examples___archived__cockroachdb__cockroachdb-statefulset.yaml",
        "PodDisruptionBudget/cockroachdb-budget",
    ),
];

#[test]
fn every_realworld_manifest_lints_without_false_errors() {
    let Some(dir) = realworld_dir() else {
        eprintln!("skipped: ../shared/realworld is not present next to this repository");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        23,
        "the realworld folder should hold 23 manifests"
    );
    let mut removed_seen = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let output = Command::cargo_bin("sts-tutor")
            .unwrap()
            .args(["lint", "--format", "json"])
            .arg(file)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{name}: not JSON ({e}): {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
        let errors: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(
            !report["files"][0]["objects"].as_array().unwrap().is_empty(),
            "{name}: no objects read"
        );
        match REMOVED.iter().find(|(f, _)| *f == name) {
            Some((_, object)) => {
                removed_seen += 1;
                assert_eq!(output.status.code(), Some(1), "{name}");
                assert_eq!(errors.len(), 1, "{name}: {errors:#?}");
                assert_eq!(errors[0]["rule"], "removed-api-version", "{name}");
                assert_eq!(errors[0]["object"], *object, "{name}");
                let help = errors[0]["help"].as_str().unwrap();
                assert!(
                    help.contains("apps/v1") || help.contains("policy/v1"),
                    "{name}: {help}"
                );
            }
            None => {
                assert!(errors.is_empty(), "{name}: false errors {errors:#?}");
                assert_eq!(output.status.code(), Some(0), "{name}");
            }
        }
    }
    assert_eq!(removed_seen, REMOVED.len());
}

#[test]
fn the_whole_folder_lints_in_one_run() {
    let Some(dir) = realworld_dir() else {
        eprintln!("skipped: ../shared/realworld is not present next to this repository");
        return;
    };
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .args(["lint", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 23);
    assert_eq!(report["summary"]["errors"], 4);
    assert_eq!(output.status.code(), Some(1));
}
