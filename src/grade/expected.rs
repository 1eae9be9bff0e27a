//! Parsing an exercise's expected.yaml into the objects it expects.

use super::pattern::{Pattern, PatternError};
use crate::manifest::FieldPath;
use crate::manifest::yaml::{self, Node, Span};

/// One expected object: found in a submission by kind (and name, when given).
#[derive(Debug, Clone)]
pub struct ExpectedObject {
    pub kind: String,
    pub name: Option<String>,
    /// The graded fields; `apiVersion`, `kind` and the matching `metadata.name` are not
    /// graded values (they select the object).
    pub pattern: Pattern,
    pub line: usize,
    /// Written `--- !absent`: the submission must NOT contain such an object.
    pub absent: bool,
}

impl ExpectedObject {
    /// `Kind/name`, or `Kind` when any object of the kind will do.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{}/{name}", self.kind),
            None => self.kind.clone(),
        }
    }
}

pub fn parse(text: &str) -> Result<Vec<ExpectedObject>, PatternError> {
    let loaded = yaml::load(text);
    if let Some(problem) = loaded.problems.first() {
        return Err(PatternError {
            span: problem.span(),
            message: problem.to_string(),
        });
    }
    let mut objects = Vec::new();
    for document in loaded.documents {
        let Some(root) = document.root.filter(|r| !r.is_null()) else {
            continue;
        };
        objects.push(parse_object(&root)?);
    }
    if objects.is_empty() {
        return Err(PatternError {
            span: Span::default(),
            message: "expected.yaml names no object".into(),
        });
    }
    Ok(objects)
}

fn parse_object(root: &Node) -> Result<ExpectedObject, PatternError> {
    let Some(kind) = root.get("kind").and_then(Node::as_str) else {
        return Err(PatternError {
            span: root.span,
            message: "every object of expected.yaml needs `kind`".into(),
        });
    };
    let name = root
        .get("metadata")
        .and_then(|m| m.get("name"))
        .filter(|n| n.tag.is_none())
        .and_then(Node::as_str)
        .map(str::to_string);
    let absent = root.tag.as_deref() == Some("!absent");
    if let Some(tag) = root.tag.as_deref().filter(|t| *t != "!absent") {
        return Err(PatternError {
            span: root.span,
            message: format!("a whole object can only be tagged !absent, not {tag}"),
        });
    }
    let mut untagged = root.clone();
    untagged.tag = None;
    let mut pattern = Pattern::parse(&untagged)?;
    if let Pattern::Map(fields) = &mut pattern {
        fields.retain(|(k, _)| k != "apiVersion" && k != "kind");
        if name.is_some() {
            for (key, value) in fields.iter_mut() {
                if let (true, Pattern::Map(meta)) = (key == "metadata", value) {
                    meta.retain(|(k, _)| k != "name");
                }
            }
            fields.retain(|(k, v)| {
                !(k == "metadata" && matches!(v, Pattern::Map(m) if m.is_empty()))
            });
        }
    }
    if absent && !matches!(&pattern, Pattern::Map(fields) if fields.is_empty()) {
        return Err(PatternError {
            span: root.span,
            message: "an !absent object names only apiVersion, kind and metadata.name".into(),
        });
    }
    Ok(ExpectedObject {
        kind: kind.to_string(),
        name,
        pattern,
        line: root.span.start.line,
        absent,
    })
}

/// The paths of the graded values of an expected object: an `!absent` object is one value
/// (at the root path).
pub fn object_leaves(object: &ExpectedObject) -> Vec<FieldPath> {
    let mut out = Vec::new();
    if object.absent {
        out.push(FieldPath::root());
    } else {
        leaf_paths(&object.pattern, &FieldPath::root(), &mut out);
    }
    out
}

/// The paths of every graded value of a pattern, in order (list indexes are the
/// expected file's).
pub fn leaf_paths(pattern: &Pattern, path: &FieldPath, out: &mut Vec<FieldPath>) {
    match pattern {
        Pattern::Map(fields) => {
            for (key, child) in fields {
                leaf_paths(child, &path.key(key.as_str()), out);
            }
        }
        Pattern::List(items) if items.iter().any(|p| matches!(p, Pattern::Map(_))) => {
            for (i, item) in items.iter().enumerate() {
                leaf_paths(item, &path.index(i), out);
            }
        }
        _ => out.push(path.clone()),
    }
}

/// Problems of form in parsed expected objects that `content check` reports: a bare
/// `!regex` (it would be shown to the learner as a raw expression), `!image` on a field
/// that holds no image, an empty `!exactly`, and cross-object matchers naming an object
/// expected.yaml does not have.
pub fn form_problems(objects: &[ExpectedObject]) -> Vec<String> {
    let labels: Vec<String> = objects.iter().map(ExpectedObject::label).collect();
    let mut out = Vec::new();
    for object in objects {
        let mut walk = Vec::new();
        collect(&object.pattern, &FieldPath::root(), &mut walk);
        for (path, pattern) in walk {
            let at = format!("{} `{path}`", object.label());
            match pattern {
                Pattern::Regex { says: None, re } => out.push(format!(
                    "{at}: `!regex '{}'` would be shown to the learner as a raw expression: say it in words with `!regex {{match: '…', says: '…'}}` (or use `!image` for an image)",
                    re.as_str()
                )),
                Pattern::Image(_) if path.last_key() != Some("image") => out.push(format!(
                    "{at}: `!image` grades a container image reference; this field is not `image`"
                )),
                Pattern::Exactly(fields) if fields.is_empty() => out.push(format!(
                    "{at}: `!exactly {{}}` matches only an empty mapping: write `!absent` if the field must not be set"
                )),
                Pattern::Selects(target)
                | Pattern::Same {
                    object: Some(target),
                    ..
                } if !labels.contains(target) => out.push(format!(
                    "{at}: names `{target}`, which is not an object of expected.yaml (objects: {})",
                    labels.join(", ")
                )),
                _ => {}
            }
        }
    }
    out
}

/// Every pattern of a tree with its path, matchers' inner patterns included.
fn collect<'p>(pattern: &'p Pattern, path: &FieldPath, out: &mut Vec<(FieldPath, &'p Pattern)>) {
    out.push((path.clone(), pattern));
    match pattern {
        Pattern::Map(fields) | Pattern::Exactly(fields) => {
            for (key, child) in fields {
                collect(child, &path.key(key.as_str()), out);
            }
        }
        Pattern::List(items) | Pattern::Ordered(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, &path.index(i), out);
            }
        }
        Pattern::OneOf(items) => {
            for item in items {
                collect(item, path, out);
            }
        }
        Pattern::Some(inner) | Pattern::Every(inner) => collect(inner, &path.index(0), out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_fields_are_not_graded() {
        let objects = parse("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: None\n  ports: [{port: 80}]\n---\nkind: StatefulSet\nspec: {replicas: 2}\n").unwrap();
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0].label(), "Service/web");
        assert_eq!(objects[1].label(), "StatefulSet");
        let mut leaves = Vec::new();
        leaf_paths(&objects[0].pattern, &FieldPath::root(), &mut leaves);
        let leaves: Vec<String> = leaves.iter().map(ToString::to_string).collect();
        assert_eq!(leaves, ["spec.clusterIP", "spec.ports[0].port"]);
    }

    #[test]
    fn absent_objects() {
        let objects =
            parse("--- !absent\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache}\n")
                .unwrap();
        assert!(objects[0].absent);
        assert_eq!(object_leaves(&objects[0]), [FieldPath::root()]);
        assert!(parse("--- !absent\nkind: Deployment\nspec: {replicas: 1}\n").is_err());
        assert!(parse("--- !some\nkind: Deployment\n").is_err());
    }

    #[test]
    fn form_problems_name_raw_regexes_misused_image_and_unknown_targets() {
        let objects = parse("kind: StatefulSet\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: !some {image: !regex '^nginx', name: !image nginx}\n  selector: !selects StatefulSet/db\n  p: !exactly {}\n  q: !regex {match: '^a', says: 'a word starting with a'}\n").unwrap();
        let problems = form_problems(&objects);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("raw expression"), "{problems:?}");
        assert!(problems[1].contains("`!image`"), "{problems:?}");
        assert!(problems[2].contains("StatefulSet/db"), "{problems:?}");
        assert!(problems[3].contains("!absent"), "{problems:?}");
        let fine = parse("kind: StatefulSet\nmetadata: {name: web}\nspec:\n  selector: !selects StatefulSet/web\n  template: {spec: {containers: !some {image: !image nginx}}}\n").unwrap();
        assert!(form_problems(&fine).is_empty());
    }

    #[test]
    fn errors_are_located() {
        assert_eq!(parse("spec: {}\n").unwrap_err().span.start.line, 1);
        assert!(
            parse("kind: A\nspec: !nope 1\n")
                .unwrap_err()
                .message
                .contains("unknown matcher")
        );
        assert!(parse("# nothing\n").is_err());
    }
}
