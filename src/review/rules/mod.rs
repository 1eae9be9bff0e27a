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
    let parts: Vec<(&str, bool)> = pattern
        .split('.')
        .map(|part| match part.strip_suffix("[*]") {
            Some(key) => (key, true),
            None => (part, false),
        })
        .collect();
    // Walk with the list indexes only; paths are built for the values found (most patterns
    // find nothing, and this runs for every rule on every object).
    let mut found: Vec<(Vec<usize>, &'a serde_json::Value)> = vec![(Vec::new(), json)];
    for (key, star) in &parts {
        let mut next = Vec::new();
        for (indexes, value) in found {
            let Some(child) = value.get(*key) else {
                continue;
            };
            if *star {
                for (i, item) in child.as_array().into_iter().flatten().enumerate() {
                    let mut more = indexes.clone();
                    more.push(i);
                    next.push((more, item));
                }
            } else {
                next.push((indexes, child));
            }
        }
        if next.is_empty() {
            return Vec::new();
        }
        found = next;
    }
    found
        .into_iter()
        .map(|(indexes, value)| {
            let mut path = FieldPath::root();
            let mut indexes = indexes.into_iter();
            for (key, star) in &parts {
                path.0.push(Segment::Key((*key).to_string()));
                if *star {
                    path.0.push(Segment::Index(indexes.next().unwrap_or(0)));
                }
            }
            (path, value)
        })
        .collect()
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
