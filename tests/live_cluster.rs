//! `verify --live` end to end against a real control plane: the testbed (`scripts/testbed`:
//! kube-apiserver, kube-controller-manager and kube-scheduler v1.37.2 from Kubernetes' own
//! modules, etcd, kwok Nodes), or any disposable cluster. They run only with
//! `STS_TUTOR_LIVE_TEST=1`, and say they are skipped otherwise:
//!
//! ```sh
//! scripts/testbed up && eval "$(scripts/testbed env)"
//! cargo test --all-features --test live_cluster
//! scripts/testbed down
//! ```
//!
//! The tests that need the testbed itself (its server version, its read-only user) also skip
//! on another cluster. What kwok cannot show (image pulls, container logs, crash loops, DNS
//! resolution) is proved against the mocked API server in `tests/live_mock.rs`.

#![cfg(feature = "cluster")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Namespace, Pod};
use kube::Client;
use kube::api::{Api, DeleteParams};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The right answer most tests apply: a StatefulSet and its headless Service.
const SOLUTION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/exercises/interview-web/solution.yaml"
);
const TESTBED_VERSION: &str = "v1.37.2";
const HOW_TO_RUN: &str = "scripts/testbed up && eval \"$(scripts/testbed env)\" && cargo test --all-features --test live_cluster (README: Testing against a real control plane)";

/// The cluster the live tests use.
struct Live {
    kubeconfig: PathBuf,
    /// The testbed's folder, when the cluster is the testbed.
    testbed: Option<PathBuf>,
}

fn live(test: &str) -> Option<Live> {
    if std::env::var("STS_TUTOR_LIVE_TEST").as_deref() != Ok("1") {
        skipped(test, "it needs a real control plane");
        return None;
    }
    let testbed = std::env::var_os("STS_TUTOR_TESTBED_DIR").map(PathBuf::from);
    let kubeconfig = std::env::var_os("KUBECONFIG")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".kube/config")))
        .expect("STS_TUTOR_LIVE_TEST=1 needs KUBECONFIG or ~/.kube/config");
    Some(Live {
        kubeconfig,
        testbed,
    })
}

/// Says a test is skipped, and how to run it. Written to stderr directly: the test harness
/// captures `eprintln!`, and a skipped test passes, so its message would never be seen.
fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}; run {HOW_TO_RUN}");
}

fn testbed(test: &str) -> Option<(Live, PathBuf)> {
    let live = live(test)?;
    let Some(dir) = live.testbed.clone() else {
        eprintln!(
            "skipped {test}: it needs the testbed itself (STS_TUTOR_TESTBED_DIR); run {HOW_TO_RUN}"
        );
        return None;
    };
    Some((live, dir))
}

/// Runs sts-tutor against the cluster of `kubeconfig`, with a progress store of its own.
fn sts(kubeconfig: &Path, data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sts-tutor"));
    command
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .env("STS_TUTOR_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {}\nstderr {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn client(kubeconfig: &Path) -> Client {
    let file = kube::config::Kubeconfig::read_from(kubeconfig).unwrap();
    let config =
        kube::Config::from_custom_kubeconfig(file, &kube::config::KubeConfigOptions::default())
            .await
            .unwrap();
    Client::try_from(config).unwrap()
}

/// Waits until the API server no longer has `namespace` (its deletion finishes when the
/// namespace controller has removed everything in it).
fn assert_namespace_gone(kubeconfig: &Path, namespace: &str) {
    runtime().block_on(async {
        let namespaces: Api<Namespace> = Api::all(client(kubeconfig).await);
        let started = Instant::now();
        while namespaces.get_opt(namespace).await.unwrap().is_some() {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "namespace {namespace} still exists 120 s after verify ended"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    });
}

/// A name no earlier run used, for tests that must know the namespace in advance.
fn fresh_namespace(purpose: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "sts-tutor-{purpose}-{:x}",
        (nanos ^ u128::from(std::process::id())) % 0xff_ffff
    )
}

/// The simulator's prediction for a fresh apply: Pods in creation order, PVCs, and the
/// headless Service each Pod's DNS name goes through.
fn simulated(file: &Path) -> (Vec<String>, Vec<String>, Vec<(String, String)>) {
    let output = Command::new(env!("CARGO_BIN_EXE_sts-tutor"))
        .args([
            "simulate",
            file.to_str().unwrap(),
            "--script",
            "run",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let world = json_of(&output);
    let created = world["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "create")
        .map(|e| e["pod"].as_str().unwrap().to_string())
        .collect();
    let mut pvcs: Vec<String> = world["pvcs"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|p| p["name"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    pvcs.sort();
    let dns = world["dns"]
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(|d| {
                    let name = d["name"].as_str()?;
                    let mut labels = name.split('.');
                    Some((labels.next()?.to_string(), labels.next()?.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    (created, pvcs, dns)
}

fn exercises() -> Vec<(String, PathBuf, usize)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(Path::new(ROOT).join("exercises")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("exercise.toml")) else {
            continue;
        };
        let meta: toml::Table = toml::from_str(&text).unwrap();
        let actions = meta
            .get("live")
            .and_then(|live| live.get("actions"))
            .and_then(|a| a.as_array())
            .map_or(0, Vec::len);
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        found.push((id, dir.join("solution.yaml"), actions));
    }
    found.sort();
    found
}

#[test]
fn every_exercise_solution_verifies_as_the_simulator_predicts() {
    let Some(live) = live("every_exercise_solution_verifies_as_the_simulator_predicts") else {
        return;
    };
    let exercises = exercises();
    assert!(exercises.len() >= 13, "{exercises:?}");
    // Three at a time: each waits mostly on the controllers and on its namespace's deletion.
    for batch in exercises.chunks(3) {
        std::thread::scope(|scope| {
            for (id, solution, actions) in batch {
                let live = &live;
                scope.spawn(move || verify_exercise(live, id, solution, *actions));
            }
        });
    }
}

/// Verifies one exercise's solution with its live checks and actions, and compares what the
/// controller did with the simulator's prediction.
fn verify_exercise(live: &Live, id: &str, solution: &Path, actions: usize) {
    let data = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let output = sts(
        &live.kubeconfig,
        data.path(),
        &[
            "verify",
            solution.to_str().unwrap(),
            "--live",
            "--yes",
            "--exercise",
            id,
            // Generous: on a loaded two-core machine the control plane can be slow.
            "--timeout",
            "300",
            "--format",
            "json",
        ],
    )
    .output()
    .unwrap();
    let report = json_of(&output);
    let steps: Vec<String> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}: {}", s["ok"], s["name"], s["detail"]))
        .collect();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{id}: {steps:#?}\n{report:#}"
    );
    assert_eq!(report["passed"], true, "{id}: {steps:#?}");
    if live.testbed.is_some() {
        assert_eq!(report["server_version"], TESTBED_VERSION, "{id}");
    }
    for wanted in [
        "server-side dry run",
        "apply",
        "pods ready",
        "compare with the simulation",
    ] {
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with(&format!("true \"{wanted}\""))),
            "{id}: no passing step {wanted:?} in {steps:#?}"
        );
    }
    let action_steps = steps.iter().filter(|s| s.contains("\"action `")).count();
    assert_eq!(
        action_steps, actions,
        "{id}: every live action is performed: {steps:#?}"
    );

    // What the real controller did, against the simulator's prediction.
    let (predicted, pvcs, dns) = simulated(solution);
    let observed = &report["observation"];
    let created: Vec<String> = serde_json::from_value(observed["created"].clone()).unwrap();
    let ready: Vec<String> = serde_json::from_value(observed["ready"].clone()).unwrap();
    let parallel = std::fs::read_to_string(solution)
        .unwrap()
        .contains("podManagementPolicy: Parallel");
    if parallel {
        let (mut a, mut b) = (created.clone(), predicted.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "{id}: the Pods of a Parallel StatefulSet");
    } else {
        assert_eq!(created, predicted, "{id}: OrderedReady creation order");
        assert_eq!(ready, predicted, "{id}: OrderedReady readiness order");
    }
    let mut bound: Vec<String> = serde_json::from_value(observed["pvcs_bound"].clone()).unwrap();
    bound.sort();
    assert_eq!(bound, pvcs, "{id}: every claim of the templates is Bound");
    for identity in observed["identities"].as_array().unwrap() {
        let (pod, hostname, subdomain) = (&identity[0], &identity[1], &identity[2]);
        assert_eq!(hostname, pod, "{id}: a Pod's hostname is its name");
        let service = dns
            .iter()
            .find(|(p, _)| p == pod.as_str().unwrap())
            .map(|(_, s)| s.clone());
        if let Some(service) = service {
            assert_eq!(
                subdomain.as_str(),
                Some(service.as_str()),
                "{id}: {pod}'s subdomain"
            );
        }
    }
    assert_eq!(report["cleaned_up"], true, "{id}");
    assert_namespace_gone(&live.kubeconfig, report["namespace"].as_str().unwrap());
    eprintln!("{id}: verified in {:.1}s", started.elapsed().as_secs_f64());
}

#[test]
fn keep_leaves_the_namespace_for_inspection() {
    let Some(live) = live("keep_leaves_the_namespace_for_inspection") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let namespace = fresh_namespace("keep");
    let output = sts(
        &live.kubeconfig,
        data.path(),
        &[
            "verify",
            SOLUTION,
            "--live",
            "--yes",
            "--keep",
            "--namespace",
            &namespace,
            "--timeout",
            "300",
        ],
    )
    .output()
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("kept namespace {namespace} (--keep)")),
        "{stdout}"
    );
    runtime().block_on(async {
        let client = client(&live.kubeconfig).await;
        let kept = Api::<Namespace>::all(client.clone())
            .get(&namespace)
            .await
            .unwrap();
        assert_eq!(
            kept.metadata
                .labels
                .unwrap_or_default()
                .get("app.kubernetes.io/managed-by")
                .map(String::as_str),
            Some("sts-tutor")
        );
        let set = Api::<StatefulSet>::namespaced(client.clone(), &namespace)
            .get("web")
            .await
            .unwrap();
        assert_eq!(set.status.unwrap().ready_replicas, Some(2));
        Api::<Namespace>::all(client)
            .delete(&namespace, &DeleteParams::default())
            .await
            .unwrap();
    });
    assert_namespace_gone(&live.kubeconfig, &namespace);
}

/// One change to the interview-web solution that the API server must refuse.
struct Rejected {
    name: &'static str,
    from: &'static str,
    to: &'static str,
    /// The line the server's cause must be shown on: the first line of the changed file
    /// that contains this text.
    on_line_with: &'static str,
    says: &'static str,
}

const REJECTED: &[Rejected] = &[
    Rejected {
        name: "selector that does not match the template",
        from: "  selector:\n    matchLabels:\n      app: web\n  template:",
        to: "  selector:\n    matchLabels:\n      app: webb\n  template:",
        // The server names the template's labels, not the selector.
        on_line_with: "      labels:",
        says: "`selector` does not match template `labels`",
    },
    Rejected {
        name: "clusterIP: none",
        from: "clusterIP: None",
        to: "clusterIP: none",
        on_line_with: "clusterIP: none",
        says: "must be a valid IP address",
    },
    Rejected {
        name: "negative replica count",
        from: "replicas: 2",
        to: "replicas: -1",
        on_line_with: "replicas: -1",
        says: "must be greater than or equal to 0",
    },
    Rejected {
        name: "unknown field under strict validation",
        from: "  replicas: 2\n",
        to: "  replicas: 2\n  replica: 3\n",
        on_line_with: "replica: 3",
        says: "field not declared in schema",
    },
    Rejected {
        name: "unknown field in a container",
        from: "        image: nginx\n",
        to: "        image: nginx\n        imagePullPolicyy: Always\n",
        on_line_with: "imagePullPolicyy",
        says: "field not declared in schema",
    },
    Rejected {
        name: "a string where a number goes",
        from: "replicas: 2",
        to: "replicas: two",
        on_line_with: "replicas: two",
        says: "expected numeric",
    },
];

#[test]
fn manifests_the_server_rejects_are_shown_on_their_lines() {
    let Some(live) = live("manifests_the_server_rejects_are_shown_on_their_lines") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let solution = std::fs::read_to_string(SOLUTION).unwrap();
    for case in REJECTED {
        assert!(
            solution.contains(case.from),
            "{}: the solution changed",
            case.name
        );
        let text = solution.replacen(case.from, case.to, 1);
        let line = text
            .lines()
            .position(|l| l.contains(case.on_line_with))
            .unwrap()
            + 1;
        let file = data.path().join("web.yaml");
        std::fs::write(&file, &text).unwrap();
        let file = file.to_str().unwrap();
        let output = sts(
            &live.kubeconfig,
            data.path(),
            &["verify", file, "--live", "--yes", "--format", "json"],
        )
        .output()
        .unwrap();
        let report = json_of(&output);
        assert_eq!(output.status.code(), Some(1), "{}: {report:#}", case.name);
        let errors = report["server_errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["line"] == line && e["message"].as_str().unwrap().contains(case.says)),
            "{}: expected line {line} saying {:?}: {errors:#?}",
            case.name,
            case.says
        );
        assert!(
            !report["steps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["name"] == "apply"),
            "{}: nothing is applied after a failed dry run",
            case.name
        );
        assert_eq!(report["cleaned_up"], true);
        assert_namespace_gone(&live.kubeconfig, report["namespace"].as_str().unwrap());

        // On a terminal the same cause reads FILE:LINE.
        let output = sts(
            &live.kubeconfig,
            data.path(),
            &["verify", file, "--live", "--yes"],
        )
        .output()
        .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{stdout}");
        assert!(
            stdout.contains(&format!("{file}:{line}: ")),
            "{}: {stdout}",
            case.name
        );
        assert!(
            stdout
                .trim_end()
                .ends_with("Not verified: see the steps above."),
            "{stdout}"
        );
    }
}

#[test]
fn a_user_who_may_only_read_is_told_what_is_forbidden_and_nothing_is_left() {
    let Some((live, dir)) =
        testbed("a_user_who_may_only_read_is_told_what_is_forbidden_and_nothing_is_left")
    else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let namespace = fresh_namespace("rbac");
    let output = sts(
        &dir.join("viewer.kubeconfig"),
        data.path(),
        &[
            "verify",
            SOLUTION,
            "--live",
            "--yes",
            "--namespace",
            &namespace,
        ],
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the cluster forbids creating namespace {namespace}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot create resource \"namespaces\""),
        "{stderr}"
    );
    assert!(stderr.contains("RBAC"), "{stderr}");
    runtime().block_on(async {
        let namespaces: Api<Namespace> = Api::all(client(&live.kubeconfig).await);
        assert!(namespaces.get_opt(&namespace).await.unwrap().is_none());
    });
}

/// Starts a verification whose Pods can never be scheduled (no Node has the label), waits
/// until the watch is under way, and sends it SIGINT (what Ctrl-C sends).
fn interrupt_during_the_watch(live: &Live, data: &Path, namespace: &str, keep: bool) -> Output {
    let solution = std::fs::read_to_string(SOLUTION).unwrap();
    let stuck = solution.replacen(
        "      containers:\n",
        "      nodeSelector:\n        sts-tutor.test/never: \"true\"\n      containers:\n",
        1,
    );
    assert_ne!(stuck, solution);
    let file = data.join("stuck.yaml");
    std::fs::write(&file, stuck).unwrap();
    let mut args = vec![
        "verify",
        file.to_str().unwrap(),
        "--live",
        "--yes",
        "--namespace",
        namespace,
        "--timeout",
        "300",
    ];
    if keep {
        args.push("--keep");
    }
    let child = sts(&live.kubeconfig, data, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    runtime().block_on(async {
        let pods: Api<Pod> = Api::namespaced(client(&live.kubeconfig).await, namespace);
        let started = Instant::now();
        loop {
            if let Ok(list) = pods.list(&Default::default()).await
                && !list.items.is_empty()
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no Pod in {namespace} after 60 s"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    // The Pod exists; give verify a moment to be inside its watch.
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait_with_output().unwrap()
}

#[test]
fn ctrl_c_during_the_watch_deletes_the_namespace() {
    let Some(live) = live("ctrl_c_during_the_watch_deletes_the_namespace") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let namespace = fresh_namespace("sigint");
    let output = interrupt_during_the_watch(&live, data.path(), &namespace, false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Exit 2: the verification could not finish.
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("interrupted; namespace {namespace} was deleted")),
        "{stderr}"
    );
    assert_namespace_gone(&live.kubeconfig, &namespace);
}

#[test]
fn ctrl_c_with_keep_leaves_the_namespace() {
    let Some(live) = live("ctrl_c_with_keep_leaves_the_namespace") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let namespace = fresh_namespace("sigint-keep");
    let output = interrupt_during_the_watch(&live, data.path(), &namespace, true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "interrupted; namespace {namespace} was kept (--keep)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("kubectl delete namespace {namespace}")),
        "{stderr}"
    );
    runtime().block_on(async {
        let namespaces: Api<Namespace> = Api::all(client(&live.kubeconfig).await);
        let kept = namespaces.get(&namespace).await.unwrap();
        assert!(
            kept.metadata.deletion_timestamp.is_none(),
            "kept, not terminating"
        );
        namespaces
            .delete(&namespace, &DeleteParams::default())
            .await
            .unwrap();
    });
    assert_namespace_gone(&live.kubeconfig, &namespace);
}

#[test]
fn verify_refuses_to_run_by_accident() {
    let data = tempfile::tempdir().unwrap();
    let output = sts(
        Path::new("/nonexistent"),
        data.path(),
        &["verify", SOLUTION],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs --live"));
    // Without a kubeconfig (HOME pointed at an empty folder), the error says what to do.
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sts-tutor"))
        .env("HOME", home.path())
        .env_remove("KUBECONFIG")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("STS_TUTOR_DATA_DIR", data.path())
        .args(["verify", SOLUTION, "--live", "--yes"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no cluster is configured"), "{stderr}");
    assert!(stderr.contains("KUBECONFIG"), "{stderr}");
}

#[test]
fn the_testbed_reports_itself_up_and_a_second_up_is_harmless() {
    let Some((_, dir)) = testbed("the_testbed_reports_itself_up_and_a_second_up_is_harmless")
    else {
        return;
    };
    let script = format!("{ROOT}/scripts/testbed");
    let up = Command::new(&script)
        .arg("up")
        .env("STS_TESTBED_DIR", &dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&up.stdout);
    assert!(
        up.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert!(stdout.contains("testbed is already up"), "{stdout}");
    let status = Command::new(&script)
        .arg("status")
        .env("STS_TESTBED_DIR", &dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{stdout}");
    for component in [
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "kwok",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(component) && l.contains("ready (pid")),
            "{component}: {stdout}"
        );
    }
    let env = Command::new(&script)
        .arg("env")
        .env("STS_TESTBED_DIR", &dir)
        .output()
        .unwrap();
    let exports = String::from_utf8_lossy(&env.stdout);
    assert!(exports.contains("export KUBECONFIG="), "{exports}");
    assert!(
        exports.contains("export STS_TUTOR_LIVE_TEST=1"),
        "{exports}"
    );
}

#[test]
fn a_dozen_replicas_are_seen_created_in_ordinal_order() {
    // kwok makes each Pod Ready at once, so several are created within one second: their
    // whole-second creationTimestamps tie, and web-10 must still come after web-9.
    let Some(live) = live("a_dozen_replicas_are_seen_created_in_ordinal_order") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let solution = std::fs::read_to_string(SOLUTION).unwrap();
    let file = data.path().join("web.yaml");
    std::fs::write(&file, solution.replacen("replicas: 2", "replicas: 12", 1)).unwrap();
    let output = sts(
        &live.kubeconfig,
        data.path(),
        &[
            "verify",
            file.to_str().unwrap(),
            "--live",
            "--yes",
            "--timeout",
            "300",
            "--format",
            "json",
        ],
    )
    .output()
    .unwrap();
    let report = json_of(&output);
    let wanted: Vec<String> = (0..12).map(|i| format!("web-{i}")).collect();
    assert_eq!(
        report["observation"]["created"],
        serde_json::json!(wanted),
        "{report:#}"
    );
    assert_eq!(
        report["observation"]["ready"],
        serde_json::json!(wanted),
        "{report:#}"
    );
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_namespace_gone(&live.kubeconfig, report["namespace"].as_str().unwrap());
}
