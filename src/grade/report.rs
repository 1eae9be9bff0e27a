//! The result of grading one submission, and how it is shown (`check --format text|json`).

use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::review::{Diagnostic, FileReport, LintReport};

/// One value that did not match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The file, when the submission is a folder of files (`line` is then that file's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub path: String,
    pub object: String,
    pub line: Option<usize>,
    pub expected: Value,
    pub actual: Option<Value>,
    /// The value the API server fills in when the field is not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// For a value written with the wrong type (`replicas: "3"`): how it is written, its
    /// type, and what to write instead (`"3" (a string; write 3 without quotes)`). `actual`
    /// then holds the value as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
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
    /// The file of `line`, when the submission is a folder of files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
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
    /// Why the score is 0 although checks matched: the exercise gates on lint
    /// (`[lint] gate = true`) and the manifest has lint errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gated: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The lint review, for rendering diagnostics with their source lines.
    #[serde(skip)]
    pub file: FileReport,
    /// For a folder graded as one submission: the review split back into its files, lines
    /// counted in each file (see [`split_files`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileReport>,
}

/// Maps a report graded from the joined text of several files (`starts`: the first line of
/// each file in it, and its name) back to the files: every line, diagnostic and failure
/// names its own file and the line in it.
pub fn split_files(report: &mut GradeReport, starts: &[(usize, String)]) {
    use crate::grade::class::{locate, other_file, remap_places};
    use crate::manifest::Source;
    let joined = report.file.file.clone();
    let text = report
        .file
        .source
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut files: Vec<FileReport> = starts
        .iter()
        .enumerate()
        .map(|(k, (start, name))| {
            // A file ends before the `---` line that joins the next one.
            let end = starts
                .get(k + 1)
                .map_or(lines.len() + 1, |(next, _)| next - 1);
            let body = lines
                .get(start - 1..(end - 1).min(lines.len()))
                .unwrap_or_default()
                .join("\n");
            FileReport {
                file: name.clone(),
                objects: Vec::new(),
                diagnostics: Vec::new(),
                skipped: Vec::new(),
                source: Some(Source::new(name.clone(), body + "\n")),
            }
        })
        .collect();
    if files.is_empty() {
        return;
    }
    let index = |line: usize| starts.partition_point(|(start, _)| *start <= line).max(1) - 1;
    let mut diagnostics = Vec::new();
    for d in &report.file.diagnostics {
        let k = index(d.line);
        let (_, line) = locate(starts, d.line);
        let shift = d.line - line;
        let mut d = d.clone();
        d.line = line;
        d.end_line = d.end_line.saturating_sub(shift).max(line);
        d.message = other_file(remap_places(&d.message, &joined, starts), &starts[k].1);
        files[k].diagnostics.push(d.clone());
        diagnostics.push(d);
    }
    for o in &report.file.objects {
        let k = index(o.line);
        let mut o = o.clone();
        o.line = locate(starts, o.line).1;
        files[k].objects.push(o);
    }
    files[0].skipped = report.file.skipped.clone();
    report.diagnostics = diagnostics;
    for check in &mut report.checks {
        if let Some(line) = check.line {
            let (file, line) = locate(starts, line);
            check.file = file;
            check.line = Some(line);
        }
        check.message = remap_places(&check.message, &joined, starts);
        for failure in &mut check.failures {
            if let Some(line) = failure.line {
                let (file, line) = locate(starts, line);
                failure.file = file;
                failure.line = Some(line);
            }
        }
    }
    report.files = files;
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

/// `check --format text`, fitted to `width` columns (`None`: lines as written). The verdict
/// is the last thing a learner reads, so it comes last: first the lint diagnostics (in full
/// when they may be why the check failed, one line each after a pass, when they are only
/// production advice), then every check (failures with line, expected, found, the
/// differences and the lesson), then the score. Wrapped lines continue under their text:
/// a check's message under its id, a value under the value.
pub fn render_text(report: &GradeReport, color: bool, width: Option<usize>) -> String {
    let mut out = String::new();
    let diagnostics = &report.file.diagnostics;
    let files = if report.files.is_empty() {
        std::slice::from_ref(&report.file)
    } else {
        report.files.as_slice()
    };
    if !diagnostics.is_empty() {
        if report.passed {
            let warnings = diagnostics.len();
            let head = format!(
                "{warnings} production {} (no points lost; `{}` shows {} in full):\n",
                if warnings == 1 { "warning" } else { "warnings" },
                crate::ui::cmd(&format!("lint {}", report.file.file)),
                if warnings == 1 { "it" } else { "them" },
            );
            out.push_str(&crate::ui::fit(&head, width));
            for file in files.iter().filter(|f| !f.diagnostics.is_empty()) {
                out.push_str(&crate::review::render::text::render_short(
                    file, color, width,
                ));
            }
        } else {
            let lint = LintReport::new(files.to_vec());
            out.push_str(&crate::review::render::text::render_fit(
                &lint, color, width,
            ));
        }
        out.push('\n');
    }
    // One line of the report, wrapped with its continuation `hang` columns in.
    let mut line = |text: String, hang: usize| {
        out.push_str(&crate::ui::fit_line(&text, width, hang));
        out.push('\n');
    };
    const INDENT: &str = "         ";
    for check in &report.checks {
        let mark = if check.passed { "pass" } else { "FAIL" };
        let head = format!(
            "  [{mark}] {} ({}/{})",
            check.id, check.points, check.max_points
        );
        if check.passed {
            line(head, INDENT.len());
            if let Some(note) = &check.note {
                line(format!("{INDENT}note: {note}"), INDENT.len() + 6);
            }
            continue;
        }
        line(format!("{head}: {}", check.message), INDENT.len());
        if let Some(note) = &check.note {
            line(format!("{INDENT}note: {note}"), INDENT.len() + 6);
        }
        for failure in &check.failures {
            let file = failure.file.as_ref().unwrap_or(&report.file.file);
            let at = match failure.line {
                Some(line) => format!("{file}:{line}"),
                None => file.clone(),
            };
            line(
                format!("{INDENT}at {at}, {} `{}`", failure.object, failure.path),
                INDENT.len() + 3,
            );
            if let Some(note) = &failure.note {
                line(format!("{INDENT}{note}"), INDENT.len());
            }
            let actual = match (&failure.actual, &failure.default) {
                _ if failure.written.is_some() => failure.written.clone().unwrap_or_default(),
                (Some(value), _) => super::yaml_scalar(value),
                (None, Some(default)) => format!(
                    "not set (the API default is {})",
                    super::yaml_scalar(default)
                ),
                (None, None) => "not set".to_string(),
            };
            let value_column = INDENT.len() + "expected: ".len();
            line(
                format!(
                    "{INDENT}expected: {}",
                    super::yaml_scalar(&failure.expected)
                ),
                value_column,
            );
            line(format!("{INDENT}found:    {actual}"), value_column);
        }
        if let Some(diff) = check.diff.as_ref().filter(|_| check.failures.len() > 1) {
            for diff_line in labelled_diff(diff).lines() {
                line(format!("{INDENT}{diff_line}"), INDENT.len() + DIFF_LABEL);
            }
        }
        if let Some(lesson) = &check.lesson {
            line(format!("{INDENT}lesson: {lesson}"), INDENT.len() + 8);
        }
    }
    let verdict = if report.passed {
        "passed"
    } else {
        "not passed yet"
    };
    out.push('\n');
    if let Some(reason) = &report.gated {
        let reason = format!("Scored 0: {reason}.\n");
        out.push_str(&crate::ui::fit(&reason, width));
    }
    out.push_str(&crate::ui::fit(
        &format!(
            "{}: {}/{} points, {verdict}\n",
            report.exercise, report.score, report.max_score
        ),
        width,
    ));
    out
}

/// The width of a label of [`labelled_diff`].
const DIFF_LABEL: usize = "expected  ".len();

/// The compact diff (`- ` expected, `+ ` found, as in the JSON `diff`) with its lines
/// labelled in words: a learner does not have to know which sign stands for which side.
fn labelled_diff(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() * 2);
    for line in diff.lines() {
        let (label, rest) = if let Some(rest) = line.strip_prefix("- ") {
            ("expected", rest)
        } else if let Some(rest) = line.strip_prefix("+ ") {
            ("found", rest)
        } else {
            ("", line.strip_prefix("  ").unwrap_or(line))
        };
        out.push_str(&format!("{label:<DIFF_LABEL$}{rest}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::FileReport;

    fn failure(path: &str, expected: Value, actual: Option<Value>) -> Failure {
        Failure {
            file: None,
            path: path.into(),
            object: "StatefulSet/web".into(),
            line: Some(16),
            expected,
            actual,
            default: None,
            written: None,
            note: None,
        }
    }

    /// A report with one check failing on two values (so its diff is shown), one passing.
    fn report() -> GradeReport {
        let failures = vec![
            failure("spec.replicas", Value::from(2), Some(Value::from(3))),
            failure(
                "spec.serviceName",
                Value::from("web"),
                Some(Value::from(
                    "a value of several words, long enough to wrap the line",
                )),
            ),
        ];
        let diff = compact_diff(
            &["spec.replicas: 2".into(), "spec.serviceName: web".into()],
            &["spec.replicas: 3".into(), "spec.serviceName: x".into()],
        );
        GradeReport {
            exercise: "interview-web".into(),
            passed: false,
            score: 1,
            max_score: 3,
            checks: vec![
                CheckResult {
                    id: "valid".into(),
                    passed: true,
                    points: 1,
                    max_points: 1,
                    message: "No lint errors.".into(),
                    path: None,
                    object: None,
                    file: None,
                    line: None,
                    expected: Value::Null,
                    actual: None,
                    lesson: None,
                    failures: vec![],
                    diff: None,
                    note: None,
                },
                CheckResult {
                    id: "replicas".into(),
                    passed: false,
                    points: 0,
                    max_points: 2,
                    message: "The StatefulSet must run 2 replicas (web-0 and web-1), named after the headless Service.".into(),
                    path: Some("spec.replicas".into()),
                    object: Some("StatefulSet/web".into()),
                    file: None,
                    line: Some(16),
                    expected: Value::from(2),
                    actual: Some(Value::from(3)),
                    lesson: Some("identity".into()),
                    failures,
                    diff: Some(diff),
                    note: None,
                },
            ],
            gated: None,
            diagnostics: vec![],
            file: FileReport {
                file: "web.yaml".into(),
                objects: vec![],
                diagnostics: vec![],
                skipped: vec![],
                source: None,
            },
            files: vec![],
        }
    }

    #[test]
    fn the_verdict_comes_last() {
        let text = render_text(&report(), false, None);
        assert_eq!(
            text.trim_end().lines().last(),
            Some("interview-web: 1/3 points, not passed yet"),
            "{text}"
        );
        assert!(text.find("[pass] valid") < text.find("interview-web: 1/3"));
    }

    #[test]
    fn the_diff_says_expected_and_found_in_words() {
        let text = render_text(&report(), false, None);
        assert!(
            text.contains("         expected  spec.replicas: 2\n"),
            "{text}"
        );
        assert!(
            text.contains("         found     spec.replicas: 3\n"),
            "{text}"
        );
        assert!(
            !text.contains("- spec.") && !text.contains("+ spec."),
            "{text}"
        );
        // The JSON keeps the compact diff as it was.
        let json = render_json(&report());
        assert!(json.contains(r#""diff": "- spec.replicas: 2\n"#), "{json}");
    }

    #[test]
    fn wrapped_lines_continue_under_their_text() {
        let text = render_text(&report(), false, Some(50));
        assert!(text.lines().all(|l| l.chars().count() <= 50), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let message = lines
            .iter()
            .position(|l| l.starts_with("  [FAIL] replicas"))
            .unwrap();
        assert!(
            lines[message + 1].starts_with("         ")
                && !lines[message + 1].starts_with("          "),
            "{text}"
        );
        // A long found value continues under the value, not under `found:`.
        let found = lines
            .iter()
            .position(|l| l.contains("found:    a value"))
            .unwrap();
        assert!(lines[found + 1].starts_with(&" ".repeat(19)), "{text}");
        assert!(
            lines[found + 1].trim_start().starts_with("enough"),
            "{text}"
        );
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&text), words(&render_text(&report(), false, None)));
    }
}
