//! What the API server checks inside a Pod spec and its containers (validation of
//! `PodSpec` and `Container` in kube-apiserver 1.37): images, environment variable names,
//! volume mounts, user and group ids, resource names, and the Pod-level fields nodeName,
//! serviceAccountName, priorityClassName, dnsConfig and tolerations. They run on every kind
//! with a Pod spec (StatefulSet, Deployment, Job, Pod, ...), as the server validates them all
//! alike, and read the document's JSON, so a value is checked only where it is written.

use std::collections::HashMap;

use serde_json::Value;

use super::api::{checked, pod_spec_of};
use super::{each, present};
use crate::manifest::names::{
    dns1123_label, dns1123_subdomain, label_value, qualified_name, suggest,
};
use crate::manifest::path::{node_at, value_at};
use crate::manifest::quantity::{self, Quantity};
use crate::manifest::yaml::Node;
use crate::manifest::{Bundle, FieldPath, Object};
use crate::review::registry::{Findings, Scope};

/// One Pod spec of an object: the object's index, the object, and where the spec is.
struct PodAt<'a> {
    object: usize,
    doc: &'a Object,
    base: String,
}

/// Every object with a Pod spec (checked against a built-in schema), with the spec's path.
fn pods(bundle: &Bundle) -> Vec<PodAt<'_>> {
    checked(bundle)
        .filter_map(|(i, doc)| {
            let (base, _) = pod_spec_of(&doc.kind)?;
            Some(PodAt {
                object: i,
                doc,
                base: base.to_string(),
            })
        })
        .collect()
}

/// Every container and init container written in a Pod spec, with its path.
fn containers_of<'a>(pod: &PodAt<'a>) -> Vec<(FieldPath, &'a Value)> {
    let mut found = Vec::new();
    for list in ["initContainers", "containers"] {
        found.extend(each(&pod.doc.json, &format!("{}.{list}[*]", pod.base)));
    }
    found
}

/// The items of the list `key` of `value`, numbered; none when it is not a list.
fn items<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = (usize, &'a Value)> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

// ---------------------------------------------------------------------------------------
// container-image

/// A container needs an image: kube-apiserver refuses a missing or empty one ("Required
/// value"). It does not trim a Pod template's image (" " is accepted there), but a Pod's
/// image must not start or end with whitespace.
pub fn container_image(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        for (path, container) in containers_of(&pod) {
            let at = path.key("image");
            let name = text(container, "name").unwrap_or("");
            match text(container, "image") {
                None | Some("") => {
                    f.at(
                        pod.object,
                        at,
                        format!("container \"{name}\" has no image: the API server requires one"),
                    )
                    .help("name the image to run, with a pinned tag, e.g. image: nginx:1.27");
                }
                Some(image) if pod.doc.kind == "Pod" && image.trim() != image => {
                    f.at(
                        pod.object,
                        at,
                        format!("image \"{image}\" must not have leading or trailing whitespace"),
                    )
                    .help(format!("write image: {}", image.trim()));
                }
                Some(_) => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// env-name

/// Why an environment variable name (or envFrom prefix) is refused under the relaxed rule
/// of Kubernetes 1.34+ (RelaxedEnvironmentVariableValidation, GA and locked on): printable
/// ASCII (space included) other than '='.
fn env_name_problem(name: &str) -> Option<String> {
    let bad = name
        .chars()
        .find(|c| !(' '..='~').contains(c) || *c == '=')?;
    let shown = if bad == '=' {
        "'='".to_string()
    } else {
        format!("{:?}", bad.to_string())
    };
    Some(format!(
        "it contains {shown}: an environment variable name must consist only of printable ASCII characters other than '='"
    ))
}

pub fn env_name(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        for (path, container) in containers_of(&pod) {
            // Server-side apply merges env by name: a name written twice is refused
            // ("duplicate entries for key"); kubectl create only warns.
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (n, var) in items(container, "env") {
                let at = path.key("env").index(n).key("name");
                // A missing name is reported by required-field.
                let Some(name) = text(var, "name") else {
                    continue;
                };
                if let Some(first) = seen.insert(name, n) {
                    let first = path.key("env").index(first);
                    f.at(
                        pod.object,
                        at.clone(),
                        format!("environment variable \"{name}\" is set twice (also at {first})"),
                    )
                    .help("keep one of them: kubectl apply --server-side refuses the repeat, and elsewhere the last one silently wins");
                }
                if name.is_empty() {
                    f.at(pod.object, at, "an environment variable has an empty name")
                        .help("give it a name, e.g. name: LOG_LEVEL");
                } else if let Some(why) = env_name_problem(name) {
                    f.at(
                        pod.object,
                        at,
                        format!("environment variable name \"{name}\" is invalid: {why}"),
                    )
                    .help("e.g. MY_ENV.NAME or my-env-name");
                }
            }
            for (n, from) in items(container, "envFrom") {
                let Some(prefix) = text(from, "prefix") else {
                    continue;
                };
                if let Some(why) = env_name_problem(prefix) {
                    f.at(
                        pod.object,
                        path.key("envFrom").index(n).key("prefix"),
                        format!("envFrom prefix \"{prefix}\" is invalid: {why}"),
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// volume-mount-fields

/// Why a subPath or subPathExpr is refused: it must be relative and have no `..` element.
fn local_path_problem(path: &str) -> Option<&'static str> {
    if path.starts_with('/') {
        Some("must be a relative path")
    } else if path.split('/').any(|part| part == "..") {
        Some("must not contain '..'")
    } else {
        None
    }
}

pub fn volume_mount_fields(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        for (path, container) in containers_of(&pod) {
            let mut mount_paths: HashMap<&str, usize> = HashMap::new();
            for (n, mount) in items(container, "volumeMounts") {
                let at = path.key("volumeMounts").index(n);
                // Missing fields are reported by required-field; empty ones are not.
                if text(mount, "name") == Some("") {
                    f.at(
                        pod.object,
                        at.key("name"),
                        "a volumeMount has an empty name",
                    )
                    .help("name the volume or volumeClaimTemplate to mount");
                }
                match text(mount, "mountPath") {
                    Some("") => {
                        f.at(
                            pod.object,
                            at.key("mountPath"),
                            "a volumeMount has an empty mountPath",
                        )
                        .help("write where in the container the volume appears, e.g. mountPath: /data");
                    }
                    Some(mount_path) => {
                        if let Some(first) = mount_paths.insert(mount_path, n) {
                            f.at(
                                pod.object,
                                at.key("mountPath"),
                                format!("mountPath \"{mount_path}\" is used twice in this container (also volumeMounts[{first}])"),
                            )
                            .help("each volumeMount of a container needs its own mountPath");
                        }
                    }
                    None => {}
                }
                let sub_path = text(mount, "subPath").filter(|s| !s.is_empty());
                let sub_path_expr = text(mount, "subPathExpr").filter(|s| !s.is_empty());
                for (field, value) in [("subPath", sub_path), ("subPathExpr", sub_path_expr)] {
                    if let Some(value) = value
                        && let Some(why) = local_path_problem(value)
                    {
                        // On the list, where kube-apiserver reports it (volumeMounts.subPath).
                        f.at(
                            pod.object,
                            path.key("volumeMounts"),
                            format!("volumeMounts[{n}].{field} \"{value}\" is invalid: it {why}"),
                        )
                        .on_key()
                        .help("a subPath names a directory inside the volume, e.g. subPath: data");
                    }
                }
                if sub_path.is_some() && sub_path_expr.is_some() {
                    f.at(
                        pod.object,
                        at.key("subPathExpr"),
                        "subPathExpr and subPath are mutually exclusive",
                    )
                    .help("keep one of them");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// security-context

const MAX_ID: i64 = i32::MAX as i64;

fn check_id(f: &mut Findings, i: usize, at: FieldPath, value: &Value) {
    let Some(id) = value.as_i64() else { return };
    if !(0..=MAX_ID).contains(&id) {
        let field = at.to_string();
        let field = field.rsplit('.').next().unwrap_or("id").to_string();
        f.at(
            i,
            at,
            format!("{field} is {id}: it must be between 0 and 2147483647, inclusive"),
        )
        .help("user and group ids are 32-bit and not negative, e.g. 1000 (0 is root)");
    }
}

/// User and group ids in the Pod's and each container's securityContext.
pub fn security_context(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        let base = FieldPath::parse(&pod.base).key("securityContext");
        let json = &pod.doc.json;
        if let Some(sc) = value_at(json, &base) {
            for field in ["runAsUser", "runAsGroup", "fsGroup"] {
                if let Some(v) = sc.get(field) {
                    check_id(f, pod.object, base.key(field), v);
                }
            }
            for (n, v) in items(sc, "supplementalGroups") {
                check_id(f, pod.object, base.key("supplementalGroups").index(n), v);
            }
        }
        for (path, container) in containers_of(&pod) {
            let Some(sc) = container.get("securityContext") else {
                continue;
            };
            for field in ["runAsUser", "runAsGroup"] {
                if let Some(v) = sc.get(field) {
                    check_id(f, pod.object, path.key("securityContext").key(field), v);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// resource-name

/// Resource names the API server knows without a prefix (`IsStandardResourceName`); only
/// some of them can be requested by a container.
const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];
const CONTAINER_RESOURCES: &[&str] = &["cpu", "memory", "ephemeral-storage"];
const HUGEPAGES: &str = "hugepages-";

/// In the kubernetes.io namespace (unprefixed names are too).
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// Extended resources (example.com/gpu) and huge pages cannot be overcommitted: a request
/// needs a limit, and the two must be equal.
fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !name.starts_with(HUGEPAGES)
}

fn is_extended(name: &str) -> bool {
    !is_native(name)
        && !name.starts_with("requests.")
        && qualified_name(&format!("requests.{name}")).is_ok()
}

/// Why a container may not name this resource in its requests or limits.
fn resource_name_problem(name: &str) -> Option<(String, Option<String>)> {
    if let Err(why) = qualified_name(name) {
        return Some((
            format!("resource name \"{name}\" is invalid: it {why}"),
            None,
        ));
    }
    let help = || {
        let close = suggest(name, CONTAINER_RESOURCES.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        Some(format!(
            "{close}a container can request cpu, memory, ephemeral-storage, hugepages-<size> or a fully qualified extended resource such as example.com/gpu"
        ))
    };
    if !name.contains('/') {
        if !STANDARD_RESOURCES.contains(&name) && !name.starts_with(HUGEPAGES) {
            return Some((
                format!(
                    "\"{name}\" is not a resource Kubernetes knows: it must be a standard resource type or fully qualified"
                ),
                help(),
            ));
        }
        if !CONTAINER_RESOURCES.contains(&name) && !name.starts_with(HUGEPAGES) {
            return Some((
                format!(
                    "\"{name}\" is not a resource a container can request: it must be a standard resource for containers"
                ),
                help(),
            ));
        }
    } else if !is_native(name) && !is_extended(name) {
        return Some((
            format!("resource name \"{name}\" does not follow the extended resource name standard"),
            Some("an extended resource is a domain, '/', and a name, and must not start with requests., e.g. example.com/gpu".into()),
        ));
    }
    None
}

/// A requests or limits map as written: each resource with its quantity, where a `null`
/// value is what the server reads, zero. Values that do not parse are left to
/// `resource-quantity`.
fn quantities(node: Option<&Node>) -> Vec<(String, Option<Quantity>)> {
    let mut found = Vec::new();
    for entry in node.and_then(Node::as_map).into_iter().flatten() {
        let Some(key) = entry.key.as_scalar() else {
            continue;
        };
        let value = if entry.value.is_null() {
            quantity::parse("0").ok()
        } else {
            let text = entry.value.as_scalar().map(|s| s.text.trim()).unwrap_or("");
            quantity::parse(text).ok()
        };
        found.push((key.text.clone(), value));
    }
    found
}

const NANOS: i128 = 1_000_000_000;

/// `Quantity.Value()`: the value rounded up to a whole number.
fn whole_ceil(q: &Quantity) -> i128 {
    let n = q.as_nanos();
    n.div_euclid(NANOS) + i128::from(n.rem_euclid(NANOS) != 0)
}

/// Why a huge page quantity is refused: it must be a whole multiple of the page size the
/// name gives (`hugepages-2Mi`).
fn huge_page_problem(name: &str, q: &Quantity) -> Option<String> {
    let page = name
        .strip_prefix(HUGEPAGES)
        .and_then(|size| quantity::parse(size).ok());
    let divisible = page.is_some_and(|page| {
        let nanos = page.as_nanos();
        nanos > 0 && nanos % NANOS == 0 && whole_ceil(q) % (nanos / NANOS) == 0
    });
    (!divisible).then(|| format!("{} is not a positive integer multiple of {name}", q.text()))
}

pub fn resource_name(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        for (path, container) in containers_of(&pod) {
            if container.get("resources").is_none() {
                continue;
            }
            let base = path.key("resources");
            let root = &pod.doc.node;
            let requests = quantities(node_at(root, &base.key("requests")));
            let limits = quantities(node_at(root, &base.key("limits")));
            let mut cpu_or_memory = false;
            let mut huge_pages = false;
            for (section, list) in [("limits", &limits), ("requests", &requests)] {
                for (name, q) in list.iter() {
                    let at = base.key(section).key(name.as_str());
                    if let Some((message, help)) = resource_name_problem(name) {
                        let finding = f.at(pod.object, at, message);
                        finding.on_key();
                        if let Some(help) = help {
                            finding.help(help);
                        }
                        continue;
                    }
                    cpu_or_memory |= name == "cpu" || name == "memory";
                    huge_pages |= name.starts_with(HUGEPAGES);
                    let Some(q) = q else { continue };
                    if name.starts_with(HUGEPAGES) {
                        if let Some(why) = huge_page_problem(name, q) {
                            f.at(pod.object, at, format!("`{name}` {section} {why}"));
                        }
                    } else if is_extended(name) && q.as_nanos() % NANOS != 0 {
                        f.at(
                            pod.object,
                            at,
                            format!(
                                "`{name}` {section} \"{}\" must be an integer: extended resources are counted in whole units",
                                q.text()
                            ),
                        );
                    }
                }
            }
            for (name, request) in &requests {
                if overcommit_allowed(name) || resource_name_problem(name).is_some() {
                    continue;
                }
                match limits.iter().find(|(n, _)| n == name) {
                    None => {
                        // On `limits` (`resources` without limits), as the server says it.
                        f.at(pod.object, base.key("limits"), format!("`{name}` is requested without a limit: a limit must be set for resources that cannot be overcommitted (extended resources and huge pages)"))
                            .help(format!("set the same quantity under limits ({name}: ...), or only a limit: the request then defaults to it"));
                    }
                    Some((_, limit)) => {
                        // A request over its limit is resource-quantity's.
                        if let (Some(request), Some(limit)) = (request, limit)
                            && request < limit
                        {
                            f.at(pod.object, base.key("requests").key(name.as_str()), format!("the `{name}` request ({}) must be equal to its limit ({})", request.text(), limit.text()))
                                .help("extended resources and huge pages cannot be overcommitted: write the same quantity in both, or only the limit");
                        }
                    }
                }
            }
            if huge_pages && !cpu_or_memory {
                f.at(
                    pod.object,
                    base,
                    "huge pages require a cpu or memory request or limit in the same container",
                )
                .on_key()
                .help("add a memory limit next to the hugepages-<size> one");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// pod-spec-fields

const MAX_NAMESERVERS: usize = 3;

pub fn pod_spec_fields(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        let i = pod.object;
        let json = &pod.doc.json;
        let base = FieldPath::parse(&pod.base);
        let spec = value_at(json, &base);
        // A Pod spec with no containers. When the spec is written without `containers`,
        // required-field says so; a spec left out or null, or an empty list, it does not.
        let parent = FieldPath(base.0[..base.0.len() - 1].to_vec());
        let written = node_at(&pod.doc.node, &base).is_some_and(|n| !n.is_null());
        let parent_written = base.0.len() == 1 || value_at(json, &parent).is_some();
        let empty_list = spec
            .and_then(|s| s.get("containers"))
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
        if (!written && parent_written) || empty_list {
            f.at(i, base.key("containers"), "the Pod spec has no containers: at least one is required")
                .help("add a container with a name and an image, e.g. containers: [{name: web, image: nginx:1.27}]");
        }
        let Some(spec) = spec else { continue };
        for (field, what) in [
            ("nodeName", "a node name"),
            ("serviceAccountName", "a ServiceAccount name"),
            ("priorityClassName", "a PriorityClass name"),
        ] {
            let Some(name) = text(spec, field).filter(|n| !n.is_empty()) else {
                continue;
            };
            if let Err(why) = dns1123_subdomain(name) {
                f.at(
                    i,
                    base.key(field),
                    format!("{field} \"{name}\" is not {what} (a DNS subdomain): it {why}"),
                )
                .help("use lower-case letters, digits, '-' and '.'");
            }
        }
        // A StatefulSet's controller sets each Pod's hostname and subdomain, so the server
        // does not check the template's; elsewhere they must be DNS labels.
        if pod.doc.kind != "StatefulSet" {
            for field in ["hostname", "subdomain"] {
                let Some(name) = text(spec, field).filter(|n| !n.is_empty()) else {
                    continue;
                };
                if let Err(why) = dns1123_label(name) {
                    f.at(
                        i,
                        base.key(field),
                        format!("{field} \"{name}\" is not a DNS label: it {why}"),
                    )
                    .help("use lower-case letters, digits and '-', at most 63 characters");
                }
            }
        }
        dns_config(f, i, spec, &base);
        tolerations(f, i, spec, &base);
    }
}

fn dns_config(f: &mut Findings, i: usize, spec: &Value, base: &FieldPath) {
    let config = spec.get("dnsConfig");
    let nameservers = config
        .and_then(|c| c.get("nameservers"))
        .and_then(Value::as_array);
    if text(spec, "dnsPolicy") == Some("None") {
        if config.is_none() {
            f.at(i, base.key("dnsConfig"), "dnsPolicy is None but there is no dnsConfig: the Pod would have no DNS settings at all")
                .help("add dnsConfig with at least one nameserver, or use dnsPolicy: ClusterFirst");
            return;
        }
        if nameservers.is_none_or(Vec::is_empty) {
            f.at(
                i,
                base.key("dnsConfig").key("nameservers"),
                "dnsPolicy is None, so dnsConfig must list at least one nameserver",
            )
            .help("e.g. dnsConfig: {nameservers: [10.96.0.10]}");
            return;
        }
    }
    let Some(config) = config else { return };
    let at = base.key("dnsConfig");
    if let Some(list) = nameservers {
        if list.len() > MAX_NAMESERVERS {
            f.at(
                i,
                at.key("nameservers"),
                format!(
                    "dnsConfig lists {} nameservers: at most {MAX_NAMESERVERS} are allowed",
                    list.len()
                ),
            );
        }
        for (n, server) in list.iter().enumerate() {
            let Some(server) = server.as_str() else {
                continue;
            };
            if server.parse::<std::net::IpAddr>().is_err() {
                f.at(
                    i,
                    at.key("nameservers").index(n),
                    format!("nameserver \"{server}\" is not a valid IP address"),
                )
                .help("write an IP address, e.g. 10.96.0.10 or 2001:db8::10");
            }
        }
    }
    for (n, option) in items(config, "options") {
        if text(option, "name").is_none_or(str::is_empty) {
            f.at(
                i,
                at.key("options").index(n),
                "a dnsConfig option needs a name",
            )
            .help("e.g. options: [{name: ndots, value: \"2\"}]");
        }
    }
}

fn tolerations(f: &mut Findings, i: usize, spec: &Value, base: &FieldPath) {
    for (n, toleration) in items(spec, "tolerations") {
        let at = base.key("tolerations").index(n);
        let key = text(toleration, "key").unwrap_or("");
        let operator = text(toleration, "operator").unwrap_or("");
        let value = text(toleration, "value").unwrap_or("");
        let effect = text(toleration, "effect").unwrap_or("");
        if !key.is_empty()
            && let Err(why) = qualified_name(key)
        {
            f.at(
                i,
                at.key("key"),
                format!("toleration key \"{key}\" is not a valid label key: it {why}"),
            );
        }
        if key.is_empty() && operator != "Exists" {
            f.at(
                i,
                at.key("operator"),
                "a toleration without a key must use operator Exists (it then matches every taint)",
            )
            .help("add the taint's key, or write operator: Exists to tolerate all taints");
        }
        if toleration.get("tolerationSeconds").is_some() && effect != "NoExecute" {
            f.at(
                i,
                at.key("effect"),
                "tolerationSeconds is set, so the effect must be NoExecute",
            )
            .help("tolerationSeconds says how long a Pod stays bound after a NoExecute taint appears: set effect: NoExecute, or remove tolerationSeconds");
        }
        // A bad value is said on the operator (or the item, without one), as the server does.
        match operator {
            "" | "Equal" => {
                if let Err(why) = label_value(value) {
                    f.at(
                        i,
                        at.key("operator"),
                        format!(
                            "toleration value \"{value}\" is not a valid label value: it {why}"
                        ),
                    );
                }
            }
            "Exists" if !value.is_empty() => {
                f.at(
                    i,
                    at.key("operator"),
                    format!("toleration value \"{value}\" must be empty when operator is Exists"),
                )
                .help("remove the value, or use operator: Equal to match it");
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------
// topology-spread

/// The labels of the Pods a Pod spec at `base` makes: the Pod's own `metadata.labels`, or a
/// template's (`spec.template.spec` → `spec.template.metadata.labels`).
fn pod_labels<'a>(json: &'a Value, base: &FieldPath) -> Option<&'a serde_json::Map<String, Value>> {
    let mut at = FieldPath(base.0[..base.0.len() - 1].to_vec());
    at = at.key("metadata").key("labels");
    value_at(json, &at).and_then(Value::as_object)
}

/// The keys a label selector names, in matchLabels and in matchExpressions.
fn selector_keys(selector: &Value) -> Vec<&str> {
    let labels = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.keys().map(String::as_str));
    let expressions = items(selector, "matchExpressions").filter_map(|(_, e)| text(e, "key"));
    labels.chain(expressions).collect()
}

/// kube-apiserver 1.37's `validateTopologySpreadConstraints`: maxSkew and minDomains must
/// be greater than zero, topologyKey must not be empty, minDomains only goes with
/// `whenUnsatisfiable: DoNotSchedule`, one {topologyKey, whenUnsatisfiable} pair may appear
/// once, and matchLabelKeys needs a labelSelector and label names. (The enumerated fields
/// are `enum-value`'s, a missing field `required-field`'s, the selector's syntax
/// `label-syntax`'s and `selector-expression`'s.)
///
/// One more, found in the Pod create strategy rather than in template validation: with
/// MatchLabelKeysInPodTopologySpreadSelectorMerge (beta, on by default since 1.34) the
/// server adds `key In (the Pod's value)` to the selector for every matchLabelKeys key the
/// Pod has as a label, then refuses a key that the selector already names ("exists in both
/// matchLabelKeys and labelSelector"). The template is accepted and every Pod refused, so
/// the StatefulSet never gets a Pod: reported where the Pod's labels have the key.
pub fn topology_spread(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        let i = pod.object;
        let json = &pod.doc.json;
        let base = FieldPath::parse(&pod.base);
        let Some(spec) = value_at(json, &base) else {
            continue;
        };
        let labels = pod_labels(json, &base);
        let constraints: Vec<(usize, &Value)> = items(spec, "topologySpreadConstraints").collect();
        for &(n, constraint) in &constraints {
            let at = base.key("topologySpreadConstraints").index(n);
            for field in ["maxSkew", "minDomains"] {
                if let Some(value) = constraint.get(field).and_then(Value::as_i64)
                    && value <= 0
                {
                    f.at(i, at.key(field), format!("{field} is {value}: it must be greater than zero"))
                        .help(if field == "maxSkew" {
                            "maxSkew is how many more matching Pods one topology domain may have than the emptiest: 1 spreads evenly"
                        } else {
                            "set minDomains to 1 or more (the number of domains, e.g. zones, you expect to spread over), or leave it out"
                        });
                }
            }
            // A required field left out reads as "" here (the typed view's placeholder):
            // that is required-field's finding, so only what is written counts.
            let written = |field: &str| present(pod.doc, &at.key(field));
            let key = text(constraint, "topologyKey").filter(|_| written("topologyKey"));
            if key == Some("") {
                f.at(i, at.key("topologyKey"), "topologyKey can not be empty")
                    .help("name the node label that defines a domain, e.g. topology.kubernetes.io/zone or kubernetes.io/hostname");
            }
            let when =
                text(constraint, "whenUnsatisfiable").filter(|_| written("whenUnsatisfiable"));
            if constraint.get("minDomains").is_some_and(|v| !v.is_null())
                && let Some(when) = when
                && when != "DoNotSchedule"
            {
                f.at(
                    i,
                    at.key("minDomains"),
                    format!("can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {when}"),
                )
                .help("set whenUnsatisfiable: DoNotSchedule, or remove minDomains (ScheduleAnyway only prefers a spread, so there is nothing for it to hold back)");
            }
            // The server reports the first of two constraints that share the pair.
            if let (Some(key), Some(when)) = (key, when)
                && let Some((m, _)) = constraints.iter().find(|(m, other)| {
                    let other_at = base.key("topologySpreadConstraints").index(*m);
                    *m > n
                        && text(other, "topologyKey") == Some(key)
                        && text(other, "whenUnsatisfiable") == Some(when)
                        && present(pod.doc, &other_at.key("topologyKey"))
                        && present(pod.doc, &other_at.key("whenUnsatisfiable"))
                })
            {
                let other = base.key("topologySpreadConstraints").index(*m);
                f.at(
                    i,
                    at.key("topologyKey"),
                    format!("the pair {{topologyKey: {key}, whenUnsatisfiable: {when}}} is used twice (also at {other}): each pair may appear once"),
                )
                .help("merge the two into one constraint, or give one of them another whenUnsatisfiable");
            }
            let match_keys: Vec<(usize, &str)> = items(constraint, "matchLabelKeys")
                .filter_map(|(k, v)| Some((k, v.as_str()?)))
                .collect();
            if match_keys.is_empty() {
                continue;
            }
            let selector = constraint.get("labelSelector").filter(|s| !s.is_null());
            let Some(selector) = selector else {
                f.at(i, at.key("matchLabelKeys"), "matchLabelKeys must not be specified when labelSelector is not set")
                    .help("add a labelSelector that selects the Pods to spread (matchLabelKeys only narrows it), or remove matchLabelKeys");
                continue;
            };
            let named = selector_keys(selector);
            for (k, label) in match_keys {
                let key_at = at.key("matchLabelKeys").index(k);
                if let Err(why) = qualified_name(label) {
                    f.at(
                        i,
                        key_at,
                        format!(
                            "matchLabelKeys entry \"{label}\" is not a valid label key: it {why}"
                        ),
                    );
                    continue;
                }
                // In a template this is match-label-keys' (the template is accepted).
                if pod.doc.kind == "Pod" && merge_clash(&named, label, labels) {
                    clash(f, i, key_at, label, "the API server refuses the Pod");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// match-label-keys

/// Whether the server, merging `key In (the Pod's value)` into a selector that names
/// `named`, then refuses the Pod: the key is named already and the Pod has the label.
fn merge_clash(named: &[&str], key: &str, labels: Option<&serde_json::Map<String, Value>>) -> bool {
    named.contains(&key) && labels.is_some_and(|l| l.contains_key(key))
}

fn clash(f: &mut Findings, i: usize, at: FieldPath, key: &str, what: &str) {
    f.at(
        i,
        at,
        format!("\"{key}\" is in both matchLabelKeys and labelSelector: {what} (\"exists in both matchLabelKeys and labelSelector\")"),
    )
    .help(format!("name \"{key}\" in only one of them: matchLabelKeys already adds `{key} In (the Pod's value)` to the selector"));
}

/// A Pod template's matchLabelKeys (of a topology spread constraint or a pod affinity
/// term) that names a key its selector names too, where the template's Pods carry that
/// label. kube-apiserver 1.37 validates the template as written and accepts it; making a
/// Pod, it first adds `key In (the Pod's value)` to the selector
/// (MatchLabelKeysInPodTopologySpreadSelectorMerge, beta and on since 1.34;
/// MatchLabelKeysInPodAffinity, GA), then refuses the key named twice. So the controller
/// never gets a Pod created (FailedCreate "exists in both matchLabelKeys and
/// labelSelector", seen on the v1.37.2 testbed for both). A semantic error like
/// name-length; in a Pod itself it is topology-spread's and affinity's.
pub fn match_label_keys(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        if pod.doc.kind == "Pod" {
            continue;
        }
        let json = &pod.doc.json;
        let base = FieldPath::parse(&pod.base);
        let labels = pod_labels(json, &base);
        let spread = each(json, &format!("{}.topologySpreadConstraints[*]", pod.base));
        let mut terms: Vec<(FieldPath, &Value, bool)> =
            spread.into_iter().map(|(at, t)| (at, t, false)).collect();
        for pattern in super::api::POD_AFFINITY_TERMS {
            let found = each(json, &format!("{}.{pattern}", pod.base));
            terms.extend(found.into_iter().map(|(at, t)| (at, t, true)));
        }
        for (at, term, affinity_term) in terms {
            let Some(selector) = term.get("labelSelector").filter(|s| s.is_object()) else {
                continue;
            };
            let named = selector_keys(selector);
            // In a pod affinity term, a key the selector names twice is refused in the
            // template already (affinity's).
            let twice = |key: &str| {
                let in_labels = selector
                    .get("matchLabels")
                    .and_then(Value::as_object)
                    .is_some_and(|m| m.contains_key(key));
                let in_expressions = items(selector, "matchExpressions")
                    .filter(|(_, e)| text(e, "key") == Some(key))
                    .count();
                usize::from(in_labels) + in_expressions > 1
            };
            for (k, key) in
                items(term, "matchLabelKeys").filter_map(|(k, v)| Some((k, v.as_str()?)))
            {
                if qualified_name(key).is_err() || (affinity_term && twice(key)) {
                    continue;
                }
                if merge_clash(&named, key, labels) {
                    clash(
                        f,
                        pod.object,
                        at.key("matchLabelKeys").index(k),
                        key,
                        "the API server accepts the template but refuses every Pod made from it",
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// affinity

/// A preferred term's weight: kube-apiserver 1.37 wants 1-100 (a weight left out is
/// required-field's).
fn check_weight(f: &mut Findings, doc: &Object, i: usize, item: &Value, at: &FieldPath) {
    if present(doc, &at.key("weight"))
        && let Some(weight) = item.get("weight").and_then(Value::as_i64)
        && !(1..=100).contains(&weight)
    {
        f.at(i, at.key("weight"), format!("weight {weight} must be in the range 1-100"))
            .help("weights of preferred terms are added up per node: 1 is a slight preference, 100 a strong one");
    }
}

/// kube-apiserver 1.37's checks of a Pod's affinity beyond its selectors' syntax (which is
/// label-syntax's and selector-expression's, and the operators enum-value's):
/// - pod affinity and anti-affinity terms (validatePodAffinityTerm): topologyKey not empty
///   and a label key, namespaces DNS labels, and matchLabelKeys / mismatchLabelKeys
///   (ValidateMatchLabelKeysAndMismatchLabelKeys): not without a labelSelector, label
///   keys, no key in both lists, and no matchLabelKeys key that a matchExpressions entry
///   names after the selector has named it already;
/// - a preferred term's weight in 1-100 (pod and node affinity);
/// - node affinity: a required nodeSelector with at least one term, and matchFields
///   (ValidateNodeFieldSelectorRequirement): the key metadata.name only, with In or NotIn
///   and exactly one value, a node name.
///
/// Plus one the template validation does not catch. With MatchLabelKeysInPodAffinity (GA)
/// the server adds `key In (the Pod's value)` to the term's selector for each matchLabelKeys
/// key the Pod has as a label, then runs the same check on the Pod: a key the selector
/// already names refuses every Pod ("exists in both matchLabelKeys and labelSelector"),
/// while the StatefulSet is accepted. Seen on the v1.37.2 testbed (FailedCreate).
pub fn affinity(bundle: &Scope<'_>, f: &mut Findings) {
    for pod in pods(bundle) {
        let i = pod.object;
        let json = &pod.doc.json;
        let base = FieldPath::parse(&pod.base);
        let labels = pod_labels(json, &base);
        for kind in ["podAffinity", "podAntiAffinity"] {
            let at = base.key("affinity").key(kind);
            let Some(terms) = value_at(json, &at) else {
                continue;
            };
            let required = "requiredDuringSchedulingIgnoredDuringExecution";
            for (n, term) in items(terms, required) {
                pod_affinity_term(f, &pod, term, &at.key(required).index(n), labels);
            }
            let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
            for (n, item) in items(terms, preferred) {
                let item_at = at.key(preferred).index(n);
                check_weight(f, pod.doc, i, item, &item_at);
                if let Some(term) = item.get("podAffinityTerm").filter(|t| t.is_object()) {
                    let term_at = item_at.key("podAffinityTerm");
                    pod_affinity_term(f, &pod, term, &term_at, labels);
                }
            }
        }
        let node = base.key("affinity").key("nodeAffinity");
        let Some(node_affinity) = value_at(json, &node) else {
            continue;
        };
        let required = node.key("requiredDuringSchedulingIgnoredDuringExecution");
        // Left out, it is required-field's (the same words as the server's).
        if let Some(terms) =
            value_at(json, &required.key("nodeSelectorTerms")).and_then(Value::as_array)
            && terms.is_empty()
            && present(pod.doc, &required.key("nodeSelectorTerms"))
        {
            f.at(
                i,
                required.key("nodeSelectorTerms"),
                "nodeSelectorTerms must have at least one node selector term",
            )
            .help("add a term with matchExpressions on node labels, or remove requiredDuringSchedulingIgnoredDuringExecution");
        }
        let mut terms: Vec<(FieldPath, &Value)> = value_at(json, &required)
            .into_iter()
            .flat_map(|r| items(r, "nodeSelectorTerms"))
            .map(|(n, term)| (required.key("nodeSelectorTerms").index(n), term))
            .collect();
        for (n, item) in items(
            node_affinity,
            "preferredDuringSchedulingIgnoredDuringExecution",
        ) {
            let item_at = node
                .key("preferredDuringSchedulingIgnoredDuringExecution")
                .index(n);
            check_weight(f, pod.doc, i, item, &item_at);
            if let Some(term) = item.get("preference") {
                terms.push((item_at.key("preference"), term));
            }
        }
        for (term_at, term) in terms {
            for (k, requirement) in items(term, "matchFields") {
                let at = term_at.key("matchFields").index(k);
                let key_written = present(pod.doc, &at.key("key"));
                match_field(f, i, requirement, &at, key_written);
            }
        }
    }
}

fn pod_affinity_term(
    f: &mut Findings,
    pod: &PodAt<'_>,
    term: &Value,
    at: &FieldPath,
    labels: Option<&serde_json::Map<String, Value>>,
) {
    let i = pod.object;
    // A topologyKey left out reads as "" in the typed view: that is required-field's.
    if present(pod.doc, &at.key("topologyKey"))
        && let Some(key) = text(term, "topologyKey")
    {
        if key.is_empty() {
            f.at(i, at.key("topologyKey"), "topologyKey can not be empty")
                .help("name the node label that defines the domain, e.g. kubernetes.io/hostname (one node) or topology.kubernetes.io/zone");
        } else if let Err(why) = qualified_name(key) {
            f.at(
                i,
                at.key("topologyKey"),
                format!("topologyKey \"{key}\" is not a valid label key: it {why}"),
            );
        }
    }
    for (k, namespace) in items(term, "namespaces") {
        if let Some(name) = namespace.as_str()
            && let Err(why) = dns1123_label(name)
        {
            f.at(
                i,
                at.key("namespaces").index(k),
                format!("namespace \"{name}\" is invalid: it {why}"),
            );
        }
    }
    let selector = term.get("labelSelector").filter(|s| !s.is_null());
    let keys = |field: &str| -> Vec<(usize, &str)> {
        items(term, field)
            .filter_map(|(k, v)| Some((k, v.as_str()?)))
            .collect()
    };
    let match_keys = keys("matchLabelKeys");
    let mismatch_keys = keys("mismatchLabelKeys");
    for (field, list) in [
        ("matchLabelKeys", &match_keys),
        ("mismatchLabelKeys", &mismatch_keys),
    ] {
        if list.is_empty() {
            continue;
        }
        if selector.is_none() {
            f.at(
                i,
                at.key(field),
                format!("{field} must not be specified when labelSelector is not set"),
            )
            .help(format!("add a labelSelector that selects the Pods (a term without one matches no Pod, and {field} only narrows it), or remove {field}"));
            continue;
        }
        for &(k, key) in list.iter() {
            if let Err(why) = qualified_name(key) {
                f.at(
                    i,
                    at.key(field).index(k),
                    format!("{field} entry \"{key}\" is not a valid label key: it {why}"),
                );
            }
        }
    }
    for &(k, key) in &match_keys {
        if mismatch_keys.iter().any(|&(_, other)| other == key) {
            f.at(
                i,
                at.key("matchLabelKeys").index(k),
                format!("\"{key}\" exists in both matchLabelKeys and mismatchLabelKeys"),
            )
            .help("a key can ask for the Pod's own value (matchLabelKeys) or for any other value (mismatchLabelKeys), not both");
        }
    }
    let Some(selector) = selector else { return };
    // The server's order: matchLabels' keys first, then each matchExpressions entry in
    // turn; an entry whose key is a matchLabelKeys key that is already named is refused.
    let mut named: Vec<&str> = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    let mut refused: Vec<&str> = Vec::new();
    for (_, expression) in items(selector, "matchExpressions") {
        let Some(key) = text(expression, "key") else {
            continue;
        };
        if named.contains(&key) && match_keys.iter().any(|&(_, k)| k == key) {
            refused.push(key);
        }
        named.push(key);
    }
    for &(k, key) in &match_keys {
        let key_at = at.key("matchLabelKeys").index(k);
        if refused.contains(&key) {
            f.at(
                i,
                key_at,
                format!("\"{key}\" is in both matchLabelKeys and labelSelector (\"exists in both matchLabelKeys and labelSelector\")"),
            )
            .help(format!("name \"{key}\" in only one of them: matchLabelKeys already adds `{key} In (the Pod's value)` to the selector"));
        } else if pod.doc.kind == "Pod" && merge_clash(&named, key, labels) {
            // In a template this is match-label-keys' (the template is accepted).
            clash(f, i, key_at, key, "the API server refuses the Pod");
        }
    }
}

/// One matchFields entry of a node selector term: only `metadata.name`, with In or NotIn
/// (another operator is enum-value's) and exactly one value, a node name.
fn match_field(f: &mut Findings, i: usize, requirement: &Value, at: &FieldPath, key_written: bool) {
    let operator = text(requirement, "operator").unwrap_or("");
    let values: Vec<&Value> = requirement
        .get("values")
        .and_then(Value::as_array)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    if matches!(operator, "In" | "NotIn") && values.len() != 1 {
        f.at(
            i,
            at.key("values"),
            format!(
                "values must be only one value when `operator` is 'In' or 'NotIn' for node field selector (it has {})",
                values.len()
            ),
        )
        .help("matchFields names one node: for several, write one term per node (terms are ORed)");
    }
    match text(requirement, "key") {
        Some("metadata.name") => {
            for (k, value) in values.iter().enumerate() {
                if let Some(name) = value.as_str()
                    && let Err(why) = dns1123_subdomain(name)
                {
                    f.at(
                        i,
                        at.key("values").index(k),
                        format!("node name \"{name}\" is invalid: it {why}"),
                    );
                }
            }
        }
        Some(key) if key_written => {
            f.at(
                i,
                at.key("key"),
                format!("\"{key}\" is not a valid field selector key: matchFields supports metadata.name only"),
            )
            .help("select on node labels with matchExpressions instead");
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{WEB, hits, run};

    /// WEB with `from` replaced by `to` (once, and `from` must be there).
    fn edit(from: &str, to: &str) -> String {
        assert!(WEB.contains(from), "{from}");
        WEB.replacen(from, to, 1)
    }

    /// The rule's paths for a manifest.
    fn paths(rule: &str, text: &str) -> Vec<String> {
        hits(rule, text).into_iter().map(|(p, _)| p).collect()
    }

    const IMAGE: &str = "        image: nginx:1.27\n";
    const SPEC: &str = "    spec:\n      containers:\n";

    #[test]
    fn container_image_is_required_in_containers_and_init_containers() {
        assert!(paths("container-image", WEB).is_empty());
        for image in ["        image: \"\"\n", "        image: null\n", ""] {
            let text = edit(IMAGE, image);
            assert_eq!(
                paths("container-image", &text),
                ["spec.template.spec.containers[0].image"],
                "{image:?}"
            );
        }
        let init = edit(
            SPEC,
            "    spec:\n      initContainers:\n      - name: init\n      containers:\n",
        );
        assert_eq!(
            paths("container-image", &init),
            ["spec.template.spec.initContainers[0].image"]
        );
        // A template's image is not trimmed by the server; a Pod's must not be padded.
        assert!(paths("container-image", &edit(IMAGE, "        image: \" \"\n")).is_empty());
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    image: \"nginx \"\n";
        assert_eq!(paths("container-image", pod), ["spec.containers[0].image"]);
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: web}]\n";
        assert_eq!(
            paths("container-image", deployment),
            ["spec.template.spec.containers[0].image"]
        );
    }

    #[test]
    fn environment_variable_names_follow_the_relaxed_rule() {
        let env = |name: &str| {
            edit(
                IMAGE,
                &format!("{IMAGE}        env:\n        - name: {name}\n          value: x\n"),
            )
        };
        for good in [
            "LOG_LEVEL",
            "1st.name-x",
            "\"with space\"",
            "\"~!@#$%^&*()\"",
            "\"..\"",
        ] {
            assert!(paths("env-name", &env(good)).is_empty(), "{good}");
        }
        for bad in ["\"\"", "A=B", "\"A\\tB\"", "Ä", "\"A\\x7f\""] {
            assert_eq!(
                paths("env-name", &env(bad)),
                ["spec.template.spec.containers[0].env[0].name"],
                "{bad}"
            );
        }
        let prefix = |p: &str| {
            edit(
                IMAGE,
                &format!(
                    "{IMAGE}        envFrom:\n        - prefix: {p}\n          configMapRef: {{name: c}}\n"
                ),
            )
        };
        assert!(paths("env-name", &prefix("\"\"")).is_empty());
        assert!(paths("env-name", &prefix("APP_")).is_empty());
        assert_eq!(
            paths("env-name", &prefix("A=")),
            ["spec.template.spec.containers[0].envFrom[0].prefix"]
        );
        // A name set twice in one container; once in each of two containers is fine.
        let twice = edit(
            IMAGE,
            &format!(
                "{IMAGE}        env:\n        - name: A\n          value: x\n        - name: B\n        - name: A\n          value: y\n"
            ),
        );
        assert_eq!(
            paths("env-name", &twice),
            ["spec.template.spec.containers[0].env[2].name"]
        );
        let other = edit(
            IMAGE,
            &format!("{IMAGE}        env:\n        - name: A\n        - name: a\n"),
        );
        assert!(paths("env-name", &other).is_empty());
    }

    const MOUNT: &str = "        - name: www\n          mountPath: /usr/share/nginx/html\n";

    #[test]
    fn volume_mounts_need_a_name_a_path_and_a_relative_sub_path() {
        let mount = |fields: &str| edit(MOUNT, &format!("        - name: www\n{fields}"));
        let good = [
            "          mountPath: relative\n",
            "          mountPath: /d\n          subPath: a/..b/c..\n",
            "          mountPath: /d\n          subPathExpr: $(POD_NAME)\n",
            "          mountPath: /d\n          subPath: \"\"\n",
        ];
        for fields in good {
            assert!(
                paths("volume-mount-fields", &mount(fields)).is_empty(),
                "{fields}"
            );
        }
        let at = "spec.template.spec.containers[0].volumeMounts[0]";
        let bad = [
            ("          mountPath: \"\"\n", "mountPath"),
            ("          mountPath: /d\n          subPath: ../x\n", ""),
            ("          mountPath: /d\n          subPath: a/../b\n", ""),
            ("          mountPath: /d\n          subPath: /abs\n", ""),
            (
                "          mountPath: /d\n          subPathExpr: /$(POD_NAME)\n",
                "",
            ),
            (
                "          mountPath: /d\n          subPath: a\n          subPathExpr: b\n",
                "subPathExpr",
            ),
        ];
        for (fields, field) in bad {
            // subPath problems are said on the list, as the server does.
            let want = if field.is_empty() {
                "spec.template.spec.containers[0].volumeMounts".to_string()
            } else {
                format!("{at}.{field}")
            };
            assert_eq!(
                paths("volume-mount-fields", &mount(fields)),
                [want],
                "{fields}"
            );
        }
        let empty = edit(MOUNT, "        - name: \"\"\n          mountPath: /d\n");
        assert_eq!(paths("volume-mount-fields", &empty), [format!("{at}.name")]);
        let twice = edit(MOUNT, &format!("{MOUNT}{MOUNT}"));
        assert_eq!(
            paths("volume-mount-fields", &twice),
            ["spec.template.spec.containers[0].volumeMounts[1].mountPath"]
        );
    }

    #[test]
    fn user_and_group_ids_are_32_bit_and_not_negative() {
        let pod = |sc: &str| {
            edit(
                SPEC,
                &format!("    spec:\n      securityContext: {sc}\n      containers:\n"),
            )
        };
        assert!(paths("security-context", &pod("{runAsUser: 0, runAsGroup: 2147483647, fsGroup: 1000, supplementalGroups: [0, 2147483647]}")).is_empty());
        let base = "spec.template.spec.securityContext";
        for (sc, field) in [
            ("{runAsUser: -1}", "runAsUser"),
            ("{runAsGroup: 2147483648}", "runAsGroup"),
            ("{fsGroup: -5}", "fsGroup"),
            (
                "{supplementalGroups: [1, 4294967296]}",
                "supplementalGroups[1]",
            ),
        ] {
            assert_eq!(
                paths("security-context", &pod(sc)),
                [format!("{base}.{field}")],
                "{sc}"
            );
        }
        let container = |sc: &str| edit(IMAGE, &format!("{IMAGE}        securityContext: {sc}\n"));
        assert!(paths("security-context", &container("{runAsUser: 2147483647}")).is_empty());
        assert_eq!(
            paths("security-context", &container("{runAsGroup: -1}")),
            ["spec.template.spec.containers[0].securityContext.runAsGroup"]
        );
    }

    const REQUESTS: &str = "          requests:\n            cpu: 100m\n            memory: 64Mi\n";

    fn resources(text: &str) -> String {
        edit(REQUESTS, text)
    }

    #[test]
    fn resource_names_are_standard_or_extended() {
        let good = [
            "          requests: {cpu: 1, memory: 1Gi, ephemeral-storage: 1Gi, kubernetes.io/x: 1}\n",
            "          limits: {nvidia.com/gpu: 2, example.com/Bad: 1000m}\n",
            "          requests: {nvidia.com/gpu: 2}\n          limits: {nvidia.com/gpu: 2}\n",
            "          limits: {hugepages-2Mi: 4Mi, memory: 1Gi}\n",
            "          requests: {memory: 1Gi}\n          limits: {hugepages-1Gi: 0}\n",
        ];
        for text in good {
            assert!(
                paths("resource-name", &resources(text)).is_empty(),
                "{text}"
            );
        }
        let base = "spec.template.spec.containers[0].resources";
        let bad = [
            ("          requests: {cpuu: 1}\n", r#"requests.cpuu"#),
            ("          requests: {storage: 1}\n", "requests.storage"),
            ("          limits: {pods: 1}\n", "limits.pods"),
            ("          limits: {CPU: 1}\n", "limits.CPU"),
            (
                "          limits: {requests.example.com/x: 1}\n",
                r#"limits["requests.example.com/x"]"#,
            ),
            (
                "          limits: {example.com/-x: 1}\n",
                r#"limits["example.com/-x"]"#,
            ),
            ("          requests: {nvidia.com/gpu: 1}\n", "limits"),
            (
                "          requests: {example.com/x: 1}\n          limits: {cpu: 1}\n",
                "limits",
            ),
            (
                "          requests: {nvidia.com/gpu: 1}\n          limits: {nvidia.com/gpu: 2}\n",
                r#"requests["nvidia.com/gpu"]"#,
            ),
            (
                "          limits: {nvidia.com/gpu: 500m}\n",
                r#"limits["nvidia.com/gpu"]"#,
            ),
            (
                "          limits: {hugepages-2Mi: 3Mi, memory: 1Gi}\n",
                "limits.hugepages-2Mi",
            ),
            (
                "          limits: {hugepages-x: 3Mi, memory: 1Gi}\n",
                "limits.hugepages-x",
            ),
            ("          limits: {hugepages-2Mi: 4Mi}\n", ""),
        ];
        for (text, field) in bad {
            let want = if field.is_empty() {
                base.to_string()
            } else {
                format!("{base}.{field}")
            };
            assert_eq!(paths("resource-name", &resources(text)), [want], "{text}");
        }
    }

    #[test]
    fn a_null_limit_is_zero_for_the_request_comparison() {
        let null = resources("          requests: {cpu: 100m}\n          limits: {cpu: null}\n");
        assert_eq!(
            paths("resource-quantity", &null),
            ["spec.template.spec.containers[0].resources.requests.cpu"]
        );
        for fine in [
            "          limits: {cpu: null}\n",
            "          requests: {cpu: null}\n          limits: {cpu: 1}\n",
        ] {
            assert!(
                paths("resource-quantity", &resources(fine)).is_empty(),
                "{fine}"
            );
        }
    }

    #[test]
    fn pod_spec_fields_need_containers_names_dns_and_tolerations_that_fit() {
        assert!(paths("pod-spec-fields", WEB).is_empty());
        let start = WEB.find("    spec:\n      containers:").unwrap();
        let end = WEB.find("  volumeClaimTemplates:").unwrap();
        let no_spec = format!("{}{}", &WEB[..start], &WEB[end..]);
        let at = "spec.template.spec.containers";
        assert_eq!(paths("pod-spec-fields", &no_spec), [at]);
        let null_spec = format!("{}    spec: null\n{}", &WEB[..start], &WEB[end..]);
        assert_eq!(paths("pod-spec-fields", &null_spec), [at]);
        let empty = format!(
            "{}    spec:\n      containers: []\n{}",
            &WEB[..start],
            &WEB[end..]
        );
        assert_eq!(paths("pod-spec-fields", &empty), [at]);
        let field = |text: &str| edit(SPEC, &format!("    spec:\n{text}      containers:\n"));
        let good = [
            "      nodeName: node-1.example.com\n      serviceAccountName: db.admin\n",
            "      priorityClassName: high\n      hostname: Not_Checked\n",
            "      dnsPolicy: None\n      dnsConfig: {nameservers: [10.96.0.10]}\n",
            "      tolerations: [{operator: Exists}, {key: a, operator: Exists}, {key: example.com/b, value: c}]\n",
            "      tolerations: [{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 5}]\n",
        ];
        for text in good {
            assert!(paths("pod-spec-fields", &field(text)).is_empty(), "{text}");
        }
        let base = "spec.template.spec";
        let bad = [
            ("      nodeName: Bad_Node\n", "nodeName"),
            ("      serviceAccountName: Bad_SA\n", "serviceAccountName"),
            ("      priorityClassName: High\n", "priorityClassName"),
            ("      dnsPolicy: None\n", "dnsConfig"),
            (
                "      dnsPolicy: None\n      dnsConfig: {searches: [a]}\n",
                "dnsConfig.nameservers",
            ),
            (
                "      dnsConfig: {nameservers: [10.0.0.300]}\n",
                "dnsConfig.nameservers[0]",
            ),
            (
                "      dnsConfig: {nameservers: [1.1.1.1, 1.1.1.2, 1.1.1.3, 1.1.1.4]}\n",
                "dnsConfig.nameservers",
            ),
            (
                "      dnsConfig: {options: [{value: x}]}\n",
                "dnsConfig.options[0]",
            ),
            (
                "      tolerations: [{key: k, operator: Exists, value: v}]\n",
                "tolerations[0].operator",
            ),
            (
                "      tolerations: [{operator: Equal, value: v}]\n",
                "tolerations[0].operator",
            ),
            (
                "      tolerations: [{key: k, operator: Exists, tolerationSeconds: 5}]\n",
                "tolerations[0].effect",
            ),
            (
                "      tolerations: [{key: k k, operator: Exists}]\n",
                "tolerations[0].key",
            ),
            (
                "      tolerations: [{key: k, value: v v}]\n",
                "tolerations[0].operator",
            ),
        ];
        for (text, path) in bad {
            assert_eq!(
                paths("pod-spec-fields", &field(text)),
                [format!("{base}.{path}")],
                "{text}"
            );
        }
        let deployment = |spec: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector: {{matchLabels: {{app: d}}}}\n  template:\n    metadata: {{labels: {{app: d}}}}\n    spec:\n{spec}      containers: [{{name: web, image: nginx:1.27}}]\n"
            )
        };
        assert!(
            paths(
                "pod-spec-fields",
                &deployment("      hostname: web-0\n      subdomain: web\n")
            )
            .is_empty()
        );
        assert_eq!(
            paths(
                "pod-spec-fields",
                &deployment("      hostname: Web_0\n      subdomain: a.b\n")
            ),
            [
                "spec.template.spec.hostname",
                "spec.template.spec.subdomain"
            ]
        );
    }

    /// WEB with one topologySpreadConstraints list written before its containers.
    fn spread(constraints: &str) -> String {
        edit(
            SPEC,
            &format!(
                "    spec:\n      topologySpreadConstraints:\n{constraints}      containers:\n"
            ),
        )
    }

    const ZONE: &str = "      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector: {matchLabels: {app: web}}\n";

    #[test]
    fn topology_spread_constraints_as_the_api_server_checks_them() {
        let good = [
            ZONE.to_string(),
            // Flow style, every optional field written out and right.
            "      - {maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, nodeAffinityPolicy: Honor, nodeTaintsPolicy: Ignore, labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [controller-revision-hash]}\n".to_string(),
            format!("{ZONE}        minDomains: 3\n"),
            // One key twice, with the two actions: two kinds of constraint.
            format!("{ZONE}{}", ZONE.replace("DoNotSchedule", "ScheduleAnyway")),
        ];
        for constraints in good {
            assert!(
                paths("topology-spread", &spread(&constraints)).is_empty(),
                "{constraints}"
            );
        }
        let at = "spec.template.spec.topologySpreadConstraints[0].";
        let bad = [
            (ZONE.replace("maxSkew: 1", "maxSkew: 0"), "maxSkew"),
            (ZONE.replace("maxSkew: 1", "maxSkew: -1"), "maxSkew"),
            (format!("{ZONE}        minDomains: 0\n"), "minDomains"),
            (
                format!("{ZONE}        minDomains: 2\n").replace("DoNotSchedule", "ScheduleAnyway"),
                "minDomains",
            ),
            (
                ZONE.replace("topology.kubernetes.io/zone", "\"\""),
                "topologyKey",
            ),
            (format!("{ZONE}{}", ZONE.replace("maxSkew: 1", "maxSkew: 2")), "topologyKey"),
            (
                "      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [controller-revision-hash]}\n".to_string(),
                "matchLabelKeys",
            ),
            (format!("{ZONE}        matchLabelKeys: [\"bad key\"]\n"), "matchLabelKeys[0]"),
        ];
        // app is a Pod label the selector names: the template is accepted and every Pod
        // refused, which is match-label-keys' (a semantic error), not this rule's.
        let clash = spread(&format!("{ZONE}        matchLabelKeys: [app]\n"));
        assert!(paths("topology-spread", &clash).is_empty());
        assert_eq!(
            paths("match-label-keys", &clash),
            [format!("{at}matchLabelKeys[0]")]
        );
        for (constraints, field) in bad {
            assert_eq!(
                paths("topology-spread", &spread(&constraints)),
                [format!("{at}{field}")],
                "{constraints}"
            );
        }
        let minimum = run(
            "topology-spread",
            &spread(&ZONE.replace("maxSkew: 1", "maxSkew: 0")),
        );
        assert_eq!(
            minimum[0].message,
            "maxSkew is 0: it must be greater than zero"
        );
        let anyway =
            format!("{ZONE}        minDomains: 2\n").replace("DoNotSchedule", "ScheduleAnyway");
        assert_eq!(
            run("topology-spread", &spread(&anyway))[0].message,
            "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"
        );
        // A key the Pods do not carry is never merged, so nothing is refused.
        let absent = format!(
            "{}        matchLabelKeys: [tier]\n",
            ZONE.replace("{app: web}", "{app: web, tier: db}")
        );
        assert!(paths("topology-spread", &spread(&absent)).is_empty());
        // A field left out is required-field's alone, also where it would pair or clash.
        for (from, to) in [
            ("        topologyKey: topology.kubernetes.io/zone\n", ""),
            (
                "        whenUnsatisfiable: DoNotSchedule\n",
                "        minDomains: 2\n",
            ),
        ] {
            let missing = ZONE.replace(from, to);
            let text = spread(&format!("{missing}{missing}"));
            assert!(paths("topology-spread", &text).is_empty(), "{from}");
            assert_eq!(paths("required-field", &text).len(), 2, "{from}");
        }
        // Wrong values of enumerated fields and a missing key are other rules' findings.
        let sometimes = ZONE.replace("DoNotSchedule", "Sometimes");
        assert!(paths("topology-spread", &spread(&sometimes)).is_empty());
        assert_eq!(paths("enum-value", &spread(&sometimes)).len(), 1);
        // The selector's syntax is label-syntax's and selector-expression's.
        let value = ZONE.replace("{app: web}", "{app: \"we b\"}");
        assert_eq!(
            paths("label-syntax", &spread(&value)),
            [format!("{at}labelSelector.matchLabels.app")]
        );
        let expression = ZONE.replace(
            "{matchLabels: {app: web}}",
            "{matchExpressions: [{key: app, operator: In}]}",
        );
        assert_eq!(
            paths("selector-expression", &spread(&expression)),
            [format!("{at}labelSelector.matchExpressions[0].values")]
        );
        let operator = expression.replace("operator: In", "operator: Is");
        assert!(paths("selector-expression", &spread(&operator)).is_empty());
        assert_eq!(paths("enum-value", &spread(&operator)).len(), 1);
        // Every kind with a Pod spec.
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  topologySpreadConstraints:\n  - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n  containers: [{name: web, image: nginx:1.27}]\n";
        assert_eq!(
            paths("topology-spread", pod),
            ["spec.topologySpreadConstraints[0].maxSkew"]
        );
    }

    /// WEB with `affinity` (written at the Pod spec's indentation) before its containers.
    fn with_affinity(affinity: &str) -> String {
        let block: String = affinity.lines().map(|l| format!("      {l}\n")).collect();
        edit(
            "      containers:\n",
            &format!("      affinity:\n{block}      containers:\n"),
        )
    }

    const AFF: &str = "spec.template.spec.affinity.";

    #[test]
    fn pod_affinity_terms_as_the_api_server_checks_them() {
        // Right, in block and flow style: no finding of any API rule.
        for right in [
            "  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n      labelSelector: {matchLabels: {app: web}}\n      namespaces: [default, kube-system]\n      matchLabelKeys: [controller-revision-hash]\n      mismatchLabelKeys: [app]\n",
            "  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - {weight: 1, podAffinityTerm: {topologyKey: example.com/rack, labelSelector: {}, namespaceSelector: {}}}\n    - {weight: 100, podAffinityTerm: {topologyKey: zone, labelSelector: {matchExpressions: [{key: tier, operator: Exists}]}}}\n",
            // No labelSelector: it matches no Pod (the server warns), but is valid.
            "  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n",
        ] {
            let text = with_affinity(right);
            for rule in [
                "affinity",
                "match-label-keys",
                "label-syntax",
                "selector-expression",
                "enum-value",
                "required-field",
            ] {
                assert!(paths(rule, &text).is_empty(), "{rule}: {right}");
            }
        }
        let required = "podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].";
        let preferred = "podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].";
        let term = |extra: &str| {
            with_affinity(&format!(
                "  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n      labelSelector: {{matchLabels: {{app: web}}}}\n{extra}"
            ))
        };
        let weighted = |weight: &str| {
            with_affinity(&format!(
                "  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: {weight}\n      podAffinityTerm: {{topologyKey: zone, labelSelector: {{matchLabels: {{app: web}}}}}}\n"
            ))
        };
        let wrong = [
            (
                term("").replace("kubernetes.io/hostname", "\"\""),
                format!("{required}topologyKey"),
                "topologyKey can not be empty",
            ),
            (
                term("").replace("kubernetes.io/hostname", "\"bad key!\""),
                format!("{required}topologyKey"),
                "is not a valid label key",
            ),
            (
                term("").replace("kubernetes.io/hostname", "example.com/"),
                format!("{required}topologyKey"),
                "is not a valid label key",
            ),
            (
                term("      namespaces: [default, Bad_NS]\n"),
                format!("{required}namespaces[1]"),
                "namespace \"Bad_NS\" is invalid",
            ),
            (
                term("      matchLabelKeys: [\"bad key\"]\n"),
                format!("{required}matchLabelKeys[0]"),
                "matchLabelKeys entry \"bad key\" is not a valid label key",
            ),
            (
                term("      mismatchLabelKeys: [-x]\n"),
                format!("{required}mismatchLabelKeys[0]"),
                "mismatchLabelKeys entry",
            ),
            (
                term("      matchLabelKeys: [tenant]\n      mismatchLabelKeys: [tenant]\n"),
                format!("{required}matchLabelKeys[0]"),
                "exists in both matchLabelKeys and mismatchLabelKeys",
            ),
            (
                term("      matchLabelKeys: [tenant]\n").replace(
                    "labelSelector: {matchLabels: {app: web}}",
                    "namespaces: [default]",
                ),
                format!("{required}matchLabelKeys"),
                "matchLabelKeys must not be specified when labelSelector is not set",
            ),
            // Named by matchLabels and again by an expression: refused in the template.
            (
                term("      matchLabelKeys: [app]\n").replace(
                    "{matchLabels: {app: web}}",
                    "{matchLabels: {app: web}, matchExpressions: [{key: app, operator: Exists}]}",
                ),
                format!("{required}matchLabelKeys[0]"),
                "is in both matchLabelKeys and labelSelector (\"exists",
            ),
            (
                weighted("0"),
                format!("{preferred}weight"),
                "weight 0 must be in the range 1-100",
            ),
            (
                weighted("101"),
                format!("{preferred}weight"),
                "weight 101 must be in the range 1-100",
            ),
            (weighted("-5"), format!("{preferred}weight"), "weight -5"),
        ];
        for (text, path, message) in wrong {
            let found = run("affinity", &text);
            assert_eq!(found.len(), 1, "{path}: {found:#?}");
            assert_eq!(
                found[0].path.as_deref(),
                Some(format!("{AFF}{path}").as_str())
            );
            assert!(found[0].message.contains(message), "{}", found[0].message);
        }
        // A field left out is required-field's alone.
        for text in [
            with_affinity(
                "  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - labelSelector: {matchLabels: {app: web}}\n",
            ),
            with_affinity(
                "  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - podAffinityTerm: {topologyKey: zone}\n",
            ),
        ] {
            assert!(paths("affinity", &text).is_empty(), "{text}");
            assert_eq!(paths("required-field", &text).len(), 1, "{text}");
        }
    }

    #[test]
    fn node_affinity_terms_as_the_api_server_checks_them() {
        let right = "  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n        - {key: cores, operator: Gt, values: [\"4\"]}\n        - {key: spot, operator: DoesNotExist}\n      - matchFields:\n        - key: metadata.name\n          operator: NotIn\n          values: [node-1.example]\n      - {}\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - {weight: 100, preference: {}}\n    - weight: 1\n      preference:\n        matchExpressions: [{key: zone, operator: In, values: [-x-]}]\n    - weight: 3\n";
        let text = with_affinity(right);
        // A preferred term's values are not label-checked, and `preference` may be left out.
        for rule in [
            "affinity",
            "selector-expression",
            "enum-value",
            "required-field",
        ] {
            assert!(paths(rule, &text).is_empty(), "{rule}");
        }
        let required = "nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.";
        let expr = |e: &str| {
            with_affinity(&format!(
                "  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions: [{e}]\n"
            ))
        };
        let field = |e: &str| {
            with_affinity(&format!(
                "  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchFields: [{e}]\n"
            ))
        };
        let preferred = |p: &str| {
            with_affinity(&format!(
                "  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - {p}\n"
            ))
        };
        let at = |p: &str| format!("{AFF}{required}nodeSelectorTerms[0].{p}");
        let pref = format!("{AFF}nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].");
        let wrong = [
            (
                "selector-expression",
                expr("{key: zone, operator: In}"),
                at("matchExpressions[0].values"),
                "must be specified when `operator` is 'In' or 'NotIn'",
            ),
            (
                "selector-expression",
                expr("{key: zone, operator: NotIn, values: []}"),
                at("matchExpressions[0].values"),
                "'In' or 'NotIn'",
            ),
            (
                "selector-expression",
                expr("{key: zone, operator: Exists, values: [a]}"),
                at("matchExpressions[0].values"),
                "may not be specified",
            ),
            (
                "selector-expression",
                expr("{key: cores, operator: Gt, values: [\"1\", \"2\"]}"),
                at("matchExpressions[0].values"),
                "single value when `operator` is 'Lt' or 'Gt' (it has 2)",
            ),
            (
                "selector-expression",
                preferred(
                    "{weight: 1, preference: {matchExpressions: [{key: cores, operator: Lt}]}}",
                ),
                format!("{pref}preference.matchExpressions[0].values"),
                "(it has 0)",
            ),
            (
                "selector-expression",
                expr("{key: \"bad key\", operator: Exists}"),
                at("matchExpressions[0].key"),
                "label key \"bad key\" is invalid",
            ),
            (
                "selector-expression",
                preferred(
                    "{weight: 1, preference: {matchExpressions: [{key: a/b/c, operator: Exists}]}}",
                ),
                format!("{pref}preference.matchExpressions[0].key"),
                "label key",
            ),
            (
                "selector-expression",
                expr("{key: zone, operator: In, values: [a, -x-]}"),
                at("matchExpressions[0].values[1]"),
                "label value \"-x-\" is invalid",
            ),
            (
                "affinity",
                with_affinity(
                    "  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms: []\n",
                ),
                format!("{AFF}{required}nodeSelectorTerms"),
                "must have at least one node selector term",
            ),
            (
                "affinity",
                field("{key: metadata.namespace, operator: In, values: [a]}"),
                at("matchFields[0].key"),
                "is not a valid field selector key",
            ),
            (
                "affinity",
                field("{key: metadata.name, operator: In, values: [a, b]}"),
                at("matchFields[0].values"),
                "only one value",
            ),
            (
                "affinity",
                field("{key: metadata.name, operator: NotIn}"),
                at("matchFields[0].values"),
                "(it has 0)",
            ),
            (
                "affinity",
                field("{key: metadata.name, operator: In, values: [Bad_Node]}"),
                at("matchFields[0].values[0]"),
                "node name \"Bad_Node\" is invalid",
            ),
            (
                "enum-value",
                field("{key: metadata.name, operator: Exists}"),
                at("matchFields[0].operator"),
                "use In or NotIn",
            ),
            (
                "enum-value",
                preferred(
                    "{weight: 1, preference: {matchFields: [{key: metadata.name, operator: Gt, values: [\"1\"]}]}}",
                ),
                format!("{pref}preference.matchFields[0].operator"),
                "use In or NotIn",
            ),
            (
                "affinity",
                preferred("{weight: 0, preference: {}}"),
                format!("{pref}weight"),
                "weight 0 must be in the range 1-100",
            ),
            (
                "affinity",
                preferred("{weight: 101, preference: {}}"),
                format!("{pref}weight"),
                "weight 101",
            ),
        ];
        for (rule, text, path, message) in wrong {
            let found = run(rule, &text);
            assert_eq!(found.len(), 1, "{rule} {path}: {found:#?}");
            assert_eq!(found[0].path.as_deref(), Some(path.as_str()), "{rule}");
            assert!(found[0].message.contains(message), "{}", found[0].message);
            // One finding for one mistake.
            let errors = crate::review::rules::testing::run_all(&text);
            assert_eq!(errors.len(), 1, "{rule} {path}: {errors:?}");
        }
        // Left out: required-field's alone (nodeSelectorTerms, a key, a weight).
        for text in [
            with_affinity(
                "  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution: {}\n",
            ),
            expr("{operator: Exists}"),
            field("{operator: In, values: [node-1]}"),
            preferred("{preference: {}}"),
        ] {
            let errors = crate::review::rules::testing::run_all(&text);
            assert_eq!(errors, ["required-field"], "{text}");
        }
    }

    #[test]
    fn match_label_keys_the_selector_names_refuse_every_pod() {
        let term = |keys: &str, selector: &str| {
            with_affinity(&format!(
                "  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n      labelSelector: {selector}\n      matchLabelKeys: {keys}\n"
            ))
        };
        let at = format!(
            "{AFF}podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]"
        );
        // The template is accepted (no API error), every Pod refused: a semantic error.
        for selector in [
            "{matchLabels: {app: web}}",
            "{matchExpressions: [{key: app, operator: Exists}]}",
        ] {
            let text = term("[app]", selector);
            assert!(paths("affinity", &text).is_empty(), "{selector}");
            assert_eq!(
                paths("match-label-keys", &text),
                std::slice::from_ref(&at),
                "{selector}"
            );
        }
        // A key the Pods do not carry is never merged; one the selector does not name is fine.
        assert!(
            paths(
                "match-label-keys",
                &term("[tier]", "{matchLabels: {app: web, tier: db}}")
            )
            .is_empty()
        );
        assert!(
            paths(
                "match-label-keys",
                &term("[controller-revision-hash]", "{matchLabels: {app: web}}")
            )
            .is_empty()
        );
        // Also in a topology spread constraint of a template.
        let spread = edit(
            "      containers:\n",
            "      topologySpreadConstraints:\n      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [app]}\n      containers:\n",
        );
        assert_eq!(
            paths("match-label-keys", &spread),
            ["spec.template.spec.topologySpreadConstraints[0].matchLabelKeys[0]"]
        );
        assert!(paths("topology-spread", &spread).is_empty());
        // In a Pod the server refuses the Pod itself: affinity's (an API error).
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector: {matchLabels: {app: p}}\n        topologyKey: kubernetes.io/hostname\n        matchLabelKeys: [app]\n  containers: [{name: web, image: \"nginx:1.27\"}]\n";
        assert_eq!(
            paths("affinity", pod),
            [
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]"
            ]
        );
        assert!(paths("match-label-keys", pod).is_empty());
    }

    #[test]
    fn pod_affinity_selectors_are_label_selectors() {
        let term = |selectors: &str| {
            with_affinity(&format!(
                "  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n{selectors}"
            ))
        };
        let at = format!("{AFF}podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].");
        for (rule, selectors, path) in [
            (
                "label-syntax",
                "      labelSelector: {matchLabels: {app: -x-}}\n",
                "labelSelector.matchLabels.app",
            ),
            (
                "label-syntax",
                "      labelSelector:\n        matchLabels:\n          \"bad key\": x\n",
                "labelSelector.matchLabels[\"bad key\"]",
            ),
            (
                "label-syntax",
                "      namespaceSelector: {matchLabels: {team: a_}}\n",
                "namespaceSelector.matchLabels.team",
            ),
            (
                "selector-expression",
                "      labelSelector: {matchExpressions: [{key: app, operator: In}]}\n",
                "labelSelector.matchExpressions[0].values",
            ),
            (
                "selector-expression",
                "      labelSelector: {matchExpressions: [{key: -app, operator: Exists}]}\n",
                "labelSelector.matchExpressions[0].key",
            ),
            (
                "selector-expression",
                "      namespaceSelector: {matchExpressions: [{key: team, operator: NotIn}]}\n",
                "namespaceSelector.matchExpressions[0].values",
            ),
            // enum-value does not look at a namespaceSelector: selector-expression does.
            (
                "selector-expression",
                "      namespaceSelector: {matchExpressions: [{key: team, operator: in, values: [a]}]}\n",
                "namespaceSelector.matchExpressions[0].operator",
            ),
            (
                "enum-value",
                "      labelSelector: {matchExpressions: [{key: app, operator: in, values: [a]}]}\n",
                "labelSelector.matchExpressions[0].operator",
            ),
        ] {
            let text = term(selectors);
            assert_eq!(paths(rule, &text), [format!("{at}{path}")], "{selectors}");
            assert_eq!(
                crate::review::rules::testing::run_all(&text),
                [rule],
                "{selectors}"
            );
        }
    }
}
