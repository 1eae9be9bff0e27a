//! Command-line definitions (clap). Parsing only: each subcommand's work lives in
//! `commands/`.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::review::registry::{Family, RULES};

#[derive(Debug, Parser)]
#[command(
    name = "sts-tutor",
    version,
    about = "A terminal tutor for Kubernetes StatefulSets",
    long_about = "A terminal tutor for Kubernetes StatefulSets: it checks manifests as strictly as the \
                  API server and reviews them like an experienced operator, with line numbers, \
                  help and the lesson to read."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Use the course in DIR (DIR/exercises/ID/...) [default: the course the workspace remembers, else the built-in one]
    #[arg(long, global = true, value_name = "DIR", env = "STS_TUTOR_CONTENT")]
    pub content: Option<PathBuf>,
    /// Where progress is kept [default: $STS_TUTOR_DATA_DIR, else the user's data directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and review Kubernetes manifests (files, directories, or - for stdin)
    Lint(LintArgs),
    /// List the lessons of the course
    Lessons,
    /// Read a lesson, by number or id
    Lesson(LessonArgs),
    /// List the exercises, with your progress
    Exercises(ExercisesArgs),
    /// Write the starter file of every exercise into a workspace folder
    Init(InitArgs),
    /// Show an exercise's task and the file to edit
    Exercise(ExerciseArgs),
    /// Reveal the next hint of an exercise (each one more precise)
    Hint(ExerciseArgs),
    /// Grade your answer to an exercise (exit 0 pass, 1 not yet, 2 could not run)
    Check(CheckArgs),
    /// Re-grade your answer every time you save it
    Watch(WatchArgs),
    /// Show the reference solution of an exercise you have passed
    Solution(SolutionArgs),
    /// A quiz: questions due for review first, then new ones, with feedback as you go
    Quiz(QuizArgs),
    /// A timed mock interview of open questions: name the key concepts, then rate yourself
    Interview(InterviewArgs),
    /// Your progress: lessons, exercises, cards due, retention, what you keep missing
    Progress(ProgressArgs),
    /// Simulate the StatefulSet controller on a manifest: ordered start, scaling, updates, PVCs, DNS
    Simulate(SimulateArgs),
    /// Verify a manifest on a real cluster (in a scratch namespace, deleted afterwards)
    #[cfg(feature = "cluster")]
    Verify(VerifyArgs),
    /// Grade many submissions of one exercise (instructors): files, or directories of them
    Grade(GradeArgs),
    /// Check course content (the built-in course, or an instructor's DIR)
    #[command(subcommand)]
    Content(ContentCommand),
    /// Explain a field offline: type, default, allowed values, versions, an example
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh or fish) to standard output
    Completions(CompletionsArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExercisesArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct LessonArgs {
    /// The lesson's number (1, 2, ...) or id (identity, storage, ...)
    pub lesson: String,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// kind.path, e.g. statefulset.spec.persistentVolumeClaimRetentionPolicy (kind: statefulset,
    /// service, pvc or pdb; statefulset when left out)
    pub field: String,
}

#[derive(Debug, Clone, Args)]
pub struct QuizArgs {
    /// Only questions on this topic (a lesson id, e.g. storage)
    #[arg(long)]
    pub topic: Option<String>,
    /// How many questions
    #[arg(short = 'n', long = "count", default_value_t = 10)]
    pub count: usize,
}

#[derive(Debug, Clone, Args)]
pub struct InterviewArgs {
    /// How long the interview lasts
    #[arg(long, default_value_t = 20)]
    pub minutes: u64,
    /// Only questions on this topic
    #[arg(long)]
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ProgressArgs {
    #[command(subcommand)]
    pub action: Option<ProgressAction>,
    /// Print everything stored (attempts, reviews, cards) instead of the report
    #[arg(long, value_enum)]
    pub export: Option<ExportFormat>,
    /// Set the date of your interview (YYYY-MM-DD; `none` to clear): drills then put first
    /// what you are most likely to forget by then
    #[arg(long, value_name = "DATE")]
    pub interview_date: Option<String>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ProgressAction {
    /// Delete all progress (asks first)
    Reset {
        /// Do not ask (for scripts)
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Commands: scale N, update image=IMAGE [broken], update annotation.K=V, set partition=N, \
set start=N, fail POD, ready POD, exit POD, delete POD, delete-set, step [N], time +Ns, run. \
Example: sts-tutor simulate web.yaml --script 'run; scale 5; run; update image=nginx:1.28; run'"
)]
pub struct SimulateArgs {
    /// The manifest (its first StatefulSet, with its Service)
    pub file: PathBuf,
    /// Run these `;`-separated commands and print the result, instead of a `sim>` prompt
    #[arg(long, value_name = "CMDS")]
    pub script: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Uses KUBECONFIG or ~/.kube/config (or the in-cluster service account). Exit status: 0 \
verified, 1 not verified, 2 could not run. An end-to-end test against a real cluster runs with \
STS_TUTOR_LIVE_TEST=1 (see the README)."
)]
pub struct VerifyArgs {
    /// The manifest
    pub file: PathBuf,
    /// Check on the cluster of your kubeconfig (required: verify never runs by accident)
    #[arg(long)]
    pub live: bool,
    /// The kubeconfig context to use [default: the current one]
    #[arg(long)]
    pub context: Option<String>,
    /// The namespace to create and work in [default: sts-tutor-<random>]
    #[arg(long)]
    pub namespace: Option<String>,
    /// Do not ask for confirmation (for scripts)
    #[arg(long)]
    pub yes: bool,
    /// Keep the namespace afterwards, for inspection
    #[arg(long)]
    pub keep: bool,
    /// Also run an exercise's live checks and actions (its exercise.toml `[live]`)
    #[arg(long, value_name = "ID")]
    pub exercise: Option<String>,
    /// Seconds to wait for the StatefulSet to be Ready
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The workspace folder (created if needed; files already there are kept)
    #[arg(default_value = "sts-exercises")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExerciseArgs {
    /// The exercise id (see `sts-tutor exercises`)
    pub exercise: String,
}

#[derive(Debug, Args)]
pub struct SolutionArgs {
    /// The exercise id
    pub exercise: String,
    /// Show it even though you have not passed the exercise yet
    #[arg(long)]
    pub anyway: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The exercise id
    pub exercise: String,
    /// Your manifest [default: the exercise's file in the workspace around you, else in
    /// the current folder]
    pub file: Option<PathBuf>,
    /// Stop once the answer passes
    #[arg(long)]
    pub exit_on_pass: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The exercise id (see `sts-tutor exercises`)
    pub exercise: String,
    /// Your manifest, or - for standard input [default: the exercise's file in the workspace
    /// around you, else in the current folder]
    pub file: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassFormat {
    Table,
    Json,
    Csv,
    Junit,
}

#[derive(Debug, Args)]
#[command(
    after_help = "A file is one submission. In a directory, each .yaml/.yml file is one submission and each \
sub-directory is one submission made of all its YAML files; hidden files and folders (.git/), \
__MACOSX/ and ._* files are skipped and listed. A submission that cannot be read is graded zero \
with its reason. Exit status: 0 every path read and graded (and, with --fail-under, every \
submission at or above the score); 1 graded, but a path could not be read or a submission scored \
below --fail-under; 2 could not run (unknown or broken exercise, no submission found, limits)."
)]
pub struct GradeArgs {
    /// The exercise id
    pub exercise: String,
    /// Submission files or directories
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ClassFormat,
    /// Read each student id from the file or folder name with this regex: its group named
    /// `id`, else its first group (e.g. '_(\d+)_assignsubmission' for Moodle downloads)
    #[arg(long, value_name = "REGEX")]
    pub id_regex: Option<String>,
    /// Start the CSV with a UTF-8 byte order mark, so spreadsheets read accented and CJK
    /// names right
    #[arg(long)]
    pub bom: bool,
    /// Write one feedback file per student (ID.txt) into DIR: what `check` shows them
    #[arg(long, value_name = "DIR")]
    pub feedback_dir: Option<PathBuf>,
    /// Exit 1 when a submission scores below SCORE: points (8) or a percentage of the
    /// maximum (80%), for CI autograding
    #[arg(long, value_name = "SCORE", value_parser = parse_threshold)]
    pub fail_under: Option<Threshold>,
}

/// The least score `--fail-under` accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    Points(u32),
    Percent(f64),
}

impl Threshold {
    /// Whether `score` out of `max` is below the threshold.
    pub fn fails(self, score: u32, max: u32) -> bool {
        match self {
            Threshold::Points(points) => score < points,
            Threshold::Percent(percent) => {
                f64::from(score) * 100.0 < percent * f64::from(max) - 1e-9
            }
        }
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Threshold::Points(points) => write!(f, "{points} points"),
            Threshold::Percent(percent) => write!(f, "{percent}%"),
        }
    }
}

fn parse_threshold(text: &str) -> Result<Threshold, String> {
    let text = text.trim();
    if let Some(percent) = text.strip_suffix('%') {
        return match percent.trim().parse::<f64>() {
            Ok(p) if (0.0..=100.0).contains(&p) => Ok(Threshold::Percent(p)),
            _ => Err("a percentage from 0% to 100%".into()),
        };
    }
    text.parse::<u32>()
        .map(Threshold::Points)
        .map_err(|_| "a whole number of points (8) or a percentage (80%)".into())
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Prove a course consistent: solutions pass, fail cases fail, links resolve (exit 0 ok, 1 problems)
    Check(ContentCheckArgs),
}

#[derive(Debug, Args)]
pub struct ContentCheckArgs {
    /// A course directory (holding exercises/); the built-in course when omitted
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Manifest files, directories (their *.yaml and *.yml files), or - for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: LintFormat,
    /// Also list the checks that did not apply to an object, and why (text format)
    #[arg(long)]
    pub show_skipped: bool,
    /// Do not run or report RULE (repeatable); to silence a rule on one object, annotate it
    /// with sts-tutor.dev/ignore: "RULE: reason"
    #[arg(long, value_name = "RULE")]
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The rule list shown after `lint --help`, generated from the registry so it can never
/// drift from the rules that run.
pub fn rules_help() -> String {
    let mut out =
        String::from("Exit status: 0 no errors, 1 errors found, 2 could not run.\n\nRules:");
    for family in [
        Family::Input,
        Family::Api,
        Family::Semantics,
        Family::Practice,
    ] {
        out.push_str(&format!("\n  {}:\n", family.title()));
        for rule in RULES.iter().filter(|r| r.family == family) {
            out.push_str(&format!(
                "    {:<26}{:<8} {}\n",
                rule.id,
                rule.severity.as_str(),
                rule.summary
            ));
        }
    }
    out
}

/// The full clap command, with the generated rule list attached to `lint`.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommand("lint", |lint| lint.after_help(rules_help()))
}

/// Parses the process arguments (exits with clap's message and status on bad usage).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}
