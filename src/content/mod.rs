//! Course content: exercises (and, later, lessons and quizzes), read from the copy embedded
//! in the binary or from an instructor's directory, with the same formats and errors.

pub mod check;
pub mod exercise;
pub mod files;
pub mod lesson;
pub mod lessons;
pub mod quiz;
pub mod text;

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

pub use exercise::{Difficulty, Exercise, Expectation, TestCase};
use files::Tree;
pub use lesson::Lesson;
pub use text::for_frontend;

/// A problem in a content file, located for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl ContentError {
    pub fn new(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> ContentError {
        ContentError {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Course {
    pub exercises: Vec<Exercise>,
    /// In course order.
    pub lessons: Vec<Lesson>,
    pub questions: Vec<quiz::Question>,
    pub tree: Tree,
}

/// What the id rule is, as the docs say it: lower-case words (letters and digits) joined
/// by single `-` (kebab-case). Exercise, check and question ids follow it.
pub const ID_RULE: &str =
    "lower-case letters and digits, words joined by single `-` (kebab-case, like `redis-ha`)";

/// Why `id` breaks [`ID_RULE`], or `None` when it follows it.
pub fn id_problem(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    (!ok).then(|| {
        let suggestion = kebab(id);
        let try_this = if suggestion.is_empty() || suggestion == id {
            String::new()
        } else {
            format!(": use `{suggestion}`")
        };
        format!("an id is {ID_RULE}{try_this}")
    })
}

/// `Redis_HA` → `redis-ha`.
fn kebab(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A TOML parse error, located, and explained when an unknown key is a top-level key of the
/// file (one of `top_level`) written after a `[table]` header: every key after a header
/// belongs to that table until the next header.
pub fn toml_error(
    file: String,
    text: &str,
    e: &toml::de::Error,
    top_level: &[&str],
) -> ContentError {
    let start = e.span().map(|s| s.start);
    let line = start.map(|s| text[..s].matches('\n').count() + 1);
    let mut message = e.message().trim().to_string();
    let key = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .map(str::to_string);
    if let Some(key) = key
        && top_level.contains(&key.as_str())
        && let Some(start) = start
        && let Some(header) = text[..start]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
    {
        message.push_str(&format!(
            ": `{key}` is a top-level key, but keys after the table header `{header}` belong to that table: move `{key}` above the first `[table]` header"
        ));
    }
    ContentError::new(file, line, message)
}

/// Built-in exercises renamed since an earlier release (old id, new id): the old id still
/// finds the exercise, and the progress store moved its records (migration "renamed course
/// ids").
pub const RENAMED: &[(&str, &str)] = &[
    ("seed-web", "interview-web"),
    ("seed-mysql", "tutorial-mysql"),
];

/// The id an exercise goes by now.
pub fn current_id(id: &str) -> &str {
    RENAMED
        .iter()
        .find(|(old, _)| *old == id)
        .map_or(id, |(_, new)| new)
}

impl Course {
    /// An exercise by id, or by the id it had before it was renamed.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        let find = |id: &str| self.exercises.iter().find(|e| e.id == id);
        find(id).or_else(|| find(current_id(id)))
    }

    /// A lesson by slug (`identity`) or number (`2`, `02`).
    pub fn lesson(&self, key: &str) -> Option<&Lesson> {
        match key.parse::<u32>() {
            Ok(n) => self.lessons.iter().find(|l| l.number == n),
            Err(_) => self.lessons.iter().find(|l| l.id == key),
        }
    }

    /// The course embedded in the binary, read once.
    pub fn embedded() -> Result<&'static Course, Vec<ContentError>> {
        static COURSE: OnceLock<Result<Course, Vec<ContentError>>> = OnceLock::new();
        COURSE
            .get_or_init(|| {
                let mut course = Course::load(Tree::Embedded)?;
                // Predict-the-outcome questions generated from the controller simulator.
                for scenario in crate::sim::questions::SCENARIOS {
                    match crate::sim::questions::generate(scenario) {
                        Ok(question) => course.questions.push(question),
                        Err(e) => {
                            let error = format!("{}: {e}", scenario.id);
                            return Err(vec![ContentError::new(
                                "src/sim/questions.rs",
                                None,
                                error,
                            )]);
                        }
                    }
                }
                Ok(course)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// An instructor's course directory (`DIR/exercises/ID/...`).
    pub fn from_dir(dir: &Path) -> Result<Course, Vec<ContentError>> {
        let (course, errors) = Course::from_dir_lenient(dir)?;
        if errors.is_empty() {
            Ok(course)
        } else {
            Err(errors)
        }
    }

    /// An instructor's course directory, with what could be read, and the problems of the
    /// files that could not: a broken question does not stop grading an exercise. `Err`
    /// when `dir` is no course directory at all.
    pub fn from_dir_lenient(dir: &Path) -> Result<(Course, Vec<ContentError>), Vec<ContentError>> {
        if !dir.is_dir() {
            return Err(vec![ContentError::new(
                dir.display().to_string(),
                None,
                if dir.exists() {
                    "this is a file, not a course directory: name the folder that holds exercises/, lessons/ and quizzes/"
                } else {
                    "no such course directory: check the path given with --content (or STS_TUTOR_CONTENT, or the one the workspace remembers)"
                },
            )]);
        }
        if !["exercises", "lessons", "quizzes"]
            .iter()
            .any(|d| dir.join(d).is_dir())
        {
            return Err(vec![ContentError::new(
                dir.display().to_string(),
                None,
                "no exercises/, lessons/ or quizzes/ folder here: a course directory holds exercises/ID/exercise.toml, lessons/NN-slug.md and quizzes/TOPIC.toml",
            )]);
        }
        Ok(Course::load_lenient(Tree::Disk(dir.to_path_buf())))
    }

    fn load(tree: Tree) -> Result<Course, Vec<ContentError>> {
        let (course, errors) = Course::load_lenient(tree);
        if errors.is_empty() {
            Ok(course)
        } else {
            Err(errors)
        }
    }

    /// Everything of a course tree that reads, and the problems of what does not.
    fn load_lenient(tree: Tree) -> (Course, Vec<ContentError>) {
        let mut exercises = Vec::new();
        let mut errors = Vec::new();
        for id in tree.dirs("exercises") {
            match Exercise::load(&tree, &id) {
                Ok(exercise) => exercises.push(exercise),
                Err(e) => errors.push(e),
            }
        }
        let mut lessons = Vec::new();
        for name in tree.files("lessons") {
            if name.ends_with(".md") && name != "README.md" {
                match Lesson::load(&tree, &name) {
                    Ok(lesson) => lessons.push(lesson),
                    Err(e) => errors.push(e),
                }
            }
        }
        lessons.sort_by_key(|l| l.number);
        let (questions, mut quiz_errors) = quiz::load_lenient(&tree);
        errors.append(&mut quiz_errors);
        (
            Course {
                exercises,
                lessons,
                questions,
                tree,
            },
            errors,
        )
    }
}
