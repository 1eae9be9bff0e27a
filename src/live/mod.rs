//! `verify --live`: a manifest on a real cluster, through the `kube` crate (rustls).
//!
//! Everything happens in a scratch namespace of our own (`sts-tutor-<random>`, labelled as
//! ours), which is deleted at the end whatever happens (unless `--keep`). The steps: the
//! server version, the namespace, a server-side dry run of every object (the API server's own
//! validation, its errors mapped back to the learner's lines), a server-side apply, then the
//! Pods and PVCs are watched and the observed order compared with the
//! simulator's prediction.

pub mod causes;
pub mod checks;
pub mod cluster;
pub mod diagnose;

pub use causes::server_errors;

use std::cell::Cell;
use std::time::Duration;

use futures_util::StreamExt;
use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Namespace, PersistentVolumeClaim, Pod};
use kube::Client;
use kube::api::{
    Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams, ValidationDirective,
};
use kube::core::{ApiResource, GroupVersionKind};
use kube::runtime::{WatchStreamExt, watcher};
use serde::Serialize;
use serde_json::{Value, json};

use crate::manifest::Bundle;

/// The field manager of our server-side applies, and the label on our namespaces.
pub const MANAGER: &str = "sts-tutor";
pub const OWNED_LABEL: &str = "app.kubernetes.io/managed-by";

#[derive(Debug, Clone)]
pub struct Options {
    /// The namespace to create (a random `sts-tutor-…` name when `None`).
    pub namespace: Option<String>,
    /// Leave the namespace for inspection.
    pub keep: bool,
    /// How long to wait for the StatefulSet to be Ready.
    pub timeout: Duration,
    /// How often to look at the Pods.
    pub poll: Duration,
    /// An exercise's live checks and actions.
    pub checks: Option<crate::content::exercise::LiveChecks>,
}

/// One step of the verification, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// An error the API server reported about a field, located in the learner's file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerError {
    pub object: String,
    pub path: Option<String>,
    pub line: Option<usize>,
    /// The last line of the field the server named (its value may span several lines):
    /// an offline finding anywhere from `line` to here is about the same field.
    #[serde(skip)]
    pub last_line: Option<usize>,
    pub message: String,
}

/// What the cluster was seen to do.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Observation {
    /// Pods in the order they were created.
    pub created: Vec<String>,
    /// Pods in the order they became Ready.
    pub ready: Vec<String>,
    pub pvcs_bound: Vec<String>,
    /// (Pod, hostname, subdomain) as the controller set them.
    pub identities: Vec<(String, String, String)>,
    pub ready_replicas: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct LiveReport {
    pub cluster: String,
    pub server_version: String,
    pub namespace: String,
    pub steps: Vec<Step>,
    pub server_errors: Vec<ServerError>,
    pub observation: Observation,
    /// Differences from the simulator's prediction, explained.
    pub comparison: Vec<String>,
    pub diagnoses: Vec<String>,
    pub cleaned_up: bool,
    pub passed: bool,
}

/// A failure that stopped the verification, said in the learner's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveError {
    pub message: String,
    pub help: String,
}

/// What a kube error means for the learner: unreachable, forbidden (which verb on what), …
pub fn explain_error(error: &kube::Error, action: &str) -> LiveError {
    match error {
        kube::Error::Api(status) if status.code == 403 => LiveError {
            message: format!("the cluster forbids {action}: {}", status.message),
            help: "your user lacks this permission (RBAC): ask for a Role allowing it, or use another context with --context".into(),
        },
        kube::Error::Api(status) if status.code == 401 => LiveError {
            message: format!("the cluster rejected the credentials while {action}"),
            help: "log in again (your kubeconfig's token or certificate may have expired)".into(),
        },
        kube::Error::Api(status) => LiveError { message: format!("{action} failed: {} ({})", status.message, status.code), help: String::new() },
        kube::Error::HyperError(_) | kube::Error::Service(_) => LiveError {
            message: format!("no cluster is reachable ({action}): {error}"),
            help: "check that the cluster is running and that `kubectl get nodes` works with the same context".into(),
        },
        other => LiveError { message: format!("{action} failed: {other}"), help: String::new() },
    }
}

fn api_for(
    client: &Client,
    namespace: &str,
    object: &crate::manifest::Object,
) -> Api<DynamicObject> {
    let (group, version) = object
        .api_version
        .rsplit_once('/')
        .unwrap_or(("", object.api_version.as_str()));
    let gvk = GroupVersionKind::gvk(group, version, &object.kind);
    let resource = ApiResource::from_gvk(&gvk);
    Api::namespaced_with(client.clone(), namespace, &resource)
}

/// The objects as JSON for applying: our namespace, no status. The JSON is the file as
/// written (what kubectl would send), not the schema-checked view, which leaves unknown and
/// mistyped fields out: the server must see them to reject them.
fn manifest_json(object: &crate::manifest::Object, namespace: &str) -> Value {
    let mut json = crate::manifest::schema::plain_json(&object.node);
    if let Some(map) = json.as_object_mut() {
        map.remove("status");
        let metadata = map.entry("metadata").or_insert_with(|| json!({}));
        metadata["namespace"] = Value::String(namespace.to_string());
    }
    json
}

/// Runs the whole verification with a connected client. `report` is told about each step
/// as it finishes, so the caller can show progress.
pub async fn verify(
    client: Client,
    cluster: String,
    bundle: &Bundle,
    options: &Options,
    report: &mut dyn FnMut(&Step),
) -> Result<LiveReport, LiveError> {
    verify_tracking(client, cluster, bundle, options, report, &Cell::new(false)).await
}

/// [`verify`], stopped when `interrupted` completes (Ctrl-C). The namespace is then deleted
/// (kept with `keep`), but only when this run created it: an interruption while creating
/// it must not delete a namespace of the same name that someone else owns.
pub async fn verify_until(
    client: Client,
    cluster: String,
    bundle: &Bundle,
    options: &Options,
    report: &mut dyn FnMut(&Step),
    interrupted: impl std::future::Future<Output = ()>,
) -> Result<LiveReport, LiveError> {
    let namespace = options.namespace.clone().unwrap_or_else(random_namespace);
    let options = Options {
        namespace: Some(namespace.clone()),
        ..options.clone()
    };
    let created = Cell::new(false);
    let work = verify_tracking(client.clone(), cluster, bundle, &options, report, &created);
    let result = tokio::select! {
        biased;
        () = interrupted => None,
        result = work => Some(result),
    };
    if let Some(result) = result {
        return result;
    }
    let interrupted = |message: String, help: String| Err(LiveError { message, help });
    if !created.get() {
        return interrupted(
            format!("interrupted before namespace {namespace} was created: nothing to clean up"),
            String::new(),
        );
    }
    if options.keep {
        return interrupted(
            format!("interrupted; namespace {namespace} was kept (--keep)"),
            format!("delete it with kubectl delete namespace {namespace}"),
        );
    }
    let namespaces: Api<Namespace> = Api::all(client);
    match namespaces
        .delete(&namespace, &DeleteParams::default())
        .await
    {
        Ok(_) => interrupted(
            format!("interrupted; namespace {namespace} was deleted"),
            String::new(),
        ),
        Err(e) => interrupted(
            format!(
                "interrupted, and {}",
                explain_error(&e, &format!("deleting namespace {namespace}")).message
            ),
            format!("delete it by hand with kubectl delete namespace {namespace}"),
        ),
    }
}

/// The work of [`verify`]; sets `created` once the namespace is ours to delete.
async fn verify_tracking(
    client: Client,
    cluster: String,
    bundle: &Bundle,
    options: &Options,
    report: &mut dyn FnMut(&Step),
    created: &Cell<bool>,
) -> Result<LiveReport, LiveError> {
    let namespace = options.namespace.clone().unwrap_or_else(random_namespace);
    let mut live = LiveReport {
        cluster,
        server_version: String::new(),
        namespace: namespace.clone(),
        steps: Vec::new(),
        server_errors: Vec::new(),
        observation: Observation::default(),
        comparison: Vec::new(),
        diagnoses: Vec::new(),
        cleaned_up: false,
        passed: false,
    };
    let mut step = |live: &mut LiveReport, name: &str, ok: bool, detail: String| {
        let s = Step {
            name: name.to_string(),
            ok,
            detail,
        };
        report(&s);
        live.steps.push(s);
    };

    let info = client
        .apiserver_version()
        .await
        .map_err(|e| explain_error(&e, "reading the server version"))?;
    live.server_version = info.git_version.clone();
    let minor: u32 = info.minor.trim_end_matches('+').parse().unwrap_or(0);
    let notes = diagnose::version_notes(bundle, minor);
    step(
        &mut live,
        "server version",
        true,
        if notes.is_empty() {
            info.git_version.clone()
        } else {
            format!("{}: {}", info.git_version, notes.join("; "))
        },
    );

    // Our own namespace, labelled as ours; refuse to use one that exists and is not ours.
    let namespaces: Api<Namespace> = Api::all(client.clone());
    let ns = serde_json::from_value::<Namespace>(json!({
        "metadata": {"name": namespace, "labels": {OWNED_LABEL: MANAGER}}
    }))
    .map_err(|e| LiveError {
        message: format!("cannot build the namespace: {e}"),
        help: String::new(),
    })?;
    match namespaces.create(&PostParams::default(), &ns).await {
        Ok(_) => {
            created.set(true);
            step(&mut live, "namespace", true, format!("created {namespace}"));
        }
        Err(kube::Error::Api(status)) if status.code == 409 => {
            return Err(LiveError {
                message: format!("namespace {namespace} already exists"),
                help: "sts-tutor only works in a namespace it creates: choose another --namespace, or leave it out".into(),
            });
        }
        Err(e) => {
            return Err(explain_error(
                &e,
                &format!("creating namespace {namespace}"),
            ));
        }
    }

    let outcome =
        run_in_namespace(&client, bundle, options, &namespace, &mut live, &mut step).await;
    if options.keep {
        step(
            &mut live,
            "cleanup",
            true,
            format!(
                "kept namespace {namespace} (--keep): delete it with kubectl delete namespace {namespace}"
            ),
        );
    } else {
        match namespaces
            .delete(&namespace, &DeleteParams::default())
            .await
        {
            Ok(_) => {
                live.cleaned_up = true;
                step(
                    &mut live,
                    "cleanup",
                    true,
                    format!("deleted namespace {namespace}"),
                );
            }
            Err(e) => {
                let explained = explain_error(&e, &format!("deleting namespace {namespace}"));
                step(
                    &mut live,
                    "cleanup",
                    false,
                    format!(
                        "{}: delete it by hand with kubectl delete namespace {namespace}",
                        explained.message
                    ),
                );
            }
        }
    }
    outcome?;
    live.passed = live.server_errors.is_empty()
        && live.steps.iter().all(|s| s.ok)
        && live.comparison.is_empty();
    Ok(live)
}

/// The steps that need the namespace; the caller deletes it afterwards, whatever happens.
async fn run_in_namespace(
    client: &Client,
    bundle: &Bundle,
    options: &Options,
    namespace: &str,
    live: &mut LiveReport,
    step: &mut impl FnMut(&mut LiveReport, &str, bool, String),
) -> Result<(), LiveError> {
    let builtin: Vec<usize> = (0..bundle.objects.len())
        .filter(|i| {
            crate::manifest::kinds::builtin(
                &bundle.objects[*i].api_version,
                &bundle.objects[*i].kind,
            )
            .is_some()
        })
        .collect();
    // The API server's own validation, without persisting anything.
    for &i in &builtin {
        let object = &bundle.objects[i];
        let api = api_for(client, namespace, object);
        let name = object.name.clone().unwrap_or_default();
        // Strict, as `kubectl apply` is: an unknown or duplicate field is an error, not a
        // warning the learner never sees.
        let params = PatchParams::apply(MANAGER)
            .dry_run()
            .force()
            .validation(ValidationDirective::Strict);
        match api
            .patch(
                &name,
                &params,
                &Patch::Apply(manifest_json(object, namespace)),
            )
            .await
        {
            Ok(_) => {}
            Err(kube::Error::Api(status)) if causes::is_about_the_manifest(&status) => {
                live.server_errors.extend(server_errors(bundle, i, &status))
            }
            Err(e) => {
                return Err(explain_error(
                    &e,
                    &format!("a dry run of {}", object.label()),
                ));
            }
        }
    }
    let dry_ok = live.server_errors.is_empty();
    step(
        live,
        "server-side dry run",
        dry_ok,
        if dry_ok {
            format!(
                "{} accepted",
                crate::ui::plural(builtin.len(), "object", "objects")
            )
        } else {
            format!(
                "{} from the API server",
                crate::ui::plural(live.server_errors.len(), "error", "errors")
            )
        },
    );
    if !dry_ok {
        return Ok(());
    }
    for &i in &builtin {
        let object = &bundle.objects[i];
        let api = api_for(client, namespace, object);
        let name = object.name.clone().unwrap_or_default();
        api.patch(
            &name,
            &PatchParams::apply(MANAGER)
                .force()
                .validation(ValidationDirective::Strict),
            &Patch::Apply(manifest_json(object, namespace)),
        )
        .await
        .map_err(|e| explain_error(&e, &format!("applying {}", object.label())))?;
    }
    step(
        live,
        "apply",
        true,
        format!(
            "{} applied in {namespace}",
            crate::ui::plural(builtin.len(), "object", "objects")
        ),
    );

    let Some((_, sts_object, sts)) = bundle.statefulsets().next() else {
        return Ok(());
    };
    let name = sts_object.name.clone().unwrap_or_default();
    let wanted = sts.spec.replicas.unwrap_or(1);
    let pods: Api<Pod> = Api::namespaced(client.clone(), namespace);
    let claims: Api<PersistentVolumeClaim> = Api::namespaced(client.clone(), namespace);
    let sets: Api<StatefulSet> = Api::namespaced(client.clone(), namespace);
    let started = tokio::time::Instant::now();
    let mut created_at: Vec<Created> = Vec::new();
    let mut latest_pods: std::collections::BTreeMap<String, Pod> = Default::default();
    let mut latest_claims: std::collections::BTreeMap<String, PersistentVolumeClaim> =
        Default::default();
    // Watch Pods and PVCs (kube-runtime watchers, which re-list and re-watch on errors); read
    // the StatefulSet's status between events.
    let mut pod_events = std::pin::pin!(
        watcher(pods.clone(), watcher::Config::default())
            .default_backoff()
            .applied_objects()
    );
    let mut claim_events = std::pin::pin!(
        watcher(claims.clone(), watcher::Config::default())
            .default_backoff()
            .applied_objects()
    );
    let mut last_status_check: Option<tokio::time::Instant> = None;
    loop {
        tokio::select! {
            Some(event) = pod_events.next() => {
                if let Ok(pod) = event {
                    record_pod(&mut live.observation, &mut created_at, &pod);
                    latest_pods.insert(pod.metadata.name.clone().unwrap_or_default(), pod);
                }
            }
            Some(event) = claim_events.next() => {
                if let Ok(claim) = event {
                    let claim_name = claim.metadata.name.clone().unwrap_or_default();
                    let bound = claim.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
                    if bound && !live.observation.pvcs_bound.contains(&claim_name) {
                        live.observation.pvcs_bound.push(claim_name.clone());
                    }
                    latest_claims.insert(claim_name, claim);
                }
            }
            () = tokio::time::sleep(options.poll) => {}
        }
        if last_status_check.is_some_and(|t| t.elapsed() < options.poll) {
            continue;
        }
        last_status_check = Some(tokio::time::Instant::now());
        let set = sets
            .get(&name)
            .await
            .map_err(|e| explain_error(&e, "reading the StatefulSet"))?;
        live.observation.ready_replicas = set
            .status
            .as_ref()
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0);
        // Done when the status says so and the watch has shown every Pod Ready (the two can
        // arrive in either order).
        let seen_ready = i32::try_from(live.observation.ready.len()).unwrap_or(i32::MAX);
        if live.observation.ready_replicas >= wanted && seen_ready >= wanted {
            break;
        }
        if started.elapsed() >= options.timeout {
            let pods_now: Vec<Pod> = latest_pods.into_values().collect();
            let claims_now: Vec<PersistentVolumeClaim> = latest_claims.into_values().collect();
            live.diagnoses = diagnose::why_stuck(client, namespace, &pods_now, &claims_now).await;
            let blocker = live
                .diagnoses
                .first()
                .cloned()
                .unwrap_or_else(|| "no Pod reported a reason".into());
            let detail = format!(
                "{}/{wanted} Ready after {}s: {blocker}",
                live.observation.ready_replicas,
                options.timeout.as_secs()
            );
            step(live, "pods ready", false, detail);
            return Ok(());
        }
    }
    step(
        live,
        "pods ready",
        true,
        format!(
            "{wanted}/{wanted} Ready, created in the order {}",
            live.observation.created.join(", ")
        ),
    );
    live.comparison = compare_with_simulation(bundle, &live.observation);
    let same = live.comparison.is_empty();
    step(
        live,
        "compare with the simulation",
        same,
        if same {
            "the cluster did what the simulator predicted".into()
        } else {
            live.comparison.join("; ")
        },
    );
    if let Some(exercise_checks) = &options.checks {
        for (check, ok, detail) in checks::static_checks(
            client,
            namespace,
            bundle,
            exercise_checks,
            &live.observation,
        )
        .await?
        {
            step(live, &format!("check: {check}"), ok, detail);
        }
        let target = checks::Target {
            client,
            namespace,
            bundle,
            name: &name,
            timeout: options.timeout,
            poll: options.poll,
        };
        let mut done = Vec::new();
        for action in &exercise_checks.actions {
            let (check, ok, detail) = checks::action(&target, &done, action).await?;
            step(live, &check, ok, detail);
            done.push(action.clone());
        }
    }
    Ok(())
}

/// When a Pod was created: the API's creationTimestamp (whole seconds), then the order in
/// which the watch first showed it, for Pods created within the same second.
type Created = (Option<String>, usize, String);

/// Notes a Pod event: its place in the creation order (by the API's creationTimestamp, not
/// by when we saw it; by when we saw it only within one second, where `web-10` must not
/// sort before `web-9`), when it became Ready, and the identity the controller gave it.
fn record_pod(observation: &mut Observation, created_at: &mut Vec<Created>, pod: &Pod) {
    let pod_name = pod.metadata.name.clone().unwrap_or_default();
    let stamp = pod
        .metadata
        .creation_timestamp
        .as_ref()
        .map(|t| t.0.to_string());
    let seen = created_at.len();
    match created_at.iter_mut().find(|(.., n)| *n == pod_name) {
        Some(entry) => entry.0 = stamp,
        None => created_at.push((stamp, seen, pod_name.clone())),
    }
    created_at.sort();
    observation.created = created_at.iter().map(|(.., n)| n.clone()).collect();
    if !observation.identities.iter().any(|(n, ..)| *n == pod_name) {
        let spec = pod.spec.as_ref();
        observation.identities.push((
            pod_name.clone(),
            spec.and_then(|s| s.hostname.clone()).unwrap_or_default(),
            spec.and_then(|s| s.subdomain.clone()).unwrap_or_default(),
        ));
    }
    if diagnose::pod_ready(pod) && !observation.ready.contains(&pod_name) {
        observation.ready.push(pod_name);
    }
}

/// The simulator's prediction for a fresh apply, compared with what the cluster did.
pub fn compare_with_simulation(bundle: &Bundle, observed: &Observation) -> Vec<String> {
    let Some(mut world) = crate::sim::from_bundle(bundle) else {
        return Vec::new();
    };
    world.run(600);
    let predicted: Vec<String> = world
        .events
        .iter()
        .filter(|e| e.action == "create")
        .filter_map(|e| e.pod.clone())
        .collect();
    let mut differences = Vec::new();
    let ordered = world.spec.policy == crate::sim::model::Policy::OrderedReady;
    if ordered && observed.created != predicted {
        differences.push(format!(
            "Pods were created in the order {}, but OrderedReady creates {}",
            observed.created.join(", "),
            predicted.join(", ")
        ));
    }
    if ordered
        && !observed.ready.is_empty()
        && observed.ready != predicted[..observed.ready.len().min(predicted.len())]
    {
        differences.push(format!(
            "Pods became Ready in the order {}; OrderedReady predicts {}",
            observed.ready.join(", "),
            predicted.join(", ")
        ));
    }
    let mut sorted_observed = observed.created.clone();
    sorted_observed.sort();
    let mut sorted_predicted = predicted.clone();
    sorted_predicted.sort();
    if !ordered && sorted_observed != sorted_predicted {
        differences.push(format!(
            "the cluster created {} where the simulator predicts {}",
            observed.created.join(", "),
            predicted.join(", ")
        ));
    }
    for (pod, hostname, subdomain) in &observed.identities {
        if hostname != pod {
            differences.push(format!(
                "{pod} has hostname {hostname:?}: the controller sets it to the Pod's name"
            ));
        }
        if let Some(service) = &world.spec.service_name
            && subdomain != service
        {
            differences.push(format!(
                "{pod} has subdomain {subdomain:?}, not the serviceName {service}"
            ));
        }
    }
    differences
}

/// `sts-tutor-` and six random letters and digits: a fresh name for each run.
pub fn random_namespace() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let seed = u64::from(nanos) ^ u64::from(std::process::id()).rotate_left(17);
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let suffix: String = (0..6)
        .map(|i| char::from(alphabet[((seed >> (i * 5)) % alphabet.len() as u64) as usize]))
        .collect();
    format!("sts-tutor-{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str, created: &str) -> Pod {
        serde_json::from_value(json!({
            "metadata": {"name": name, "creationTimestamp": created},
            "spec": {"hostname": name, "subdomain": "web", "containers": []}
        }))
        .unwrap()
    }

    #[test]
    fn pods_created_within_one_second_keep_the_order_they_were_seen_in() {
        let mut observation = Observation::default();
        let mut created = Vec::new();
        for (name, at) in [
            ("web-8", "2026-12-01T10:00:00Z"),
            ("web-9", "2026-12-01T10:00:01Z"),
            ("web-10", "2026-12-01T10:00:01Z"),
            ("web-11", "2026-12-01T10:00:01Z"),
        ] {
            record_pod(&mut observation, &mut created, &pod(name, at));
        }
        assert_eq!(observation.created, ["web-8", "web-9", "web-10", "web-11"]);
        // A Pod listed before an older one was seen still goes by its timestamp.
        record_pod(
            &mut observation,
            &mut created,
            &pod("web-7", "2026-12-01T09:59:59Z"),
        );
        assert_eq!(observation.created[0], "web-7");
    }
}
