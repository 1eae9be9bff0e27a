//! `lint --format json`: the report as documented in DESIGN.md (`version: 1`).

use crate::review::LintReport;

pub fn render(report: &LintReport) -> String {
    let mut out =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
