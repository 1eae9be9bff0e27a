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
