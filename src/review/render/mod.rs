//! Renderers for lint reports: rustc-style text, JSON (the DESIGN.md contract) and SARIF.

pub mod json;
pub mod sarif;
pub mod text;
