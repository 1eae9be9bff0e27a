//! The learner-facing interactive flows.

pub mod watch;
