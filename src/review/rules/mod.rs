//! The checks, by family: `api` (what the API server rejects), `semantics` (how the objects
//! of a StatefulSet fit together) and `practices` (what an experienced operator asks for).
//! Each check is registered in [`super::registry::RULES`]; helpers shared by several checks
//! live here.

pub mod api;
pub mod pod;
pub mod practices;
pub mod semantics;
pub mod service;
pub mod storage;

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Container, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::manifest::path::{Segment, locate};
use crate::manifest::{FieldPath, Object};

pub type Labels = BTreeMap<String, String>;

/// Whether the document itself has the field (typed views fill required fields with
/// placeholders, which must not be checked twice).
pub fn present(object: &Object, path: &FieldPath) -> bool {
    locate(&object.node, path).exact
}

pub fn template_spec_path() -> FieldPath {
    FieldPath::parse("spec.template.spec")
}

/// The Pod template's spec of a StatefulSet, when it has one.
pub fn pod_spec(sts: &StatefulSet) -> Option<&PodSpec> {
    sts.spec.template.spec.as_ref()
}

pub fn template_labels(sts: &StatefulSet) -> Option<&Labels> {
    sts.spec.template.metadata.as_ref()?.labels.as_ref()
}

pub fn replicas(sts: &StatefulSet) -> i32 {
    sts.spec.replicas.unwrap_or(1)
}

/// Every container of a Pod spec (init containers first, as they run first) with its path.
pub fn containers<'a>(pod: &'a PodSpec, base: &FieldPath) -> Vec<(FieldPath, &'a Container)> {
    let init = pod.init_containers.iter().flatten().enumerate();
    let init = init.map(|(i, c)| (base.key("initContainers").index(i), c));
    let main = pod.containers.iter().enumerate();
    let main = main.map(|(i, c)| (base.key("containers").index(i), c));
    init.chain(main).collect()
}

/// The app containers only (not init containers), with their paths.
pub fn app_containers<'a>(pod: &'a PodSpec, base: &FieldPath) -> Vec<(FieldPath, &'a Container)> {
    let main = pod.containers.iter().enumerate();
    main.map(|(i, c)| (base.key("containers").index(i), c))
        .collect()
}

/// Label selector semantics: every matchLabels pair present, every expression true.
/// An empty selector matches nothing here, as it selects nothing for a StatefulSet.
pub fn selector_matches(selector: &LabelSelector, labels: &Labels) -> bool {
    let match_labels = selector.match_labels.iter().flatten();
    let expressions = selector.match_expressions.iter().flatten();
    let mut any = false;
    for (key, value) in match_labels {
        any = true;
        if labels.get(key) != Some(value) {
            return false;
        }
    }
    for expr in expressions {
        any = true;
        let values = expr.values.as_deref().unwrap_or_default();
        let actual = labels.get(&expr.key);
        let ok = match expr.operator.as_str() {
            "In" => actual.is_some_and(|v| values.contains(v)),
            "NotIn" => actual.is_none_or(|v| !values.contains(v)),
            "Exists" => actual.is_some(),
            "DoesNotExist" => actual.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    any
}

/// A Service's plain map selector applied to labels (a Service with no selector selects
/// nothing automatically).
pub fn map_selects(selector: Option<&Labels>, labels: &Labels) -> bool {
    selector.is_some_and(|sel| !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

/// The values at a dotted pattern in an object's JSON, where `[*]` stands for every list
/// item: `each(json, "spec.template.spec.containers[*].image")`.
pub fn each<'a>(
    json: &'a serde_json::Value,
    pattern: &str,
) -> Vec<(FieldPath, &'a serde_json::Value)> {
    // Walk with the list indexes only, depth first (the order of the index tuples); paths
    // are built for the values found (most patterns find nothing, and this runs for every
    // rule on every object, so the walk allocates nothing until it finds something).
    let mut found = Vec::new();
    let mut indexes = Vec::new();
    walk_pattern(json, pattern, pattern.split('.'), &mut indexes, &mut found);
    found
}

fn walk_pattern<'a>(
    value: &'a serde_json::Value,
    pattern: &str,
    mut parts: std::str::Split<'_, char>,
    indexes: &mut Vec<usize>,
    found: &mut Vec<(FieldPath, &'a serde_json::Value)>,
) {
    let Some(part) = parts.next() else {
        found.push((pattern_path(pattern, indexes), value));
        return;
    };
    let (key, star) = match part.strip_suffix("[*]") {
        Some(key) => (key, true),
        None => (part, false),
    };
    let Some(child) = value.get(key) else {
        return;
    };
    if star {
        for (i, item) in child.as_array().into_iter().flatten().enumerate() {
            indexes.push(i);
            walk_pattern(item, pattern, parts.clone(), indexes, found);
            indexes.pop();
        }
    } else {
        walk_pattern(child, pattern, parts, indexes, found);
    }
}

/// The path `pattern` names with its `[*]`s replaced by `indexes`, in order.
fn pattern_path(pattern: &str, indexes: &[usize]) -> FieldPath {
    let mut path = FieldPath::root();
    let mut indexes = indexes.iter();
    for part in pattern.split('.') {
        let (key, star) = match part.strip_suffix("[*]") {
            Some(key) => (key, true),
            None => (part, false),
        };
        path.0.push(Segment::Key(key.to_string()));
        if star {
            path.0
                .push(Segment::Index(indexes.next().copied().unwrap_or(0)));
        }
    }
    path
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running one rule over a manifest, for the rules' unit tests.

    use crate::manifest::{Source, read_bundle};
    use crate::review::{Diagnostic, review_bundle};

    /// The diagnostics of rule `id` for `text`.
    pub fn run(id: &str, text: &str) -> Vec<Diagnostic> {
        let bundle = read_bundle(Source::new("test.yaml", text));
        let report = review_bundle(&bundle);
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == id)
            .collect()
    }

    /// The rules of every error for `text`.
    pub fn run_all(text: &str) -> Vec<&'static str> {
        let bundle = read_bundle(Source::new("test.yaml", text));
        let report = review_bundle(&bundle);
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == crate::review::Severity::Error)
            .map(|d| d.rule)
            .collect()
    }

    /// (path, line) of each diagnostic of rule `id`.
    pub fn hits(id: &str, text: &str) -> Vec<(String, usize)> {
        run(id, text)
            .into_iter()
            .map(|d| (d.path.unwrap_or_default(), d.line))
            .collect()
    }

    /// A valid StatefulSet plus its headless Service, the base most tests edit.
    pub const WEB: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
    name: http
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
        readinessProbe:
          tcpSocket:
            port: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
";
}

#[cfg(test)]
mod each_tests {
    use super::each;

    #[test]
    fn values_come_in_index_order_with_their_paths() {
        let json = serde_json::json!({"spec": {"containers": [
            {"name": "a", "ports": [{"name": "x"}, {"name": "y"}]},
            {"name": "b"},
            {"name": "c", "ports": [{"name": "z"}, {"other": 1}]},
        ]}});
        let found: Vec<(String, &str)> = each(&json, "spec.containers[*].ports[*].name")
            .into_iter()
            .map(|(path, v)| (path.to_string(), v.as_str().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                ("spec.containers[0].ports[0].name".to_string(), "x"),
                ("spec.containers[0].ports[1].name".to_string(), "y"),
                ("spec.containers[2].ports[0].name".to_string(), "z"),
            ]
        );
        assert_eq!(each(&json, "spec.containers[*].name").len(), 3);
        assert!(each(&json, "spec.volumes[*].name").is_empty());
        assert!(each(&json, "").is_empty());
        assert_eq!(each(&json, "spec")[0].0.to_string(), "spec");
    }
}
