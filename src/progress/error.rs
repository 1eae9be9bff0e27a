//! Everything that can go wrong with the progress store, worded for the learner: each
//! message names the file involved and says what to do about it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::ErrorCode;

/// How long a write waits for another sts-tutor process to finish its own write before
/// giving up; long enough for any real write, short enough that a stuck process is noticed.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a progress operation failed. SQL failures carry the underlying `rusqlite::Error`
/// as their [`source`](std::error::Error::source).
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory could not be created (a file in the way, no permission, …).
    CreateDir { dir: PathBuf, source: io::Error },
    /// The file was written by a newer sts-tutor whose schema this build does not know.
    /// It is left exactly as it was.
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// SQLite could not open the file at all (missing permissions, a directory in the way).
    CannotOpen {
        path: PathBuf,
        action: String,
        source: rusqlite::Error,
    },
    /// The file or its directory is read-only.
    ReadOnly {
        path: PathBuf,
        action: String,
        source: rusqlite::Error,
    },
    /// The disk (or the database's size limit) is full; nothing was written.
    DiskFull {
        path: PathBuf,
        action: String,
        source: rusqlite::Error,
    },
    /// Another process held the write lock for longer than the busy timeout.
    Busy {
        path: PathBuf,
        action: String,
        source: rusqlite::Error,
    },
    /// SQLite found damage that opening could not deal with: either while the store was
    /// already open (the next [`Store::open`](crate::progress::Store::open) moves the file
    /// aside), or in a freshly started file (a failing disk).
    Corrupt {
        path: PathBuf,
        action: String,
        detail: String,
    },
    /// The file is damaged and could not be moved aside, so no fresh store was started.
    MoveAside {
        path: PathBuf,
        to: PathBuf,
        source: io::Error,
    },
    /// The caller passed an attempt or hint that would store nonsense.
    InvalidInput { exercise: String, reason: String },
    /// A stored row could not be decoded.
    BadRow {
        path: PathBuf,
        table: &'static str,
        id: i64,
        detail: String,
    },
    /// Any other SQLite failure.
    Sqlite {
        path: PathBuf,
        action: String,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Sorts a SQLite error into the variant that tells the learner what to do.
    pub(crate) fn from_sqlite(path: &Path, action: &str, source: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        let action = action.to_string();
        match source.sqlite_error_code() {
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen {
                path,
                action,
                source,
            },
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => StoreError::ReadOnly {
                path,
                action,
                source,
            },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull {
                path,
                action,
                source,
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
                path,
                action,
                source,
            },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
                path,
                action,
                detail: source.to_string(),
            },
            _ => StoreError::Sqlite {
                path,
                action,
                source,
            },
        }
    }

    /// A closure for `map_err` that classifies with [`StoreError::from_sqlite`].
    pub(crate) fn sql<'a>(
        path: &'a Path,
        action: &'a str,
    ) -> impl FnOnce(rusqlite::Error) -> StoreError + 'a {
        move |source| StoreError::from_sqlite(path, action, source)
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::CreateDir { dir, source } => write!(
                f,
                "cannot create the progress directory {}: {source}; make sure that path is \
                 (or can become) a writable directory, or set {} to another directory",
                dir.display(),
                crate::progress::DATA_DIR_ENV,
            ),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => write!(
                f,
                "progress database {} was created by a newer sts-tutor (schema version {found}, \
                 this build knows up to {supported}); upgrade sts-tutor to keep using it. \
                 The file was not modified",
                path.display(),
            ),
            StoreError::CannotOpen {
                path,
                action,
                source,
            } => write!(
                f,
                "cannot open progress database {} ({action}): {source}; check that the file \
                 and its directory are readable and writable and that nothing else is in the \
                 way (e.g. a directory named like the file's -wal or -shm companion)",
                path.display(),
            ),
            StoreError::ReadOnly {
                path,
                action,
                source,
            } => write!(
                f,
                "cannot write progress database {} ({action}): it is read-only ({source}); \
                 make the file and its directory writable, or set {} to a writable directory",
                path.display(),
                crate::progress::DATA_DIR_ENV,
            ),
            StoreError::DiskFull {
                path,
                action,
                source,
            } => write!(
                f,
                "cannot write progress database {} ({action}): the disk is full ({source}); \
                 free some space and try again. Nothing was recorded; earlier progress is intact",
                path.display(),
            ),
            StoreError::Busy {
                path,
                action,
                source,
            } => write!(
                f,
                "progress database {} stayed locked by another sts-tutor process for over {} s \
                 ({action}): {source}; try again once the other process has finished",
                path.display(),
                BUSY_TIMEOUT.as_secs(),
            ),
            StoreError::Corrupt {
                path,
                action,
                detail,
            } => write!(
                f,
                "progress database {} is damaged ({action}): {detail}; run sts-tutor again to \
                 move the damaged file aside and start a fresh one (if this keeps happening, \
                 the disk may be failing)",
                path.display(),
            ),
            StoreError::MoveAside { path, to, source } => write!(
                f,
                "progress database {} is damaged and could not be moved aside to {}: {source}; \
                 move or delete it yourself, then run sts-tutor again",
                path.display(),
                to.display(),
            ),
            StoreError::InvalidInput { exercise, reason } => {
                write!(
                    f,
                    "not recording progress for exercise {exercise:?}: {reason}"
                )
            }
            StoreError::BadRow {
                path,
                table,
                id,
                detail,
            } => write!(
                f,
                "progress database {} has an unreadable row (table {table}, id {id}): {detail}; \
                 the file may have been edited by hand",
                path.display(),
            ),
            StoreError::Sqlite {
                path,
                action,
                source,
            } => write!(
                f,
                "progress database {} failed ({action}): {source}",
                path.display(),
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::CreateDir { source, .. } | StoreError::MoveAside { source, .. } => {
                Some(source)
            }
            StoreError::CannotOpen { source, .. }
            | StoreError::ReadOnly { source, .. }
            | StoreError::DiskFull { source, .. }
            | StoreError::Busy { source, .. }
            | StoreError::Sqlite { source, .. } => Some(source),
            StoreError::NewerSchema { .. }
            | StoreError::Corrupt { .. }
            | StoreError::InvalidInput { .. }
            | StoreError::BadRow { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_error(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn classification_names_file_and_remedy() {
        let path = Path::new("/data/progress.sqlite3");
        let full = StoreError::from_sqlite(path, "recording an attempt", sqlite_error(13));
        assert!(matches!(full, StoreError::DiskFull { .. }));
        let text = full.to_string();
        assert!(text.contains("/data/progress.sqlite3"), "{text}");
        assert!(text.contains("free some space"), "{text}");

        let ro = StoreError::from_sqlite(path, "recording a hint", sqlite_error(8));
        assert!(matches!(ro, StoreError::ReadOnly { .. }));
        assert!(ro.to_string().contains("writable"));

        assert!(matches!(
            StoreError::from_sqlite(path, "x", sqlite_error(5)),
            StoreError::Busy { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(path, "x", sqlite_error(26)),
            StoreError::Corrupt { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(path, "x", sqlite_error(14)),
            StoreError::CannotOpen { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(path, "x", rusqlite::Error::QueryReturnedNoRows),
            StoreError::Sqlite { .. }
        ));
    }

    #[test]
    fn newer_schema_message() {
        let err = StoreError::NewerSchema {
            path: PathBuf::from("/data/progress.sqlite3"),
            found: 7,
            supported: 1,
        };
        let text = err.to_string();
        assert!(text.contains("created by a newer sts-tutor"), "{text}");
        assert!(text.contains("upgrade sts-tutor"), "{text}");
        assert!(text.contains("/data/progress.sqlite3"), "{text}");
        assert!(std::error::Error::source(&err).is_none());
    }
}
