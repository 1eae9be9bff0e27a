//! `sts-tutor simulate` as a learner runs it: a script, text and JSON output, errors.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

const WEB: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/exercises/interview-web/solution.yaml"
);

fn simulate(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .arg("simulate")
        .args(args)
        .assert()
}

#[test]
fn json_has_the_documented_shape() {
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .args([
            "simulate",
            WEB,
            "--script",
            "run; scale 3; run",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["events"][0];
    assert_eq!(
        (
            first["time"].as_f64(),
            first["action"].as_str(),
            first["pod"].as_str()
        ),
        (Some(0.0), Some("create"), Some("web-0"))
    );
    assert!(first["revision"].as_str().unwrap().starts_with("web-"));
    assert!(first["reason"].as_str().unwrap().contains("first Pod"));
    assert_eq!(json["pods"].as_array().unwrap().len(), 3);
    assert_eq!(json["pods"][2]["name"], "web-2");
    assert_eq!(json["pods"][2]["ready"], true);
    assert_eq!(json["pods"][2]["phase"], "Running");
    assert_eq!(
        json["dns"][0]["name"],
        "web-0.web.default.svc.cluster.local"
    );
    assert_eq!(json["dns"][0]["resolves"], true);
    assert!(
        json["pvcs"].as_array().unwrap().is_empty(),
        "interview-web has no claim templates"
    );
    let created: Vec<&str> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "create")
        .map(|e| e["pod"].as_str().unwrap())
        .collect();
    assert_eq!(created, ["web-0", "web-1", "web-2"]);
}

#[test]
fn text_shows_reasons_a_timeline_and_tables() {
    simulate(&[WEB, "--script", "run; fail web-0; scale 3; run"])
        .code(0)
        .stdout(contains("web-2 waits: web-0 is not Ready"))
        .stdout(contains("time →"))
        .stdout(contains("web-0 │"))
        .stdout(contains("DNS NAME"))
        .stdout(contains(
            "web-0.web.default.svc.cluster.local               no (not Ready",
        ));
}

#[test]
fn bad_scripts_and_files_are_explained() {
    simulate(&[WEB, "--script", "scale many"])
        .code(2)
        .stderr(contains("`scale many`: `many` is not a number of replicas"));
    simulate(&[WEB, "--script", "jump"])
        .code(2)
        .stderr(contains("unknown simulator command `jump`"));
    let dir = tempfile::tempdir().unwrap();
    let svc = dir.path().join("svc.yaml");
    std::fs::write(
        &svc,
        "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {clusterIP: None}\n",
    )
    .unwrap();
    simulate(&[svc.to_str().unwrap(), "--script", "run"])
        .code(2)
        .stderr(contains("has no StatefulSet to simulate"));
}

#[test]
fn the_repl_opens_a_simulation() {
    let data = tempfile::tempdir().unwrap();
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data.path())
        .write_stdin(format!(
            "simulate {WEB}\nrun\nupdate image=nginx:1.28\nrun\nquit\nquit\n"
        ))
        .assert()
        .code(0)
        .stdout(contains("Simulating StatefulSet web"))
        .stdout(contains("rolling update: web-1 is at an old revision"))
        .stdout(contains("it is now the current revision"));
}

#[test]
fn a_stuck_rollout_ends_with_a_hint_and_every_line_fits() {
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "60")
        .args([
            "simulate",
            WEB,
            "--script",
            "run; scale 3; run; update image=nginx:broken broken; run; update image=nginx; run",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    // The last paragraph is the hint.
    let last = text.trim_end().rsplit("\n\n").next().unwrap();
    assert!(last.starts_with("hint: "), "{text}");
    assert!(last.contains("`delete web-2`"), "{text}");
    assert!(text.contains("the rollout is stuck"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
}
