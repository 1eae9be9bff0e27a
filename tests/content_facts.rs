//! The course states the facts the 2026-12 audit corrected (facts sheet §12), and no longer
//! states the old versions anywhere: lessons, quizzes, exercise texts, `explain` notes and
//! the linter's own help texts.

use std::path::{Path, PathBuf};

use sts_tutor::manifest::{Source, read_bundle};
use sts_tutor::review::review_bundle;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (file, text) of every course file a learner reads.
fn course_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut add = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        files.push((path.display().to_string(), text));
    };
    for dir in ["lessons", "quizzes"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            add(&entry.unwrap().path());
        }
    }
    for entry in std::fs::read_dir(root().join("exercises")).unwrap() {
        let toml = entry.unwrap().path().join("exercise.toml");
        if toml.is_file() {
            add(&toml);
        }
    }
    add(&root().join("src/explain/notes.toml"));
    files
}

/// Every (file, line) whose lower-cased text contains all of `words`.
fn lines_with(words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, text) in course_files() {
        for line in text.lines() {
            let lower = line.to_lowercase();
            if words.iter().all(|w| lower.contains(&w.to_lowercase())) {
                found.push(format!("{file}: {}", line.trim()));
            }
        }
    }
    found
}

fn lesson(name: &str) -> String {
    std::fs::read_to_string(root().join("lessons").join(name)).unwrap()
}

#[test]
fn lesson_six_states_when_a_scale_up_pod_gets_the_new_revision() {
    let updates = lesson("06-updates.md");
    assert!(
        updates.contains("ordinal is ≥ start + partition"),
        "the rule"
    );
    assert!(
        updates.contains(
            "`partition: 5` and a scale to 4 replicas, `web-3` is created on the **old**"
        ),
        "the worked example"
    );
    assert!(
        lines_with(&[
            "scale-up",
            "start + partition",
            "web-3` starts on the old revision"
        ])
        .iter()
        .any(|l| l.contains("notes.toml")),
        "the explain note of partition says it too"
    );
    assert!(
        lines_with(&["scale-up", "still have high", "new revision"]).is_empty(),
        "the old claim that scale-up Pods always start on the new revision"
    );
}

#[test]
fn per_pod_records_of_a_cluster_ip_service_are_not_guaranteed_rather_than_absent() {
    // A Service with a cluster IP: CoreDNS answers web-0.web anyway, the DNS spec does not
    // promise it. No text may say NXDOMAIN or "no per-Pod records" for that case.
    for words in [
        &["cluster ip", "nxdomain"][..],
        &["clusterip", "nxdomain"],
        &["no per-pod records"],
        &["cluster ip", "none;"],
    ] {
        let found = lines_with(words);
        assert!(found.is_empty(), "{words:?}:\n{}", found.join("\n"));
    }
    let headless = lesson("03-headless-service.md");
    assert!(headless.contains(
        "not guaranteed: the DNS specification gives per-Pod records only for headless Services"
    ));
    let quiz = std::fs::read_to_string(root().join("quizzes/headless-service.toml")).unwrap();
    assert!(quiz.contains("an answer for `web-0.web` is not guaranteed"));
}

#[test]
fn on_delete_is_not_said_to_be_statefulset_only() {
    let found = lines_with(&["`ondelete` exist only on statefulsets"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
    let found = lines_with(&["ondelete", "statefulset-only"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert!(!lines_with(&["ondelete", "daemonset"]).is_empty());
}

#[test]
fn versions_are_the_sourced_ones_not_guesses() {
    for words in [
        &["probably from 1.33"][..],
        &["most likely 1.33"],
        &["most likely since 1.33"],
        &["likely from 1.34"],
        &["possibly 1.35"],
        &["from about 1.34"],
        &["selector", "since 1.8"],
    ] {
        let found = lines_with(words);
        assert!(found.is_empty(), "{words:?}:\n{}", found.join("\n"));
    }
    assert!(lesson("09-api-validation.md").contains("since 1.34 (kubernetes/kubernetes#132212)"));
    assert!(!lines_with(&["apps/v1beta1", "until it stopped being served"]).is_empty());
}

#[test]
fn the_other_audited_facts_are_stated() {
    // 12.5: a mount with no source is rejected on create from 1.34.
    assert!(lesson("04-storage.md").contains("and rejects the StatefulSet outright; before 1.34"));
    // 12.6: clusterIP changes with a type change to or from ExternalName.
    assert!(lesson("03-headless-service.md").contains("changes to or from `ExternalName`"));
    // 12.7: a PVC request may be lowered down to status.capacity.
    assert!(
        !lines_with(&["raised, never lowered"])
            .iter()
            .any(|l| l.contains("notes.toml"))
    );
    assert!(!lines_with(&["lowered again only down to `status.capacity`"]).is_empty());
    // 12.8: orphaning removes ownerReferences; adoption adds them back.
    assert!(
        lesson("09-api-validation.md").contains("Orphaning removes the Pods' `ownerReferences`")
    );
    // 12.10: sidecar init containers keep running.
    assert!(!lines_with(&["sidecar init container", "keeps running"]).is_empty());
    // 12.11: who refuses duplicate keys.
    assert!(lines_with(&["the api server rejects duplicate keys"]).is_empty());
    assert!(lesson("10-yaml.md").contains("kubectl's own strict decoding refuses such a file"));
}

#[test]
fn rule_help_texts_follow_the_facts_sheet() {
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n        volumeMounts: [{name: data, mountPath: /data}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
    let report = review_bundle(&read_bundle(Source::new("t.yaml", text)));
    let help = |rule: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .and_then(|d| d.help.clone())
            .unwrap_or_else(|| panic!("no {rule}: {:#?}", report.diagnostics))
    };
    let mount = help("volume-mount-source");
    assert!(
        mount.contains(
            "From Kubernetes 1.34 the API server validates the template's Pod spec on create"
        ),
        "{mount}"
    );
    let headless = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "headless-service")
        .unwrap();
    assert!(
        headless.message.contains("not guaranteed"),
        "{}",
        headless.message
    );
    assert!(headless.help.as_deref().unwrap().contains("ExternalName"));
}
