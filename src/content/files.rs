//! Where course content is read from: the copy embedded in the binary (so the tutor works
//! after `cargo install`), or an instructor's directory given with `--content DIR`.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

/// The course folders embedded in the binary; `build.rs` makes cargo rebuild when they change.
static EXERCISES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/exercises");
static LESSONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");
static QUIZZES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/quizzes");

/// The embedded directory for a course-relative path (`exercises/interview-web`), and the rest.
fn embedded(rel: &str) -> Option<(&'static Dir<'static>, &str)> {
    let (top, rest) = rel.split_once('/').unwrap_or((rel, ""));
    match top {
        "exercises" => Some((&EXERCISES, rest)),
        "lessons" => Some((&LESSONS, rest)),
        "quizzes" => Some((&QUIZZES, rest)),
        _ => None,
    }
}

fn embedded_dir(rel: &str) -> Option<&'static Dir<'static>> {
    let (mut dir, rest) = embedded(rel)?;
    for name in rest.split('/').filter(|n| !n.is_empty()) {
        dir = child_dir(dir, name)?;
    }
    Some(dir)
}

fn embedded_file(rel: &str) -> Option<&'static include_dir::File<'static>> {
    let (parent, name) = rel.rsplit_once('/')?;
    embedded_dir(parent)?
        .files()
        .find(|f| f.path().file_name().is_some_and(|n| n == name))
}

/// A sub-directory by name. `Dir::get_dir` compares whole paths component by component at
/// every entry, which was a sixth of `check`'s start-up.
fn child_dir(dir: &'static Dir<'static>, name: &str) -> Option<&'static Dir<'static>> {
    dir.dirs()
        .find(|d| d.path().file_name().is_some_and(|n| n == name))
}

#[derive(Debug, Clone)]
pub enum Tree {
    Embedded,
    Disk(PathBuf),
}

impl Tree {
    /// How a file of this tree is named in messages.
    pub fn display(&self, rel: &str) -> String {
        match self {
            Tree::Embedded => rel.to_string(),
            Tree::Disk(root) => root.join(rel).display().to_string(),
        }
    }

    /// Names of the sub-directories of `rel`, sorted.
    pub fn dirs(&self, rel: &str) -> Vec<String> {
        self.entries(rel, true)
    }

    /// Names of the files directly in `rel`, sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        self.entries(rel, false)
    }

    fn entries(&self, rel: &str, want_dirs: bool) -> Vec<String> {
        let mut names: Vec<String> = match self {
            Tree::Embedded => match embedded_dir(rel) {
                Some(dir) if want_dirs => dir.dirs().filter_map(|d| name_of(d.path())).collect(),
                Some(dir) => dir.files().filter_map(|f| name_of(f.path())).collect(),
                None => Vec::new(),
            },
            Tree::Disk(root) => std::fs::read_dir(root.join(rel))
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| if want_dirs { p.is_dir() } else { p.is_file() })
                        .filter_map(|p| name_of(&p))
                        .collect()
                })
                .unwrap_or_default(),
        };
        names.sort();
        names
    }

    /// A UTF-8 text file: `None` when absent, `Err` with a reason when unreadable.
    pub fn read(&self, rel: &str) -> Option<Result<String, String>> {
        match self {
            Tree::Embedded => embedded_file(rel).map(|f| {
                f.contents_utf8()
                    .map(str::to_string)
                    .ok_or_else(|| "not UTF-8 text".to_string())
            }),
            Tree::Disk(root) => {
                let path = root.join(rel);
                if !path.is_file() {
                    return None;
                }
                Some(std::fs::read_to_string(&path).map_err(|e| e.to_string()))
            }
        }
    }
}

fn name_of(path: &Path) -> Option<String> {
    path.file_name()?.to_str().map(str::to_string)
}
