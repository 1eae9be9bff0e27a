//! Grading a whole class: many submissions of one exercise, with the checks the class fails
//! most and groups of identical submissions (so the instructor comments once).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{VALID_CHECK, grade_inspecting};
use crate::content::Exercise;
use crate::manifest::{Bundle, Loaded, Source};
use crate::review::Severity;

/// One submission: a file, or a directory whose YAML files together form the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub name: String,
    pub files: Vec<PathBuf>,
}

/// Why the submissions under the given paths could not be listed.
#[derive(Debug)]
pub enum CollectError {
    /// A directory could not be read.
    Io(PathBuf, std::io::Error),
    /// More submissions than one run grades; the walk stopped at the one too many (named).
    TooManySubmissions(String),
    /// One submission directory holds more YAML files than an answer ever needs.
    TooManyFiles(PathBuf),
}

impl std::fmt::Display for CollectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CollectError::Io(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            CollectError::TooManySubmissions(name) => write!(
                f,
                "more than {MAX_SUBMISSIONS} submissions (counting stopped at {name}): one run grades at most {MAX_SUBMISSIONS}; grade the class in batches (e.g. one directory per group)"
            ),
            CollectError::TooManyFiles(path) => write!(
                f,
                "more than {MAX_FILES_PER_SUBMISSION} YAML files under {} for one submission: is this the right directory?",
                path.display()
            ),
        }
    }
}

/// The most YAML files one submission directory may hold: an answer is a few objects.
pub const MAX_FILES_PER_SUBMISSION: usize = 1_000;

/// How deep a submission directory is searched for YAML files.
const MAX_SUBMISSION_DEPTH: usize = 8;

/// Expands command-line paths: a file is a submission; a directory's YAML files are each a
/// submission, and each of its sub-directories is one submission made of all its YAML files.
///
/// The walk stops as soon as the limits are passed, so a mistaken path (a home folder) is
/// refused at once instead of after listing every file under it.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<Submission>, CollectError> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Submission>, submission: Submission| {
        if out.len() == MAX_SUBMISSIONS {
            return Err(CollectError::TooManySubmissions(submission.name));
        }
        out.push(submission);
        Ok(())
    };
    for path in paths {
        if !path.is_dir() {
            push(
                &mut out,
                Submission {
                    name: path.display().to_string(),
                    files: vec![path.clone()],
                },
            )?;
            continue;
        }
        for entry in sorted_entries(path)? {
            if entry.is_dir() {
                let mut files = Vec::new();
                yaml_files(&entry, 0, &mut files)?;
                push(
                    &mut out,
                    Submission {
                        name: entry.display().to_string(),
                        files,
                    },
                )?;
            } else if is_yaml(&entry) {
                push(
                    &mut out,
                    Submission {
                        name: entry.display().to_string(),
                        files: vec![entry],
                    },
                )?;
            }
        }
    }
    Ok(out)
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The entries of a directory, in name order (so reports are stable).
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, CollectError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CollectError::Io(dir.to_path_buf(), e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    Ok(entries)
}

fn yaml_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), CollectError> {
    if depth > MAX_SUBMISSION_DEPTH {
        return Ok(());
    }
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            yaml_files(&entry, depth + 1, out)?;
        } else if is_yaml(&entry) {
            if out.len() == MAX_FILES_PER_SUBMISSION {
                return Err(CollectError::TooManyFiles(dir.to_path_buf()));
            }
            out.push(entry);
        }
    }
    Ok(())
}

/// The grade of one submission, as a row of the class report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub submission: String,
    pub score: u32,
    pub max_score: u32,
    pub passed: bool,
    pub failed_checks: Vec<String>,
    /// Why it lost points, in a sentence: the first lint error, or the failed checks.
    pub reason: String,
    /// Submissions with the same normalized content share a group number.
    pub group: usize,
    /// The checks of the grade (`None` when the submission could not be read), reduced to
    /// what the class formats show, so a large class fits in little memory.
    #[serde(skip)]
    pub checks: Option<Vec<CheckSummary>>,
}

/// What a class report keeps of one check: a fraction of a full [`super::CheckResult`]
/// (no expected and actual values, no failure list), and nothing but the id when it passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    pub id: String,
    pub passed: bool,
    /// Empty when the check passed.
    pub message: String,
    pub line: Option<usize>,
    pub diff: Option<String>,
}

impl From<super::CheckResult> for CheckSummary {
    fn from(check: super::CheckResult) -> CheckSummary {
        if check.passed {
            return CheckSummary {
                id: check.id,
                passed: true,
                message: String::new(),
                line: None,
                diff: None,
            };
        }
        CheckSummary {
            id: check.id,
            passed: false,
            message: check.message,
            line: check.line,
            diff: check.diff,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckFailures {
    pub id: String,
    pub failed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassReport {
    pub exercise: String,
    pub submissions: Vec<Row>,
    /// Checks by how many submissions fail them, most first.
    pub checks: Vec<CheckFailures>,
    /// Groups of two or more identical submissions.
    pub identical: Vec<Vec<String>>,
}

/// Reads a submission's files into one text (documents joined with `---`).
fn read(submission: &Submission) -> Result<Loaded, String> {
    if submission.files.is_empty() {
        return Err("no .yaml or .yml file in this submission".into());
    }
    if let [only] = submission.files.as_slice() {
        return Source::read_file(only).map_err(|e| format!("cannot read {}: {e}", only.display()));
    }
    let mut text = String::new();
    for file in &submission.files {
        match Source::read_file(file).map_err(|e| format!("cannot read {}: {e}", file.display()))? {
            Loaded::Text(source) => {
                text.push_str("\n---\n");
                text.push_str(&source.text);
            }
            rejected => return Ok(rejected),
        }
    }
    Ok(Loaded::Text(Source::new(submission.name.clone(), text)))
}

/// A fingerprint of what a submission means, not how it is written: the objects as the API
/// server would store them (keys sorted, defaults applied), or the text when it does not parse.
fn fingerprint(bundle: &Bundle) -> String {
    let mut hasher = Sha256::new();
    if bundle.objects.is_empty()
        || !bundle.problems.is_empty() && bundle.problems.iter().any(|p| p.rule == "yaml-syntax")
    {
        hasher.update(
            bundle
                .source
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let mut objects: Vec<String> = bundle
        .objects
        .iter()
        .map(|o| {
            let mut json = o.json.clone();
            super::defaults::apply(&o.kind, &mut json);
            json.to_string()
        })
        .collect();
    objects.sort();
    for o in objects {
        hasher.update(o);
    }
    hex(&hasher.finalize())
}

/// The fingerprint of a file refused before parsing (too big, binary, not UTF-8).
fn fingerprint_rejected(problem: &str) -> String {
    hex(&Sha256::digest(problem))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn grade_one(exercise: &Exercise, submission: &Submission) -> Result<(Row, String), String> {
    let loaded = match read(submission) {
        Ok(loaded) => loaded,
        Err(reason) => {
            let row = Row {
                submission: submission.name.clone(),
                score: 0,
                max_score: 0,
                passed: false,
                failed_checks: vec![VALID_CHECK.to_string()],
                reason,
                group: 0,
                checks: None,
            };
            return Ok((row, String::new()));
        }
    };
    let mut print = match &loaded {
        Loaded::Rejected { problem, .. } => fingerprint_rejected(&problem.to_string()),
        Loaded::Text(_) => String::new(),
    };
    let report = grade_inspecting(exercise, loaded, |bundle| print = fingerprint(bundle))?;
    let failed: Vec<String> = report
        .failed_checks()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let first_error = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error);
    let reason = match first_error {
        Some(d) => format!("line {}: {} ({})", d.line, d.message, d.rule),
        None if failed.is_empty() => String::new(),
        None => format!("failed: {}", failed.join(", ")),
    };
    let row = Row {
        submission: submission.name.clone(),
        score: report.score,
        max_score: report.max_score,
        passed: report.passed,
        failed_checks: failed,
        reason,
        group: 0,
        checks: Some(report.checks.into_iter().map(CheckSummary::from).collect()),
    };
    Ok((row, print))
}

/// The most submissions one `grade` run takes: a mistaken path (a home folder) is refused
/// at once instead of grading for minutes.
pub const MAX_SUBMISSIONS: usize = 20_000;

/// Grades every submission (in parallel, in order), then summarizes.
pub fn grade_class(exercise: &Exercise, submissions: &[Submission]) -> Result<ClassReport, String> {
    if submissions.len() > MAX_SUBMISSIONS {
        return Err(format!(
            "{} submissions is more than the {MAX_SUBMISSIONS} one run grades: grade the class in batches (e.g. one directory per group)",
            submissions.len()
        ));
    }
    let max_score =
        super::plan(exercise)?.iter().map(|c| c.points).sum::<u32>() + exercise.lint_points;
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let chunk = submissions.len().div_ceil(threads).max(1);
    let mut graded: Vec<(Row, String)> = Vec::with_capacity(submissions.len());
    let results: Vec<Result<Vec<(Row, String)>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = submissions
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| grade_one(exercise, s))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a grading thread failed".into()))
            })
            .collect()
    });
    for part in results {
        graded.extend(part?);
    }

    // Identical submissions share a group number (1-based, in order of first appearance).
    let mut groups: HashMap<String, usize> = HashMap::new();
    let mut members: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut rows = Vec::with_capacity(graded.len());
    for (mut row, print) in graded {
        row.max_score = max_score;
        if !print.is_empty() {
            let next = groups.len() + 1;
            row.group = *groups.entry(print).or_insert(next);
            members
                .entry(row.group)
                .or_default()
                .push(row.submission.clone());
        }
        rows.push(row);
    }
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        for id in &row.failed_checks {
            *failures.entry(id.clone()).or_default() += 1;
        }
    }
    let mut checks: Vec<CheckFailures> = failures
        .into_iter()
        .map(|(id, failed)| CheckFailures { id, failed })
        .collect();
    checks.sort_by(|a, b| b.failed.cmp(&a.failed).then(a.id.cmp(&b.id)));
    Ok(ClassReport {
        exercise: exercise.id.clone(),
        submissions: rows,
        checks,
        identical: members.into_values().filter(|m| m.len() > 1).collect(),
    })
}
