//! The result of grading one submission, and how it is shown (`check --format text|json`).

use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::review::{Diagnostic, FileReport, LintReport};

/// One value that did not match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub path: String,
    pub object: String,
    pub line: Option<usize>,
    pub expected: Value,
    pub actual: Option<Value>,
    /// The value the API server fills in when the field is not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Why nothing could be compared (e.g. the object is missing), or what the closest
    /// list item lacked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One check of the grade. Serialized as `checks` of `check --format json` (DESIGN.md);
/// `lesson`, `failures` and `diff` extend the documented shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub id: String,
    pub passed: bool,
    pub points: u32,
    pub max_points: u32,
    pub message: String,
    pub path: Option<String>,
    pub object: Option<String>,
    pub line: Option<usize>,
    pub expected: Value,
    pub actual: Option<Value>,
    pub lesson: Option<String>,
    pub failures: Vec<Failure>,
    pub diff: Option<String>,
    /// Something the learner should know about how the check was read, even when it
    /// passed (e.g. `namespace: default` on one object and none on the other are graded as
    /// one namespace, which holds when the file is applied without `-n`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeReport {
    pub exercise: String,
    pub passed: bool,
    pub score: u32,
    pub max_score: u32,
    pub checks: Vec<CheckResult>,
    pub diagnostics: Vec<Diagnostic>,
    /// The lint review, for rendering diagnostics with their source lines.
    #[serde(skip)]
    pub file: FileReport,
}

impl GradeReport {
    pub fn failed_checks(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.id.as_str())
            .collect()
    }
}

/// A unified diff of expected and actual `path: value` lines, unchanged lines as context.
pub fn compact_diff(expected: &[String], actual: &[String]) -> String {
    let old = expected.join("\n") + "\n";
    let new = actual.join("\n") + "\n";
    let diff = TextDiff::from_lines(&old, &new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Delete => "- ",
            ChangeTag::Insert => "+ ",
            ChangeTag::Equal => "  ",
        };
        out.push_str(sign);
        out.push_str(change.value());
    }
    out
}

/// `check --format json`.
pub fn render_json(report: &GradeReport) -> String {
    let mut out = serde_json::to_string_pretty(report).unwrap_or_default();
    out.push('\n');
    out
}

/// `check --format text`: the score, every check (failures with line, expected, actual,
/// diff and lesson), then the lint diagnostics rendered as `lint` does.
pub fn render_text(report: &GradeReport, color: bool) -> String {
    let mut out = String::new();
    let verdict = if report.passed {
        "passed"
    } else {
        "not passed yet"
    };
    out.push_str(&format!(
        "{}: {}/{} points, {verdict}\n\n",
        report.exercise, report.score, report.max_score
    ));
    for check in &report.checks {
        let mark = if check.passed { "pass" } else { "FAIL" };
        out.push_str(&format!(
            "  [{mark}] {} ({}/{})",
            check.id, check.points, check.max_points
        ));
        if check.passed {
            out.push('\n');
            continue;
        }
        out.push_str(&format!(": {}\n", check.message));
        for failure in &check.failures {
            let at = match failure.line {
                Some(line) => format!("{}:{line}", report.file.file),
                None => report.file.file.clone(),
            };
            out.push_str(&format!(
                "         at {at}, {} `{}`\n",
                failure.object, failure.path
            ));
            if let Some(note) = &failure.note {
                out.push_str(&format!("         {note}\n"));
            }
            out.push_str(&format!(
                "         expected: {}\n",
                super::yaml_scalar(&failure.expected)
            ));
            let actual = match (&failure.actual, &failure.default) {
                (Some(value), _) => super::yaml_scalar(value),
                (None, Some(default)) => format!(
                    "not set (the API default is {})",
                    super::yaml_scalar(default)
                ),
                (None, None) => "not set".to_string(),
            };
            out.push_str(&format!("         found:    {actual}\n"));
        }
        if let Some(diff) = check.diff.as_ref().filter(|_| check.failures.len() > 1) {
            for line in diff.lines() {
                out.push_str(&format!("         {line}\n"));
            }
        }
        if let Some(lesson) = &check.lesson {
            out.push_str(&format!("         lesson: {lesson}\n"));
        }
    }
    if !report.file.diagnostics.is_empty() {
        out.push('\n');
        let lint = LintReport::new(vec![report.file.clone()]);
        out.push_str(&crate::review::render::text::render(&lint, color));
    }
    out
}
