//! The SQLite-backed store: opening (with health checks and recovery), writing, reading.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, Row, TransactionBehavior, params};

use super::attempt::{Attempt, check_exercise};
use super::cards::CardReview;
use super::error::{BUSY_TIMEOUT, StoreError};
use super::health::{Probe, probe};
use super::migrations::{MIGRATIONS, migrate};
use super::recovery::{Recovery, move_aside};
use super::status::{AttemptFacts, ExerciseStatus, StatusBuilder};

/// Name of the database file inside the data directory.
pub const DB_FILE_NAME: &str = "progress.sqlite3";

/// What errors call an in-memory store.
const IN_MEMORY: &str = ":memory:";

/// How often `open` moves a damaged file aside before giving up; more than once only if
/// the fresh file is damaged too (a failing disk), which moving again would not fix.
const RECOVERY_ROUNDS: usize = 3;

/// The learner's progress database: one SQLite connection plus where it points.
///
/// Several `Store`s (in one process or many) may use the same file at once: the file is in
/// WAL mode, every write is its own `BEGIN IMMEDIATE` transaction, and a writer waits up to
/// 5 s for another to finish.
#[derive(Debug)]
pub struct Store {
    pub(super) conn: Connection,
    path: Option<PathBuf>,
    /// The file path, or `:memory:`, for error messages.
    pub(super) location: PathBuf,
    recovery: Option<Recovery>,
}

impl Store {
    /// Opens (creating if needed) `dir/progress.sqlite3`, creating `dir` too, and brings the
    /// schema up to date.
    ///
    /// A file from a newer sts-tutor is refused with [`StoreError::NewerSchema`] and left
    /// untouched. A damaged file is not overwritten: it is moved aside, a fresh store is
    /// started, and `Ok` is returned with [`Store::recovery`] saying where the old file went;
    /// callers should show that to the learner.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DB_FILE_NAME);
        let mut recovery = None;
        let mut rounds = 0;
        let conn = loop {
            match probe(&path)? {
                Probe::Healthy(conn) => break conn,
                Probe::Damaged(reason) if rounds < RECOVERY_ROUNDS => {
                    rounds += 1;
                    if let Some(moved) = move_aside(&path, reason, unix_now())? {
                        recovery = Some(moved);
                    }
                }
                Probe::Damaged(detail) => {
                    return Err(StoreError::Corrupt {
                        path,
                        action: "opening a freshly started database".to_string(),
                        detail,
                    });
                }
            }
        };
        let mut store = Store {
            conn,
            location: path.clone(),
            path: Some(path),
            recovery,
        };
        store.configure()?;
        Ok(store)
    }

    /// A store that lives only as long as the value: for tests and for trying the tutor
    /// without leaving files behind.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let location = PathBuf::from(IN_MEMORY);
        let conn = Connection::open_in_memory().map_err(StoreError::sql(&location, "opening"))?;
        let mut store = Store {
            conn,
            path: None,
            location,
            recovery: None,
        };
        store.configure()?;
        Ok(store)
    }

    /// The database file, `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Set when [`Store::open`] found the file damaged and moved it aside; `None` normally.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// Per-connection settings, then migrations.
    fn configure(&mut self) -> Result<(), StoreError> {
        let location = &self.location;
        let fail = |action: &'static str| StoreError::sql(location, action);
        enable_wal(&self.conn, location)?;
        // FULL rather than NORMAL: with NORMAL a power cut may drop the last commits (a
        // process crash cannot). Writes happen at human pace, one per graded attempt, so
        // the fsync per commit costs nothing noticeable and "recorded" stays recorded.
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(fail("setting synchronous=FULL"))?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(fail("enabling foreign keys"))?;
        migrate(&mut self.conn, &self.location, MIGRATIONS)
    }

    /// Stores a graded attempt and returns its row id. The attempt is checked first
    /// (non-empty exercise id, `score <= max_score`, a real hash), so caller bugs surface
    /// as [`StoreError::InvalidInput`] instead of odd figures later.
    pub fn record_attempt(&mut self, attempt: &Attempt) -> Result<i64, StoreError> {
        self.record_attempt_and_review(attempt, None)
    }

    /// Stores a graded attempt and, when given, the review of its card, in one transaction:
    /// both are kept or neither, and `check` pays for one commit instead of two.
    pub fn record_attempt_and_review(
        &mut self,
        attempt: &Attempt,
        review: Option<&CardReview<'_>>,
    ) -> Result<i64, StoreError> {
        let invalid = |reason: String| StoreError::InvalidInput {
            exercise: attempt.exercise.clone(),
            reason,
        };
        attempt.check().map_err(invalid)?;
        let failed_checks = serde_json::to_string(&attempt.failed_checks)
            .map_err(|e| invalid(format!("failed checks cannot be encoded: {e}")))?;

        let location = &self.location;
        let fail = |e| StoreError::from_sqlite(location, "recording an attempt", e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        tx.execute(
            "INSERT INTO attempts
                 (exercise, at, score, max_score, passed, failed_checks, hints_used,
                  submission_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                attempt.exercise,
                attempt.at,
                attempt.score,
                attempt.max_score,
                attempt.passed,
                failed_checks,
                attempt.hints_used,
                attempt.submission_hash,
            ],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        if let Some(review) = review {
            review.write(&tx).map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Records that hint `level` of `exercise` was revealed at `at`, so the next attempt
    /// (possibly in another run) knows how many hints were used. Kept as a log, not a
    /// counter, for later review features.
    pub fn record_hint(&mut self, exercise: &str, level: u32, at: i64) -> Result<(), StoreError> {
        check_exercise(exercise).map_err(|reason| StoreError::InvalidInput {
            exercise: exercise.to_string(),
            reason,
        })?;
        let location = &self.location;
        let fail = |e| StoreError::from_sqlite(location, "recording a hint", e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        tx.execute(
            "INSERT INTO hints (exercise, level, at) VALUES (?1, ?2, ?3)",
            params![exercise, level, at],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// Records that a lesson was opened, so the tutor can say where the learner is.
    pub fn record_lesson(&mut self, lesson: &str, at: i64) -> Result<(), StoreError> {
        check_exercise(lesson).map_err(|reason| StoreError::InvalidInput {
            exercise: lesson.to_string(),
            reason,
        })?;
        let location = &self.location;
        let fail = |e| StoreError::from_sqlite(location, "recording a lesson", e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        tx.execute(
            "INSERT INTO lessons_read (lesson, at) VALUES (?1, ?2)",
            params![lesson, at],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// The lessons opened so far, most recent first, each once.
    pub fn lessons_read(&self) -> Result<Vec<String>, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading lessons", e);
        let mut stmt = self
            .conn
            .prepare("SELECT lesson FROM lessons_read GROUP BY lesson ORDER BY MAX(id) DESC")
            .map_err(fail)?;
        let rows = stmt.query_map([], |row| row.get(0)).map_err(fail)?;
        rows.collect::<Result<Vec<String>, _>>().map_err(fail)
    }

    /// The lessons opened so far with when each was last opened, most recent first: the
    /// study plan follows on from the lesson just read.
    pub fn lesson_reads(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading lessons", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT lesson, MAX(at) FROM lessons_read GROUP BY lesson ORDER BY MAX(id) DESC",
            )
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(fail)?;
        rows.collect::<Result<Vec<(String, i64)>, _>>()
            .map_err(fail)
    }

    /// The highest hint level revealed so far for `exercise` (0 if none): the next hint to
    /// show is this plus one.
    pub fn hints_revealed(&self, exercise: &str) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT COALESCE(MAX(level), 0) FROM hints WHERE exercise = ?1",
                [exercise],
                |row| row.get(0),
            )
            .map_err(StoreError::sql(&self.location, "reading hints"))
    }

    /// Whether any attempt at `exercise` passed (one indexed look-up: `check` asks on every
    /// save).
    pub fn has_passed(&self, exercise: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM attempts WHERE exercise = ?1 AND passed = 1)",
                [exercise],
                |row| row.get(0),
            )
            .map_err(StoreError::sql(&self.location, "reading attempts"))
    }

    /// Every attempt at `exercise`, oldest first.
    pub fn attempts(&self, exercise: &str) -> Result<Vec<Attempt>, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading attempts", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, exercise, at, score, max_score, passed, failed_checks, hints_used,
                        submission_hash
                 FROM attempts WHERE exercise = ?1 ORDER BY id",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([exercise]).map_err(fail)?;
        let mut attempts = Vec::new();
        while let Some(row) = rows.next().map_err(fail)? {
            attempts.push(self.decode_attempt(row)?);
        }
        Ok(attempts)
    }

    fn decode_attempt(&self, row: &Row<'_>) -> Result<Attempt, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading attempts", e);
        let id: i64 = row.get("id").map_err(fail)?;
        let checks: String = row.get("failed_checks").map_err(fail)?;
        let failed_checks = serde_json::from_str(&checks).map_err(|e| StoreError::BadRow {
            path: self.location.clone(),
            table: "attempts",
            id,
            detail: format!("failed_checks is not a JSON list of strings: {e}"),
        })?;
        Ok(Attempt {
            exercise: row.get("exercise").map_err(fail)?,
            at: row.get("at").map_err(fail)?,
            score: row.get("score").map_err(fail)?,
            max_score: row.get("max_score").map_err(fail)?,
            passed: row.get("passed").map_err(fail)?,
            failed_checks,
            hints_used: row.get("hints_used").map_err(fail)?,
            submission_hash: row.get("submission_hash").map_err(fail)?,
        })
    }

    /// Where the learner stands on `exercise`; an all-zero status if it was never tried.
    pub fn status(&self, exercise: &str) -> Result<ExerciseStatus, StoreError> {
        let mut statuses = self.collect_statuses(Some(exercise))?;
        Ok(statuses
            .remove(exercise)
            .unwrap_or_default()
            .finish(exercise.to_string()))
    }

    /// One status per exercise with attempts or hints, sorted by exercise id.
    pub fn all_statuses(&self) -> Result<Vec<ExerciseStatus>, StoreError> {
        Ok(self
            .collect_statuses(None)?
            .into_iter()
            .map(|(exercise, builder)| builder.finish(exercise))
            .collect())
    }

    /// Reads attempts and hints (of one exercise, or all) in one read transaction, so a
    /// concurrent writer can't make the two disagree.
    fn collect_statuses(
        &self,
        only: Option<&str>,
    ) -> Result<BTreeMap<String, StatusBuilder>, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading progress", e);
        let tx = self.conn.unchecked_transaction().map_err(fail)?;
        let mut builders: BTreeMap<String, StatusBuilder> = BTreeMap::new();

        let mut stmt = tx
            .prepare(
                "SELECT exercise, at, score, max_score, passed, hints_used FROM attempts
                 WHERE ?1 IS NULL OR exercise = ?1 ORDER BY exercise, id",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([only]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let exercise: String = row.get(0).map_err(fail)?;
            let facts = AttemptFacts {
                at: row.get(1).map_err(fail)?,
                score: row.get(2).map_err(fail)?,
                max_score: row.get(3).map_err(fail)?,
                passed: row.get(4).map_err(fail)?,
                hints_used: row.get(5).map_err(fail)?,
            };
            builders.entry(exercise).or_default().add_attempt(facts);
        }
        drop(rows);
        drop(stmt);

        let mut stmt = tx
            .prepare(
                "SELECT exercise, MAX(level) FROM hints
                 WHERE ?1 IS NULL OR exercise = ?1 GROUP BY exercise",
            )
            .map_err(fail)?;
        let mut rows = stmt.query([only]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let exercise: String = row.get(0).map_err(fail)?;
            let level: u32 = row.get(1).map_err(fail)?;
            builders.entry(exercise).or_default().add_hint_level(level);
        }
        drop(rows);
        drop(stmt);
        tx.commit().map_err(fail)?;
        Ok(builders)
    }
}

/// Switches the file to WAL mode: readers never block the writer, and a crash can't tear a
/// commit. Where WAL is impossible (some network filesystems) SQLite keeps the old mode;
/// the store still works, with less concurrency, so that is not an error.
///
/// The switch needs an exclusive lock, and when two processes attempt it at once on a new
/// file SQLite reports "busy" at once rather than waiting (waiting could deadlock), so it
/// is retried here for up to the busy timeout.
fn enable_wal(conn: &Connection, location: &Path) -> Result<(), StoreError> {
    let action = "switching to WAL mode";
    let current: String = conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .map_err(StoreError::sql(location, action))?;
    if current.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(_mode) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(StoreError::from_sqlite(location, action, e)),
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod lesson_tests {
    use super::*;

    #[test]
    fn lessons_read_most_recent_first() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.lessons_read().unwrap().is_empty());
        store.record_lesson("identity", 1).unwrap();
        store.record_lesson("storage", 2).unwrap();
        store.record_lesson("identity", 3).unwrap();
        assert_eq!(store.lessons_read().unwrap(), ["identity", "storage"]);
        assert_eq!(
            store.lesson_reads().unwrap(),
            [("identity".to_string(), 3), ("storage".to_string(), 2)]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::submission_hash;

    fn attempt(exercise: &str, at: i64, score: u32, passed: bool) -> Attempt {
        Attempt {
            exercise: exercise.to_string(),
            at,
            score,
            max_score: 5,
            passed,
            failed_checks: vec!["replicas".to_string(), "service-name".to_string()],
            hints_used: 1,
            submission_hash: submission_hash(at.to_string().as_bytes()),
        }
    }

    fn count(store: &Store) -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn an_attempt_and_its_card_review_are_written_together_or_not_at_all() {
        let mut store = Store::open_in_memory().unwrap();
        let missed = vec!["replicas".to_string()];
        let review = |at| crate::progress::CardReview {
            card: "exercise:a",
            topic: "a",
            rating: crate::progress::Rating::Again,
            at,
            source: "exercise",
            missed: &missed,
        };
        store
            .record_attempt_and_review(&attempt("a", 10, 2, false), Some(&review(10)))
            .unwrap();
        assert_eq!(count(&store), 1);
        assert_eq!(store.reviews().unwrap().len(), 1);
        assert_eq!(store.reviews().unwrap()[0].missed, missed);

        // An invalid attempt (score above the maximum) writes neither.
        let bad = attempt("a", 20, 9, true);
        assert!(
            store
                .record_attempt_and_review(&bad, Some(&review(20)))
                .is_err()
        );
        assert_eq!(count(&store), 1);
        assert_eq!(store.reviews().unwrap().len(), 1);
    }

    #[test]
    fn in_memory_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.path(), None);
        let first = attempt("a", 10, 2, false);
        let second = attempt("a", 20, 5, true);
        let id1 = store.record_attempt(&first).unwrap();
        let id2 = store.record_attempt(&second).unwrap();
        assert!(id2 > id1);
        store.record_attempt(&attempt("b", 30, 1, false)).unwrap();
        assert_eq!(store.attempts("a").unwrap(), [first, second]);
        assert!(store.attempts("missing").unwrap().is_empty());
    }

    #[test]
    fn hints_and_statuses() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.hints_revealed("a").unwrap(), 0);
        store.record_hint("a", 1, 5).unwrap();
        store.record_hint("a", 2, 6).unwrap();
        store.record_hint("c", 1, 7).unwrap();
        assert_eq!(store.hints_revealed("a").unwrap(), 2);
        store.record_attempt(&attempt("a", 10, 5, true)).unwrap();
        store.record_attempt(&attempt("a", 20, 3, false)).unwrap();
        store.record_attempt(&attempt("b", 30, 1, false)).unwrap();

        let a = store.status("a").unwrap();
        assert_eq!(
            a,
            ExerciseStatus {
                exercise: "a".to_string(),
                attempts: 2,
                best_score: 5,
                max_score: 5,
                passed: true,
                hints_used: 2,
                last_at: Some(20),
            }
        );
        let never = store.status("never").unwrap();
        assert_eq!(
            (never.attempts, never.passed, never.last_at),
            (0, false, None)
        );

        let all = store.all_statuses().unwrap();
        let ids: Vec<_> = all.iter().map(|s| s.exercise.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(all[0], a);
        assert_eq!((all[2].attempts, all[2].hints_used), (0, 1));
    }

    #[test]
    fn invalid_input_is_rejected_before_writing() {
        let mut store = Store::open_in_memory().unwrap();
        let mut bad = attempt("a", 10, 2, false);
        bad.score = 9;
        let err = store.record_attempt(&bad).unwrap_err();
        assert!(matches!(err, StoreError::InvalidInput { .. }), "{err:?}");
        assert!(store.record_hint("", 1, 1).is_err());
        assert_eq!(count(&store), 0);
    }

    #[test]
    fn undecodable_row_is_an_error_not_a_panic() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.record_attempt(&attempt("a", 10, 2, false)).unwrap();
        store
            .conn
            .execute(
                "UPDATE attempts SET failed_checks = 'not json' WHERE id = ?1",
                [id],
            )
            .unwrap();
        let err = store.attempts("a").unwrap_err();
        assert!(
            matches!(err, StoreError::BadRow { table: "attempts", id: bad, .. } if bad == id),
            "{err:?}"
        );
        // Summaries don't need the checks and keep working.
        assert_eq!(store.status("a").unwrap().attempts, 1);
    }

    /// SQLITE_READONLY, which root can't provoke with chmod, provoked with `query_only`.
    #[test]
    fn read_only_connection_gives_clear_error_and_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.record_attempt(&attempt("a", 10, 2, false)).unwrap();
        store.conn.pragma_update(None, "query_only", true).unwrap();

        let err = store
            .record_attempt(&attempt("a", 20, 3, false))
            .unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(DB_FILE_NAME) && text.contains("writable"),
            "{text}"
        );
        let err = store.record_hint("a", 1, 30).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
        drop(store);

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.attempts("a").unwrap(), [attempt("a", 10, 2, false)]);
        assert_eq!(store.hints_revealed("a").unwrap(), 0);
    }

    /// A full disk, simulated by capping the file at its current size.
    #[test]
    fn full_disk_gives_clear_error_and_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut stored = Vec::new();
        for at in 0..5 {
            let a = attempt("a", at, 1, false);
            store.record_attempt(&a).unwrap();
            stored.push(a);
        }
        let pages: i64 = store
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap();
        store
            .conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();

        let mut big = attempt("a", 99, 1, false);
        big.failed_checks = (0..2000).map(|i| format!("check-{i}")).collect();
        let err = store.record_attempt(&big).unwrap_err();
        assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(DB_FILE_NAME) && text.contains("free some space"),
            "{text}"
        );
        // The connection stays usable for reading.
        assert_eq!(store.attempts("a").unwrap(), stored);
        drop(store);

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.attempts("a").unwrap(), stored);
        assert!(store.recovery().is_none());
    }
}
