//! The schema, as an ordered list of steps. `PRAGMA user_version` records how many steps a
//! file has had; opening applies the missing ones, each in its own transaction, so a crash
//! mid-upgrade leaves the file at the previous version rather than half-changed.
//!
//! To change the schema, append a step; never edit or reorder a released one, because files
//! in the wild already have it applied.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::error::StoreError;

/// One schema change.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    /// What the step is for, used in error messages.
    pub(crate) name: &'static str,
    pub(crate) sql: &'static str,
}

/// Every schema step so far; a file at version `n` has had the first `n` applied.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "attempts and hints",
        // Plain CREATE TABLE (no IF NOT EXISTS): a foreign database that happens to have these
        // tables fails loudly instead of being mixed with ours.
        sql: "
        CREATE TABLE attempts (
            id              INTEGER PRIMARY KEY,
            exercise        TEXT    NOT NULL,
            at              INTEGER NOT NULL,
            score           INTEGER NOT NULL CHECK (score >= 0),
            max_score       INTEGER NOT NULL CHECK (max_score >= 0),
            passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
            failed_checks   TEXT    NOT NULL DEFAULT '[]', -- JSON array of check ids
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
    ",
    },
    Migration {
        name: "lessons read",
        sql: "
        CREATE TABLE lessons_read (
            id     INTEGER PRIMARY KEY,
            lesson TEXT    NOT NULL,
            at     INTEGER NOT NULL
        );
        CREATE INDEX lessons_read_by_lesson ON lessons_read (lesson);
    ",
    },
    Migration {
        name: "spaced repetition",
        sql: "
        -- One FSRS card per question or exercise ('question:ID', 'exercise:ID').
        CREATE TABLE cards (
            card  TEXT    PRIMARY KEY,
            due   INTEGER NOT NULL,
            state TEXT    NOT NULL -- the FSRS card, as JSON
        );
        CREATE TABLE reviews (
            id      INTEGER PRIMARY KEY,
            card    TEXT    NOT NULL,
            topic   TEXT    NOT NULL,
            at      INTEGER NOT NULL,
            rating  INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            source  TEXT    NOT NULL, -- quiz, interview or exercise
            missed  TEXT    NOT NULL DEFAULT '[]' -- JSON: concepts or checks missed
        );
        CREATE INDEX reviews_by_card ON reviews (card, id);
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
    ",
    },
    Migration {
        name: "renamed course ids",
        // The built-in course renamed two exercises and five questions whose ids named the
        // material it grew from (`content::RENAMED`); a learner's attempts, hints, cards and
        // reviews move to the new ids. OR IGNORE: a card already under the new id (which no
        // build writes before this step) is kept as it is.
        sql: "
        UPDATE attempts SET exercise = 'interview-web' WHERE exercise = 'seed-web';
        UPDATE attempts SET exercise = 'tutorial-mysql' WHERE exercise = 'seed-mysql';
        UPDATE hints SET exercise = 'interview-web' WHERE exercise = 'seed-web';
        UPDATE hints SET exercise = 'tutorial-mysql' WHERE exercise = 'seed-mysql';
        UPDATE reviews SET topic = 'interview-web' WHERE topic = 'seed-web';
        UPDATE reviews SET topic = 'tutorial-mysql' WHERE topic = 'seed-mysql';
        CREATE TEMP TABLE renamed_cards (old TEXT PRIMARY KEY, new TEXT NOT NULL);
        INSERT INTO renamed_cards VALUES
            ('exercise:seed-web', 'exercise:interview-web'),
            ('exercise:seed-mysql', 'exercise:tutorial-mysql'),
            ('question:ordering-seed-in-sequence', 'question:ordering-tutorial-in-sequence'),
            ('question:updates-seed-ordered-updates', 'question:updates-tutorial-ordered-updates'),
            ('question:statefulset-basics-seed-web-facts',
             'question:statefulset-basics-interview-web-facts'),
            ('question:worked-example-seed-realtime-claim',
             'question:worked-example-tutorial-realtime-claim'),
            ('question:worked-example-seed-best-practices',
             'question:worked-example-tutorial-best-practices');
        UPDATE OR IGNORE cards SET card = (SELECT new FROM renamed_cards WHERE old = card)
            WHERE card IN (SELECT old FROM renamed_cards);
        UPDATE reviews SET card = (SELECT new FROM renamed_cards WHERE old = card)
            WHERE card IN (SELECT old FROM renamed_cards);
        DROP TABLE renamed_cards;
    ",
    },
];

/// The schema version this build writes.
pub(crate) fn latest_version(migrations: &[Migration]) -> i64 {
    i64::try_from(migrations.len()).unwrap_or(i64::MAX)
}

/// The file's schema version (0 for a new, empty file).
pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Refuses files from a newer build: their schema may mean things this build would
/// misread or break.
pub(crate) fn refuse_newer(path: &Path, found: i64, supported: i64) -> Result<(), StoreError> {
    if found > supported {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(())
}

/// Applies the steps of `migrations` the file has not had yet. Each step re-reads the
/// version inside its `BEGIN IMMEDIATE` transaction, so two processes opening a new file at
/// once apply each step exactly once.
pub(crate) fn migrate(
    conn: &mut Connection,
    path: &Path,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let latest = latest_version(migrations);
    let found =
        schema_version(conn).map_err(StoreError::sql(path, "reading the schema version"))?;
    refuse_newer(path, found, latest)?;
    if found == latest {
        return Ok(());
    }
    for (index, step) in migrations.iter().enumerate() {
        let target = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
        let action = format!("upgrading to schema version {target} ({})", step.name);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sql(path, &action))?;
        let found = schema_version(&tx).map_err(StoreError::sql(path, &action))?;
        refuse_newer(path, found, latest)?;
        if found >= target {
            continue; // Someone else applied it; dropping `tx` ends the transaction.
        }
        tx.execute_batch(step.sql)
            .map_err(StoreError::sql(path, &action))?;
        tx.pragma_update(None, "user_version", target)
            .map_err(StoreError::sql(path, &action))?;
        tx.commit().map_err(StoreError::sql(path, &action))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &[Migration] = &[
        Migration {
            name: "one",
            sql: "CREATE TABLE one (x INTEGER);",
        },
        Migration {
            name: "two",
            sql: "CREATE TABLE two (y INTEGER); INSERT INTO two VALUES (2);",
        },
    ];

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn applies_steps_in_order_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        migrate(&mut conn, path, &STEPS[..1]).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 1);
        assert_eq!(tables(&conn), ["one"]);

        // A later build with one more step upgrades from 1 to 2 only.
        migrate(&mut conn, path, STEPS).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 2);
        assert_eq!(tables(&conn), ["one", "two"]);

        // Running again changes nothing (the INSERT would otherwise duplicate).
        migrate(&mut conn, path, STEPS).unwrap();
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM two", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn failing_step_rolls_back_and_keeps_the_previous_version() {
        let broken: &[Migration] = &[
            STEPS[0],
            Migration {
                name: "broken",
                sql: "CREATE TABLE half (z INTEGER); THIS IS NOT SQL;",
            },
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        let err = migrate(&mut conn, Path::new(":memory:"), broken).unwrap_err();
        assert!(err.to_string().contains("schema version 2"), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), 1);
        assert_eq!(tables(&conn), ["one"]);
    }

    #[test]
    fn newer_file_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 5).unwrap();
        let err = migrate(&mut conn, Path::new("/x/progress.sqlite3"), STEPS).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::NewerSchema {
                    found: 5,
                    supported: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(schema_version(&conn).unwrap(), 5);
        assert!(tables(&conn).is_empty());
    }

    #[test]
    fn released_schema_is_valid_sql() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:"), MIGRATIONS).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), latest_version(MIGRATIONS));
        assert_eq!(
            tables(&conn),
            [
                "attempts",
                "cards",
                "hints",
                "lessons_read",
                "reviews",
                "settings"
            ]
        );
    }
}
