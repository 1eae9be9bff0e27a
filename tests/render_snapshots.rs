//! Snapshots of the text renderer: what a learner actually reads.

use sts_tutor::manifest::{Source, read_bundle};
use sts_tutor::review::render::text;
use sts_tutor::review::{LintReport, review_bundle};

fn render(text_in: &str) -> String {
    let report = LintReport::new(vec![review_bundle(&read_bundle(Source::new(
        "web.yaml", text_in,
    )))]);
    text::render(&report, false)
}

#[test]
fn errors_warnings_and_notes_render_like_rustc() {
    let manifest = "\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  servicename: web
  replicas: \"2\"
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: web
        image: nginx:1.27
        volumeMounts:
        - name: data
          mountPath: /data
";
    insta::assert_snapshot!(render(manifest));
}

#[test]
fn file_level_problems_render_without_a_path() {
    insta::assert_snapshot!(render(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n"
    ));
}

// ----- Output fitted to the terminal: the same things at 60 and at 120 columns -----

use std::path::Path;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `sts-tutor ARGS` piped with `COLUMNS`, in `dir`, with a fresh progress store there.
fn cli(dir: &Path, columns: usize, args: &[&str], stdin: &str) -> String {
    let output = Command::cargo_bin("sts-tutor")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns.to_string())
        .arg("--data-dir")
        .arg(dir.join(".data"))
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// A directory holding `web.yaml`, a copy of `from` (relative to the crate).
fn with_web_yaml(from: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(ROOT).join(from), dir.path().join("web.yaml")).unwrap();
    dir
}

#[test]
fn a_failing_check_at_60_and_120_columns() {
    let dir = with_web_yaml("exercises/interview-web/tests/fail-wrong-image-and-replicas.yaml");
    for columns in [60, 120] {
        let out = cli(
            dir.path(),
            columns,
            &["check", "interview-web", "web.yaml"],
            "",
        );
        assert!(out.trim_end().ends_with("not passed yet"), "{out}");
        insta::assert_snapshot!(format!("check_failing_{columns}"), out);
    }
}

#[test]
fn a_passing_check_ends_with_its_verdict_at_60_and_120_columns() {
    let dir = with_web_yaml("exercises/interview-web/solution.yaml");
    for columns in [60, 120] {
        let out = cli(
            dir.path(),
            columns,
            &["check", "interview-web", "web.yaml"],
            "",
        );
        // The verdict, then only the next step.
        let tail: Vec<&str> = out.trim_end().rsplit("\n\n").take(2).collect();
        assert!(
            tail[1].starts_with("interview-web: 10/10 points, passed"),
            "{out}"
        );
        assert!(tail[0].starts_with("Well done."), "{out}");
        insta::assert_snapshot!(format!("check_passing_{columns}"), out);
    }
}

#[test]
fn lint_text_at_60_and_120_columns() {
    let dir = with_web_yaml("exercises/interview-web/tests/fail-wrong-image-and-replicas.yaml");
    for columns in [60, 120] {
        insta::assert_snapshot!(
            format!("lint_{columns}"),
            cli(dir.path(), columns, &["lint", "web.yaml"], "")
        );
    }
}

#[test]
fn the_exercise_list_at_60_and_120_columns() {
    let dir = tempfile::tempdir().unwrap();
    for columns in [60, 120] {
        insta::assert_snapshot!(
            format!("exercises_{columns}"),
            cli(dir.path(), columns, &["exercises"], "")
        );
    }
}

#[test]
fn a_quiz_question_lists_its_choices_one_per_line_at_60_and_120_columns() {
    // A course of one question, so the snapshot does not depend on which question the
    // scheduler picks.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("course");
    std::fs::create_dir_all(content.join("quizzes")).unwrap();
    std::fs::create_dir_all(content.join("lessons")).unwrap();
    std::fs::write(
        content.join("lessons/01-identity.md"),
        "---\ntitle: Identity\n---\n# Identity\n\nPods are named after their set.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("quizzes/identity.toml"),
        r#"[[questions]]
id = "identity-pod-names"
kind = "single"
lesson = "identity"
prompt = "A StatefulSet `web` has `replicas: 3` and `ordinals.start: 1`. What are its Pods called, and what happens to a Pod's name when it is replaced?"
choices = ["web-1, web-2 and web-3; a replacement Pod gets the same name, the same labels and the same PersistentVolumeClaims", "web-0, web-1 and web-2", "web-<random suffix>, three times, with a new suffix for every replacement"]
answer = 0
explanation = "Pods are named `<statefulset>-<ordinal>`."
"#,
    )
    .unwrap();
    let course = content.to_str().unwrap();
    for columns in [60, 120] {
        let out = cli(
            dir.path(),
            columns,
            &["--content", course, "quiz", "-n", "1"],
            "quit\n",
        );
        // The question up to what to type; the rest belongs to the quiz runner.
        let question = out
            .split("Answer with a letter.")
            .next()
            .unwrap()
            .to_string();
        assert!(question.contains("\na) web-1"), "{out}");
        assert!(question.contains("\nb) web-0"), "{out}");
        assert!(question.contains("\nc) web-<random"), "{out}");
        insta::assert_snapshot!(format!("quiz_question_{columns}"), question);
    }
}

#[test]
fn lesson_1s_comparison_table_at_60_and_120_columns() {
    let lesson =
        std::fs::read_to_string(Path::new(ROOT).join("lessons/01-statefulset-basics.md")).unwrap();
    // The table under "Deployment vs StatefulSet in depth": its lines start with `|`.
    let after = lesson
        .split("Deployment vs StatefulSet in depth")
        .nth(1)
        .expect("lesson 1 compares Deployments and StatefulSets");
    let table: String = after
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    for columns in [60, 120] {
        let out = sts_tutor::tutor::markdown::render(&table, columns, false);
        assert!(!out.contains('•'), "a table, not records:\n{out}");
        assert!(
            out.lines().any(|l| l.starts_with("Pod names ")),
            "the first column holds the row names:\n{out}"
        );
        insta::assert_snapshot!(format!("lesson_1_table_{columns}"), out);
    }
}
