//! Strict checking of a document against its kind's API schema: unknown fields, wrong
//! types and missing required fields, each at the exact key or value.
//!
//! The typed k8s-openapi structs ignore unknown fields and stop at the first type error,
//! so strictness is checked here, on the spanned tree. The same walk produces a JSON value
//! with every offending field removed, which then deserializes cleanly into the typed view:
//! one bad field never hides the findings of the rules that read the rest of the object.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::names::suggest;
use super::path::{FieldPath, Segment};
use super::yaml::{Node, NodeKind, Resolved, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaProblem {
    UnknownField,
    FieldType,
    RequiredField,
}

#[derive(Debug, Clone)]
pub struct SchemaIssue {
    pub problem: SchemaProblem,
    pub path: FieldPath,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// For a misspelt field, the field the user probably meant.
    pub meant: Option<FieldPath>,
}

/// The JSON type a schema asks for, for type-error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    String,
    Integer,
    Number,
    Boolean,
    Quantity,
    IntOrString,
    Mapping,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::String => "a string",
            Expected::Integer => "an integer",
            Expected::Number => "a number",
            Expected::Boolean => "a boolean (true or false)",
            Expected::Quantity => "a quantity such as 1Gi or 500m",
            Expected::IntOrString => "an integer or a string",
            Expected::Mapping => "a mapping of fields",
        }
    }

    fn is_number_or_bool(self) -> bool {
        matches!(
            self,
            Expected::Integer | Expected::Number | Expected::Boolean
        )
    }
}

/// Fields that exist only on StatefulSets, for a pointed message when they appear on
/// another workload kind.
/// Fields the OpenAPI schema lists as required that kube-apiserver 1.37 does not require:
/// a value-typed Go field whose zero value passes validation. (parent's last key, field):
/// a `nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution` item without
/// `preference` is an empty term, which matches every node (accepted by the v1.37.2
/// testbed; tests/fixtures/oracle/accepted-affinity.yaml).
const NOT_REQUIRED_BY_THE_SERVER: &[(&str, &str)] = &[(
    "preferredDuringSchedulingIgnoredDuringExecution",
    "preference",
)];

/// Whether `field` of the object at `path` is one of [`NOT_REQUIRED_BY_THE_SERVER`].
fn required_by_the_server(path: &FieldPath, field: &str) -> bool {
    let parent = match path.0.as_slice() {
        [.., Segment::Key(list), Segment::Index(_)] => list.as_str(),
        _ => return true,
    };
    !NOT_REQUIRED_BY_THE_SERVER.contains(&(parent, field))
}

const STATEFULSET_ONLY: &[&str] = &[
    "volumeClaimTemplates",
    "serviceName",
    "podManagementPolicy",
    "persistentVolumeClaimRetentionPolicy",
    "ordinals",
];

/// The items of lists that server-side apply merges by key (`+listType=map` in the API
/// types), by definition name, with their keys. kube-apiserver refuses a null item in such a
/// list ("associative list with keys may not have a null element"); a null item of any other
/// list is read as an empty item.
const KEYED_ITEMS: &[(&str, &str)] = &[
    ("io.k8s.api.core.v1.Container", "name"),
    ("io.k8s.api.core.v1.EphemeralContainer", "name"),
    (
        "io.k8s.api.core.v1.ContainerPort",
        "containerPort and protocol",
    ),
    ("io.k8s.api.core.v1.EnvVar", "name"),
    ("io.k8s.api.core.v1.VolumeMount", "mountPath"),
    ("io.k8s.api.core.v1.VolumeDevice", "devicePath"),
    ("io.k8s.api.core.v1.ResourceClaim", "name"),
    ("io.k8s.api.core.v1.Volume", "name"),
    ("io.k8s.api.core.v1.LocalObjectReference", "name"),
    ("io.k8s.api.core.v1.HostAlias", "ip"),
    (
        "io.k8s.api.core.v1.TopologySpreadConstraint",
        "topologyKey and whenUnsatisfiable",
    ),
    ("io.k8s.api.core.v1.PodSchedulingGate", "name"),
    ("io.k8s.api.core.v1.PodResourceClaim", "name"),
    ("io.k8s.api.core.v1.ServicePort", "port and protocol"),
];

/// Checks `root` against `schema` (a schemars root with `$defs`). Returns the document as
/// JSON without the fields that failed, and the issues found.
pub fn check(root: &Node, schema: &Value, kind: &str) -> (Value, Vec<SchemaIssue>) {
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut checker = Checker {
        defs,
        root_schema: schema,
        kind,
        issues: Vec::new(),
    };
    let json = checker
        .value(root, schema, &FieldPath::root(), root.span)
        .unwrap_or(Value::Null);
    (json, checker.issues)
}

struct Checker<'a> {
    defs: &'a Map<String, Value>,
    root_schema: &'a Value,
    kind: &'a str,
    issues: Vec<SchemaIssue>,
}

impl<'a> Checker<'a> {
    /// Follows `$ref`s; returns the schema and the name of the last definition followed.
    fn deref(&self, schema: &'a Value) -> (&'a Value, Option<&'a str>) {
        resolve_ref(schema, self.defs)
    }

    fn issue(
        &mut self,
        problem: SchemaProblem,
        path: &FieldPath,
        span: Span,
        message: String,
        help: Option<String>,
    ) {
        self.issues.push(SchemaIssue {
            problem,
            path: path.clone(),
            span,
            message,
            help,
            meant: None,
        });
    }

    /// Converts `node` to JSON under `schema`; `None` drops the field (it was reported).
    fn value(
        &mut self,
        node: &Node,
        schema: &'a Value,
        path: &FieldPath,
        key: Span,
    ) -> Option<Value> {
        let (schema, def_name) = self.deref(schema);
        if node.is_null() {
            return None;
        }
        if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
            let quantity = def_name.is_some_and(|n| n.ends_with("resource.Quantity"));
            return self.int_or_string(node, path, quantity);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => self.object(node, schema, path, key),
            Some("array") => self.array(node, schema, path),
            Some("string") => match node.resolve() {
                Some(Resolved::Str(s)) => Some(Value::String(s.to_string())),
                _ => self.wrong_type(node, path, Expected::String),
            },
            Some("integer") => match node.resolve() {
                Some(Resolved::Int(i)) => {
                    let int32 = schema.get("format").and_then(Value::as_str) == Some("int32");
                    if int32 && i32::try_from(i).is_err() {
                        let message = format!(
                            "`{}` is out of range: {i} does not fit in a 32-bit integer",
                            display(path)
                        );
                        // What kube-apiserver 1.37 does with it, found by tests/oracle_lint.rs.
                        #[allow(clippy::cast_possible_truncation)]
                        let wrapped = i as i32;
                        let help = format!(
                            "use a value from -2147483648 to 2147483647: kubectl create and kubectl apply refuse this one, and kubectl apply --server-side silently stores it as {wrapped}"
                        );
                        self.issue(
                            SchemaProblem::FieldType,
                            path,
                            node.span,
                            message,
                            Some(help),
                        );
                        return None;
                    }
                    Some(Value::from(i))
                }
                _ => self.wrong_type(node, path, Expected::Integer),
            },
            Some("number") => match node.resolve() {
                Some(Resolved::Int(i)) => Some(Value::from(i)),
                Some(Resolved::Float(f)) if f.is_finite() => Some(Value::from(f)),
                _ => self.wrong_type(node, path, Expected::Number),
            },
            Some("boolean") => match node.resolve() {
                Some(Resolved::Bool(b)) => Some(Value::Bool(b)),
                _ => self.wrong_type(node, path, Expected::Boolean),
            },
            _ => Some(plain_json(node)),
        }
    }

    fn int_or_string(&mut self, node: &Node, path: &FieldPath, quantity: bool) -> Option<Value> {
        match node.resolve() {
            Some(Resolved::Str(s)) => Some(Value::String(s.to_string())),
            Some(Resolved::Int(i)) if quantity => Some(Value::String(i.to_string())),
            Some(Resolved::Int(i)) => Some(Value::from(i)),
            Some(Resolved::Float(_)) if quantity => {
                let text = node.as_scalar().map(|s| s.text.clone()).unwrap_or_default();
                Some(Value::String(text))
            }
            _ if quantity => self.wrong_type(node, path, Expected::Quantity),
            _ => self.wrong_type(node, path, Expected::IntOrString),
        }
    }

    fn wrong_type(&mut self, node: &Node, path: &FieldPath, expected: Expected) -> Option<Value> {
        let field = display(path);
        let wanted = expected.describe();
        let found = node.type_name();
        let (message, help) = match (node.as_scalar(), node.resolve()) {
            // A quoted number or boolean where one is wanted: the quotes are the mistake.
            (Some(_), Some(Resolved::Str(s))) if expected.is_number_or_bool() => {
                let unquoted = super::yaml::resolve_plain(s);
                let quoted_value = matches!(
                    unquoted,
                    Resolved::Int(_) | Resolved::Float(_) | Resolved::Bool(_)
                );
                let key = path.last_key().unwrap_or("field");
                (
                    format!("`{field}` must be {wanted}, but \"{s}\" is a string"),
                    quoted_value.then(|| format!("remove the quotes: {key}: {s}")),
                )
            }
            (Some(scalar), Some(Resolved::Bool(_))) if expected == Expected::String => (
                format!(
                    "`{field}` must be a string, but unquoted `{}` is read as a boolean",
                    scalar.text
                ),
                Some(format!(
                    "YAML reads unquoted yes/no/on/off/true/false as booleans: write \"{}\"",
                    scalar.text
                )),
            ),
            (Some(scalar), _) if expected == Expected::String => (
                format!(
                    "`{field}` must be a string, but `{}` is {found}",
                    scalar.text
                ),
                Some(format!("quote the value: \"{}\"", scalar.text)),
            ),
            (Some(scalar), _) => (
                format!(
                    "`{field}` must be {wanted}, but `{}` is {found}",
                    scalar.text
                ),
                None,
            ),
            (None, _) => (
                format!("`{field}` must be {wanted}, but it is {found}"),
                None,
            ),
        };
        self.issue(SchemaProblem::FieldType, path, node.span, message, help);
        None
    }

    fn object(
        &mut self,
        node: &Node,
        schema: &'a Value,
        path: &FieldPath,
        key: Span,
    ) -> Option<Value> {
        let NodeKind::Map(entries) = &node.kind else {
            return self.wrong_type(node, path, Expected::Mapping);
        };
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties").filter(|v| v.is_object());
        let mut out = Map::new();
        // Keys already seen: most mappings are small, where looking back at the earlier keys
        // is cheaper than hashing each one.
        let mut seen = HashSet::new();
        let small = entries.len() <= 16;
        let mut misspelt: Vec<&str> = Vec::new();
        // One path buffer for all the fields (pushed and popped), not a copy per field: the
        // walk visits every node of every object.
        let mut child_path = path.clone();
        for (n, entry) in entries.iter().enumerate() {
            let Some(name) = entry.key.as_scalar().map(|s| s.text.as_str()) else {
                continue;
            };
            let repeated = if small {
                entries[..n]
                    .iter()
                    .any(|e| e.key.as_scalar().is_some_and(|s| s.text == name))
            } else {
                !seen.insert(name)
            };
            if repeated {
                continue; // duplicate keys are reported by the loader
            }
            child_path.0.truncate(path.0.len());
            child_path.0.push(Segment::Key(name.to_string()));
            let child_schema = match (properties.and_then(|p| p.get(name)), additional) {
                (Some(field), _) => Some(field),
                // A null in a map of values (labels, limits) is read by the API server as
                // the value type's zero: `app: null` is `app: ""`, `cpu: null` is 0.
                (None, Some(extra)) if entry.value.is_null() => {
                    out.insert(name.to_string(), self.placeholder(extra));
                    continue;
                }
                (None, Some(extra)) => Some(extra),
                (None, None) if properties.is_none() => {
                    out.insert(name.to_string(), plain_json(&entry.value));
                    continue;
                }
                (None, None) => None,
            };
            match child_schema {
                Some(child) => {
                    if let Some(v) = self.value(&entry.value, child, &child_path, entry.key.span) {
                        out.insert(name.to_string(), v);
                    }
                }
                None => {
                    let meant = self.unknown_field(
                        name,
                        schema,
                        properties,
                        path,
                        &child_path,
                        entry.key.span,
                    );
                    misspelt.extend(meant);
                }
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for field in required.iter().filter_map(Value::as_str) {
                // "missing selector" next to "unknown field selecter: did you mean selector?"
                // says the same thing twice; keep the more precise one.
                let reported = self.failed_at(&path.key(field)) || misspelt.contains(&field);
                if !out.contains_key(field) && !reported && required_by_the_server(path, field) {
                    let where_ = if path.0.is_empty() {
                        "the object".to_string()
                    } else {
                        format!("`{}`", display(path))
                    };
                    // Written as null (`containers: null`, `spec:` with nothing under it):
                    // the same as missing, and said on that line.
                    let null = entries
                        .iter()
                        .find(|e| e.key.as_scalar().is_some_and(|k| k.text == field));
                    let (message, span) = match null {
                        Some(entry) => (
                            format!("required field `{field}` in {where_} is null"),
                            entry.key.span,
                        ),
                        None => (format!("missing required field `{field}` in {where_}"), key),
                    };
                    self.issue(
                        SchemaProblem::RequiredField,
                        &path.key(field),
                        span,
                        message,
                        None,
                    );
                }
                if !out.contains_key(field) {
                    // A placeholder keeps the typed view readable; rules that read such a
                    // field check the document for its presence first.
                    let field_schema = properties
                        .and_then(|p| p.get(field))
                        .unwrap_or(&Value::Null);
                    out.insert(field.to_string(), self.placeholder(field_schema));
                }
            }
        }
        Some(Value::Object(out))
    }

    fn placeholder(&self, schema: &'a Value) -> Value {
        let (schema, _) = self.deref(schema);
        if schema.get("x-kubernetes-int-or-string").is_some() {
            return Value::String("0".into());
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                // Required fields of the placeholder get placeholders too, so the typed
                // struct (whose required fields are not optional) can be read.
                let mut fields = Map::new();
                let required = schema.get("required").and_then(Value::as_array);
                for field in required.into_iter().flatten().filter_map(Value::as_str) {
                    let child = schema
                        .pointer(&format!("/properties/{field}"))
                        .unwrap_or(&Value::Null);
                    fields.insert(field.to_string(), self.placeholder(child));
                }
                Value::Object(fields)
            }
            Some("array") => Value::Array(Vec::new()),
            Some("string") => Value::String(String::new()),
            Some("integer" | "number") => Value::from(0),
            Some("boolean") => Value::Bool(false),
            _ => Value::Null,
        }
    }

    /// Whether an issue was already reported at `path` (a present but invalid field is not
    /// also "missing").
    fn failed_at(&self, path: &FieldPath) -> bool {
        self.issues.iter().any(|i| &i.path == path)
    }

    fn array(&mut self, node: &Node, schema: &'a Value, path: &FieldPath) -> Option<Value> {
        let NodeKind::Seq(items) = &node.kind else {
            let help = node.as_scalar().map(|s| {
                format!(
                    "write it as a list: {}: [{}]",
                    path.last_key().unwrap_or("field"),
                    s.text
                )
            });
            let message = format!(
                "`{}` must be a list, but it is {}",
                display(path),
                node.type_name()
            );
            self.issue(SchemaProblem::FieldType, path, node.span, message, help);
            return None;
        };
        let item_schema = schema.get("items").unwrap_or(&Value::Null);
        let keys = self.deref(item_schema).1.and_then(|name| {
            KEYED_ITEMS
                .iter()
                .find(|(keyed, _)| *keyed == name)
                .map(|(_, keys)| *keys)
        });
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        let mut item_path = path.clone();
        for (i, item) in items.iter().enumerate() {
            item_path.0.truncate(path.0.len());
            item_path.0.push(Segment::Index(i));
            if item.is_null() {
                match keys {
                    Some(keys) => {
                        let message = format!(
                            "`{}` is null: the items of `{}` are merged by their {keys}, so the API server refuses an empty one",
                            display(&item_path),
                            display(path),
                        );
                        let help =
                            "remove the `-` that has nothing after it, or write the item out";
                        self.issue(
                            SchemaProblem::FieldType,
                            &item_path,
                            item.span,
                            message,
                            Some(help.into()),
                        );
                        complete = false;
                    }
                    // The API server reads it as an empty item (`values: [null]` is `[""]`).
                    None => out.push(self.placeholder(item_schema)),
                }
                continue;
            }
            // A field missing from an item is reported on the item, not on the list's key.
            let item_key = Span::point(item.span.start);
            match self.value(item, item_schema, &item_path, item_key) {
                Some(v) => out.push(v),
                None => complete = false,
            }
        }
        // Dropping one item would shift the indexes the rules report; drop the list instead.
        complete.then_some(Value::Array(out))
    }

    /// Reports an unknown field; returns the known field it is probably a misspelling of.
    fn unknown_field(
        &mut self,
        name: &str,
        parent_schema: &'a Value,
        properties: Option<&'a Map<String, Value>>,
        parent: &FieldPath,
        path: &FieldPath,
        span: Span,
    ) -> Option<&'a str> {
        let known: Vec<&'a str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let where_ = if parent.0.is_empty() {
            format!("a {}", self.kind)
        } else {
            format!("`{}`", display(parent))
        };
        let message = format!("unknown field `{name}` in {where_}");
        let confusion = known_confusion(self.kind, parent, name);
        let close = if confusion.is_some() {
            None
        } else {
            suggest(name, known.iter().copied())
        };
        let help = if let Some(help) = confusion {
            Some(help)
        } else if let Some(close) = close {
            Some(format!("did you mean `{close}`?"))
        } else if let Some(near) = self.defined_near(name, parent_schema, parent) {
            Some(format!(
                "`{name}` belongs at `{near}`: check the indentation of this key"
            ))
        } else if let Some(elsewhere) = self.defined_elsewhere(name, parent) {
            Some(format!(
                "`{name}` belongs at `{elsewhere}`: check the indentation of this key"
            ))
        } else if self.kind != "StatefulSet" && STATEFULSET_ONLY.contains(&name) {
            Some(format!(
                "`{name}` exists only on StatefulSets (spec.{name}); a {} has no such field",
                self.kind
            ))
        } else if !known.is_empty() {
            Some(format!("fields allowed here: {}", known.join(", ")))
        } else {
            None
        };
        self.issue(SchemaProblem::UnknownField, path, span, message, help);
        if let (Some(close), Some(issue)) = (close, self.issues.last_mut()) {
            issue.meant = Some(parent.key(close));
        }
        close
    }

    /// Where `name` is a field just below the place it was written: a child or grandchild
    /// of `parent` (list items looked through), the nearest level first. A key indented
    /// one level too shallow (`partition` directly under `updateStrategy`) belongs there,
    /// not at some other field of the same name far away in the object.
    fn defined_near(
        &self,
        name: &str,
        parent_schema: &'a Value,
        parent: &FieldPath,
    ) -> Option<String> {
        // (path below parent, schema) for the children, then for the grandchildren.
        let mut level: Vec<(FieldPath, &'a Value)> = vec![(parent.clone(), parent_schema)];
        for _ in 0..2 {
            let mut next = Vec::new();
            for (path, schema) in &level {
                let (schema, path) = self.through_items(schema, path);
                let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                    continue;
                };
                for (field, child) in props {
                    if field != "status" {
                        next.push((path.key(field.as_str()), child));
                    }
                }
            }
            let found = next.iter().find_map(|(path, schema)| {
                let (schema, path) = self.through_items(schema, path);
                schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| p.contains_key(name))
                    .then(|| path.key(name).to_string())
            });
            if found.is_some() {
                return found;
            }
            level = next;
        }
        None
    }

    /// Follows `$ref`s and, for a list, goes to its items (`[0]` on the path).
    fn through_items(&self, schema: &'a Value, path: &FieldPath) -> (&'a Value, FieldPath) {
        let (schema, _) = self.deref(schema);
        match schema.get("items") {
            Some(items) if schema.get("type").and_then(Value::as_str) == Some("array") => {
                (self.deref(items).0, path.index(0))
            }
            _ => (schema, path.clone()),
        }
    }

    /// Finds where else in this kind a field called `name` is defined (for a key indented
    /// under the wrong parent), preferring a path that shares the longest prefix.
    fn defined_elsewhere(&self, name: &str, parent: &FieldPath) -> Option<String> {
        let mut found = Vec::new();
        let mut visited = HashSet::new();
        let mut trail = Vec::new();
        self.find_field(self.root_schema, &mut trail, name, &mut visited, &mut found);
        let parent_text = parent.to_string();
        found
            .into_iter()
            .filter(|p| p.0.len() > 1 || parent.0.len() > 1)
            .map(|p| p.to_string())
            .filter(|p| !p.starts_with(&parent_text) || parent_text.is_empty())
            .max_by_key(|p| common_prefix(p, &parent_text))
    }

    /// Collects the paths (at most 6 levels deep, `status` excluded) where `name` is a
    /// field. `trail` is the path walked so far (a key, or `None` for a list item): paths
    /// are built only for matches, since this walks thousands of schema nodes.
    fn find_field(
        &self,
        schema: &'a Value,
        trail: &mut Vec<Option<&'a str>>,
        name: &str,
        visited: &mut HashSet<&'a str>,
        found: &mut Vec<FieldPath>,
    ) {
        if trail.len() > 6 {
            return;
        }
        let (schema, def) = self.deref(schema);
        if let Some(def) = def
            && !visited.insert(def)
        {
            return;
        }
        if let Some(items) = schema.get("items") {
            trail.push(None);
            self.find_field(items, trail, name, visited, found);
            trail.pop();
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (field, child) in props {
                trail.push(Some(field.as_str()));
                if field == name {
                    found.push(FieldPath(
                        trail
                            .iter()
                            .map(|step| match step {
                                Some(key) => Segment::Key((*key).to_string()),
                                None => Segment::Index(0),
                            })
                            .collect(),
                    ));
                }
                if field != "status" {
                    self.find_field(child, trail, name, visited, found);
                }
                trail.pop();
            }
        }
        if let Some(def) = def {
            visited.remove(def);
        }
    }
}

/// A known confusion: a field written on the wrong object or level, that learners often
/// mix up with another. `places` are (kind, parent path with list indexes written `[]`);
/// the kind `*` is any kind with a Pod template (and a Pod, whose Pod spec is `spec`).
struct Confusion {
    places: &'static [(&'static str, &'static str)],
    fields: &'static [&'static str],
    /// `{field}` is replaced by the field as written.
    help: &'static str,
}

const POD_SPEC: &[(&str, &str)] = &[
    ("*", "spec.template.spec"),
    ("CronJob", "spec.jobTemplate.spec.template.spec"),
    ("Pod", "spec"),
];

const CLAIM_SPEC: &[(&str, &str)] = &[
    ("StatefulSet", "spec.volumeClaimTemplates[].spec"),
    ("PersistentVolumeClaim", "spec"),
];

const STATEFULSET_SPEC: &[(&str, &str)] = &[("StatefulSet", "spec")];

/// The common confusions, each with the help to give instead of a list of allowed fields.
const CONFUSIONS: &[Confusion] = &[
    Confusion {
        places: &[("StatefulSet", "spec"), ("DaemonSet", "spec")],
        fields: &["strategy"],
        help: "`strategy` is a Deployment's field; a StatefulSet's is `updateStrategy` (`updateStrategy: {type: RollingUpdate}`, or `OnDelete`), and it has no `maxSurge`",
    },
    Confusion {
        places: &[("Deployment", "spec")],
        fields: &["updateStrategy"],
        help: "`updateStrategy` is a StatefulSet's and a DaemonSet's field; a Deployment's is `strategy` (`strategy: {type: RollingUpdate}`, or `Recreate`)",
    },
    Confusion {
        places: POD_SPEC,
        fields: &["volumeMounts", "volumeDevices"],
        help: "`{field}` belongs inside a container (`containers[].{field}`): each container mounts the Pod's volumes it needs; the Pod level has `volumes` (and a StatefulSet's `volumeClaimTemplates` add to them)",
    },
    Confusion {
        places: POD_SPEC,
        fields: &[
            "image",
            "imagePullPolicy",
            "command",
            "args",
            "env",
            "envFrom",
            "ports",
            "livenessProbe",
            "readinessProbe",
            "startupProbe",
            "workingDir",
        ],
        help: "`{field}` is a container field: move it into the container it is for, under `containers[]`",
    },
    Confusion {
        places: STATEFULSET_SPEC,
        fields: &[
            "publishNotReadyAddresses",
            "clusterIP",
            "clusterIPs",
            "sessionAffinity",
        ],
        help: "`{field}` is a Service field: set it in the spec of the headless Service that `serviceName` names, not on the StatefulSet",
    },
    Confusion {
        places: &[("Service", "spec")],
        fields: &["serviceName"],
        help: "`serviceName` is a StatefulSet field (its `spec.serviceName` names this Service); a Service's own name is its `metadata.name`",
    },
    Confusion {
        places: &[("Service", "spec")],
        fields: &["replicas", "podManagementPolicy", "volumeClaimTemplates"],
        help: "`{field}` is a StatefulSet field: a Service only selects Pods and routes to them",
    },
    Confusion {
        places: CLAIM_SPEC,
        fields: &["persistentVolumeReclaimPolicy", "reclaimPolicy"],
        help: "`{field}` is not a claim's: `persistentVolumeReclaimPolicy` is a PersistentVolume field and `reclaimPolicy` a StorageClass's. What happens to a StatefulSet's claims when it is deleted or scaled down is its `spec.persistentVolumeClaimRetentionPolicy` (`whenDeleted`, `whenScaled`)",
    },
    Confusion {
        places: CLAIM_SPEC,
        fields: &["accessMode"],
        help: "the field is `accessModes`, a list: `accessModes: [ReadWriteOnce]`",
    },
    Confusion {
        places: CLAIM_SPEC,
        fields: &["storage", "size", "capacity"],
        help: "a claim asks for its size under `resources.requests.storage` (`resources: {requests: {storage: 1Gi}}`); `capacity` is a PersistentVolume's",
    },
    Confusion {
        places: STATEFULSET_SPEC,
        fields: &["minAvailable", "maxUnavailable"],
        help: "`{field}` is a PodDisruptionBudget field: protect the Pods from drains with a `policy/v1` PodDisruptionBudget that selects them (a rolling update's `maxUnavailable` is `spec.updateStrategy.rollingUpdate.maxUnavailable`, behind the MaxUnavailableStatefulSet feature gate)",
    },
    Confusion {
        places: STATEFULSET_SPEC,
        fields: &["volumes"],
        help: "the Pods' volumes go under `spec.template.spec.volumes`; per-Pod storage is `spec.volumeClaimTemplates`",
    },
];

/// The kinds a `*` place stands for: those with a Pod template at `spec.template`.
const TEMPLATED: &[&str] = &[
    "StatefulSet",
    "Deployment",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
];

/// The targeted help for a known confusion of `name` written under `parent`.
fn known_confusion(kind: &str, parent: &FieldPath, name: &str) -> Option<String> {
    let at: String = parent
        .0
        .iter()
        .enumerate()
        .map(|(i, segment)| match segment {
            Segment::Index(_) => "[]".to_string(),
            Segment::Key(k) if i == 0 => k.clone(),
            Segment::Key(k) => format!(".{k}"),
        })
        .collect();
    CONFUSIONS
        .iter()
        .find(|c| {
            c.fields.contains(&name)
                && c.places.iter().any(|(k, p)| {
                    *p == at && (*k == kind || (*k == "*" && TEMPLATED.contains(&kind)))
                })
        })
        .map(|c| c.help.replace("{field}", name))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn display(path: &FieldPath) -> String {
    if path.0.is_empty() {
        "(root)".to_string()
    } else {
        path.to_string()
    }
}

/// JSON for a node with no schema to guide it (free-form fields, custom resources).
pub fn plain_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Map(entries) => {
            let mut out = Map::new();
            for entry in entries {
                let key = match entry.key.resolve() {
                    Some(Resolved::Str(s)) => s.to_string(),
                    _ => entry
                        .key
                        .as_scalar()
                        .map(|s| s.text.clone())
                        .unwrap_or_default(),
                };
                out.entry(key).or_insert_with(|| plain_json(&entry.value));
            }
            Value::Object(out)
        }
        NodeKind::Seq(items) => Value::Array(items.iter().map(plain_json).collect()),
        NodeKind::Scalar(_) => match node.resolve() {
            Some(Resolved::Null) | None => Value::Null,
            Some(Resolved::Bool(b)) => Value::Bool(b),
            Some(Resolved::Int(i)) => Value::from(i),
            Some(Resolved::Float(f)) => {
                serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
            }
            Some(Resolved::Str(s)) => Value::String(s.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::kinds::builtin;
    use crate::manifest::yaml::load;

    fn issues(kind: &str, api: &str, text: &str) -> Vec<SchemaIssue> {
        let root = load(text).documents.remove(0).root.unwrap();
        check(&root, builtin(api, kind).unwrap().schema(), kind).1
    }

    const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";

    #[test]
    fn a_valid_statefulset_has_no_issues() {
        assert!(issues("StatefulSet", "apps/v1", STS).is_empty());
    }

    #[test]
    fn misspelled_field_gets_a_suggestion_at_its_key() {
        let text = STS.replace("spec:\n  selector", "spec:\n  servicename: web\n  selector");
        let found = issues("StatefulSet", "apps/v1", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].problem, SchemaProblem::UnknownField);
        assert_eq!(found[0].path.to_string(), "spec.servicename");
        assert_eq!(found[0].span.start.line, 6);
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `serviceName`?")
        );
    }

    #[test]
    fn claim_templates_under_the_pod_spec_point_to_their_place() {
        let text = format!("{STS}      volumeClaimTemplates: []\n");
        let found = issues("StatefulSet", "apps/v1", &text);
        assert_eq!(
            found[0].path.to_string(),
            "spec.template.spec.volumeClaimTemplates"
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`spec.volumeClaimTemplates`"),
            "{:?}",
            found[0].help
        );
    }

    #[test]
    fn quoted_numbers_and_scalars_for_lists_are_type_errors() {
        let text = STS.replace("spec:\n  selector", "spec:\n  replicas: \"3\"\n  selector");
        let found = issues("StatefulSet", "apps/v1", &text);
        assert_eq!(found[0].problem, SchemaProblem::FieldType);
        assert_eq!(found[0].span.start.line, 6);
        assert_eq!(
            found[0].help.as_deref(),
            Some("remove the quotes: replicas: 3")
        );

        let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  accessModes: ReadWriteOnce\n";
        let found = issues("PersistentVolumeClaim", "v1", pvc);
        assert_eq!(found[0].path.to_string(), "spec.accessModes");
        assert_eq!(
            found[0].help.as_deref(),
            Some("write it as a list: accessModes: [ReadWriteOnce]")
        );
    }

    #[test]
    fn unquoted_numbers_in_string_fields_and_missing_required_fields() {
        let text = STS.replace("image: nginx:1.27", "image: nginx:1.27\n        env:\n        - name: PORT\n          value: 8080\n        - value: x");
        let found = issues("StatefulSet", "apps/v1", &text);
        let messages: Vec<_> = found
            .iter()
            .map(|i| (i.problem, i.path.to_string()))
            .collect();
        assert!(messages.contains(&(
            SchemaProblem::FieldType,
            "spec.template.spec.containers[0].env[0].value".into()
        )));
        assert!(messages.contains(&(
            SchemaProblem::RequiredField,
            "spec.template.spec.containers[0].env[1].name".into()
        )));
    }

    #[test]
    fn nulls_are_read_as_the_api_server_reads_them() {
        // In a list merged by key: refused, on the item's line.
        let text = STS.replace(
            "image: nginx:1.27",
            "image: nginx:1.27\n        env:\n        - null",
        );
        let found = issues("StatefulSet", "apps/v1", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].problem, SchemaProblem::FieldType);
        assert_eq!(
            found[0].path.to_string(),
            "spec.template.spec.containers[0].env[0]"
        );
        assert!(found[0].message.contains("merged by their name"));
        // In other lists and in maps of values: the zero value, no issue.
        let text = STS.replace(
            "image: nginx:1.27",
            "image: nginx:1.27\n        args: [a, null]\n        resources:\n          limits: {cpu: null}",
        );
        let schema = builtin("apps/v1", "StatefulSet").unwrap().schema();
        let root = load(&text).documents.remove(0).root.unwrap();
        let (json, found) = check(&root, schema, "StatefulSet");
        assert!(found.is_empty(), "{found:?}");
        let container = &json["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(container["args"], serde_json::json!(["a", ""]));
        assert_eq!(container["resources"]["limits"]["cpu"], "0");
        // A required field written as null is reported on its own key.
        let text = STS.replace(
            "      containers:\n      - name: web\n        image: nginx:1.27\n",
            "      containers: null\n",
        );
        let found = issues("StatefulSet", "apps/v1", &text);
        let required = found
            .iter()
            .find(|i| i.problem == SchemaProblem::RequiredField)
            .unwrap();
        assert_eq!(
            required.message,
            "required field `containers` in `spec.template.spec` is null"
        );
    }

    #[test]
    fn quantities_accept_numbers_and_strings() {
        let text = STS.replace(
            "image: nginx:1.27",
            "image: nginx:1.27\n        resources:\n          requests: {cpu: 1, memory: 1Gi}",
        );
        assert!(issues("StatefulSet", "apps/v1", &text).is_empty());
    }

    #[test]
    fn sanitized_json_deserializes() {
        let text = STS.replace(
            "spec:\n  selector",
            "spec:\n  replicas: \"3\"\n  bogus: 1\n  selector",
        );
        let root = load(&text).documents.remove(0).root.unwrap();
        let (json, found) = check(
            &root,
            builtin("apps/v1", "StatefulSet").unwrap().schema(),
            "StatefulSet",
        );
        assert_eq!(found.len(), 2);
        let sts: k8s_openapi::api::apps::v1::StatefulSet = serde_json::from_value(json).unwrap();
        assert_eq!(sts.spec.replicas, None);
    }
}

/// Follows `$ref`s into `defs`: the schema they point to, and the name of the last definition
/// followed (`io.k8s.api.apps.v1.StatefulSetSpec`). Cycles end after 16 hops.
pub fn resolve_ref<'a>(
    mut schema: &'a Value,
    defs: &'a Map<String, Value>,
) -> (&'a Value, Option<&'a str>) {
    let mut name = None;
    for _ in 0..16 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let def = reference.trim_start_matches("#/$defs/");
        match defs.get(def) {
            Some(target) => {
                schema = target;
                name = Some(def);
            }
            None => break,
        }
    }
    (schema, name)
}

/// The name of the API definition at `path` in a kind's schema (e.g. it ends with
/// `resource.Quantity` for `spec.resources.requests.storage`), for type-aware comparison.
pub fn definition_at<'a>(schema: &'a Value, path: &FieldPath) -> Option<&'a str> {
    let defs = schema.get("$defs")?.as_object()?;
    let deref = |node: &'a Value| resolve_ref(node, defs);
    let (mut node, mut name) = deref(schema);
    for segment in &path.0 {
        let next = match segment {
            Segment::Key(k) => node
                .get("properties")
                .and_then(|p| p.get(k.as_str()))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
            Segment::Index(_) => node.get("items"),
        }?;
        (node, name) = deref(next);
    }
    name
}

#[cfg(test)]
mod definition_tests {
    use super::*;
    use crate::manifest::kinds::builtin;

    #[test]
    fn quantities_are_found_by_path() {
        let schema = builtin("apps/v1", "StatefulSet").unwrap().schema();
        let path =
            FieldPath::parse("spec.volumeClaimTemplates[0].spec.resources.requests").key("storage");
        assert!(
            definition_at(schema, &path)
                .unwrap()
                .ends_with("resource.Quantity")
        );
        assert!(definition_at(schema, &FieldPath::parse("spec.replicas")).is_none());
        assert!(definition_at(schema, &FieldPath::parse("spec.bogus")).is_none());
    }
}
