//! Reading manifests: bytes to text (`source`), text to a spanned YAML tree (`yaml`), trees
//! to Kubernetes objects checked against the API schema (`object`, `schema`, `kinds`), plus
//! the value syntaxes Kubernetes defines (`names`, `quantity`) and field paths (`path`).

pub mod kinds;
pub mod names;
pub mod object;
pub mod path;
pub mod quantity;
pub mod schema;
pub mod source;
pub mod yaml;

pub use object::{Bundle, Object, Problem, Typed, read_bundle, same_namespace};
pub use path::FieldPath;
pub use source::{Loaded, Source};
