//! Grading a submission against an exercise: the lint verdict (a manifest the API server
//! would reject cannot pass) plus a Kubernetes-aware structural match against the expected
//! structure, scored by named checks.

pub mod answer;
pub mod class;
pub mod class_render;
pub mod defaults;
pub mod expected;
pub mod image;
pub mod matcher;
pub mod pattern;
pub mod report;

use serde_json::Value;

use crate::content::Exercise;
use crate::manifest::path::{locate, value_at};
use crate::manifest::{Bundle, FieldPath, Loaded, Object, read_bundle};
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
    /// Points per value matched (`partial = true`) instead of all or nothing.
    pub partial: bool,
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
            partial: c.partial,
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
                    partial: false,
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
    if let Some(one) = checks.iter().find(|c| c.partial && c.values.len() < 2) {
        return Err(format!(
            "check `{}` has `partial = true` but grades one value of expected.yaml, so it can only give all or nothing: remove `partial`, or give it more paths",
            one.id
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
            defaults::expand_env_from(object, &mut json, &bundle.objects);
            Submitted { object, json }
        })
        .collect();

    // Which submitted objects may stand for each expected object: those of its kind and
    // name, else a stand-in (the same kind under another name, or the expected name on
    // another workload kind), graded as if it were the one the task names.
    let stand_ins = stand_ins(exercise, &submitted);
    let aliases: Vec<(String, usize)> = exercise
        .expected
        .iter()
        .zip(&stand_ins)
        .filter_map(|(e, s)| s.as_ref().map(|s| (e.label(), s.index)))
        .collect();

    // Match each expected object to the submitted object that fits it best.
    let mut matched: Vec<Option<(usize, Vec<Leaf>)>> = Vec::new();
    for (expected, stand_in) in exercise.expected.iter().zip(&stand_ins) {
        let candidates: Vec<usize> = match stand_in {
            Some(s) => vec![s.index],
            None => submitted
                .iter()
                .enumerate()
                .filter(|(_, s)| is_exact(expected, s.object))
                .map(|(i, _)| i)
                .collect(),
        };
        let best = candidates
            .into_iter()
            .map(|i| {
                let matcher = Matcher::with_aliases(&submitted[i], &submitted, &aliases);
                (i, matcher.run(&expected.pattern))
            })
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
        file: None,
        line: errors.first().map(|d| d.line),
        expected: Value::Null,
        actual: None,
        lesson: errors.first().and_then(|d| d.lesson).map(str::to_string),
        failures: Vec::new(),
        diff: None,
        note: None,
    }];

    // A stand-in is said once, at its line, in the first check that grades its object.
    let mut told = vec![false; exercise.expected.len()];
    for check in checks {
        let mut failures = Vec::new();
        let mut check_note = None;
        let mut lines = (Vec::new(), Vec::new());
        // For partial credit: values graded, and how many of them matched.
        let (mut graded, mut matched_values) = (0u32, 0u32);
        for (object_index, path) in &check.values {
            graded += 1;
            let expected = &exercise.expected[*object_index];
            let found = matched[*object_index].as_ref();
            if let Some(stand_in) = &stand_ins[*object_index]
                && !told[*object_index]
            {
                told[*object_index] = true;
                // The misnamed object counts as one value not matched.
                graded += 1;
                let object = submitted[stand_in.index].object;
                failures.push(Failure {
                    file: None,
                    path: stand_in.path.to_string(),
                    object: object.label(),
                    line: Some(stand_in.line),
                    expected: Value::String(expected.label()),
                    actual: Some(Value::String(object.label())),
                    default: None,
                    written: None,
                    note: Some(stand_in.note.clone()),
                });
                lines.0.push(format!("object: {}", expected.label()));
                lines.1.push(format!("object: {}", object.label()));
            }
            if let Some((i, _)) = found
                && let Some(note) =
                    namespace_note(expected, path, &submitted[*i], &submitted, &aliases)
            {
                check_note = Some(note);
            }
            if expected.absent {
                matched_values += u32::from(found.is_none());
                lines.0.push(format!("{}: absent", expected.label()));
                lines.1.push(format!(
                    "{}: {}",
                    expected.label(),
                    if found.is_some() { "present" } else { "absent" }
                ));
                if let Some((i, _)) = found {
                    let object = &submitted[*i].object;
                    failures.push(Failure {
                        file: None,
                        path: String::new(),
                        object: object.label(),
                        line: Some(object.line()),
                        expected: Value::String("no such object".into()),
                        actual: Some(Value::String(object.label())),
                        default: None,
                        written: None,
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
            let mut written_as = None;
            let (passed, actual, default, actual_path, line, mut note) = match (found, leaf) {
                (Some((i, _)), Some(leaf))
                    if !leaf.passed
                        && let Some(wrong) = wrong_type(
                            submitted[*i].object,
                            &leaf.actual_path,
                            &review,
                            &bundle.source,
                        ) =>
                {
                    // Written, but with a type the API does not take (the schema check left
                    // it out of the JSON): show it as written, never as "not set".
                    written_as = Some(wrong.words);
                    (
                        false,
                        Some(wrong.value),
                        None,
                        Some(wrong.path),
                        Some(wrong.line),
                        None,
                    )
                }
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
                    let written = value_at(&object.json, &leaf.actual_path).cloned();
                    // Defaults never add list items: a value in an item the learner did not
                    // write (an env entry brought in by `envFrom`) is no API default.
                    let default =
                        if written.is_none() && items_written(&object.json, &leaf.actual_path) {
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
            matched_values += u32::from(passed);
            let expected_json =
                leaf.map_or_else(|| expected_value(expected, path), |l| l.expected.clone());
            lines
                .0
                .push(format!("{path}: {}", yaml_scalar(&expected_json)));
            lines.1.push(format!(
                "{path}: {}",
                match &written_as {
                    Some(words) => words.clone(),
                    None => actual.as_ref().map_or("(missing)".to_string(), yaml_scalar),
                }
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
                // One missing list item is one failure, however many values it holds.
                let path_text = actual_path
                    .as_ref()
                    .map_or_else(|| path.to_string(), ToString::to_string);
                if failures.last().is_some_and(|f: &Failure| {
                    f.path == path_text
                        && f.expected == expected_json
                        && leaf.is_some_and(|l| l.detail.is_some())
                }) {
                    continue;
                }
                if let (Some((i, _)), Some(p)) = (found, actual_path.as_ref())
                    && !failures.iter().any(|f: &Failure| {
                        f.note.as_deref().is_some_and(|n| n.contains("`envFrom`"))
                    })
                    && let Some(env_note) = env_from_note(&submitted[*i], p, bundle)
                {
                    note = Some(match note {
                        Some(n) => format!("{n}; {env_note}"),
                        None => env_note,
                    });
                }
                failures.push(Failure {
                    file: None,
                    path: actual_path.map_or_else(|| path.to_string(), |p| p.to_string()),
                    object,
                    line,
                    expected: expected_json,
                    actual,
                    default,
                    written: written_as,
                    note,
                });
            }
        }
        let passed = failures.is_empty();
        let first = failures.first();
        results.push(CheckResult {
            id: check.id.clone(),
            passed,
            points: if passed {
                check.points
            } else if check.partial && graded > 0 {
                // Rounded down: a point is only given for values matched.
                check.points * matched_values / graded
            } else {
                0
            },
            max_points: check.points,
            message: check.message.clone(),
            path: first.map(|f| f.path.clone()),
            object: first.map(|f| f.object.clone()),
            file: None,
            line: first.and_then(|f| f.line),
            expected: first.map_or(Value::Null, |f| f.expected.clone()),
            actual: first.and_then(|f| f.actual.clone()),
            lesson: check.lesson.clone(),
            diff: (!passed).then(|| report::compact_diff(&lines.0, &lines.1)),
            failures,
            note: check_note,
        });
    }
    let gated = (exercise.lint_gate && !errors.is_empty()).then(|| {
        format!(
            "this exercise grades only a manifest the API server accepts (`[lint] gate`): lint finds {} error{}, so every check scores 0 until {} fixed",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "it is" } else { "they are" },
        )
    });
    if let Some(reason) = &gated {
        for result in &mut results {
            result.points = 0;
        }
        results[0].message = format!("{} Scored 0: {reason}.", results[0].message);
    }
    let score = results.iter().map(|r| r.points).sum();
    let max_score = results.iter().map(|r| r.max_points).sum();
    GradeReport {
        gated,
        exercise: exercise.id.clone(),
        passed: results.iter().all(|r| r.passed),
        score,
        max_score,
        checks: results,
        diagnostics: review.diagnostics.clone(),
        file: review,
        files: Vec::new(),
    }
}

/// A value the submission writes with a type the API does not take.
struct WrongType {
    /// Where it is: the leaf, or the parent written as a scalar or mapping where a list or
    /// mapping belongs.
    path: FieldPath,
    line: usize,
    value: Value,
    /// `"3" (a string; write 3 without quotes)`.
    words: String,
}

/// Whether the value at `path`, a field around it or one inside it is written with a type
/// the API does not take, as lint's `field-type` says: the schema check leaves such a value
/// out, so without this it would read as not set (or as the default).
fn wrong_type(
    object: &crate::manifest::Object,
    path: &FieldPath,
    review: &FileReport,
    source: &crate::manifest::Source,
) -> Option<WrongType> {
    use crate::manifest::yaml::{Resolved, Style};
    let label = object.label();
    let span = object.node.span;
    let text = path.to_string();
    let diagnostic = review.diagnostics.iter().find(|d| {
        d.rule == "field-type"
            && d.object.as_deref() == Some(label.as_str())
            && (span.start.line..=span.end.line).contains(&d.line)
            && d.path.as_deref().is_some_and(|p| {
                p == text
                    || text.starts_with(&format!("{p}."))
                    || text.starts_with(&format!("{p}["))
                    || p.starts_with(&format!("{text}."))
                    || p.starts_with(&format!("{text}["))
            })
    })?;
    let at = FieldPath::parse(d_path(diagnostic));
    let located = locate(&object.node, &at);
    if !located.exact {
        return None;
    }
    let node = node_at(&object.node, &at)?;
    // "`spec.replicas` must be an integer, but "3" is a string": what the field takes.
    let required = diagnostic
        .message
        .split_once(" must be ")
        .and_then(|(_, rest)| rest.split_once(", but"))
        .map(|(required, _)| required.to_string());
    let start = source.byte_offset(node.span.start.line, node.span.start.column);
    let end = source.byte_offset(node.span.end.line, node.span.end.column);
    let written = source.text.get(start..end).unwrap_or("").trim();
    let as_written = (node.as_scalar().is_some() && !written.is_empty() && !written.contains('\n'))
        .then(|| written.to_string());
    let kind = node.type_name();
    let quoted = node.as_scalar().is_some_and(|s| s.style == Style::Quoted);
    let advice = match (required.as_deref(), node.resolve()) {
        (Some(r @ ("an integer" | "a number" | "a boolean")), Some(Resolved::Str(inner)))
            if quoted =>
        {
            let plain = crate::manifest::yaml::resolve_plain(inner);
            let fits = match r {
                "a boolean" => matches!(plain, Resolved::Bool(_)),
                _ => matches!(plain, Resolved::Int(_) | Resolved::Float(_)),
            };
            if fits {
                format!("write {inner} without quotes")
            } else {
                format!("the field takes {r}")
            }
        }
        (Some("a string"), Some(Resolved::Int(_) | Resolved::Float(_) | Resolved::Bool(_))) => {
            format!(
                "write it in quotes, \"{}\"",
                node.as_scalar().map_or("", |s| s.text.as_str())
            )
        }
        (Some("a list"), _) => {
            "the field is a list: write each item on its own line, after `- `".to_string()
        }
        (Some(r), _) => format!("the field takes {r}"),
        (None, _) => "the API server does not take this type here".to_string(),
    };
    let words = match as_written {
        Some(w) => format!("{w} ({kind}; {advice})"),
        None => format!("{kind} ({advice})"),
    };
    let value = match node.resolve() {
        Some(Resolved::Str(s)) => Value::String(s.to_string()),
        Some(Resolved::Int(n)) => Value::from(n),
        Some(Resolved::Float(f)) => Value::from(f),
        Some(Resolved::Bool(b)) => Value::Bool(b),
        _ => Value::String(kind.to_string()),
    };
    Some(WrongType {
        line: if located.scalar {
            located.value.start.line
        } else {
            located.key.start.line
        },
        path: at,
        value,
        words,
    })
}

/// The YAML node at `path`.
fn node_at<'n>(
    root: &'n crate::manifest::yaml::Node,
    path: &FieldPath,
) -> Option<&'n crate::manifest::yaml::Node> {
    use crate::manifest::path::Segment;
    path.0.iter().try_fold(root, |node, segment| match segment {
        Segment::Key(k) => node.get(k),
        Segment::Index(i) => node.as_seq()?.get(*i),
    })
}

fn d_path(d: &crate::review::Diagnostic) -> &str {
    d.path.as_deref().unwrap_or_default()
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

/// A submitted object graded in place of the expected one the task names.
struct StandIn {
    index: usize,
    /// Where to point: `metadata.name` for a misnamed object, `kind` for the wrong kind.
    path: FieldPath,
    line: usize,
    note: String,
}

/// The kinds that run Pods from a template, where a file may hold the wrong one (a
/// Deployment still there where the task asks for a StatefulSet).
const WORKLOADS: &[&str] = &[
    "StatefulSet",
    "Deployment",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
];

/// The line of `path` in `object`, else of the object itself.
fn line_of(object: &crate::manifest::Object, path: &FieldPath) -> usize {
    let located = locate(&object.node, path);
    if located.exact {
        located.value.start.line
    } else {
        object.line()
    }
}

fn is_exact(expected: &expected::ExpectedObject, object: &crate::manifest::Object) -> bool {
    object.kind == expected.kind
        && expected
            .name
            .as_ref()
            .is_none_or(|n| object.name.as_ref() == Some(n))
}

/// For each expected object the file lacks, the object that stands in for it: of the same
/// kind, the only one or the one with the closest name; else, for a workload, another
/// workload kind with the expected name. An object matched exactly by another expected
/// object (that is not an `!absent` one) never stands in.
fn stand_ins(exercise: &Exercise, submitted: &[Submitted<'_>]) -> Vec<Option<StandIn>> {
    let mut used: Vec<bool> = submitted
        .iter()
        .map(|s| {
            exercise
                .expected
                .iter()
                .any(|e| !e.absent && is_exact(e, s.object))
        })
        .collect();
    let mut out = Vec::new();
    for expected in &exercise.expected {
        let present = submitted.iter().any(|s| is_exact(expected, s.object));
        let name = expected
            .name
            .as_deref()
            .filter(|_| !expected.absent && !present);
        let Some(name) = name else {
            out.push(None);
            continue;
        };
        let free = |kind_ok: &dyn Fn(&str) -> bool| -> Vec<usize> {
            (0..submitted.len())
                .filter(|i| !used[*i] && kind_ok(&submitted[*i].object.kind))
                .collect()
        };
        let same_kind = free(&|k| k == expected.kind);
        let closest = match same_kind.as_slice() {
            [only] => Some(*only),
            many => many
                .iter()
                .map(|i| {
                    let other = submitted[*i].object.name.as_deref().unwrap_or("");
                    let shared = other
                        .chars()
                        .zip(name.chars())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let close = crate::manifest::names::within_edits(other, name, 2);
                    (*i, shared.max(if close { 1 } else { 0 }))
                })
                .filter(|(_, score)| *score > 0)
                .max_by(|(i, a), (j, b)| a.cmp(b).then(j.cmp(i)))
                .map(|(i, _)| i),
        };
        let stand_in = if let Some(i) = closest {
            let object = submitted[i].object;
            let path = FieldPath::parse("metadata.name");
            Some(StandIn {
                index: i,
                line: line_of(object, &path),
                path,
                note: format!(
                    "the file has {} `{}`; the task names it `{name}` (the rest of this object is graded as written)",
                    object.kind,
                    object.name.as_deref().unwrap_or("(unnamed)")
                ),
            })
        } else if WORKLOADS.contains(&expected.kind.as_str()) {
            free(&|k| WORKLOADS.contains(&k) && k != expected.kind)
                .into_iter()
                .find(|i| submitted[*i].object.name.as_deref() == Some(name))
                .map(|i| {
                    let object = submitted[i].object;
                    let path = FieldPath::parse("kind");
                    let strategy = object.json.pointer("/spec/strategy").is_some()
                        && expected.kind == "StatefulSet";
                    StandIn {
                        index: i,
                        line: line_of(object, &path),
                        path,
                        note: format!(
                            "this is a {}: change `kind` to {}{} (the rest of this object is graded as written)",
                            object.kind,
                            expected.kind,
                            if strategy {
                                " (and `strategy` to `updateStrategy`)"
                            } else {
                                ""
                            }
                        ),
                    }
                })
        } else {
            None
        };
        if let Some(s) = &stand_in {
            used[s.index] = true;
        }
        out.push(stand_in);
    }
    out
}

/// For a value matched against another object (`!selects`, `!same 'Kind/name:…'`): a
/// note when one of the two writes `namespace: default` and the other no namespace.
fn namespace_note(
    expected: &expected::ExpectedObject,
    path: &FieldPath,
    target: &Submitted<'_>,
    all: &[Submitted<'_>],
    aliases: &[(String, usize)],
) -> Option<String> {
    let label = match pattern_at(&expected.pattern, path)? {
        pattern::Pattern::Selects(label)
        | pattern::Pattern::Same {
            object: Some(label),
            ..
        } => label,
        _ => return None,
    };
    let other = match aliases.iter().find(|(l, _)| l == label) {
        Some((_, i)) => all.get(*i)?,
        None => all.iter().find(|s| s.object.label() == *label)?,
    };
    let written = |o: &crate::manifest::Object| o.namespace.clone().filter(|n| !n.is_empty());
    let (a, b) = (written(target.object), written(other.object));
    if a == b || !matcher::same_namespace(target.object, other.object) {
        return None;
    }
    let (with, without) = if a.is_some() {
        (target.object, other.object)
    } else {
        (other.object, target.object)
    };
    Some(format!(
        "{} says `namespace: default` and {} names no namespace: graded as one namespace, which holds when the file is applied without `-n` (with `-n NAME`, {} would go to NAME); write the same namespace on both, or none",
        with.label(),
        without.label(),
        without.label()
    ))
}

/// Whether every list item on `path` is in the JSON as written (defaults never add one).
fn items_written(json: &Value, path: &FieldPath) -> bool {
    use crate::manifest::path::Segment;
    (1..=path.0.len()).all(|n| {
        !matches!(path.0[n - 1], Segment::Index(_))
            || value_at(json, &FieldPath(path.0[..n].to_vec())).is_some()
    })
}

/// For a failure inside a container's `env`: what the container's `envFrom` brings in, as
/// far as the file shows it (the grader cannot see a Secret that is not in the file).
fn env_from_note(sub: &Submitted<'_>, path: &FieldPath, bundle: &Bundle) -> Option<String> {
    use crate::manifest::path::Segment;
    let env_at = path
        .0
        .iter()
        .position(|s| matches!(s, Segment::Key(k) if k == "env"))?;
    let container = FieldPath(path.0[..env_at].to_vec());
    let sources = value_at(&sub.object.json, &container.key("envFrom"))?.as_array()?;
    let mut parts = Vec::new();
    for source in sources {
        let prefix = source.get("prefix").and_then(Value::as_str).unwrap_or("");
        let (kind, reference) = match (source.get("secretRef"), source.get("configMapRef")) {
            (Some(r), _) => ("Secret", r),
            (None, Some(r)) => ("ConfigMap", r),
            _ => continue,
        };
        let Some(name) = reference.get("name").and_then(Value::as_str) else {
            continue;
        };
        let found = bundle.objects.iter().find(|o| {
            o.kind == kind
                && o.name.as_deref() == Some(name)
                && matcher::same_namespace(o, sub.object)
        });
        let elsewhere = bundle
            .objects
            .iter()
            .find(|o| o.kind == kind && o.name.as_deref() == Some(name) && found.is_none());
        parts.push(match found {
            None if elsewhere.is_some() => format!(
                "`envFrom` names {kind} `{name}`, which the file has in {} while the Pods are in {}: a Pod reads {kind}s of its own namespace only",
                elsewhere.map(Object::namespace_words).unwrap_or_default(),
                sub.object.namespace_words()
            ),
            None => format!(
                "`envFrom` takes the variables of {kind} `{name}`, which is not in the file, so the grader cannot see which variables it brings in: the task asks for `env` with `valueFrom.secretKeyRef`, which names the variable and the Secret's key explicitly (or put the Secret in the file, with the key)"
            ),
            Some(object) => {
                let keys = defaults::data_keys(&object.json);
                let names: Vec<String> = keys.iter().map(|k| format!("`{prefix}{k}`")).collect();
                let brings = if names.is_empty() {
                    "no variable".to_string()
                } else {
                    names.join(", ")
                };
                let config = if kind == "ConfigMap" {
                    "; a ConfigMap holds no secrets: the task asks for a Secret"
                } else {
                    ""
                };
                format!("`envFrom` {kind} `{name}` brings in {brings}{config}")
            }
        });
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
