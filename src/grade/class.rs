//! Grading a whole class: many submissions of one exercise, as they come out of a learning
//! platform's download (junk files, broken files, odd names), with a summary, the checks the
//! class fails most and groups of identical submissions (so the instructor comments once).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{GradeReport, grade_inspecting};
use crate::content::Exercise;
use crate::manifest::{Bundle, Loaded, Source};
use crate::review::Severity;

/// One submission: a file, or a directory whose YAML files together form the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The path as listed (what the table and the gradebook show).
    pub name: String,
    /// The file name without its extension, or the folder name: what a student id is read
    /// from (an LMS names the download folder after the student).
    pub stem: String,
    pub files: Vec<PathBuf>,
    /// Why the submission's directory could not be listed; it is graded zero with this.
    pub error: Option<String>,
}

/// A file or folder left out of grading, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub why: &'static str,
}

/// A path given on the command line that could not be read (mistyped, no permission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub path: String,
    pub error: String,
}

/// What the listing found: the submissions, and what it left out.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub submissions: Vec<Submission>,
    /// The first [`MAX_SKIPPED_LISTED`] files left out (junk, hidden, not YAML).
    pub skipped: Vec<Skipped>,
    /// How many were left out in all.
    pub skipped_total: usize,
    pub missing: Vec<Missing>,
}

impl Collected {
    fn skip(&mut self, path: &Path, why: &'static str) {
        self.skipped_total += 1;
        if self.skipped.len() < MAX_SKIPPED_LISTED {
            self.skipped.push(Skipped {
                path: path.display().to_string(),
                why,
            });
        }
    }
}

/// Why the submissions under the given paths could not be listed.
#[derive(Debug)]
pub enum CollectError {
    /// More submissions than one run grades; the walk stopped at the one too many (named).
    TooManySubmissions(String),
    /// One submission directory holds more YAML files than an answer ever needs.
    TooManyFiles(PathBuf),
}

impl std::fmt::Display for CollectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
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

/// How many skipped files a report names (the rest are counted): a download of a whole
/// course's folder must not turn the report into a file listing.
pub const MAX_SKIPPED_LISTED: usize = 200;

/// Files that archive tools and operating systems add, never a student's answer: hidden files
/// and folders (`.git/`, `.DS_Store`, `._redis.yaml` resource forks) and macOS's `__MACOSX/`.
fn junk(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy();
    if name == "__MACOSX" {
        Some("macOS archive metadata (__MACOSX)")
    } else if name.starts_with("._") {
        Some("macOS resource fork (._*)")
    } else if name.starts_with('.') {
        Some("hidden")
    } else {
        None
    }
}

fn stem_of(path: &Path, is_dir: bool) -> String {
    let name = if is_dir {
        path.file_name()
    } else {
        path.file_stem()
    };
    name.map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Expands command-line paths: a file is a submission; a directory's YAML files are each a
/// submission, and each of its sub-directories is one submission made of all its YAML files.
/// Junk (see [`junk`]) and other files are skipped and listed; a path that cannot be read is
/// listed as missing and the others are still graded.
///
/// The walk stops as soon as the limits are passed, so a mistaken path (a home folder) is
/// refused at once instead of after listing every file under it.
pub fn collect(paths: &[PathBuf]) -> Result<Collected, CollectError> {
    let mut out = Collected::default();
    let push = |out: &mut Collected, submission: Submission| {
        if out.submissions.len() == MAX_SUBMISSIONS {
            return Err(CollectError::TooManySubmissions(submission.name));
        }
        out.submissions.push(submission);
        Ok(())
    };
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) => {
                out.missing.push(Missing {
                    path: path.display().to_string(),
                    error: io_reason(&e),
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            // A file named on the command line is graded whatever its name: it was chosen.
            let submission = Submission {
                name: path.display().to_string(),
                stem: stem_of(path, false),
                files: vec![path.clone()],
                error: None,
            };
            push(&mut out, submission)?;
            continue;
        }
        let entries = match sorted_entries(path) {
            Ok(entries) => entries,
            Err(e) => {
                out.missing.push(Missing {
                    path: path.display().to_string(),
                    error: io_reason(&e),
                });
                continue;
            }
        };
        for entry in entries {
            if let Some(why) = junk(&entry) {
                out.skip(&entry, why);
            } else if entry.is_dir() {
                let mut files = Vec::new();
                let error = yaml_files(&entry, 0, &mut files, &mut out)?;
                let submission = Submission {
                    name: entry.display().to_string(),
                    stem: stem_of(&entry, true),
                    files,
                    error,
                };
                push(&mut out, submission)?;
            } else if is_yaml(&entry) {
                let submission = Submission {
                    name: entry.display().to_string(),
                    stem: stem_of(&entry, false),
                    files: vec![entry],
                    error: None,
                };
                push(&mut out, submission)?;
            } else {
                out.skip(&entry, "not a .yaml or .yml file");
            }
        }
    }
    Ok(out)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_string(),
        _ => e.to_string(),
    }
}

/// `.yaml` or `.yml`, in any case (Windows users send `ANSWER.YAML`).
fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The entries of a directory, in name order (so reports are stable).
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    Ok(entries)
}

/// Lists the YAML files of one submission directory; returns why a folder in it could not
/// be read (the submission is then graded zero with that reason, the run goes on).
fn yaml_files(
    dir: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
    out: &mut Collected,
) -> Result<Option<String>, CollectError> {
    if depth > MAX_SUBMISSION_DEPTH {
        return Ok(None);
    }
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(e) => return Ok(Some(format!("cannot read {}: {e}", dir.display()))),
    };
    for entry in entries {
        if let Some(why) = junk(&entry) {
            out.skip(&entry, why);
        } else if entry.is_dir() {
            if let Some(error) = yaml_files(&entry, depth + 1, files, out)? {
                return Ok(Some(error));
            }
        } else if is_yaml(&entry) {
            if files.len() == MAX_FILES_PER_SUBMISSION {
                return Err(CollectError::TooManyFiles(dir.to_path_buf()));
            }
            files.push(entry);
        } else {
            out.skip(&entry, "not a .yaml or .yml file");
        }
    }
    Ok(None)
}

/// One folder read as one submission, for `check EXERCISE DIR`: the joined text, where each
/// file starts in it, the files that could not be read (each with why) and what was skipped.
pub struct Folder {
    pub loaded: Loaded,
    /// (first line in the joined text, file name), in the order joined.
    pub starts: Vec<(usize, String)>,
    pub lost: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Reads a folder's YAML files as one submission, as `grade` reads a submission folder:
/// hidden files and folders, `__MACOSX` and `._*` are skipped (and listed), a file with a
/// fatal YAML error goes last. An error says why nothing could be read.
pub fn read_folder(dir: &Path) -> Result<Folder, String> {
    let mut out = Collected::default();
    let mut files = Vec::new();
    let error = yaml_files(dir, 0, &mut files, &mut out).map_err(|e| e.to_string())?;
    let submission = Submission {
        name: dir.display().to_string(),
        stem: stem_of(dir, true),
        files,
        error,
    };
    let read = read(&submission).map_err(|(reason, _)| reason)?;
    Ok(Folder {
        loaded: read.loaded,
        starts: read.starts,
        lost: read.lost,
        skipped: out.skipped,
    })
}

/// A `duplicate-object` message of a joined submission, once its place names a file: "the
/// files" when the other definition is in another file than `own`.
pub fn other_file(message: String, own: &str) -> String {
    match message.split_once(" is also defined at ") {
        Some((_, rest)) if !rest.starts_with(&format!("{own}:")) => {
            message.replace("; applying the file would", "; applying the files would")
        }
        _ => message,
    }
}

/// `NAME:LINE` places of the joined text (as in `duplicate-object`'s message) written as
/// the file and line they are in.
pub fn remap_places(message: &str, name: &str, starts: &[(usize, String)]) -> String {
    let needle = format!("{name}:");
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(&needle) {
        out.push_str(&rest[..at]);
        let after = &rest[at + needle.len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        match after[..digits].parse::<usize>() {
            Ok(line) if !starts.is_empty() => {
                let (file, line) = locate(starts, line);
                out.push_str(&format!(
                    "{}:{line}",
                    file.unwrap_or_else(|| name.to_string())
                ));
            }
            _ => out.push_str(&rest[at..at + needle.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Whether a submission was graded from what it holds, or no object could be read from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Graded,
    /// No Kubernetes object could be read: no YAML file, a file that cannot be opened, is
    /// binary or not UTF-8, or a YAML syntax error before the first object. Graded zero
    /// with every check failed.
    Unreadable,
}

/// The grade of one submission, as a row of the class report.
#[derive(Debug, Clone)]
pub struct Row {
    /// The student id: from the file or folder name, or what `--id-regex` captured.
    pub id: String,
    pub submission: String,
    pub files: Vec<String>,
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    pub passed: bool,
    pub failed_checks: Vec<String>,
    /// Every error that cost the `valid` check or made the submission unreadable, each
    /// naming its file and line.
    pub reasons: Vec<String>,
    /// Same-object groups (two or more submissions); `None` for a submission like no other.
    pub group: Option<usize>,
    /// Exact-copy groups inside a same-object group (`2.1`): same text, whitespace aside.
    pub copy: Option<String>,
    /// Every check of the grade, `valid` first, reduced to what the class formats show (no
    /// expected and actual values), so a large class fits in little memory.
    pub checks: Vec<CheckSummary>,
    /// Whether a file of it could not be opened (the run's exit status says so).
    pub io_error: bool,
}

impl Row {
    /// Why it lost points, in a sentence: every error, or the failed checks.
    pub fn reason(&self) -> String {
        if !self.reasons.is_empty() {
            self.reasons.join("; ")
        } else if self.failed_checks.is_empty() {
            String::new()
        } else {
            format!("failed: {}", self.failed_checks.join(", "))
        }
    }
}

/// What a class report keeps of one check: a fraction of a full [`super::CheckResult`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    pub id: String,
    pub passed: bool,
    pub points: u32,
    /// What a failed `valid` says; empty otherwise (the exercise's message is in
    /// [`ClassReport::plan`]), so 10,000 rows do not hold 10,000 copies of it.
    pub message: String,
    /// The file of the first failure (for a directory submission, the file in it).
    pub file: Option<String>,
    pub line: Option<usize>,
    pub diff: Option<String>,
}

/// A check as the exercise defines it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEntry {
    pub id: String,
    pub max_points: u32,
    /// The message of the check when it passes (for `valid`, "lint finds no error").
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckFailures {
    pub id: String,
    pub failed: usize,
}

/// Which of the exercise's own files a group of submissions equals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reference {
    Solution,
    Starter,
}

/// Two or more submissions with the same objects (however written).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub group: usize,
    pub members: Vec<String>,
    /// The group equals the reference solution or the starter: expected, not flagged.
    pub matches: Option<Reference>,
    pub flagged: bool,
    /// Exact copies inside the group (same text after whitespace normalisation).
    pub copies: Vec<Copies>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Copies {
    pub copy: String,
    pub members: Vec<String>,
}

/// One bar of the score histogram: submissions scoring `from..=to` points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub from: u32,
    pub to: u32,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub submissions: usize,
    pub passed: usize,
    pub unreadable: usize,
    pub mean: f64,
    pub median: f64,
    pub histogram: Vec<Bin>,
}

#[derive(Debug, Clone)]
pub struct ClassReport {
    pub exercise: String,
    pub max_score: u32,
    /// Every check, `valid` first, in the exercise's order.
    pub plan: Vec<PlanEntry>,
    pub submissions: Vec<Row>,
    pub summary: Summary,
    /// Checks by how many submissions fail them, most first.
    pub checks: Vec<CheckFailures>,
    pub groups: Vec<Group>,
    pub skipped: Vec<Skipped>,
    pub skipped_total: usize,
    pub missing: Vec<Missing>,
}

impl ClassReport {
    /// Groups of two or more identical submissions that are worth a look (not the solution
    /// or the starter handed out).
    pub fn identical(&self) -> Vec<Vec<String>> {
        self.groups
            .iter()
            .filter(|g| g.flagged)
            .map(|g| g.members.clone())
            .collect()
    }
}

/// A submission read into one text. A directory's files are joined with `---`, and
/// `starts` maps lines of the joined text back to the files they came from.
struct Read {
    loaded: Loaded,
    starts: Vec<(usize, String)>,
    /// Files that could not be read, each with why (the submission fails `valid`).
    lost: Vec<String>,
    io_error: bool,
    /// Whitespace-normalised text, for exact copies.
    exact: Option<String>,
}

fn normalise(hasher: &mut Sha256, text: &str) {
    for word in text.split_whitespace() {
        hasher.update(word);
        hasher.update(b" ");
    }
}

/// Reads a submission's files. A file with a fatal YAML error is placed last, so that, as
/// with `kubectl apply -f DIR`, the error loses that file's later documents, not the files
/// after it.
///
/// An error says why nothing could be read, and whether that was an I/O error.
fn read(submission: &Submission) -> Result<Read, (String, bool)> {
    if let Some(error) = &submission.error {
        return Err((error.clone(), true));
    }
    if submission.files.is_empty() {
        let reason = format!(
            "{}: no .yaml or .yml file in this submission",
            submission.name
        );
        return Err((reason, false));
    }
    if let [only] = submission.files.as_slice() {
        let name = only.display().to_string();
        let loaded =
            Source::read_file(only).map_err(|e| (format!("{name}: cannot read: {e}"), true))?;
        let exact = match &loaded {
            Loaded::Text(source) => {
                let mut hasher = Sha256::new();
                normalise(&mut hasher, &source.text);
                Some(hex(&hasher.finalize()))
            }
            Loaded::Rejected { .. } => None,
        };
        return Ok(Read {
            loaded,
            starts: vec![(1, name)],
            lost: Vec::new(),
            io_error: false,
            exact,
        });
    }
    let mut sources = Vec::new();
    let mut lost = Vec::new();
    let mut io_error = false;
    let mut hasher = Sha256::new();
    for file in &submission.files {
        let name = file.display().to_string();
        match Source::read_file(file) {
            Ok(Loaded::Text(source)) => {
                normalise(&mut hasher, &source.text);
                hasher.update(b"\0");
                let broken = crate::manifest::yaml::load(&source.text)
                    .problems
                    .iter()
                    .any(|p| p.is_fatal());
                sources.push((broken, name, source.text));
            }
            Ok(Loaded::Rejected { problem, .. }) => {
                let (line, _) = problem.position();
                lost.push(format!("{name}:{line}: {problem}"));
            }
            Err(e) => {
                io_error = true;
                lost.push(format!("{name}: cannot read: {e}"));
            }
        }
    }
    // Stable: files in name order, the broken ones after the others.
    sources.sort_by_key(|(broken, _, _)| *broken);
    let mut text = String::new();
    let mut starts = Vec::new();
    for (_, name, body) in sources {
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("---\n");
        }
        starts.push((text.matches('\n').count() + 1, name));
        text.push_str(&body);
    }
    Ok(Read {
        loaded: Loaded::Text(Source::new(submission.name.clone(), text)),
        starts,
        lost,
        io_error,
        exact: Some(hex(&hasher.finalize())),
    })
}

/// A fingerprint of what a submission means, not how it is written: the objects as the API
/// server would store them (keys sorted, defaults applied), plus the text when it does not
/// parse (a broken file is only the same as a copy of itself).
fn fingerprint(bundle: &Bundle) -> String {
    let mut hasher = Sha256::new();
    if bundle.objects.is_empty() || bundle.problems.iter().any(|p| p.rule == "yaml-syntax") {
        normalise(&mut hasher, &bundle.source.text);
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How the run treats each submission besides grading it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Read the student id from the file or folder name: the first capture group, or the
    /// group named `id`.
    pub id_regex: Option<regex::Regex>,
    /// Write each student's `check` text there, as `ID.txt`.
    pub feedback_dir: Option<PathBuf>,
    /// What `check` adds below the report when a submission passes (it names a command,
    /// so the command layer supplies it).
    pub passed_note: String,
}

/// What grading one submission gives back: its row and its two fingerprints.
struct Graded {
    row: Row,
    structure: Option<String>,
    exact: Option<String>,
}

/// The file and the line in it of a line of a submission's joined text.
pub fn locate(starts: &[(usize, String)], line: usize) -> (Option<String>, usize) {
    let i = starts.partition_point(|(start, _)| *start <= line);
    match i.checked_sub(1).and_then(|i| starts.get(i)) {
        Some((start, file)) => (Some(file.clone()), line - start + 1),
        None => (starts.first().map(|s| s.1.clone()), line),
    }
}

/// A file of a directory submission that could not be read costs the `valid` check, as
/// `kubectl apply -f DIR` would fail on it (and apply the others).
pub fn fail_valid(report: &mut GradeReport, lost: &[String], gate: bool) {
    if let Some(valid) = report
        .checks
        .iter_mut()
        .find(|c| c.id == super::VALID_CHECK)
    {
        valid.passed = false;
        valid.points = 0;
        valid.message = format!(
            "{} file{} of the submission could not be read: {}",
            lost.len(),
            if lost.len() == 1 { "" } else { "s" },
            lost.join("; ")
        );
    }
    if gate {
        let reason = "this exercise grades only a manifest the API server accepts (`[lint] gate`): a file of the submission could not be read, so every check scores 0".to_string();
        for check in &mut report.checks {
            check.points = 0;
        }
        report.gated = Some(reason);
    }
    report.score = report.checks.iter().map(|c| c.points).sum();
    report.passed = false;
}

/// A name safe as a file name on every system, from a student id.
pub fn file_name(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') || name.is_empty() {
        name.insert(0, '_');
    }
    name
}

fn grade_one(
    exercise: &Exercise,
    submission: &Submission,
    id: &str,
    options: &Options,
) -> Result<Graded, String> {
    let mut preface = None;
    let (mut report, mut reasons, starts, structure, exact, status, io_error) =
        match read(submission) {
            Err((reason, io_error)) => {
                let report = super::grade_text(exercise, &submission.name, "")?;
                preface = Some(reason.clone());
                let status = Status::Unreadable;
                (
                    report,
                    vec![reason],
                    Vec::new(),
                    None,
                    None,
                    status,
                    io_error,
                )
            }
            Ok(Read {
                loaded,
                starts,
                lost,
                io_error,
                exact,
            }) => {
                let mut structure = None;
                let mut objects = 0;
                let report = grade_inspecting(exercise, loaded, |bundle| {
                    objects = bundle.objects.len();
                    structure = Some(fingerprint(bundle));
                })?;
                let reasons = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| {
                        let (file, line) = locate(&starts, d.line);
                        let file = file.unwrap_or_else(|| submission.name.clone());
                        let message = remap_places(&d.message, &submission.name, &starts);
                        let message = other_file(message, &file);
                        format!("{file}:{line}: {message} ({})", d.rule)
                    })
                    .collect();
                let mut report = report;
                let mut reasons: Vec<String> = reasons;
                if !lost.is_empty() {
                    fail_valid(&mut report, &lost, exercise.lint_gate);
                    reasons.extend(lost);
                }
                if let Some(gated) = &report.gated {
                    reasons.push(format!("scored 0: {gated}"));
                }
                let status = if objects == 0 {
                    Status::Unreadable
                } else {
                    Status::Graded
                };
                (report, reasons, starts, structure, exact, status, io_error)
            }
        };
    if let Some(dir) = &options.feedback_dir {
        let mut text = preface.map_or_else(String::new, |p| format!("{p}\n\n"));
        text.push_str(&super::report::render_text(&report, false, None));
        if report.passed {
            text.push_str(&options.passed_note);
        }
        let path = dir.join(format!("{}.txt", file_name(id)));
        std::fs::write(&path, text)
            .map_err(|e| format!("cannot write feedback {}: {e}", path.display()))?;
    }
    reasons.dedup();
    let checks = std::mem::take(&mut report.checks)
        .into_iter()
        .map(|c| {
            let (file, line) = match c.line {
                Some(line) => {
                    let (file, line) = locate(&starts, line);
                    (file, Some(line))
                }
                None => (None, None),
            };
            CheckSummary {
                passed: c.passed,
                points: c.points,
                // A check's message is the exercise's (kept once, in the plan); only
                // `valid` says something of its own (how many lint errors).
                message: if c.passed || c.id != super::VALID_CHECK {
                    String::new()
                } else {
                    c.message
                },
                file: if c.passed { None } else { file },
                line: if c.passed { None } else { line },
                diff: if c.passed { None } else { c.diff },
                id: c.id,
            }
        })
        .collect::<Vec<_>>();
    let row = Row {
        id: id.to_string(),
        submission: submission.name.clone(),
        files: submission
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect(),
        status,
        score: report.score,
        max_score: report.max_score,
        passed: report.passed,
        failed_checks: checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.id.clone())
            .collect(),
        reasons,
        group: None,
        copy: None,
        checks,
        io_error,
    };
    Ok(Graded {
        row,
        structure,
        exact,
    })
}

/// The most submissions one `grade` run takes: a mistaken path (a home folder) is refused
/// at once instead of grading for minutes.
pub const MAX_SUBMISSIONS: usize = 20_000;

/// Student ids, one per submission: the file or folder name, or what `--id-regex` captured
/// from it. Ids are made unique (`alice`, `alice-2`), ignoring case and the characters a
/// file name cannot hold, so feedback files never overwrite each other. Also returns the
/// names the regex did not match (they keep their name as id).
pub fn student_ids(
    submissions: &[Submission],
    regex: Option<&regex::Regex>,
) -> (Vec<String>, Vec<String>) {
    let mut unmatched = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let ids = submissions
        .iter()
        .map(|s| {
            let base = match regex {
                None => s.stem.clone(),
                Some(re) => {
                    let captured = re
                        .captures(&s.stem)
                        .and_then(|c| c.name("id").or_else(|| c.get(1)))
                        .map(|m| m.as_str().trim().to_string())
                        .filter(|id| !id.is_empty());
                    captured.unwrap_or_else(|| {
                        unmatched.push(s.name.clone());
                        s.stem.clone()
                    })
                }
            };
            let mut id = base.clone();
            let mut n = 1;
            loop {
                let count = seen.entry(file_name(&id).to_lowercase()).or_insert(0);
                *count += 1;
                if *count == 1 {
                    break id;
                }
                n += 1;
                id = format!("{base}-{n}");
            }
        })
        .collect();
    (ids, unmatched)
}

/// The bins of the score histogram: one per score up to 20 points, else ten equal ranges.
fn histogram(scores: &[u32], max: u32) -> Vec<Bin> {
    let width = if max <= 20 { 1 } else { (max + 1).div_ceil(10) };
    let mut bins: Vec<Bin> = (0..=max)
        .step_by(width as usize)
        .map(|from| Bin {
            from,
            to: (from + width - 1).min(max),
            count: 0,
        })
        .collect();
    for &score in scores {
        let i = (score.min(max) / width) as usize;
        if let Some(bin) = bins.get_mut(i) {
            bin.count += 1;
        }
    }
    bins
}

fn summary(rows: &[Row], max: u32) -> Summary {
    let mut scores: Vec<u32> = rows.iter().map(|r| r.score).collect();
    scores.sort_unstable();
    let n = scores.len();
    let mean = if n == 0 {
        0.0
    } else {
        scores.iter().map(|&s| f64::from(s)).sum::<f64>() / n as f64
    };
    let median = match n {
        0 => 0.0,
        n if n % 2 == 1 => f64::from(scores[n / 2]),
        n => (f64::from(scores[n / 2 - 1]) + f64::from(scores[n / 2])) / 2.0,
    };
    Summary {
        submissions: n,
        passed: rows.iter().filter(|r| r.passed).count(),
        unreadable: rows
            .iter()
            .filter(|r| r.status == Status::Unreadable)
            .count(),
        mean: (mean * 100.0).round() / 100.0,
        median,
        histogram: histogram(&scores, max),
    }
}

/// The structure fingerprint of one of the exercise's own files, and its checks.
fn reference(exercise: &Exercise, name: &str, text: &str) -> Result<(String, GradeReport), String> {
    let mut print = String::new();
    let report = grade_inspecting(exercise, Loaded::Text(Source::new(name, text)), |b| {
        print = fingerprint(b)
    })?;
    Ok((print, report))
}

/// Grades every submission (in parallel, in order), then summarizes.
pub fn grade_class(
    exercise: &Exercise,
    collected: &Collected,
    options: &Options,
) -> Result<ClassReport, String> {
    let submissions = &collected.submissions;
    if submissions.len() > MAX_SUBMISSIONS {
        return Err(format!(
            "{} submissions is more than the {MAX_SUBMISSIONS} one run grades: grade the class in batches (e.g. one directory per group)",
            submissions.len()
        ));
    }
    let broken = |e: String| format!("exercise `{}` is broken: {e}", exercise.id);
    let (solution, solved) =
        reference(exercise, "solution.yaml", &exercise.solution).map_err(broken)?;
    let (starter, _) = reference(exercise, "starter.yaml", &exercise.starter).map_err(broken)?;
    let plan: Vec<PlanEntry> = solved
        .checks
        .iter()
        .map(|c| PlanEntry {
            id: c.id.clone(),
            max_points: c.max_points,
            message: c.message.clone(),
        })
        .collect();
    let max_score = solved.max_score;
    let (ids, _) = student_ids(submissions, options.id_regex.as_ref());

    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let chunk = submissions.len().div_ceil(threads).max(1);
    let work: Vec<(&Submission, &String)> = submissions.iter().zip(&ids).collect();
    let results: Vec<Result<Vec<Graded>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(s, id)| grade_one(exercise, s, id, options))
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
    let mut graded: Vec<Graded> = Vec::with_capacity(submissions.len());
    for part in results {
        graded.extend(part?);
    }

    // Groups are numbered in the order of their fingerprints, not of the listing, so a
    // group keeps its number when the folder is listed differently or graded again.
    let mut by_structure: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in graded.iter().enumerate() {
        if let Some(print) = &g.structure {
            by_structure.entry(print).or_default().push(i);
        }
    }
    let mut assignments: Vec<(usize, usize, Option<String>)> = Vec::new();
    let mut groups = Vec::new();
    for (print, members) in by_structure.iter().filter(|(_, m)| m.len() > 1) {
        let number = groups.len() + 1;
        let mut by_text: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in members {
            if let Some(exact) = &graded[i].exact {
                by_text.entry(exact).or_default().push(i);
            }
        }
        let mut copies = Vec::new();
        let mut copy_of: HashMap<usize, String> = HashMap::new();
        for same in by_text.values().filter(|m| m.len() > 1) {
            let copy = format!("{number}.{}", copies.len() + 1);
            for &i in same {
                copy_of.insert(i, copy.clone());
            }
            copies.push(Copies {
                copy,
                members: same
                    .iter()
                    .map(|&i| graded[i].row.submission.clone())
                    .collect(),
            });
        }
        for &i in members {
            assignments.push((i, number, copy_of.remove(&i)));
        }
        let matches = if **print == solution {
            Some(Reference::Solution)
        } else if **print == starter {
            Some(Reference::Starter)
        } else {
            None
        };
        groups.push(Group {
            group: number,
            members: members
                .iter()
                .map(|&i| graded[i].row.submission.clone())
                .collect(),
            matches,
            flagged: matches.is_none(),
            copies,
        });
    }
    drop(by_structure);
    for (i, number, copy) in assignments {
        graded[i].row.group = Some(number);
        graded[i].row.copy = copy;
    }
    let rows: Vec<Row> = graded.into_iter().map(|g| g.row).collect();

    let mut failures: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        for id in &row.failed_checks {
            *failures.entry(id).or_default() += 1;
        }
    }
    let mut checks: Vec<CheckFailures> = failures
        .into_iter()
        .map(|(id, failed)| CheckFailures {
            id: id.to_string(),
            failed,
        })
        .collect();
    checks.sort_by(|a, b| b.failed.cmp(&a.failed).then(a.id.cmp(&b.id)));
    Ok(ClassReport {
        exercise: exercise.id.clone(),
        max_score,
        plan,
        summary: summary(&rows, max_score),
        submissions: rows,
        checks,
        groups,
        skipped: collected.skipped.clone(),
        skipped_total: collected.skipped_total,
        missing: collected.missing.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_a_joined_submission_map_back_to_their_files() {
        let starts = vec![(1, "a.yaml".to_string()), (5, "b.yaml".to_string())];
        assert_eq!(locate(&starts, 1), (Some("a.yaml".into()), 1));
        assert_eq!(locate(&starts, 4), (Some("a.yaml".into()), 4));
        assert_eq!(locate(&starts, 5), (Some("b.yaml".into()), 1));
        assert_eq!(locate(&starts, 9), (Some("b.yaml".into()), 5));
        assert_eq!(locate(&[], 3), (None, 3));
    }

    #[test]
    fn histogram_bins_cover_every_score() {
        let bins = histogram(&[0, 3, 3, 10], 10);
        assert_eq!(bins.len(), 11);
        assert_eq!(bins[3].count, 2);
        assert_eq!(bins[10].count, 1);
        let wide = histogram(&[0, 49, 50, 99, 100], 100);
        assert_eq!(wide.len(), 10);
        assert_eq!((wide[0].from, wide[0].to), (0, 10));
        assert_eq!(wide[9].to, 100);
        assert_eq!(wide.iter().map(|b| b.count).sum::<usize>(), 5);
    }

    #[test]
    fn ids_are_unique_and_come_from_the_regex() {
        let sub = |stem: &str| Submission {
            name: format!("class/{stem}"),
            stem: stem.to_string(),
            files: Vec::new(),
            error: None,
        };
        let subs = [
            sub("Alice Smith_1001_assignsubmission_file_"),
            sub("Bob_1002_assignsubmission_file_"),
            sub("notes"),
        ];
        let re = regex::Regex::new(r"_(\d+)_assignsubmission").unwrap();
        let (ids, unmatched) = student_ids(&subs, Some(&re));
        assert_eq!(ids, ["1001", "1002", "notes"]);
        assert_eq!(unmatched, ["class/notes"]);
        let named = regex::Regex::new(r"^(?<name>[^_]+)_(?<id>\d+)").unwrap();
        assert_eq!(student_ids(&subs[..1], Some(&named)).0, ["1001"]);
        let (ids, _) = student_ids(&[sub("alice"), sub("Alice"), sub("alice")], None);
        assert_eq!(ids, ["alice", "Alice-2", "alice-3"]);
        assert_eq!(file_name("../x/.y"), "_.._x_.y");
    }
}
