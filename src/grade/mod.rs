//! Grading a submission against an exercise: the lint verdict (a manifest the API server
//! would reject cannot pass) plus a Kubernetes-aware structural match against the expected
//! structure, scored by named checks.

pub mod answer;
pub mod class;
pub mod class_render;
pub mod defaults;
pub mod expected;
pub mod matcher;
pub mod pattern;
pub mod report;

use serde_json::Value;

use crate::content::Exercise;
use crate::manifest::path::locate;
use crate::manifest::{Bundle, FieldPath, Loaded, read_bundle};
use crate::review::{FileReport, Severity, review_bundle, review_loaded};
use expected::object_leaves;
use matcher::{Leaf, Matcher, Submitted};
pub use report::{CheckResult, Failure, GradeReport};

/// The id of the check that the file passes lint without errors.
pub const VALID_CHECK: &str = "valid";

/// A check with the graded values it owns.
#[derive(Debug, Clone)]
pub struct PlannedCheck {
    pub id: String,
    pub points: u32,
    pub message: String,
    pub lesson: Option<String>,
    /// (index into the exercise's expected objects, path in that object).
    pub values: Vec<(usize, FieldPath)>,
}

/// Assigns every graded value of expected.yaml to a check: the first declared check whose
/// object and a path prefix match, or a generated one-point check of its own.
pub fn plan(exercise: &Exercise) -> Result<Vec<PlannedCheck>, String> {
    let mut checks: Vec<PlannedCheck> = exercise
        .checks
        .iter()
        .map(|c| PlannedCheck {
            id: c.id.clone(),
            points: c.points,
            message: c.message.clone(),
            lesson: c.lesson.clone(),
            values: Vec::new(),
        })
        .collect();
    for (index, object) in exercise.expected.iter().enumerate() {
        for leaf in object_leaves(object) {
            let text = leaf.to_string();
            let owner = exercise.checks.iter().position(|c| {
                (c.object == object.label() || c.object == object.kind)
                    && c.paths.iter().any(|p| {
                        text == *p
                            || text.starts_with(&format!("{p}."))
                            || text.starts_with(&format!("{p}["))
                    })
            });
            match owner {
                Some(i) => checks[i].values.push((index, leaf)),
                None => checks.push(PlannedCheck {
                    id: generated_id(&object.label(), &text),
                    points: 1,
                    message: format!("{}: `{text}` is not as the task asks", object.label()),
                    lesson: None,
                    values: vec![(index, leaf)],
                }),
            }
        }
    }
    if let Some(empty) = checks.iter().find(|c| c.values.is_empty()) {
        return Err(format!(
            "check `{}` grades no value of expected.yaml: fix its object or paths",
            empty.id
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for check in &checks {
        if check.id == VALID_CHECK || !seen.insert(check.id.as_str()) {
            return Err(format!(
                "check id `{}` is used twice (or is the reserved id `valid`)",
                check.id
            ));
        }
    }
    Ok(checks)
}

fn generated_id(label: &str, path: &str) -> String {
    let mut id = String::new();
    for c in format!("{label}-{path}").chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_string()
}

/// Grades one submission (already read) against an exercise.
pub fn grade(exercise: &Exercise, submission: Loaded) -> Result<GradeReport, String> {
    grade_inspecting(exercise, submission, |_| {})
}

/// Grades a submission and shows `inspect` the objects read from it (not called when the
/// file was rejected before parsing): `grade` over a class fingerprints each submission
/// from the same parse instead of reading it twice.
pub fn grade_inspecting(
    exercise: &Exercise,
    submission: Loaded,
    inspect: impl FnOnce(&Bundle),
) -> Result<GradeReport, String> {
    let checks = plan(exercise)?;
    Ok(match submission {
        Loaded::Text(source) => {
            let bundle = read_bundle(source);
            inspect(&bundle);
            let review = review_bundle(&bundle);
            grade_bundle(exercise, &checks, &bundle, review)
        }
        rejected => {
            let review = review_loaded(rejected);
            let empty = Bundle {
                source: crate::manifest::Source::new(review.file.clone(), ""),
                objects: Vec::new(),
                problems: Vec::new(),
            };
            grade_bundle(exercise, &checks, &empty, review)
        }
    })
}

/// Grades a submission given as text, e.g. a test case.
pub fn grade_text(exercise: &Exercise, name: &str, text: &str) -> Result<GradeReport, String> {
    grade(
        exercise,
        Loaded::Text(crate::manifest::Source::new(name, text)),
    )
}

fn grade_bundle(
    exercise: &Exercise,
    checks: &[PlannedCheck],
    bundle: &Bundle,
    review: FileReport,
) -> GradeReport {
    let submitted: Vec<Submitted<'_>> = bundle
        .objects
        .iter()
        .map(|object| {
            let mut json = object.json.clone();
            defaults::apply(&object.kind, &mut json);
            Submitted { object, json }
        })
        .collect();

    // Match each expected object to the submitted object that fits it best.
    let mut matched: Vec<Option<(usize, Vec<Leaf>)>> = Vec::new();
    for expected in &exercise.expected {
        let candidates = submitted.iter().enumerate().filter(|(_, s)| {
            s.object.kind == expected.kind
                && expected
                    .name
                    .as_ref()
                    .is_none_or(|n| s.object.name.as_ref() == Some(n))
        });
        let best = candidates
            .map(|(i, s)| (i, Matcher::new(s, &submitted).run(&expected.pattern)))
            .max_by(|(i, a), (j, b)| {
                let score = |leaves: &Vec<Leaf>| leaves.iter().filter(|l| l.passed).count();
                score(a).cmp(&score(b)).then(j.cmp(i))
            });
        matched.push(best);
    }

    let errors: Vec<_> = review
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut results = vec![CheckResult {
        id: VALID_CHECK.to_string(),
        passed: errors.is_empty(),
        points: if errors.is_empty() {
            exercise.lint_points
        } else {
            0
        },
        max_points: exercise.lint_points,
        message: if errors.is_empty() {
            "lint finds no error: the API server would accept the manifest.".to_string()
        } else {
            format!(
                "lint finds {} error{}: the API server would reject the manifest, or no Pod could be created from it (see below).",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )
        },
        path: errors.first().and_then(|d| d.path.clone()),
        object: errors.first().and_then(|d| d.object.clone()),
        line: errors.first().map(|d| d.line),
        expected: Value::Null,
        actual: None,
        lesson: errors.first().and_then(|d| d.lesson).map(str::to_string),
        failures: Vec::new(),
        diff: None,
    }];

    for check in checks {
        let mut failures = Vec::new();
        let mut lines = (Vec::new(), Vec::new());
        for (object_index, path) in &check.values {
            let expected = &exercise.expected[*object_index];
            let found = matched[*object_index].as_ref();
            if expected.absent {
                lines.0.push(format!("{}: absent", expected.label()));
                lines.1.push(format!(
                    "{}: {}",
                    expected.label(),
                    if found.is_some() { "present" } else { "absent" }
                ));
                if let Some((i, _)) = found {
                    let object = &submitted[*i].object;
                    failures.push(Failure {
                        path: String::new(),
                        object: object.label(),
                        line: Some(object.line()),
                        expected: Value::String("no such object".into()),
                        actual: Some(Value::String(object.label())),
                        default: None,
                        note: Some(format!(
                            "the file must not contain {}: remove it",
                            expected.label()
                        )),
                    });
                }
                continue;
            }
            let leaf =
                found.and_then(|(_, leaves)| leaves.iter().find(|l| l.expected_path == *path));
            let (passed, actual, default, actual_path, line, mut note) = match (found, leaf) {
                (Some((i, _)), Some(leaf)) => {
                    let object = &submitted[*i].object;
                    let located = locate(&object.node, &leaf.actual_path);
                    let span = if located.exact && located.scalar {
                        located.value
                    } else {
                        located.key
                    };
                    // Show what the learner wrote; a value only the API default supplies is
                    // shown as such.
                    let written = matcher::value_at(&object.json, &leaf.actual_path).cloned();
                    let default = if written.is_none() {
                        leaf.actual.clone()
                    } else {
                        None
                    };
                    (
                        leaf.passed,
                        written,
                        default,
                        Some(leaf.actual_path.clone()),
                        Some(span.start.line),
                        leaf.detail.clone(),
                    )
                }
                _ => (false, None, None, None, None, None),
            };
            let expected_json =
                leaf.map_or_else(|| expected_value(expected, path), |l| l.expected.clone());
            lines
                .0
                .push(format!("{path}: {}", yaml_scalar(&expected_json)));
            lines.1.push(format!(
                "{path}: {}",
                actual.as_ref().map_or("(missing)".to_string(), yaml_scalar)
            ));
            if !passed {
                let object =
                    found.map_or_else(|| expected.label(), |(i, _)| submitted[*i].object.label());
                if found.is_none() {
                    note = Some(match &expected.name {
                        Some(name) => format!("the file has no {} named {name}", expected.kind),
                        None => format!("the file has no {}", expected.kind),
                    });
                }
                failures.push(Failure {
                    path: actual_path.map_or_else(|| path.to_string(), |p| p.to_string()),
                    object,
                    line,
                    expected: expected_json,
                    actual,
                    default,
                    note,
                });
            }
        }
        let passed = failures.is_empty();
        let first = failures.first();
        results.push(CheckResult {
            id: check.id.clone(),
            passed,
            points: if passed { check.points } else { 0 },
            max_points: check.points,
            message: check.message.clone(),
            path: first.map(|f| f.path.clone()),
            object: first.map(|f| f.object.clone()),
            line: first.and_then(|f| f.line),
            expected: first.map_or(Value::Null, |f| f.expected.clone()),
            actual: first.and_then(|f| f.actual.clone()),
            lesson: check.lesson.clone(),
            diff: (!passed).then(|| report::compact_diff(&lines.0, &lines.1)),
            failures,
        });
    }
    let score = results.iter().map(|r| r.points).sum();
    let max_score = results.iter().map(|r| r.max_points).sum();
    GradeReport {
        exercise: exercise.id.clone(),
        passed: results.iter().all(|r| r.passed),
        score,
        max_score,
        checks: results,
        diagnostics: review.diagnostics.clone(),
        file: review,
    }
}

/// The expectation at `path` when no submitted object was found to match against.
fn expected_value(expected: &expected::ExpectedObject, path: &FieldPath) -> Value {
    pattern_at(&expected.pattern, path).map_or(Value::Null, pattern::Pattern::to_json)
}

fn pattern_at<'p>(pattern: &'p pattern::Pattern, path: &FieldPath) -> Option<&'p pattern::Pattern> {
    use crate::manifest::path::Segment;
    path.0
        .iter()
        .try_fold(pattern, |p, segment| match (p, segment) {
            (pattern::Pattern::Map(fields), Segment::Key(k)) => {
                fields.iter().find(|(key, _)| key == k).map(|(_, v)| v)
            }
            (pattern::Pattern::List(items), Segment::Index(i)) => items.get(*i),
            _ => None,
        })
}

/// A value as it would be written in YAML, on one line.
pub fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}
