//! An offline model of the StatefulSet controller: what a manifest does when it is applied,
//! scaled, updated, broken and deleted — ordered start, PVCs, revisions and DNS names —
//! without a cluster.

pub mod controller;
pub mod model;
pub mod questions;
pub mod render;
pub mod script;

pub use model::{SetSpec, World};

use crate::manifest::Bundle;

/// A simulation of the first StatefulSet in `bundle`, with nothing created yet.
pub fn from_bundle(bundle: &Bundle) -> Option<World> {
    let (_, object, _) = bundle.statefulsets().next()?;
    Some(World::new(SetSpec::from_object(bundle, object)))
}

#[cfg(test)]
mod tests;
