//! sts-tutor: a terminal tutor for Kubernetes StatefulSets.
//!
//! Data flows one way: bytes → [`manifest::Source`] → YAML documents → objects →
//! [`review`] findings → a report rendered as text, JSON or SARIF.

pub mod cli;
pub mod commands;
pub mod content;
pub mod explain;
pub mod grade;
#[cfg(feature = "cluster")]
pub mod live;
pub mod manifest;
pub mod progress;
pub mod review;
pub mod sim;
pub mod tutor;
pub mod ui;
pub mod workspace;
