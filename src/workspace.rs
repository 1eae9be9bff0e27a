//! The learner's workspace: a folder with one sub-folder per exercise holding the file to
//! edit, created from the starters by `sts-tutor init` (like rustlings' exercises folder).
//! Existing files are never overwritten: nothing the learner wrote is lost.

use std::path::{Path, PathBuf};

use crate::content::{Course, Exercise};

/// The marker file that makes a folder a workspace (found from any folder below it).
pub const MARKER: &str = ".sts-tutor-workspace";

/// What `init` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Created(PathBuf),
    KeptExisting(PathBuf),
}

/// The marker line that names the workspace's course (`content = DIR`).
const CONTENT_KEY: &str = "content = ";

/// Creates (or completes) a workspace in `dir` with every exercise's starter file.
pub fn init(dir: &Path, course: &Course) -> std::io::Result<Vec<Written>> {
    init_for(dir, course, None)
}

/// Like [`init`], and remembers `content` (an instructor's course directory) in the marker
/// file, so commands run inside the workspace use that course without `--content`.
pub fn init_for(
    dir: &Path,
    course: &Course,
    content: Option<&Path>,
) -> std::io::Result<Vec<Written>> {
    std::fs::create_dir_all(dir)?;
    let marker = dir.join(MARKER);
    let remembered = match content {
        Some(content) => Some(std::fs::canonicalize(content)?),
        None => content_of(dir),
    };
    if !marker.exists() || content.is_some() {
        let mut text =
            "This folder is an sts-tutor workspace. Run `sts-tutor exercises` from here.\n"
                .to_string();
        if let Some(path) = &remembered {
            text.push_str(&format!("{CONTENT_KEY}{}\n", path.display()));
        }
        std::fs::write(&marker, text)?;
    }
    let mut written = Vec::new();
    for exercise in &course.exercises {
        let path = file_in(dir, exercise);
        if path.exists() {
            written.push(Written::KeptExisting(path));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_new(&path, &exercise.starter)?;
        written.push(Written::Created(path));
    }
    Ok(written)
}

/// Writes a file that must not exist yet (so a concurrent edit is never clobbered).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// The file the learner edits for an exercise, inside a workspace.
pub fn file_in(workspace: &Path, exercise: &Exercise) -> PathBuf {
    workspace.join(&exercise.id).join(&exercise.file)
}

/// The course directory a workspace remembers (written by `init --content DIR`).
pub fn content_of(workspace: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(workspace.join(MARKER)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(CONTENT_KEY))
        .map(|p| PathBuf::from(p.trim()))
        .filter(|p| !p.as_os_str().is_empty())
}

/// The workspace containing `start` (or one of its parents), if any.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(MARKER).is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_starters_once_and_keeps_edits() {
        let course = Course::embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let first = init(dir.path(), course).unwrap();
        assert!(first.iter().all(|w| matches!(w, Written::Created(_))));
        let exercise = course.exercise("interview-web").unwrap();
        let file = file_in(dir.path(), exercise);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), exercise.starter);
        std::fs::write(&file, "my work").unwrap();
        let second = init(dir.path(), course).unwrap();
        assert!(second.iter().all(|w| matches!(w, Written::KeptExisting(_))));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "my work");
        assert_eq!(
            find(&dir.path().join("interview-web")).as_deref(),
            Some(dir.path())
        );
    }
}
