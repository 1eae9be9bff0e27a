//! The learner's progress: every graded attempt and every hint revealed, kept in one SQLite
//! file so progress survives between runs and several terminals can use the tutor at once.
//!
//! The file is `progress.sqlite3` inside [`default_data_dir`] (or a directory the caller
//! picks). [`Store::open`] creates it, brings its schema up to date through ordered
//! migrations, and refuses files written by a newer sts-tutor rather than guessing at them.
//!
//! Every `open` checks the file first (its header and size, then SQLite's `quick_check`).
//! A damaged file is never overwritten: `open` moves it (and its `-wal`/`-shm`/`-journal`
//! siblings) aside as `progress.sqlite3.damaged-<unix time>`, starts a fresh store, and
//! still returns `Ok`; [`Store::recovery`] then says what happened (its `Display` is a
//! message for the learner). Files that are merely unreadable or unwritable are errors and
//! are never moved.

mod attempt;
mod cards;
mod data_dir;
mod error;
mod hash;
mod health;
mod migrations;
pub mod plan;
mod recovery;
pub mod report;
mod status;
mod store;

pub use attempt::Attempt;
pub use cards::{CardInfo, CardReview, Rating, Review, schedule};
pub use data_dir::{DATA_DIR_ENV, default_data_dir};
pub use error::StoreError;
pub use hash::submission_hash;
pub use recovery::Recovery;
pub use status::ExerciseStatus;
pub use store::{DB_FILE_NAME, Store};

/// The settings key of the learner's interview date (`YYYY-MM-DD`).
pub const INTERVIEW_DATE: &str = "interview_date";

/// Seconds since the Unix epoch, for progress records.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
