//! What an experienced operator asks of a StatefulSet before it runs in production. These
//! are warnings: the API server accepts the manifest. Skip logic follows kube-score, so a
//! check that does not apply says why instead of firing a false positive.

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{Container, PodAffinityTerm, PodSpec, Probe};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{
    Labels, app_containers, containers, map_selects, pod_spec, replicas, selector_matches,
    template_labels, template_spec_path,
};
use crate::manifest::{FieldPath, Object};
use crate::review::registry::{Findings, Scope, same_namespace};

const HOSTNAME: &str = "kubernetes.io/hostname";

fn labels_of(sts: &StatefulSet) -> Labels {
    template_labels(sts).cloned().unwrap_or_default()
}

/// Whether a budget allows no voluntary disruption at all (node drains would hang).
fn blocks_all_evictions(pdb: &PodDisruptionBudget, replicas: i32) -> bool {
    let Some(spec) = &pdb.spec else { return false };
    match (&spec.max_unavailable, &spec.min_available) {
        (Some(IntOrString::Int(0)), _) => true,
        (Some(IntOrString::String(s)), _) => s == "0%",
        (None, Some(IntOrString::Int(n))) => *n >= replicas,
        (None, Some(IntOrString::String(s))) => s == "100%",
        _ => false,
    }
}

/// In policy/v1 an empty budget selector selects every Pod of the namespace.
pub(crate) fn budget_selects(selector: &LabelSelector, labels: &Labels) -> bool {
    let empty = selector.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(|e| e.is_empty());
    empty || selector_matches(selector, labels)
}

pub fn pod_disruption_budget(bundle: &Scope<'_>, f: &mut Findings) {
    let place = bundle.where_();
    for (i, object, sts) in bundle.statefulsets() {
        let count = replicas(sts);
        if count < 2 {
            f.skip(
                i,
                "fewer than 2 replicas: a budget cannot protect a single Pod",
            );
            continue;
        }
        let labels = labels_of(sts);
        let candidates = bundle.set_budgets_for(&labels);
        let selects = |pdb: &PodDisruptionBudget| {
            pdb.spec
                .as_ref()
                .and_then(|s| s.selector.as_ref())
                .is_some_and(|sel| budget_selects(sel, &labels))
        };
        let budget = candidates
            .iter()
            .find(|(o, pdb)| same_namespace(o, object) && selects(pdb));
        match budget.copied() {
            None => {
                // Budgets on removed versions, with their selectors read from the JSON.
                let removed =
                    bundle
                        .set_removed_budgets_for(&labels)
                        .into_iter()
                        .find(|(o, sel)| {
                            same_namespace(o, object)
                        // policy/v1beta1: an empty selector selects no Pod.
                        && selector_matches(sel, &labels)
                        });
                match removed {
                    Some((old, _)) => {
                        f.at(i, FieldPath::parse("metadata.name"), format!("{} selects these Pods, but on {}, an API version that was removed, so no cluster accepts it", old.label(), old.api_version))
                            .help("change its apiVersion to policy/v1 (in policy/v1 an empty selector selects every Pod of the namespace, in policy/v1beta1 none)");
                    }
                    None => {
                        // A budget that would select the Pods, were it in their namespace.
                        match candidates.iter().find(|(_, pdb)| selects(pdb)) {
                            Some((o, _)) => {
                                f.at(i, FieldPath::parse("metadata.name"), format!("{} selects these labels, but it is in {} and this StatefulSet in {}: a budget protects Pods of its own namespace only", o.label(), o.namespace_words(), object.namespace_words()))
                                    .help("put the PodDisruptionBudget in the StatefulSet's namespace (metadata.namespace)");
                            }
                            None => {
                                f.at(i, FieldPath::parse("metadata.name"), format!("no PodDisruptionBudget {place} selects the Pods of this {count}-replica StatefulSet"))
                                    .help("add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 and the same selector, so node drains take down one member at a time");
                            }
                        }
                    }
                }
            }
            Some((o, pdb)) if blocks_all_evictions(pdb, count) => {
                f.at(
                    i,
                    FieldPath::parse("metadata.name"),
                    format!(
                        "{} allows no voluntary disruption, so node drains will never finish",
                        o.label()
                    ),
                )
                .help("allow at least one Pod to be evicted, e.g. maxUnavailable: 1");
            }
            // A budget with neither minAvailable nor maxUnavailable blocks every eviction
            // too: `pdb-policy` reports it, on the budget.
            Some(_) => {}
        }
    }
}

/// A policy/v1 budget with neither minAvailable nor maxUnavailable (kube-score's
/// `poddisruptionbudget-has-policy`). kube-apiserver 1.37 accepts it and defaults neither
/// field. The disruption controller (pkg/controller/disruption, getExpectedPodCount) then
/// sets no expected Pod count, and updatePdbStatus turns `expectedCount <= 0` into
/// `disruptionsAllowed: 0`: the eviction API answers 429 for every Pod the budget selects
/// ("Cannot evict pod as it would violate the pod's disruption budget"), ready or not, so a
/// drain never finishes. Seen on kube-apiserver and kube-controller-manager v1.37.2:
/// status expectedPods 0, desiredHealthy 0, disruptionsAllowed 0, reason InsufficientPods.
/// Reported on the budget, which is where the fix goes; `pod-disruption-budget` counts such
/// a budget as found, so the StatefulSet is not reported twice for it.
pub fn pdb_policy(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, pdb) in bundle.budgets() {
        let spec = pdb.spec.as_ref();
        if spec.is_some_and(|s| s.min_available.is_some() || s.max_unavailable.is_some()) {
            continue;
        }
        let selector = spec.and_then(|s| s.selector.as_ref());
        // On `spec` (where the two fields go), or on the name when there is no spec.
        let path = Some(FieldPath::parse("spec"))
            .filter(|p| super::present(object, p))
            .unwrap_or_else(|| FieldPath::parse("metadata.name"));
        let Some(selector) = selector else {
            f.at(
                i,
                path,
                "sets neither minAvailable nor maxUnavailable, and no selector: this budget does nothing",
            )
            .on_key()
            .help("give it a selector (the Pods' labels) and maxUnavailable: 1, or delete it");
            continue;
        };
        let held: Vec<String> = bundle
            .set_statefulsets()
            .filter(|(o, sts)| {
                same_namespace(o, object) && budget_selects(selector, &labels_of(sts))
            })
            .map(|(o, _)| o.label())
            .collect();
        // AlwaysAllow lets a Pod that is not Ready go without the budget's leave.
        let always_allow =
            spec.and_then(|s| s.unhealthy_pod_eviction_policy.as_deref()) == Some("AlwaysAllow");
        let which = if always_allow {
            "a Ready Pod"
        } else {
            "any Pod"
        };
        let whose = if held.is_empty() {
            format!("{which} it selects")
        } else {
            format!("{which} of {}", held.join(", "))
        };
        f.at(
            i,
            path,
            format!(
                "sets neither minAvailable nor maxUnavailable: the disruption controller then expects no Pods and allows no eviction (status.disruptionsAllowed stays 0), so a node drain never evicts {whose}"
            ),
        )
        .on_key()
        .help("set maxUnavailable: 1 (one member down at a time, the usual choice for a quorum-based StatefulSet), or minAvailable; the API server defaults neither");
    }
}

fn term_spreads(term: &PodAffinityTerm, labels: &Labels) -> bool {
    term.topology_key == HOSTNAME
        && term
            .label_selector
            .as_ref()
            .is_some_and(|sel| selector_matches(sel, labels))
}

fn spreads_across_nodes(pod: &PodSpec, labels: &Labels) -> bool {
    let anti = pod
        .affinity
        .as_ref()
        .and_then(|a| a.pod_anti_affinity.as_ref());
    let required = anti.into_iter().flat_map(|a| {
        a.required_during_scheduling_ignored_during_execution
            .iter()
            .flatten()
    });
    let preferred = anti.into_iter().flat_map(|a| {
        a.preferred_during_scheduling_ignored_during_execution
            .iter()
            .flatten()
    });
    let spread = pod.topology_spread_constraints.iter().flatten().any(|c| {
        c.topology_key == HOSTNAME
            && c.label_selector
                .as_ref()
                .is_some_and(|sel| selector_matches(sel, labels))
    });
    spread
        || required.into_iter().any(|t| term_spreads(t, labels))
        || preferred
            .into_iter()
            .any(|w| term_spreads(&w.pod_affinity_term, labels))
}

pub fn pod_anti_affinity(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        if replicas(sts) < 2 {
            f.skip(i, "fewer than 2 replicas: there is nothing to spread");
            continue;
        }
        let Some(pod) = pod_spec(sts) else { continue };
        if !spreads_across_nodes(pod, &labels_of(sts)) {
            f.at(i, template_spec_path().key("affinity"), "nothing keeps two replicas off the same node: one node failure can take down several members")
                .help("add podAntiAffinity (preferred or required) with topologyKey: kubernetes.io/hostname and a labelSelector matching the Pod labels, or a topologySpreadConstraint on that key");
        }
    }
}

/// Whether any Service (named by serviceName, or in the files given) sends traffic to the Pods.
fn targeted_by_service(bundle: &Scope<'_>, object: &Object, sts: &StatefulSet) -> bool {
    let named = sts
        .spec
        .service_name
        .as_deref()
        .is_some_and(|n| !n.is_empty());
    let labels = labels_of(sts);
    named
        || bundle.set_services_for(&labels).into_iter().any(|(o, s)| {
            same_namespace(o, object)
                && map_selects(s.spec.as_ref().and_then(|s| s.selector.as_ref()), &labels)
        })
}

/// Whether an init container is a sidecar: `restartPolicy: Always` keeps it running beside
/// the app containers (core/v1 Container.restartPolicy).
fn is_sidecar(container: &Container) -> bool {
    container.restart_policy.as_deref() == Some("Always")
}

/// The containers that run for the Pod's whole life: app containers and sidecar init
/// containers, with their paths.
fn running_containers(pod: &PodSpec) -> Vec<(FieldPath, &Container)> {
    containers(pod, &template_spec_path())
        .into_iter()
        .filter(|(path, c)| !is_init(path) || is_sidecar(c))
        .collect()
}

fn is_init(path: &FieldPath) -> bool {
    path.0
        .iter()
        .any(|s| matches!(s, crate::manifest::path::Segment::Key(k) if k == "initContainers"))
}

/// kube-score's logic ("Pod Probes"): one readinessProbe anywhere in the Pod is enough (a
/// helper sidecar without one is Ready as soon as it starts, which is right for it), and a
/// Pod no Service targets needs none. Init containers that run to completion may not have
/// probes at all (the API server rejects them), so they are never asked for one.
pub fn readiness_probe(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, sts) in bundle.statefulsets() {
        if !targeted_by_service(bundle, object, sts) {
            f.skip(
                i,
                "no Service targets the Pods (no serviceName, no selecting Service in the files given)",
            );
            continue;
        }
        let Some(pod) = pod_spec(sts) else { continue };
        let running = running_containers(pod);
        if running.iter().any(|(_, c)| c.readiness_probe.is_some()) {
            continue;
        }
        // Point at the container that serves: the first app container with ports.
        let apps = app_containers(pod, &template_spec_path());
        let Some((path, container)) = apps
            .iter()
            .find(|(_, c)| c.ports.as_ref().is_some_and(|p| !p.is_empty()))
            .or(apps.first())
        else {
            continue;
        };
        let message = if running.len() > 1 {
            format!(
                "no container of the Pod has a readinessProbe (add one to \"{}\", which serves)",
                container.name
            )
        } else {
            format!("container \"{}\" has no readinessProbe", container.name)
        };
        f.at(i, path.key("readinessProbe"), message)
            .help("without one a Pod counts as Ready as soon as it starts: OrderedReady then starts the next Pod, and DNS and rolling updates treat it as serving before it can");
    }
}

pub fn resource_requests(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        for (path, container) in containers(pod, &template_spec_path()) {
            if is_init(&path) && !is_sidecar(container) {
                f.skip(i, format!("init container \"{}\" runs to completion before the app containers start: the Pod's request is the larger of the init containers' and the sum of the others', so it runs within what they request", container.name));
                continue;
            }
            let requests = container
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref());
            let missing: Vec<&str> = ["cpu", "memory"]
                .into_iter()
                .filter(|r| requests.is_none_or(|map| !map.contains_key(*r)))
                .collect();
            if !missing.is_empty() {
                f.at(i, path.then("resources.requests"), format!("container \"{}\" requests no {}", container.name, missing.join(" or ")))
                    .help("set resources.requests so the scheduler places the Pod on a node that can run it, and it is not the first evicted under memory pressure");
            }
        }
    }
}

/// Splits an image reference into (name, tag, digest).
fn image_parts(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[last_slash..].rfind(':') {
        Some(colon) => (
            &rest[..last_slash + colon],
            Some(&rest[last_slash + colon + 1..]),
            digest,
        ),
        None => (rest, None, digest),
    }
}

pub fn image_tag(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        for (path, container) in containers(pod, &template_spec_path()) {
            // No image at all is an error of container-image, not a missing tag.
            let Some(image) = container.image.as_deref().filter(|i| !i.trim().is_empty()) else {
                continue;
            };
            let (name, tag, digest) = image_parts(image);
            if digest.is_some() {
                continue;
            }
            let problem = match tag {
                None => "has no tag, so it means :latest",
                Some("latest") => "uses the :latest tag",
                Some(_) => continue,
            };
            f.at(i, path.key("image"), format!("image \"{image}\" {problem}"))
                .help(format!("pin a version (e.g. {name}:1.2.3) or a digest: with :latest, Pods re-created at different times can run different code"));
        }
    }
}

pub fn termination_grace_period(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        if pod_spec(sts).and_then(|p| p.termination_grace_period_seconds) == Some(0) {
            f.at(i, template_spec_path().key("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds: 0 is unsafe for StatefulSet Pods")
                .help("give the application time to shut down cleanly (the default is 30 seconds): a Pod killed at once can leave its data or its cluster membership inconsistent");
        }
    }
}

const PASSWORD_VARIABLES: &[&str] = &[
    "MYSQL_ROOT_PASSWORD",
    "MYSQL_ALLOW_EMPTY_PASSWORD",
    "MYSQL_RANDOM_ROOT_PASSWORD",
    "MYSQL_ROOT_PASSWORD_FILE",
    "MARIADB_ROOT_PASSWORD",
    "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
    "MARIADB_RANDOM_ROOT_PASSWORD",
    "MARIADB_ROOT_PASSWORD_FILE",
    "MARIADB_ROOT_PASSWORD_HASH",
];

pub fn mysql_root_password(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        for (path, container) in containers(pod, &template_spec_path()) {
            let Some(image) = container.image.as_deref() else {
                continue;
            };
            let (name, _, _) = image_parts(image);
            let repo = name.rsplit('/').next().unwrap_or(name);
            if !matches!(repo, "mysql" | "mariadb") {
                continue;
            }
            if container.command.is_some() || container.env_from.is_some() {
                f.skip(i, format!("container \"{}\" overrides the entrypoint or takes env from a ConfigMap or Secret", container.name));
                continue;
            }
            let has_password = container
                .env
                .iter()
                .flatten()
                .any(|e| PASSWORD_VARIABLES.contains(&e.name.as_str()));
            if !has_password {
                f.at(i, path.key("env"), format!("container \"{}\" ({image}) sets none of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD", container.name))
                    .help("on an empty data directory the image's entrypoint exits with \"database is uninitialized and password option is not specified\": the Pod crash-loops and, under OrderedReady, the next Pods are never created. Set MYSQL_ROOT_PASSWORD from a Secret");
            }
        }
    }
}

/// A probe port as the kubelet uses it: a number, or a name it looks up in the probe's own
/// container's ports (`pkg/probe/util.go` ResolveContainerPort). A name that container does
/// not declare is kept as written (the probe then fails; two of them compare by name).
#[derive(Debug, PartialEq, Eq)]
enum Port {
    Number(i32),
    Name(String),
}

fn resolve_port(port: &IntOrString, container: &Container) -> Port {
    match port {
        IntOrString::Int(n) => Port::Number(*n),
        IntOrString::String(name) => container
            .ports
            .iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map_or_else(
                || Port::Name(name.clone()),
                |p| Port::Number(p.container_port),
            ),
    }
}

/// What a probe checks, after the API server's defaults (`SetDefaults_HTTPGetAction`: path
/// "/", scheme HTTP; a gRPC service left out is ""). Header names compare without case and
/// in any order, as HTTP reads them.
#[derive(Debug, PartialEq, Eq)]
enum Check {
    Exec(Vec<String>),
    Http {
        scheme: String,
        host: String,
        port: Port,
        path: String,
        headers: Vec<(String, String)>,
    },
    Tcp {
        host: String,
        port: Port,
    },
    Grpc {
        port: i32,
        service: String,
    },
}

/// The one check of a probe; `None` without exactly one handler (`probe-handler`'s error).
fn probe_check(probe: &Probe, container: &Container) -> Option<Check> {
    let mut checks = Vec::new();
    if let Some(exec) = &probe.exec {
        checks.push(Check::Exec(exec.command.clone().unwrap_or_default()));
    }
    if let Some(http) = &probe.http_get {
        let mut headers: Vec<(String, String)> = http
            .http_headers
            .iter()
            .flatten()
            .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
            .collect();
        headers.sort();
        checks.push(Check::Http {
            scheme: http
                .scheme
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "HTTP".into()),
            host: http.host.clone().unwrap_or_default(),
            port: resolve_port(&http.port, container),
            path: http
                .path
                .clone()
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "/".into()),
            headers,
        });
    }
    if let Some(tcp) = &probe.tcp_socket {
        checks.push(Check::Tcp {
            host: tcp.host.clone().unwrap_or_default(),
            port: resolve_port(&tcp.port, container),
        });
    }
    if let Some(grpc) = &probe.grpc {
        checks.push(Check::Grpc {
            port: grpc.port,
            service: grpc.service.clone().unwrap_or_default(),
        });
    }
    (checks.len() == 1).then(|| checks.remove(0))
}

/// A probe's timings after the API server's defaults (`SetDefaults_Probe`: a 0 or absent
/// timeoutSeconds is 1, periodSeconds 10, failureThreshold 3).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Timing {
    timeout: i32,
    period: i32,
    failures: i32,
}

impl Timing {
    fn of(probe: &Probe) -> Timing {
        let or = |v: Option<i32>, default: i32| v.filter(|v| *v != 0).unwrap_or(default);
        Timing {
            timeout: or(probe.timeout_seconds, 1),
            period: or(probe.period_seconds, 10),
            failures: or(probe.failure_threshold, 3),
        }
    }

    /// Roughly how long the check must keep failing before the probe acts.
    fn gives_up_after(self) -> i64 {
        i64::from(self.period) * i64::from(self.failures)
    }

    fn describe(self) -> String {
        format!(
            "{} failures {}s apart, {}s timeout",
            self.failures, self.period, self.timeout
        )
    }
}

/// A livenessProbe that runs the readinessProbe's check (kube-score's "Pod Probes
/// Identical") and is no more patient than it: whenever the member stops being ready, it
/// is also restarted. For a StatefulSet that is a hazard: a member overloaded past its
/// timeout is killed instead of only taken out of traffic, its load moves to the others,
/// which then fail the same way; restarted members rejoin (replay, resync) under the load
/// that broke them, and with OrderedReady every restart also holds back the next Pod.
///
/// "The same check" is compared as the kubelet runs it: same handler after the API server's
/// defaults, a port by name resolved through the container's own ports, header names
/// without case. "No more patient": a timeout no longer than readiness's and no longer a
/// run of failures (periodSeconds × failureThreshold) before it acts; initialDelaySeconds
/// only shifts the start and successThreshold only the way back, so neither counts. The
/// Kubernetes documentation's pattern (the readiness endpoint, with a higher
/// failureThreshold for liveness, so a Pod is seen not ready for a while before it is
/// killed) is therefore not reported.
pub fn probes_identical(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        for (path, container) in running_containers(pod) {
            let (Some(ready), Some(live)) = (&container.readiness_probe, &container.liveness_probe)
            else {
                continue;
            };
            let (Some(check), Some(other)) =
                (probe_check(ready, container), probe_check(live, container))
            else {
                continue;
            };
            if check != other {
                continue;
            }
            let (r, l) = (Timing::of(ready), Timing::of(live));
            if l.timeout > r.timeout || l.gives_up_after() > r.gives_up_after() {
                continue;
            }
            let name = &container.name;
            let message = if r == l {
                format!(
                    "container \"{name}\"'s livenessProbe is its readinessProbe, with the same timings: a member that stops being ready is also restarted"
                )
            } else {
                format!(
                    "container \"{name}\"'s livenessProbe runs its readinessProbe's check and gives up no later (liveness: {}; readiness: {}): a member that stops being ready is also restarted",
                    l.describe(),
                    r.describe()
                )
            };
            f.at(i, path.key("livenessProbe"), message)
                .help("an overloaded member should only stop getting traffic: restarted, it drops its load on the others, which can fail the same way, and under OrderedReady it holds back the next Pod. Give liveness a cheaper check of its own (is the process alive, not is it ready to serve), or the same check with a larger failureThreshold so only a member stuck longer than readiness tolerates is restarted. If it is intended, say why with the annotation sts-tutor.dev/ignore: \"probes-identical: REASON\"");
        }
    }
}

/// Sysctls the kubelet allows in a Pod's securityContext.sysctls without any node
/// configuration (`pkg/kubelet/sysctl/safe_sysctls.go`, 1.37; some need a recent kernel).
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
];

/// Whether a sysctl is namespaced, so one Pod can set its own (component-helpers
/// `node/util/sysctl/namespace.go`: the IPC and UTS names, net.*, fs.mqueue.*, user.*).
/// Others (vm.*, most of kernel.* and fs.*) belong to the node.
fn namespaced_sysctl(name: &str) -> bool {
    let name = name.replace('/', ".");
    matches!(
        name.as_str(),
        "kernel.domainname"
            | "kernel.sem"
            | "kernel.shmall"
            | "kernel.shmmax"
            | "kernel.shmmni"
            | "kernel.shm_rmid_forced"
            | "kernel.msgmax"
            | "kernel.msgmnb"
            | "kernel.msgmni"
    ) || ["net.", "fs.mqueue.", "user."]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The sysctls a container's command sets with `sysctl [-w] name=value` (also inside a
/// `sh -c` string); empty when the command is anything else as well as sysctl.
fn sysctls_set(container: &Container) -> Vec<String> {
    let words: Vec<&str> = container
        .command
        .iter()
        .flatten()
        .chain(container.args.iter().flatten())
        .flat_map(|w| w.split_whitespace())
        .collect();
    if !words.iter().any(|w| w.rsplit('/').next() == Some("sysctl")) {
        return Vec::new();
    }
    words
        .iter()
        .filter_map(|w| {
            let (name, _) = w.trim_matches(['"', '\'']).split_once('=')?;
            let dotted = name.contains('.') || name.contains('/');
            (dotted
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c)))
            .then(|| name.to_string())
        })
        .collect()
}

const IGNORE_PRIVILEGED: &str = "If it is needed, say why with the annotation sts-tutor.dev/ignore: \"privileged-container: REASON\"";

/// A container with `securityContext.privileged: true` (kube-score's "Container Security
/// Context Privileged"). The API server accepts it where the cluster allows privileged
/// containers, but the container gets every capability and the node's devices, and a
/// namespace that enforces the baseline or restricted Pod Security level refuses the Pods
/// (the StatefulSet is accepted and creates none).
///
/// How much it matters depends on how long it runs and whether there is another way:
/// - an app or sidecar container runs privileged for the Pod's whole life, serving: a
///   warning (grant the capabilities it needs instead);
/// - an init container that only sets sysctls that the kubelet allows as safe in the Pod's
///   securityContext.sysctls needs no privilege at all: a warning naming that field;
/// - an init container setting a node-level sysctl (Elasticsearch's vm.max_map_count, the
///   case of two real-world manifests) has no unprivileged way from inside the Pod: a
///   privileged init container or a setting made on the nodes are the documented ways, so
///   it is a note that says it changes the whole node; likewise an init container setting
///   namespaced sysctls that are not safe (the Pod-level field needs the kubelet's
///   --allowed-unsafe-sysctls) and any other init container, which holds the privilege only
///   until it exits.
pub fn privileged_container(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        for (path, container) in containers(pod, &template_spec_path()) {
            let privileged = container
                .security_context
                .as_ref()
                .and_then(|s| s.privileged)
                .unwrap_or(false);
            if !privileged {
                continue;
            }
            let name = &container.name;
            let at = path.key("securityContext").key("privileged");
            let baseline = "a namespace that enforces the baseline or restricted Pod Security level refuses the Pods";
            if !is_init(&path) || is_sidecar(container) {
                f.at(i, at, format!("container \"{name}\" runs privileged: it has every capability and the node's devices for the Pod's whole life, so whoever takes it over has the node"))
                    .help(format!("remove privileged: true and add only the capabilities it needs (securityContext.capabilities.add, e.g. [NET_ADMIN]); {baseline}. {IGNORE_PRIVILEGED}"));
                continue;
            }
            let sysctls = sysctls_set(container);
            let list = sysctls.join(", ");
            if !sysctls.is_empty() && sysctls.iter().all(|s| SAFE_SYSCTLS.contains(&s.as_str())) {
                f.at(i, at, format!("init container \"{name}\" runs privileged only to set {list}, which a Pod may set without privilege"))
                    .help(format!("remove the init container and set it in the Pod's securityContext.sysctls (e.g. sysctls: [{{name: {}, value: \"...\"}}]): the kubelet allows it as a safe, namespaced sysctl; {baseline}. {IGNORE_PRIVILEGED}", sysctls[0]));
                continue;
            }
            let (message, help) = if sysctls.is_empty() {
                (
                    format!(
                        "init container \"{name}\" runs privileged: it has every capability and the node's devices until it exits"
                    ),
                    format!(
                        "if it needs one capability (chown needs CHOWN, a mount SYS_ADMIN), add only that (securityContext.capabilities.add) and drop privileged; {baseline}. {IGNORE_PRIVILEGED}"
                    ),
                )
            } else if sysctls.iter().any(|s| !namespaced_sysctl(s)) {
                (
                    format!(
                        "init container \"{name}\" runs privileged to set {list}, which applies to the whole node, not only this Pod"
                    ),
                    format!(
                        "a node-level sysctl cannot go in the Pod's securityContext.sysctls: a privileged init container, as here, or a setting made on the nodes (their OS configuration, or a DaemonSet the cluster's operators run) are the ways to set it. With the setting on the nodes this init container can go; {baseline}. {IGNORE_PRIVILEGED}"
                    ),
                )
            } else {
                (
                    format!(
                        "init container \"{name}\" runs privileged to set {list}, a namespaced sysctl"
                    ),
                    format!(
                        "the Pod can set it itself in securityContext.sysctls, without privilege, where the nodes' kubelets allow it (--allowed-unsafe-sysctls; the Pod is refused on a node that does not); {baseline}. {IGNORE_PRIVILEGED}"
                    ),
                )
            };
            f.at(i, at, message)
                .severity(crate::review::Severity::Info)
                .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::image_parts;
    use crate::review::rules::testing::{WEB, hits, run};

    fn scaled(text: &str) -> String {
        text.replace("  replicas: 1", "  replicas: 3")
    }

    const PDB: &str = "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    #[test]
    fn budgets() {
        assert!(
            hits("pod-disruption-budget", WEB).is_empty(),
            "skipped with 1 replica"
        );
        assert_eq!(
            hits("pod-disruption-budget", &scaled(WEB)),
            [("metadata.name".into(), 16)]
        );
        assert!(hits("pod-disruption-budget", &format!("{}{PDB}", scaled(WEB))).is_empty());
        let select_all = PDB.replace("{matchLabels: {app: web}}", "{}");
        assert!(
            hits(
                "pod-disruption-budget",
                &format!("{}{select_all}", scaled(WEB))
            )
            .is_empty(),
            "an empty selector selects all"
        );
        let blocking = format!(
            "{}{}",
            scaled(WEB),
            PDB.replace("maxUnavailable: 1", "minAvailable: 3")
        );
        assert!(
            run("pod-disruption-budget", &blocking)[0]
                .message
                .contains("allows no voluntary disruption")
        );
    }

    #[test]
    fn a_budget_in_another_namespace_is_named_with_both_namespaces() {
        let other = PDB.replace("{name: web}", "{name: web, namespace: ops}");
        let found = run("pod-disruption-budget", &format!("{}{other}", scaled(WEB)));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.starts_with(
                "PodDisruptionBudget/web selects these labels, but it is in namespace `ops`"
            ),
            "{}",
            found[0].message
        );
        // Unset and `default` are one namespace; an empty selector in another namespace
        // selects nothing here either.
        let default = PDB.replace("{name: web}", "{name: web, namespace: default}");
        assert!(
            run(
                "pod-disruption-budget",
                &format!("{}{default}", scaled(WEB))
            )
            .is_empty()
        );
        let all_of_ops = other.replace("{matchLabels: {app: web}}", "{}");
        assert!(
            run(
                "pod-disruption-budget",
                &format!("{}{all_of_ops}", scaled(WEB))
            )[0]
            .message
            .contains("namespace `ops`")
        );
    }

    #[test]
    fn a_budget_without_a_policy_blocks_every_eviction() {
        // kube-apiserver and kube-controller-manager v1.37.2 accept each of these and give
        // them status.disruptionsAllowed 0 (expectedPods 0): the eviction API answers 429.
        let budget = |spec: &str| {
            format!(
                "{}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: web}}\n{spec}",
                scaled(WEB)
            )
        };
        let line = scaled(WEB).lines().count() + 5;
        for spec in [
            "spec:\n  selector:\n    matchLabels:\n      app: web\n",
            "spec: {selector: {matchLabels: {app: web}}}\n",
            "spec:\n  minAvailable: null\n  maxUnavailable: null\n  selector: {matchLabels: {app: web}}\n",
            "spec:\n  selector: {}\n",
            "spec:\n  selector:\n    matchExpressions: [{key: app, operator: In, values: [web]}]\n",
        ] {
            let text = budget(spec);
            let found = run("pdb-policy", &text);
            assert_eq!(found.len(), 1, "{spec}");
            assert_eq!(
                (found[0].path.as_deref(), found[0].line),
                (Some("spec"), line),
                "{spec}"
            );
            assert!(
                found[0]
                    .message
                    .ends_with("never evicts any Pod of StatefulSet/web"),
                "{}",
                found[0].message
            );
            // Counted as the StatefulSet's budget: not reported a second time there.
            assert!(hits("pod-disruption-budget", &text).is_empty(), "{spec}");
        }
        let unready = run(
            "pdb-policy",
            &budget(
                "spec:\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: {matchLabels: {app: other}}\n",
            ),
        );
        assert!(
            unready[0]
                .message
                .ends_with("never evicts a Ready Pod it selects"),
            "{}",
            unready[0].message
        );
        // No spec, or no selector: it selects nothing and holds nothing.
        for spec in ["", "spec: {}\n", "spec:\n"] {
            let found = run("pdb-policy", &budget(spec));
            assert_eq!(found.len(), 1, "{spec:?}");
            assert!(found[0].message.contains("this budget does nothing"));
            let at = if spec.is_empty() {
                "metadata.name"
            } else {
                "spec"
            };
            assert_eq!(found[0].path.as_deref(), Some(at), "{spec:?}");
        }
        // Either field, any value, is a policy (a value that blocks drains is
        // pod-disruption-budget's, an invalid one pdb-spec's).
        for policy in [
            "maxUnavailable: 1",
            "maxUnavailable: 0",
            "minAvailable: \"50%\"",
            "minAvailable: 0",
            "maxUnavailable: \"0%\"",
        ] {
            let text = budget(&format!(
                "spec:\n  {policy}\n  selector: {{matchLabels: {{app: web}}}}\n"
            ));
            assert!(hits("pdb-policy", &text).is_empty(), "{policy}");
        }
    }

    #[test]
    fn anti_affinity() {
        assert!(hits("pod-anti-affinity", WEB).is_empty());
        assert_eq!(
            hits("pod-anti-affinity", &scaled(WEB)),
            [("spec.template.spec.affinity".into(), 27)]
        );
        let spread = scaled(WEB).replace("      containers:", "      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm:\n              topologyKey: kubernetes.io/hostname\n              labelSelector: {matchLabels: {app: web}}\n      containers:");
        assert!(hits("pod-anti-affinity", &spread).is_empty());
        let zone_only = spread.replace("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assert_eq!(hits("pod-anti-affinity", &zone_only).len(), 1);
    }

    #[test]
    fn probes_requests_tags_grace() {
        let bare = WEB.replace(
            "        readinessProbe:\n          tcpSocket:\n            port: 80\n",
            "",
        );
        assert_eq!(
            hits("readiness-probe", &bare),
            [("spec.template.spec.containers[0].readinessProbe".into(), 29)]
        );
        let no_service = bare.replace("  serviceName: web\n", "").replacen(
            "    app: web\n  ports",
            "    app: other\n  ports",
            1,
        );
        assert!(
            hits("readiness-probe", &no_service).is_empty(),
            "skipped without a Service"
        );
        let no_requests = WEB.replace("            cpu: 100m\n", "");
        assert_eq!(
            hits("resource-requests", &no_requests),
            [(
                "spec.template.spec.containers[0].resources.requests".into(),
                38
            )]
        );
        for (image, fires) in [
            ("nginx", true),
            ("nginx:latest", true),
            ("nginx:1.27", false),
            ("localhost:5000/nginx", true),
            ("nginx@sha256:abc", false),
            ("registry:5000/team/nginx:1.2", false),
        ] {
            assert_eq!(
                hits("image-tag", &WEB.replace("nginx:1.27", image)).len(),
                usize::from(fires),
                "{image}"
            );
        }
        let zero = WEB.replace(
            "      containers:",
            "      terminationGracePeriodSeconds: 0\n      containers:",
        );
        assert_eq!(
            hits("termination-grace-period", &zero),
            [(
                "spec.template.spec.terminationGracePeriodSeconds".into(),
                28
            )]
        );
        assert!(
            hits(
                "termination-grace-period",
                &WEB.replace(
                    "      containers:",
                    "      terminationGracePeriodSeconds: 10\n      containers:"
                )
            )
            .is_empty()
        );
    }

    #[test]
    fn mysql_needs_a_password_variable() {
        let mysql = WEB.replace("nginx:1.27", "mysql:5.7");
        assert_eq!(
            hits("mysql-root-password", &mysql),
            [("spec.template.spec.containers[0].env".into(), 29)]
        );
        let with_env = mysql.replace("        image: mysql:5.7\n", "        image: mysql:5.7\n        env:\n        - name: MYSQL_ROOT_PASSWORD\n          valueFrom: {secretKeyRef: {name: db, key: root}}\n");
        assert!(hits("mysql-root-password", &with_env).is_empty());
        assert!(hits("mysql-root-password", WEB).is_empty());
    }

    #[test]
    fn image_references() {
        assert_eq!(image_parts("nginx"), ("nginx", None, None));
        assert_eq!(
            image_parts("host:5000/a/b:1.0@sha256:x"),
            ("host:5000/a/b", Some("1.0"), Some("sha256:x"))
        );
        assert_eq!(image_parts("host:5000/a"), ("host:5000/a", None, None));
    }

    /// WEB with the readinessProbe replaced by `probes` (written at the container's level).
    fn probed(probes: &str) -> String {
        let from = "        readinessProbe:\n          tcpSocket:\n            port: 80\n";
        assert!(WEB.contains(from));
        WEB.replacen(from, probes, 1)
    }

    #[test]
    fn identical_probes_compared_as_the_kubelet_runs_them() {
        let same = [
            // Block and flow style, a port by number and by the container's port name.
            "        readinessProbe:\n          tcpSocket:\n            port: 80\n        livenessProbe:\n          tcpSocket: {port: http}\n",
            "        readinessProbe: {httpGet: {path: /healthz, port: 80}}\n        livenessProbe:\n          httpGet:\n            path: /healthz\n            port: http\n            scheme: HTTP\n          periodSeconds: 10\n          timeoutSeconds: 1\n          failureThreshold: 3\n",
            // An omitted path is \"/\"; 0 is the default; header names have no case or order.
            "        readinessProbe:\n          httpGet: {port: 80, httpHeaders: [{name: X-A, value: \"1\"}, {name: x-b, value: \"2\"}]}\n          timeoutSeconds: 0\n        livenessProbe:\n          httpGet: {path: /, port: 80, httpHeaders: [{name: x-b, value: \"2\"}, {name: x-a, value: \"1\"}]}\n",
            "        readinessProbe:\n          exec: {command: [sh, -c, \"redis-cli ping\"]}\n          initialDelaySeconds: 5\n        livenessProbe:\n          exec:\n            command:\n            - sh\n            - -c\n            - redis-cli ping\n          initialDelaySeconds: 30\n",
            "        readinessProbe: {grpc: {port: 9000}}\n        livenessProbe: {grpc: {port: 9000, service: \"\"}}\n",
            // Liveness stricter than readiness: restarted before it would be marked not ready.
            "        readinessProbe: {tcpSocket: {port: 80}, timeoutSeconds: 5}\n        livenessProbe: {tcpSocket: {port: 80}, periodSeconds: 3}\n",
        ];
        for probes in same {
            let found = hits("probes-identical", &probed(probes));
            assert_eq!(found.len(), 1, "{probes}");
            assert_eq!(found[0].0, "spec.template.spec.containers[0].livenessProbe");
            // At the livenessProbe key.
            let line = probed(probes)
                .lines()
                .position(|l| l.contains("livenessProbe"))
                .unwrap();
            assert_eq!(found[0].1, line + 1, "{probes}");
        }
        let message = &run("probes-identical", &probed(same[0]))[0].message;
        assert!(message.contains("with the same timings"), "{message}");
        let stricter = &run("probes-identical", &probed(same[5]))[0].message;
        assert!(
            stricter.contains(
                "(liveness: 3 failures 3s apart, 1s timeout; readiness: 3 failures 10s apart, 5s timeout)"
            ),
            "{stricter}"
        );
        let different = [
            // The documented pattern: the same endpoint, more patient for liveness.
            "        readinessProbe: {httpGet: {path: /healthz, port: 80}}\n        livenessProbe: {httpGet: {path: /healthz, port: 80}, failureThreshold: 6}\n",
            "        readinessProbe: {tcpSocket: {port: 80}}\n        livenessProbe: {tcpSocket: {port: 80}, timeoutSeconds: 5}\n",
            "        readinessProbe: {httpGet: {path: /ready, port: 80}}\n        livenessProbe: {httpGet: {path: /healthz, port: 80}}\n",
            "        readinessProbe: {httpGet: {path: /healthz, port: 80}}\n        livenessProbe: {httpGet: {path: /healthz, port: 80, scheme: HTTPS}}\n",
            "        readinessProbe: {tcpSocket: {port: 80}}\n        livenessProbe: {tcpSocket: {port: 81}}\n",
            "        readinessProbe: {tcpSocket: {port: 80}}\n        livenessProbe: {httpGet: {port: 80}}\n",
            // A name the container does not declare is not guessed to be 80.
            "        readinessProbe: {tcpSocket: {port: 80}}\n        livenessProbe: {tcpSocket: {port: web}}\n",
            "        readinessProbe: {exec: {command: [pg_isready]}}\n        livenessProbe: {exec: {command: [pg_isready, -q]}}\n",
            "        readinessProbe: {tcpSocket: {port: 80}}\n",
            // No handler is probe-handler's error, not a match.
            "        readinessProbe: {periodSeconds: 5}\n        livenessProbe: {periodSeconds: 5}\n",
        ];
        for probes in different {
            assert!(
                hits("probes-identical", &probed(probes)).is_empty(),
                "{probes}"
            );
        }
    }

    /// WEB with `init` (init containers, at the Pod spec's level) and `security` written
    /// under the app container.
    fn privileged(init: &str, security: &str) -> String {
        WEB.replacen(
            "      containers:\n",
            &format!("{init}      containers:\n"),
            1,
        )
        .replacen(
            "        image: nginx:1.27\n",
            &format!("        image: nginx:1.27\n{security}"),
            1,
        )
    }

    #[test]
    fn privileged_containers_by_what_they_run() {
        use crate::review::Severity;
        assert!(run("privileged-container", WEB).is_empty());
        for security in [
            "        securityContext: {privileged: false}\n",
            "        securityContext:\n          capabilities: {add: [NET_ADMIN]}\n",
        ] {
            assert!(run("privileged-container", &privileged("", security)).is_empty());
        }
        let app = run(
            "privileged-container",
            &privileged("", "        securityContext:\n          privileged: true\n"),
        );
        assert_eq!(app.len(), 1);
        assert_eq!(app[0].severity, Severity::Warning);
        assert_eq!(
            app[0].path.as_deref(),
            Some("spec.template.spec.containers[0].securityContext.privileged")
        );
        let help = app[0].help.as_deref().unwrap();
        assert!(
            help.contains("sts-tutor.dev/ignore: \"privileged-container: REASON\""),
            "{help}"
        );
        let init = |command: &str, extra: &str| {
            privileged(
                &format!(
                    "      initContainers:\n      - name: init\n        image: busybox:1.36\n        command: {command}\n        securityContext: {{privileged: true}}\n{extra}"
                ),
                "",
            )
        };
        let cases = [
            // Elasticsearch's, in its two usual spellings.
            (
                "[sysctl, -w, vm.max_map_count=262144]",
                "",
                Severity::Info,
                "which applies to the whole node",
            ),
            (
                "[sh, -c, \"sysctl -w vm.max_map_count=262144\"]",
                "",
                Severity::Info,
                "which applies to the whole node",
            ),
            (
                "[sysctl, -w, net.core.somaxconn=1024]",
                "",
                Severity::Info,
                "a namespaced sysctl",
            ),
            (
                "[sysctl, -w, net.ipv4.tcp_keepalive_time=60]",
                "",
                Severity::Warning,
                "which a Pod may set without privilege",
            ),
            (
                "[chown, -R, \"999:999\", /data]",
                "",
                Severity::Info,
                "until it exits",
            ),
            // A sidecar runs as long as the Pod.
            (
                "[sysctl, -w, vm.max_map_count=262144]",
                "        restartPolicy: Always\n",
                Severity::Warning,
                "for the Pod's whole life",
            ),
        ];
        for (command, extra, severity, says) in cases {
            let found = run("privileged-container", &init(command, extra));
            assert_eq!(found.len(), 1, "{command}");
            assert_eq!(found[0].severity, severity, "{command}");
            assert!(
                found[0].message.contains(says),
                "{command}: {}",
                found[0].message
            );
            assert_eq!(
                found[0].path.as_deref(),
                Some("spec.template.spec.initContainers[0].securityContext.privileged")
            );
            let help = found[0].help.as_deref().unwrap();
            assert!(help.contains("sts-tutor.dev/ignore"), "{help}");
        }
        // Silenced with a reason, it is listed as skipped.
        let silenced = init("[sysctl, -w, vm.max_map_count=262144]", "").replacen(
            "metadata:\n  name: web\nspec:\n  serviceName",
            "metadata:\n  name: web\n  annotations:\n    sts-tutor.dev/ignore: \"privileged-container: Elasticsearch needs vm.max_map_count\"\nspec:\n  serviceName",
            1,
        );
        assert!(run("privileged-container", &silenced).is_empty());
        assert!(run("ignore-annotation", &silenced).is_empty());
    }
}
