//! The learner-facing interactive flows.

pub mod markdown;
pub mod pager;
pub mod watch;
