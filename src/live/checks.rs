//! An exercise's live checks (`[live]` in exercise.toml): Ready replicas, ordered start, PVCs
//! bound, the headless Service's DNS records (its EndpointSlices), and actions — scaling and
//! template changes — whose observed order is compared with the simulator's.

use std::time::Duration;

use futures_util::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::discovery::v1::EndpointSlice;
use kube::Client;
use kube::api::{Api, ListParams, Patch, PatchParams, WatchEvent, WatchParams};
use serde_json::json;

use super::diagnose::pod_ready;
use super::{LiveError, Observation, explain_error};
use crate::content::exercise::LiveChecks;
use crate::manifest::Bundle;
use crate::sim;

/// A check's outcome: (name, passed, detail).
pub type Outcome = (String, bool, String);

/// The static checks, on what was observed during the start-up.
pub async fn static_checks(
    client: &Client,
    namespace: &str,
    bundle: &Bundle,
    checks: &LiveChecks,
    observed: &Observation,
) -> Result<Vec<Outcome>, LiveError> {
    let mut out = Vec::new();
    if let Some(wanted) = checks.ready_replicas {
        out.push((
            "ready replicas".into(),
            observed.ready_replicas >= wanted,
            format!("{} of {wanted} Ready", observed.ready_replicas),
        ));
    }
    let predicted = predicted_creations(bundle, "run");
    if checks.ordered_start {
        let ok = observed.created == predicted && observed.ready == predicted;
        out.push((
            "ordered start".into(),
            ok,
            format!(
                "created {}, Ready {}",
                observed.created.join(", "),
                observed.ready.join(", ")
            ),
        ));
    }
    if checks.pvcs_bound {
        let world = sim::from_bundle(bundle).map(|mut w| {
            w.run(600);
            w.pvcs.keys().cloned().collect::<Vec<_>>()
        });
        let wanted = world.unwrap_or_default();
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|p| !observed.pvcs_bound.contains(p))
            .collect();
        let detail = if missing.is_empty() {
            format!("{} PVCs Bound", wanted.len())
        } else {
            format!(
                "not Bound: {}",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(("PVCs bound".into(), missing.is_empty(), detail));
    }
    if checks.dns {
        let service = bundle
            .statefulsets()
            .next()
            .and_then(|(_, _, s)| s.spec.service_name.clone())
            .unwrap_or_default();
        let slices: Api<EndpointSlice> = Api::namespaced(client.clone(), namespace);
        let params = ListParams::default().labels(&format!("kubernetes.io/service-name={service}"));
        let listed = slices
            .list(&params)
            .await
            .map_err(|e| explain_error(&e, "listing EndpointSlices"))?;
        let hostnames: Vec<String> = listed
            .items
            .iter()
            .flat_map(|s| {
                s.endpoints
                    .iter()
                    .flatten()
                    .filter_map(|e| e.hostname.clone())
            })
            .collect();
        let missing: Vec<&String> = observed
            .ready
            .iter()
            .filter(|p| !hostnames.contains(p))
            .collect();
        let detail = if missing.is_empty() {
            format!(
                "{} has a record for every Ready Pod ({})",
                service,
                hostnames.join(", ")
            )
        } else {
            format!(
                "no DNS record in Service {service} for {}",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(("DNS records".into(), missing.is_empty(), detail));
    }
    Ok(out)
}

/// The Pods the simulator creates (in order) for a fresh apply followed by `script`.
pub fn predicted_creations(bundle: &Bundle, script: &str) -> Vec<String> {
    let Some(mut world) = sim::from_bundle(bundle) else {
        return Vec::new();
    };
    let _ = sim::script::apply_script(&mut world, script);
    world
        .events
        .iter()
        .filter(|e| e.action == "create")
        .filter_map(|e| e.pod.clone())
        .collect()
}

/// Where an action runs: the StatefulSet `name` of `bundle` in `namespace`.
pub struct Target<'a> {
    pub client: &'a Client,
    pub namespace: &'a str,
    pub bundle: &'a Bundle,
    pub name: &'a str,
    pub timeout: Duration,
    pub poll: Duration,
}

/// Performs one action (`scale N` or `update image=IMAGE`) after the actions `done_before`,
/// waits until the StatefulSet settles, and compares the observed deletions with the
/// simulator's.
pub async fn action(
    target: &Target<'_>,
    done_before: &[String],
    action: &str,
) -> Result<Outcome, LiveError> {
    let Target {
        client,
        namespace,
        bundle,
        name,
        timeout,
        poll,
    } = *target;
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), namespace);
    let pods: Api<Pod> = Api::namespaced(client.clone(), namespace);
    let words: Vec<&str> = action.split_whitespace().collect();
    let patch = match words.as_slice() {
        ["scale", n] => {
            json!({"spec": {"replicas": n.parse::<i32>().map_err(|_| LiveError { message: format!("bad live action `{action}`"), help: "write scale N".into() })?}})
        }
        ["update", change] if change.starts_with("image=") => {
            let image = change.trim_start_matches("image=");
            let container = bundle
                .statefulsets()
                .next()
                .and_then(|(_, _, s)| {
                    s.spec
                        .template
                        .spec
                        .as_ref()?
                        .containers
                        .first()
                        .map(|c| c.name.clone())
                })
                .unwrap_or_default();
            json!({"spec": {"template": {"spec": {"containers": [{"name": container, "image": image}]}}}})
        }
        _ => {
            return Err(LiveError {
                message: format!("unknown live action `{action}`"),
                help: "use scale N or update image=IMAGE".into(),
            });
        }
    };
    let listed = pods
        .list(&ListParams::default())
        .await
        .map_err(|e| explain_error(&e, "listing Pods"))?;
    let before: Vec<(String, String)> = listed
        .items
        .iter()
        .map(|p| {
            (
                p.metadata.name.clone().unwrap_or_default(),
                p.metadata.uid.clone().unwrap_or_default(),
            )
        })
        .collect();
    let mut seen = Seen {
        before,
        gone: Vec::new(),
        created: Vec::new(),
    };
    let mut version = listed.metadata.resource_version.unwrap_or_default();
    sets.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .map_err(|e| explain_error(&e, &format!("{action} on {name}")))?;
    let started = tokio::time::Instant::now();
    let watch_seconds = u32::try_from(poll.as_secs()).unwrap_or(1).max(1);
    loop {
        // The watch delivers every change in the order the API server made it, so a
        // rolling update that finishes between two looks is still seen Pod by Pod.
        let events = pods
            .watch(&WatchParams::default().timeout(watch_seconds), &version)
            .await
            .map_err(|e| explain_error(&e, "watching Pods"))?;
        let mut events = std::pin::pin!(events);
        while let Some(event) = events.next().await {
            match event {
                Ok(WatchEvent::Added(pod) | WatchEvent::Modified(pod)) => {
                    version = pod.metadata.resource_version.clone().unwrap_or(version);
                    seen.note(&pod, false);
                }
                Ok(WatchEvent::Deleted(pod)) => {
                    version = pod.metadata.resource_version.clone().unwrap_or(version);
                    seen.note(&pod, true);
                }
                Ok(WatchEvent::Bookmark(mark)) => version = mark.metadata.resource_version,
                // Too old a version (410) or a broken stream: the list below catches up.
                Ok(WatchEvent::Error(_)) | Err(_) => {
                    version.clear();
                    break;
                }
            }
        }
        let now = pods
            .list(&ListParams::default())
            .await
            .map_err(|e| explain_error(&e, "listing Pods"))?;
        if version.is_empty() {
            version = now.metadata.resource_version.clone().unwrap_or_default();
        }
        let now = now.items;
        seen.catch_up(&now);
        let set = sets
            .get(name)
            .await
            .map_err(|e| explain_error(&e, "reading the StatefulSet"))?;
        let wanted = set.spec.replicas.unwrap_or(1);
        let status = set.status.unwrap_or_default();
        let settled = status.ready_replicas.unwrap_or(0) == wanted
            && status.replicas == wanted
            && status.updated_replicas.unwrap_or(0) == wanted
            && now.len() == usize::try_from(wanted).unwrap_or(0)
            && now
                .iter()
                .all(|p| pod_ready(p) && p.metadata.deletion_timestamp.is_none());
        if settled {
            break;
        }
        if started.elapsed() >= timeout {
            return Ok((
                format!("action `{action}`"),
                false,
                format!(
                    "not settled after {}s (removed {}, created {})",
                    timeout.as_secs(),
                    seen.gone.join(", "),
                    seen.created.join(", ")
                ),
            ));
        }
    }
    let gone = seen.gone;
    // The simulator's prediction for the same action after the same history.
    let history = done_before
        .iter()
        .map(|a| format!("{a}; run"))
        .collect::<Vec<_>>()
        .join("; ");
    let script = if history.is_empty() {
        format!("run; {action}; run")
    } else {
        format!("run; {history}; {action}; run")
    };
    let Some(mut world) = sim::from_bundle(bundle) else {
        return Ok((format!("action `{action}`"), true, String::new()));
    };
    let _ = sim::script::apply_script(
        &mut world,
        &format!("run; {}", script.trim_start_matches("run; ")),
    );
    let marker = world
        .events
        .iter()
        .rposition(|e| e.action == "scale" || e.action == "revision")
        .unwrap_or(0);
    let predicted_gone: Vec<String> = world.events[marker..]
        .iter()
        .filter(|e| e.action == "delete")
        .filter_map(|e| e.pod.clone())
        .collect();
    let ok = gone == predicted_gone;
    let detail = if ok {
        format!(
            "removed {} in the predicted order",
            if gone.is_empty() {
                "nothing".to_string()
            } else {
                gone.join(", ")
            }
        )
    } else {
        format!(
            "removed {}, but the simulator predicts {}",
            gone.join(", "),
            predicted_gone.join(", ")
        )
    };
    Ok((format!("action `{action}`"), ok, detail))
}

/// The Pods an action removed and created, in the order they were seen.
struct Seen {
    /// (name, uid) of the Pods before the action.
    before: Vec<(String, String)>,
    gone: Vec<String>,
    created: Vec<String>,
}

impl Seen {
    fn is_old(&self, pod: &Pod) -> bool {
        self.before.iter().any(|(name, uid)| {
            pod.metadata.name.as_deref() == Some(name.as_str())
                && pod.metadata.uid.as_deref() == Some(uid.as_str())
        })
    }

    /// One watch event: an old Pod is gone once it is terminating or deleted; a Pod with a
    /// new uid was created.
    fn note(&mut self, pod: &Pod, deleted: bool) {
        let name = pod.metadata.name.clone().unwrap_or_default();
        if self.is_old(pod) {
            if (deleted || pod.metadata.deletion_timestamp.is_some()) && !self.gone.contains(&name)
            {
                self.gone.push(name);
            }
        } else if !deleted && !self.created.contains(&name) {
            if self.before.iter().any(|(old, _)| *old == name) && !self.gone.contains(&name) {
                // Replaced before its deletion was seen.
                self.gone.push(name.clone());
            }
            self.created.push(name);
        }
    }

    /// What a list shows that the watch missed (a stream that broke): Pods already gone
    /// were removed before those still terminating, which go by their deletion time.
    fn catch_up(&mut self, now: &[Pod]) {
        let mut removed_now: Vec<(u8, String, String)> = Vec::new();
        for (pod, uid) in &self.before {
            if self.gone.contains(pod) {
                continue;
            }
            match now
                .iter()
                .find(|p| p.metadata.name.as_deref() == Some(pod.as_str()))
            {
                None => removed_now.push((0, String::new(), pod.clone())),
                Some(p) if p.metadata.uid.as_deref() != Some(uid.as_str()) => {
                    removed_now.push((0, String::new(), pod.clone()))
                }
                Some(p) => {
                    if let Some(at) = &p.metadata.deletion_timestamp {
                        removed_now.push((1, at.0.to_string(), pod.clone()));
                    }
                }
            }
        }
        removed_now.sort();
        self.gone
            .extend(removed_now.into_iter().map(|(_, _, pod)| pod));
        for p in now {
            let pod = p.metadata.name.clone().unwrap_or_default();
            if !self.is_old(p) && !self.created.contains(&pod) {
                self.created.push(pod);
            }
        }
    }
}
