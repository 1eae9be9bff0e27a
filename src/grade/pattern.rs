//! The expected structure of an exercise: a partial manifest whose values are literals or
//! matchers written as YAML tags (`!regex`, `!some`, ...). See `exercises/README.md`.

use regex::Regex;
use serde_json::Value;

use super::image::{ImageRef, ImageSpec};
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
    /// A string matching a regular expression; `says` is the expectation in words, shown
    /// to the learner instead of the expression.
    Regex {
        re: Regex,
        says: Option<String>,
    },
    /// A container image reference (`!image nginx`), compared as a reference.
    Image(ImageSpec),
    /// A mapping with exactly these keys (`!exactly {app: db}`), each matching its pattern.
    Exactly(Vec<(String, Pattern)>),
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
            "!regex" => match &node.kind {
                NodeKind::Map(_) => {
                    let field = |key: &str| {
                        node.get(key)
                            .and_then(Node::as_scalar)
                            .map(|s| s.text.clone())
                    };
                    let (Some(source), Some(says)) = (field("match"), field("says")) else {
                        return err(
                            node,
                            "!regex as a mapping takes `match` and `says`: !regex {match: '^/data/[^/]+$', says: 'a directory below /data'}",
                        );
                    };
                    if let Some(entry) = node
                        .as_map()
                        .into_iter()
                        .flatten()
                        .find(|e| !matches!(e.key.as_str(), Some("match" | "says")))
                    {
                        return err(&entry.key, "!regex takes only `match` and `says`");
                    }
                    Pattern::Regex {
                        re: regex(node, &source)?,
                        says: Some(says),
                    }
                }
                _ => {
                    let Some(source) = text() else {
                        return err(node, "!regex takes a string: !regex '^nginx(:.+)?$'");
                    };
                    Pattern::Regex {
                        re: regex(node, &source)?,
                        says: None,
                    }
                }
            },
            "!image" => Pattern::Image(image_spec(node)?),
            "!exactly" => {
                let mut inner = node.clone();
                inner.tag = None;
                match Pattern::parse(&inner)? {
                    Pattern::Map(fields) => Pattern::Exactly(fields),
                    _ => return err(node, "!exactly takes a mapping: !exactly {app: db}"),
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
                        "unknown matcher {other}: use !any, !absent, !exactly, !image, !regex, !oneOf, !atLeast, !same, !selects, !some, !every or !ordered"
                    ),
                );
            }
        })
    }

    /// A compact description for messages ("2", "the image nginx (any tag or digest)").
    pub fn describe(&self) -> String {
        self.describe_for(None)
    }

    /// The expectation in words, for the value of `field` (the key it is written under,
    /// which names the items of a list: "a container with ...").
    pub fn describe_for(&self, field: Option<&str>) -> String {
        match self {
            Pattern::Literal(v) => display_value(v),
            Pattern::Any => match field {
                Some(field) => format!("`{field}` set (any value)"),
                None => "any value".into(),
            },
            Pattern::Absent => "no value (the field left out, or an empty list)".into(),
            Pattern::Regex {
                says: Some(says), ..
            } => says.clone(),
            Pattern::Regex { re, says: None } => format!("a value matching /{}/", re.as_str()),
            Pattern::Image(spec) => spec.describe(),
            Pattern::Exactly(_) => format!("exactly {} (no other keys)", self.exact_map()),
            Pattern::OneOf(values) => format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| v.describe_for(field))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Pattern::AtLeast(n) => format!("at least {n}"),
            Pattern::Same { object: None, path } => format!("the same value as {path}"),
            Pattern::Same {
                object: Some(o),
                path,
            } => format!("the same value as {path} of {o}"),
            Pattern::Selects(target) => {
                format!("a selector that selects the Pods of {target} (by their template labels)")
            }
            Pattern::Some(inner) => format!("{} {}", item_noun(field), inner.with_fields()),
            Pattern::Every(inner) => {
                format!("at least one item, and every item {}", inner.with_fields())
            }
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
            Pattern::Map(_) => format!("{} {}", map_noun(field), self.with_fields()),
        }
    }

    /// `{app: db}` for an `!exactly` (nested ones written the same way, inside).
    fn exact_map(&self) -> String {
        let (Pattern::Exactly(fields) | Pattern::Map(fields)) = self else {
            return self.describe();
        };
        let inner: Vec<String> = fields
            .iter()
            .map(|(k, p)| match p {
                Pattern::Exactly(_) => format!("{k}: {}", p.exact_map()),
                other => format!("{k}: {}", other.describe_for(Some(k))),
            })
            .collect();
        format!("{{{}}}", inner.join(", "))
    }

    /// "with image nginx (any tag) and a port with `containerPort: 80`", for a mapping.
    fn with_fields(&self) -> String {
        let Pattern::Map(fields) = self else {
            return format!("that is {}", self.describe());
        };
        let parts: Vec<String> = fields
            .iter()
            .map(|(key, pattern)| match pattern {
                Pattern::Literal(v) => format!("`{key}: {}`", display_value(v)),
                Pattern::List(_) => format!("`{key}: {}`", pattern.describe()),
                Pattern::Any => format!("`{key}` set"),
                Pattern::Absent => format!("no `{key}`"),
                Pattern::Image(spec) => spec.describe(),
                Pattern::Some(_) | Pattern::Map(_) => pattern.describe_for(Some(key)),
                other => format!("`{key}` {}", other.describe_for(Some(key))),
            })
            .collect();
        match parts.split_last() {
            None => "with any fields".into(),
            Some((last, [])) => format!("with {last}"),
            Some((last, rest)) => format!("with {} and {last}", rest.join(", ")),
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

    /// The expectation as JSON, for the value of `field`: matchers in words.
    pub fn to_json_for(&self, field: Option<&str>) -> Value {
        match self {
            Pattern::Literal(_) | Pattern::List(_) | Pattern::Map(_) => self.to_json(),
            other => Value::String(other.describe_for(field)),
        }
    }
}

/// What one item of the list under `field` is called, with its article.
fn list_noun(field: Option<&str>) -> Option<&'static str> {
    Some(match field? {
        "containers" => "a container",
        "initContainers" => "an init container",
        "ports" => "a port",
        "env" => "an env entry",
        "envFrom" => "an envFrom entry",
        "volumeMounts" => "a volume mount",
        "volumes" => "a volume",
        "volumeClaimTemplates" => "a claim template",
        "requiredDuringSchedulingIgnoredDuringExecution"
        | "preferredDuringSchedulingIgnoredDuringExecution" => "a term",
        _ => return None,
    })
}

/// An item of the list under `field`: "a container", "an item of `args`".
fn item_noun(field: Option<&str>) -> String {
    match (list_noun(field), field) {
        (Some(noun), _) => noun.to_string(),
        (None, Some(field)) => format!("an item of `{field}`"),
        (None, None) => "an item".to_string(),
    }
}

/// A mapping under `field`: a list item ("a container") or the field itself ("`spec`").
fn map_noun(field: Option<&str>) -> String {
    match (list_noun(field), field) {
        (Some(noun), _) => noun.to_string(),
        (None, Some(field)) => format!("`{field}`"),
        (None, None) => "a mapping".to_string(),
    }
}

fn regex(node: &Node, source: &str) -> Result<Regex, PatternError> {
    Regex::new(source).or_else(|e| err(node, format!("invalid regular expression: {e}")))
}

/// `!image nginx`, or `!image {name: nginx, tag: '1.28', patches: true, variants: false}`.
fn image_spec(node: &Node) -> Result<ImageSpec, PatternError> {
    const USAGE: &str = "!image takes a repository (`!image nginx`) or a mapping `{name: nginx, tag: '1.28', patches: true, variants: false}`";
    let scalar = |n: &Node| n.as_scalar().map(|s| s.text.clone());
    let flag = |n: &Node| match plain_json(n) {
        Value::Bool(b) => Ok(b),
        _ => err(n, "`patches` and `variants` of !image are true or false"),
    };
    let (name, tag, patches, variants) = match &node.kind {
        NodeKind::Scalar(_) => (scalar(node).unwrap_or_default(), None, false, false),
        NodeKind::Map(entries) => {
            let (mut name, mut tag, mut patches, mut variants) = (None, None, false, false);
            for entry in entries {
                match entry.key.as_str() {
                    Some("name") => name = scalar(&entry.value),
                    Some("tag") => tag = scalar(&entry.value),
                    Some("patches") => patches = flag(&entry.value)?,
                    Some("variants") => variants = flag(&entry.value)?,
                    _ => return err(&entry.key, USAGE),
                }
            }
            let Some(name) = name else {
                return err(node, USAGE);
            };
            if tag.is_none() && (patches || variants) {
                return err(
                    node,
                    "`patches` and `variants` of !image need a `tag`: without one any tag is accepted",
                );
            }
            (name, tag, patches, variants)
        }
        NodeKind::Seq(_) => return err(node, USAGE),
    };
    let parsed = ImageRef::parse(&name).filter(|r| r.tag.is_none() && r.digest.is_none());
    let Some(parsed) = parsed else {
        return err(
            node,
            format!(
                "!image names a repository without tag or digest (`nginx`), not `{name}`: put a tag in `tag`"
            ),
        );
    };
    if tag
        .as_deref()
        .is_some_and(|t| t.is_empty() || t.contains([':', '@', '/']))
    {
        return err(node, "the `tag` of !image is a tag such as '1.28'");
    }
    Ok(ImageSpec {
        name,
        repository: parsed.repository,
        tag,
        patches,
        variants,
    })
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
        assert!(matches!(fields[0].1, Pattern::Regex { .. }));
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
