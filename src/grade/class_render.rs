//! `grade --format table|json|csv|junit`: the class report for people and for tools.

use serde::Serialize;
use serde::ser::Serializer;
use unicode_width::UnicodeWidthStr;

use super::VALID_CHECK;
use super::class::{CheckSummary, ClassReport, Reference, Row, Status};

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    out
}

fn group_label(row: &Row) -> String {
    match (&row.copy, row.group) {
        (Some(copy), _) => copy.clone(),
        (None, Some(group)) => group.to_string(),
        (None, None) => "-".to_string(),
    }
}

fn points(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn table(report: &ClassReport) -> String {
    let width = report
        .submissions
        .iter()
        .map(|r| r.submission.width())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "{}  {:>5}  {:<6}  {:>5}  failed checks\n",
        pad("submission", width),
        "score",
        "passed",
        "group"
    );
    for row in &report.submissions {
        let failed = if row.failed_checks.is_empty() {
            "-".to_string()
        } else {
            // A check that gave partial credit says how much: `statefulset (1/2)`.
            row.checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| match partial(report, c) {
                    Some(points) => format!("{} {points}", c.id),
                    None => c.id.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "{}  {:>5}  {:<6}  {:>5}  {failed}\n",
            pad(&row.submission, width),
            format!("{}/{}", row.score, row.max_score),
            if row.passed { "yes" } else { "no" },
            group_label(row),
        ));
    }
    let summary = &report.summary;
    let total = summary.submissions;
    out.push_str(&format!(
        "\n{} of {total} submissions passed {}.\n",
        summary.passed, report.exercise
    ));
    out.push_str(&format!(
        "Mean {}, median {} of {} points.\n",
        points(summary.mean),
        points(summary.median),
        report.max_score
    ));
    if total > 0 {
        out.push_str("\nScores:\n");
        let most = summary
            .histogram
            .iter()
            .map(|b| b.count)
            .max()
            .unwrap_or(1)
            .max(1);
        for bin in &summary.histogram {
            let label = if bin.from == bin.to {
                bin.from.to_string()
            } else {
                format!("{}-{}", bin.from, bin.to)
            };
            let bar = "#".repeat((bin.count * 40).div_ceil(most));
            out.push_str(&format!("  {label:>7}  {:>5}  {bar}\n", bin.count));
        }
    }
    if !report.checks.is_empty() {
        out.push_str("\nChecks failed most:\n");
        for check in &report.checks {
            out.push_str(&format!("  {:>4} of {total}  {}\n", check.failed, check.id));
        }
    }
    if !report.groups.is_empty() {
        out.push_str("\nIdentical submissions (same objects, however written):\n");
        for group in &report.groups {
            let note = match group.matches {
                Some(Reference::Solution) => " = the reference solution, not flagged",
                Some(Reference::Starter) => " = the starter, not flagged",
                None => "",
            };
            let all_copies = matches!(group.copies.as_slice(), [only] if only.members.len() == group.members.len());
            out.push_str(&format!(
                "  group {}{note}{}: {}\n",
                group.group,
                if all_copies {
                    " (exact copies: same text, whitespace aside)"
                } else {
                    ""
                },
                group.members.join(", ")
            ));
            for copies in group.copies.iter().filter(|_| !all_copies) {
                out.push_str(&format!(
                    "    {} exact copies (same text, whitespace aside): {}\n",
                    copies.copy,
                    copies.members.join(", ")
                ));
            }
        }
    }
    let unreadable: Vec<_> = report
        .submissions
        .iter()
        .filter(|r| r.status == Status::Unreadable)
        .collect();
    if !unreadable.is_empty() {
        out.push_str("\nGraded zero because they could not be read:\n");
        for row in unreadable {
            // Reasons name their file, which usually starts with the submission's name.
            let reason = row.reason();
            if reason.starts_with(&row.submission) {
                out.push_str(&format!("  {reason}\n"));
            } else {
                out.push_str(&format!("  {}: {reason}\n", row.submission));
            }
        }
    }
    if report.skipped_total > 0 {
        out.push_str(&format!(
            "\nSkipped ({} file{} and folder{}: hidden, macOS junk, not YAML):\n",
            report.skipped_total,
            if report.skipped_total == 1 { "" } else { "s" },
            if report.skipped_total == 1 { "" } else { "s" },
        ));
        for skipped in report.skipped.iter().take(20) {
            out.push_str(&format!("  {} ({})\n", skipped.path, skipped.why));
        }
        if report.skipped_total > 20 {
            out.push_str(&format!(
                "  ... and {} more (all in --format json)\n",
                report.skipped_total - 20
            ));
        }
    }
    if !report.missing.is_empty() {
        out.push_str("\nNot graded: these paths could not be read:\n");
        for missing in &report.missing {
            out.push_str(&format!("  {}: {}\n", missing.path, missing.error));
        }
    }
    out
}

/// What a check says: its own words when it has them (a failed `valid`), else the
/// exercise's message for it.
/// `(1/2)` for a failed check that still gave points (`partial = true`).
fn partial(report: &ClassReport, check: &CheckSummary) -> Option<String> {
    let max = report.plan.iter().find(|p| p.id == check.id)?.max_points;
    (!check.passed && check.points > 0).then(|| format!("({}/{max})", check.points))
}

fn message<'a>(report: &'a ClassReport, check: &'a CheckSummary) -> &'a str {
    if check.message.is_empty() {
        report
            .plan
            .iter()
            .find(|p| p.id == check.id)
            .map_or("", |p| p.message.as_str())
    } else {
        &check.message
    }
}

/// One check of one submission in `--format json`.
#[derive(Serialize)]
struct JsonCheck<'a> {
    id: &'a str,
    passed: bool,
    points: u32,
    max_points: u32,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    submission: &'a str,
    files: &'a [String],
    status: Status,
    score: u32,
    max_score: u32,
    passed: bool,
    failed_checks: &'a [String],
    /// Every error, each naming its file; `reason` joins them in one sentence.
    reason: String,
    reasons: &'a [String],
    group: Option<usize>,
    copy_group: Option<&'a str>,
    checks: Vec<JsonCheck<'a>>,
}

fn json_row<'a>(report: &'a ClassReport, row: &'a Row) -> JsonRow<'a> {
    let checks = row
        .checks
        .iter()
        .map(|c| {
            let plan = report.plan.iter().find(|p| p.id == c.id);
            JsonCheck {
                id: &c.id,
                passed: c.passed,
                points: c.points,
                max_points: plan.map_or(0, |p| p.max_points),
                message: message(report, c),
                file: c.file.as_deref(),
                line: c.line,
            }
        })
        .collect();
    JsonRow {
        id: &row.id,
        submission: &row.submission,
        files: &row.files,
        status: row.status,
        score: row.score,
        max_score: row.max_score,
        passed: row.passed,
        failed_checks: &row.failed_checks,
        reason: row.reason(),
        reasons: &row.reasons,
        group: row.group,
        copy_group: row.copy.as_deref(),
        checks,
    }
}

/// The rows, serialized one at a time (a class of 20,000 is never a JSON tree in memory).
struct Rows<'a>(&'a ClassReport);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.submissions.iter().map(|r| json_row(self.0, r)))
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    exercise: &'a str,
    max_score: u32,
    checks_defined: &'a [super::class::PlanEntry],
    submissions: Rows<'a>,
    summary: &'a super::class::Summary,
    /// Checks by how many submissions fail them, most first.
    checks: &'a [super::class::CheckFailures],
    /// The flagged groups' members (kept from the first version of this format).
    identical: Vec<Vec<String>>,
    groups: &'a [super::class::Group],
    skipped: &'a [super::class::Skipped],
    skipped_total: usize,
    missing: &'a [super::class::Missing],
}

/// `--format json`, written as it is serialized: the text of a large class is never held
/// in memory whole.
pub fn write_json(report: &ClassReport, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let view = JsonReport {
        exercise: &report.exercise,
        max_score: report.max_score,
        checks_defined: &report.plan,
        submissions: Rows(report),
        summary: &report.summary,
        checks: &report.checks,
        identical: report.identical(),
        groups: &report.groups,
        skipped: &report.skipped,
        skipped_total: report.skipped_total,
        missing: &report.missing,
    };
    serde_json::to_writer_pretty(&mut *out, &view)?;
    out.write_all(b"\n")
}

/// A CSV cell: neutralised against formula injection (a spreadsheet runs a cell that
/// starts with `= + - @`, a tab or a carriage return as a formula, so such a cell gets a
/// leading `'`, as OWASP recommends), then quoted as RFC 4180 says (fields with a comma,
/// quote or line break are quoted, quotes doubled).
fn csv_field(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// One row per submission, one column per check (the points it gave), for a gradebook.
/// `bom` starts the file with a UTF-8 byte order mark, which spreadsheets need to read
/// non-ASCII names right.
pub fn csv(report: &ClassReport, bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    let mut header = vec![
        "id".to_string(),
        "submission".into(),
        "score".into(),
        "max_score".into(),
        "passed".into(),
    ];
    header.extend(report.plan.iter().map(|p| csv_field(&p.id)));
    header.extend(["failed_checks", "group", "copy_group", "status", "reason"].map(str::to_string));
    out.push_str(&header.join(","));
    out.push('\n');
    for row in &report.submissions {
        let mut fields = vec![
            csv_field(&row.id),
            csv_field(&row.submission),
            row.score.to_string(),
            row.max_score.to_string(),
            row.passed.to_string(),
        ];
        for plan in &report.plan {
            let points = row.checks.iter().find(|c| c.id == plan.id);
            fields.push(points.map_or_else(|| "0".to_string(), |c| c.points.to_string()));
        }
        fields.extend([
            csv_field(&row.failed_checks.join(" ")),
            row.group.map_or_else(String::new, |g| g.to_string()),
            row.copy.clone().unwrap_or_default(),
            match row.status {
                Status::Graded => "graded".to_string(),
                Status::Unreadable => "unreadable".to_string(),
            },
            csv_field(&row.reason()),
        ]);
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML as CI servers read it (the Ant/Jenkins schema): one test suite per student
/// (classname = the student id), one test case per check, the points as properties. A
/// submission that could not be read has every check as an `<error>`.
/// Written one suite at a time, like [`write_json`].
pub fn write_junit(report: &ClassReport, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let tests: usize = report.submissions.iter().map(|r| r.checks.len()).sum();
    let errors: usize = report
        .submissions
        .iter()
        .filter(|r| r.status == Status::Unreadable)
        .map(|r| r.checks.len())
        .sum();
    let failures: usize = report
        .submissions
        .iter()
        .filter(|r| r.status == Status::Graded)
        .map(|r| r.failed_checks.len())
        .sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n",
        xml(&report.exercise)
    );
    for row in &report.submissions {
        let unreadable = row.status == Status::Unreadable;
        let (failed, errored) = if unreadable {
            (0, row.checks.len())
        } else {
            (row.failed_checks.len(), 0)
        };
        let id = xml(&row.id);
        out.push_str(&format!(
            "  <testsuite name=\"{id}\" tests=\"{}\" failures=\"{failed}\" errors=\"{errored}\">\n    <properties>\n",
            row.checks.len(),
        ));
        let mut property = |name: &str, value: &str| {
            out.push_str(&format!(
                "      <property name=\"{}\" value=\"{}\"/>\n",
                xml(name),
                xml(value)
            ));
        };
        property("submission", &row.submission);
        property("score", &row.score.to_string());
        property("max_score", &row.max_score.to_string());
        for check in &row.checks {
            let max = report
                .plan
                .iter()
                .find(|p| p.id == check.id)
                .map_or(0, |p| p.max_points);
            property(
                &format!("points.{}", check.id),
                &format!("{}/{max}", check.points),
            );
        }
        out.push_str("    </properties>\n");
        for check in &row.checks {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{id}\"",
                xml(&check.id)
            ));
            if unreadable {
                out.push_str(&format!(
                    "><error message=\"{}\" type=\"unreadable\">{}</error></testcase>\n",
                    xml(&row.reason()),
                    xml(&row.reasons.join("\n"))
                ));
            } else if check.passed {
                out.push_str("/>\n");
            } else {
                let at = match (&check.file, check.line) {
                    (Some(file), Some(line)) => format!(" ({file}:{line})"),
                    _ => String::new(),
                };
                let body = if check.id == VALID_CHECK {
                    row.reasons.join("\n")
                } else {
                    check.diff.clone().unwrap_or_default()
                };
                let points = partial(report, check).map_or_else(String::new, |p| format!("{p} "));
                out.push_str(&format!(
                    "><failure message=\"{points}{}{}\" type=\"{}\">{}</failure></testcase>\n",
                    xml(message(report, check)),
                    xml(&at),
                    if check.id == VALID_CHECK {
                        "lint"
                    } else {
                        "check"
                    },
                    xml(&body)
                ));
            }
        }
        out.push_str("  </testsuite>\n");
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    out.push_str("</testsuites>\n");
    w.write_all(out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(xml("<a & 'b'>\u{1}"), "&lt;a &amp; &apos;b&apos;&gt;");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("\rx"), "\"'\rx\"");
        assert_eq!(csv_field("a=b"), "a=b");
    }

    #[test]
    fn wide_names_are_padded_by_display_width() {
        assert_eq!(pad("学生", 6), "学生  ");
        assert_eq!(pad("ab", 6), "ab    ");
        assert_eq!(pad("toolong", 3), "toolong");
    }
}
