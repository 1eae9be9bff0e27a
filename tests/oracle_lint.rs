//! The offline linter against a real API server: every manifest of the repository (fixtures,
//! exercises, the real-world corpus) and a seeded corpus of single-point mutations of valid
//! StatefulSets, Services, PersistentVolumeClaims and PodDisruptionBudgets, each object sent
//! to kube-apiserver as a server-side dry run with strict field validation, and linted
//! offline. The server is the oracle: it rejects and we have no API or input error (a miss),
//! or it accepts and we report an API error (a false error), and the test fails.
//!
//! ```sh
//! scripts/testbed up && eval "$(scripts/testbed env)"
//! cargo test --all-features --test oracle_lint -- --nocapture
//! ORACLE_CASE=mut-0421-… cargo test --all-features --test oracle_lint -- --nocapture
//! ```
//!
//! `ORACLE_CASE` (a case id, or a part of one) runs just the matching cases and prints the
//! manifest, the server's answer and ours. Without `STS_TUTOR_LIVE_TEST=1` the test says it
//! is skipped.

#![cfg(feature = "cluster")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::Namespace;
use kube::Client;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, ValidationDirective};
use kube::core::{ApiResource, GroupVersionKind};
use kube::discovery::Scope;
use serde_json::{Value, json};
use sts_tutor::live::ServerError;
use sts_tutor::manifest::{Bundle, Source, read_bundle};
use sts_tutor::review::registry::{self, Family};
use sts_tutor::review::{Diagnostic, Severity, review_bundle};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const HOW_TO_RUN: &str = "scripts/testbed up && eval \"$(scripts/testbed env)\" && cargo test --all-features --test oracle_lint";
const SEED: u64 = 0x5eed_0016;
/// Requests in flight at once.
const CONCURRENCY: usize = 16;

/// Disagreements that are understood and not fixed yet: (case id, why). A mutation is
/// named without its number (see `unnumbered`). Each entry is still a disagreement: the
/// test fails on any disagreement not listed here, and says which entries no longer are.
const ALLOWED: &[(&str, &str)] = &[];

/// Rules that see what the server cannot: the file is sent as JSON, so a repeated key, a
/// syntax error or a limit of the file never reaches it (kubectl refuses such files itself).
const BEFORE_THE_SERVER: &[&str] = &[
    "duplicate-key",
    "yaml-syntax",
    "input-limit",
    "input-encoding",
];

/// A mutation's id without its number (`sts-spec-replicas-negative`), for the allow-list:
/// the number moves when mutations are added before it, the rest does not.
fn unnumbered(id: &str) -> &str {
    id.strip_prefix("mut-")
        .and_then(|rest| rest.split_once('-'))
        .map_or(id, |(_, rest)| rest)
}

fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped oracle_lint: {why}; run {HOW_TO_RUN}"
    );
}

// ---------------------------------------------------------------------------------------
// The corpus.

/// One file to lint and send, object by object.
struct Case {
    id: String,
    text: String,
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn file_cases() -> Vec<Case> {
    let root = Path::new(ROOT);
    let mut files = Vec::new();
    yaml_files(&root.join("tests/fixtures"), &mut files);
    let mut exercises: Vec<PathBuf> = std::fs::read_dir(root.join("exercises"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    exercises.sort();
    for exercise in exercises {
        for name in ["starter.yaml", "solution.yaml"] {
            let file = exercise.join(name);
            if file.is_file() {
                files.push(file);
            }
        }
        yaml_files(&exercise.join("tests"), &mut files);
    }
    let realworld = root.join("../shared/realworld");
    let mut shared = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&realworld) {
        shared = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
            .collect();
    }
    shared.sort();
    files.extend(shared);
    files
        .into_iter()
        .filter_map(|file| {
            let bytes = std::fs::read(&file).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let shown = file
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| {
                    PathBuf::from("realworld").join(file.file_name().unwrap_or_default())
                });
            let id = if shown.starts_with("realworld") || !file.starts_with(root) {
                format!("realworld-{}", slug(&shown.to_string_lossy()))
            } else if shown.starts_with("exercises") {
                format!(
                    "exercise-{}",
                    slug(&shown.to_string_lossy()["exercises".len()..])
                )
            } else {
                format!(
                    "fixture-{}",
                    slug(&shown.to_string_lossy()["tests/fixtures".len()..])
                )
            };
            Some(Case { id, text })
        })
        .collect()
}

/// A tiny seeded generator, so the mutation corpus is the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Debug)]
enum Seg {
    K(String),
    I(usize),
}

fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::K(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::I(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn p(dotted: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in dotted.split('.').filter(|s| !s.is_empty()) {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        out.push(Seg::K(name.to_string()));
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Seg::I(index.trim_end_matches(']').parse().unwrap()));
        }
    }
    out
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut node = value;
    for seg in path {
        node = match seg {
            Seg::K(k) => node.as_object_mut()?.get_mut(k)?,
            Seg::I(i) => node.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(node)
}

/// Sets `path` (creating maps on the way) to `new`.
fn set(value: &mut Value, path: &[Seg], new: Value) {
    let (last, parent) = path.split_last().unwrap();
    let mut node = value;
    for seg in parent {
        node = match seg {
            Seg::K(k) => node
                .as_object_mut()
                .unwrap()
                .entry(k.clone())
                .or_insert_with(|| json!({})),
            Seg::I(i) => &mut node.as_array_mut().unwrap()[*i],
        };
    }
    match last {
        Seg::K(k) => {
            node.as_object_mut().unwrap().insert(k.clone(), new);
        }
        Seg::I(i) => node.as_array_mut().unwrap()[*i] = new,
    }
}

fn remove(value: &mut Value, path: &[Seg]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    let node = get_mut(value, parent)?;
    match last {
        Seg::K(k) => node.as_object_mut()?.remove(k),
        Seg::I(i) => {
            let items = node.as_array_mut()?;
            (*i < items.len()).then(|| items.remove(*i))
        }
    }
}

/// Every path of `value` (not the root), parents before children.
fn paths(value: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Seg::K(k.clone()));
                out.push((prefix.clone(), v.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Seg::I(i));
                out.push((prefix.clone(), v.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Block-style YAML for a JSON value: one field per line, strings double-quoted (so their
/// type is what the JSON says), so the server's paths have lines to compare.
fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    block(value, 0, &mut out);
    out
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Object(m) if m.is_empty() => Some("{}".into()),
        Value::Array(a) if a.is_empty() => Some("[]".into()),
        Value::Object(_) | Value::Array(_) => None,
        other => Some(other.to_string()),
    }
}

fn key_text(key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./-".contains(c));
    if plain {
        key.to_string()
    } else {
        Value::from(key).to_string()
    }
}

fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                match scalar(v) {
                    Some(s) => out.push_str(&format!("{pad}{}: {s}\n", key_text(k))),
                    None => {
                        out.push_str(&format!("{pad}{}:\n", key_text(k)));
                        block(v, indent + 2, out);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                match scalar(item) {
                    Some(s) => out.push_str(&format!("{pad}- {s}\n")),
                    None if item.is_object() => {
                        let mut inner = String::new();
                        block(item, indent + 2, &mut inner);
                        out.push_str(&pad);
                        out.push_str("- ");
                        out.push_str(&inner[indent + 2..]);
                    }
                    None => {
                        out.push_str(&format!("{pad}-\n"));
                        block(item, indent + 2, out);
                    }
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other).unwrap())),
    }
}

fn statefulset() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {"team": "db"}},
        "spec": {
            "serviceName": "web",
            "replicas": 3,
            "minReadySeconds": 0,
            "podManagementPolicy": "OrderedReady",
            "revisionHistoryLimit": 10,
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0, "maxUnavailable": 1}},
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
            "ordinals": {"start": 0},
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "terminationGracePeriodSeconds": 10,
                    "restartPolicy": "Always",
                    "dnsPolicy": "ClusterFirst",
                    "securityContext": {"runAsUser": 1000, "fsGroup": 2000},
                    "initContainers": [{
                        "name": "init",
                        "image": "busybox:1.36",
                        "command": ["sh", "-c", "true"],
                    }],
                    "containers": [{
                        "name": "web",
                        "image": "nginx:1.27",
                        "imagePullPolicy": "IfNotPresent",
                        "ports": [{"name": "http", "containerPort": 80, "protocol": "TCP"}],
                        "env": [{"name": "MODE", "value": "primary"}],
                        "resources": {
                            "requests": {"cpu": "100m", "memory": "64Mi"},
                            "limits": {"cpu": "500m", "memory": "128Mi"},
                        },
                        "readinessProbe": {"httpGet": {"path": "/", "port": "http"}, "periodSeconds": 5, "failureThreshold": 3},
                        "livenessProbe": {"tcpSocket": {"port": 80}, "initialDelaySeconds": 5, "successThreshold": 1},
                        "volumeMounts": [{"name": "data", "mountPath": "/usr/share/nginx/html"}],
                    }, {
                        "name": "metrics",
                        "image": "prom/node-exporter:v1.8.0",
                        "ports": [{"name": "metrics", "containerPort": 9100}],
                        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}},
                    }],
                    "volumes": [{"name": "config", "emptyDir": {}}],
                },
            },
            "volumeClaimTemplates": [{
                "metadata": {"name": "data"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
            }],
        },
    })
}

fn headless_service() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "clusterIP": "None",
            "selector": {"app": "web"},
            "publishNotReadyAddresses": true,
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
        },
    })
}

fn cluster_service() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web-read"},
        "spec": {
            "type": "ClusterIP",
            "sessionAffinity": "None",
            "selector": {"app": "web"},
            "ports": [
                {"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                {"name": "metrics", "port": 9100, "targetPort": "metrics"},
            ],
        },
    })
}

fn nodeport_service() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web-np"},
        "spec": {
            "type": "NodePort",
            "externalTrafficPolicy": "Cluster",
            "selector": {"app": "web"},
            "ports": [{"name": "http", "port": 80, "targetPort": 80}],
        },
    })
}

fn claim() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": "data-web-0", "labels": {"app": "web"}},
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "volumeMode": "Filesystem",
            "storageClassName": "standard",
            "resources": {"requests": {"storage": "1Gi"}, "limits": {"storage": "2Gi"}},
        },
    })
}

fn budget_min() -> Value {
    json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": "web"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}},
    })
}

fn budget_max() -> Value {
    json!({
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": "web-max"},
        "spec": {
            "maxUnavailable": "50%",
            "unhealthyPodEvictionPolicy": "AlwaysAllow",
            "selector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]},
        },
    })
}

fn bases() -> Vec<(&'static str, Value)> {
    vec![
        ("sts", statefulset()),
        ("svc-headless", headless_service()),
        ("svc-clusterip", cluster_service()),
        ("svc-nodeport", nodeport_service()),
        ("pvc", claim()),
        ("pdb-min", budget_min()),
        ("pdb-max", budget_max()),
    ]
}

fn case_variants(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if text.chars().any(|c| c.is_ascii_alphabetic()) {
        out.push(("lower".into(), text.to_lowercase()));
        out.push(("upper".into(), text.to_uppercase()));
        let mut chars: Vec<char> = text.chars().collect();
        if let Some(c) = chars.iter_mut().find(|c| c.is_ascii_alphabetic()) {
            *c = if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
        }
        out.push(("flip".into(), chars.into_iter().collect()));
    }
    out.retain(|(_, v)| v != text);
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

fn random_name(rng: &mut XorShift, len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-.ABC_";
    (0..len).map(|_| *rng.pick(CHARS) as char).collect()
}

/// The mutation corpus: (id suffix, manifest).
fn mutations() -> Vec<Case> {
    let mut rng = XorShift(SEED);
    let mut out: Vec<(String, String, Value)> = Vec::new();
    let mut push = |base: &str, what: String, value: Value| {
        out.push((base.to_string(), what, value));
    };
    for (name, base) in bases() {
        push(name, "valid".into(), base.clone());
        let mut all = Vec::new();
        paths(&base, &mut Vec::new(), &mut all);
        for (path, old) in &all {
            let at = path_text(path);
            let top = matches!(path.first(), Some(Seg::K(k)) if k == "apiVersion" || k == "kind");
            // Removed fields.
            let mut v = base.clone();
            remove(&mut v, path);
            push(name, format!("{at}-removed"), v);
            if top {
                continue;
            }
            // Scalars: wrong case, negatives, zero, huge, wrong types, empty, long.
            let mut values: Vec<(String, Value)> = vec![
                ("null".into(), Value::Null),
                ("true".into(), json!(true)),
                ("list".into(), json!(["x"])),
                ("map".into(), json!({"x": "y"})),
            ];
            match old {
                Value::Number(n) => {
                    values.extend([
                        ("negative".into(), json!(-1)),
                        ("zero".into(), json!(0)),
                        ("huge".into(), json!(2147483648i64)),
                        ("float".into(), json!(1.5)),
                        ("string".into(), Value::from(n.to_string())),
                        ("large".into(), json!(65536)),
                    ]);
                }
                Value::String(s) => {
                    for (how, variant) in case_variants(s) {
                        values.push((how, Value::from(variant)));
                    }
                    values.extend([
                        ("empty".into(), json!("")),
                        ("number".into(), json!(7)),
                        ("space".into(), Value::from(format!("{s} x"))),
                        ("trailing-dash".into(), Value::from(format!("{s}-"))),
                        ("long64".into(), Value::from("a".repeat(64))),
                        ("long254".into(), Value::from("a".repeat(254))),
                        ("random".into(), Value::from(random_name(&mut rng, 8))),
                    ]);
                }
                Value::Bool(_) => values.push(("string".into(), json!("true"))),
                Value::Object(_) => {
                    // Unknown field inside, misspelt keys, a field moved up a level.
                    let mut v = base.clone();
                    let mut inner = path.clone();
                    inner.push(Seg::K("unknownField".into()));
                    set(&mut v, &inner, json!("x"));
                    push(name, format!("{at}-unknown-field"), v);
                    values.retain(|(w, _)| w != "map");
                    values.push(("empty-map".into(), json!({})));
                }
                Value::Array(_) => {
                    values.retain(|(w, _)| w != "list");
                    values.push(("empty-list".into(), json!([])));
                    values.push(("list-of-string".into(), json!(["x", "y"])));
                }
                Value::Null => {}
            }
            for (how, new) in values {
                let mut v = base.clone();
                set(&mut v, path, new);
                push(name, format!("{at}-{how}"), v);
            }
            // A misspelt key, and the field misplaced one level up.
            if let Some(Seg::K(key)) = path.last() {
                let parent = &path[..path.len() - 1];
                let mut v = base.clone();
                let moved = remove(&mut v, path).unwrap();
                let mut typo = parent.to_vec();
                typo.push(Seg::K(format!("{key}s")));
                set(&mut v, &typo, moved.clone());
                push(name, format!("{at}-misspelt"), v);
                if parent.len() >= 2 && matches!(parent.last(), Some(Seg::K(_))) {
                    let mut v = base.clone();
                    remove(&mut v, path);
                    let mut up = parent[..parent.len() - 1].to_vec();
                    up.push(Seg::K(key.clone()));
                    if get_mut(&mut v, &up).is_none() {
                        set(&mut v, &up, moved);
                        push(name, format!("{at}-moved-up"), v);
                    }
                }
            }
        }
    }
    targeted(&mut rng, &mut push);
    out.into_iter()
        .enumerate()
        .map(|(n, (base, what, value))| Case {
            id: format!("mut-{n:04}-{base}-{}", slug(&what)),
            text: to_yaml(&value),
        })
        .collect()
}

/// Mutations aimed at what the API rules check.
fn targeted(rng: &mut XorShift, push: &mut impl FnMut(&str, String, Value)) {
    let names = [
        "web", "Web", "web-", "-web", "web.db", "web..db", "1web", "web_1", "a", "x/y", "x%y",
        "x y", "web:1", "xn--web",
    ];
    let long = |n: usize| "a".repeat(n);
    let mut name_pool: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    for n in [52, 53, 63, 64, 253, 254] {
        name_pool.push(long(n));
    }
    name_pool.push(format!("{}.{}", long(63), long(63)));
    name_pool.push(format!("{}.{}", long(64), long(10)));
    let sts = statefulset();
    for (base, value) in bases() {
        for (i, name) in name_pool.iter().enumerate() {
            let mut v = value.clone();
            set(&mut v, &p("metadata.name"), Value::from(name.as_str()));
            push(base, format!("name-{i}-{}", slug(name)), v);
        }
        // generateName instead of a name.
        let mut v = value.clone();
        remove(&mut v, &p("metadata.name"));
        set(&mut v, &p("metadata.generateName"), json!("web-"));
        push(base, "generate-name".into(), v);
        let mut v = value.clone();
        set(&mut v, &p("metadata.namespace"), json!("Bad_NS"));
        push(base, "namespace-invalid".into(), v);
    }
    for (i, name) in name_pool.iter().enumerate() {
        for container in ["initContainers[0]", "containers[0]", "containers[1]"] {
            let mut v = sts.clone();
            set(
                &mut v,
                &p(&format!("spec.template.spec.{container}.name")),
                Value::from(name.as_str()),
            );
            push("sts", format!("{container}-name-{i}-{}", slug(name)), v);
        }
        let mut v = sts.clone();
        set(&mut v, &p("spec.serviceName"), Value::from(name.as_str()));
        push("sts", format!("service-name-{i}-{}", slug(name)), v);
        let mut v = sts.clone();
        set(
            &mut v,
            &p("spec.template.spec.volumes[0].name"),
            Value::from(name.as_str()),
        );
        push("sts", format!("volume-name-{i}-{}", slug(name)), v);
        let mut v = sts.clone();
        set(
            &mut v,
            &p("spec.volumeClaimTemplates[0].metadata.name"),
            Value::from(name.as_str()),
        );
        set(
            &mut v,
            &p("spec.template.spec.containers[0].volumeMounts[0].name"),
            Value::from(name.as_str()),
        );
        push("sts", format!("claim-template-name-{i}-{}", slug(name)), v);
    }
    // Duplicate container names.
    for (a, b) in [
        ("containers[0]", "containers[1]"),
        ("initContainers[0]", "containers[0]"),
    ] {
        let mut v = sts.clone();
        set(
            &mut v,
            &p(&format!("spec.template.spec.{b}.name")),
            json!("web"),
        );
        set(
            &mut v,
            &p(&format!("spec.template.spec.{a}.name")),
            json!("web"),
        );
        push("sts", format!("duplicate-container-name-{a}-{b}"), v);
    }
    let mut v = sts.clone();
    set(
        &mut v,
        &p("spec.template.spec.volumes[0].name"),
        json!("data"),
    );
    push("sts", "volume-named-like-claim-template".into(), v);
    // Port names and numbers.
    let port_names = [
        "http",
        "HTTP",
        "http-",
        "-http",
        "h--p",
        "h_p",
        "1234",
        "web1",
        "abcdefghijklmno",
        "abcdefghijklmnop",
        "",
        "h.p",
        "h p",
    ];
    for (i, name) in port_names.iter().enumerate() {
        let mut v = sts.clone();
        set(
            &mut v,
            &p("spec.template.spec.containers[0].ports[0].name"),
            json!(name),
        );
        set(
            &mut v,
            &p("spec.template.spec.containers[0].readinessProbe.httpGet.port"),
            json!(80),
        );
        push("sts", format!("port-name-{i}-{}", slug(name)), v);
        for svc in ["svc-headless", "svc-clusterip"] {
            let mut v = if svc == "svc-headless" {
                headless_service()
            } else {
                cluster_service()
            };
            set(&mut v, &p("spec.ports[0].name"), json!(name));
            push(svc, format!("port-name-{i}-{}", slug(name)), v);
            let mut v = if svc == "svc-headless" {
                headless_service()
            } else {
                cluster_service()
            };
            set(&mut v, &p("spec.ports[0].targetPort"), json!(name));
            push(svc, format!("target-port-name-{i}-{}", slug(name)), v);
        }
    }
    let ports = "spec.template.spec.containers[0].ports";
    let extra = [
        (
            "same-name-same-container",
            json!({"name": "http", "containerPort": 81}),
        ),
        (
            "same-port-same-container",
            json!({"name": "alt", "containerPort": 80}),
        ),
        (
            "same-port-udp",
            json!({"name": "alt", "containerPort": 80, "protocol": "UDP"}),
        ),
        ("unnamed-second", json!({"containerPort": 81})),
        (
            "host-port",
            json!({"name": "alt", "containerPort": 81, "hostPort": 8081}),
        ),
        (
            "host-port-zero",
            json!({"name": "alt", "containerPort": 81, "hostPort": 0}),
        ),
        (
            "host-port-huge",
            json!({"name": "alt", "containerPort": 81, "hostPort": 70000}),
        ),
        (
            "host-ip",
            json!({"name": "alt", "containerPort": 81, "hostPort": 8081, "hostIP": "1.2.3"}),
        ),
        (
            "sctp",
            json!({"name": "alt", "containerPort": 81, "protocol": "SCTP"}),
        ),
        ("no-container-port", json!({"name": "alt"})),
    ];
    for (what, port) in extra {
        let mut v = sts.clone();
        get_mut(&mut v, &p(ports))
            .unwrap()
            .as_array_mut()
            .unwrap()
            .push(port);
        push("sts", format!("second-port-{what}"), v);
    }
    let mut v = sts.clone();
    set(
        &mut v,
        &p("spec.template.spec.containers[1].ports[0].name"),
        json!("http"),
    );
    push("sts", "port-name-across-containers".into(), v);
    let mut v = sts.clone();
    set(
        &mut v,
        &p("spec.template.spec.containers[1].ports[0].containerPort"),
        json!(80),
    );
    push("sts", "container-port-across-containers".into(), v);
    // Service ports.
    for (what, ports) in [
        (
            "duplicate-name",
            json!([{"name": "a", "port": 80}, {"name": "a", "port": 81}]),
        ),
        (
            "duplicate-port",
            json!([{"name": "a", "port": 80}, {"name": "b", "port": 80}]),
        ),
        (
            "duplicate-port-udp",
            json!([{"name": "a", "port": 80}, {"name": "b", "port": 80, "protocol": "UDP"}]),
        ),
        (
            "unnamed-two",
            json!([{"port": 80}, {"name": "b", "port": 81}]),
        ),
        ("unnamed-one", json!([{"port": 80}])),
        (
            "target-zero",
            json!([{"name": "a", "port": 80, "targetPort": 0}]),
        ),
        (
            "target-huge",
            json!([{"name": "a", "port": 80, "targetPort": 65536}]),
        ),
        (
            "target-string-number",
            json!([{"name": "a", "port": 80, "targetPort": "80"}]),
        ),
        (
            "node-port",
            json!([{"name": "a", "port": 80, "nodePort": 30080}]),
        ),
        (
            "app-protocol",
            json!([{"name": "a", "port": 80, "appProtocol": "http"}]),
        ),
        (
            "app-protocol-bad",
            json!([{"name": "a", "port": 80, "appProtocol": "-bad-"}]),
        ),
        ("empty", json!([])),
    ] {
        for (svc, base) in [
            ("svc-headless", headless_service()),
            ("svc-clusterip", cluster_service()),
            ("svc-nodeport", nodeport_service()),
        ] {
            let mut v = base;
            set(&mut v, &p("spec.ports"), ports.clone());
            push(svc, format!("ports-{what}"), v);
        }
    }
    // IP addresses and Service types.
    let ips = [
        "None",
        "none",
        "NONE",
        "",
        "1.2.3",
        "256.1.1.1",
        "::g",
        "10.0.0.01",
        "10.0.0.1/32",
        "fd00::1",
        " None",
        "None ",
    ];
    for (i, ip) in ips.iter().enumerate() {
        for (svc, base) in [
            ("svc-headless", headless_service()),
            ("svc-clusterip", cluster_service()),
            ("svc-nodeport", nodeport_service()),
        ] {
            let mut v = base.clone();
            set(&mut v, &p("spec.clusterIP"), json!(ip));
            push(svc, format!("cluster-ip-{i}-{}", slug(ip)), v);
            let mut v = base.clone();
            set(&mut v, &p("spec.clusterIPs"), json!([ip]));
            push(svc, format!("cluster-ips-{i}-{}", slug(ip)), v);
            let mut v = base;
            set(&mut v, &p("spec.externalIPs"), json!([ip]));
            push(svc, format!("external-ips-{i}-{}", slug(ip)), v);
        }
    }
    for ty in [
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
        "ExternalName",
        "clusterip",
        "Headless",
    ] {
        for (svc, base) in [
            ("svc-headless", headless_service()),
            ("svc-clusterip", cluster_service()),
        ] {
            let mut v = base;
            set(&mut v, &p("spec.type"), json!(ty));
            push(svc, format!("type-{}", slug(ty)), v);
        }
    }
    let mut v = headless_service();
    set(&mut v, &p("spec.type"), json!("ExternalName"));
    set(&mut v, &p("spec.externalName"), json!("db.example.com"));
    remove(&mut v, &p("spec.clusterIP"));
    push("svc-headless", "external-name-valid".into(), v);
    let mut v = headless_service();
    remove(&mut v, &p("spec.ports"));
    push("svc-headless", "headless-no-ports".into(), v);
    let mut v = cluster_service();
    set(&mut v, &p("spec.ipFamilyPolicy"), json!("RequireDualStack"));
    push("svc-clusterip", "require-dual-stack".into(), v);
    let mut v = cluster_service();
    set(&mut v, &p("spec.sessionAffinity"), json!("ClientIP"));
    set(
        &mut v,
        &p("spec.sessionAffinityConfig.clientIP.timeoutSeconds"),
        json!(0),
    );
    push("svc-clusterip", "affinity-timeout-zero".into(), v);
    // Labels at and past their limits, in every label map and selector.
    let mut labels: Vec<(String, String)> = vec![
        (long(63), "v".into()),
        (long(64), "v".into()),
        (format!("{}/k", long(253)), "v".into()),
        (format!("{}/k", long(254)), "v".into()),
        ("example.com/X".into(), "v".into()),
        ("Example.com/x".into(), "v".into()),
        ("app/".into(), "v".into()),
        ("/app".into(), "v".into()),
        ("a/b/c".into(), "v".into()),
        ("-app".into(), "v".into()),
        ("app_1".into(), "v".into()),
        ("a.b".into(), "v".into()),
        ("".into(), "v".into()),
        ("k".into(), long(63)),
        ("k".into(), long(64)),
        ("k".into(), "".into()),
        ("k".into(), "-v".into()),
        ("k".into(), "v-".into()),
        ("k".into(), "a b".into()),
        ("k".into(), "a_b.c-d".into()),
        ("k".into(), "a/b".into()),
        ("k".into(), "ü".into()),
    ];
    for _ in 0..6 {
        let len = 1 + rng.below(70);
        labels.push(("k".into(), random_name(rng, len)));
        let len = 1 + rng.below(70);
        labels.push((random_name(rng, len), "v".into()));
    }
    for (i, (key, val)) in labels.iter().enumerate() {
        let targets: Vec<(&str, Value, Vec<&str>)> = vec![
            ("sts", sts.clone(), vec!["metadata.labels"]),
            ("sts", sts.clone(), vec!["metadata.annotations"]),
            (
                "sts",
                sts.clone(),
                vec!["spec.template.metadata.labels", "spec.selector.matchLabels"],
            ),
            ("sts", sts.clone(), vec!["spec.template.metadata.labels"]),
            (
                "sts",
                sts.clone(),
                vec!["spec.volumeClaimTemplates[0].metadata.labels"],
            ),
            ("svc-headless", headless_service(), vec!["spec.selector"]),
            ("pvc", claim(), vec!["metadata.labels"]),
            ("pvc", claim(), vec!["spec.selector.matchLabels"]),
            ("pdb-min", budget_min(), vec!["spec.selector.matchLabels"]),
        ];
        for (base, mut v, maps) in targets {
            for map in &maps {
                let mut at = p(map);
                at.push(Seg::K(key.clone()));
                set(&mut v, &at, Value::from(val.as_str()));
            }
            push(base, format!("label-{i}-{}", slug(&maps.join("+"))), v);
        }
    }
    // Selectors that don't match, and expressions.
    let selectors = [
        ("other-label", json!({"matchLabels": {"app": "db"}})),
        (
            "superset",
            json!({"matchLabels": {"app": "web", "tier": "x"}}),
        ),
        ("empty", json!({})),
        ("empty-match-labels", json!({"matchLabels": {}})),
        (
            "in",
            json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}),
        ),
        (
            "in-no-values",
            json!({"matchExpressions": [{"key": "app", "operator": "In", "values": []}]}),
        ),
        (
            "in-lowercase",
            json!({"matchExpressions": [{"key": "app", "operator": "in", "values": ["web"]}]}),
        ),
        (
            "exists-values",
            json!({"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["web"]}]}),
        ),
        (
            "exists",
            json!({"matchExpressions": [{"key": "app", "operator": "Exists"}]}),
        ),
        (
            "notin-other",
            json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["db"]}]}),
        ),
        (
            "notin-self",
            json!({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}),
        ),
        (
            "does-not-exist",
            json!({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}),
        ),
        (
            "gt",
            json!({"matchExpressions": [{"key": "app", "operator": "Gt", "values": ["1"]}]}),
        ),
        (
            "bad-key",
            json!({"matchExpressions": [{"key": "Bad Key", "operator": "Exists"}]}),
        ),
        (
            "bad-value",
            json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["bad value"]}]}),
        ),
    ];
    for (what, selector) in selectors {
        for (base, value) in [
            ("sts", sts.clone()),
            ("pdb-min", budget_min()),
            ("pvc", claim()),
        ] {
            let mut v = value;
            set(&mut v, &p("spec.selector"), selector.clone());
            push(base, format!("selector-{what}"), v);
        }
    }
    // Quantities.
    let quantities = [
        "1Gi",
        "1gi",
        "1GB",
        "1G",
        "1g",
        "-1Gi",
        "0",
        "1.5Gi",
        "1e3",
        "1E3",
        "abc",
        "",
        "1 Gi",
        "0.1m",
        "1Ki",
        "1k",
        "1K",
        "100m",
        " 1Gi",
        "1Gi ",
        "+1Gi",
        "1.Gi",
        ".5",
        "1m",
        "1u",
        "1n",
        "1Ei",
        "10E",
        "1e400",
        "0x10",
        "1_000",
        "1Pi",
        "99999999999999999999",
    ];
    let quantity_fields = [
        (
            "sts",
            "spec.template.spec.containers[0].resources.requests.cpu",
        ),
        (
            "sts",
            "spec.template.spec.containers[0].resources.requests.memory",
        ),
        (
            "sts",
            "spec.template.spec.containers[0].resources.limits.memory",
        ),
        (
            "sts",
            "spec.volumeClaimTemplates[0].spec.resources.requests.storage",
        ),
        ("pvc", "spec.resources.requests.storage"),
        ("sts", "spec.template.spec.volumes[0].emptyDir.sizeLimit"),
    ];
    for (i, q) in quantities.iter().enumerate() {
        for (base, field) in quantity_fields {
            let mut v = if base == "sts" { sts.clone() } else { claim() };
            set(&mut v, &p(field), json!(q));
            push(base, format!("quantity-{i}-{}-{}", slug(q), slug(field)), v);
        }
    }
    for (what, requests, limits) in [
        ("request-over-limit", "1", "500m"),
        ("request-equal-limit", "500m", "500m"),
        ("request-over-limit-units", "2000m", "1"),
    ] {
        let mut v = sts.clone();
        set(
            &mut v,
            &p("spec.template.spec.containers[0].resources.requests.cpu"),
            json!(requests),
        );
        set(
            &mut v,
            &p("spec.template.spec.containers[0].resources.limits.cpu"),
            json!(limits),
        );
        push("sts", what.into(), v);
    }
    for resource in [
        "nvidia.com/gpu",
        "example.com/Bad",
        "hugepages-2Mi",
        "storage",
        "bogus",
    ] {
        let mut v = sts.clone();
        let mut at = p("spec.template.spec.containers[0].resources.requests");
        at.push(Seg::K(resource.into()));
        set(&mut v, &at, json!("1"));
        push("sts", format!("resource-name-{}", slug(resource)), v);
    }
    // Probes.
    let probes = [
        ("no-handler", json!({"periodSeconds": 5})),
        ("empty", json!({})),
        (
            "two-handlers",
            json!({"httpGet": {"port": 80}, "tcpSocket": {"port": 80}}),
        ),
        ("exec-empty", json!({"exec": {}})),
        ("grpc", json!({"grpc": {"port": 9000}})),
        ("http-no-port", json!({"httpGet": {"path": "/"}})),
        ("http-port-zero", json!({"httpGet": {"port": 0}})),
        (
            "http-port-unknown-name",
            json!({"httpGet": {"port": "nope"}}),
        ),
        (
            "http-port-bad-name",
            json!({"httpGet": {"port": "Bad_Name"}}),
        ),
        (
            "http-scheme-lower",
            json!({"httpGet": {"port": 80, "scheme": "https"}}),
        ),
        (
            "period-zero",
            json!({"tcpSocket": {"port": 80}, "periodSeconds": 0}),
        ),
        (
            "period-negative",
            json!({"tcpSocket": {"port": 80}, "periodSeconds": -1}),
        ),
        (
            "timeout-zero",
            json!({"tcpSocket": {"port": 80}, "timeoutSeconds": 0}),
        ),
        (
            "success-two",
            json!({"tcpSocket": {"port": 80}, "successThreshold": 2}),
        ),
        (
            "failure-zero",
            json!({"tcpSocket": {"port": 80}, "failureThreshold": 0}),
        ),
        (
            "delay-negative",
            json!({"tcpSocket": {"port": 80}, "initialDelaySeconds": -1}),
        ),
        (
            "grace-zero",
            json!({"tcpSocket": {"port": 80}, "terminationGracePeriodSeconds": 0}),
        ),
    ];
    for (what, probe) in probes {
        for kind in ["readinessProbe", "livenessProbe", "startupProbe"] {
            let mut v = sts.clone();
            set(
                &mut v,
                &p(&format!("spec.template.spec.containers[0].{kind}")),
                probe.clone(),
            );
            push("sts", format!("{kind}-{what}"), v);
        }
    }
    for kind in ["readinessProbe", "livenessProbe", "startupProbe"] {
        for sidecar in [false, true] {
            let mut v = sts.clone();
            set(
                &mut v,
                &p(&format!("spec.template.spec.initContainers[0].{kind}")),
                json!({"tcpSocket": {"port": 80}}),
            );
            if sidecar {
                set(
                    &mut v,
                    &p("spec.template.spec.initContainers[0].restartPolicy"),
                    json!("Always"),
                );
            }
            push(
                "sts",
                format!("init-{kind}{}", if sidecar { "-sidecar" } else { "" }),
                v,
            );
        }
    }
    for policy in ["Always", "always", "Never", "OnFailure"] {
        let mut v = sts.clone();
        set(
            &mut v,
            &p("spec.template.spec.initContainers[0].restartPolicy"),
            json!(policy),
        );
        push("sts", format!("init-restart-policy-{}", slug(policy)), v);
        let mut v = sts.clone();
        set(
            &mut v,
            &p("spec.template.spec.containers[0].restartPolicy"),
            json!(policy),
        );
        push(
            "sts",
            format!("container-restart-policy-{}", slug(policy)),
            v,
        );
    }
    // StatefulSet spec fields.
    for (field, values) in [
        (
            "spec.replicas",
            vec![json!(-1), json!(0), json!(2147483647), json!(2147483648i64)],
        ),
        ("spec.minReadySeconds", vec![json!(-1), json!(5)]),
        ("spec.revisionHistoryLimit", vec![json!(-1), json!(0)]),
        ("spec.ordinals.start", vec![json!(-1), json!(5)]),
        (
            "spec.updateStrategy.rollingUpdate.partition",
            vec![json!(-1), json!(5)],
        ),
        (
            "spec.updateStrategy.rollingUpdate.maxUnavailable",
            vec![
                json!(0),
                json!(-1),
                json!("0%"),
                json!("50%"),
                json!("100%"),
                json!("101%"),
                json!("50"),
                json!("5x"),
                json!("1.5%"),
            ],
        ),
        (
            "spec.updateStrategy.type",
            vec![
                json!("OnDelete"),
                json!("ondelete"),
                json!("Recreate"),
                json!("rollingUpdate"),
            ],
        ),
        (
            "spec.podManagementPolicy",
            vec![json!("Parallel"), json!("parallel"), json!("Ordered")],
        ),
        (
            "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
            vec![json!("Delete"), json!("delete"), json!("Keep")],
        ),
        (
            "spec.template.spec.activeDeadlineSeconds",
            vec![json!(10), json!(0)],
        ),
        (
            "spec.template.spec.restartPolicy",
            vec![json!("Never"), json!("OnFailure"), json!("always")],
        ),
        (
            "spec.template.spec.terminationGracePeriodSeconds",
            vec![json!(-1), json!(0)],
        ),
        (
            "spec.template.spec.dnsPolicy",
            vec![json!("None"), json!("Default"), json!("clusterFirst")],
        ),
        (
            "spec.template.spec.hostname",
            vec![json!("Web"), json!("web")],
        ),
        (
            "spec.template.spec.subdomain",
            vec![json!("Web"), json!("web")],
        ),
        ("spec.template.spec.priority", vec![json!(5)]),
        (
            "spec.template.spec.nodeName",
            vec![json!("node-1"), json!("Bad_Node")],
        ),
        (
            "spec.template.spec.serviceAccountName",
            vec![json!("Bad_SA"), json!("default")],
        ),
        (
            "spec.template.spec.containers[0].imagePullPolicy",
            vec![json!("Always"), json!("always"), json!("IfNotPresent ")],
        ),
        (
            "spec.template.spec.containers[0].image",
            vec![json!(""), json!(" nginx"), json!("nginx:latest")],
        ),
        (
            "spec.template.spec.containers[0].terminationMessagePolicy",
            vec![json!("File"), json!("file")],
        ),
        (
            "spec.template.spec.containers[0].env[0].name",
            vec![json!("1BAD"), json!("my.var"), json!("my var"), json!("")],
        ),
        (
            "spec.template.spec.containers[0].volumeMounts[0].mountPath",
            vec![json!(""), json!("relative")],
        ),
        (
            "spec.template.spec.containers[0].volumeMounts[0].name",
            vec![json!("config"), json!("missing")],
        ),
        (
            "spec.template.spec.containers[0].volumeMounts[0].subPath",
            vec![json!("../x"), json!("/abs")],
        ),
        (
            "spec.volumeClaimTemplates[0].spec.accessModes",
            vec![
                json!([]),
                json!(["ReadWriteOncePod"]),
                json!(["readwriteonce"]),
                json!(["ReadWriteOnce", "ReadWriteOnce"]),
            ],
        ),
        (
            "spec.volumeClaimTemplates[0].spec.volumeMode",
            vec![json!("Block"), json!("block")],
        ),
        (
            "spec.volumeClaimTemplates[0].spec.storageClassName",
            vec![json!("Bad_Class"), json!("")],
        ),
        (
            "spec.volumeClaimTemplates[0].apiVersion",
            vec![json!("v1"), json!("v2")],
        ),
        (
            "spec.volumeClaimTemplates[0].kind",
            vec![json!("PersistentVolumeClaim"), json!("Pod")],
        ),
        (
            "spec.template.spec.securityContext.runAsUser",
            vec![json!(-1), json!(2147483648i64)],
        ),
        (
            "spec.template.spec.securityContext.fsGroupChangePolicy",
            vec![json!("OnRootMismatch"), json!("onrootmismatch")],
        ),
        (
            "spec.template.spec.tolerations",
            vec![
                json!([{"key": "k", "operator": "Exists", "value": "v"}]),
                json!([{"key": "k", "operator": "Equal", "effect": "NoSchedule"}]),
                json!([{"operator": "exists"}]),
            ],
        ),
    ] {
        for (i, new) in values.into_iter().enumerate() {
            let mut v = sts.clone();
            set(&mut v, &p(field), new);
            push("sts", format!("{}-value-{i}", slug(field)), v);
        }
    }
    let mut v = sts.clone();
    remove(&mut v, &p("spec.updateStrategy.rollingUpdate"));
    set(&mut v, &p("spec.updateStrategy.type"), json!("OnDelete"));
    push("sts", "on-delete-valid".into(), v);
    let mut v = sts.clone();
    set(&mut v, &p("spec.updateStrategy.type"), json!("OnDelete"));
    push("sts", "on-delete-with-rolling-update".into(), v);
    // Misplaced fields.
    for (what, at, value) in [
        (
            "replicas-in-template",
            "spec.template.spec.replicas",
            json!(3),
        ),
        (
            "containers-in-spec",
            "spec.containers",
            json!([{"name": "x", "image": "x"}]),
        ),
        ("labels-in-spec", "spec.labels", json!({"app": "web"})),
        ("image-in-pod", "spec.template.spec.image", json!("nginx")),
        (
            "selector-in-template",
            "spec.template.selector",
            json!({"app": "web"}),
        ),
        ("status-written", "status.replicas", json!(3)),
        (
            "claim-template-storage",
            "spec.volumeClaimTemplates[0].spec.storage",
            json!("1Gi"),
        ),
        (
            "ports-in-pod",
            "spec.template.spec.ports",
            json!([{"containerPort": 80}]),
        ),
        ("metadata-unknown", "metadata.label", json!({"app": "web"})),
        ("top-level-unknown", "replicas", json!(3)),
    ] {
        let mut v = sts.clone();
        set(&mut v, &p(at), value);
        push("sts", format!("misplaced-{what}"), v);
    }
    // PVCs and budgets.
    for (field, values) in [
        (
            "spec.accessModes",
            vec![
                json!([]),
                json!(["ReadWriteMany", "ReadOnlyMany"]),
                json!(["ReadWriteOncePod", "ReadWriteOnce"]),
                json!(["RWO"]),
            ],
        ),
        ("spec.volumeName", vec![json!("pv-1"), json!("Bad_PV")]),
        (
            "spec.dataSource",
            vec![
                json!({"kind": "PersistentVolumeClaim", "name": "src"}),
                json!({"kind": "Bogus", "name": "src"}),
            ],
        ),
        (
            "spec.selector",
            vec![json!({"matchLabels": {"disk": "ssd"}})],
        ),
    ] {
        for (i, new) in values.into_iter().enumerate() {
            let mut v = claim();
            set(&mut v, &p(field), new);
            push("pvc", format!("{}-value-{i}", slug(field)), v);
        }
    }
    for (what, spec) in [
        ("both", json!({"minAvailable": 1, "maxUnavailable": 1})),
        ("neither", json!({})),
        ("min-negative", json!({"minAvailable": -1})),
        ("min-zero", json!({"minAvailable": 0})),
        ("min-percent", json!({"minAvailable": "50%"})),
        ("min-percent-over", json!({"minAvailable": "101%"})),
        ("min-string-number", json!({"minAvailable": "1"})),
        ("min-bad", json!({"minAvailable": "abc"})),
        ("max-zero", json!({"maxUnavailable": 0})),
        ("max-percent-zero", json!({"maxUnavailable": "0%"})),
        ("max-negative", json!({"maxUnavailable": -2})),
        ("max-percent-over", json!({"maxUnavailable": "150%"})),
        ("max-float", json!({"maxUnavailable": 1.5})),
        (
            "policy-lower",
            json!({"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "alwaysallow"}),
        ),
        (
            "policy-if-ready",
            json!({"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "IfHealthyBudget"}),
        ),
    ] {
        let mut v = budget_min();
        let selector = v["spec"]["selector"].clone();
        let mut spec = spec;
        spec["selector"] = selector;
        set(&mut v, &p("spec"), spec);
        push("pdb-min", format!("spec-{what}"), v);
    }
    // Random names for every name-like field.
    for _ in 0..60 {
        let len = 1 + rng.below(70);
        let name = random_name(rng, len);
        let field = *rng.pick(&[
            "metadata.name",
            "spec.serviceName",
            "spec.template.spec.containers[0].name",
            "spec.template.spec.containers[0].ports[0].name",
            "spec.template.spec.volumes[0].name",
        ]);
        let mut v = sts.clone();
        set(&mut v, &p(field), Value::from(name.as_str()));
        if field.ends_with("ports[0].name") {
            set(
                &mut v,
                &p("spec.template.spec.containers[0].readinessProbe.httpGet.port"),
                json!(80),
            );
        }
        push("sts", format!("random-{}-{}", slug(field), slug(&name)), v);
    }
    // Removed and unknown API versions and kinds.
    for (what, api_version, kind) in [
        ("apps-v1beta1", "apps/v1beta1", "StatefulSet"),
        ("apps-v1beta2", "apps/v1beta2", "StatefulSet"),
        ("core-v1", "v1", "StatefulSet"),
        ("kind-lower", "apps/v1", "statefulset"),
        ("kind-typo", "apps/v1", "StatefulSets"),
    ] {
        let mut v = sts.clone();
        set(&mut v, &p("apiVersion"), json!(api_version));
        set(&mut v, &p("kind"), json!(kind));
        push("sts", format!("api-{what}"), v);
    }
    for (what, api_version) in [("policy-v1beta1", "policy/v1beta1"), ("v1", "v1")] {
        let mut v = budget_min();
        set(&mut v, &p("apiVersion"), json!(api_version));
        push("pdb-min", format!("api-{what}"), v);
    }
}

// ---------------------------------------------------------------------------------------
// Asking the server.

/// What the API server said about one object.
#[derive(Debug, Clone)]
enum Verdict {
    Accepted,
    Rejected {
        code: u16,
        message: String,
        errors: Vec<ServerError>,
    },
    /// The server serves no such kind (a custom resource, a removed apiVersion).
    NoResource(String),
}

impl Verdict {
    fn describe(&self) -> String {
        match self {
            Verdict::Accepted => "accepted".into(),
            Verdict::Rejected {
                code,
                message,
                errors,
            } => {
                let mut out = format!("rejected ({code}): {message}");
                for e in errors {
                    out.push_str(&format!(
                        "\n    line {}: {}: {}",
                        e.line.map_or("?".into(), |l| l.to_string()),
                        e.path.as_deref().unwrap_or("-"),
                        e.message
                    ));
                }
                out
            }
            Verdict::NoResource(why) => format!("no such resource: {why}"),
        }
    }
}

/// A name that can go in a URL path as it is (others are sent by POST, to the collection).
fn url_safe(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}

struct Target {
    resource: ApiResource,
    namespaced: bool,
}

/// What discovery said of each (apiVersion, kind): the resource and whether it is namespaced.
type Discovered = BTreeMap<(String, String), Result<(ApiResource, bool), String>>;

async fn discover(
    client: &Client,
    cache: &mut Discovered,
    api_version: &str,
    kind: &str,
) -> Result<Target, String> {
    let key = (api_version.to_string(), kind.to_string());
    if !cache.contains_key(&key) {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let gvk = GroupVersionKind::gvk(group, version, kind);
        let found = kube::discovery::pinned_kind(client, &gvk)
            .await
            .map(|(resource, caps)| (resource, caps.scope == Scope::Namespaced))
            .map_err(|e| e.to_string());
        cache.insert(key.clone(), found);
    }
    cache[&key].clone().map(|(resource, namespaced)| Target {
        resource,
        namespaced,
    })
}

fn collection_url(target: &Target, namespace: &str) -> String {
    let r = &target.resource;
    let base = if r.group.is_empty() {
        format!("/api/{}", r.version)
    } else {
        format!("/apis/{}/{}", r.group, r.version)
    };
    if target.namespaced {
        format!("{base}/namespaces/{namespace}/{}", r.plural)
    } else {
        format!("{base}/{}", r.plural)
    }
}

async fn ask(
    client: &Client,
    target: &Target,
    namespace: &str,
    bundle: &Bundle,
    index: usize,
) -> Result<Verdict, String> {
    let object = &bundle.objects[index];
    let mut json = sts_tutor::manifest::schema::plain_json(&object.node);
    if let Some(map) = json.as_object_mut() {
        map.remove("status");
        let metadata = map.entry("metadata").or_insert_with(|| json!({}));
        if let Some(metadata) = metadata.as_object_mut() {
            // A namespace that is not a DNS label stays as written: no namespace of that
            // name can exist, and the server must see it to reject it.
            let invalid = metadata
                .get("namespace")
                .and_then(Value::as_str)
                .is_some_and(|ns| sts_tutor::manifest::names::dns1123_label(ns).is_err());
            if invalid {
            } else if target.namespaced {
                metadata.insert("namespace".into(), Value::from(namespace));
            } else {
                metadata.remove("namespace");
            }
        }
    }
    let name = json["metadata"]["name"].as_str().map(str::to_string);
    let name = name.as_deref().filter(|n| url_safe(n));
    // Server-side apply first; what it accepts is also sent as a plain create, the request
    // `kubectl create` and `kubectl apply` without --server-side make. The two decode the
    // object differently (apply wraps an int32 that overflows, create refuses it; apply
    // refuses a null item of a keyed list, create keeps it), and a manifest that either
    // refuses is one lint must reject.
    if name.is_some() {
        let verdict = send(client, target, namespace, bundle, index, &json, name).await?;
        if !matches!(verdict, Verdict::Accepted) {
            return Ok(verdict);
        }
    }
    send(client, target, namespace, bundle, index, &json, None).await
}

/// Sends `json` as a server-side apply of `name`, or as a create when `name` is `None`.
async fn send(
    client: &Client,
    target: &Target,
    namespace: &str,
    bundle: &Bundle,
    index: usize,
    json: &Value,
    name: Option<&str>,
) -> Result<Verdict, String> {
    let object = &bundle.objects[index];
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result: Result<(), kube::Error> = match name {
            Some(name) => {
                let api: Api<DynamicObject> = if target.namespaced {
                    Api::namespaced_with(client.clone(), namespace, &target.resource)
                } else {
                    Api::all_with(client.clone(), &target.resource)
                };
                let params = PatchParams::apply("sts-tutor")
                    .dry_run()
                    .force()
                    .validation(ValidationDirective::Strict);
                api.patch(name, &params, &Patch::Apply(json))
                    .await
                    .map(|_| ())
            }
            None => {
                let url = format!(
                    "{}?dryRun=All&fieldValidation=Strict&fieldManager=sts-tutor",
                    collection_url(target, namespace)
                );
                let request = http::Request::post(url)
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(json).unwrap())
                    .unwrap();
                client.request::<Value>(request).await.map(|_| ())
            }
        };
        match result {
            Ok(()) => return Ok(Verdict::Accepted),
            Err(kube::Error::Api(status)) if status.code == 404 => {
                return Ok(Verdict::NoResource(status.message.clone()));
            }
            // A 500 that is not server-side apply's schema error is still about the object
            // when it failed converting it ("cannot convert float64 to int32").
            Err(kube::Error::Api(status))
                if sts_tutor::live::causes::is_about_the_manifest(&status)
                    || (status.code == 500 && status.message.contains("convert")) =>
            {
                return Ok(Verdict::Rejected {
                    code: status.code,
                    message: status.message.clone(),
                    errors: sts_tutor::live::server_errors(bundle, index, &status),
                });
            }
            Err(e) if attempts < 8 => {
                eprintln!("retrying {} in 10 s: {e}", object.label());
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
            Err(e) => return Err(format!("{e}")),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Comparing.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Agree,
    Miss,
    FalseError,
    BothAccept,
    /// The server serves no such kind and we have no error either (a custom resource).
    NotComparable,
    /// We reject what the JSON sent cannot show (a repeated key).
    BeforeServer,
}

struct Outcome {
    id: String,
    object: String,
    text: String,
    ours: Vec<Diagnostic>,
    verdict: Verdict,
}

fn family(d: &Diagnostic) -> Option<Family> {
    registry::find(d.rule).map(|r| r.family)
}

fn is_rejection(d: &Diagnostic) -> bool {
    d.severity == Severity::Error && matches!(family(d), Some(Family::Api | Family::Input))
}

impl Outcome {
    fn class(&self) -> Class {
        let api = self
            .ours
            .iter()
            .any(|d| d.severity == Severity::Error && family(d) == Some(Family::Api));
        let input = self
            .ours
            .iter()
            .any(|d| is_rejection(d) && !BEFORE_THE_SERVER.contains(&d.rule));
        let before = self
            .ours
            .iter()
            .any(|d| is_rejection(d) && BEFORE_THE_SERVER.contains(&d.rule));
        match &self.verdict {
            Verdict::Rejected { .. } if api || input || before => Class::Agree,
            Verdict::Rejected { .. } => Class::Miss,
            Verdict::NoResource(_) if input => Class::Agree,
            Verdict::NoResource(_) => Class::NotComparable,
            Verdict::Accepted if api || input => Class::FalseError,
            Verdict::Accepted if before => Class::BeforeServer,
            Verdict::Accepted => Class::BothAccept,
        }
    }

    fn has(&self, wanted: Family) -> bool {
        self.ours.iter().any(|d| family(d) == Some(wanted))
    }

    /// The server located an error, and none of our rejecting diagnostics is within the
    /// field it named (from its key's line to the last line of its value).
    fn line_mismatch(&self) -> bool {
        let Verdict::Rejected { errors, .. } = &self.verdict else {
            return false;
        };
        let server: Vec<(usize, usize)> = errors
            .iter()
            .filter(|e| e.path.is_some())
            .filter_map(|e| Some((e.line?, e.last_line.or(e.line)?)))
            .collect();
        if server.is_empty() {
            return false;
        }
        let ours: BTreeSet<usize> = self
            .ours
            .iter()
            .filter(|d| is_rejection(d))
            .map(|d| d.line)
            .collect();
        let within = |line: &usize| {
            server
                .iter()
                .any(|(first, last)| (first..=last).contains(&line))
        };
        !ours.is_empty() && !ours.iter().any(within)
    }

    fn show(&self) -> String {
        let mut out = format!(
            "== {} ({}) ==\n--- manifest\n{}--- server: {}\n--- sts-tutor:\n",
            self.id,
            self.object,
            self.text,
            self.verdict.describe()
        );
        for d in &self.ours {
            out.push_str(&format!(
                "    line {}: {} [{:?}, {}] {}\n",
                d.line,
                d.rule,
                family(d),
                d.severity.as_str(),
                d.message
            ));
        }
        out.push_str(&format!("--- class: {:?}\n", self.class()));
        out
    }
}

/// The first `n` outcomes, each shown in full.
fn show_first(outcomes: &[&Outcome], n: usize) -> String {
    outcomes.iter().take(n).map(|o| o.show()).collect()
}

/// The objects of a case: (case id, object index, bundle, our diagnostics of that object).
fn split(case: &Case) -> (Bundle, Vec<(String, usize, Vec<Diagnostic>)>) {
    let bundle = read_bundle(Source::new(format!("{}.yaml", case.id), case.text.clone()));
    let report = review_bundle(&bundle);
    let many = bundle.objects.len() > 1;
    let objects = bundle
        .objects
        .iter()
        .enumerate()
        .map(|(i, object)| {
            let span = object.node.span;
            let ours = report
                .diagnostics
                .iter()
                .filter(|d| {
                    d.line >= span.start.line && d.line <= span.end.line.max(span.start.line)
                })
                .cloned()
                .collect();
            let id = if many {
                format!("{}-{i}", case.id)
            } else {
                case.id.clone()
            };
            (id, i, ours)
        })
        .collect();
    (bundle, objects)
}

#[test]
fn the_linter_agrees_with_the_api_server() {
    if std::env::var("STS_TUTOR_LIVE_TEST").as_deref() != Ok("1") {
        skipped("it needs a real kube-apiserver (STS_TUTOR_LIVE_TEST=1)");
        return;
    }
    let started = Instant::now();
    let only = std::env::var("ORACLE_CASE").ok().filter(|s| !s.is_empty());
    let mut cases = file_cases();
    let files = cases.len();
    let generated = mutations();
    assert!(
        generated.len() >= 2000,
        "only {} mutations",
        generated.len()
    );
    let mutation_count = generated.len();
    cases.extend(generated);
    let ids: BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), cases.len(), "case ids are not unique");

    // Offline first: the lint of each case, split into its objects.
    let mut work = Vec::new();
    let mut unsent = Vec::new();
    for case in &cases {
        let (bundle, objects) = split(case);
        if objects.is_empty() {
            unsent.push(case.id.clone());
        }
        let bundle = std::sync::Arc::new(bundle);
        for (id, index, ours) in objects {
            if only.as_deref().is_some_and(|o| !id.contains(o)) {
                continue;
            }
            work.push((id, bundle.clone(), index, ours, case.text.clone()));
        }
    }
    assert!(!work.is_empty(), "no case matches ORACLE_CASE={only:?}");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (version, outcomes) = runtime.block_on(async {
        let kubeconfig = std::env::var_os("KUBECONFIG")
            .map(PathBuf::from)
            .expect("STS_TUTOR_LIVE_TEST=1 needs KUBECONFIG");
        let file = kube::config::Kubeconfig::read_from(&kubeconfig).unwrap();
        let config =
            kube::Config::from_custom_kubeconfig(file, &kube::config::KubeConfigOptions::default())
                .await
                .unwrap();
        let client = Client::try_from(config).unwrap();
        let mut version = None;
        for _ in 0..12 {
            match client.apiserver_version().await {
                Ok(info) => {
                    version = Some(info.git_version);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_secs(10)).await,
            }
        }
        let version = version.expect("the API server does not answer");
        let namespace = format!(
            "sts-tutor-oracle-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis()
                % 1_000_000_000
        );
        let namespaces: Api<Namespace> = Api::all(client.clone());
        let ns: Namespace = serde_json::from_value(json!({
            "metadata": {"name": namespace, "labels": {"app.kubernetes.io/managed-by": "sts-tutor"}}
        }))
        .unwrap();
        namespaces
            .create(&Default::default(), &ns)
            .await
            .expect("creating the test namespace");

        let mut cache = BTreeMap::new();
        let mut targets = Vec::new();
        for (_, bundle, index, _, _) in &work {
            let object = &bundle.objects[*index];
            targets.push(discover(&client, &mut cache, &object.api_version, &object.kind).await);
        }
        let asked: Vec<Result<Verdict, String>> =
            futures_util::stream::iter(work.iter().zip(targets).map(|(w, target)| {
                let client = client.clone();
                let namespace = namespace.clone();
                async move {
                    let (_, bundle, index, _, _) = w;
                    match target {
                        Ok(target) => ask(&client, &target, &namespace, bundle, *index).await,
                        Err(why) => Ok(Verdict::NoResource(why)),
                    }
                }
            }))
            .buffered(CONCURRENCY)
            .collect()
            .await;
        let _ = namespaces
            .delete(&namespace, &DeleteParams::default())
            .await;
        let outcomes: Vec<Result<Outcome, String>> = work
            .into_iter()
            .zip(asked)
            .map(|((id, bundle, index, ours, text), verdict)| {
                let verdict = verdict.map_err(|e| format!("{id}: {e}"))?;
                Ok(Outcome {
                    id,
                    object: bundle.objects[index].label(),
                    text,
                    ours,
                    verdict,
                })
            })
            .collect();
        (version, outcomes)
    });
    let outcomes: Vec<Outcome> = outcomes
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("the server answered every case");

    if only.is_some() {
        for outcome in &outcomes {
            println!("{}", outcome.show());
        }
    }

    let mut counts: BTreeMap<Class, usize> = BTreeMap::new();
    for o in &outcomes {
        *counts.entry(o.class()).or_default() += 1;
    }
    let count = |c: Class| counts.get(&c).copied().unwrap_or(0);
    let semantics = outcomes.iter().filter(|o| o.has(Family::Semantics)).count();
    let practice = outcomes.iter().filter(|o| o.has(Family::Practice)).count();
    let mismatched: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.class() == Class::Agree && o.line_mismatch())
        .collect();
    let allowed_count = outcomes
        .iter()
        .filter(|o| matches!(o.class(), Class::Miss | Class::FalseError))
        .filter(|o| {
            ALLOWED
                .iter()
                .any(|(a, _)| *a == o.id || *a == unnumbered(&o.id))
        })
        .count();
    let table = format!(
        "Lint against the API server (kube-apiserver {version}), {} objects from {files} files and {mutation_count} mutations, in {:.1} s\n\
         | cases | agree | miss | false error | both accept | not comparable | before the server | with semantics | with practice | line mismatches |\n\
         |------:|------:|-----:|------------:|------------:|---------------:|------------------:|---------------:|--------------:|----------------:|\n\
         | {} | {} | {} | {} | {} | {} | {} | {semantics} | {practice} | {} |",
        outcomes.len(),
        started.elapsed().as_secs_f64(),
        outcomes.len(),
        count(Class::Agree),
        count(Class::Miss),
        count(Class::FalseError),
        count(Class::BothAccept),
        count(Class::NotComparable),
        count(Class::BeforeServer),
        mismatched.len(),
    ) + &format!(
        "\n(of the misses and false errors, {allowed_count} are allow-listed with a reason in ALLOWED)"
    );
    {
        use std::io::Write;
        let mut err = std::io::stderr();
        let _ = writeln!(err, "{table}");
        if !unsent.is_empty() {
            let _ = writeln!(err, "files with no object to send: {}", unsent.join(", "));
        }
        for o in &outcomes {
            if o.class() == Class::NotComparable {
                let _ = writeln!(err, "not comparable: {} ({})", o.id, o.object);
            }
        }
        for o in &mismatched {
            let _ = writeln!(err, "line mismatch: {}", o.id);
        }
    }

    let allowed = |id: &str| {
        ALLOWED
            .iter()
            .any(|(a, _)| *a == id || *a == unnumbered(id))
    };
    let unexplained: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| matches!(o.class(), Class::Miss | Class::FalseError) && !allowed(&o.id))
        .collect();
    // ORACLE_DUMP=FILE writes every disagreement, one a line, allow-listed or not.
    if let Ok(dump) = std::env::var("ORACLE_DUMP") {
        let mut out = String::new();
        for o in &outcomes {
            let mismatch = o.class() == Class::Agree && o.line_mismatch();
            if !mismatch && !matches!(o.class(), Class::Miss | Class::FalseError) {
                continue;
            }
            let server = match &o.verdict {
                Verdict::Rejected { errors, .. } => errors
                    .iter()
                    .map(|e| {
                        let line = e.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                        let path = e.path.as_deref().unwrap_or("-");
                        format!("{path}{line}: {}", e.message)
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
                other => other.describe(),
            };
            let ours: Vec<String> = o
                .ours
                .iter()
                .filter(|d| is_rejection(d))
                .map(|d| format!("{} (line {}): {}", d.rule, d.line, d.message))
                .collect();
            let class = if mismatch {
                "LineMismatch".to_string()
            } else {
                format!("{:?}", o.class())
            };
            out.push_str(&format!(
                "{}\t{}\tserver: {}\tours: {}\n",
                o.id,
                class,
                server,
                ours.join(" | ")
            ));
        }
        std::fs::write(dump, out).unwrap();
    }
    if only.is_none() {
        let disagreeing: BTreeSet<&str> = outcomes
            .iter()
            .filter(|o| matches!(o.class(), Class::Miss | Class::FalseError))
            .flat_map(|o| [o.id.as_str(), unnumbered(&o.id)])
            .collect();
        let stale: Vec<&str> = ALLOWED
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !disagreeing.contains(id))
            .collect();
        assert!(
            stale.is_empty(),
            "allow-listed cases that now agree with the server (remove them from ALLOWED): {stale:?}"
        );
    }
    let report = show_first(&unexplained, 40);
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements with the API server (first 40 below; rerun one with ORACLE_CASE=ID):\n{}\nall: {}",
        unexplained.len(),
        report,
        unexplained
            .iter()
            .map(|o| format!("{} {:?}", o.id, o.class()))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Where the server names a field, one of our errors is within it.
    let report = show_first(&mismatched, 20);
    assert!(
        mismatched.is_empty(),
        "{} cases where no error of ours is on the lines of the field the server names (first 20 below; rerun one with ORACLE_CASE=ID):\n{report}",
        mismatched.len(),
    );
}

/// The disagreements this test found and fixed stay fixed, without a server: every object
/// of the `accepted-*.yaml` files of `tests/fixtures/oracle` lints without an API or input
/// error, every object of the `rejected-*.yaml` files with one (the verdicts of
/// kube-apiserver v1.37.2, which the live test checks again on every run).
#[test]
fn fixed_disagreements_stay_fixed_offline() {
    let folder = Path::new(ROOT).join("tests/fixtures/oracle");
    let mut files: Vec<(String, bool)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .filter_map(|name| {
            let rejected = if name.starts_with("rejected-") {
                true
            } else if name.starts_with("accepted-") {
                false
            } else {
                return None;
            };
            Some((name, rejected))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{}: {files:?}", folder.display());
    for (file, rejected) in files {
        let path = folder.join(&file);
        let case = Case {
            id: file.clone(),
            text: std::fs::read_to_string(&path).unwrap(),
        };
        let (bundle, objects) = split(&case);
        assert!(!objects.is_empty(), "{file}: no objects");
        for (id, index, ours) in objects {
            let errors: Vec<String> = ours
                .iter()
                .filter(|d| is_rejection(d))
                .map(|d| format!("line {}: {}: {}", d.line, d.rule, d.message))
                .collect();
            let label = bundle.objects[index].label();
            if rejected {
                assert!(
                    !errors.is_empty(),
                    "{id} ({label}): the server rejects it, lint does not"
                );
            } else {
                assert!(
                    errors.is_empty(),
                    "{id} ({label}): the server accepts it, lint says {errors:#?}"
                );
            }
        }
    }
}
