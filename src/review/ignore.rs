//! Silencing a rule on one object with an annotation, with the reason kept for the report,
//! as kube-score (`kube-score/ignore: "pod-probes,container-resources"`) and kube-linter
//! (`ignore-check.kube-linter.io/<check>: "<reason>"`) allow. Two forms:
//!
//! ```yaml
//! metadata:
//!   annotations:
//!     sts-tutor.dev/ignore: "readiness-probe: the sidecar has no port; resource-requests"
//!     ignore.sts-tutor.dev/pod-anti-affinity: "one node in this test cluster"
//! ```
//!
//! In the first, entries are separated by `;` or new lines, each `RULE` or `RULE: reason`
//! (an entry without a reason may list several rules separated by commas). Only warnings
//! and notes are silenced: what the API server rejects stays an error, so an annotation
//! cannot make a wrong answer pass `check`.

use crate::manifest::names::suggest;
use crate::manifest::{FieldPath, Object};
use crate::review::Severity;
use crate::review::registry::{self, Findings, RULES, Scope};

/// The annotation that lists rules to silence.
pub const LIST_KEY: &str = "sts-tutor.dev/ignore";
/// The prefix of the one-rule form: `ignore.sts-tutor.dev/<rule>: "<reason>"`.
pub const RULE_PREFIX: &str = "ignore.sts-tutor.dev/";

/// A rule silenced on an object, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silence {
    pub rule: String,
    pub reason: Option<String>,
    /// The annotation that says so.
    pub key: String,
}

impl Silence {
    /// The reason shown under `--show-skipped`.
    pub fn describe(&self) -> String {
        match &self.reason {
            Some(reason) => format!("silenced by the annotation {}: {reason}", self.key),
            None => format!("silenced by the annotation {} (no reason given)", self.key),
        }
    }
}

fn annotations(object: &Object) -> impl Iterator<Item = (&str, &str)> {
    object
        .json
        .pointer("/metadata/annotations")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
}

/// Parses the value of the list form.
fn parse_list(value: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for entry in value
        .split([';', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match entry.split_once(':') {
            Some((rule, reason)) => {
                let reason = reason.trim();
                out.push((
                    rule.trim().to_string(),
                    (!reason.is_empty()).then(|| reason.to_string()),
                ));
            }
            None => {
                for rule in entry.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                    out.push((rule.to_string(), None));
                }
            }
        }
    }
    out
}

/// Every rule an object's annotations silence (unknown rule names included; the
/// `ignore-annotation` rule reports those).
pub fn silences(object: &Object) -> Vec<Silence> {
    let mut out = Vec::new();
    for (key, value) in annotations(object) {
        if key == LIST_KEY {
            for (rule, reason) in parse_list(value) {
                out.push(Silence {
                    rule,
                    reason,
                    key: key.to_string(),
                });
            }
        } else if let Some(rule) = key.strip_prefix(RULE_PREFIX) {
            let reason = value.trim();
            out.push(Silence {
                rule: rule.to_string(),
                reason: (!reason.is_empty()).then(|| reason.to_string()),
                key: key.to_string(),
            });
        }
    }
    out
}

pub fn check_annotations(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object) in bundle.objects.iter().enumerate() {
        for silence in silences(object) {
            let path = FieldPath::parse("metadata.annotations").key(silence.key.as_str());
            match registry::find(&silence.rule) {
                None => {
                    let hint = suggest(&silence.rule, RULES.iter().map(|r| r.id))
                        .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                    f.at(
                        i,
                        path,
                        format!(
                            "`{}` is not a rule of this linter, so nothing is silenced",
                            silence.rule
                        ),
                    )
                    .help(format!(
                        "{hint}the rule ids are listed by the lint command's --help"
                    ));
                }
                Some(rule) if rule.severity == Severity::Error => {
                    f.at(
                        i,
                        path,
                        format!(
                            "`{}` reports what the API server rejects: an annotation silences only its warnings, never its errors",
                            rule.id
                        ),
                    )
                    .help("fix the manifest instead: the API server would refuse it whatever the annotation says");
                }
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_list;

    #[test]
    fn the_list_form_takes_reasons_and_comma_lists() {
        assert_eq!(
            parse_list("readiness-probe: the sidecar has no port, nor a Service; image-tag"),
            [
                (
                    "readiness-probe".to_string(),
                    Some("the sidecar has no port, nor a Service".to_string())
                ),
                ("image-tag".to_string(), None)
            ]
        );
        assert_eq!(
            parse_list("pod-anti-affinity, pod-disruption-budget\n"),
            [
                ("pod-anti-affinity".to_string(), None),
                ("pod-disruption-budget".to_string(), None)
            ]
        );
        assert!(parse_list(" ; ").is_empty());
    }
}
