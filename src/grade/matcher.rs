//! Matching an expected structure against a submitted object, value by value.
//!
//! The walk produces one [`Leaf`] per graded value: where it is expected (a path in
//! expected.yaml), where it was looked for in the submission, and whether it matched. Lists
//! of objects are matched by merge key (or, without one, by the item that matches best),
//! never by position.

use serde_json::Value;

use super::pattern::Pattern;
use crate::manifest::kinds::builtin;
use crate::manifest::path::value_at;
use crate::manifest::quantity;
use crate::manifest::schema::definition_at;
use crate::manifest::{FieldPath, Object};

/// One graded value.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// Where the value is in expected.yaml (list indexes are expected.yaml's).
    pub expected_path: FieldPath,
    /// Where it was looked for in the submitted object.
    pub actual_path: FieldPath,
    pub passed: bool,
    pub expected: Value,
    pub actual: Option<Value>,
    /// For `!some` and `!every`: what the closest item lacked.
    pub detail: Option<String>,
}

/// An object of the submission with the API defaults applied.
pub struct Submitted<'a> {
    pub object: &'a Object,
    pub json: Value,
}

/// Candidate merge keys for lists of objects, by the list's field name; the first key the
/// expected item gives a literal value for is used.
fn merge_keys(list_field: &str) -> &'static [&'static str] {
    match list_field {
        "ports" => &["containerPort", "port", "name"],
        "volumeMounts" => &["mountPath", "name"],
        "volumeDevices" => &["devicePath", "name"],
        "volumeClaimTemplates" => &["metadata.name"],
        _ => &["name"],
    }
}

pub struct Matcher<'a> {
    pub target: &'a Submitted<'a>,
    pub all: &'a [Submitted<'a>],
    schema: Option<&'static Value>,
    /// Expected `Kind/name` labels resolved to submitted objects that stand in for them
    /// (a Service `mysql-svc` where the task names `mysql`), by index into `all`.
    aliases: &'a [(String, usize)],
}

pub use crate::manifest::same_namespace;

impl<'a> Matcher<'a> {
    pub fn new(target: &'a Submitted<'a>, all: &'a [Submitted<'a>]) -> Matcher<'a> {
        Self::with_aliases(target, all, &[])
    }

    pub fn with_aliases(
        target: &'a Submitted<'a>,
        all: &'a [Submitted<'a>],
        aliases: &'a [(String, usize)],
    ) -> Matcher<'a> {
        let schema = builtin(&target.object.api_version, &target.object.kind).map(|k| k.schema());
        Matcher {
            target,
            all,
            schema,
            aliases,
        }
    }

    /// The submitted object an expected `Kind/name` refers to: the one standing in for it,
    /// else the one of that kind and name.
    fn resolve(&self, label: &str) -> Option<&'a Submitted<'a>> {
        if let Some((_, i)) = self.aliases.iter().find(|(l, _)| l == label) {
            return self.all.get(*i);
        }
        self.all.iter().find(|s| s.object.label() == label)
    }

    /// Matches `pattern` against the whole object.
    pub fn run(&self, pattern: &Pattern) -> Vec<Leaf> {
        let mut out = Vec::new();
        self.walk(
            pattern,
            Some(&self.target.json),
            &FieldPath::root(),
            &FieldPath::root(),
            &mut out,
        );
        out
    }

    fn walk(
        &self,
        pattern: &Pattern,
        actual: Option<&Value>,
        exp: &FieldPath,
        act: &FieldPath,
        out: &mut Vec<Leaf>,
    ) {
        match pattern {
            Pattern::Map(fields) => {
                for (key, child) in fields {
                    let value = actual.and_then(|a| a.get(key.as_str()));
                    self.walk(
                        child,
                        value,
                        &exp.key(key.as_str()),
                        &act.key(key.as_str()),
                        out,
                    );
                }
            }
            Pattern::List(items) if items.iter().any(|p| matches!(p, Pattern::Map(_))) => {
                let list = actual.and_then(Value::as_array);
                let field = exp.last_key().unwrap_or("");
                for (i, item) in items.iter().enumerate() {
                    match list.and_then(|l| self.pick(item, l, field, act)) {
                        Some(j) => {
                            let value = list.and_then(|l| l.get(j));
                            self.walk(item, value, &exp.index(i), &act.index(j), out);
                        }
                        // No such item: every value it should hold is missing, located at the list.
                        None => {
                            let start = out.len();
                            self.walk(item, None, &exp.index(i), act, out);
                            let wanted = item.describe_for(Some(field));
                            for leaf in &mut out[start..] {
                                leaf.actual_path = act.clone();
                                leaf.expected = Value::String(wanted.clone());
                                leaf.detail = Some(format!("the list `{field}` has no such item"));
                            }
                        }
                    }
                }
            }
            leaf => {
                let passed = self.evaluate(leaf, actual, act);
                let mut result = Leaf {
                    expected_path: exp.clone(),
                    actual_path: act.clone(),
                    passed,
                    expected: leaf.to_json_for(exp.last_key()),
                    actual: actual.cloned(),
                    detail: None,
                };
                if !passed {
                    self.explain(leaf, actual, &mut result);
                }
                out.push(result);
            }
        }
    }

    /// The index of the actual list item that `item` should be compared with.
    fn pick(&self, item: &Pattern, list: &[Value], field: &str, act: &FieldPath) -> Option<usize> {
        if let Pattern::Map(fields) = item {
            for key in merge_keys(field) {
                let literal = lookup_literal(fields, key);
                if let Some(wanted) = literal {
                    return list.iter().position(|v| {
                        let got = key.split('.').try_fold(v, |v, k| v.get(k));
                        got.is_some_and(|g| scalars_equal(wanted, g))
                    });
                }
            }
        }
        // Without a merge key: the item with the most matching values, the first on a tie.
        let scores = list.iter().enumerate().map(|(j, candidate)| {
            let mut leaves = Vec::new();
            self.walk(
                item,
                Some(candidate),
                &FieldPath::root(),
                &act.index(j),
                &mut leaves,
            );
            (leaves.iter().filter(|l| l.passed).count(), j)
        });
        scores
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, j)| j)
    }

    /// For a failed `!some`/`!every`, points the leaf at the closest item's first
    /// mismatch, so the learner sees the exact field and line.
    fn explain(&self, pattern: &Pattern, actual: Option<&Value>, leaf: &mut Leaf) {
        if let Pattern::Selects(label)
        | Pattern::Same {
            object: Some(label),
            ..
        } = pattern
            && let Some(other) = self.resolve(label)
            && !same_namespace(self.target.object, other.object)
        {
            leaf.detail = Some(format!(
                "{} is in {} and {} in {}: {}",
                self.target.object.label(),
                self.target.object.namespace_words(),
                other.object.label(),
                other.object.namespace_words(),
                "objects that work together must be in one namespace (a selector only selects Pods of its own namespace, and per-Pod DNS names need the Service in the Pods' namespace)"
            ));
            return;
        }
        if let Pattern::Exactly(_) = pattern
            && let Some(actual) = actual
        {
            let mut extra = Vec::new();
            extra_keys(pattern, actual, &FieldPath::root(), &mut extra);
            if !extra.is_empty() {
                leaf.detail = Some(format!(
                    "exactly these keys are expected; remove {}",
                    extra
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            return;
        }
        if let Pattern::Image(spec) = pattern
            && let Some(text) = actual.and_then(Value::as_str)
        {
            leaf.detail = Some(spec.why_not(text));
            return;
        }
        if let Pattern::Absent = pattern {
            leaf.detail = Some("this field must not be set here: remove it".to_string());
            return;
        }
        let (Pattern::Some(inner) | Pattern::Every(inner)) = pattern else {
            return;
        };
        let Some(items) = actual.and_then(Value::as_array) else {
            return;
        };
        let mut best: Option<Vec<Leaf>> = None;
        for (j, item) in items.iter().enumerate() {
            let mut leaves = Vec::new();
            self.walk(
                inner,
                Some(item),
                &FieldPath::root(),
                &leaf.actual_path.index(j),
                &mut leaves,
            );
            let passing = leaves.iter().filter(|l| l.passed).count();
            let failing = leaves.iter().any(|l| !l.passed);
            if failing
                && best
                    .as_ref()
                    .is_none_or(|b| b.iter().filter(|l| l.passed).count() < passing)
            {
                best = Some(leaves);
            }
        }
        let Some(leaves) = best else { return };
        let missed: Vec<String> = leaves
            .iter()
            .filter(|l| !l.passed)
            .map(|l| {
                let wanted = describe_json(&l.expected);
                if wanted.starts_with('`') {
                    // Already names the field: "`readinessProbe` set (any value)".
                    wanted
                } else {
                    format!("`{}` should be {wanted}", l.expected_path)
                }
            })
            .collect();
        if let Some(first) = leaves.into_iter().find(|l| !l.passed) {
            let what = if matches!(pattern, Pattern::Some(_)) {
                "no item matches; the closest"
            } else {
                "an item does not match:"
            };
            let why = first
                .detail
                .as_ref()
                .map_or_else(String::new, |d| format!(" ({d})"));
            leaf.detail = Some(format!(
                "{what} {}: {}{why}",
                first.actual_path,
                missed.join(", ")
            ));
            leaf.actual_path = first.actual_path;
            leaf.actual = first.actual;
        }
    }

    fn all_match(&self, pattern: &Pattern, actual: &Value, act: &FieldPath) -> bool {
        let mut leaves = Vec::new();
        self.walk(pattern, Some(actual), &FieldPath::root(), act, &mut leaves);
        leaves.iter().all(|l| l.passed)
    }

    fn evaluate(&self, pattern: &Pattern, actual: Option<&Value>, act: &FieldPath) -> bool {
        let present = actual.filter(|v| !v.is_null());
        // The API server drops an empty list, so it counts as absent. (An empty mapping is
        // not absent: `emptyDir: {}` means something.)
        let empty = present.is_none_or(|v| v.as_array().is_some_and(Vec::is_empty));
        match pattern {
            Pattern::Literal(expected) => present.is_some_and(|a| self.equal(expected, a, act)),
            Pattern::Any => !empty,
            Pattern::Absent => empty,
            Pattern::Image(spec) => present
                .and_then(Value::as_str)
                .is_some_and(|image| spec.accepts(image)),
            Pattern::Exactly(fields) => present.and_then(Value::as_object).is_some_and(|map| {
                map.len() == fields.len()
                    && map.keys().all(|k| fields.iter().any(|(f, _)| f == k))
                    && self.all_match(
                        &Pattern::Map(fields.clone()),
                        &Value::Object(map.clone()),
                        act,
                    )
            }),
            Pattern::Regex { re, .. } => present.is_some_and(|a| match a {
                Value::String(s) => re.is_match(s),
                Value::Number(n) => re.is_match(&n.to_string()),
                _ => false,
            }),
            Pattern::OneOf(alternatives) => alternatives.iter().any(|p| match p {
                Pattern::Map(_) => present.is_some_and(|a| self.all_match(p, a, act)),
                leaf => self.evaluate(leaf, actual, act),
            }),
            Pattern::AtLeast(min) => present.and_then(Value::as_f64).is_some_and(|n| n >= *min),
            Pattern::Same { object, path } => {
                let source = match object {
                    None => Some(&self.target.json),
                    Some(label) => self
                        .resolve(label)
                        .filter(|s| same_namespace(self.target.object, s.object))
                        .map(|s| &s.json),
                };
                let wanted = source.and_then(|json| value_at(json, &FieldPath::parse(path)));
                matches!((present, wanted), (Some(a), Some(w)) if a == w)
            }
            Pattern::Selects(label) => {
                let target = self
                    .resolve(label)
                    .filter(|s| same_namespace(self.target.object, s.object));
                let labels = target.and_then(|t| t.json.pointer("/spec/template/metadata/labels"));
                match (present, labels.and_then(Value::as_object)) {
                    (Some(selector), Some(labels)) => selects(selector, labels),
                    _ => false,
                }
            }
            Pattern::Some(inner) => present.and_then(Value::as_array).is_some_and(|items| {
                items
                    .iter()
                    .enumerate()
                    .any(|(j, item)| self.all_match(inner, item, &act.index(j)))
            }),
            Pattern::Every(inner) => present.and_then(Value::as_array).is_some_and(|items| {
                !items.is_empty()
                    && items
                        .iter()
                        .enumerate()
                        .all(|(j, item)| self.all_match(inner, item, &act.index(j)))
            }),
            Pattern::Ordered(expected) => present.and_then(Value::as_array).is_some_and(|items| {
                items.len() == expected.len()
                    && expected
                        .iter()
                        .zip(items)
                        .enumerate()
                        .all(|(j, (p, a))| match p {
                            Pattern::Map(_) | Pattern::List(_) => {
                                self.all_match(p, a, &act.index(j))
                            }
                            leaf => self.evaluate(leaf, Some(a), &act.index(j)),
                        })
            }),
            Pattern::List(expected) => present.and_then(Value::as_array).is_some_and(|items| {
                // A list of scalars: the same items, in any order.
                let mut unused: Vec<&Value> = items.iter().collect();
                expected.len() == items.len()
                    && expected.iter().all(|p| {
                        let found = unused.iter().position(|a| self.evaluate(p, Some(a), act));
                        found.map(|k| unused.remove(k)).is_some()
                    })
            }),
            Pattern::Map(_) => present.is_some_and(|a| self.all_match(pattern, a, act)),
        }
    }

    /// Equality as the API sees it: quantities by value where the API type is a quantity.
    fn equal(&self, expected: &Value, actual: &Value, act: &FieldPath) -> bool {
        let is_quantity = self
            .schema
            .and_then(|s| definition_at(s, act))
            .is_some_and(|d| d.ends_with("resource.Quantity"));
        if is_quantity {
            let text = |v: &Value| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            if let (Some(e), Some(a)) = (text(expected), text(actual))
                && let (Ok(e), Ok(a)) = (quantity::parse(&e), quantity::parse(&a))
            {
                return e == a;
            }
        }
        scalars_equal(expected, actual)
    }
}

/// The keys of `actual` that an `!exactly` (at any depth of `pattern`) does not allow, as
/// paths below the matched value.
fn extra_keys(pattern: &Pattern, actual: &Value, path: &FieldPath, out: &mut Vec<String>) {
    let (Pattern::Exactly(fields) | Pattern::Map(fields)) = pattern else {
        return;
    };
    let Some(map) = actual.as_object() else {
        return;
    };
    for (key, value) in map {
        match fields.iter().find(|(f, _)| f == key) {
            Some((_, inner)) => extra_keys(inner, value, &path.key(key.as_str()), out),
            None if matches!(pattern, Pattern::Exactly(_)) => {
                out.push(path.key(key.as_str()).to_string());
            }
            None => {}
        }
    }
}

fn describe_json(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn scalars_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn lookup_literal<'p>(fields: &'p [(String, Pattern)], dotted: &str) -> Option<&'p Value> {
    let (first, rest) = dotted
        .split_once('.')
        .map_or((dotted, None), |(f, r)| (f, Some(r)));
    let (_, pattern) = fields.iter().find(|(k, _)| k == first)?;
    match (pattern, rest) {
        (Pattern::Literal(v), None) => Some(v),
        (Pattern::Map(inner), Some(rest)) => lookup_literal(inner, rest),
        _ => None,
    }
}

/// Label selection on JSON: a plain map (a Service selector) or a LabelSelector.
fn selects(selector: &Value, labels: &serde_json::Map<String, Value>) -> bool {
    let is_label_selector =
        selector.get("matchLabels").is_some() || selector.get("matchExpressions").is_some();
    let match_labels = if is_label_selector {
        selector.get("matchLabels")
    } else {
        Some(selector)
    };
    let pairs = match_labels.and_then(Value::as_object);
    let expressions = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .filter(|_| is_label_selector);
    let mut any = false;
    for (k, v) in pairs.into_iter().flatten() {
        any = true;
        if labels.get(k) != Some(v) {
            return false;
        }
    }
    for expr in expressions.into_iter().flatten() {
        any = true;
        let key = expr.get("key").and_then(Value::as_str).unwrap_or_default();
        let values: Vec<&Value> = expr
            .get("values")
            .and_then(Value::as_array)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        let actual = labels.get(key);
        let ok = match expr.get("operator").and_then(Value::as_str) {
            Some("In") => actual.is_some_and(|a| values.contains(&a)),
            Some("NotIn") => actual.is_none_or(|a| !values.contains(&a)),
            Some("Exists") => actual.is_some(),
            Some("DoesNotExist") => actual.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    any
}
