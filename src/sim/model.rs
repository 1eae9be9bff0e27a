//! The simulated world: the StatefulSet as the controller reads it, its Pods, PVCs and
//! revisions, and the log of everything that happened.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::manifest::{Bundle, Object};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Policy {
    OrderedReady,
    Parallel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Strategy {
    RollingUpdate,
    OnDelete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Retain {
    Retain,
    Delete,
}

/// What the controller reads from the StatefulSet (and its Service).
#[derive(Debug, Clone, Serialize)]
pub struct SetSpec {
    pub name: String,
    pub namespace: String,
    pub service_name: Option<String>,
    /// The headless Service named by serviceName, when the file has it: publishNotReadyAddresses.
    pub headless: Option<bool>,
    pub replicas: i64,
    pub start: i64,
    pub policy: Policy,
    pub strategy: Strategy,
    pub partition: i64,
    /// `None` when unset (one Pod at a time).
    pub max_unavailable: Option<i64>,
    pub min_ready_seconds: f64,
    pub revision_history_limit: usize,
    pub claim_templates: Vec<String>,
    pub when_deleted: Retain,
    pub when_scaled: Retain,
    /// Seconds from creation until a Pod is Running.
    pub start_delay: f64,
    /// Seconds from Running until Ready (the readiness probe's initial delay, at least 1).
    pub ready_delay: f64,
    /// Seconds a deleted Pod stays Terminating.
    pub terminate_delay: f64,
    /// The Pod template, as JSON: revisions are made from it.
    pub template: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Phase {
    Pending,
    Running,
    Failed,
    Succeeded,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pod {
    pub name: String,
    pub ordinal: i64,
    pub revision: String,
    pub phase: Phase,
    pub ready: bool,
    /// When it last became Ready (for minReadySeconds).
    #[serde(skip)]
    pub ready_since: Option<f64>,
    pub terminating: bool,
    #[serde(skip)]
    pub created_at: f64,
    #[serde(skip)]
    pub terminating_since: f64,
    /// Told to fail (or built from a broken revision): never becomes Ready.
    #[serde(skip)]
    pub crashing: bool,
}

/// Who owns a PVC (the retention policy's mechanism).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Owner {
    None,
    Set,
    Pod(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Pvc {
    pub name: String,
    pub ordinal: i64,
    #[serde(skip)]
    pub owner: Owner,
}

#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub name: String,
    pub number: u64,
    #[serde(skip)]
    pub template: Value,
    /// Pods of this revision crash (`update ... broken`).
    #[serde(skip)]
    pub broken: bool,
}

/// One thing that happened, as in `simulate --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub time: f64,
    pub action: &'static str,
    pub pod: Option<String>,
    pub pvc: Option<String>,
    pub revision: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub replicas: usize,
    pub ready_replicas: usize,
    pub available_replicas: usize,
    pub current_replicas: usize,
    pub updated_replicas: usize,
    pub current_revision: String,
    pub update_revision: String,
}

/// The whole simulation.
#[derive(Debug, Clone)]
pub struct World {
    pub spec: SetSpec,
    /// By ordinal: there is at most one Pod per identity.
    pub pods: BTreeMap<i64, Pod>,
    pub pvcs: BTreeMap<String, Pvc>,
    pub revisions: Vec<Revision>,
    pub current_revision: String,
    pub update_revision: String,
    pub time: f64,
    pub events: Vec<Event>,
    /// The set was deleted: the controller does nothing more.
    pub deleted: bool,
    /// Pod names whose readiness the learner forced (`ready POD`).
    pub(crate) next_revision_number: u64,
    /// Snapshots of (time, pod name, glyph) for the timeline.
    pub history: Vec<(f64, Vec<(String, char)>)>,
    /// API calls told to fail (`api-fail create`), each used up by the next such call: the
    /// controller's error paths (facts §8.6–8.8, §8.11).
    pub api_failures: Vec<ApiCall>,
    /// The current sync hit an API error and stopped; the next sync retries.
    pub(crate) sync_failed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ApiCall {
    Create,
    Delete,
    Status,
}

fn text(value: Option<&Value>) -> Option<String> {
    value?.as_str().map(str::to_string)
}

fn int(value: Option<&Value>) -> Option<i64> {
    value?.as_i64()
}

/// The FNV-1a 32-bit hash of the template, spelled with the controller's safe alphabet (no
/// vowels, no look-alike characters): names look like `web-6bd9c8f9c5`.
pub fn revision_name(set: &str, template: &Value, collision: u32) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in template.to_string().bytes().chain(collision.to_le_bytes()) {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let digits = hash.to_string();
    let encoded: String = digits
        .bytes()
        .map(|b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect();
    format!("{set}-{encoded}")
}

impl SetSpec {
    /// Reads the StatefulSet `object` (and its headless Service from `bundle`).
    pub fn from_object(bundle: &Bundle, object: &Object) -> SetSpec {
        let json = &object.json;
        let spec = json.get("spec").cloned().unwrap_or(Value::Null);
        let strategy = spec.get("updateStrategy");
        let rolling = strategy.and_then(|s| s.get("rollingUpdate"));
        let replicas = int(spec.get("replicas")).unwrap_or(1).max(0);
        let max_unavailable = rolling
            .and_then(|r| r.get("maxUnavailable"))
            .and_then(|v| match v {
                Value::Number(n) => n.as_i64(),
                // Percentages round down, with a floor of 1 (facts §4.4).
                Value::String(s) => s
                    .strip_suffix('%')
                    .and_then(|p| p.parse::<i64>().ok())
                    .map(|p| (replicas * p / 100).max(1)),
                _ => None,
            });
        let retention = spec.get("persistentVolumeClaimRetentionPolicy");
        let retain = |key: &str| match retention.and_then(|r| r.get(key)).and_then(Value::as_str) {
            Some("Delete") => Retain::Delete,
            _ => Retain::Retain,
        };
        let service_name = text(spec.get("serviceName")).filter(|s| !s.is_empty());
        let namespace = object
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string());
        let headless = service_name.as_ref().and_then(|svc| {
            bundle
                .objects
                .iter()
                .find(|o| o.kind == "Service" && o.name.as_deref() == Some(svc))
                .and_then(|o| {
                    let spec = o.json.get("spec")?;
                    (spec.get("clusterIP").and_then(Value::as_str) == Some("None")).then(|| {
                        spec.get("publishNotReadyAddresses")
                            .and_then(Value::as_bool)
                            .unwrap_or(false)
                    })
                })
        });
        let template = spec.get("template").cloned().unwrap_or(Value::Null);
        let probe_delay = template
            .pointer("/spec/containers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                c.pointer("/readinessProbe/initialDelaySeconds")
                    .and_then(Value::as_f64)
            })
            .fold(0.0, f64::max);
        SetSpec {
            name: object.name.clone().unwrap_or_else(|| "set".into()),
            namespace,
            service_name,
            headless,
            replicas,
            start: int(spec.pointer("/ordinals/start")).unwrap_or(0).max(0),
            policy: if text(spec.get("podManagementPolicy")).as_deref() == Some("Parallel") {
                Policy::Parallel
            } else {
                Policy::OrderedReady
            },
            strategy: if strategy.and_then(|s| text(s.get("type"))).as_deref() == Some("OnDelete") {
                Strategy::OnDelete
            } else {
                Strategy::RollingUpdate
            },
            partition: rolling
                .and_then(|r| int(r.get("partition")))
                .unwrap_or(0)
                .max(0),
            max_unavailable,
            min_ready_seconds: int(spec.get("minReadySeconds")).unwrap_or(0).max(0) as f64,
            revision_history_limit: usize::try_from(
                int(spec.get("revisionHistoryLimit")).unwrap_or(10).max(0),
            )
            .unwrap_or(10),
            claim_templates: spec
                .get("volumeClaimTemplates")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|t| text(t.pointer("/metadata/name")))
                .collect(),
            when_deleted: retain("whenDeleted"),
            when_scaled: retain("whenScaled"),
            start_delay: 1.0,
            ready_delay: probe_delay.max(1.0),
            terminate_delay: 1.0,
            template,
        }
    }
}
