//! End to end against a real cluster (kind, k3d, minikube): runs only with
//! `STS_TUTOR_LIVE_TEST=1` and a working kubeconfig, and says it is skipped otherwise.
//!
//! ```sh
//! kind create cluster --name sts-tutor
//! STS_TUTOR_LIVE_TEST=1 cargo test --test live_cluster -- --nocapture
//! ```

#![cfg(feature = "cluster")]

use assert_cmd::Command;

#[test]
fn verify_the_seed_web_exercise_on_a_real_cluster() {
    if std::env::var("STS_TUTOR_LIVE_TEST").as_deref() != Ok("1") {
        eprintln!(
            "skipped: set STS_TUTOR_LIVE_TEST=1 with a kubeconfig for a disposable cluster to run it"
        );
        return;
    }
    let solution = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/exercises/interview-web/solution.yaml"
    );
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .args([
            "verify",
            solution,
            "--live",
            "--yes",
            "--timeout",
            "300",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(report["passed"], true, "{report:#}");
    assert_eq!(report["cleaned_up"], true);
    assert_eq!(
        report["observation"]["created"],
        serde_json::json!(["web-0", "web-1"])
    );
}

#[test]
fn verify_refuses_to_run_by_accident() {
    let solution = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/exercises/interview-web/solution.yaml"
    );
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .args(["verify", solution])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("needs --live"));
    // Without a kubeconfig (HOME pointed at an empty folder), the error says what to do.
    let home = tempfile::tempdir().unwrap();
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("HOME", home.path())
        .env_remove("KUBECONFIG")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .args(["verify", solution, "--live", "--yes"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no cluster is configured"))
        .stderr(predicates::str::contains("KUBECONFIG"));
}
