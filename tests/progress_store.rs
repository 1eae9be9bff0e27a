//! The progress store against real files: several writers at once, a writer killed with
//! SIGKILL mid-write, damaged files, files from a newer version, unwritable locations.
//!
//! Some tests re-run this test binary as a child process (see [`child_process_entry`]), so
//! that separate processes, not just threads, share the database.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use sts_tutor::progress::{
    Attempt, DATA_DIR_ENV, DB_FILE_NAME, Store, StoreError, default_data_dir, submission_hash,
};

/// Set in a child's environment to say what it should do (see [`child_process_entry`]).
const CHILD_MODE_ENV: &str = "STS_PROGRESS_CHILD";
/// The data directory a child uses.
const CHILD_DIR_ENV: &str = "STS_PROGRESS_CHILD_DIR";
/// How long any wait on a child may take before the test fails instead of hanging.
const CHILD_DEADLINE: Duration = Duration::from_secs(90);

fn attempt(exercise: &str, seq: i64) -> Attempt {
    let score = u32::try_from(seq.rem_euclid(6)).unwrap();
    Attempt {
        exercise: exercise.to_string(),
        at: seq,
        score,
        max_score: 5.max(score),
        passed: score >= 5,
        // A few KB per attempt, so writes take long enough to be killed halfway through
        // and the WAL grows past an automatic checkpoint.
        failed_checks: (0..40)
            .map(|i| format!("check-{i:02}-for-attempt-{seq}-of-{exercise}"))
            .collect(),
        hints_used: u32::try_from(seq.rem_euclid(3)).unwrap(),
        submission_hash: submission_hash(format!("{exercise}/{seq}").as_bytes()),
    }
}

fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE_NAME)
}

/// `PRAGMA integrity_check` (the full one) through a plain connection.
fn integrity(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare("PRAGMA integrity_check").unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("; ")
}

fn file_names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Deterministic junk that is certainly not a SQLite file.
fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005) | 1;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Child processes

/// Does nothing in a normal test run. When re-run as a child with [`CHILD_MODE_ENV`] set:
/// - `forever:<base>`: records attempts `crash/<base+1>`, `<base+2>`, … and prints
///   `COMMITTED <row id> <seq>` after each commit returns, until killed (or 120 s pass, so a
///   child whose parent died does not linger);
/// - `write:<exercise>:<n>`: records `n` attempts, then exits;
/// - `data-dir`: prints `DATA_DIR=<default_data_dir()>`.
#[test]
fn child_process_entry() {
    let Some(mode) = std::env::var_os(CHILD_MODE_ENV) else {
        return;
    };
    let mode = mode.to_string_lossy().into_owned();
    let dir = std::env::var_os(CHILD_DIR_ENV).map(PathBuf::from);
    let parts: Vec<&str> = mode.split(':').collect();
    let mut out = std::io::stdout();
    // libtest has printed "test child_process_entry ... " without a newline; end that line
    // so the parent sees our lines whole.
    writeln!(out).unwrap();
    match parts.as_slice() {
        ["forever", base] => {
            let base: i64 = base.parse().unwrap();
            let mut store = Store::open(&dir.unwrap()).unwrap();
            let started = Instant::now();
            let mut seq = base;
            while started.elapsed() < Duration::from_secs(120) {
                seq += 1;
                let id = store.record_attempt(&attempt("crash", seq)).unwrap();
                writeln!(out, "COMMITTED {id} {seq}").unwrap();
                out.flush().unwrap();
            }
        }
        ["write", exercise, n] => {
            let n: i64 = n.parse().unwrap();
            let mut store = Store::open(&dir.unwrap()).unwrap();
            for seq in 0..n {
                store.record_attempt(&attempt(exercise, seq)).unwrap();
            }
        }
        ["data-dir"] => {
            let dir = default_data_dir().map(|d| d.display().to_string());
            writeln!(out, "DATA_DIR={}", dir.unwrap_or_default()).unwrap();
        }
        _ => panic!("unknown {CHILD_MODE_ENV} mode {mode:?}"),
    }
}

/// This test binary, set up to run only [`child_process_entry`] in `mode`.
fn child_command(mode: &str, dir: &Path) -> Command {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args([
        "child_process_entry",
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_MODE_ENV, mode)
    .env(CHILD_DIR_ENV, dir)
    .stdin(Stdio::null())
    .stderr(Stdio::inherit());
    cmd
}

/// Kills the child if the test fails early, so no writer outlives its test.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for the child to exit, failing the test after [`CHILD_DEADLINE`].
fn wait_bounded(child: &mut KillOnDrop) -> ExitStatus {
    let deadline = Instant::now() + CHILD_DEADLINE;
    loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "child did not finish in time");
        thread::sleep(Duration::from_millis(20));
    }
}

/// `(row id, seq)` from a complete `COMMITTED` line; partial lines (the child was killed
/// while printing) are ignored.
fn parse_committed(line: &str) -> Option<(i64, i64)> {
    let line = line.strip_suffix('\n')?;
    let mut words = line.strip_prefix("COMMITTED ")?.split(' ');
    let (id, seq) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    Some((id.parse().ok()?, seq.parse().ok()?))
}

// ---------------------------------------------------------------------------------------
// Basics and schema

#[test]
fn open_creates_directory_and_wal_mode_file_that_survives_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nested").join("data");
    let mut store = Store::open(&dir).unwrap();
    assert_eq!(store.path(), Some(db_path(&dir).as_path()));
    assert!(store.recovery().is_none());
    let first = attempt("headless-service", 1);
    let id = store.record_attempt(&first).unwrap();
    store.record_hint("headless-service", 2, 5).unwrap();
    drop(store);

    let conn = Connection::open(db_path(&dir)).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 1, "user_version {version}");
    drop(conn);

    let store = Store::open(&dir).unwrap();
    assert_eq!(store.attempts("headless-service").unwrap(), [first]);
    assert_eq!(store.hints_revealed("headless-service").unwrap(), 2);
    let status = store.status("headless-service").unwrap();
    assert_eq!((status.attempts, status.hints_used), (1, 2));
    assert!(id > 0);
}

#[test]
fn database_from_a_newer_version_is_refused_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = db_path(tmp.path());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE future_things (x TEXT); INSERT INTO future_things VALUES ('keep me');
         PRAGMA user_version = 99;",
    )
    .unwrap();
    drop(conn);
    let bytes = fs::read(&path).unwrap();
    let names = file_names(tmp.path());

    let err = Store::open(tmp.path()).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("created by a newer sts-tutor"), "{text}");
    assert!(text.contains("upgrade"), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");

    assert_eq!(fs::read(&path).unwrap(), bytes, "file was modified");
    assert_eq!(file_names(tmp.path()), names, "files were added or moved");
}

// ---------------------------------------------------------------------------------------
// Several writers

#[test]
fn threads_with_their_own_connections_all_commit() {
    const THREADS: usize = 4;
    const PER_THREAD: i64 = 120;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    // All threads open the brand-new directory at once, so migrations race too.
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let dir = dir.clone();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                barrier.wait();
                let mut store = Store::open(&dir).unwrap();
                let exercise = format!("thread-{t}");
                let mut ids = Vec::new();
                for seq in 0..PER_THREAD {
                    ids.push(store.record_attempt(&attempt(&exercise, seq)).unwrap());
                    if seq % 20 == 0 {
                        let level = u32::try_from(seq / 20).unwrap();
                        store.record_hint(&exercise, level, seq).unwrap();
                    }
                }
                ids
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for handle in handles {
        for id in handle.join().unwrap() {
            assert!(ids.insert(id), "row id {id} returned twice");
        }
    }

    assert_eq!(integrity(&db_path(&dir)), "ok");
    let store = Store::open(&dir).unwrap();
    for t in 0..THREADS {
        let exercise = format!("thread-{t}");
        let expected: Vec<_> = (0..PER_THREAD).map(|s| attempt(&exercise, s)).collect();
        assert_eq!(store.attempts(&exercise).unwrap(), expected);
        assert_eq!(store.hints_revealed(&exercise).unwrap(), 5);
    }
    assert_eq!(store.all_statuses().unwrap().len(), THREADS);
}

#[test]
fn separate_processes_writing_at_once_all_commit() {
    const PER_WRITER: i64 = 120;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    Store::open(&dir).unwrap(); // created up front; the racing-creation case is above

    let mut children: Vec<KillOnDrop> = ["proc-a", "proc-b"]
        .iter()
        .map(|name| {
            let mode = format!("write:{name}:{PER_WRITER}");
            let child = child_command(&mode, &dir)
                .stdout(Stdio::null())
                .spawn()
                .unwrap();
            KillOnDrop(child)
        })
        .collect();
    let mut store = Store::open(&dir).unwrap();
    for seq in 0..PER_WRITER {
        store.record_attempt(&attempt("parent", seq)).unwrap();
    }
    for child in &mut children {
        let status = wait_bounded(child);
        assert!(status.success(), "child writer failed: {status}");
    }

    assert_eq!(integrity(&db_path(&dir)), "ok");
    for name in ["proc-a", "proc-b", "parent"] {
        let expected: Vec<_> = (0..PER_WRITER).map(|s| attempt(name, s)).collect();
        assert_eq!(store.attempts(name).unwrap(), expected, "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Crashes

/// A writer killed with SIGKILL (TerminateProcess on Windows) at an arbitrary point of a
/// write, three times over: the file stays intact and every attempt whose `record_attempt`
/// had returned is there.
#[test]
fn kill_9_mid_write_keeps_every_committed_attempt() {
    const ROUNDS: i64 = 3;
    const PER_ROUND: usize = 250;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let mut committed: BTreeSet<(i64, i64)> = BTreeSet::new();

    for round in 0..ROUNDS {
        let mode = format!("forever:{}", round * 1_000_000);
        let mut child = KillOnDrop(
            child_command(&mode, &dir)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let stdout = child.0.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            let mut line = String::new();
            loop {
                line.clear();
                match stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if let Some(entry) = parse_committed(&line)
                            && tx.send(entry).is_err()
                        {
                            break;
                        }
                    }
                }
            }
        });

        // Vary the kill point a little between rounds.
        let wanted = PER_ROUND + usize::try_from(round).unwrap() * 37;
        let deadline = Instant::now() + CHILD_DEADLINE;
        let mut seen = 0;
        while seen < wanted {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "child committed only {seen} attempts in time"
            );
            match rx.recv_timeout(left.min(Duration::from_millis(500))) {
                Ok(entry) => {
                    committed.insert(entry);
                    seen += 1;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some(status) = child.0.try_wait().unwrap() {
                        panic!("child writer exited early: {status}");
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("child writer closed its output after {seen} attempts")
                }
            }
        }
        child.0.kill().unwrap();
        child.0.wait().unwrap();
        // Lines printed before the kill may still be in the pipe; the reader stops at EOF.
        while let Ok(entry) = rx.recv_timeout(Duration::from_secs(10)) {
            committed.insert(entry);
        }
        reader.join().unwrap();

        assert_eq!(integrity(&db_path(&dir)), "ok", "round {round}");
        let store = Store::open(&dir).unwrap();
        assert!(
            store.recovery().is_none(),
            "a killed writer must not look like damage"
        );
        let stored = store.attempts("crash").unwrap();
        let stored_seqs: BTreeSet<i64> = stored.iter().map(|a| a.at).collect();
        for (id, seq) in &committed {
            assert!(
                stored_seqs.contains(seq),
                "attempt {seq} (row {id}) was committed but is missing after the kill"
            );
        }
        for stored_attempt in &stored {
            assert_eq!(*stored_attempt, attempt("crash", stored_attempt.at));
        }
        // At most one per round can be committed but not yet reported when the kill lands.
        let extra = stored.len() - committed.len();
        assert!(
            extra <= usize::try_from(round + 1).unwrap(),
            "{extra} unexpected rows"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Damage

/// Opens `dir` whose database was replaced by `damaged` (plus companion files) and checks
/// that everything was moved aside byte for byte and a working, empty store started.
fn assert_moved_aside(dir: &Path, damaged: &[u8], companions: &[(&str, Vec<u8>)]) {
    let mut store = Store::open(dir).unwrap();
    let recovery = store.recovery().expect("damage must be reported").clone();
    assert_eq!(recovery.path, db_path(dir));
    let moved_name = recovery.moved_to.file_name().unwrap().to_string_lossy();
    assert!(
        moved_name.starts_with("progress.sqlite3.damaged-"),
        "{moved_name}"
    );
    assert_eq!(recovery.moved_to.parent(), Some(dir));
    assert!(
        fs::read(&recovery.moved_to).unwrap() == damaged,
        "damaged bytes were not preserved"
    );
    for (suffix, bytes) in companions {
        let mut moved = recovery.moved_to.clone().into_os_string();
        moved.push(suffix);
        let moved = PathBuf::from(moved);
        assert!(recovery.companions.contains(&moved), "{recovery:?}");
        assert!(
            fs::read(&moved).unwrap() == *bytes,
            "{suffix} bytes were not preserved"
        );
    }
    let message = recovery.to_string();
    assert!(
        message.contains(&recovery.moved_to.display().to_string()),
        "{message}"
    );

    // The fresh store works.
    assert!(store.all_statuses().unwrap().is_empty());
    store.record_attempt(&attempt("after", 1)).unwrap();
    drop(store);
    assert_eq!(integrity(&db_path(dir)), "ok");
    let store = Store::open(dir).unwrap();
    assert!(store.recovery().is_none());
    assert_eq!(store.attempts("after").unwrap().len(), 1);
}

#[test]
fn garbage_file_is_moved_aside_with_its_companions() {
    let tmp = tempfile::tempdir().unwrap();
    let junk = garbage(20_000, 1);
    let wal = garbage(5_000, 2);
    let shm = garbage(32_768, 3);
    fs::write(db_path(tmp.path()), &junk).unwrap();
    fs::write(tmp.path().join("progress.sqlite3-wal"), &wal).unwrap();
    fs::write(tmp.path().join("progress.sqlite3-shm"), &shm).unwrap();
    assert_moved_aside(tmp.path(), &junk, &[("-wal", wal), ("-shm", shm)]);
}

#[test]
fn text_file_in_place_of_the_database_is_moved_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let text = b"apiVersion: apps/v1\nkind: StatefulSet\n".repeat(50);
    fs::write(db_path(tmp.path()), &text).unwrap();
    assert_moved_aside(tmp.path(), &text, &[]);
}

#[test]
fn truncated_database_is_moved_aside() {
    // A real database of many pages, cut: at a page boundary in the middle, mid-page, one
    // page short, inside the last page (which SQLite alone cannot notice), inside the header.
    let cuts: [fn(usize) -> usize; 5] = [
        |len| len / 2,
        |len| len / 2 + 1000,
        |len| len - 4096,
        |len| len - 200,
        |_| 60,
    ];
    for cut in cuts {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::open(tmp.path()).unwrap();
        for seq in 0..300 {
            store.record_attempt(&attempt("lost", seq)).unwrap();
        }
        drop(store);
        assert!(
            !tmp.path().join("progress.sqlite3-wal").exists(),
            "closing should have checkpointed the WAL"
        );
        let full = fs::read(db_path(tmp.path())).unwrap();
        let truncated = full[..cut(full.len())].to_vec();
        fs::write(db_path(tmp.path()), &truncated).unwrap();
        assert_moved_aside(tmp.path(), &truncated, &[]);
    }
}

// ---------------------------------------------------------------------------------------
// Unwritable locations

#[test]
fn file_in_place_of_the_data_directory_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let not_a_dir = tmp.path().join("data");
    fs::write(&not_a_dir, b"my notes").unwrap();

    let err = Store::open(&not_a_dir).unwrap_err();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains(&not_a_dir.display().to_string()), "{text}");
    assert!(text.contains("writable directory"), "{text}");
    assert!(text.contains(DATA_DIR_ENV), "{text}");
    assert_eq!(fs::read(&not_a_dir).unwrap(), b"my notes");
}

/// A directory where SQLite needs to create the `-wal` file: the store can't be opened,
/// which must be an error (even for root), not "damage" that moves the file aside.
#[test]
fn blocked_wal_file_is_a_clear_error_and_keeps_data() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let kept = attempt("kept", 1);
    store.record_attempt(&kept).unwrap();
    drop(store);
    let bytes = fs::read(db_path(tmp.path())).unwrap();
    let obstacle = tmp.path().join("progress.sqlite3-wal");
    fs::create_dir(&obstacle).unwrap();

    let err = Store::open(tmp.path()).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::CannotOpen { .. } | StoreError::ReadOnly { .. }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&db_path(tmp.path()).display().to_string()),
        "{text}"
    );
    assert_eq!(fs::read(db_path(tmp.path())).unwrap(), bytes);
    assert!(
        file_names(tmp.path())
            .iter()
            .all(|n| !n.contains("damaged")),
        "a healthy file was moved aside"
    );

    fs::remove_dir(&obstacle).unwrap();
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.attempts("kept").unwrap(), [kept]);
}

/// Whether file permissions stop this process (they don't for root).
#[cfg(unix)]
fn permissions_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("permission-probe");
    fs::write(&probe, b"x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = fs::File::open(&probe).is_err();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o600)).unwrap();
    fs::remove_file(&probe).unwrap();
    enforced
}

#[cfg(unix)]
#[test]
fn read_only_directory_and_file_are_a_clear_error_and_keep_data() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    if !permissions_enforced(tmp.path()) {
        eprintln!(
            "skipping the chmod part of read_only_directory_and_file_…: running with \
             permission overrides (root), where chmod cannot make a file read-only. \
             blocked_wal_file_is_a_clear_error_and_keeps_data and the store's unit tests \
             cover the error paths instead"
        );
        return;
    }
    let dir = tmp.path().join("data");
    let mut store = Store::open(&dir).unwrap();
    let kept = attempt("kept", 1);
    store.record_attempt(&kept).unwrap();
    drop(store);
    let path = db_path(&dir);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();

    // Either opening or the first write fails, depending on how far SQLite gets.
    let err = match Store::open(&dir) {
        Err(err) => err,
        Ok(mut store) => store.record_attempt(&attempt("new", 2)).unwrap_err(),
    };
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    assert!(
        matches!(
            err,
            StoreError::ReadOnly { .. } | StoreError::CannotOpen { .. }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("writable"), "{text}");
    let store = Store::open(&dir).unwrap();
    assert!(store.recovery().is_none());
    assert_eq!(store.attempts("kept").unwrap(), [kept]);
    assert!(store.attempts("new").unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// Data directory

/// Run in a child so the environment variable can be set without touching this process's
/// (shared, multi-threaded) environment.
#[test]
fn data_dir_comes_from_the_environment_variable_when_set() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |value: &str| {
        let output = child_command("data-dir", tmp.path())
            .env(DATA_DIR_ENV, value)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        stdout
            .lines()
            .find_map(|line| line.strip_prefix("DATA_DIR="))
            .map(str::to_string)
            .unwrap()
    };
    assert_eq!(run("/srv/learner-progress"), "/srv/learner-progress");
    let platform = dirs::data_dir()
        .map(|d| d.join("sts-tutor").display().to_string())
        .unwrap_or_default();
    assert_eq!(run(""), platform);
}
