//! `watch`: re-grade an answer every time it is saved.
//!
//! The parent folder is watched rather than the file, because many editors save by writing
//! a new file and renaming it over the old one, which ends a watch on the file itself.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::content::Exercise;
use crate::grade::{self, GradeReport};
use crate::manifest::Source;

/// Quiet time after the last change before grading, so one save is graded once.
const SETTLE: Duration = Duration::from_millis(150);

/// Grades `file` now and after every change, calling `show` with each report and the bytes
/// graded (or with the reason the file could not be read). Returns when `show` says to stop.
/// `cancelled` is polled a few times a second: the REPL stops watching on Ctrl-C with it.
pub fn watch(
    exercise: &Exercise,
    file: &Path,
    cancelled: &dyn Fn() -> bool,
    mut show: impl FnMut(Result<(&GradeReport, &[u8]), String>) -> bool,
) -> Result<(), String> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .ok_or_else(|| format!("{} is not a file name", file.display()))?
        .to_owned();
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && (event.paths.is_empty()
                || event
                    .paths
                    .iter()
                    .any(|p| p.file_name() == Some(name.as_os_str())))
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;

    let mut last: Option<Vec<u8>> = None;
    loop {
        match std::fs::read(file) {
            Ok(bytes) if last.as_ref() != Some(&bytes) => {
                let name = file.display().to_string();
                let report = grade::grade(exercise, Source::from_bytes(name, bytes.clone()))?;
                let keep_going = show(Ok((&report, &bytes)));
                last = Some(bytes);
                if !keep_going {
                    return Ok(());
                }
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if last.take().is_some()
                    && !show(Err(format!(
                        "{} is gone; waiting for it to be saved again",
                        file.display()
                    )))
                {
                    return Ok(());
                }
            }
            Err(e) => {
                if !show(Err(format!("cannot read {}: {e}", file.display()))) {
                    return Ok(());
                }
            }
        }
        // Wait for a change, then for the writes of one save to settle.
        loop {
            if cancelled() {
                return Ok(());
            }
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(()) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("the file watcher stopped".into());
                }
            }
        }
        while rx.recv_timeout(SETTLE).is_ok() {}
    }
}
