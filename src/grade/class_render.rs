//! `grade --format table|json|csv|junit`: the class report for people and for tools.

use super::class::ClassReport;

pub fn table(report: &ClassReport) -> String {
    let width = report
        .submissions
        .iter()
        .map(|r| r.submission.chars().count())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "{:<width$}  {:>5}  {:<6}  {:>5}  failed checks\n",
        "submission", "score", "passed", "group"
    );
    for row in &report.submissions {
        let failed = if row.failed_checks.is_empty() {
            "-".to_string()
        } else {
            row.failed_checks.join(", ")
        };
        let group = if row.group == 0 {
            "-".to_string()
        } else {
            row.group.to_string()
        };
        out.push_str(&format!(
            "{:<width$}  {:>5}  {:<6}  {:>5}  {failed}\n",
            row.submission,
            format!("{}/{}", row.score, row.max_score),
            if row.passed { "yes" } else { "no" },
            group,
        ));
    }
    let total = report.submissions.len();
    let passed = report.submissions.iter().filter(|r| r.passed).count();
    out.push_str(&format!(
        "\n{passed} of {total} submissions passed {}.\n",
        report.exercise
    ));
    if !report.checks.is_empty() {
        out.push_str("\nChecks failed most:\n");
        for check in &report.checks {
            out.push_str(&format!("  {:>4} of {total}  {}\n", check.failed, check.id));
        }
    }
    if !report.identical.is_empty() {
        out.push_str("\nIdentical submissions (same objects, however written):\n");
        for group in &report.identical {
            out.push_str(&format!("  {}\n", group.join(", ")));
        }
    }
    let broken: Vec<_> = report
        .submissions
        .iter()
        .filter(|r| r.checks.is_none())
        .collect();
    if !broken.is_empty() {
        out.push_str("\nGraded zero because they could not be read:\n");
        for row in broken {
            out.push_str(&format!("  {}: {}\n", row.submission, row.reason));
        }
    }
    out
}

pub fn json(report: &ClassReport) -> String {
    let mut out = serde_json::to_string_pretty(report).unwrap_or_default();
    out.push('\n');
    out
}

/// RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

pub fn csv(report: &ClassReport) -> String {
    let mut out = String::from("submission,score,max_score,passed,failed_checks,group,reason\n");
    for row in &report.submissions {
        let fields = [
            csv_field(&row.submission),
            row.score.to_string(),
            row.max_score.to_string(),
            row.passed.to_string(),
            csv_field(&row.failed_checks.join(" ")),
            row.group.to_string(),
            csv_field(&row.reason),
        ];
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

/// JUnit XML: one test suite per submission, one test case per check.
pub fn junit(report: &ClassReport) -> String {
    let tests: usize = report
        .submissions
        .iter()
        .map(|r| r.checks.as_ref().map_or(1, Vec::len))
        .sum();
    let failures: usize = report
        .submissions
        .iter()
        .map(|r| r.failed_checks.len())
        .sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\">\n",
        xml(&report.exercise)
    );
    for row in &report.submissions {
        let checks = row.checks.as_deref().unwrap_or_default();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            xml(&row.submission),
            checks.len().max(1),
            row.failed_checks.len()
        ));
        if checks.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"valid\" classname=\"{}\"><failure message=\"{}\"/></testcase>\n",
                xml(&report.exercise),
                xml(&row.reason)
            ));
        }
        for check in checks {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml(&check.id),
                xml(&report.exercise)
            ));
            if check.passed {
                out.push_str("/>\n");
            } else {
                let at = check.line.map_or(String::new(), |l| format!(" (line {l})"));
                out.push_str(&format!(
                    "><failure message=\"{}{}\">{}</failure></testcase>\n",
                    xml(&check.message),
                    xml(&at),
                    xml(check.diff.as_deref().unwrap_or_default())
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
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
}
