//! A progress file written before spaced repetition existed (schema version 1: attempts and
//! hints only) is upgraded in place, with nothing lost.

use sts_tutor::progress::{Rating, Store, submission_hash};

/// The schema of the first release, as it was written then.
const VERSION_1: &str = "
    CREATE TABLE attempts (
        id              INTEGER PRIMARY KEY,
        exercise        TEXT    NOT NULL,
        at              INTEGER NOT NULL,
        score           INTEGER NOT NULL CHECK (score >= 0),
        max_score       INTEGER NOT NULL CHECK (max_score >= 0),
        passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
        failed_checks   TEXT    NOT NULL DEFAULT '[]',
        hints_used      INTEGER NOT NULL CHECK (hints_used >= 0),
        submission_hash TEXT    NOT NULL
    );
    CREATE INDEX attempts_by_exercise ON attempts (exercise, id);
    CREATE TABLE hints (
        id       INTEGER PRIMARY KEY,
        exercise TEXT    NOT NULL,
        level    INTEGER NOT NULL CHECK (level >= 0),
        at       INTEGER NOT NULL
    );
    CREATE INDEX hints_by_exercise ON hints (exercise, level);
    PRAGMA user_version = 1;
";

#[test]
fn an_exercise_only_store_upgrades_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("progress.sqlite3")).unwrap();
        conn.execute_batch(VERSION_1).unwrap();
        let hash = submission_hash(b"kind: StatefulSet\n");
        conn.execute(
            "INSERT INTO attempts (exercise, at, score, max_score, passed, failed_checks, hints_used, submission_hash)
             VALUES ('seed-web', 100, 4, 10, 0, '[\"headless-service\",\"replicas\"]', 1, ?1),
                    ('seed-web', 200, 10, 10, 1, '[]', 2, ?1)",
            [&hash],
        )
        .unwrap();
        conn.execute("INSERT INTO hints (exercise, level, at) VALUES ('seed-web', 1, 90), ('seed-web', 2, 150)", []).unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert!(
        store.recovery().is_none(),
        "an old file is upgraded, not treated as damaged"
    );
    let attempts = store.attempts("seed-web").unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].failed_checks, ["headless-service", "replicas"]);
    assert_eq!((attempts[1].score, attempts[1].passed), (10, true));
    assert_eq!(store.hints_revealed("seed-web").unwrap(), 2);
    let status = store.status("seed-web").unwrap();
    assert!(status.passed);
    // The new tables work on the upgraded file.
    store.record_lesson("identity", 300).unwrap();
    store
        .review("question:q", "identity", Rating::Good, 300, "quiz", &[])
        .unwrap();
    assert_eq!(store.cards(300).unwrap().len(), 1);
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("progress.sqlite3")).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 3);
}
