//! Field paths such as `spec.template.spec.containers[0].image`, and finding them in a
//! document so every finding gets a line.

use std::fmt;

use super::yaml::{Node, Span};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> FieldPath {
        FieldPath(Vec::new())
    }

    /// Builds a path from dotted text; list indexes are written `[i]`. Only for literal
    /// paths in code, so keys containing dots are not supported here (use `key`).
    pub fn parse(dotted: &str) -> FieldPath {
        let mut path = FieldPath::root();
        for part in dotted.split('.').filter(|p| !p.is_empty()) {
            let (name, rest) = part.split_once('[').unwrap_or((part, ""));
            if !name.is_empty() {
                path.0.push(Segment::Key(name.to_string()));
            }
            for index in rest.split('[') {
                if let Ok(i) = index.trim_end_matches(']').parse() {
                    path.0.push(Segment::Index(i));
                }
            }
        }
        path
    }

    pub fn key(&self, key: impl Into<String>) -> FieldPath {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.into()));
        next
    }

    pub fn index(&self, index: usize) -> FieldPath {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    /// Appends a dotted literal path: `p.then("spec.template")`.
    pub fn then(&self, dotted: &str) -> FieldPath {
        let mut next = self.clone();
        next.0.extend(FieldPath::parse(dotted).0);
        next
    }

    pub fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Key(k) => write!(f, "[{}]", serde_json::Value::from(k.as_str()))?,
            }
        }
        Ok(())
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The JSON value at `path`.
pub fn value_at<'v>(
    json: &'v serde_json::Value,
    path: &FieldPath,
) -> Option<&'v serde_json::Value> {
    path.0.iter().try_fold(json, |v, segment| match segment {
        Segment::Key(k) => v.get(k.as_str()),
        Segment::Index(i) => v.get(*i),
    })
}

/// The node of the document at `path`, when the document has that field.
pub fn node_at<'n>(root: &'n Node, path: &FieldPath) -> Option<&'n Node> {
    path.0.iter().try_fold(root, |node, segment| match segment {
        Segment::Key(k) => node.get(k),
        Segment::Index(i) => node.as_seq()?.get(*i),
    })
}

/// Where a path was found in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The key naming the field (for list items, the item itself).
    pub key: Span,
    /// The field's value.
    pub value: Span,
    /// False when the path does not exist and the spans are those of the deepest parent.
    pub exact: bool,
    /// Whether the field found is a scalar (carets then go under the value, not the key).
    pub scalar: bool,
}

/// Finds `path` under `root`; a missing field is located at its nearest existing parent.
pub fn locate(root: &Node, path: &FieldPath) -> Located {
    let mut here = Located {
        key: Span::point(root.span.start),
        value: root.span,
        exact: true,
        scalar: root.as_scalar().is_some(),
    };
    let mut node = root;
    for segment in &path.0 {
        let next = match segment {
            Segment::Key(k) => node.entry(k).map(|e| (e.key.span, &e.value)),
            Segment::Index(i) => node
                .as_seq()
                .and_then(|items| items.get(*i))
                .map(|n| (n.span, n)),
        };
        match next {
            Some((key, child)) => {
                here = Located {
                    key,
                    value: child.span,
                    exact: true,
                    scalar: child.as_scalar().is_some(),
                };
                node = child;
            }
            None => {
                here.exact = false;
                return here;
            }
        }
    }
    here
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml::load;

    #[test]
    fn display_quotes_keys_with_dots_and_slashes() {
        let p = FieldPath::parse("spec.selector.matchLabels").key("app.kubernetes.io/name");
        assert_eq!(
            p.to_string(),
            r#"spec.selector.matchLabels["app.kubernetes.io/name"]"#
        );
        let q = FieldPath::parse("spec.template.spec.containers[0].ports[1].containerPort");
        assert_eq!(
            q.to_string(),
            "spec.template.spec.containers[0].ports[1].containerPort"
        );
        assert_eq!(q.0.len(), 8);
    }

    #[test]
    fn missing_fields_point_at_their_parent() {
        let doc = load("spec:\n  template:\n    spec: {}\n")
            .documents
            .remove(0);
        let root = doc.root.unwrap();
        let found = locate(&root, &FieldPath::parse("spec.template.spec.containers[0]"));
        assert!(!found.exact);
        assert_eq!(found.key.start.line, 3);
        let exact = locate(&root, &FieldPath::parse("spec.template"));
        assert!(exact.exact);
        assert_eq!(exact.key.start.line, 2);
    }
}
