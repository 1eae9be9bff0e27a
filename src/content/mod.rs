//! Course content: exercises (and, later, lessons and quizzes), read from the copy embedded
//! in the binary or from an instructor's directory, with the same formats and errors.

pub mod check;
pub mod exercise;
pub mod files;
pub mod lessons;

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

pub use exercise::{Difficulty, Exercise, Expectation, TestCase};
use files::Tree;

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
    pub tree: Tree,
}

impl Course {
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// The course embedded in the binary, read once.
    pub fn embedded() -> Result<&'static Course, Vec<ContentError>> {
        static COURSE: OnceLock<Result<Course, Vec<ContentError>>> = OnceLock::new();
        COURSE
            .get_or_init(|| Course::load(Tree::Embedded))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// An instructor's course directory (`DIR/exercises/ID/...`).
    pub fn from_dir(dir: &Path) -> Result<Course, Vec<ContentError>> {
        if !dir.join("exercises").is_dir() {
            return Err(vec![ContentError::new(
                dir.display().to_string(),
                None,
                "no exercises/ folder here: a course directory holds exercises/ID/exercise.toml",
            )]);
        }
        Course::load(Tree::Disk(dir.to_path_buf()))
    }

    fn load(tree: Tree) -> Result<Course, Vec<ContentError>> {
        let mut exercises = Vec::new();
        let mut errors = Vec::new();
        for id in tree.dirs("exercises") {
            match Exercise::load(&tree, &id) {
                Ok(exercise) => exercises.push(exercise),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Course { exercises, tree })
        } else {
            Err(errors)
        }
    }
}
