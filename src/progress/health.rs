//! Deciding whether an existing database file is fit to use, before anything is written to
//! it: damaged files are moved aside instead (see [`super::recovery`]), and files that are
//! merely inaccessible are reported, never moved.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode};

use super::error::{BUSY_TIMEOUT, StoreError};
use super::migrations::{MIGRATIONS, latest_version, refuse_newer, schema_version};

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Size of the database header, which holds the page size.
const HEADER_LEN: usize = 100;

/// What opening found.
pub(crate) enum Probe {
    /// Usable; the connection is ready for configuration and migrations.
    Healthy(Connection),
    /// Damaged, with SQLite's (or our) description of how.
    Damaged(String),
}

/// Opens `path` and checks it before anything is written: readable as SQLite, not from a
/// newer build, and passing `PRAGMA quick_check` (which reads every page; a learner's file is
/// small, so this costs milliseconds). Damage comes back as [`Probe::Damaged`]; other
/// failures (permissions, locks) are errors, since moving a healthy file aside would hide
/// the learner's progress.
pub(crate) fn probe(path: &Path) -> Result<Probe, StoreError> {
    if let Some(reason) = damage_from_bytes(path) {
        return Ok(Probe::Damaged(reason));
    }
    let fail = |action: &'static str| StoreError::sql(path, action);
    let conn = Connection::open(path).map_err(fail("opening"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(fail("setting the busy timeout"))?;
    // Until the file is known to be healthy, closing must not checkpoint a WAL into it: a
    // damaged file is moved aside exactly as found.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .map_err(fail("configuring the connection"))?;

    let version = match schema_version(&conn) {
        Ok(version) => version,
        Err(e) if is_damage(&e) => return Ok(Probe::Damaged(e.to_string())),
        Err(e) => {
            return Err(StoreError::from_sqlite(
                path,
                "reading the schema version",
                e,
            ));
        }
    };
    refuse_newer(path, version, latest_version(MIGRATIONS))?;

    let mut problems = Vec::new();
    let checked = conn.pragma_query(None, "quick_check", |row| {
        problems.push(row.get::<_, String>(0)?);
        Ok(())
    });
    match checked {
        Ok(()) if problems.len() == 1 && problems[0] == "ok" => {}
        Ok(()) => {
            problems.truncate(3);
            return Ok(Probe::Damaged(format!(
                "integrity check failed: {}",
                problems.join("; ")
            )));
        }
        Err(e) if is_damage(&e) => return Ok(Probe::Damaged(e.to_string())),
        Err(e) => return Err(StoreError::from_sqlite(path, "checking integrity", e)),
    }

    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
        .map_err(fail("configuring the connection"))?;
    Ok(Probe::Healthy(conn))
}

/// Errors that mean the file's content is broken (as opposed to inaccessible).
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Damage visible from the file's bytes alone, found without SQLite so that nothing (not
/// even a `-shm` index) is touched before the file is moved aside:
/// - a non-empty file that does not start like a SQLite database;
/// - a file that is not a whole number of pages, i.e. cut off. SQLite cannot see this when
///   the cut is inside the last page: it reads the missing bytes as zeros. Only checked
///   when no `-wal` or `-journal` exists, because then no other process has the file open
///   and could be extending it right now.
///
/// Unreadable files are left for SQLite to report.
fn damage_from_bytes(path: &Path) -> Option<String> {
    let mut file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut header = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)
        .ok()?;
    let magic_len = header.len().min(SQLITE_MAGIC.len());
    // A prefix of the magic may be a file another process is creating right now.
    if header[..magic_len] != SQLITE_MAGIC[..magic_len] {
        return Some("it is not a SQLite database: it starts with other content".to_string());
    }
    if header.len() < HEADER_LEN || in_use(path) {
        return None;
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let valid_page_size = page_size.is_power_of_two() && (512..=65_536).contains(&page_size);
    if valid_page_size && len % page_size != 0 {
        return Some(format!(
            "the file is cut off: {len} bytes is not a whole number of {page_size}-byte pages"
        ));
    }
    None
}

/// Whether SQLite companion files show that some connection has (or had, before a crash)
/// the database open for writing.
fn in_use(path: &Path) -> bool {
    ["-wal", "-journal"].iter().any(|suffix| {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        !matches!(
            std::fs::symlink_metadata(companion),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plausible header for 4096-byte pages.
    fn header() -> Vec<u8> {
        let mut header = SQLITE_MAGIC.to_vec();
        header.extend_from_slice(&[0x10, 0x00]);
        header.resize(HEADER_LEN, 0);
        header
    }

    #[test]
    fn damage_visible_in_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let check = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            damage_from_bytes(&path)
        };
        assert_eq!(damage_from_bytes(&path), None, "missing file");
        assert_eq!(check(b""), None, "empty file");
        assert_eq!(check(b"SQLite for"), None, "prefix of the magic");
        assert!(
            check(b"kind: StatefulSet")
                .unwrap()
                .contains("not a SQLite")
        );

        let mut whole = header();
        whole.resize(8192, 0);
        assert_eq!(check(&whole), None);
        let cut = &whole[..8000];
        assert!(check(cut).unwrap().contains("cut off"));

        // While a -wal exists another process may be extending the file: no verdict.
        std::fs::write(dir.path().join("f-wal"), b"").unwrap();
        assert_eq!(check(cut), None);

        assert_eq!(
            damage_from_bytes(dir.path()),
            None,
            "a directory is for SQLite to report"
        );
    }
}
