//! From YAML documents to Kubernetes objects: identity (apiVersion, kind, name), the
//! strict schema check, and a typed view for the kinds the rules read.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use serde_json::Value;

use super::kinds::{self, builtin, is_builtin_group, removed_api, versions_of};
use super::names::suggest;
use super::path::FieldPath;
use super::schema::{self, SchemaProblem};
use super::source::Source;
use super::yaml::{self, LoadProblem, Node, Span};

/// The typed view of an object, for the kinds the review rules read.
#[derive(Debug, Clone)]
pub enum Typed {
    StatefulSet(Box<StatefulSet>),
    Service(Box<Service>),
    Claim(Box<PersistentVolumeClaim>),
    Budget(Box<PodDisruptionBudget>),
    /// A kind checked by its schema only, or not checked at all.
    Other,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// The object's own mapping (for an item of a `kind: List`, the item).
    pub node: Node,
    pub typed: Typed,
    /// The JSON the typed view was read from (fields that failed the schema removed).
    pub json: Value,
}

impl Object {
    pub fn line(&self) -> usize {
        self.node.span.start.line
    }

    /// `Kind/name` as used in messages and reports.
    pub fn label(&self) -> String {
        format!(
            "{}/{}",
            self.kind,
            self.name.as_deref().unwrap_or("(unnamed)")
        )
    }

    /// The namespace the object lands in when its file is applied without `-n`: an unset
    /// namespace is the one the file is applied to, and `default` written out equals it.
    /// The grader and the cross-object rules read files this one way.
    pub fn namespace_or_default(&self) -> &str {
        self.namespace
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or("default")
    }

    /// The namespace in words: "namespace `other`", or "the namespace the file is applied to".
    pub fn namespace_words(&self) -> String {
        match self.namespace.as_deref().filter(|n| !n.is_empty()) {
            Some(ns) => format!("namespace `{ns}`"),
            None => "the namespace the file is applied to (no `metadata.namespace`)".to_string(),
        }
    }
}

/// Whether two objects of one set of files end up in the same namespace (see
/// [`Object::namespace_or_default`]).
pub fn same_namespace(a: &Object, b: &Object) -> bool {
    a.namespace_or_default() == b.namespace_or_default()
}

/// A finding of the loading stage. `rule` is an id from the review registry.
#[derive(Debug, Clone)]
pub struct Problem {
    pub rule: &'static str,
    pub span: Span,
    pub path: Option<FieldPath>,
    pub message: String,
    pub help: Option<String>,
    /// Index into `Bundle::objects` when the problem belongs to an object.
    pub object: Option<usize>,
    /// For a misspelt field, the field the user probably meant: checks that would report
    /// that field as missing stay quiet, since this problem already says it.
    pub meant: Option<FieldPath>,
}

/// Everything read from one file: the objects, and the problems found reading them.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub source: Source,
    pub objects: Vec<Object>,
    pub problems: Vec<Problem>,
}

impl Bundle {
    pub fn statefulsets(&self) -> impl Iterator<Item = (usize, &Object, &StatefulSet)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(i, o)| match &o.typed {
                Typed::StatefulSet(s) => Some((i, o, s.as_ref())),
                _ => None,
            })
    }

    pub fn services(&self) -> impl Iterator<Item = (usize, &Object, &Service)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(i, o)| match &o.typed {
                Typed::Service(s) => Some((i, o, s.as_ref())),
                _ => None,
            })
    }

    pub fn claims(&self) -> impl Iterator<Item = (usize, &Object, &PersistentVolumeClaim)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(i, o)| match &o.typed {
                Typed::Claim(c) => Some((i, o, c.as_ref())),
                _ => None,
            })
    }

    pub fn budgets(&self) -> impl Iterator<Item = (usize, &Object, &PodDisruptionBudget)> {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(i, o)| match &o.typed {
                Typed::Budget(b) => Some((i, o, b.as_ref())),
                _ => None,
            })
    }
}

/// Parses a source into a bundle of objects. Never fails: every problem becomes a
/// `Problem` so the user sees all of them at once.
pub fn read_bundle(source: Source) -> Bundle {
    let loaded = yaml::load(&source.text);
    let mut bundle = Bundle {
        source,
        objects: Vec::new(),
        problems: Vec::new(),
    };
    // Duplicate keys, with the span of the first occurrence: their field path is found
    // once the objects are read.
    let mut duplicates: Vec<(usize, Span)> = Vec::new();
    for problem in &loaded.problems {
        if let LoadProblem::DuplicateKey { first, .. } = problem {
            duplicates.push((bundle.problems.len(), *first));
        }
        let rule = match problem {
            LoadProblem::Syntax { .. } | LoadProblem::UnknownAlias { .. } => "yaml-syntax",
            LoadProblem::DuplicateKey { .. } => "duplicate-key",
            LoadProblem::ComplexKey { .. } => "field-type",
            LoadProblem::TooDeep { .. }
            | LoadProblem::AliasLimit { .. }
            | LoadProblem::TooManyDocuments { .. } => "input-limit",
        };
        let mut message = problem.to_string();
        if problem.is_fatal() && !loaded.documents.is_empty() {
            message.push_str(" (documents before this point were still checked)");
        }
        bundle.problems.push(Problem {
            rule,
            span: problem.span(),
            path: None,
            message,
            help: Some(problem.help().to_string()),
            object: None,
            meant: None,
        });
    }
    let fatal = loaded.problems.iter().any(LoadProblem::is_fatal);
    for document in loaded.documents {
        // An explicit empty document (`---` followed by nothing) holds a null scalar;
        // like kubectl, skip it as if it were absent.
        if let Some(root) = document.root.filter(|r| !r.is_null()) {
            read_object(&mut bundle, root)
        }
    }
    for (problem, first) in duplicates {
        for (i, object) in bundle.objects.iter().enumerate() {
            if let Some(path) = path_to_key(&object.node, first) {
                bundle.problems[problem].path = Some(path);
                bundle.problems[problem].object = Some(i);
                break;
            }
        }
    }
    if bundle.objects.is_empty()
        && !fatal
        && bundle.problems.iter().all(|p| p.rule != "object-type")
    {
        bundle.problems.push(Problem {
            rule: "no-objects",
            span: Span::point(yaml::Pos { line: 1, column: 1 }),
            path: None,
            message: "the file contains no Kubernetes objects".to_string(),
            help: Some("a manifest is a YAML mapping with apiVersion, kind and metadata".into()),
            object: None,
            meant: None,
        });
    }
    bundle
}

/// The field path of the mapping key written at `span`, when it is inside `node`.
fn path_to_key(node: &Node, span: Span) -> Option<FieldPath> {
    let contains = |n: &Node| n.span.start <= span.start && span.start <= n.span.end;
    match &node.kind {
        yaml::NodeKind::Map(entries) => {
            for entry in entries {
                let key = entry.key.as_scalar().map(|k| k.text.as_str());
                if entry.key.span == span {
                    return key.map(|k| FieldPath::root().key(k));
                }
                if contains(&entry.value)
                    && let (Some(key), Some(rest)) = (key, path_to_key(&entry.value, span))
                {
                    let mut path = FieldPath::root().key(key);
                    path.0.extend(rest.0);
                    return Some(path);
                }
            }
            None
        }
        yaml::NodeKind::Seq(items) => items.iter().enumerate().find_map(|(n, item)| {
            if !contains(item) {
                return None;
            }
            let rest = path_to_key(item, span)?;
            let mut path = FieldPath::root().index(n);
            path.0.extend(rest.0);
            Some(path)
        }),
        yaml::NodeKind::Scalar(_) => None,
    }
}

fn identity_problem(bundle: &mut Bundle, span: Span, message: String, help: &str) {
    bundle.problems.push(Problem {
        rule: "object-type",
        span,
        path: None,
        message,
        help: Some(help.to_string()),
        object: None,
        meant: None,
    });
}

fn read_object(bundle: &mut Bundle, root: Node) {
    if root.as_map().is_none() {
        let message = format!(
            "this document is {}, not a Kubernetes object",
            root.type_name()
        );
        identity_problem(
            bundle,
            root.span,
            message,
            "a Kubernetes object is a mapping with apiVersion, kind and metadata",
        );
        return;
    }
    let api_version = root
        .get("apiVersion")
        .and_then(Node::as_str)
        .map(str::to_string);
    let kind = root.get("kind").and_then(Node::as_str).map(str::to_string);
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        let missing = match (root.get("apiVersion"), root.get("kind")) {
            (None, None) => "has neither `apiVersion` nor `kind`".to_string(),
            (None, _) => "has no `apiVersion`".to_string(),
            (_, None) => "has no `kind`".to_string(),
            _ => "has an `apiVersion` or `kind` that is not a string".to_string(),
        };
        let span = Span::point(root.span.start);
        identity_problem(
            bundle,
            span,
            format!("this document {missing}: it is not a Kubernetes object"),
            "every object needs `apiVersion` (e.g. apps/v1) and `kind` (e.g. StatefulSet)",
        );
        return;
    };
    if kind == "List" && api_version == "v1" {
        match root.get("items").and_then(Node::as_seq) {
            Some(items) => {
                for item in items {
                    read_object(bundle, item.clone());
                }
            }
            None => identity_problem(
                bundle,
                Span::point(root.span.start),
                "this `kind: List` has no `items` list".into(),
                "put the objects under `items:` as a list",
            ),
        }
        return;
    }
    let metadata = root.get("metadata");
    let name = metadata
        .and_then(|m| m.get("name"))
        .and_then(Node::as_str)
        .map(str::to_string);
    let namespace = metadata
        .and_then(|m| m.get("namespace"))
        .and_then(Node::as_str)
        .map(str::to_string);
    let index = bundle.objects.len();
    let api_span = root.get("apiVersion").map_or(root.span, |n| n.span);
    let kind_span = root.get("kind").map_or(root.span, |n| n.span);
    let problem = |rule: &'static str, span: Span, message: String, help: String| Problem {
        rule,
        span,
        path: None,
        message,
        help: Some(help),
        object: Some(index),
        meant: None,
    };
    let mut object = Object {
        api_version: api_version.clone(),
        kind: kind.clone(),
        name,
        namespace,
        json: Value::Null,
        typed: Typed::Other,
        node: root,
    };
    if let Some(removed) = removed_api(&api_version, &kind) {
        let mut help = format!("change apiVersion to {}", removed.replacement);
        if kind == "StatefulSet"
            && object
                .node
                .get("spec")
                .and_then(|s| s.get("selector"))
                .is_none()
        {
            help.push_str("; apps/v1 also requires `spec.selector.matchLabels` matching the Pod template's labels");
        }
        let message = format!(
            "{api_version} {kind} was removed in Kubernetes {}: no supported cluster accepts it",
            removed.removed_in
        );
        bundle
            .problems
            .push(problem("removed-api-version", api_span, message, help));
        // Kept as written, so that rules looking across objects can say what it is.
        object.json = schema::plain_json(&object.node);
    } else if let Some(builtin) = builtin(&api_version, &kind) {
        let (json, issues) = schema::check(&object.node, builtin.schema(), &kind);
        for issue in issues {
            let rule = match issue.problem {
                SchemaProblem::UnknownField => "unknown-field",
                SchemaProblem::FieldType => "field-type",
                SchemaProblem::RequiredField => "required-field",
            };
            bundle.problems.push(Problem {
                rule,
                span: issue.span,
                path: Some(issue.path),
                message: issue.message,
                help: issue.help,
                object: Some(index),
                meant: issue.meant,
            });
        }
        match typed_view(&kind, &json) {
            Ok(typed) => object.typed = typed,
            Err(err) => bundle.problems.push(problem(
                "field-type",
                object.node.span,
                format!("the {kind} could not be read: {err}"),
                "fix the fields reported above".into(),
            )),
        }
        object.json = json;
    } else if is_builtin_group(&api_version) {
        let served = versions_of(&kind);
        let kinds_here: Vec<&str> = kinds::BUILTIN_KINDS
            .iter()
            .filter(|k| k.api_version == api_version)
            .map(|k| k.kind)
            .collect();
        if !served.is_empty() {
            let message = format!("{kind} is not served by {api_version}");
            bundle.problems.push(problem(
                "unknown-api-version",
                api_span,
                message,
                format!("use apiVersion: {}", served.join(" or ")),
            ));
        } else if let Some(close) = suggest(&kind, kinds_here.iter().copied()) {
            let message = format!("{api_version} has no kind `{kind}`");
            bundle.problems.push(problem(
                "unknown-kind",
                kind_span,
                message,
                format!("did you mean `{close}`?"),
            ));
        } else {
            let message = format!(
                "{api_version} {kind} is not a kind this tutor has a schema for, so only its identity was read"
            );
            bundle.problems.push(problem(
                "unchecked-kind",
                kind_span,
                message,
                "check this object with the API server (kubectl apply --dry-run=server)".into(),
            ));
        }
        object.json = schema::plain_json(&object.node);
    } else {
        let message =
            format!("{api_version} {kind} is a custom resource; only built-in kinds are checked");
        bundle.problems.push(problem(
            "unchecked-kind",
            kind_span,
            message,
            "its CRD defines its fields; check it with kubectl apply --dry-run=server".into(),
        ));
        object.json = schema::plain_json(&object.node);
    }
    bundle.objects.push(object);
}

/// Reads the typed view. Kept non-generic so the serde code for these big types is
/// compiled once, in the library.
/// Whether a claim template of a StatefulSet's JSON names another apiVersion or kind than
/// v1 PersistentVolumeClaim.
fn has_foreign_claim_type(json: &Value) -> bool {
    let claims = json
        .pointer("/spec/volumeClaimTemplates")
        .and_then(Value::as_array);
    claims.into_iter().flatten().any(|claim| {
        let differs = |field: &str, wanted: &str| {
            claim.get(field).is_some_and(|v| v.as_str() != Some(wanted))
        };
        differs("apiVersion", "v1") || differs("kind", "PersistentVolumeClaim")
    })
}

fn typed_view(kind: &str, json: &Value) -> Result<Typed, serde_json::Error> {
    use serde::Deserialize;
    // Deserializing from a borrowed Value avoids copying the whole object first.
    Ok(match kind {
        "StatefulSet" if has_foreign_claim_type(json) => {
            // kube-apiserver ignores apiVersion and kind inside a claim template; the typed
            // PersistentVolumeClaim insists on v1 and PersistentVolumeClaim.
            let mut json = json.clone();
            let claims = json.pointer_mut("/spec/volumeClaimTemplates");
            for claim in claims.and_then(Value::as_array_mut).into_iter().flatten() {
                if let Some(claim) = claim.as_object_mut() {
                    claim.remove("apiVersion");
                    claim.remove("kind");
                }
            }
            Typed::StatefulSet(Box::new(StatefulSet::deserialize(&json)?))
        }
        "StatefulSet" => Typed::StatefulSet(Box::new(StatefulSet::deserialize(json)?)),
        "Service" => Typed::Service(Box::new(Service::deserialize(json)?)),
        "PersistentVolumeClaim" => {
            Typed::Claim(Box::new(PersistentVolumeClaim::deserialize(json)?))
        }
        "PodDisruptionBudget" => Typed::Budget(Box::new(PodDisruptionBudget::deserialize(json)?)),
        _ => Typed::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(text: &str) -> Bundle {
        read_bundle(Source::new("t.yaml", text))
    }

    fn rules(b: &Bundle) -> Vec<&'static str> {
        b.problems.iter().map(|p| p.rule).collect()
    }

    #[test]
    fn unset_and_default_namespaces_are_one_and_others_differ() {
        let b = bundle(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: default}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, namespace: \"\"}\n",
        );
        let [unset, default, shop, empty] = [0, 1, 2, 3].map(|i| &b.objects[i]);
        assert!(same_namespace(unset, default));
        assert!(same_namespace(unset, empty));
        assert!(!same_namespace(unset, shop));
        assert!(!same_namespace(default, shop));
        assert!(same_namespace(shop, shop));
        assert_eq!(shop.namespace_words(), "namespace `shop`");
        assert!(unset.namespace_words().contains("applied to"));
    }

    #[test]
    fn lists_are_expanded_and_typed() {
        let b = bundle(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n  spec: {clusterIP: None}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n",
        );
        assert_eq!(b.objects.len(), 2, "{:?}", b.problems);
        assert!(matches!(b.objects[0].typed, Typed::Service(_)));
        assert_eq!(b.objects[0].line(), 4);
        assert_eq!(b.objects[1].label(), "ConfigMap/c");
        assert!(b.problems.is_empty(), "{:?}", b.problems);
    }

    #[test]
    fn identity_problems() {
        assert_eq!(rules(&bundle("kind: Service\n")), ["object-type"]);
        assert_eq!(rules(&bundle("- a\n- b\n")), ["object-type"]);
        assert_eq!(rules(&bundle("# nothing\n")), ["no-objects"]);
        assert_eq!(rules(&bundle("")), ["no-objects"]);
        assert_eq!(
            rules(&bundle(
                "apiVersion: v1\nkind: Servce\nmetadata: {name: a}\n"
            )),
            ["unknown-kind"]
        );
        assert_eq!(
            rules(&bundle(
                "apiVersion: apps/v2\nkind: StatefulSet\nmetadata: {name: a}\n"
            )),
            ["unknown-api-version"]
        );
        assert_eq!(
            rules(&bundle(
                "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: a}\n"
            )),
            ["unchecked-kind"]
        );
    }

    #[test]
    fn removed_versions_are_errors_with_the_replacement() {
        let b = bundle(
            "apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata: {name: a}\nspec:\n  template: {}\n",
        );
        assert_eq!(rules(&b), ["removed-api-version"]);
        let help = b.problems[0].help.as_deref().unwrap();
        assert!(
            help.contains("apps/v1") && help.contains("selector"),
            "{help}"
        );
        assert_eq!(b.problems[0].span.start.line, 1);
    }
}
