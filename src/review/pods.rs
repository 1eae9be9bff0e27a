//! The Pods the objects of a set of files would create, as far as their labels go: what a
//! Service's selector is matched against.
//!
//! A workload's Pods carry its template's labels plus labels its controller adds (a
//! StatefulSet adds `statefulset.kubernetes.io/pod-name: <name>-<ordinal>`; a Deployment's
//! ReplicaSets add `pod-template-hash`). A selector may name those too (a Service for one
//! member, `web-0`, is a common pattern), so they are matched here: exactly where the value
//! follows from the manifest, as any value where it is a hash or uid only the cluster knows.
//! Where in doubt this matches rather than not: a Service reported as selecting nothing must
//! really select nothing the files create.

use serde_json::Value;

use crate::manifest::{Object, Typed};

use super::rules::template_labels;

/// How the controller of an object's Pods labels each of them beyond its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Controller<'a> {
    /// `pod-name: <name>-<n>` and `pod-index: <n>` for ordinals `n` from `start` on, and a
    /// `controller-revision-hash`. Ordinals beyond `replicas` are not ruled out: a scale or
    /// an autoscaler changes the count, not the names.
    StatefulSet { name: &'a str, start: i64 },
    /// `pod-template-hash` (set by the ReplicaSets a Deployment creates).
    Deployment,
    /// `controller-revision-hash` and `pod-template-generation`.
    DaemonSet,
    /// `job-name` and `batch.kubernetes.io/job-name` (the Job's name: `None` for a CronJob's
    /// Jobs, named `<cronjob>-<schedule time>`), uids and the completion index.
    Job {
        name: Option<&'a str>,
        prefix: &'a str,
    },
    /// A Pod, or Pods whose controller sts-tutor does not know: the template's labels only.
    Plain,
}

/// Label keys a controller sets to values only the cluster knows.
const HASHES: &[&str] = &[
    "controller-revision-hash",
    "pod-template-hash",
    "pod-template-generation",
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
];

/// The labels of the Pods of one object of the set.
#[derive(Debug, Clone)]
pub struct PodLabels<'a> {
    pub object: &'a Object,
    /// The template's labels (a Pod's own), sorted by key.
    pub labels: Vec<(&'a str, &'a str)>,
    controller: Controller<'a>,
}

/// Whether `value` is `<prefix><n>` for a decimal `n >= start`.
fn ordinal_at_least(value: &str, prefix: &str, start: i64) -> bool {
    value
        .strip_prefix(prefix)
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<i64>().ok())
        .is_some_and(|n| n >= start)
}

impl<'a> PodLabels<'a> {
    /// The Pods `o` creates (a workload: its template; a Pod: itself), or `None` when it
    /// creates none that sts-tutor can see.
    pub fn of(o: &'a Object) -> Option<PodLabels<'a>> {
        let name = o.name.as_deref().unwrap_or("");
        let (labels, controller) = match (&o.typed, o.kind.as_str()) {
            (Typed::StatefulSet(sts), _) => {
                let start = sts
                    .spec
                    .ordinals
                    .as_ref()
                    .and_then(|x| x.start)
                    .map_or(0, i64::from);
                let labels = template_labels(sts)
                    .map(|l| l.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
                    .unwrap_or_default();
                return Some(PodLabels {
                    object: o,
                    labels,
                    controller: Controller::StatefulSet { name, start },
                });
            }
            (_, "Pod") => (o.json.pointer("/metadata/labels"), Controller::Plain),
            (_, "CronJob") => (
                o.json
                    .pointer("/spec/jobTemplate/spec/template/metadata/labels"),
                Controller::Job {
                    name: None,
                    prefix: name,
                },
            ),
            (_, kind) => {
                let controller = match kind {
                    "Deployment" | "ReplicaSet" => Controller::Deployment,
                    "DaemonSet" => Controller::DaemonSet,
                    "Job" => Controller::Job {
                        name: Some(name),
                        prefix: name,
                    },
                    _ => Controller::Plain,
                };
                // Any kind with a Pod template (a ReplicationController, or a custom
                // resource such as an Argo Rollout) may make Pods of it.
                let template = o.json.pointer("/spec/template/metadata")?;
                (template.get("labels"), controller)
            }
        };
        let mut labels: Vec<(&str, &str)> = labels
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
            .collect();
        labels.sort_unstable();
        Some(PodLabels {
            object: o,
            labels,
            controller,
        })
    }

    /// The template's value of `key`.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.labels
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| self.labels[i].1)
    }

    /// Whether a Pod of these may carry `key: value`.
    pub fn may_carry(&self, key: &str, value: &str) -> bool {
        if let Some(verdict) = self.controller_label(key, value) {
            return verdict;
        }
        self.get(key) == Some(value)
    }

    /// For a label the controller sets itself, whether it may have `value`; `None` for a
    /// label of the template.
    fn controller_label(&self, key: &str, value: &str) -> Option<bool> {
        let any = HASHES.contains(&key) && self.controller != Controller::Plain;
        if any {
            return Some(true);
        }
        match self.controller {
            Controller::StatefulSet { name, start } => match key {
                "statefulset.kubernetes.io/pod-name" => {
                    Some(ordinal_at_least(value, &format!("{name}-"), start))
                }
                "apps.kubernetes.io/pod-index" => Some(ordinal_at_least(value, "", start)),
                _ => None,
            },
            Controller::Job { name, prefix } => match key {
                "job-name" | "batch.kubernetes.io/job-name" => Some(match name {
                    Some(name) => value == name,
                    None => value.starts_with(&format!("{prefix}-")),
                }),
                "batch.kubernetes.io/job-completion-index" => Some(ordinal_at_least(value, "", 0)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a selector of `key: value` pairs (a Service's) selects Pods of these.
    pub fn selected_by<'s>(&self, selector: impl IntoIterator<Item = (&'s str, &'s str)>) -> bool {
        selector.into_iter().all(|(k, v)| self.may_carry(k, v))
    }

    /// Whether a selector's `key` is one the template decides for every controller (so an
    /// index by template label pairs finds every object whose Pods may carry it).
    pub fn key_from_template(key: &str) -> bool {
        !HASHES.contains(&key)
            && !matches!(
                key,
                "statefulset.kubernetes.io/pod-name"
                    | "apps.kubernetes.io/pod-index"
                    | "job-name"
                    | "batch.kubernetes.io/job-name"
                    | "batch.kubernetes.io/job-completion-index"
            )
    }
}

/// Whether `o` is a custom resource (its API group is not one of Kubernetes' own), which an
/// operator may turn into Pods sts-tutor cannot see.
pub fn is_custom_resource(o: &Object) -> bool {
    let Some((group, _)) = o.api_version.rsplit_once('/') else {
        return false;
    };
    group.contains('.') && !group.ends_with(".k8s.io") && !group.ends_with(".kubernetes.io")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Source, read_bundle};

    fn pods(text: &str) -> Vec<(String, Vec<(String, String)>)> {
        let bundle = read_bundle(Source::new("t.yaml", text));
        bundle
            .objects
            .iter()
            .filter_map(PodLabels::of)
            .map(|p| {
                let labels = p
                    .labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                (p.object.label(), labels)
            })
            .collect()
    }

    const SET: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  ordinals: {start: 1}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: c, image: nginx:1.27}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: nginx:1.27}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: '0 * * * *'
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: backup}}
        spec: {restartPolicy: Never, containers: [{name: c, image: busybox:1.36}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, labels: {app: debug}}
spec: {containers: [{name: c, image: busybox:1.36}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
";

    #[test]
    fn every_kind_of_workload_and_a_pod_make_pods_and_a_config_map_none() {
        let found = pods(SET);
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "StatefulSet/web",
                "Deployment/api",
                "CronJob/backup",
                "Pod/debug"
            ]
        );
        assert_eq!(
            found[0].1,
            [
                ("app".into(), "web".into()),
                ("tier".into(), "front".into())
            ]
        );
        assert_eq!(found[2].1, [("app".into(), "backup".into())]);
    }

    #[test]
    fn controller_labels_match_what_the_controller_would_set() {
        let bundle = read_bundle(Source::new("t.yaml", SET));
        let all: Vec<PodLabels> = bundle.objects.iter().filter_map(PodLabels::of).collect();
        let (web, api, backup, debug) = (&all[0], &all[1], &all[2], &all[3]);
        let pod_name = "statefulset.kubernetes.io/pod-name";
        // Ordinals start at 1 here: web-0 is never created.
        assert!(web.selected_by([(pod_name, "web-1")]));
        assert!(web.selected_by([(pod_name, "web-7"), ("app", "web")]));
        assert!(!web.selected_by([(pod_name, "web-0")]));
        assert!(!web.selected_by([(pod_name, "api-1")]));
        assert!(!web.selected_by([(pod_name, "web-x")]));
        assert!(web.selected_by([("apps.kubernetes.io/pod-index", "2")]));
        assert!(web.selected_by([("controller-revision-hash", "web-5d8f7c")]));
        assert!(!web.selected_by([("app", "web"), ("tier", "back")]));
        assert!(api.selected_by([("app", "api"), ("pod-template-hash", "abc")]));
        assert!(!api.selected_by([(pod_name, "api-0")]));
        assert!(backup.selected_by([("job-name", "backup-29000000")]));
        assert!(!backup.selected_by([("job-name", "other-29000000")]));
        // A bare Pod has no controller to add a hash.
        assert!(!debug.selected_by([("app", "debug"), ("pod-template-hash", "abc")]));
        assert!(debug.selected_by([("app", "debug")]));
    }

    #[test]
    fn custom_resources_are_those_of_other_api_groups() {
        let objects = read_bundle(Source::new(
            "t.yaml",
            "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {name: k}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
        ))
        .objects;
        let custom: Vec<bool> = objects.iter().map(is_custom_resource).collect();
        assert_eq!(custom, [true, false, false]);
    }
}
