//! Every registered rule fires on a manifest written to break it, and no rule fires on the
//! right manifest it was derived from. The cases are data, shared with
//! scripts/catch_matrix.py: tests/fixtures/rules/right.yaml and cases.toml (whose header
//! describes the format). They must name every rule in the registry.

use serde::Deserialize;
use std::path::Path;
use sts_tutor::manifest::{Loaded, Source};
use sts_tutor::review::registry::RULES;
use sts_tutor::review::review_loaded;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules");

/// One `[[case]]` of cases.toml: the rule it breaks, the mistake in a few words, and its
/// manifest (an edit of right.yaml, a document appended to it, a whole text, or a file).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    rule: String,
    mistake: String,
    from: Option<String>,
    to: Option<String>,
    append: Option<String>,
    text: Option<String>,
    repeat: Option<usize>,
    file: Option<String>,
}

impl Case {
    /// The bytes of the manifest that breaks the rule.
    fn manifest(&self, right: &str) -> Vec<u8> {
        let rule = &self.rule;
        assert!(!self.mistake.is_empty(), "{rule}: name the mistake");
        assert!(
            self.repeat.is_none() || self.text.is_some(),
            "{rule}: repeat goes with text"
        );
        match (&self.from, &self.to, &self.append, &self.text, &self.file) {
            (Some(from), Some(to), None, None, None) => {
                assert!(
                    right.contains(from.as_str()),
                    "{rule}: right.yaml lacks {from:?}"
                );
                right.replacen(from.as_str(), to, 1).into_bytes()
            }
            (None, None, Some(document), None, None) => {
                format!("{right}---\n{document}").into_bytes()
            }
            (None, None, None, Some(text), None) => {
                text.repeat(self.repeat.unwrap_or(1)).into_bytes()
            }
            (None, None, None, None, Some(file)) => std::fs::read(Path::new(CASES).join(file))
                .unwrap_or_else(|e| panic!("{rule}: {file}: {e}")),
            _ => panic!("{rule}: give one of from and to, append, text or file"),
        }
    }
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

/// right.yaml: a headless Service, a PodDisruptionBudget and a 3-replica StatefulSet that
/// follows every rule, including the production practices.
fn right() -> String {
    std::fs::read_to_string(Path::new(CASES).join("right.yaml")).expect("right.yaml")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(Path::new(CASES).join("cases.toml")).expect("cases.toml");
    toml::from_str::<Cases>(&text).expect("cases.toml").case
}

fn rules_fired(bytes: Vec<u8>) -> Vec<&'static str> {
    let report = review_loaded(Source::from_bytes("t.yaml", bytes));
    report.diagnostics.iter().map(|d| d.rule).collect()
}

#[test]
fn the_right_manifest_triggers_nothing() {
    assert_eq!(rules_fired(right().into_bytes()), Vec::<&str>::new());
}

#[test]
fn every_rule_fires_on_its_breaking_case() {
    let (right, cases) = (right(), cases());
    for case in &cases {
        let fired = rules_fired(case.manifest(&right));
        let rule = case.rule.as_str();
        assert!(
            fired.contains(&rule),
            "{rule} did not fire on {:?}: {fired:?}",
            case.mistake
        );
    }
    for rule in RULES {
        assert!(
            cases.iter().any(|case| case.rule == rule.id),
            "no breaking case for {}",
            rule.id
        );
    }
}

#[test]
fn input_encoding_is_decided_before_parsing_on_the_raw_bytes() {
    let right = right();
    let case = cases()
        .into_iter()
        .find(|case| case.rule == "input-encoding");
    let loaded = Source::from_bytes("t.yaml", case.expect("a case").manifest(&right));
    assert!(matches!(loaded, Loaded::Rejected { .. }));
    assert_eq!(review_loaded(loaded).diagnostics[0].rule, "input-encoding");
}

/// The messages of `duplicate-object` in each file of a run.
fn duplicates(files: &[(&str, &str)]) -> Vec<(String, usize, String, &'static str)> {
    let loaded = files
        .iter()
        .map(|(name, text)| Loaded::Text(Source::new(*name, *text)))
        .collect();
    let reports = sts_tutor::review::review_files(loaded, &Default::default());
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics
                .iter()
                .filter(|d| d.rule == "duplicate-object")
                .map(|d| {
                    (
                        r.file.clone(),
                        d.line,
                        d.message.clone(),
                        d.severity.as_str(),
                    )
                })
        })
        .collect()
}

const REDIS: &str = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: redis
data: {a: b}
";

#[test]
fn a_duplicate_object_names_both_lines_in_one_file_and_across_files() {
    let one = format!("{REDIS}---\n{REDIS}");
    assert_eq!(
        duplicates(&[("web.yaml", &one)]),
        vec![(
            "web.yaml".to_string(),
            10,
            "ConfigMap/redis is also defined at web.yaml:4; applying the file would keep only the last"
                .to_string(),
            "error"
        )]
    );
    assert_eq!(
        duplicates(&[("a.yaml", REDIS), ("b.yaml", REDIS)]),
        vec![(
            "b.yaml".to_string(),
            4,
            "ConfigMap/redis is also defined at a.yaml:4; applying the files would keep only the last"
                .to_string(),
            "info"
        )]
    );
    // Items of a `kind: List` are objects like any other.
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: redis\n";
    assert_eq!(duplicates(&[("a.yaml", REDIS), ("l.yaml", list)]).len(), 1);
}

#[test]
fn same_name_in_another_kind_group_or_namespace_is_no_duplicate() {
    let secret = REDIS.replace("ConfigMap", "Secret");
    let other_ns = REDIS.replace("  name: redis", "  name: redis\n  namespace: cache");
    let other_group = REDIS.replace("apiVersion: v1", "apiVersion: example.com/v1");
    let text = format!("{REDIS}---\n{secret}---\n{other_ns}---\n{other_group}");
    assert_eq!(duplicates(&[("x.yaml", &text)]), Vec::new());
    // The same namespace written out on both is one object.
    let twice = format!("{other_ns}---\n{other_ns}");
    assert_eq!(duplicates(&[("x.yaml", &twice)]).len(), 1);
}
