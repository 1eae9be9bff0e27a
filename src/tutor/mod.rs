//! The learner-facing interactive flows: the REPL, lesson rendering and paging, watching an
//! answer file.

pub mod drill;
pub mod input;
pub mod markdown;
pub mod pager;
pub mod repl;
pub mod watch;

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C cancel the current action instead of ending the program (the REPL).
/// Returns false when a handler could not be installed.
pub fn catch_interrupts() -> bool {
    ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst)).is_ok()
}

/// Whether Ctrl-C was pressed since the last [`clear_interrupt`].
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

pub fn clear_interrupt() {
    INTERRUPTED.store(false, Ordering::SeqCst);
}
