//! Explaining what a learner hits on a real cluster: fields the server version does not
//! support, Pods that cannot pull their image or crash, PVCs that stay Pending.

use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Pod};
use k8s_openapi::api::storage::v1::StorageClass;
use kube::Client;
use kube::api::{Api, ListParams, LogParams};

use crate::manifest::Bundle;

/// Whether the Pod's Ready condition is True.
pub fn pod_ready(pod: &Pod) -> bool {
    pod.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// Notes on fields this server version handles differently (facts sheet version history).
pub fn version_notes(bundle: &Bundle, minor: u32) -> Vec<String> {
    let mut notes = Vec::new();
    for (_, _, sts) in bundle.statefulsets() {
        let spec = &sts.spec;
        if spec.ordinals.is_some() && minor < 27 {
            notes.push(format!(
                "ordinals.start is off by default before 1.27 (this is 1.{minor})"
            ));
        }
        if spec.persistent_volume_claim_retention_policy.is_some() && minor < 27 {
            notes.push(format!("persistentVolumeClaimRetentionPolicy is off by default before 1.27 (this is 1.{minor})"));
        }
        let max_unavailable = spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.rolling_update.as_ref())
            .and_then(|r| r.max_unavailable.as_ref());
        if max_unavailable.is_some() && minor != 37 && minor < 38 {
            notes.push(format!("maxUnavailable needs the MaxUnavailableStatefulSet gate, on by default only in 1.37 (and 1.35.0-1.35.3): on 1.{minor} Pods are likely updated one at a time"));
        }
    }
    notes
}

/// Why the StatefulSet is not Ready: image pulls, crash loops (with the last log lines),
/// Pending PVCs (and whether a default StorageClass exists), unscheduled Pods.
pub async fn why_stuck(
    client: &Client,
    namespace: &str,
    pods: &[Pod],
    claims: &[PersistentVolumeClaim],
) -> Vec<String> {
    let mut found = Vec::new();
    for pod in pods {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let statuses = pod
            .status
            .as_ref()
            .and_then(|s| s.container_statuses.clone())
            .unwrap_or_default();
        for status in statuses {
            let Some(waiting) = status.state.as_ref().and_then(|s| s.waiting.as_ref()) else {
                continue;
            };
            match waiting.reason.as_deref() {
                Some("ImagePullBackOff" | "ErrImagePull" | "InvalidImageName") => found.push(format!(
                    "{name} cannot pull its image {} ({}): check the name and tag, and that the cluster can reach the registry",
                    status.image,
                    waiting.reason.as_deref().unwrap_or_default()
                )),
                Some("CrashLoopBackOff") => {
                    let pods: Api<Pod> = Api::namespaced(client.clone(), namespace);
                    let params = LogParams { container: Some(status.name.clone()), tail_lines: Some(5), previous: true, ..LogParams::default() };
                    let logs = pods.logs(&name, &params).await.unwrap_or_default();
                    let tail = logs.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" | ");
                    found.push(format!("{name} is crash-looping (container {}); its last log lines: {tail}", status.name));
                }
                _ => {}
            }
        }
        let unscheduled = pod
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|c| {
                c.iter()
                    .find(|c| c.type_ == "PodScheduled" && c.status == "False")
            });
        if let Some(condition) = unscheduled {
            found.push(format!(
                "{name} is not scheduled: {}",
                condition.message.clone().unwrap_or_default()
            ));
        }
    }
    let pending: Vec<String> = claims
        .iter()
        .filter(|c| c.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Pending"))
        .filter_map(|c| c.metadata.name.clone())
        .collect();
    if !pending.is_empty() {
        let classes: Api<StorageClass> = Api::all(client.clone());
        let has_default = classes.list(&ListParams::default()).await.map(|l| {
            l.items.iter().any(|c| {
                c.metadata.annotations.as_ref().is_some_and(|a| {
                    a.get("storageclass.kubernetes.io/is-default-class")
                        .is_some_and(|v| v == "true")
                })
            })
        });
        let why = match has_default {
            Ok(false) => "the cluster has no default StorageClass: set storageClassName in the claim templates, or mark a class as default".to_string(),
            Ok(true) => "no volume could be provisioned for them: check the StorageClass's provisioner and the requested size and access modes".to_string(),
            Err(_) => "check `kubectl get storageclass` for a (default) class".to_string(),
        };
        found.push(format!(
            "PVCs {} are Pending, so their Pods wait: {why}",
            pending.join(", ")
        ));
    }
    // Under OrderedReady, the first Pod that is not Ready blocks the rest.
    if let Some(first) = pods.iter().find(|p| !pod_ready(p)) {
        found.push(format!(
            "{} is the first Pod that is not Ready: under OrderedReady the next ones wait for it",
            first.metadata.name.clone().unwrap_or_default()
        ));
    }
    found
}
