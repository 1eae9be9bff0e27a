//! Reviewing manifests: the rule registry, the checks, and the reports they produce.
//!
//! [`review_bundle`] turns the loading problems of a [`Bundle`] and the findings of every
//! registered check into located [`Diagnostic`]s, sorted by position.

pub mod diagnostic;
pub mod ignore;
pub mod index;
pub mod pods;
pub mod registry;
pub mod render;
pub mod rules;

use serde::Serialize;

use crate::manifest::path::locate;
use crate::manifest::yaml::{Pos, Span};
use crate::manifest::{Bundle, Loaded, Source, read_bundle};

pub use diagnostic::{Diagnostic, Severity};
use index::SetIndex;
use registry::{Findings, RULES, Scope, Target};

/// An object as listed in reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectSummary {
    pub kind: String,
    pub name: Option<String>,
    pub line: usize,
}

/// A check that did not apply to an object, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub rule: &'static str,
    pub object: String,
    pub reason: String,
}

/// The review of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub file: String,
    pub objects: Vec<ObjectSummary>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
    /// The text, for rendering snippets; absent when the file was not readable as text.
    #[serde(skip)]
    pub source: Option<Source>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The lesson ids of the course in use when it is an instructor's (`--content DIR`): a
/// diagnostic then links only a lesson of that course. A rule's built-in lesson that the
/// course lacks is left out, not named: `lesson ID` could not show it there.
static COURSE_LESSONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Says which lessons the course in use has (set once, by the command that loads it).
pub fn use_course_lessons(ids: Vec<String>) {
    let _ = COURSE_LESSONS.set(ids);
}

fn lesson_in_course(id: &str) -> bool {
    COURSE_LESSONS
        .get()
        .is_none_or(|ids| ids.iter().any(|i| i == id))
}

fn diagnostic(rule_id: &'static str, span: Span, message: String) -> Diagnostic {
    let rule = registry::find(rule_id);
    Diagnostic {
        rule: rule_id,
        severity: rule.map_or(Severity::Error, |r| r.severity),
        message,
        path: None,
        line: span.start.line.max(1),
        column: span.start.column.max(1),
        end_line: span.end.line.max(span.start.line).max(1),
        end_column: if span.end.line > span.start.line {
            span.end.column.max(1)
        } else {
            span.end.column.max(span.start.column).max(1)
        },
        object: None,
        help: None,
        lesson: rule.map(|r| r.lesson).filter(|l| lesson_in_course(l)),
    }
}

/// What a `lint` run leaves out.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rule ids not to run or report (`lint --ignore RULE`).
    pub ignore: Vec<String>,
}

/// Reviews one file read from disk or stdin, on its own.
pub fn review_loaded(loaded: Loaded) -> FileReport {
    review_files(vec![loaded], &Options::default())
        .pop()
        .expect("one report per file")
}

/// Reviews the files of one run as one set: cross-object rules (the headless Service, the
/// PodDisruptionBudget, the Service a readiness check looks for) find their objects in any
/// of them. One report per file, in the order given.
pub fn review_files(files: Vec<Loaded>, options: &Options) -> Vec<FileReport> {
    review_files_keeping(files, options).0
}

/// [`review_files`], handing back the files as read as well: a caller about to exit can
/// leave them to the operating system instead of freeing every node (on a few thousand
/// files, freeing them one by one costs as much as a rule family).
pub fn review_files_keeping(
    files: Vec<Loaded>,
    options: &Options,
) -> (Vec<FileReport>, Vec<Bundle>) {
    let mut bundles = Vec::new();
    let mut rejected = Vec::new();
    for (n, loaded) in files.into_iter().enumerate() {
        match loaded {
            Loaded::Text(source) => bundles.push((n, read_bundle(source))),
            Loaded::Rejected { name, problem } => {
                rejected.push((n, rejected_report(name, &problem)))
            }
        }
    }
    let set: Vec<&Bundle> = bundles.iter().map(|(_, b)| b).collect();
    let index = SetIndex::new(&set);
    let mut reports: Vec<(usize, FileReport)> = bundles
        .iter()
        .enumerate()
        .map(|(here, (n, _))| (*n, review_in_set(Scope::new(here, &set, &index), options)))
        .collect();
    reports.extend(rejected);
    reports.sort_by_key(|(n, _)| *n);
    let reports = reports
        .into_iter()
        .map(|(_, mut report)| {
            report
                .diagnostics
                .retain(|d| !options.ignore.iter().any(|r| r == d.rule));
            report
        })
        .collect();
    drop(index);
    (reports, bundles.into_iter().map(|(_, b)| b).collect())
}

fn rejected_report(name: String, problem: &crate::manifest::source::InputProblem) -> FileReport {
    let (line, column) = problem.position();
    let rule = match problem {
        crate::manifest::source::InputProblem::TooLarge { .. } => "input-limit",
        _ => "input-encoding",
    };
    let at = Pos { line, column };
    let mut d = diagnostic(rule, Span::point(at), problem.to_string());
    d.help = Some(problem.help().to_string());
    FileReport {
        file: name,
        objects: Vec::new(),
        diagnostics: vec![d],
        skipped: Vec::new(),
        source: None,
    }
}

/// Runs every check over a bundle (a file on its own) and locates the findings.
pub fn review_bundle(bundle: &Bundle) -> FileReport {
    let set = [bundle];
    let index = SetIndex::new(&set);
    review_in_set(Scope::new(0, &set, &index), &Options::default())
}

/// Runs every check over one file of a set and locates the findings.
fn review_in_set(scope: Scope<'_>, options: &Options) -> FileReport {
    let bundle = scope.bundle;
    let silenced: Vec<Vec<ignore::Silence>> = bundle.objects.iter().map(ignore::silences).collect();
    let mut skipped = Vec::new();
    let mut diagnostics = Vec::new();
    for problem in &bundle.problems {
        let mut d = diagnostic(problem.rule, problem.span, problem.message.clone());
        if let Some(i) = problem.object
            && silenced_here(bundle, &silenced, &mut skipped, problem.rule, i, d.severity)
        {
            continue;
        }
        d.path = problem.path.as_ref().map(ToString::to_string);
        d.object = problem.object.map(|i| bundle.objects[i].label());
        d.help = problem.help.clone();
        diagnostics.push(d);
    }
    for rule in RULES {
        let Some(check) = rule.check else { continue };
        if options.ignore.iter().any(|r| r == rule.id) {
            continue;
        }
        let mut findings = Findings::new(rule);
        check(&scope, &mut findings);
        for finding in findings.found {
            let object = &bundle.objects[finding.object];
            let severity = finding.severity.unwrap_or(rule.severity);
            if silenced_here(
                bundle,
                &silenced,
                &mut skipped,
                rule.id,
                finding.object,
                severity,
            ) {
                continue;
            }
            let found = locate(&object.node, &finding.path);
            if !found.exact && misspelt(bundle, finding.object, &finding.path) {
                continue;
            }
            let scalar_value = found.exact
                && found.scalar
                && found.value.start != found.value.end
                && finding.target == Target::Auto;
            let span = if scalar_value { found.value } else { found.key };
            let mut d = diagnostic(rule.id, span, finding.message);
            d.severity = severity;
            d.path = Some(finding.path.to_string());
            d.object = Some(object.label());
            d.help = finding.help;
            diagnostics.push(d);
        }
        for skip in findings.skipped {
            skipped.push(Skipped {
                rule: skip.rule,
                object: bundle.objects[skip.object].label(),
                reason: skip.reason,
            });
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.line, a.column, std::cmp::Reverse(a.severity), a.rule).cmp(&(
            b.line,
            b.column,
            std::cmp::Reverse(b.severity),
            b.rule,
        ))
    });
    diagnostics.dedup();
    FileReport {
        file: bundle.source.name.clone(),
        objects: bundle
            .objects
            .iter()
            .map(|o| ObjectSummary {
                kind: o.kind.clone(),
                name: o.name.clone(),
                line: o.line(),
            })
            .collect(),
        diagnostics,
        skipped,
        source: Some(bundle.source.clone()),
    }
}

/// Whether an annotation of the object silences `rule` (never an error); a silenced rule
/// is listed as skipped with the annotation's reason.
fn silenced_here(
    bundle: &Bundle,
    silenced: &[Vec<ignore::Silence>],
    skipped: &mut Vec<Skipped>,
    rule: &'static str,
    object: usize,
    severity: Severity,
) -> bool {
    if severity == Severity::Error {
        return false;
    }
    let Some(s) = silenced[object].iter().find(|s| s.rule == rule) else {
        return false;
    };
    let skip = Skipped {
        rule,
        object: bundle.objects[object].label(),
        reason: s.describe(),
    };
    if !skipped.contains(&skip) {
        skipped.push(skip);
    }
    true
}

/// Whether a missing `path` is explained by a misspelt field already reported.
fn misspelt(bundle: &Bundle, object: usize, path: &crate::manifest::FieldPath) -> bool {
    bundle.problems.iter().any(|p| {
        p.object == Some(object)
            && p.meant
                .as_ref()
                .is_some_and(|meant| path.0.starts_with(&meant.0))
    })
}

/// The review of every file of one `lint` run.
#[derive(Debug, Clone, Serialize)]
pub struct LintReport {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub objects: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl LintReport {
    pub fn new(files: Vec<FileReport>) -> LintReport {
        let summary = Summary {
            files: files.len(),
            objects: files.iter().map(|f| f.objects.len()).sum(),
            errors: files.iter().map(|f| f.count(Severity::Error)).sum(),
            warnings: files.iter().map(|f| f.count(Severity::Warning)).sum(),
            infos: files.iter().map(|f| f.count(Severity::Info)).sum(),
        };
        LintReport {
            version: 1,
            files,
            summary,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}
