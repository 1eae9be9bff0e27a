//! A finding located in a file: what every renderer (text, JSON, SARIF) prints.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding. Serialized as the `diagnostics` items of `lint --format json`, so field
/// names and meanings are a public contract (see DESIGN.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The field path (`spec.template.spec.containers[0].image`); `null` for problems of
    /// the file itself (syntax errors, limits).
    pub path: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// `Kind/name` of the object the finding is about.
    pub object: Option<String>,
    pub help: Option<String>,
    /// The lesson that explains the rule (`sts-tutor lesson ID`).
    pub lesson: Option<&'static str>,
}
