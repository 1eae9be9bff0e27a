//! The expected structure of an exercise: a partial manifest whose values are literals or
//! matchers written as YAML tags (`!regex`, `!some`, ...). See `exercises/README.md`.

use regex::Regex;
use serde_json::Value;

use crate::manifest::schema::plain_json;
use crate::manifest::yaml::{Node, NodeKind, Span};

#[derive(Debug, Clone)]
pub enum Pattern {
    Map(Vec<(String, Pattern)>),
    /// A literal list: objects matched by merge key, scalars as a set.
    List(Vec<Pattern>),
    Literal(Value),
    Any,
    Absent,
    Regex(Regex),
    /// Any of the alternatives (literals or matchers).
    OneOf(Vec<Pattern>),
    AtLeast(f64),
    /// Equal to the value at a path: of the same object, or of `Kind/name`.
    Same {
        object: Option<String>,
        path: String,
    },
    /// A label selector that selects the Pod template of `Kind/name`.
    Selects(String),
    Some(Box<Pattern>),
    Every(Box<Pattern>),
    Ordered(Vec<Pattern>),
}

/// A mistake in an expected.yaml, located for `content check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub span: Span,
    pub message: String,
}

fn err<T>(node: &Node, message: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError {
        span: node.span,
        message: message.into(),
    })
}

impl Pattern {
    pub fn parse(node: &Node) -> Result<Pattern, PatternError> {
        match node.tag.as_deref() {
            None => Self::untagged(node),
            Some(tag) => Self::tagged(tag, node),
        }
    }

    fn untagged(node: &Node) -> Result<Pattern, PatternError> {
        Ok(match &node.kind {
            NodeKind::Map(entries) => {
                let mut fields = Vec::new();
                for entry in entries {
                    let Some(key) = entry.key.as_str() else {
                        return err(&entry.key, "keys of an expected structure must be strings");
                    };
                    fields.push((key.to_string(), Pattern::parse(&entry.value)?));
                }
                Pattern::Map(fields)
            }
            NodeKind::Seq(items) => {
                Pattern::List(items.iter().map(Pattern::parse).collect::<Result<_, _>>()?)
            }
            NodeKind::Scalar(_) => Pattern::Literal(plain_json(node)),
        })
    }

    fn tagged(tag: &str, node: &Node) -> Result<Pattern, PatternError> {
        let text = || node.as_scalar().map(|s| s.text.clone());
        Ok(match tag {
            "!any" => Pattern::Any,
            "!absent" => Pattern::Absent,
            "!regex" => {
                let Some(source) = text() else {
                    return err(node, "!regex takes a string: !regex '^nginx(:.+)?$'");
                };
                match Regex::new(&source) {
                    Ok(re) => Pattern::Regex(re),
                    Err(e) => return err(node, format!("invalid regular expression: {e}")),
                }
            }
            "!oneOf" => match &node.kind {
                NodeKind::Seq(items) if !items.is_empty() => {
                    Pattern::OneOf(items.iter().map(Pattern::parse).collect::<Result<_, _>>()?)
                }
                _ => {
                    return err(
                        node,
                        "!oneOf takes a non-empty list: !oneOf [Parallel, OrderedReady]",
                    );
                }
            },
            "!atLeast" => match plain_json(node).as_f64() {
                Some(n) => Pattern::AtLeast(n),
                None => return err(node, "!atLeast takes a number: !atLeast 3"),
            },
            "!same" => {
                let Some(target) = text().filter(|t| !t.is_empty()) else {
                    return err(
                        node,
                        "!same takes a path: !same 'spec.template.metadata.labels'",
                    );
                };
                match target.split_once(':') {
                    Some((object, path)) => Pattern::Same {
                        object: Some(object.to_string()),
                        path: path.to_string(),
                    },
                    None => Pattern::Same {
                        object: None,
                        path: target,
                    },
                }
            }
            "!selects" => match text().filter(|t| t.contains('/')) {
                Some(target) => Pattern::Selects(target),
                None => return err(node, "!selects takes Kind/name: !selects 'StatefulSet/web'"),
            },
            "!some" | "!every" => {
                let mut inner = node.clone();
                inner.tag = None;
                if inner.as_map().is_none() {
                    return err(
                        node,
                        format!("{tag} takes a mapping: {tag} {{image: nginx}}"),
                    );
                }
                let inner = Box::new(Pattern::parse(&inner)?);
                if tag == "!some" {
                    Pattern::Some(inner)
                } else {
                    Pattern::Every(inner)
                }
            }
            "!ordered" => match &node.kind {
                NodeKind::Seq(items) => {
                    Pattern::Ordered(items.iter().map(Pattern::parse).collect::<Result<_, _>>()?)
                }
                _ => return err(node, "!ordered takes a list: !ordered [sh, -c]"),
            },
            other => {
                return err(
                    node,
                    format!(
                        "unknown matcher {other}: use !any, !absent, !regex, !oneOf, !atLeast, !same, !selects, !some, !every or !ordered"
                    ),
                );
            }
        })
    }

    /// A compact description for messages ("2", "a string matching ^nginx").
    pub fn describe(&self) -> String {
        match self {
            Pattern::Literal(v) => display_value(v),
            Pattern::Any => "any value".into(),
            Pattern::Absent => "no value (the field left out, or an empty list)".into(),
            Pattern::Regex(re) => format!("a value matching /{}/", re.as_str()),
            Pattern::OneOf(values) => format!(
                "one of {}",
                values
                    .iter()
                    .map(Pattern::describe)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Pattern::AtLeast(n) => format!("at least {n}"),
            Pattern::Same { object: None, path } => format!("the same value as {path}"),
            Pattern::Same {
                object: Some(o),
                path,
            } => format!("the same value as {path} of {o}"),
            Pattern::Selects(target) => format!("a selector that selects the Pods of {target}"),
            Pattern::Some(_) => "a list with a matching item".into(),
            Pattern::Every(_) => "a list whose every item matches".into(),
            Pattern::Ordered(items) => format!(
                "exactly [{}] in this order",
                items
                    .iter()
                    .map(Pattern::describe)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Pattern::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Pattern::describe)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Pattern::Map(_) => "a mapping".into(),
        }
    }

    /// The expectation as JSON, for reports (`expected` in `check --format json`).
    pub fn to_json(&self) -> Value {
        match self {
            Pattern::Literal(v) => v.clone(),
            Pattern::List(items) => Value::Array(items.iter().map(Pattern::to_json).collect()),
            Pattern::Map(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, p)| (k.clone(), p.to_json()))
                    .collect(),
            ),
            other => Value::String(other.describe()),
        }
    }
}

/// JSON scalars as a learner would write them in YAML.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml::load;

    fn parse(text: &str) -> Result<Pattern, PatternError> {
        Pattern::parse(load(text).documents[0].root.as_ref().unwrap())
    }

    #[test]
    fn matchers_parse() {
        let p = parse("a: !regex '^nginx'\nb: !oneOf [x, y]\nc: !some {image: !any}\nd: !same spec.x\ne: !selects StatefulSet/web\nf: [1, 2]\ng: !same Service/web:metadata.name\n").unwrap();
        let Pattern::Map(fields) = p else { panic!() };
        assert!(matches!(fields[0].1, Pattern::Regex(_)));
        assert!(matches!(&fields[1].1, Pattern::OneOf(v) if v.len() == 2));
        assert!(matches!(&fields[2].1, Pattern::Some(inner) if matches!(**inner, Pattern::Map(_))));
        assert!(matches!(&fields[3].1, Pattern::Same { object: None, .. }));
        assert!(matches!(&fields[4].1, Pattern::Selects(t) if t == "StatefulSet/web"));
        assert!(matches!(&fields[5].1, Pattern::List(items) if items.len() == 2));
        assert!(
            matches!(&fields[6].1, Pattern::Same { object: Some(o), path } if o == "Service/web" && path == "metadata.name")
        );
    }

    #[test]
    fn bad_matchers_are_located_errors() {
        let e = parse("a: 1\nb: !regx x\n").unwrap_err();
        assert_eq!(e.span.start.line, 2);
        assert!(e.message.contains("unknown matcher !regx"));
        assert!(
            parse("a: !regex '('\n")
                .unwrap_err()
                .message
                .contains("invalid regular expression")
        );
        assert!(parse("a: !some x\n").is_err());
        assert!(parse("a: !atLeast many\n").is_err());
    }
}
