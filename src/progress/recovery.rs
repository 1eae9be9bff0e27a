//! Moving a damaged database aside instead of overwriting it: the learner's history may
//! still be rescued from it (by them, or by a future sts-tutor), so its bytes are kept.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// SQLite's companion files. They belong to the damaged file: left in place, a stale
/// `-wal` or `-journal` would be replayed into the fresh database.
const COMPANION_SUFFIXES: &[&str] = &["-wal", "-shm", "-journal"];

/// What [`Store::open`](crate::progress::Store::open) did with a damaged database file,
/// returned by [`Store::recovery`](crate::progress::Store::recovery) so the caller can tell
/// the learner (its `Display` is a ready-made message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Where the damaged file was; a fresh, empty store is there now.
    pub path: PathBuf,
    /// Where the damaged bytes are now, unchanged:
    /// `progress.sqlite3.damaged-<unix time>` (plus `.<n>` if that name was taken).
    pub moved_to: PathBuf,
    /// Companion files moved along, named `<moved_to>-wal` etc. so SQLite still pairs them.
    pub companions: Vec<PathBuf>,
    /// What SQLite reported about the damage.
    pub reason: String,
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "progress database {} was damaged ({}); it was moved aside to {} and a fresh one \
             was started. Earlier progress is not shown, but its bytes are kept in that file",
            self.path.display(),
            self.reason,
            self.moved_to.display(),
        )
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The `n`th candidate name for moving `path` aside at time `unix`.
fn aside_path(path: &Path, unix: i64, n: u32) -> PathBuf {
    if n == 0 {
        with_suffix(path, &format!(".damaged-{unix}"))
    } else {
        with_suffix(path, &format!(".damaged-{unix}.{n}"))
    }
}

/// Whether something (anything, even unreadable) is at `path`; errors count as taken so a
/// name is only used when it is certainly free.
fn taken(path: &Path) -> bool {
    !matches!(fs::symlink_metadata(path), Err(e) if e.kind() == io::ErrorKind::NotFound)
}

/// Renames the damaged `path` and its companions to the first free
/// `<path>.damaged-<now>[.<n>]` name. Companions go first, so a fresh database created
/// at `path` meanwhile never meets a stale `-wal`. `Ok(None)` when the file disappeared
/// first (another process moved it), in which case there is nothing to report here.
pub(crate) fn move_aside(
    path: &Path,
    reason: String,
    now: i64,
) -> Result<Option<Recovery>, StoreError> {
    let target = (0..1000)
        .map(|n| aside_path(path, now, n))
        .find(|candidate| {
            !taken(candidate)
                && COMPANION_SUFFIXES
                    .iter()
                    .all(|suffix| !taken(&with_suffix(candidate, suffix)))
        })
        .ok_or_else(|| StoreError::MoveAside {
            path: path.to_path_buf(),
            to: aside_path(path, now, 0),
            source: io::Error::new(
                io::ErrorKind::AlreadyExists,
                "every candidate name is already taken",
            ),
        })?;

    let mut companions = Vec::new();
    for suffix in COMPANION_SUFFIXES {
        let from = with_suffix(path, suffix);
        let to = with_suffix(&target, suffix);
        match fs::rename(&from, &to) {
            Ok(()) => companions.push(to),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::MoveAside {
                    path: from,
                    to,
                    source,
                });
            }
        }
    }
    match fs::rename(path, &target) {
        Ok(()) => Ok(Some(Recovery {
            path: path.to_path_buf(),
            moved_to: target,
            companions,
            reason,
        })),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::MoveAside {
            path: path.to_path_buf(),
            to: target,
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let p = Path::new("/d/progress.sqlite3");
        assert_eq!(
            aside_path(p, 1700, 0),
            Path::new("/d/progress.sqlite3.damaged-1700")
        );
        assert_eq!(
            aside_path(p, 1700, 2),
            Path::new("/d/progress.sqlite3.damaged-1700.2")
        );
        assert_eq!(
            with_suffix(&aside_path(p, 1700, 0), "-wal"),
            Path::new("/d/progress.sqlite3.damaged-1700-wal")
        );
    }

    #[test]
    fn never_overwrites_an_earlier_aside_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        fs::write(&path, b"first").unwrap();
        let first = move_aside(&path, "bad".into(), 42).unwrap().unwrap();
        fs::write(&path, b"second").unwrap();
        fs::write(with_suffix(&path, "-wal"), b"second wal").unwrap();
        let second = move_aside(&path, "bad".into(), 42).unwrap().unwrap();

        assert_eq!(
            first.moved_to,
            dir.path().join("progress.sqlite3.damaged-42")
        );
        assert_eq!(
            second.moved_to,
            dir.path().join("progress.sqlite3.damaged-42.1")
        );
        assert_eq!(fs::read(&first.moved_to).unwrap(), b"first");
        assert_eq!(fs::read(&second.moved_to).unwrap(), b"second");
        assert_eq!(
            second.companions,
            [dir.path().join("progress.sqlite3.damaged-42.1-wal")]
        );
        assert_eq!(fs::read(&second.companions[0]).unwrap(), b"second wal");
        assert!(!path.exists());
        assert!(second.to_string().contains("progress.sqlite3.damaged-42.1"));
    }

    #[test]
    fn vanished_file_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        assert_eq!(move_aside(&path, "bad".into(), 1).unwrap(), None);
    }
}
