//! `verify --live` against a mocked API server: an in-process `tower` service answering like
//! the real API (version, namespaces, server-side apply and dry run, Pod and PVC lists,
//! Status errors). Its Pods come from the simulator, so a fresh apply behaves like the real
//! controller, and a "misbehaving" cluster can be scripted to test the comparison.

#![cfg(feature = "cluster")]

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Request, Response, StatusCode};
use kube::Client;
use kube::client::Body;
use serde_json::{Value, json};
use sts_tutor::live::{self, Options};
use sts_tutor::manifest::{Source, read_bundle};
use sts_tutor::sim::{self, World};

const WEB: &str = include_str!("../exercises/tutorial-mysql/solution.yaml");

/// How the fake cluster behaves.
#[derive(Clone, Copy, Default)]
struct Behaviour {
    forbid_namespaces: bool,
    /// The namespace already exists (and is not ours).
    namespace_exists: bool,
    /// The container crash-loops; its previous logs are served.
    crash_loop: bool,
    reject_statefulset: bool,
    /// Report Pods in reverse creation order (a controller that is not OrderedReady).
    reverse_order: bool,
    /// Pods never become Ready, PVCs stay Pending, no default StorageClass.
    stuck: bool,
}

#[derive(Default)]
struct Fake {
    /// The resourceVersion of the fake's lists and watch events.
    version: u64,
    requests: Vec<String>,
    namespace_deleted: bool,
    world: Option<World>,
    /// The Pods of the last look, so that a watch can report those gone since as `DELETED`.
    last_pods: Vec<Value>,
}

fn status(code: u16, reason: &str, message: &str, causes: Value) -> Response<Body> {
    let body = json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": code, "reason": reason, "message": message, "details": {"causes": causes}});
    Response::builder()
        .status(code)
        .body(Body::from(body.to_string().into_bytes()))
        .unwrap()
}

fn ok(value: Value) -> Response<Body> {
    Response::builder()
        .status(StatusCode::OK)
        .body(Body::from(value.to_string().into_bytes()))
        .unwrap()
}

/// A watch response: one `MODIFIED` event per item, newline-delimited, as the API streams
/// them, in the order of each item's last change (its deletion, else its creation), as a
/// real watch orders them, after a `DELETED` event for each item of `removed` (gone since the
/// last look, so changed before everything else); the stream then ends and the watcher
/// watches again.
fn watch_events(list: &Value, removed: &[Value], version: u64) -> Response<Body> {
    let kind = if list["kind"] == "PodList" {
        "Pod"
    } else {
        "PersistentVolumeClaim"
    };
    let mut body = String::new();
    let mut event = |type_: &str, item: &Value| {
        let mut object = item.clone();
        object["metadata"]["resourceVersion"] = json!(version.to_string());
        object["apiVersion"] = json!("v1");
        object["kind"] = json!(kind);
        body.push_str(&json!({"type": type_, "object": object}).to_string());
        body.push('\n');
    };
    for item in removed {
        event("DELETED", item);
    }
    let mut items: Vec<&Value> = list["items"].as_array().into_iter().flatten().collect();
    let changed = |item: &Value| {
        let metadata = &item["metadata"];
        metadata["deletionTimestamp"]
            .as_str()
            .or(metadata["creationTimestamp"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    items.sort_by_key(|item| changed(item));
    for item in items {
        event("MODIFIED", item);
    }
    Response::builder()
        .status(StatusCode::OK)
        .body(Body::from(body.into_bytes()))
        .unwrap()
}

fn timestamp(seconds: f64) -> String {
    let secs = 1_800_000_000 + seconds as i64;
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn pods(world: &World, namespace: &str, behaviour: Behaviour) -> Value {
    let created: Vec<(String, f64)> = world
        .events
        .iter()
        .filter(|e| e.action == "create")
        .map(|e| (e.pod.clone().unwrap(), e.time))
        .collect();
    let deleted: Vec<(String, f64)> = world
        .events
        .iter()
        .filter(|e| e.action == "delete")
        .map(|e| (e.pod.clone().unwrap(), e.time))
        .collect();
    let mut items: Vec<Value> = world
        .pods
        .values()
        .map(|p| {
            let created_at = created.iter().rev().find(|(n, _)| *n == p.name).map_or(0.0, |(_, t)| *t);
            let deleted_at = deleted.iter().rev().find(|(n, _)| *n == p.name).map_or(world.time, |(_, t)| *t);
            let ready = p.ready && !behaviour.stuck && !behaviour.crash_loop;
            json!({
                "metadata": {"name": p.name, "namespace": namespace, "uid": format!("{}-{created_at}", p.name), "creationTimestamp": timestamp(created_at),
                             "deletionTimestamp": if p.terminating { json!(timestamp(deleted_at)) } else { Value::Null }},
                "spec": {"hostname": p.name, "subdomain": world.spec.service_name, "containers": [{"name": "mysql", "image": "mysql:5.7"}]},
                "status": {
                    "phase": "Running",
                    "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}],
                    "containerStatuses": if behaviour.crash_loop {
                        json!([{"name": "mysql", "image": "mysql:5.7", "imageID": "", "ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}])
                    } else if behaviour.stuck {
                        json!([{"name": "mysql", "image": "mysql:5.7", "imageID": "", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ImagePullBackOff"}}}])
                    } else {
                        json!([])
                    }
                }
            })
        })
        .collect();
    if behaviour.reverse_order {
        let n = items.len();
        for (i, item) in items.iter_mut().enumerate() {
            item["metadata"]["creationTimestamp"] = Value::String(timestamp((n - i) as f64));
        }
    }
    json!({"apiVersion": "v1", "kind": "PodList", "metadata": {}, "items": items})
}

/// The fake API server: routes by method and path.
fn client(behaviour: Behaviour) -> (Client, Arc<Mutex<Fake>>) {
    let state = Arc::new(Mutex::new(Fake::default()));
    let shared = state.clone();
    let service = tower::service_fn(move |request: Request<Body>| {
        let state = shared.clone();
        async move {
            let method = request.method().as_str().to_string();
            let path = request.uri().path().to_string();
            let query = request.uri().query().unwrap_or("").to_string();
            let content_type = request
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let body = http_body_util::BodyExt::collect(request.into_body())
                .await
                .map(|b| b.to_bytes().to_vec())
                .unwrap_or_default();
            let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let mut fake = state.lock().unwrap();
            fake.requests.push(format!("{method} {path}?{query}"));
            let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            let response = match (method.as_str(), parts.as_slice()) {
                ("GET", ["version"]) => ok(
                    json!({"major": "1", "minor": "31", "gitVersion": "v1.31.4", "gitCommit": "", "gitTreeState": "", "buildDate": "", "goVersion": "", "compiler": "", "platform": ""}),
                ),
                ("POST", ["api", "v1", "namespaces"]) if behaviour.forbid_namespaces => status(
                    403,
                    "Forbidden",
                    "namespaces is forbidden: User \"learner\" cannot create resource \"namespaces\" in API group \"\" at the cluster scope",
                    json!([]),
                ),
                ("POST", ["api", "v1", "namespaces"]) if behaviour.namespace_exists => {
                    status(409, "AlreadyExists", "namespaces \"sts-tutor-test\" already exists", json!([]))
                }
                ("GET", ["api", "v1", "namespaces", _, "pods", _, "log"]) => Response::builder()
                    .status(StatusCode::OK)
                    .body(Body::from(b"2026-11-23 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n".to_vec()))
                    .unwrap(),
                ("POST", ["api", "v1", "namespaces"]) => {
                    ok(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}))
                }
                ("DELETE", ["api", "v1", "namespaces", _]) => {
                    fake.namespace_deleted = true;
                    ok(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}))
                }
                ("PATCH", ["apis", "apps", "v1", "namespaces", _, "statefulsets", name])
                    if behaviour.reject_statefulset && query.contains("dryRun") =>
                {
                    status(
                        422,
                        "Invalid",
                        &format!(
                            "StatefulSet.apps \"{name}\" is invalid: spec.template.spec.containers[0].image: Required value"
                        ),
                        json!([{"reason": "FieldValueRequired", "message": "Required value", "field": "spec.template.spec.containers[0].image"}]),
                    )
                }
                ("PATCH", ["apis", "apps", "v1", "namespaces", _, "statefulsets", name])
                    if content_type.contains("merge-patch") =>
                {
                    // A learner action: scale, or a new image.
                    let world = fake.world.as_mut().unwrap();
                    if let Some(replicas) = body.pointer("/spec/replicas").and_then(Value::as_i64) {
                        world.scale(replicas);
                    }
                    if let Some(image) = body
                        .pointer("/spec/template/spec/containers/0/image")
                        .and_then(Value::as_str)
                    {
                        sim::script::apply(world, &format!("update image={image}")).unwrap();
                    }
                    world.sync();
                    ok(
                        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name}}),
                    )
                }
                ("PATCH", ["apis", "apps", "v1", "namespaces", _, "statefulsets", name]) => {
                    if !query.contains("dryRun") && fake.world.is_none() {
                        let bundle = read_bundle(Source::new("m.yaml", WEB));
                        let mut world = sim::from_bundle(&bundle).unwrap();
                        world.sync();
                        fake.world = Some(world);
                    }
                    ok(
                        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name}}),
                    )
                }
                ("PATCH", [.., kind, name]) => {
                    ok(json!({"apiVersion": "v1", "kind": kind, "metadata": {"name": name}}))
                }
                ("GET", ["api", "v1", "namespaces", ns, "pods"]) => {
                    // Every look at the Pods (a list, or a watch) is one second of the controller.
                    fake.version += 1;
                    let world = fake.world.as_mut().unwrap();
                    world.step();
                    let list = pods(world, ns, behaviour);
                    let current = list["items"].as_array().cloned().unwrap_or_default();
                    let removed: Vec<Value> = std::mem::replace(&mut fake.last_pods, current.clone())
                        .into_iter()
                        .filter(|old| !current.iter().any(|p| p["metadata"]["uid"] == old["metadata"]["uid"]))
                        .collect();
                    if query.contains("watch=true") {
                        watch_events(&list, &removed, fake.version)
                    } else {
                        let mut list = list;
                        list["metadata"]["resourceVersion"] = json!(fake.version.to_string());
                        ok(list)
                    }
                }
                ("GET", ["api", "v1", "namespaces", _, "persistentvolumeclaims"]) => {
                    fake.version += 1;
                    let world = fake.world.as_ref().unwrap();
                    let phase = if behaviour.stuck { "Pending" } else { "Bound" };
                    let items: Vec<Value> = world
                        .pvcs
                        .keys()
                        .map(|n| json!({"metadata": {"name": n}, "status": {"phase": phase}}))
                        .collect();
                    let list = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaimList", "metadata": {"resourceVersion": fake.version.to_string()}, "items": items});
                    if query.contains("watch=true") {
                        watch_events(&list, &[], fake.version)
                    } else {
                        ok(list)
                    }
                }
                ("GET", ["apis", "apps", "v1", "namespaces", _, "statefulsets", name]) => {
                    let world = fake.world.as_ref().unwrap();
                    let status = world.status();
                    let ready = if behaviour.stuck {
                        0
                    } else {
                        status.ready_replicas
                    };
                    ok(
                        json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name},
                        "spec": {"replicas": world.spec.replicas, "selector": {}, "template": {}},
                        "status": {"replicas": status.replicas, "readyReplicas": ready, "updatedReplicas": status.updated_replicas}}),
                    )
                }
                (
                    "GET",
                    [
                        "apis",
                        "discovery.k8s.io",
                        "v1",
                        "namespaces",
                        _,
                        "endpointslices",
                    ],
                ) => {
                    let world = fake.world.as_ref().unwrap();
                    let endpoints: Vec<Value> = world
                        .pods
                        .values()
                        .filter(|p| p.ready)
                        .map(|p| json!({"addresses": ["10.0.0.1"], "hostname": p.name, "conditions": {"ready": true}}))
                        .collect();
                    ok(
                        json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSliceList", "metadata": {},
                        "items": [{"metadata": {"name": "mysql-abc", "labels": {"kubernetes.io/service-name": "mysql"}}, "addressType": "IPv4", "endpoints": endpoints}]}),
                    )
                }
                ("GET", ["apis", "storage.k8s.io", "v1", "storageclasses"]) => ok(
                    json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClassList", "metadata": {}, "items": []}),
                ),
                _ => status(
                    404,
                    "NotFound",
                    &format!("{method} {path} is not faked"),
                    json!([]),
                ),
            };
            Ok::<_, Infallible>(response)
        }
    });
    (Client::new(service, "default"), state)
}

fn options(timeout: u64) -> Options {
    Options {
        namespace: Some("sts-tutor-test".into()),
        keep: false,
        timeout: Duration::from_millis(timeout),
        poll: Duration::from_millis(1),
        checks: None,
    }
}

fn verify(
    behaviour: Behaviour,
    timeout_ms: u64,
) -> (
    Result<live::LiveReport, live::LiveError>,
    Arc<Mutex<Fake>>,
    Vec<String>,
) {
    let bundle = read_bundle(Source::new("mysql.yaml", WEB));
    // The client's request buffer runs on the runtime, so it is made inside it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut steps = Vec::new();
    let (result, state) = runtime.block_on(async {
        let (client, state) = client(behaviour);
        let result = live::verify(
            client,
            "fake".into(),
            &bundle,
            &options(timeout_ms),
            &mut |s| steps.push(format!("{} {}", s.ok, s.name)),
        )
        .await;
        (result, state)
    });
    (result, state, steps)
}

#[test]
fn a_healthy_cluster_verifies_and_the_namespace_is_deleted() {
    let (result, state, steps) = verify(Behaviour::default(), 60_000);
    let report = result.unwrap();
    assert!(report.passed, "{:#?}", report);
    assert_eq!(report.server_version, "v1.31.4");
    assert_eq!(
        report.observation.created,
        ["mysql-0", "mysql-1", "mysql-2"]
    );
    assert_eq!(report.observation.ready, ["mysql-0", "mysql-1", "mysql-2"]);
    assert_eq!(report.observation.pvcs_bound.len(), 3);
    assert!(report.cleaned_up && state.lock().unwrap().namespace_deleted);
    assert_eq!(
        steps,
        [
            "true server version",
            "true namespace",
            "true server-side dry run",
            "true apply",
            "true pods ready",
            "true compare with the simulation",
            "true cleanup"
        ]
    );
    let requests = state.lock().unwrap().requests.clone();
    assert!(requests.iter().any(|r| {
        r.starts_with("PATCH /apis/apps/v1/namespaces/sts-tutor-test/statefulsets/mysql")
            && r.contains("dryRun=All")
            && r.contains("fieldManager=sts-tutor")
    }));
    assert!(
        requests.iter().all(|r| !r.contains("/namespaces/default/")),
        "nothing outside our namespace"
    );
}

#[test]
fn dry_run_errors_are_mapped_to_lines_and_cleanup_still_happens() {
    let (result, state, _) = verify(
        Behaviour {
            reject_statefulset: true,
            ..Behaviour::default()
        },
        60_000,
    );
    let report = result.unwrap();
    assert!(!report.passed);
    let error = &report.server_errors[0];
    assert_eq!(error.object, "StatefulSet/mysql");
    assert_eq!(
        error.path.as_deref(),
        Some("spec.template.spec.containers[0].image")
    );
    let line = error.line.unwrap();
    assert!(
        WEB.lines().nth(line - 1).unwrap().contains("image:"),
        "line {line}"
    );
    assert!(state.lock().unwrap().namespace_deleted);
}

#[test]
fn rbac_errors_say_what_is_forbidden() {
    let (result, state, _) = verify(
        Behaviour {
            forbid_namespaces: true,
            ..Behaviour::default()
        },
        60_000,
    );
    let error = result.unwrap_err();
    assert!(
        error
            .message
            .contains("forbids creating namespace sts-tutor-test"),
        "{}",
        error.message
    );
    assert!(
        error
            .message
            .contains("cannot create resource \"namespaces\"")
    );
    assert!(error.help.contains("RBAC"));
    assert!(
        !state.lock().unwrap().namespace_deleted,
        "nothing was created, nothing to delete"
    );
}

#[test]
fn a_different_order_is_explained() {
    let (result, _, _) = verify(
        Behaviour {
            reverse_order: true,
            ..Behaviour::default()
        },
        60_000,
    );
    let report = result.unwrap();
    assert!(!report.passed);
    assert!(
        report.comparison[0].contains("but OrderedReady creates mysql-0, mysql-1, mysql-2"),
        "{:?}",
        report.comparison
    );
}

#[test]
fn timeouts_diagnose_image_pulls_pending_pvcs_and_the_blocking_pod() {
    let (result, state, _) = verify(
        Behaviour {
            stuck: true,
            ..Behaviour::default()
        },
        50,
    );
    let report = result.unwrap();
    assert!(!report.passed);
    let all = report.diagnoses.join("\n");
    assert!(
        all.contains("cannot pull its image mysql:5.7 (ImagePullBackOff)"),
        "{all}"
    );
    assert!(
        all.contains("the cluster has no default StorageClass"),
        "{all}"
    );
    assert!(all.contains("is the first Pod that is not Ready"), "{all}");
    assert!(state.lock().unwrap().namespace_deleted);
}

#[test]
fn an_unreachable_cluster_is_explained() {
    let service = tower::service_fn(|_: Request<Body>| async {
        Err::<Response<Body>, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "connection refused",
        ))
    });
    let bundle = read_bundle(Source::new("mysql.yaml", WEB));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(async {
            live::verify(
                Client::new(service, "default"),
                "fake".into(),
                &bundle,
                &options(1000),
                &mut |_| {},
            )
            .await
        })
        .unwrap_err();
    assert!(
        error.message.contains("no cluster is reachable"),
        "{}",
        error.message
    );
}

#[test]
fn an_exercise_runs_its_live_checks_and_actions() {
    let bundle = read_bundle(Source::new("mysql.yaml", WEB));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut steps = Vec::new();
    let checks = sts_tutor::content::exercise::LiveChecks {
        ready_replicas: Some(3),
        ordered_start: true,
        pvcs_bound: true,
        dns: true,
        actions: vec![
            "scale 1".into(),
            "scale 3".into(),
            "update image=mysql:5.7.44".into(),
        ],
    };
    let report = runtime.block_on(async {
        let (client, _) = client(Behaviour::default());
        let options = Options {
            checks: Some(checks),
            ..options(60_000)
        };
        live::verify(client, "fake".into(), &bundle, &options, &mut |s| {
            steps.push(format!("{} {}: {}", s.ok, s.name, s.detail))
        })
        .await
    });
    let report = report.unwrap();
    assert!(report.passed, "{steps:#?}");
    let text = steps.join("\n");
    assert!(
        text.contains("true check: ready replicas: 3 of 3 Ready"),
        "{text}"
    );
    assert!(text.contains("true check: ordered start"), "{text}");
    assert!(
        text.contains("true check: PVCs bound: 3 PVCs Bound"),
        "{text}"
    );
    assert!(
        text.contains("true check: DNS records: mysql has a record for every Ready Pod"),
        "{text}"
    );
    assert!(
        text.contains("true action `scale 1`: removed mysql-2, mysql-1 in the predicted order"),
        "{text}"
    );
    assert!(text.contains("true action `update image=mysql:5.7.44`: removed mysql-2, mysql-1, mysql-0 in the predicted order"), "{text}");
}

#[test]
fn a_namespace_that_exists_is_never_used() {
    let (result, state, _) = verify(
        Behaviour {
            namespace_exists: true,
            ..Behaviour::default()
        },
        60_000,
    );
    let error = result.unwrap_err();
    assert!(
        error
            .message
            .contains("namespace sts-tutor-test already exists"),
        "{}",
        error.message
    );
    assert!(error.help.contains("only works in a namespace it creates"));
    let fake = state.lock().unwrap();
    assert!(
        !fake.namespace_deleted,
        "a namespace that is not ours is never deleted"
    );
    assert!(
        !fake.requests.iter().any(|r| r.starts_with("PATCH")),
        "nothing is applied"
    );
}

#[test]
fn crash_loops_are_diagnosed_with_the_last_log_lines() {
    let (result, state, _) = verify(
        Behaviour {
            crash_loop: true,
            ..Behaviour::default()
        },
        50,
    );
    let report = result.unwrap();
    assert!(!report.passed);
    let all = report.diagnoses.join("\n");
    assert!(
        all.contains("mysql-0 is crash-looping (container mysql)"),
        "{all}"
    );
    assert!(
        all.contains("Database is uninitialized and password option is not specified"),
        "{all}"
    );
    assert!(
        state
            .lock()
            .unwrap()
            .requests
            .iter()
            .any(|r| r.contains("/pods/mysql-0/log") && r.contains("previous=true"))
    );
}

/// `verify_until`, interrupted (as by Ctrl-C) as soon as `when` holds for the fake's state.
fn verify_interrupted(
    behaviour: Behaviour,
    keep: bool,
    when: fn(&Fake) -> bool,
) -> (Result<live::LiveReport, live::LiveError>, Arc<Mutex<Fake>>) {
    let bundle = read_bundle(Source::new("mysql.yaml", WEB));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, state) = client(behaviour);
        let watched = state.clone();
        let interrupted = async move {
            while !when(&watched.lock().unwrap()) {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        };
        let options = Options {
            keep,
            ..options(60_000)
        };
        let result = live::verify_until(
            client,
            "fake".into(),
            &bundle,
            &options,
            &mut |_| {},
            interrupted,
        )
        .await;
        (result, state)
    })
}

fn applied(fake: &Fake) -> bool {
    fake.requests
        .iter()
        .any(|r| r.starts_with("PATCH /apis/apps/v1/") && !r.contains("dryRun"))
}

/// Interrupted once the objects are applied, on a cluster whose Pods never become Ready
/// (without the interruption the run would wait a minute).
fn interrupted_after_apply(
    keep: bool,
) -> (Result<live::LiveReport, live::LiveError>, Arc<Mutex<Fake>>) {
    let stuck = Behaviour {
        stuck: true,
        ..Behaviour::default()
    };
    verify_interrupted(stuck, keep, applied)
}

#[test]
fn an_interrupted_run_deletes_its_namespace() {
    let (result, state) = interrupted_after_apply(false);
    let error = result.unwrap_err();
    assert_eq!(
        error.message,
        "interrupted; namespace sts-tutor-test was deleted"
    );
    assert!(state.lock().unwrap().namespace_deleted);
}

#[test]
fn an_interrupted_run_keeps_its_namespace_with_keep() {
    let (result, state) = interrupted_after_apply(true);
    let error = result.unwrap_err();
    assert!(error.message.contains("was kept (--keep)"), "{error:?}");
    assert!(
        error
            .help
            .contains("kubectl delete namespace sts-tutor-test")
    );
    assert!(!state.lock().unwrap().namespace_deleted);
}

#[test]
fn an_interruption_before_the_namespace_exists_deletes_nothing() {
    // The namespace belongs to someone else; interrupted at once, before our create
    // request is answered, the run must not delete it.
    let (result, state) = verify_interrupted(
        Behaviour {
            namespace_exists: true,
            ..Behaviour::default()
        },
        false,
        |_| true,
    );
    let error = result.unwrap_err();
    assert!(error.message.contains("nothing to clean up"), "{error:?}");
    let fake = state.lock().unwrap();
    assert!(!fake.namespace_deleted);
    assert!(fake.requests.iter().all(|r| !r.starts_with("DELETE")));
}
