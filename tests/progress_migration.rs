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
             VALUES ('interview-web', 100, 4, 10, 0, '[\"headless-service\",\"replicas\"]', 1, ?1),
                    ('interview-web', 200, 10, 10, 1, '[]', 2, ?1)",
            [&hash],
        )
        .unwrap();
        conn.execute("INSERT INTO hints (exercise, level, at) VALUES ('interview-web', 1, 90), ('interview-web', 2, 150)", []).unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert!(
        store.recovery().is_none(),
        "an old file is upgraded, not treated as damaged"
    );
    let attempts = store.attempts("interview-web").unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].failed_checks, ["headless-service", "replicas"]);
    assert_eq!((attempts[1].score, attempts[1].passed), (10, true));
    assert_eq!(store.hints_revealed("interview-web").unwrap(), 2);
    let status = store.status("interview-web").unwrap();
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
    assert_eq!(version, 4);
}

/// Exercises and questions whose ids named the material the course grew from were renamed;
/// a learner's records move with them, and the old ids still find the exercises.
#[test]
fn renamed_ids_carry_their_progress() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("progress.sqlite3")).unwrap();
        conn.execute_batch(
            "
            CREATE TABLE attempts (id INTEGER PRIMARY KEY, exercise TEXT NOT NULL, at INTEGER NOT NULL,
                score INTEGER NOT NULL, max_score INTEGER NOT NULL, passed INTEGER NOT NULL,
                failed_checks TEXT NOT NULL DEFAULT '[]', hints_used INTEGER NOT NULL,
                submission_hash TEXT NOT NULL);
            CREATE INDEX attempts_by_exercise ON attempts (exercise, id);
            CREATE TABLE hints (id INTEGER PRIMARY KEY, exercise TEXT NOT NULL, level INTEGER NOT NULL,
                at INTEGER NOT NULL);
            CREATE INDEX hints_by_exercise ON hints (exercise, level);
            CREATE TABLE lessons_read (id INTEGER PRIMARY KEY, lesson TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE INDEX lessons_read_by_lesson ON lessons_read (lesson);
            CREATE TABLE cards (card TEXT PRIMARY KEY, due INTEGER NOT NULL, state TEXT NOT NULL);
            CREATE TABLE reviews (id INTEGER PRIMARY KEY, card TEXT NOT NULL, topic TEXT NOT NULL,
                at INTEGER NOT NULL, rating INTEGER NOT NULL, source TEXT NOT NULL,
                missed TEXT NOT NULL DEFAULT '[]');
            CREATE INDEX reviews_by_card ON reviews (card, id);
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO attempts VALUES (1, 'seed-web', 100, 10, 10, 1, '[]', 0, 'h');
            INSERT INTO hints VALUES (1, 'seed-mysql', 2, 90);
            INSERT INTO reviews VALUES (1, 'exercise:seed-web', 'seed-web', 100, 3, 'exercise', '[]');
            INSERT INTO reviews VALUES (2, 'question:ordering-seed-in-sequence', 'ordering', 100, 1, 'quiz', '[]');
            PRAGMA user_version = 3;
            ",
        )
        .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let status = store.status("interview-web").unwrap();
    assert!(status.passed, "the pass moved to the new id");
    assert_eq!(store.hints_revealed("tutorial-mysql").unwrap(), 2);
    let cards: Vec<String> = store
        .reviews()
        .unwrap()
        .into_iter()
        .map(|r| r.card)
        .collect();
    assert_eq!(
        cards,
        [
            "exercise:interview-web",
            "question:ordering-tutorial-in-sequence"
        ]
    );
    let course = sts_tutor::content::Course::embedded().unwrap();
    assert_eq!(course.exercise("seed-web").unwrap().id, "interview-web");
}
