//! Service fields as kube-apiserver 1.37 validates them on create, beyond the port and IP
//! syntax of `api`: the fields that only some Service types may carry, the agreement of
//! clusterIP with clusterIPs and ipFamilies, ExternalName Services, and list entries that
//! must be unique by their server-side apply keys (Service ports, container ports).
//!
//! The API server defaults a Service before it validates it: a missing or empty `type` is
//! ClusterIP, a missing `protocol` is TCP, `clusterIPs` is filled from `clusterIP` when only
//! the latter is written, and a `sessionAffinityConfig` is dropped unless the affinity is
//! ClientIP. The checks here read the Service the same way.

use std::collections::HashMap;
use std::net::IpAddr;

use k8s_openapi::api::core::v1::{Service, ServiceSpec};
use serde_json::Value;

use super::api::pod_spec_of;
use super::each;
use crate::manifest::FieldPath;
use crate::manifest::kinds::builtin;
use crate::manifest::names::{dns1123_subdomain, qualified_name};
use crate::manifest::path::locate;
use crate::review::registry::{Findings, Scope};

const TYPES: &[&str] = &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

/// The longest ClientIP session affinity, one day (`MaxClientIPServiceAffinitySeconds`).
const MAX_AFFINITY_SECONDS: i32 = 86_400;

/// A Service's spec, or the empty spec the API server reads when none is written.
pub fn spec_of(service: &Service) -> std::borrow::Cow<'_, ServiceSpec> {
    match &service.spec {
        Some(spec) => std::borrow::Cow::Borrowed(spec),
        None => std::borrow::Cow::Owned(ServiceSpec::default()),
    }
}

/// The type after defaulting: a missing or empty type is ClusterIP.
pub fn service_type(spec: &ServiceSpec) -> &str {
    spec.type_
        .as_deref()
        .filter(|t| !t.is_empty())
        .unwrap_or("ClusterIP")
}

/// `(type, " (the default ...)")`: the type for a message, saying when it was not written.
fn type_for_message(spec: &ServiceSpec) -> (&str, &'static str) {
    let written = spec.type_.as_deref().is_some_and(|t| !t.is_empty());
    let note = if written {
        ""
    } else {
        " (the type when none is written)"
    };
    (service_type(spec), note)
}

/// clusterIPs as the API server sees it on create: filled from clusterIP when only
/// clusterIP is written.
pub fn cluster_ips(spec: &ServiceSpec) -> Vec<&str> {
    let ips: Vec<&str> = spec
        .cluster_ips
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    match spec.cluster_ip.as_deref() {
        Some(ip) if !ip.is_empty() && ips.is_empty() => vec![ip],
        _ => ips,
    }
}

/// Headless as the API server decides it: clusterIPs is exactly `[None]`.
pub fn is_headless(spec: &ServiceSpec) -> bool {
    cluster_ips(spec) == ["None"]
}

/// Reachable from outside the cluster (`ExternallyAccessible`): NodePort, LoadBalancer, or
/// ClusterIP with external IPs.
fn externally_accessible(spec: &ServiceSpec) -> bool {
    match service_type(spec) {
        "NodePort" | "LoadBalancer" => true,
        "ClusterIP" => spec
            .external_ips
            .as_ref()
            .is_some_and(|ips| !ips.is_empty()),
        _ => false,
    }
}

fn ports_path(n: usize) -> FieldPath {
    FieldPath::parse("spec.ports").index(n)
}

/// Fields that only some Service types may carry, appProtocol syntax, and the ClientIP
/// affinity timeout.
pub fn service_fields(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, service) in bundle.services() {
        let spec = spec_of(service);
        let spec = spec.as_ref();
        let ty = service_type(spec);
        // An unknown type is reported by enum-value, a type that is not a string by
        // field-type; what such a Service may carry is unknowable.
        let type_node = locate(&object.node, &FieldPath::parse("spec.type"));
        if TYPES.contains(&ty) && (!type_node.exact || type_node.scalar) {
            type_dependent_fields(f, i, spec);
        }
        for (n, port) in spec.ports.iter().flatten().enumerate() {
            let Some(protocol) = port.app_protocol.as_deref() else {
                continue;
            };
            if let Err(why) = qualified_name(protocol) {
                f.at(
                    i,
                    ports_path(n).key("appProtocol"),
                    format!("appProtocol \"{protocol}\" is not a valid protocol name (a qualified name): it {why}"),
                )
                .help("use an IANA service name such as http or grpc, or a prefixed name such as kubernetes.io/h2c, kubernetes.io/ws or example.com/custom; leave it out when unsure");
            }
        }
        if spec.session_affinity.as_deref() == Some("ClientIP")
            && let Some(timeout) = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
            && !(1..=MAX_AFFINITY_SECONDS).contains(&timeout)
        {
            f.at(
                i,
                FieldPath::parse("spec.sessionAffinityConfig.clientIP.timeoutSeconds"),
                format!("the ClientIP affinity timeout {timeout} is out of range: timeoutSeconds must be from 1 to {MAX_AFFINITY_SECONDS} (one day)"),
            )
            .help("leave timeoutSeconds out for the default of 10800 (three hours)");
        }
    }
}

fn type_dependent_fields(f: &mut Findings, i: usize, spec: &ServiceSpec) {
    let (ty, note) = type_for_message(spec);
    if let Some(policy) = spec
        .external_traffic_policy
        .as_deref()
        .filter(|p| !p.is_empty())
        && !externally_accessible(spec)
    {
        f.at(
            i,
            FieldPath::parse("spec.externalTrafficPolicy"),
            format!("externalTrafficPolicy: {policy} may only be set on a Service reachable from outside the cluster, and this one is of type {ty}{note}"),
        )
        .help("remove externalTrafficPolicy, or make the Service external (type: NodePort or LoadBalancer)");
    }
    let local_balancer =
        ty == "LoadBalancer" && spec.external_traffic_policy.as_deref() == Some("Local");
    if let Some(port) = spec.health_check_node_port.filter(|p| *p != 0)
        && !local_balancer
    {
        f.at(
            i,
            FieldPath::parse("spec.healthCheckNodePort"),
            format!("healthCheckNodePort {port} may only be set when type is LoadBalancer and externalTrafficPolicy is Local"),
        )
        .help("remove it: the API server allocates one itself for a LoadBalancer Service with externalTrafficPolicy: Local");
    }
    if ty == "ClusterIP" {
        for (n, port) in spec.ports.iter().flatten().enumerate() {
            if let Some(node_port) = port.node_port.filter(|p| *p != 0) {
                f.at(
                    i,
                    ports_path(n).key("nodePort"),
                    format!("nodePort {node_port} may not be used when type is ClusterIP{note}"),
                )
                .help("remove nodePort, or set type: NodePort to open the port on every node");
            }
        }
    }
    if ty != "LoadBalancer" {
        let balancer_only = [
            (
                "loadBalancerSourceRanges",
                spec.load_balancer_source_ranges
                    .as_ref()
                    .is_some_and(|r| !r.is_empty()),
            ),
            (
                "allocateLoadBalancerNodePorts",
                spec.allocate_load_balancer_node_ports.is_some(),
            ),
            ("loadBalancerClass", spec.load_balancer_class.is_some()),
        ];
        for (field, set) in balancer_only {
            if set {
                f.at(
                    i,
                    FieldPath::parse("spec").key(field),
                    format!("{field} may only be used when type is LoadBalancer, and this Service is of type {ty}{note}"),
                )
                .on_key()
                .help(format!("remove {field}, or set type: LoadBalancer"));
            }
        }
    } else if let Some(class) = spec.load_balancer_class.as_deref()
        && let Err(why) = qualified_name(class)
    {
        f.at(
            i,
            FieldPath::parse("spec.loadBalancerClass"),
            format!("loadBalancerClass \"{class}\" is not a qualified name: it {why}"),
        )
        .help("e.g. example.com/internal-vip, or leave it out for the cluster's default load balancer");
    }
}

fn parse_ip(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

/// The family of an address as the API server tells them apart (an IPv4-mapped IPv6
/// address counts as IPv4).
fn family(ip: IpAddr) -> &'static str {
    match ip {
        IpAddr::V4(_) => "IPv4",
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some() => "IPv4",
        IpAddr::V6(_) => "IPv6",
    }
}

/// clusterIPs against clusterIP, 'None', the number of addresses and their families.
/// (The syntax of each address is `ip-address`; ExternalName Services are `external-name`.)
pub fn cluster_ips_rule(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, service) in bundle.services() {
        let spec = spec_of(service);
        let spec = spec.as_ref();
        if service_type(spec) == "ExternalName" {
            continue;
        }
        let cluster_ip = spec.cluster_ip.as_deref().unwrap_or_default();
        let written: Vec<&str> = spec
            .cluster_ips
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let path = FieldPath::parse("spec.clusterIPs");
        if let Some(first) = written.first() {
            if cluster_ip.is_empty() {
                f.at(
                    i,
                    path.clone(),
                    format!("clusterIPs is set ({}) but clusterIP is not: clusterIPs must be empty when clusterIP is not specified", list(&written)),
                )
                .on_key()
                .help(format!("write clusterIP: {first} as well (clusterIPs starts with the clusterIP), or remove clusterIPs"));
            } else if *first != cluster_ip {
                f.at(
                    i,
                    path.clone(),
                    format!("the first entry of clusterIPs, \"{first}\", must match clusterIP \"{cluster_ip}\""),
                )
                .on_key()
                .help("write the same address first in clusterIPs, or remove clusterIPs and let the API server fill it in from clusterIP");
            }
        }
        if written.first() == Some(&"None") && written.len() > 1 {
            f.at(
                i,
                path.clone(),
                format!("None must be the first and only value of clusterIPs ({}): a headless Service has no cluster IP", list(&written)),
            )
            .on_key()
            .help("write clusterIPs: [None] for a headless Service, or only addresses for one with cluster IPs");
        }
        if written.len() > 2 {
            f.at(
                i,
                path.clone(),
                format!("clusterIPs may hold at most 2 values, one IPv4 and one IPv6 address (it has {})", written.len()),
            )
            .on_key();
        }
        // The API server checks families only when every entry is an address.
        let ips = cluster_ips(spec);
        let parsed: Option<Vec<IpAddr>> = ips.iter().map(|ip| parse_ip(ip)).collect();
        let Some(parsed) = parsed else { continue };
        if parsed.len() == 2 && family(parsed[0]) == family(parsed[1]) {
            f.at(
                i,
                path.clone(),
                format!(
                    "clusterIPs {} and {} are both {}: a dual-stack Service has one address of each family",
                    ips[0],
                    ips[1],
                    family(parsed[0])
                ),
            )
            .on_key();
        }
        let families: Vec<&str> = spec
            .ip_families
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (n, fam) in families.iter().enumerate() {
            if let Some(first) = seen.insert(fam, n) {
                f.at(
                    i,
                    FieldPath::parse("spec.ipFamilies").index(n),
                    format!("ipFamilies lists {fam} twice (also ipFamilies[{first}])"),
                )
                .help("a dual-stack Service lists IPv4 and IPv6 once each");
            }
        }
        for (n, (ip, addr)) in ips.iter().zip(&parsed).enumerate() {
            let Some(expected) = families.get(n).filter(|f| matches!(**f, "IPv4" | "IPv6")) else {
                continue;
            };
            if family(*addr) != *expected {
                let at = if written.is_empty() {
                    FieldPath::parse("spec.clusterIP")
                } else {
                    path.index(n)
                };
                f.at(
                    i,
                    at,
                    format!("cluster IP {ip} is an {} address, but ipFamilies[{n}] is {expected}", family(*addr)),
                )
                .help("list the families in the order of the addresses, or leave ipFamilies out and let the API server derive it");
            }
        }
    }
}

fn list(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

/// An ExternalName Service: a DNS name to alias, and none of the cluster IP fields.
pub fn external_name(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, service) in bundle.services() {
        let spec = spec_of(service);
        let spec = spec.as_ref();
        if service_type(spec) != "ExternalName" {
            continue;
        }
        let name = spec.external_name.as_deref().unwrap_or_default();
        // A trailing dot marks the name as fully qualified.
        let bare = name.strip_suffix('.').unwrap_or(name);
        let at = FieldPath::parse("spec.externalName");
        if bare.is_empty() {
            f.at(
                i,
                at,
                "an ExternalName Service needs spec.externalName, the DNS name it stands for",
            )
            .help("e.g. externalName: db.example.com; for a Service in front of Pods use type ClusterIP");
        } else if let Err(why) = dns1123_subdomain(bare) {
            f.at(
                i,
                at,
                format!("externalName \"{name}\" is not a valid DNS name: it {why}"),
            )
            .help("write a lowercase DNS name such as db.example.com (a trailing dot is allowed)");
        }
        let cluster_ip = spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty());
        let written = spec.cluster_ips.as_ref().filter(|ips| !ips.is_empty());
        if cluster_ip.is_some() || written.is_some() {
            let (path, value) = match (cluster_ip, written) {
                (Some(ip), _) => ("spec.clusterIP", ip.to_string()),
                (None, Some(ips)) => ("spec.clusterIPs", format!("[{}]", ips.join(", "))),
                (None, None) => unreachable!("one of them is set"),
            };
            let field = path.trim_start_matches("spec.");
            f.at(
                i,
                FieldPath::parse(path),
                format!("an ExternalName Service may not have cluster IPs ({field}: {value})"),
            )
            .help("remove it: an ExternalName Service is only a DNS alias (CNAME); a headless Service is type ClusterIP with clusterIP: None");
        }
        if spec.ip_families.as_ref().is_some_and(|f| !f.is_empty()) {
            f.at(
                i,
                FieldPath::parse("spec.ipFamilies"),
                "ipFamilies may not be set on an ExternalName Service",
            )
            .on_key()
            .help("remove it: an ExternalName Service has no cluster IPs");
        }
        if spec.ip_family_policy.is_some() {
            f.at(
                i,
                FieldPath::parse("spec.ipFamilyPolicy"),
                "ipFamilyPolicy may not be set on an ExternalName Service",
            )
            .on_key()
            .help("remove it: an ExternalName Service has no cluster IPs");
        }
    }
}

/// A port's protocol as the API server keys it: missing (or, for a Service, empty) is TCP.
fn protocol(value: Option<&Value>, empty_is_tcp: bool) -> String {
    match value.and_then(Value::as_str) {
        None => "TCP".to_string(),
        Some("") if empty_is_tcp => "TCP".to_string(),
        Some(p) => p.to_string(),
    }
}

/// Service ports unique by port and protocol, node ports not shared between different
/// ports, and container ports unique by containerPort and protocol in one container.
pub fn duplicate_port(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, service) in bundle.services() {
        let spec = spec_of(service);
        let ports: Vec<(i64, String, i64)> = object
            .json
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|port| {
                let number = port.get("port").and_then(Value::as_i64).unwrap_or(0);
                let node_port = port.get("nodePort").and_then(Value::as_i64).unwrap_or(0);
                (number, protocol(port.get("protocol"), true), node_port)
            })
            .collect();
        let mut by_key: HashMap<(i64, &str), usize> = HashMap::new();
        for (n, (number, proto, _)) in ports.iter().enumerate() {
            if *number == 0 {
                continue; // a missing port is port-range's
            }
            if let Some(first) = by_key.get(&(*number, proto.as_str())) {
                f.at(
                    i,
                    ports_path(n),
                    format!("ports[{n}] repeats port {number}/{proto} of ports[{first}]: a Service lists each port and protocol once"),
                )
                .help("remove one, or change its port or protocol (one port number may be listed once for TCP and once for UDP)");
            } else {
                by_key.insert((*number, proto.as_str()), n);
            }
        }
        match service_type(spec.as_ref()) {
            "NodePort" | "LoadBalancer" => {
                let allocate_all = spec.allocate_load_balancer_node_ports != Some(false)
                    || service_type(spec.as_ref()) == "NodePort";
                shared_node_ports(f, i, &ports, allocate_all);
            }
            "ExternalName" => {
                // No node ports are allocated; validation still refuses a repeated
                // nodePort and protocol.
                let mut seen: HashMap<(i64, &str), usize> = HashMap::new();
                for (n, (_, proto, node_port)) in ports.iter().enumerate() {
                    if *node_port == 0 {
                        continue;
                    }
                    if let Some(first) = seen.get(&(*node_port, proto.as_str())) {
                        f.at(
                            i,
                            ports_path(n).key("nodePort"),
                            format!(
                                "nodePort {node_port}/{proto} is listed twice (also ports[{first}])"
                            ),
                        );
                    } else {
                        seen.insert((*node_port, proto.as_str()), n);
                    }
                }
            }
            _ => {} // a nodePort on a ClusterIP Service is service-fields'
        }
    }
    for (i, object) in bundle.objects.iter().enumerate() {
        if builtin(&object.api_version, &object.kind).is_none() {
            continue;
        }
        let Some((base, _)) = pod_spec_of(&object.kind) else {
            continue;
        };
        for list in ["initContainers", "containers"] {
            for (path, container) in each(&object.json, &format!("{base}.{list}[*]")) {
                duplicate_container_ports(f, i, &path, container);
            }
        }
    }
}

/// Node ports as the API server allocates them for a NodePort or LoadBalancer Service:
/// once per port number (the first nodePort written for that number), then any other
/// nodePort written for it; allocating one twice fails ("provided port is already
/// allocated"). `(port, protocol, nodePort)` per entry, 0 for a nodePort left out.
fn shared_node_ports(f: &mut Findings, i: usize, ports: &[(i64, String, i64)], allocate_all: bool) {
    // nodePort -> the entry that took it; port number -> its nodePort (None: picked by
    // the API server, so it collides with nothing written).
    let mut taken: HashMap<i64, usize> = HashMap::new();
    let mut by_number: HashMap<i64, Option<i64>> = HashMap::new();
    for (n, (number, _, node_port)) in ports.iter().enumerate() {
        if *node_port == 0 && !allocate_all {
            continue;
        }
        let wanted = match by_number.get(number) {
            Some(held) => (*node_port != 0 && Some(*node_port) != *held).then_some(*node_port),
            None => {
                let requested = ports
                    .iter()
                    .find(|(p, _, np)| p == number && *np != 0)
                    .map(|(_, _, np)| *np);
                by_number.insert(*number, requested);
                requested
            }
        };
        let Some(wanted) = wanted else { continue };
        if let Some(first) = taken.get(&wanted) {
            f.at(
                i,
                ports_path(n).key("nodePort"),
                format!("nodePort {wanted} is already taken by ports[{first}] (port {}): ports share a nodePort only when they have the same port number", ports[*first].0),
            )
            .help("give each port its own nodePort, or leave nodePort out and let the API server pick one (TCP and UDP of one port number may share one, e.g. DNS on 53)");
        } else {
            taken.insert(wanted, n);
        }
    }
}

fn duplicate_container_ports(f: &mut Findings, i: usize, path: &FieldPath, container: &Value) {
    let name = container.get("name").and_then(Value::as_str).unwrap_or("");
    let ports = container
        .get("ports")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut seen: HashMap<(i64, String), usize> = HashMap::new();
    for (n, port) in ports.iter().enumerate() {
        let Some(number) = port.get("containerPort").and_then(Value::as_i64) else {
            continue;
        };
        // Server-side apply keys a missing protocol as TCP; an empty one stays "".
        let proto = protocol(port.get("protocol"), false);
        let key = (number, proto.clone());
        if let Some(first) = seen.get(&key) {
            let shown = if proto.is_empty() { "\"\"" } else { &proto };
            f.at(
                i,
                path.key("ports").index(n),
                format!("containerPort {number}/{shown} is listed twice in container \"{name}\" (also ports[{first}])"),
            )
            .help("remove the repeat, or give it another protocol: server-side apply (kubectl apply --server-side) refuses a container whose ports repeat a containerPort and protocol, and kubectl create only warns (duplicate port definition)");
        } else {
            seen.insert(key, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::review::rules::testing::{WEB, hits, run};

    const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n";

    fn svc(spec: &str) -> String {
        format!("{SVC}spec:\n{spec}")
    }

    /// Each right spec passes `rule`; each wrong one gets exactly one finding, at its path.
    fn both_ways(rule: &str, right: &[&str], wrong: &[(&str, &str)]) {
        for right in right {
            assert!(hits(rule, &svc(right)).is_empty(), "{right}");
        }
        for (wrong, path) in wrong {
            let found = hits(rule, &svc(wrong));
            assert_eq!(found.len(), 1, "{wrong}: {found:?}");
            assert_eq!(found[0].0, *path, "{wrong}");
        }
    }

    #[test]
    fn the_base_manifest_passes_every_service_rule() {
        for rule in [
            "service-fields",
            "cluster-ips",
            "external-name",
            "duplicate-port",
        ] {
            assert!(hits(rule, WEB).is_empty(), "{rule}");
        }
    }

    #[test]
    fn external_traffic_policy_needs_an_external_service() {
        let rule = "service-fields";
        for right in [
            "  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n",
            "  type: LoadBalancer\n  externalTrafficPolicy: Cluster\n  ports: [{port: 80}]\n",
            "  externalTrafficPolicy: Local\n  externalIPs: [192.0.2.10]\n  ports: [{port: 80}]\n",
            "  externalTrafficPolicy: \"\"\n  ports: [{port: 80}]\n",
        ] {
            assert!(hits(rule, &svc(right)).is_empty(), "{right}");
        }
        let wrong = svc("  externalTrafficPolicy: Cluster\n  ports: [{port: 80}]\n");
        assert_eq!(
            hits(rule, &wrong),
            [("spec.externalTrafficPolicy".into(), 5)]
        );
        assert!(
            run(rule, &wrong)[0]
                .message
                .contains("the type when none is written")
        );
        let empty_type =
            svc("  type: \"\"\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n");
        assert_eq!(hits(rule, &empty_type).len(), 1);
        let headless = svc("  clusterIP: None\n  externalTrafficPolicy: Cluster\n");
        assert_eq!(hits(rule, &headless).len(), 1);
        let hc = svc("  type: NodePort\n  healthCheckNodePort: 30099\n  ports: [{port: 80}]\n");
        assert_eq!(hits(rule, &hc), [("spec.healthCheckNodePort".into(), 6)]);
        let hc_ok = svc(
            "  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30099\n  ports: [{port: 80}]\n",
        );
        assert!(hits(rule, &hc_ok).is_empty());
    }

    #[test]
    fn node_ports_and_load_balancer_fields_need_their_types() {
        let rule = "service-fields";
        let on_cluster_ip = svc("  ports:\n  - port: 80\n    nodePort: 30080\n");
        assert_eq!(
            hits(rule, &on_cluster_ip),
            [("spec.ports[0].nodePort".into(), 7)]
        );
        let headless = svc("  clusterIP: None\n  ports: [{port: 80, nodePort: 30080}]\n");
        assert_eq!(hits(rule, &headless).len(), 1);
        for right in [
            "  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n",
            "  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n  loadBalancerSourceRanges: [10.0.0.0/8]\n  allocateLoadBalancerNodePorts: false\n  ports: [{port: 80}]\n",
            "  ports: [{port: 80, nodePort: 0}]\n",
            "  type: ExternalName\n  externalName: db.example.com\n  ports: [{port: 80, nodePort: 30080}]\n",
        ] {
            assert!(hits(rule, &svc(right)).is_empty(), "{right}");
        }
        for field in [
            "loadBalancerSourceRanges: [10.0.0.0/8]",
            "allocateLoadBalancerNodePorts: true",
            "loadBalancerClass: example.com/lb",
        ] {
            let wrong = svc(&format!(
                "  type: NodePort\n  {field}\n  ports: [{{port: 80}}]\n"
            ));
            assert_eq!(hits(rule, &wrong).len(), 1, "{field}");
        }
        let bad_class =
            svc("  type: LoadBalancer\n  loadBalancerClass: -bad\n  ports: [{port: 80}]\n");
        assert_eq!(
            hits(rule, &bad_class),
            [("spec.loadBalancerClass".into(), 6)]
        );
        // An unknown type is enum-value's, a list field-type's: nothing is said about
        // what the Service may carry.
        let unknown = svc("  type: clusterip\n  ports: [{port: 80, nodePort: 30080}]\n");
        assert!(hits(rule, &unknown).is_empty());
        let list =
            svc("  type: [NodePort]\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n");
        assert!(hits(rule, &list).is_empty());
        let null = svc("  type: null\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n");
        assert_eq!(hits(rule, &null).len(), 1);
    }

    #[test]
    fn app_protocol_is_a_qualified_name() {
        let rule = "service-fields";
        for right in [
            "http",
            "kubernetes.io/h2c",
            "HTTP_2.x",
            "example.com/custom",
        ] {
            let text = svc(&format!(
                "  ports: [{{port: 80, appProtocol: \"{right}\"}}]\n"
            ));
            assert!(hits(rule, &text).is_empty(), "{right}");
        }
        for wrong in ["-bad-", "", "a/b/c", "/http", "h p"] {
            let text = svc(&format!(
                "  ports: [{{port: 80, appProtocol: \"{wrong}\"}}]\n"
            ));
            assert_eq!(
                hits(rule, &text),
                [("spec.ports[0].appProtocol".into(), 5)],
                "{wrong}"
            );
        }
    }

    #[test]
    fn the_client_ip_timeout_is_one_second_to_one_day() {
        let rule = "service-fields";
        let with = |affinity: &str, timeout: &str| {
            svc(&format!(
                "  sessionAffinity: {affinity}\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: {timeout}\n  ports: [{{port: 80}}]\n"
            ))
        };
        for right in ["1", "10800", "86400"] {
            assert!(hits(rule, &with("ClientIP", right)).is_empty(), "{right}");
        }
        for wrong in ["0", "-1", "86401"] {
            assert_eq!(
                hits(rule, &with("ClientIP", wrong)),
                [(
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds".into(),
                    8
                )],
                "{wrong}"
            );
        }
        // Without ClientIP affinity the API server drops the config.
        assert!(hits(rule, &with("None", "0")).is_empty());
        assert!(hits(rule, &with("\"\"", "0")).is_empty());
    }

    #[test]
    fn cluster_ips_follow_cluster_ip() {
        let rule = "cluster-ips";
        both_ways(
            rule,
            &[
                "  clusterIP: None\n  clusterIPs: [None]\n",
                "  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10]\n  ports: [{port: 80}]\n",
                "  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, fd00::10]\n  ports: [{port: 80}]\n",
                "  clusterIP: \"\"\n  clusterIPs: []\n  ports: [{port: 80}]\n",
                "  clusterIP: None\n  ipFamilies: [IPv6]\n",
                "  clusterIP: 10.96.0.10\n  ipFamilies: [IPv4]\n  ports: [{port: 80}]\n",
                "  ipFamilies: [IPv4, IPv6]\n  ports: [{port: 80}]\n",
            ],
            &[
                ("  clusterIPs: [None]\n", "spec.clusterIPs"),
                (
                    "  clusterIPs: [\"10.96.0.10\"]\n  ports: [{port: 80}]\n",
                    "spec.clusterIPs",
                ),
                (
                    "  clusterIP: None\n  clusterIPs: [fd00::1]\n",
                    "spec.clusterIPs",
                ),
                (
                    "  clusterIP: 10.96.0.10\n  clusterIPs: [None]\n",
                    "spec.clusterIPs",
                ),
                (
                    "  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, 10.96.0.11]\n  ports: [{port: 80}]\n",
                    "spec.clusterIPs",
                ),
                (
                    "  clusterIP: 10.96.0.10\n  ipFamilies: [IPv6]\n  ports: [{port: 80}]\n",
                    "spec.clusterIP",
                ),
                (
                    "  ipFamilies: [IPv4, IPv4]\n  ports: [{port: 80}]\n",
                    "spec.ipFamilies[1]",
                ),
            ],
        );
        let none_first =
            svc("  clusterIP: None\n  clusterIPs: [None, 10.96.0.10]\n  ports: [{port: 80}]\n");
        assert!(run(rule, &none_first)[0].message.contains("first and only"));
        let three = svc(
            "  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, fd00::1, 10.96.0.11]\n  ports: [{port: 80}]\n",
        );
        assert!(run(rule, &three)[0].message.contains("at most 2"));
        // ExternalName Services are external-name's.
        assert!(
            hits(
                rule,
                &svc("  type: ExternalName\n  externalName: db\n  clusterIPs: [None]\n")
            )
            .is_empty()
        );
    }

    #[test]
    fn external_name_services() {
        let rule = "external-name";
        both_ways(
            rule,
            &[
                "  type: ExternalName\n  externalName: db.example.com\n",
                "  type: ExternalName\n  externalName: db.example.com.\n  clusterIP: \"\"\n",
                "  type: ExternalName\n  externalName: db\n  ports: [{port: 5432}]\n",
                // Not ExternalName: the field is ignored (with a warning).
                "  externalName: Bad_Name\n  ports: [{port: 80}]\n",
            ],
            &[
                ("  type: ExternalName\n", "spec.externalName"),
                (
                    "  type: ExternalName\n  externalName: \"\"\n",
                    "spec.externalName",
                ),
                (
                    "  type: ExternalName\n  externalName: \".\"\n",
                    "spec.externalName",
                ),
                (
                    "  type: ExternalName\n  externalName: DB.example.com\n",
                    "spec.externalName",
                ),
                (
                    "  type: ExternalName\n  externalName: db\n  clusterIP: None\n",
                    "spec.clusterIP",
                ),
                (
                    "  type: ExternalName\n  externalName: db\n  clusterIPs: [10.96.0.10]\n",
                    "spec.clusterIPs",
                ),
                (
                    "  type: ExternalName\n  externalName: db\n  ipFamilies: [IPv4]\n",
                    "spec.ipFamilies",
                ),
                (
                    "  type: ExternalName\n  externalName: db\n  ipFamilyPolicy: SingleStack\n",
                    "spec.ipFamilyPolicy",
                ),
            ],
        );
        let long = format!("{}.{}", "a".repeat(200), "b".repeat(53));
        assert_eq!(long.len(), 254);
        let text = svc(&format!("  type: ExternalName\n  externalName: {long}\n"));
        assert_eq!(hits(rule, &text).len(), 1);
        let text = svc(&format!(
            "  type: ExternalName\n  externalName: {}.\n",
            &long[1..]
        ));
        assert!(hits(rule, &text).is_empty());
    }

    #[test]
    fn ports_are_unique_by_their_keys() {
        let rule = "duplicate-port";
        both_ways(
            rule,
            &[
                "  ports: [{name: a, port: 80}, {name: b, port: 80, protocol: UDP}]\n",
                "  type: NodePort\n  ports: [{name: a, port: 53, nodePort: 30053}, {name: b, port: 53, protocol: UDP, nodePort: 30053}]\n",
                "  type: NodePort\n  ports: [{name: a, port: 53, nodePort: 30053}, {name: b, port: 53, protocol: UDP, nodePort: 30054}]\n",
            ],
            &[
                (
                    "  ports: [{name: a, port: 80}, {name: b, port: 80}]\n",
                    "spec.ports[1]",
                ),
                (
                    "  clusterIP: None\n  ports: [{name: a, port: 80}, {name: b, port: 80, protocol: TCP}]\n",
                    "spec.ports[1]",
                ),
                (
                    "  ports: [{name: a, port: 80}, {name: b, port: 80, protocol: \"\"}]\n",
                    "spec.ports[1]",
                ),
                (
                    "  type: NodePort\n  ports: [{name: a, port: 80, nodePort: 30080}, {name: b, port: 81, nodePort: 30080, protocol: UDP}]\n",
                    "spec.ports[1].nodePort",
                ),
                (
                    "  type: ExternalName\n  externalName: db\n  ports: [{name: a, port: 80, nodePort: 30080}, {name: b, port: 81, nodePort: 30080}]\n",
                    "spec.ports[1].nodePort",
                ),
            ],
        );
        let twice = WEB.replace(
            "        - containerPort: 80\n          name: http\n",
            "        - containerPort: 80\n          name: http\n        - containerPort: 80\n          name: alt\n",
        );
        assert_eq!(
            hits(rule, &twice),
            [("spec.template.spec.containers[0].ports[1]".into(), 34)]
        );
        for right in ["protocol: UDP", "protocol: \"\""] {
            let other = WEB.replace(
                "        - containerPort: 80\n          name: http\n",
                &format!("        - containerPort: 80\n          name: http\n        - containerPort: 80\n          name: alt\n          {right}\n"),
            );
            assert!(hits(rule, &other).is_empty(), "{right}");
        }
    }
}
