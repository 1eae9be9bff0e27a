//! An exercise as the learner and the grader see it, read from `exercises/ID/`.

use serde::Deserialize;

use super::ContentError;
use super::files::Tree;
use crate::grade::expected::{self, ExpectedObject};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// A named, scored part of the grading (`[[checks]]` in exercise.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    pub id: String,
    /// `Kind/name` (or `Kind`) of an object of expected.yaml.
    pub object: String,
    /// Path prefixes, in that object, of the values this check grades.
    pub paths: Vec<String>,
    #[serde(default = "one")]
    pub points: u32,
    pub message: String,
    pub lesson: Option<String>,
    /// Optional: a nudge towards what this check grades, shown by `hint` (with the message)
    /// when it is the first check the learner's file fails. It names the area, not the fix.
    pub hint: Option<String>,
    /// Partial credit: `floor(points × values matched / values graded)` instead of all or
    /// nothing (`content check` refuses it on a check that grades one value).
    #[serde(default)]
    pub partial: bool,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintSection {
    #[serde(default = "one")]
    points: u32,
    /// A submission with lint errors scores 0 (every check), with the reason.
    #[serde(default)]
    gate: bool,
}

/// What `verify --live --exercise ID` checks on a real cluster (`[live]` in exercise.toml).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LiveChecks {
    /// At least this many Pods Ready.
    pub ready_replicas: Option<i32>,
    /// Pods created and Ready in ordinal order (OrderedReady).
    #[serde(default)]
    pub ordered_start: bool,
    /// Every PVC of the claim templates Bound.
    #[serde(default)]
    pub pvcs_bound: bool,
    /// The headless Service's endpoints list every Ready Pod by hostname (its DNS records).
    #[serde(default)]
    pub dns: bool,
    /// Simulator-style actions to perform and observe: `scale N`, `update image=IMAGE`.
    #[serde(default)]
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseToml {
    title: String,
    difficulty: Difficulty,
    file: String,
    #[serde(default)]
    lessons: Vec<String>,
    task: String,
    #[serde(default)]
    hints: Vec<String>,
    lint: Option<LintSection>,
    #[serde(default)]
    checks: Vec<CheckSpec>,
    live: Option<LiveChecks>,
}

/// The top-level keys of exercise.toml (for the error about one written inside a table).
const TOP_LEVEL: &[&str] = &[
    "title",
    "difficulty",
    "file",
    "lessons",
    "task",
    "hints",
    "lint",
    "checks",
    "live",
];

/// What a test case of the exercise must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    Pass,
    /// Fail, with at least these checks failed.
    Fail(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct TestCase {
    pub name: String,
    pub text: String,
    pub expect: Expectation,
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub difficulty: Difficulty,
    /// The file name the learner edits.
    pub file: String,
    pub lessons: Vec<String>,
    pub task: String,
    pub hints: Vec<String>,
    pub lint_points: u32,
    /// `[lint] gate = true`: a manifest with lint errors (the API server would reject it)
    /// scores 0, whatever its checks match.
    pub lint_gate: bool,
    pub checks: Vec<CheckSpec>,
    /// Checks for `verify --live --exercise ID`.
    pub live: Option<LiveChecks>,
    pub starter: String,
    pub solution: String,
    pub expected: Vec<ExpectedObject>,
    pub tests: Vec<TestCase>,
    /// The folder, as shown in messages.
    pub location: String,
}

fn read(tree: &Tree, rel: &str) -> Result<String, ContentError> {
    match tree.read(rel) {
        Some(Ok(text)) => Ok(text),
        Some(Err(why)) => Err(ContentError::new(
            tree.display(rel),
            None,
            format!("cannot read: {why}"),
        )),
        None => Err(ContentError::new(
            tree.display(rel),
            None,
            "missing: every exercise needs this file",
        )),
    }
}

impl Exercise {
    /// Reads `exercises/ID/` of a course tree.
    pub fn load(tree: &Tree, id: &str) -> Result<Exercise, ContentError> {
        let dir = format!("exercises/{id}");
        let toml_path = format!("{dir}/exercise.toml");
        let toml_text = read(tree, &toml_path)?;
        let meta: ExerciseToml = toml::from_str(&toml_text)
            .map_err(|e| super::toml_error(tree.display(&toml_path), &toml_text, &e, TOP_LEVEL))?;
        let expected_path = format!("{dir}/expected.yaml");
        let expected = expected::parse(&read(tree, &expected_path)?).map_err(|e| {
            let line = (e.span.start.line > 0).then_some(e.span.start.line);
            ContentError::new(tree.display(&expected_path), line, e.message)
        })?;
        let mut tests = Vec::new();
        for name in tree.files(&format!("{dir}/tests")) {
            let Some(stem) = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
            else {
                continue;
            };
            let rel = format!("{dir}/tests/{name}");
            let text = read(tree, &rel)?;
            let expect = if stem.starts_with("pass-") {
                Expectation::Pass
            } else if stem.starts_with("fail-") {
                Expectation::Fail(fail_header(tree, &rel, &text)?)
            } else {
                return Err(ContentError::new(
                    tree.display(&rel),
                    None,
                    "test files are named pass-NAME.yaml or fail-NAME.yaml",
                ));
            };
            tests.push(TestCase { name, text, expect });
        }
        Ok(Exercise {
            id: id.to_string(),
            title: meta.title,
            difficulty: meta.difficulty,
            file: meta.file,
            lessons: meta.lessons,
            task: meta.task,
            hints: meta.hints,
            lint_points: meta.lint.as_ref().map_or(1, |l| l.points),
            lint_gate: meta.lint.as_ref().is_some_and(|l| l.gate),
            checks: meta.checks,
            live: meta.live,
            starter: read(tree, &format!("{dir}/starter.yaml"))?,
            solution: read(tree, &format!("{dir}/solution.yaml"))?,
            expected,
            tests,
            location: tree.display(&dir),
        })
    }
}

/// A fail case's `# fails:` header, required: without it a fail case would say nothing
/// about what it proves.
fn fail_header(tree: &Tree, rel: &str, text: &str) -> Result<Vec<String>, ContentError> {
    failing_checks(text).ok_or_else(|| {
        ContentError::new(
            tree.display(rel),
            Some(1),
            "a fail case starts with a line naming the checks it fails, like `# fails: headless-service` (`valid` for a lint error): add it as the first line",
        )
    })
}

/// The checks named on a fail case's first line: `# fails: check-a, check-b`.
fn failing_checks(text: &str) -> Option<Vec<String>> {
    let first = text.lines().next()?.trim();
    let list = first.strip_prefix('#')?.trim().strip_prefix("fails:")?;
    let ids: Vec<String> = list
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (!ids.is_empty()).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_headers() {
        assert_eq!(
            failing_checks("# fails: a, b\nkind: x\n"),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(failing_checks("kind: x\n"), None);
        assert_eq!(failing_checks("# fails:\n"), None);
    }
}
