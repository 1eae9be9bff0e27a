//! What the Kubernetes API server rejects (facts sheet §5): names, labels, selectors, the
//! Pod template's restart rules, enumerations, numeric ranges, ports, quantities, claims,
//! Services and PodDisruptionBudgets.

use std::collections::HashMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

use super::{
    Labels, containers, each, pod_spec, present, selector_matches, template_labels,
    template_spec_path,
};
use crate::manifest::kinds::builtin;
use crate::manifest::names::{
    dns1123_label, dns1123_subdomain, iana_svc_name, label_value, qualified_name, suggest,
};
use crate::manifest::path::Segment;
use crate::manifest::quantity;
use crate::manifest::{Bundle, FieldPath};
use crate::review::Severity;
use crate::review::registry::{Findings, Scope};

/// A name syntax check from `manifest::names`.
type NameCheck = fn(&str) -> Result<(), String>;

/// Objects that were checked against a built-in schema (not removed or custom kinds).
pub(crate) fn checked(bundle: &Bundle) -> impl Iterator<Item = (usize, &crate::manifest::Object)> {
    bundle
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| builtin(&o.api_version, &o.kind).is_some())
}

/// The name syntax the API server enforces for a kind, where sts-tutor knows it.
fn name_rule(kind: &str) -> Option<(NameCheck, &'static str)> {
    match kind {
        "StatefulSet" | "Namespace" => Some((dns1123_label, "a DNS label")),
        // kube-apiserver 1.37 accepts a Service named "1web": Service names are DNS
        // labels, no longer DNS-1035 labels (RelaxedServiceNameValidation).
        "Service" => Some((dns1123_label, "a DNS label")),
        "PersistentVolumeClaim"
        | "PodDisruptionBudget"
        | "ConfigMap"
        | "Secret"
        | "ServiceAccount"
        | "Deployment"
        | "DaemonSet"
        | "ReplicaSet"
        | "Job"
        | "CronJob"
        | "Pod"
        | "StorageClass"
        | "PersistentVolume"
        | "ControllerRevision" => Some((dns1123_subdomain, "a DNS subdomain")),
        _ => None,
    }
}

pub fn object_name(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object) in checked(bundle) {
        let name_path = FieldPath::parse("metadata.name");
        match object.name.as_deref() {
            None if object.json["metadata"].get("generateName").is_some() => {
                f.skip(i, "metadata.generateName is used instead of a name");
            }
            None => {
                f.at(
                    i,
                    name_path,
                    format!("the {} has no metadata.name", object.kind),
                )
                .help("give the object a name: metadata: {name: web}");
            }
            Some(name) => {
                let Some((check, what)) = name_rule(&object.kind) else {
                    continue; // e.g. RBAC names, which allow ':' and capitals
                };
                if let Err(why) = check(name) {
                    // kube-apiserver 1.37 does not check a PodDisruptionBudget's name (it
                    // accepts "Web", "x y" and 254 characters): only a warning here.
                    // It still refuses a name that cannot be a path segment.
                    let segment = !name.is_empty()
                        && name != "."
                        && name != ".."
                        && !name.contains(['/', '%']);
                    if object.kind == "PodDisruptionBudget" && segment {
                        f.at(
                            i,
                            name_path,
                            format!("{} name \"{name}\" is not {what}: it {why}", object.kind),
                        )
                        .severity(Severity::Warning)
                        .help("the API server accepts this name (it does not check PodDisruptionBudget names), but kubectl and other tools expect a DNS subdomain: use lower-case letters, digits, '-' and '.'");
                        continue;
                    }
                    let help = if object.kind == "StatefulSet" {
                        "a StatefulSet's name becomes each Pod's hostname, so it must be a DNS label (no dots), since Kubernetes 1.27"
                    } else {
                        "use lower-case letters, digits and '-'"
                    };
                    f.at(
                        i,
                        name_path,
                        format!("{} name \"{name}\" is not {what}: it {why}", object.kind),
                    )
                    .help(help);
                }
            }
        }
        if let Some(ns) = object.namespace.as_deref()
            && let Err(why) = dns1123_label(ns)
        {
            f.at(
                i,
                FieldPath::parse("metadata.namespace"),
                format!("namespace \"{ns}\" is not a DNS label: it {why}"),
            );
        }
    }
}

fn check_label_map(f: &mut Findings, i: usize, json: &Value, at: &str, values_too: bool) {
    check_map(f, i, json, at, values_too, None);
}

/// Checks the keys (and values) of the label or annotation maps at `at`; `severity`
/// overrides the rule's error where the API server does not check the map itself.
fn check_map(
    f: &mut Findings,
    i: usize,
    json: &Value,
    at: &str,
    values_too: bool,
    severity: Option<(Severity, &str)>,
) {
    let annotations = at.ends_with("annotations");
    for (path, map) in each(json, at) {
        let Some(map) = map.as_object() else { continue };
        for (key, value) in map {
            let key_path = path.key(key.as_str());
            // The API server checks annotation keys lower-cased: "Example.com/x" is a
            // valid annotation key, not a valid label key.
            let checked_key = if annotations {
                key.to_lowercase()
            } else {
                key.clone()
            };
            if let Err(why) = qualified_name(&checked_key) {
                let finding = f
                    .at(
                        i,
                        key_path.clone(),
                        format!("label key \"{key}\" is invalid: it {why}"),
                    )
                    .on_key();
                if let Some((severity, help)) = severity {
                    finding.severity(severity).help(help);
                }
            }
            if let (true, Some(text)) = (values_too, value.as_str())
                && let Err(why) = label_value(text)
            {
                let finding = f.at(
                    i,
                    key_path,
                    format!("label value \"{text}\" is invalid: it {why}"),
                );
                if let Some((severity, help)) = severity {
                    finding.severity(severity).help(help);
                }
            }
        }
    }
}

pub fn label_syntax(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object) in checked(bundle) {
        let json = &object.json;
        check_label_map(f, i, json, "metadata.labels", true);
        check_label_map(f, i, json, "metadata.annotations", false);
        match object.kind.as_str() {
            "StatefulSet" | "Deployment" | "DaemonSet" | "ReplicaSet" | "Job" => {
                check_label_map(f, i, json, "spec.template.metadata.labels", true);
                check_label_map(f, i, json, "spec.selector.matchLabels", true);
                // The API server takes a claim template's labels as written; the
                // StatefulSet controller's PVC create then fails.
                check_map(
                    f,
                    i,
                    json,
                    "spec.volumeClaimTemplates[*].metadata.labels",
                    true,
                    Some((
                        Severity::Warning,
                        "the API server accepts the StatefulSet (it does not check a claim template's labels), but the controller cannot create the PersistentVolumeClaims: fix the label",
                    )),
                );
            }
            "Service" => check_label_map(f, i, json, "spec.selector", true),
            "PodDisruptionBudget" | "PersistentVolumeClaim" => {
                check_label_map(f, i, json, "spec.selector.matchLabels", true)
            }
            _ => {}
        }
        if let Some((base, _)) = pod_spec_of(&object.kind) {
            let at = format!("{base}.topologySpreadConstraints[*].labelSelector.matchLabels");
            check_label_map(f, i, json, &at, true);
            for term in POD_AFFINITY_TERMS {
                for selector in ["labelSelector", "namespaceSelector"] {
                    let at = format!("{base}.{term}.{selector}.matchLabels");
                    check_label_map(f, i, json, &at, true);
                }
            }
        }
    }
}

/// Where a Pod spec keeps its pod affinity terms (under `affinity`): each has a
/// labelSelector and a namespaceSelector the API server validates as label selectors.
pub(crate) const POD_AFFINITY_TERMS: &[&str] = &[
    "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[*]",
    "affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].podAffinityTerm",
    "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[*]",
    "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].podAffinityTerm",
];

/// Where a Pod spec keeps its node selector terms, and whether the API server checks their
/// values as label values: it does in the required terms (on create), never in the
/// preferred ones ("we always allow invalid label-value for preferred affinity").
const NODE_SELECTOR_TERMS: &[(&str, bool)] = &[
    (
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*]",
        true,
    ),
    (
        "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].preference",
        false,
    ),
];

fn is_empty_selector(selector: &LabelSelector) -> bool {
    selector.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(|e| e.is_empty())
}

pub fn selector_required(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, sts) in bundle.statefulsets() {
        let spec = &sts.spec;
        let path = FieldPath::parse("spec.selector");
        if present(object, &path) && is_empty_selector(&spec.selector) {
            f.at(i, path, "empty selector is invalid for a StatefulSet")
                .help("select the Pod template's labels, e.g. selector: {matchLabels: {app: web}}");
        }
    }
}

pub fn selector_matches_labels(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, sts) in bundle.statefulsets() {
        let spec = &sts.spec;
        if is_empty_selector(&spec.selector) || !present(object, &FieldPath::parse("spec.template"))
        {
            continue;
        }
        let empty = Labels::new();
        let labels = template_labels(sts).unwrap_or(&empty);
        if selector_matches(&spec.selector, labels) {
            continue;
        }
        // On the template's labels, where the API server reports it and where the fix goes
        // (or the nearest parent written, when the template has no labels).
        let path = ["spec.template.metadata.labels", "spec.template.metadata"]
            .into_iter()
            .map(FieldPath::parse)
            .find(|p| present(object, p))
            .unwrap_or_else(|| FieldPath::parse("spec.template"));
        let missing: Vec<String> = spec
            .selector
            .match_labels
            .iter()
            .flatten()
            .filter(|(k, v)| labels.get(*k) != Some(*v))
            .map(|(k, v)| match v.as_str() {
                "" => format!("{k}: \"\""),
                v => format!("{k}: {v}"),
            })
            .collect();
        let message = if labels.is_empty() {
            "`selector` does not match template `labels`: the Pod template has no labels"
                .to_string()
        } else if missing.is_empty() {
            "`selector` does not match template `labels`: a matchExpressions entry is false for them".to_string()
        } else {
            format!(
                "`selector` does not match template `labels`: the template lacks {}",
                missing.join(", ")
            )
        };
        f.at(i, path, message).on_key().help(
            "the API server rejects a StatefulSet whose selector does not select its own Pod template: make spec.template.metadata.labels include every selector label",
        );
    }
}

/// Checks a selector's matchExpressions: values that fit the operator, keys and values in
/// label syntax, and the operator itself unless `enum-value` owns it there (`operators`).
fn check_expressions(
    f: &mut Findings,
    i: usize,
    selector: &LabelSelector,
    base: FieldPath,
    operators: bool,
) {
    for (n, expr) in selector.match_expressions.iter().flatten().enumerate() {
        let path = base.key("matchExpressions").index(n);
        let values = expr.values.as_deref().unwrap_or_default();
        match expr.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                f.at(
                    i,
                    path.key("values"),
                    format!("operator {} needs at least one value", expr.operator),
                );
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                f.at(
                    i,
                    path.key("values"),
                    format!("operator {} takes no values", expr.operator),
                )
                .help("remove `values`");
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            _ if !operators => {}
            other => {
                let ops = ["In", "NotIn", "Exists", "DoesNotExist"];
                let hint =
                    suggest(other, ops).map_or(String::new(), |s| format!(" (did you mean {s}?)"));
                f.at(
                    i,
                    path.key("operator"),
                    format!("\"{other}\" is not a selector operator{hint}"),
                )
                .help("use In, NotIn, Exists or DoesNotExist");
            }
        }
        if let Err(why) = qualified_name(&expr.key) {
            f.at(
                i,
                path.key("key"),
                format!("label key \"{}\" is invalid: it {why}", expr.key),
            );
        }
        // The server checks each value as a label value ("values[0]: Invalid value").
        for (k, value) in values.iter().enumerate() {
            if let Err(why) = label_value(value) {
                f.at(
                    i,
                    path.key("values").index(k),
                    format!("label value \"{value}\" is invalid: it {why}"),
                );
            }
        }
    }
}

/// One matchExpressions entry of a node selector term (ValidateNodeSelectorRequirement in
/// kube-apiserver 1.37): values that fit the operator, the key a label key, and, where
/// `values_checked`, each value a label value. The operator itself is enum-value's.
fn check_node_expression(
    f: &mut Findings,
    i: usize,
    expr: &Value,
    path: &FieldPath,
    values_checked: bool,
    key_written: bool,
) {
    let values: Vec<&Value> = expr
        .get("values")
        .and_then(Value::as_array)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    let operator = expr.get("operator").and_then(Value::as_str).unwrap_or("");
    let count = values.len();
    let problem = match operator {
        "In" | "NotIn" if count == 0 => Some((
            "values must be specified when `operator` is 'In' or 'NotIn'".to_string(),
            "list the label values the node may (In) or may not (NotIn) have",
        )),
        "Exists" | "DoesNotExist" if count > 0 => Some((
            "values may not be specified when `operator` is 'Exists' or 'DoesNotExist'".to_string(),
            "remove `values`: Exists and DoesNotExist look at the key only",
        )),
        "Gt" | "Lt" if count != 1 => Some((
            format!(
                "values must be a single value when `operator` is 'Lt' or 'Gt' (it has {count})"
            ),
            "give one integer, e.g. values: [\"4\"]: the node's label is compared with it as a number",
        )),
        _ => None,
    };
    if let Some((message, help)) = problem {
        f.at(i, path.key("values"), message).help(help);
    }
    if let Some(key) = expr.get("key").and_then(Value::as_str)
        && key_written
        && let Err(why) = qualified_name(key)
    {
        f.at(
            i,
            path.key("key"),
            format!("label key \"{key}\" is invalid: it {why}"),
        );
    }
    if values_checked {
        for (k, value) in values.iter().enumerate() {
            if let Some(text) = value.as_str()
                && let Err(why) = label_value(text)
            {
                f.at(
                    i,
                    path.key("values").index(k),
                    format!("label value \"{text}\" is invalid: it {why}"),
                )
                .help("a required node affinity term's values are label values (a preferred term's are not checked)");
            }
        }
    }
}

pub fn selector_expression(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        {
            check_expressions(
                f,
                i,
                &sts.spec.selector,
                FieldPath::parse("spec.selector"),
                true,
            );
        }
    }
    for (i, _, pdb) in bundle.budgets() {
        if let Some(selector) = pdb.spec.as_ref().and_then(|s| s.selector.as_ref()) {
            check_expressions(f, i, selector, FieldPath::parse("spec.selector"), true);
        }
    }
    // A topology spread constraint's selector, in every kind with a Pod spec (its operator
    // is enum-value's).
    for (i, object) in checked(bundle) {
        let Some((base, _)) = pod_spec_of(&object.kind) else {
            continue;
        };
        let pattern = format!("{base}.topologySpreadConstraints[*].labelSelector");
        for (path, value) in each(&object.json, &pattern) {
            if let Ok(selector) = serde_json::from_value::<LabelSelector>(value.clone()) {
                check_expressions(f, i, &selector, path, false);
            }
        }
        // A pod affinity term's selectors: enum-value owns the labelSelector's operator,
        // not the namespaceSelector's.
        for term in POD_AFFINITY_TERMS {
            for (selector, operators) in [("labelSelector", false), ("namespaceSelector", true)] {
                for (path, value) in each(&object.json, &format!("{base}.{term}.{selector}")) {
                    if let Ok(selector) = serde_json::from_value::<LabelSelector>(value.clone()) {
                        check_expressions(f, i, &selector, path, operators);
                    }
                }
            }
        }
        for (term, values_checked) in NODE_SELECTOR_TERMS {
            let pattern = format!("{base}.{term}.matchExpressions[*]");
            for (path, expr) in each(&object.json, &pattern) {
                // A key left out reads as "" (the typed view's placeholder): required-field's.
                let key_written = present(object, &path.key("key"));
                check_node_expression(f, i, expr, &path, *values_checked, key_written);
            }
        }
    }
    // A PVC's selector (of PersistentVolumes) is a label selector the server checks too.
    for (i, _, claim) in bundle.claims() {
        if let Some(selector) = claim.spec.as_ref().and_then(|s| s.selector.as_ref()) {
            check_expressions(f, i, selector, FieldPath::parse("spec.selector"), true);
        }
    }
}

pub fn restart_policy_always(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        if let Some(policy) = pod_spec(sts).and_then(|p| p.restart_policy.as_deref())
            && policy != "Always"
            && !policy.is_empty()
        {
            let help = if policy.eq_ignore_ascii_case("always") {
                "write `Always` (case-sensitive), or remove restartPolicy: it defaults to Always"
                    .to_string()
            } else {
                "remove restartPolicy (it defaults to Always): the StatefulSet controller keeps every Pod running".to_string()
            };
            f.at(
                i,
                template_spec_path().key("restartPolicy"),
                format!(
                    "restartPolicy \"{policy}\" is not supported in a StatefulSet: only Always is"
                ),
            )
            .help(help);
        }
    }
}

pub fn no_active_deadline(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        if pod_spec(sts)
            .and_then(|p| p.active_deadline_seconds)
            .is_some()
        {
            f.at(i, template_spec_path().key("activeDeadlineSeconds"), "activeDeadlineSeconds is forbidden in a StatefulSet's Pod template")
                .on_key()
                .help("remove it: a deadline that kills Pods suits Jobs, not long-running StatefulSet Pods");
        }
    }
}

const ACCESS_MODES: &[&str] = &[
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
];
const PROTOCOLS: &[&str] = &["TCP", "UDP", "SCTP"];
const HTTP_SCHEMES: &[&str] = &["HTTP", "HTTPS"];
const SECCOMP: &[&str] = &["Localhost", "RuntimeDefault", "Unconfined"];
const LABEL_OPERATORS: &[&str] = &["In", "NotIn", "Exists", "DoesNotExist"];
const NODE_OPERATORS: &[&str] = &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
/// A node selector term's matchFields (ValidateNodeFieldSelectorRequirement: "not a valid
/// selector operator" for any other).
const FIELD_OPERATORS: &[&str] = &["In", "NotIn"];

/// (kind, pattern, allowed values) for enumerated fields outside Pod specs. Every value is
/// checked case-sensitively by the API server (`field.NotSupported`).
const ENUMS: &[(&str, &str, &[&str])] = &[
    (
        "StatefulSet",
        "spec.podManagementPolicy",
        &["OrderedReady", "Parallel"],
    ),
    (
        "StatefulSet",
        "spec.updateStrategy.type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "StatefulSet",
        "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
        &["Retain", "Delete"],
    ),
    (
        "StatefulSet",
        "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
        &["Retain", "Delete"],
    ),
    (
        "StatefulSet",
        "spec.volumeClaimTemplates[*].spec.accessModes[*]",
        ACCESS_MODES,
    ),
    (
        "StatefulSet",
        "spec.volumeClaimTemplates[*].spec.volumeMode",
        &["Filesystem", "Block"],
    ),
    (
        "Deployment",
        "spec.strategy.type",
        &["Recreate", "RollingUpdate"],
    ),
    (
        "DaemonSet",
        "spec.updateStrategy.type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "Service",
        "spec.type",
        &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ),
    ("Service", "spec.sessionAffinity", &["None", "ClientIP"]),
    (
        "Service",
        "spec.externalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "Service",
        "spec.internalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "Service",
        "spec.ipFamilyPolicy",
        &["SingleStack", "PreferDualStack", "RequireDualStack"],
    ),
    ("Service", "spec.ipFamilies[*]", &["IPv4", "IPv6"]),
    ("Service", "spec.ports[*].protocol", PROTOCOLS),
    ("PersistentVolumeClaim", "spec.accessModes[*]", ACCESS_MODES),
    (
        "PersistentVolumeClaim",
        "spec.volumeMode",
        &["Filesystem", "Block"],
    ),
    (
        "PodDisruptionBudget",
        "spec.unhealthyPodEvictionPolicy",
        &["IfHealthyBudget", "AlwaysAllow"],
    ),
];

/// (kind, pattern) of the fields in [`ENUMS`] where the API server refuses an empty string:
/// it is a value there, not defaulted like a missing field (list items, and optional fields
/// read into a pointer that no default replaces).
const EMPTY_REFUSED: &[(&str, &str)] = &[
    (
        "StatefulSet",
        "spec.volumeClaimTemplates[*].spec.accessModes[*]",
    ),
    (
        "StatefulSet",
        "spec.volumeClaimTemplates[*].spec.volumeMode",
    ),
    ("Service", "spec.internalTrafficPolicy"),
    ("Service", "spec.ipFamilyPolicy"),
    ("Service", "spec.ipFamilies[*]"),
    ("PersistentVolumeClaim", "spec.accessModes[*]"),
    ("PersistentVolumeClaim", "spec.volumeMode"),
    ("PodDisruptionBudget", "spec.unhealthyPodEvictionPolicy"),
];

/// (pattern under a Pod spec, allowed values) for every kind with Pods.
const POD_ENUMS: &[(&str, &[&str])] = &[
    (
        "dnsPolicy",
        &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ),
    ("preemptionPolicy", &["PreemptLowerPriority", "Never"]),
    ("os.name", &["linux", "windows"]),
    ("securityContext.seccompProfile.type", SECCOMP),
    (
        "securityContext.fsGroupChangePolicy",
        &["OnRootMismatch", "Always"],
    ),
    ("tolerations[*].operator", &["Exists", "Equal"]),
    (
        "tolerations[*].effect",
        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ),
    (
        "topologySpreadConstraints[*].whenUnsatisfiable",
        &["DoNotSchedule", "ScheduleAnyway"],
    ),
    (
        "topologySpreadConstraints[*].nodeAffinityPolicy",
        &["Honor", "Ignore"],
    ),
    (
        "topologySpreadConstraints[*].nodeTaintsPolicy",
        &["Honor", "Ignore"],
    ),
    (
        "topologySpreadConstraints[*].labelSelector.matchExpressions[*].operator",
        LABEL_OPERATORS,
    ),
    (
        "volumes[*].hostPath.type",
        &[
            "DirectoryOrCreate",
            "Directory",
            "FileOrCreate",
            "File",
            "Socket",
            "CharDevice",
            "BlockDevice",
        ],
    ),
    (
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*].matchExpressions[*].operator",
        NODE_OPERATORS,
    ),
    (
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*].matchFields[*].operator",
        FIELD_OPERATORS,
    ),
    (
        "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].preference.matchFields[*].operator",
        FIELD_OPERATORS,
    ),
    (
        "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].preference.matchExpressions[*].operator",
        NODE_OPERATORS,
    ),
    (
        "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[*].labelSelector.matchExpressions[*].operator",
        LABEL_OPERATORS,
    ),
    (
        "affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].podAffinityTerm.labelSelector.matchExpressions[*].operator",
        LABEL_OPERATORS,
    ),
    (
        "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[*].labelSelector.matchExpressions[*].operator",
        LABEL_OPERATORS,
    ),
    (
        "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].podAffinityTerm.labelSelector.matchExpressions[*].operator",
        LABEL_OPERATORS,
    ),
];

/// (pattern under a container, allowed values), for containers and init containers.
const CONTAINER_ENUMS: &[(&str, &[&str])] = &[
    ("imagePullPolicy", &["Always", "IfNotPresent", "Never"]),
    (
        "terminationMessagePolicy",
        &["File", "FallbackToLogsOnError"],
    ),
    ("ports[*].protocol", PROTOCOLS),
    // Always makes an init container a sidecar; the others need the ContainerRestartRules gate.
    ("restartPolicy", &["Always", "OnFailure", "Never"]),
    ("readinessProbe.httpGet.scheme", HTTP_SCHEMES),
    ("livenessProbe.httpGet.scheme", HTTP_SCHEMES),
    ("startupProbe.httpGet.scheme", HTTP_SCHEMES),
    ("lifecycle.postStart.httpGet.scheme", HTTP_SCHEMES),
    ("lifecycle.preStop.httpGet.scheme", HTTP_SCHEMES),
    ("securityContext.seccompProfile.type", SECCOMP),
    ("securityContext.procMount", &["Default", "Unmasked"]),
    (
        "volumeMounts[*].mountPropagation",
        &["None", "HostToContainer", "Bidirectional"],
    ),
    (
        "resizePolicy[*].restartPolicy",
        &["NotRequired", "RestartContainer"],
    ),
];

/// Where a kind keeps its Pod spec, and the restartPolicy values its API accepts
/// (StatefulSets have their own rule, `restart-policy-always`).
pub(crate) fn pod_spec_of(kind: &str) -> Option<(&'static str, &'static [&'static str])> {
    const ALWAYS: &[&str] = &["Always"];
    const TO_COMPLETION: &[&str] = &["OnFailure", "Never"];
    const ANY: &[&str] = &["Always", "OnFailure", "Never"];
    match kind {
        "StatefulSet" => Some(("spec.template.spec", &[])),
        "Deployment" | "DaemonSet" | "ReplicaSet" | "ReplicationController" => {
            Some(("spec.template.spec", ALWAYS))
        }
        "Job" => Some(("spec.template.spec", TO_COMPLETION)),
        "CronJob" => Some(("spec.jobTemplate.spec.template.spec", TO_COMPLETION)),
        "Pod" => Some(("spec", ANY)),
        "PodTemplate" => Some(("template.spec", ANY)),
        _ => None,
    }
}

/// The help for a value that is not allowed: the case-sensitive spelling when only the case
/// is wrong, else the closest value.
fn value_help(text: &str, allowed: &[&str]) -> Option<String> {
    if let Some(exact) = allowed.iter().find(|a| a.eq_ignore_ascii_case(text)) {
        return Some(format!("write `{exact}` (case-sensitive)"));
    }
    suggest(text, allowed.iter().copied())
        .map(|close| format!("did you mean `{close}`? Values are case-sensitive"))
}

/// Checks the values at `pattern`; `empty_refused`: "" is a value the API server refuses,
/// else it is defaulted like a missing field (or reported as required).
fn check_enum(
    f: &mut Findings,
    i: usize,
    json: &Value,
    pattern: &str,
    allowed: &[&str],
    empty_refused: bool,
) {
    check_enum_under(
        f,
        i,
        &FieldPath::root(),
        json,
        pattern,
        allowed,
        empty_refused,
    );
}

/// [`check_enum`] for `pattern` under `json`, the value at `base` of the object.
fn check_enum_under(
    f: &mut Findings,
    i: usize,
    base: &FieldPath,
    json: &Value,
    pattern: &str,
    allowed: &[&str],
    empty_refused: bool,
) {
    for (path, value) in each(json, pattern) {
        let path = if base.0.is_empty() {
            path
        } else {
            FieldPath(base.0.iter().cloned().chain(path.0).collect())
        };
        let Some(text) = value.as_str() else { continue };
        if (text.is_empty() && !empty_refused) || allowed.contains(&text) {
            continue;
        }
        let field = path.last_key().unwrap_or("value");
        let finding = f.at(
            i,
            path.clone(),
            format!(
                "\"{text}\" is not a valid {field}: use {}",
                allowed.join(" or ")
            ),
        );
        if text.is_empty() {
            finding.help(format!("an empty {field} is refused, not defaulted: write one of the values, or leave the field out"));
        } else if text == "Recreate" && pattern.ends_with("updateStrategy.type") {
            finding.help("Recreate exists for StatefulSets only as an alpha feature of Kubernetes 1.37 (gate StatefulSetRecreateStrategy, off by default): use RollingUpdate or OnDelete");
        } else if let Some(help) = value_help(text, allowed) {
            finding.help(help);
        }
    }
}

pub fn enum_value(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object) in checked(bundle) {
        for (kind, pattern, allowed) in ENUMS {
            if object.kind == *kind {
                let empty_refused = EMPTY_REFUSED.contains(&(*kind, *pattern));
                check_enum(f, i, &object.json, pattern, allowed, empty_refused);
            }
        }
        let Some((base, restart)) = pod_spec_of(&object.kind) else {
            continue;
        };
        // Every pattern below is under the Pod spec: it is found once (without one, none
        // of them finds anything), and a container list that is absent is skipped.
        let Some(pod) = base.split('.').try_fold(&object.json, |v, key| v.get(key)) else {
            continue;
        };
        let base = FieldPath::parse(base);
        let check = |f: &mut Findings, pattern: &str, allowed: &[&str]| {
            check_enum_under(f, i, &base, pod, pattern, allowed, false);
        };
        if !restart.is_empty() {
            check(f, "restartPolicy", restart);
        }
        for (pattern, allowed) in POD_ENUMS {
            check(f, pattern, allowed);
        }
        for (list, patterns) in container_enum_patterns() {
            if pod.get(list).is_none() {
                continue;
            }
            for (pattern, allowed) in patterns {
                check(f, pattern, allowed);
            }
        }
    }
}

/// [`CONTAINER_ENUMS`] under each container list of a Pod spec, written out once.
type ListPatterns = Vec<(&'static str, Vec<(String, &'static [&'static str])>)>;
fn container_enum_patterns() -> &'static ListPatterns {
    static PATTERNS: std::sync::OnceLock<ListPatterns> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        ["containers", "initContainers"]
            .into_iter()
            .map(|list| {
                let patterns = CONTAINER_ENUMS
                    .iter()
                    .map(|(pattern, allowed)| (format!("{list}[*].{pattern}"), *allowed))
                    .collect();
                (list, patterns)
            })
            .collect()
    })
}

/// Parses an IP address as kube-apiserver 1.37 does for a new object (strict IP
/// validation): IPv4 octets must not carry leading zeros ("10.0.0.01: must not have
/// leading 0s"), which Rust's parser refuses too.
fn parse_ip(text: &str) -> Option<std::net::IpAddr> {
    text.parse().ok()
}

/// Why an external IP is refused although it parses (`ValidateNonSpecialIP`).
fn special_ip(ip: std::net::IpAddr) -> Option<&'static str> {
    use std::net::IpAddr;
    let (unspecified, loopback, link_local, link_local_multicast) = match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            (
                v4.is_unspecified(),
                v4.is_loopback(),
                o[0] == 169 && o[1] == 254,
                o[0] == 224 && o[1] == 0 && o[2] == 0,
            )
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            (
                v6.is_unspecified(),
                v6.is_loopback(),
                s[0] & 0xffc0 == 0xfe80,
                s[0] & 0xff0f == 0xff02,
            )
        }
    };
    if unspecified {
        Some("may not be unspecified (0.0.0.0 or ::)")
    } else if loopback {
        Some("may not be in the loopback range (127.0.0.0/8, ::1/128)")
    } else if link_local_multicast {
        Some("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
    } else if link_local {
        Some("may not be in the link-local range (169.254.0.0/16, fe80::/10)")
    } else {
        None
    }
}

/// clusterIP, clusterIPs and externalIPs, as `ValidateService` checks them. (loadBalancerIP
/// and a container port's hostIP are not checked by the API server, so not here either.)
pub fn ip_address(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, service) in bundle.services() {
        let Some(spec) = &service.spec else { continue };
        if spec.type_.as_deref() == Some("ExternalName") {
            continue; // cluster IPs are not used, and reported otherwise
        }
        let cluster_ip = spec.cluster_ip.as_deref().unwrap_or_default();
        let mut fields: Vec<(FieldPath, &str, bool)> = Vec::new();
        if present(object, &FieldPath::parse("spec.clusterIP")) {
            fields.push((FieldPath::parse("spec.clusterIP"), cluster_ip, true));
        }
        for (n, ip) in spec.cluster_ips.iter().flatten().enumerate() {
            fields.push((FieldPath::parse("spec.clusterIPs").index(n), ip, n == 0));
        }
        for (path, text, none_allowed) in fields {
            let single = path.last_key() == Some("clusterIP");
            let field = if single {
                "clusterIP"
            } else {
                "clusterIPs entry"
            };
            // An empty clusterIP asks for one to be allocated; clusterIPs holds addresses.
            if (single && text.is_empty())
                || (none_allowed && text == "None")
                || parse_ip(text).is_some()
            {
                continue;
            }
            let finding = if single {
                f.at(
                    i,
                    path,
                    format!("\"{text}\" is not a valid {field}: use None (headless), \"\" or an IP address"),
                )
            } else if none_allowed {
                f.at(
                    i,
                    path,
                    format!("\"{text}\" is not a valid {field}: use an IP address, or None as the only entry (headless)"),
                )
            } else {
                f.at(
                    i,
                    path,
                    format!("\"{text}\" is not a valid {field}: only the first entry may be None; the others are IP addresses"),
                )
            };
            if text.eq_ignore_ascii_case("none") {
                finding.help("write `None` (case-sensitive)");
            } else {
                finding.help("an IPv4 or IPv6 address such as 10.96.0.20, or leave the field out and let the API server allocate one");
            }
        }
        for (n, text) in spec.external_ips.iter().flatten().enumerate() {
            let path = FieldPath::parse("spec.externalIPs").index(n);
            match parse_ip(text) {
                None => {
                    f.at(
                        i,
                        path,
                        format!("\"{text}\" in externalIPs is not an IP address"),
                    );
                }
                Some(ip) => {
                    if let Some(why) = special_ip(ip) {
                        f.at(i, path, format!("external IP {text} {why}"));
                    }
                }
            }
        }
    }
}

pub fn non_negative(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let spec = &sts.spec;
        let rolling = spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.rolling_update.as_ref());
        let fields = [
            ("spec.replicas", spec.replicas),
            ("spec.minReadySeconds", spec.min_ready_seconds),
            (
                "spec.ordinals.start",
                spec.ordinals.as_ref().and_then(|o| o.start),
            ),
            (
                "spec.updateStrategy.rollingUpdate.partition",
                rolling.and_then(|r| r.partition),
            ),
            // Not spec.revisionHistoryLimit: kube-apiserver 1.37 accepts -1 there.
        ];
        for (path, value) in fields {
            if let Some(v) = value.filter(|v| *v < 0) {
                f.at(
                    i,
                    FieldPath::parse(path),
                    format!("`{path}` is {v}: it must be greater than or equal to 0"),
                );
            }
        }
    }
}

pub fn rolling_update_strategy(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(strategy) = sts.spec.update_strategy.as_ref() else {
            continue;
        };
        // An empty type is defaulted to RollingUpdate, as a missing one is.
        let kind = strategy
            .type_
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or("RollingUpdate");
        let path = FieldPath::parse("spec.updateStrategy.rollingUpdate");
        // `rollingUpdate: null` is the same as leaving it out, so read the typed value.
        if kind != "RollingUpdate" && strategy.rolling_update.is_some() {
            f.at(i, path, format!("`rollingUpdate` is only allowed when updateStrategy.type is RollingUpdate, not {kind}"))
                .on_key()
                .help("remove the rollingUpdate block, or change the type to RollingUpdate");
        }
    }
}

fn max_unavailable_value(sts: &k8s_openapi::api::apps::v1::StatefulSet) -> Option<&IntOrString> {
    sts.spec
        .update_strategy
        .as_ref()?
        .rolling_update
        .as_ref()?
        .max_unavailable
        .as_ref()
}

/// Parses "25%" into 25; `None` for anything that is not an integer percentage.
fn percent(text: &str) -> Option<i64> {
    text.strip_suffix('%')?.parse().ok()
}

pub fn max_unavailable(bundle: &Scope<'_>, f: &mut Findings) {
    let path = FieldPath::parse("spec.updateStrategy.rollingUpdate.maxUnavailable");
    for (i, _, sts) in bundle.statefulsets() {
        let problem = match max_unavailable_value(sts) {
            None => None,
            Some(IntOrString::Int(n)) if *n < 1 => Some(format!(
                "maxUnavailable {n} is invalid: it must be at least 1"
            )),
            Some(IntOrString::Int(_)) => None,
            Some(IntOrString::String(s)) => match percent(s) {
                None => Some(format!(
                    "maxUnavailable \"{s}\" is neither a number nor a percentage like \"25%\""
                )),
                Some(p) if p < 1 => Some(format!(
                    "maxUnavailable \"{s}\" is invalid: it can not be 0%"
                )),
                Some(p) if p > 100 => Some(format!("maxUnavailable \"{s}\" is over 100%")),
                Some(_) => None,
            },
        };
        if let Some(message) = problem {
            f.at(i, path.clone(), message)
                .help("use a positive integer (default 1) or a percentage from 1% to 100%");
        }
    }
}

pub fn max_unavailable_gate(bundle: &Scope<'_>, f: &mut Findings) {
    let path = FieldPath::parse("spec.updateStrategy.rollingUpdate.maxUnavailable");
    for (i, _, sts) in bundle.statefulsets() {
        if max_unavailable_value(sts).is_some() {
            f.at(i, path.clone(), "maxUnavailable takes effect only where the MaxUnavailableStatefulSet feature gate is on")
                .on_key()
                .help("the gate is on by default in Kubernetes 1.37, off in 1.36 and 1.35.4+, and was briefly on in 1.35.0-1.35.3; where it is off, Pods are updated one at a time");
        }
    }
}

pub fn service_name_format(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(name) = sts.spec.service_name.as_deref() else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        if let Err(why) = dns1123_label(name) {
            f.at(i, FieldPath::parse("spec.serviceName"), format!("serviceName \"{name}\" is not a DNS label: it {why}"))
                .help("it becomes each Pod's DNS subdomain; name the headless Service with lower-case letters, digits and '-' (checked on create since Kubernetes 1.33)");
        }
    }
}

pub fn container_name(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        // App containers first, as the API server checks them: an init container that
        // repeats an app container's name is the one it reports.
        let all = containers(pod, &template_spec_path());
        let (init, app) = all.split_at(pod.init_containers.as_ref().map_or(0, Vec::len));
        let mut seen: HashMap<&str, FieldPath> = HashMap::new();
        for (path, container) in app.iter().chain(init) {
            let name_path = path.key("name");
            if !present(object, &name_path) {
                continue;
            }
            if let Err(why) = dns1123_label(&container.name) {
                f.at(
                    i,
                    name_path.clone(),
                    format!(
                        "container name \"{}\" is not a DNS label: it {why}",
                        container.name
                    ),
                );
            }
            if let Some(first) = seen.insert(container.name.as_str(), name_path.clone()) {
                f.at(
                    i,
                    name_path,
                    format!(
                        "container name \"{}\" is used twice (also at {first})",
                        container.name
                    ),
                )
                .help("every container and init container of a Pod needs its own name");
            }
        }
    }
}

pub fn volume_name(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (n, volume) in pod.volumes.iter().flatten().enumerate() {
            let path = template_spec_path().key("volumes").index(n).key("name");
            if let Err(why) = dns1123_label(&volume.name) {
                f.at(
                    i,
                    path.clone(),
                    format!(
                        "volume name \"{}\" is not a DNS label: it {why}",
                        volume.name
                    ),
                );
            }
            if let Some(first) = seen.insert(volume.name.as_str(), n) {
                f.at(
                    i,
                    path,
                    format!(
                        "volume name \"{}\" is used twice (also volumes[{first}])",
                        volume.name
                    ),
                );
            }
        }
    }
}

fn port_problem(port: i64) -> Option<String> {
    (!(1..=65535).contains(&port))
        .then(|| format!("port {port} is outside the valid range 1-65535"))
}

pub fn port_range(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        for (path, container) in containers(pod, &template_spec_path()) {
            for (n, port) in container.ports.iter().flatten().enumerate() {
                let at = path.key("ports").index(n);
                if present(object, &at.key("containerPort"))
                    && let Some(message) = port_problem(port.container_port.into())
                {
                    f.at(
                        i,
                        at.key("containerPort"),
                        format!("containerPort: {message}"),
                    );
                }
                // hostPort 0 means no host port (the API server accepts it).
                if let Some(message) = port
                    .host_port
                    .filter(|p| *p != 0)
                    .and_then(|p| port_problem(p.into()))
                {
                    f.at(i, at.key("hostPort"), format!("hostPort: {message}"));
                }
            }
        }
    }
    for (i, object, service) in bundle.services() {
        for (n, port) in service
            .spec
            .iter()
            .flat_map(|s| s.ports.iter().flatten())
            .enumerate()
        {
            let at = FieldPath::parse("spec.ports").index(n);
            if present(object, &at.key("port"))
                && let Some(message) = port_problem(port.port.into())
            {
                f.at(i, at.key("port"), format!("port: {message}"));
            }
            // targetPort 0 or "" is defaulted to the port (the API server accepts both).
            match &port.target_port {
                Some(IntOrString::Int(0)) => {}
                Some(IntOrString::String(name)) if name.is_empty() => {}
                Some(IntOrString::Int(p)) => {
                    if let Some(message) = port_problem((*p).into()) {
                        f.at(i, at.key("targetPort"), format!("targetPort: {message}"));
                    }
                }
                Some(IntOrString::String(name)) => {
                    if let Err(why) = iana_svc_name(name) {
                        f.at(i, at.key("targetPort"), format!("targetPort \"{name}\" is neither a port number nor a valid port name: it {why}"));
                    }
                }
                None => {}
            }
            // nodePort 0 asks for none (or for one to be allocated): the API server accepts it.
            if let Some(message) = port
                .node_port
                .filter(|p| *p != 0)
                .and_then(|p| port_problem(p.into()))
            {
                f.at(i, at.key("nodePort"), format!("nodePort: {message}"));
            }
        }
    }
}

pub fn port_name(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        // Across the Pod: name -> (first container, where).
        let mut in_pod: HashMap<&str, (&str, FieldPath)> = HashMap::new();
        for (path, container) in containers(pod, &template_spec_path()) {
            let mut in_container: HashMap<&str, FieldPath> = HashMap::new();
            for (n, port) in container.ports.iter().flatten().enumerate() {
                // An empty name is no name: the API server accepts `name: ""`.
                let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) else {
                    continue;
                };
                let at = path.key("ports").index(n).key("name");
                if let Err(why) = iana_svc_name(name) {
                    f.at(
                        i,
                        at.clone(),
                        format!("port name \"{name}\" is invalid: it {why}"),
                    );
                    continue;
                }
                // validateContainerPorts: a name may appear once per container.
                if let Some(first) = in_container.insert(name, at.clone()) {
                    f.at(
                        i,
                        at,
                        format!("port name \"{name}\" is used twice in container \"{}\" (also at {first})", container.name),
                    )
                    .help("the API server rejects a container whose ports share a name: rename one");
                    continue;
                }
                // pkg/api/pod/warnings.go: across containers it is accepted with a warning.
                match in_pod.get(name) {
                    Some((other, first)) if *other != container.name.as_str() => {
                        f.at(
                            i,
                            at,
                            format!("port name \"{name}\" is also used by container \"{other}\" (at {first})"),
                        )
                        .severity(Severity::Warning)
                        .help("the API server accepts this with a warning (duplicate port name): a Service targetPort that names the port resolves to the first container with that name, so rename one if both must be reachable by name");
                    }
                    Some(_) => {}
                    None => {
                        in_pod.insert(name, (container.name.as_str(), at));
                    }
                }
            }
        }
    }
    for (i, _, service) in bundle.services() {
        let ports = service
            .spec
            .iter()
            .flat_map(|s| s.ports.iter().flatten())
            .collect::<Vec<_>>();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (n, port) in ports.iter().enumerate() {
            let at = FieldPath::parse("spec.ports").index(n);
            match port.name.as_deref() {
                None | Some("") if ports.len() > 1 => {
                    f.at(i, at, "a Service with several ports must name each of them")
                        .help("add a name to each port, e.g. name: http");
                }
                None | Some("") => {}
                Some(name) => {
                    if let Err(why) = dns1123_label(name) {
                        f.at(
                            i,
                            at.key("name"),
                            format!("Service port name \"{name}\" is not a DNS label: it {why}"),
                        );
                    }
                    if let Some(first) = seen.insert(name, n) {
                        f.at(
                            i,
                            at.key("name"),
                            format!(
                                "Service port name \"{name}\" is used twice (also ports[{first}])"
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Checks a requests/limits pair: each value parses and is not negative, requests ≤ limits.
/// `compare` is false for a claim's resources: kube-apiserver 1.37 accepts a PVC whose
/// storage request is over its limit.
fn check_resources(f: &mut Findings, i: usize, json: &Value, base: &FieldPath, compare: bool) {
    let mut parsed: HashMap<(&str, &str), quantity::Quantity> = HashMap::new();
    for section in ["requests", "limits"] {
        let Some(map) = json.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (resource, value) in map {
            let path = base.key(section).key(resource.as_str());
            let text = value.as_str().unwrap_or_default();
            // A quantity is read trimmed (resource.Quantity's UnmarshalJSON): " 1Gi" is 1Gi.
            match quantity::parse(text.trim()) {
                Err(err) => {
                    f.at(
                        i,
                        path,
                        format!("`{resource}` {section} \"{text}\" is not a valid quantity: {err}"),
                    );
                }
                Ok(q) if q.is_negative() => {
                    f.at(
                        i,
                        path,
                        format!("`{resource}` {section} must not be negative"),
                    );
                }
                Ok(q) => {
                    parsed.insert((section, resource.as_str()), q);
                }
            }
        }
    }
    for ((section, resource), request) in &parsed {
        if *section != "requests" || !compare {
            continue;
        }
        if let Some(limit) = parsed.get(&("limits", resource))
            && request > limit
        {
            f.at(i, base.key("requests").key(*resource), format!("the `{resource}` request ({}) is more than its limit ({})", request.text(), limit.text()))
                    .help("a request must be less than or equal to the limit: lower the request or raise the limit");
        }
    }
}

pub fn resource_quantity(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object) in checked(bundle) {
        let patterns: &[&str] = match object.kind.as_str() {
            "StatefulSet" => &[
                "spec.template.spec.containers[*].resources",
                "spec.template.spec.initContainers[*].resources",
                "spec.volumeClaimTemplates[*].spec.resources",
            ],
            "PersistentVolumeClaim" => &["spec.resources"],
            _ => &[],
        };
        for pattern in patterns {
            let compare = !pattern.ends_with("spec.resources");
            for (path, resources) in each(&object.json, pattern) {
                check_resources(f, i, resources, &path, compare);
            }
        }
        // An emptyDir's sizeLimit is a quantity too: the server cannot convert one that
        // does not parse, and forbids a negative one.
        if object.kind == "StatefulSet" {
            for (path, dir) in each(&object.json, "spec.template.spec.volumes[*].emptyDir") {
                let Some(text) = dir.get("sizeLimit").and_then(Value::as_str) else {
                    continue;
                };
                let path = path.key("sizeLimit");
                match quantity::parse(text.trim()) {
                    Err(err) => {
                        f.at(
                            i,
                            path,
                            format!("emptyDir sizeLimit \"{text}\" is not a valid quantity: {err}"),
                        );
                    }
                    Ok(q) if q.is_negative() => {
                        f.at(i, path, "emptyDir sizeLimit must not be negative");
                    }
                    Ok(_) => {}
                }
            }
        }
    }
}

/// Where a claim's spec comes from: a PVC's own, or a StatefulSet's claim template.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClaimOrigin {
    Claim,
    Template,
}

/// Said of claim templates: the API server validates them only from Kubernetes 1.34
/// (kubernetes/kubernetes#132212); before that the set is stored and every PVC the
/// controller creates from the template is refused.
pub(super) const TEMPLATE_VERSION_NOTE: &str = "API servers from 1.34 reject the StatefulSet; older ones accept it, then refuse every PVC the controller creates from it, so no pod starts";

/// ReadWriteOncePod is exclusive: a claim that lists it lists no other (supported) mode.
fn check_access_mode_mix(f: &mut Findings, i: usize, spec: &Value, base: &FieldPath) {
    let modes: Vec<&str> = spec
        .get("accessModes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let others: Vec<&str> = modes
        .iter()
        .copied()
        .filter(|m| *m != "ReadWriteOncePod" && ACCESS_MODES.contains(m))
        .collect();
    if modes.contains(&"ReadWriteOncePod") && !others.is_empty() {
        f.at(
            i,
            base.key("accessModes"),
            format!(
                "ReadWriteOncePod may not be combined with other access modes (here with {})",
                others.join(", ")
            ),
        )
        .on_key()
        .help("keep ReadWriteOncePod alone (one Pod mounts the volume read-write), or drop it for ReadWriteOnce");
    }
}

fn check_claim_spec(
    f: &mut Findings,
    i: usize,
    spec: &Value,
    base: &FieldPath,
    origin: ClaimOrigin,
) {
    let note = |help: &str| match origin {
        ClaimOrigin::Claim => help.to_string(),
        ClaimOrigin::Template => format!("{help}; {TEMPLATE_VERSION_NOTE}"),
    };
    let modes = spec.get("accessModes").and_then(Value::as_array);
    if modes.is_none_or(|m| m.is_empty()) {
        f.at(
            i,
            base.key("accessModes"),
            "a claim needs at least one access mode",
        )
        .help(note(
            "add accessModes: [ReadWriteOnce] (one node mounts the volume read-write)",
        ));
    }
    let storage = spec
        .pointer("/resources/requests/storage")
        .and_then(Value::as_str);
    match storage.map(quantity::parse) {
        None => {
            f.at(
                i,
                base.then("resources.requests.storage"),
                "a claim must request storage: resources.requests.storage is missing",
            )
            .help(note("add resources: {requests: {storage: 1Gi}}"));
        }
        Some(Ok(q)) if q.is_zero() => {
            f.at(
                i,
                base.then("resources.requests.storage"),
                "the storage request must be greater than zero",
            );
        }
        Some(_) => {} // parse errors are reported by resource-quantity
    }
}

pub fn claim_spec(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, _) in bundle.statefulsets() {
        let written = object
            .node
            .get("spec")
            .and_then(|s| s.get("volumeClaimTemplates"))
            .and_then(|t| t.as_seq())
            .unwrap_or_default();
        for (path, template) in each(&object.json, "spec.volumeClaimTemplates[*]") {
            match template.pointer("/metadata/name").and_then(Value::as_str) {
                None => {
                    f.at(i, path.key("metadata"), "a volumeClaimTemplate needs metadata.name: it is the volume name that volumeMounts refer to");
                }
                Some(name) => {
                    if let Err(why) = dns1123_label(name) {
                        f.at(
                            i,
                            path.then("metadata.name"),
                            format!("claim template name \"{name}\" is not a DNS label: it {why}"),
                        );
                    }
                }
            }
            // A template without a spec (or `spec: null`) is an empty claim spec to the
            // API server; a spec of the wrong type is field-type's.
            let at = path.key("spec");
            let index = match path.0.last() {
                Some(Segment::Index(n)) => *n,
                _ => continue,
            };
            let node = written.get(index).and_then(|t| t.get("spec"));
            let spec = match (template.get("spec"), node) {
                (Some(spec @ (Value::Object(_) | Value::Null)), _) => spec,
                (None, None) => &Value::Null,
                (None, Some(node)) if node.is_null() => &Value::Null,
                _ => continue,
            };
            check_claim_spec(f, i, spec, &at, ClaimOrigin::Template);
            check_access_mode_mix(f, i, spec, &at);
        }
    }
    for (i, object, _) in bundle.claims() {
        let spec = object.json.get("spec").unwrap_or(&Value::Null);
        let path = FieldPath::parse("spec");
        let has_source = spec.get("dataSource").is_some()
            || spec.get("dataSourceRef").is_some()
            || spec.get("volumeName").is_some();
        check_access_mode_mix(f, i, spec, &path);
        if present(object, &path) && !has_source {
            check_claim_spec(f, i, spec, &path, ClaimOrigin::Claim);
        } else if !present(object, &path) {
            f.at(
                i,
                path,
                "a PersistentVolumeClaim needs a spec with accessModes and a storage request",
            );
        }
    }
}

const PROBES: &[&str] = &["readinessProbe", "livenessProbe", "startupProbe"];
const HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "grpc"];

/// A probe in a StatefulSet's Pod template, as the probe rules read it.
struct Probe<'a> {
    object: usize,
    /// `readinessProbe`, `livenessProbe` or `startupProbe`.
    probe: &'static str,
    /// In `initContainers`, without `restartPolicy: Always`.
    in_plain_init_container: bool,
    path: FieldPath,
    spec: &'a serde_json::Map<String, Value>,
}

/// Every probe of every StatefulSet's containers and init containers.
fn probes<'a>(bundle: &'a Scope<'_>) -> Vec<Probe<'a>> {
    let mut found = Vec::new();
    for (i, object) in checked(bundle) {
        if object.kind != "StatefulSet" {
            continue;
        }
        for list in ["containers", "initContainers"] {
            for (path, container) in each(&object.json, &format!("spec.template.spec.{list}[*]")) {
                let sidecar =
                    container.get("restartPolicy").and_then(Value::as_str) == Some("Always");
                for probe in PROBES {
                    if let Some(spec) = container.get(*probe).and_then(Value::as_object) {
                        found.push(Probe {
                            object: i,
                            probe,
                            in_plain_init_container: list == "initContainers" && !sidecar,
                            path: path.key(*probe),
                            spec,
                        });
                    }
                }
            }
        }
    }
    found
}

pub fn probe_handler(bundle: &Scope<'_>, f: &mut Findings) {
    for found in probes(bundle) {
        let (i, probe, spec, at) = (found.object, found.probe, found.spec, found.path);
        if found.in_plain_init_container {
            f.at(i, at, format!("{probe} may not be set for init containers without restartPolicy: Always"))
                .on_key()
                .help("an init container runs to completion before the app containers start, so it is never Ready or live: remove the probe, or make it a sidecar (restartPolicy: Always) if it must keep running");
            continue;
        }
        let handlers: Vec<&str> = HANDLERS
            .iter()
            .copied()
            .filter(|h| spec.contains_key(*h))
            .collect();
        match handlers.len() {
            0 => {
                f.at(i, at, format!("{probe} must specify a handler type"))
                    .on_key()
                    .help(
                        "add one of exec, httpGet, tcpSocket or grpc, e.g. tcpSocket: {port: 5432}",
                    );
            }
            1 => {}
            _ => {
                // On the second handler, as the API server reports it.
                f.at(
                    i,
                    at.key(handlers[1]),
                    format!(
                        "{probe} may not specify more than one handler type (it has {})",
                        handlers.join(", ")
                    ),
                )
                .on_key()
                .help("keep one of them");
            }
        }
    }
}

/// What the API server checks inside a probe (validateProbe and its handlers): no negative
/// timings or thresholds, a successThreshold of 1 for liveness and startup probes, a positive
/// probe-level terminationGracePeriodSeconds (never on a readiness probe), handler ports in
/// range or valid port names, and a command for exec.
pub fn probe_fields(bundle: &Scope<'_>, f: &mut Findings) {
    for found in probes(bundle) {
        let (i, probe, spec, at) = (found.object, found.probe, found.spec, found.path);
        let number = |field: &str| spec.get(field).and_then(Value::as_i64);
        for field in [
            "initialDelaySeconds",
            "timeoutSeconds",
            "periodSeconds",
            "successThreshold",
            "failureThreshold",
        ] {
            if let Some(v) = number(field).filter(|v| *v < 0) {
                f.at(
                    i,
                    at.key(field),
                    format!("{probe}.{field} is {v}: it must be greater than or equal to 0"),
                );
            }
        }
        if probe != "readinessProbe"
            && let Some(v) = number("successThreshold").filter(|v| *v > 1)
        {
            f.at(i, at.key("successThreshold"), format!("{probe}.successThreshold is {v}: it must be 1"))
                .help("only a readiness probe may need several successes in a row; leave successThreshold out (it defaults to 1)");
        }
        if let Some(v) = number("terminationGracePeriodSeconds") {
            if probe == "readinessProbe" {
                f.at(i, at.key("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds must not be set on a readinessProbe")
                    .on_key()
                    .help("a failing readiness probe never kills the container; set it on the liveness or startup probe, or leave it out");
            } else if v <= 0 {
                f.at(
                    i,
                    at.key("terminationGracePeriodSeconds"),
                    format!(
                        "{probe}.terminationGracePeriodSeconds is {v}: it must be greater than 0"
                    ),
                );
            }
        }
        for handler in ["httpGet", "tcpSocket", "grpc"] {
            let Some(port) = spec.get(handler).and_then(|h| h.get("port")) else {
                continue;
            };
            let port_at = at.key(handler).key("port");
            match port {
                Value::Number(n) => {
                    if let Some(message) = n.as_i64().and_then(port_problem) {
                        f.at(i, port_at, format!("{probe}.{handler}.port: {message}"));
                    }
                }
                Value::String(name) if handler != "grpc" => {
                    if let Err(why) = iana_svc_name(name) {
                        f.at(i, port_at, format!("{probe}.{handler}.port \"{name}\" is neither a port number nor a valid port name: it {why}"))
                            .help("write the container port's number, or the name of one of its ports");
                    }
                }
                _ => {}
            }
        }
        if let Some(exec) = spec.get("exec") {
            let empty = exec
                .get("command")
                .and_then(Value::as_array)
                .is_none_or(|c| c.is_empty());
            if empty {
                f.at(i, at.key("exec"), format!("{probe}.exec needs a command"))
                    .on_key()
                    .help("e.g. exec: {command: [pg_isready, -U, postgres]}");
            }
        }
    }
}

pub fn service_spec(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, service) in bundle.services() {
        // A Service without a spec is read as an empty one: a ClusterIP Service, no ports.
        let spec = super::service::spec_of(service);
        let kind = super::service::service_type(&spec);
        let headless = super::service::is_headless(&spec);
        if headless && matches!(kind, "NodePort" | "LoadBalancer") {
            f.at(i, FieldPath::parse("spec.clusterIP"), format!("a {kind} Service cannot be headless (clusterIP: None)"))
                .help("a headless Service must be of type ClusterIP; use a second Service for external access");
        }
        if !headless && kind != "ExternalName" && spec.ports.as_ref().is_none_or(|p| p.is_empty()) {
            f.at(
                i,
                FieldPath::parse("spec.ports"),
                "this Service needs at least one port",
            )
            .help("add ports: [{port: 80}], or make it headless with clusterIP: None");
        }
    }
}

fn budget_value(value: &IntOrString) -> Option<String> {
    match value {
        IntOrString::Int(n) if *n < 0 => Some(format!("{n} must be greater than or equal to 0")),
        IntOrString::Int(_) => None,
        IntOrString::String(s) => match percent(s) {
            Some(p) if (0..=100).contains(&p) => None,
            _ => Some(format!(
                "\"{s}\" must be an integer or a percentage from 0% to 100%"
            )),
        },
    }
}

pub fn pdb_spec(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, pdb) in bundle.budgets() {
        let Some(spec) = &pdb.spec else { continue };
        if spec.min_available.is_some() && spec.max_unavailable.is_some() {
            f.at(
                i,
                FieldPath::parse("spec.maxUnavailable"),
                "minAvailable and maxUnavailable cannot both be set",
            )
            .on_key()
            .help(
                "keep one: for a quorum-based StatefulSet, maxUnavailable: 1 is the usual choice",
            );
        }
        for (field, value) in [
            ("minAvailable", &spec.min_available),
            ("maxUnavailable", &spec.max_unavailable),
        ] {
            if let Some(message) = value.as_ref().and_then(budget_value) {
                f.at(
                    i,
                    FieldPath::parse("spec").key(field),
                    format!("{field} {message}"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::review::rules::testing::{WEB, hits, run};

    fn sts_edit(from: &str, to: &str) -> String {
        assert!(WEB.contains(from), "{from}");
        WEB.replacen(from, to, 1)
    }

    #[test]
    fn the_base_manifest_is_clean() {
        let report = crate::review::review_bundle(&crate::manifest::read_bundle(
            crate::manifest::Source::new("t", WEB),
        ));
        assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    }

    #[test]
    fn object_name() {
        assert_eq!(
            hits(
                "object-name",
                &sts_edit(
                    "  name: web\nspec:\n  serviceName",
                    "  name: web.db\nspec:\n  serviceName"
                )
            ),
            [("metadata.name".into(), 16)]
        );
        // kube-apiserver 1.37 accepts a Service named "9web" (a DNS label; tests/oracle_lint.rs).
        assert!(hits("object-name", &WEB.replacen("name: web", "name: 9web", 1)).is_empty());
        assert_eq!(
            hits("object-name", &WEB.replacen("name: web", "name: Web", 1)),
            [("metadata.name".into(), 4)]
        );
        assert!(hits("object-name", WEB).is_empty());
        let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: \"system:sts-reader\"}\nrules: []\n";
        assert!(hits("object-name", role).is_empty(), "RBAC names allow ':'");
    }

    #[test]
    fn labels() {
        let bad = sts_edit(
            "      labels:\n        app: web",
            "      labels:\n        app: web\n        bad key: -x-",
        );
        assert_eq!(
            hits("label-syntax", &bad),
            [
                ("spec.template.metadata.labels[\"bad key\"]".into(), 27),
                ("spec.template.metadata.labels[\"bad key\"]".into(), 27)
            ]
        );
        assert!(
            hits(
                "label-syntax",
                &WEB.replace("app: web", "app.kubernetes.io/name: web")
            )
            .is_empty()
        );
    }

    #[test]
    fn selector_rules() {
        let mismatch = sts_edit(
            "    matchLabels:\n      app: web",
            "    matchLabels:\n      app: db",
        );
        assert_eq!(
            hits("selector-matches-labels", &mismatch),
            [("spec.template.metadata.labels".into(), 25)]
        );
        assert!(hits("selector-matches-labels", WEB).is_empty());
        let empty = sts_edit(
            "  selector:\n    matchLabels:\n      app: web",
            "  selector: {}",
        );
        assert_eq!(
            hits("selector-required", &empty),
            [("spec.selector".into(), 20)]
        );
        assert!(hits("selector-matches-labels", &empty).is_empty());
        let exprs = sts_edit(
            "    matchLabels:\n      app: web",
            "    matchExpressions:\n    - {key: app, operator: In, values: [web]}",
        );
        assert!(hits("selector-matches-labels", &exprs).is_empty());
        assert!(hits("selector-expression", &exprs).is_empty());
        let bad = sts_edit(
            "    matchLabels:\n      app: web",
            "    matchExpressions:\n    - {key: app, operator: in, values: [web]}\n    - {key: app, operator: Exists, values: [x]}",
        );
        assert_eq!(
            hits("selector-expression", &bad),
            [
                ("spec.selector.matchExpressions[0].operator".into(), 22),
                ("spec.selector.matchExpressions[1].values".into(), 23)
            ]
        );
    }

    #[test]
    fn pod_template_restrictions() {
        let never = sts_edit(
            "      containers:",
            "      restartPolicy: OnFailure\n      activeDeadlineSeconds: 60\n      containers:",
        );
        assert_eq!(
            hits("restart-policy-always", &never),
            [("spec.template.spec.restartPolicy".into(), 28)]
        );
        assert_eq!(
            hits("no-active-deadline", &never),
            [("spec.template.spec.activeDeadlineSeconds".into(), 29)]
        );
        let always = sts_edit(
            "      containers:",
            "      restartPolicy: Always\n      containers:",
        );
        assert!(hits("restart-policy-always", &always).is_empty());
    }

    #[test]
    fn enums() {
        let bad = sts_edit(
            "  replicas: 1",
            "  replicas: 1\n  podManagementPolicy: parallel\n  updateStrategy: {type: Recreate}\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Keep}",
        );
        assert_eq!(
            hits("enum-value", &bad),
            [
                ("spec.podManagementPolicy".into(), 20),
                ("spec.updateStrategy.type".into(), 21),
                (
                    "spec.persistentVolumeClaimRetentionPolicy.whenScaled".into(),
                    22
                )
            ]
        );
        let good = sts_edit(
            "  replicas: 1",
            "  replicas: 1\n  podManagementPolicy: Parallel\n  updateStrategy: {type: OnDelete}\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}",
        );
        assert!(hits("enum-value", &good).is_empty());
        assert_eq!(
            hits(
                "enum-value",
                &WEB.replace("[ReadWriteOnce]", "[ReadWriteOne]")
            ),
            [(
                "spec.volumeClaimTemplates[0].spec.accessModes[0]".into(),
                48
            )]
        );
    }

    #[test]
    fn an_empty_enum_value_is_refused_only_where_the_api_server_does_not_default_it() {
        // Defaulted like a missing field.
        let defaulted = sts_edit(
            "  replicas: 1",
            "  replicas: 1\n  podManagementPolicy: \"\"\n  updateStrategy: {type: \"\"}\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: \"\", whenScaled: \"\"}",
        );
        assert!(hits("enum-value", &defaulted).is_empty());
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: \"\"\n  sessionAffinity: \"\"\n  externalTrafficPolicy: \"\"\n  ports: [{port: 80, protocol: \"\"}]\n";
        assert!(hits("enum-value", service).is_empty());
        // A value the API server refuses.
        assert_eq!(
            hits("enum-value", &WEB.replace("[ReadWriteOnce]", "[\"\"]")),
            [(
                "spec.volumeClaimTemplates[0].spec.accessModes[0]".into(),
                48
            )]
        );
        let mode = WEB.replace(
            "      accessModes: [ReadWriteOnce]\n",
            "      accessModes: [ReadWriteOnce]\n      volumeMode: \"\"\n",
        );
        assert_eq!(hits("enum-value", &mode).len(), 1);
        for field in [
            "internalTrafficPolicy: \"\"",
            "ipFamilyPolicy: \"\"",
            "ipFamilies: [\"\"]",
        ] {
            let text = service.replace("  type: \"\"\n", &format!("  {field}\n"));
            assert_eq!(hits("enum-value", &text).len(), 1, "{field}");
        }
        let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  accessModes: [\"\"]\n  volumeMode: \"\"\n  resources: {requests: {storage: 1Gi}}\n";
        assert_eq!(hits("enum-value", pvc).len(), 2);
        let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: a}\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: \"\"\n  selector: {matchLabels: {app: a}}\n";
        assert_eq!(
            hits("enum-value", pdb),
            [("spec.unhealthyPodEvictionPolicy".into(), 6)]
        );
        assert!(
            run("enum-value", pdb)[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("refused, not defaulted")
        );
        // Every entry names a field of the enum table.
        for (kind, pattern) in super::EMPTY_REFUSED {
            assert!(
                super::ENUMS
                    .iter()
                    .any(|(k, p, _)| k == kind && p == pattern),
                "{kind} {pattern}"
            );
        }
    }

    #[test]
    fn numbers_and_strategies() {
        let bad = sts_edit(
            "  replicas: 1",
            "  replicas: -1\n  minReadySeconds: -5\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: -1}",
        );
        assert_eq!(
            hits("non-negative", &bad),
            [
                ("spec.replicas".into(), 19),
                ("spec.minReadySeconds".into(), 20),
                ("spec.updateStrategy.rollingUpdate.partition".into(), 23)
            ]
        );
        assert_eq!(
            hits("rolling-update-strategy", &bad),
            [("spec.updateStrategy.rollingUpdate".into(), 23)]
        );
        assert!(hits("non-negative", WEB).is_empty());
        let null_block = sts_edit(
            "  replicas: 1",
            "  replicas: 1\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate: null",
        );
        assert!(
            hits("rolling-update-strategy", &null_block).is_empty(),
            "null is the same as absent"
        );
        for (value, wrong) in [
            ("0", true),
            ("'0%'", true),
            ("'150%'", true),
            ("'x'", true),
            ("2", false),
            ("'25%'", false),
        ] {
            let text = sts_edit(
                "  replicas: 1",
                &format!(
                    "  replicas: 1\n  updateStrategy:\n    rollingUpdate: {{maxUnavailable: {value}}}"
                ),
            );
            assert_eq!(
                hits("max-unavailable", &text).len(),
                usize::from(wrong),
                "{value}"
            );
            assert_eq!(hits("max-unavailable-gate", &text).len(), 1, "{value}");
        }
    }

    #[test]
    fn probes_need_exactly_one_handler() {
        let none = sts_edit(
            "          tcpSocket:\n            port: 80",
            "          periodSeconds: 5",
        );
        assert_eq!(
            hits("probe-handler", &none),
            [("spec.template.spec.containers[0].readinessProbe".into(), 34)]
        );
        let two = sts_edit(
            "          tcpSocket:\n            port: 80",
            "          tcpSocket: {port: 80}\n          exec: {command: [true]}",
        );
        assert_eq!(hits("probe-handler", &two).len(), 1);
        assert!(hits("probe-handler", WEB).is_empty());
    }

    #[test]
    fn probe_fields_are_checked_as_the_api_server_checks_them() {
        let probe = "          tcpSocket:\n            port: 80";
        let bad = [
            (
                "          tcpSocket:\n            port: 0",
                "readinessProbe.tcpSocket.port",
            ),
            (
                "          tcpSocket:\n            port: \"80\"",
                "readinessProbe.tcpSocket.port",
            ),
            (
                "          tcpSocket:\n            port: Web",
                "readinessProbe.tcpSocket.port",
            ),
            (
                "          tcpSocket: {port: 80}\n          periodSeconds: -1",
                "readinessProbe.periodSeconds",
            ),
            (
                "          tcpSocket: {port: 80}\n          terminationGracePeriodSeconds: 5",
                "readinessProbe.terminationGracePeriodSeconds",
            ),
            ("          exec: {command: []}", "readinessProbe.exec"),
        ];
        for (edit, path) in bad {
            let found = hits("probe-fields", &sts_edit(probe, edit));
            assert_eq!(found.len(), 1, "{edit}: {found:?}");
            assert_eq!(
                found[0].0,
                format!("spec.template.spec.containers[0].{path}"),
                "{edit}"
            );
        }
        let good = [
            "          tcpSocket:\n            port: http",
            "          tcpSocket: {port: 80}\n          successThreshold: 3\n          periodSeconds: 0",
            "          exec: {command: [pg_isready]}",
        ];
        for edit in good {
            assert!(
                hits("probe-fields", &sts_edit(probe, edit)).is_empty(),
                "{edit}"
            );
        }
        assert!(hits("probe-fields", WEB).is_empty());
    }

    #[test]
    fn service_name_and_names() {
        assert_eq!(
            hits(
                "service-name-format",
                &sts_edit("serviceName: web", "serviceName: Web_Svc")
            ),
            [("spec.serviceName".into(), 18)]
        );
        assert!(hits("service-name-format", WEB).is_empty());
        let dup = sts_edit(
            "      containers:\n",
            "      initContainers:\n      - name: nginx\n        image: busybox:1.36\n      containers:\n",
        );
        // The init container is the one reported, as kube-apiserver does.
        assert_eq!(
            hits("container-name", &dup),
            [("spec.template.spec.initContainers[0].name".into(), 29)]
        );
        let vols = sts_edit(
            "      containers:",
            "      volumes:\n      - name: cfg\n        emptyDir: {}\n      - name: cfg\n        emptyDir: {}\n      containers:",
        );
        assert_eq!(
            hits("volume-name", &vols),
            [("spec.template.spec.volumes[1].name".into(), 31)]
        );
    }

    #[test]
    fn ports() {
        let bad = sts_edit(
            "- containerPort: 80\n          name: http",
            "- containerPort: 70000\n          name: Http_Port",
        );
        assert_eq!(
            hits("port-range", &bad),
            [(
                "spec.template.spec.containers[0].ports[0].containerPort".into(),
                32
            )]
        );
        assert_eq!(
            hits("port-name", &bad),
            [("spec.template.spec.containers[0].ports[0].name".into(), 33)]
        );
        let svc = WEB.replacen(
            "  - port: 80\n    name: http",
            "  - port: 80\n  - port: 0\n    targetPort: 8080",
            1,
        );
        assert_eq!(
            hits("port-range", &svc),
            [("spec.ports[1].port".into(), 11)]
        );
        assert_eq!(
            hits("port-name", &svc),
            [("spec.ports[0]".into(), 10), ("spec.ports[1]".into(), 11)]
        );
        assert!(hits("port-range", WEB).is_empty() && hits("port-name", WEB).is_empty());
        // nodePort 0 is no node port; out of range it is refused.
        let node_port = |n: i64| {
            WEB.replacen(
                "  - port: 80\n    name: http",
                &format!("  - port: 80\n    name: http\n    nodePort: {n}"),
                1,
            )
        };
        assert!(hits("port-range", &node_port(0)).is_empty());
        assert_eq!(
            hits("port-range", &node_port(70000)),
            [("spec.ports[0].nodePort".into(), 12)]
        );
    }

    #[test]
    fn cluster_ips_hold_addresses() {
        let svc = |spec: &str| {
            format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: a}}\nspec:\n{spec}  ports: [{{port: 80}}]\n"
            )
        };
        for right in [
            "  clusterIP: \"\"\n",
            "  clusterIP: None\n  clusterIPs: [None]\n",
            "  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, fd00::10]\n",
        ] {
            assert!(hits("ip-address", &svc(right)).is_empty(), "{right}");
        }
        // "" asks for an address in clusterIP only.
        let empty = svc("  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, \"\"]\n");
        assert_eq!(
            hits("ip-address", &empty),
            [("spec.clusterIPs[1]".into(), 6)]
        );
        let first = svc("  clusterIPs: [\"\"]\n");
        assert_eq!(
            hits("ip-address", &first),
            [("spec.clusterIPs[0]".into(), 5)]
        );
        assert!(
            run("ip-address", &first)[0]
                .message
                .contains("None as the only entry")
        );
    }

    #[test]
    fn quantities() {
        let bad = sts_edit(
            "            cpu: 100m\n            memory: 64Mi",
            "            cpu: 2\n            memory: 64MB\n          limits:\n            cpu: 1500m",
        );
        assert_eq!(
            hits("resource-quantity", &bad),
            [
                (
                    "spec.template.spec.containers[0].resources.requests.cpu".into(),
                    39
                ),
                (
                    "spec.template.spec.containers[0].resources.requests.memory".into(),
                    40
                )
            ]
        );
        let equal = sts_edit(
            "            cpu: 100m",
            "            cpu: 0.1\n          limits: {cpu: 100m, memory: 64Mi}",
        );
        assert!(hits("resource-quantity", &equal).is_empty());
        assert_eq!(
            hits(
                "resource-quantity",
                &WEB.replace("storage: 1Gi", "storage: 1 GB")
            ),
            [(
                "spec.volumeClaimTemplates[0].spec.resources.requests.storage".into(),
                51
            )]
        );
    }

    #[test]
    fn claims() {
        let no_modes = WEB.replace("      accessModes: [ReadWriteOnce]\n", "");
        assert_eq!(
            hits("claim-spec", &no_modes),
            [("spec.volumeClaimTemplates[0].spec.accessModes".into(), 47)]
        );
        let no_storage = WEB.replace(
            "      resources:\n        requests:\n          storage: 1Gi\n",
            "",
        );
        assert_eq!(
            hits("claim-spec", &no_storage),
            [(
                "spec.volumeClaimTemplates[0].spec.resources.requests.storage".into(),
                47
            )]
        );
        assert_eq!(
            hits("claim-spec", &WEB.replace("storage: 1Gi", "storage: 0")).len(),
            1
        );
        let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n";
        assert_eq!(
            hits("claim-spec", pvc),
            [("spec.resources.requests.storage".into(), 4)]
        );
        // A template without a spec, or with `spec: null`, is an empty spec; a spec of the
        // wrong type is field-type's.
        let template = "  - metadata:\n      name: www\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n";
        assert!(WEB.contains(template));
        for spec in ["", "    spec: null\n"] {
            let text = WEB.replace(template, &format!("  - metadata:\n      name: www\n{spec}"));
            assert_eq!(
                hits("claim-spec", &text)
                    .into_iter()
                    .map(|(path, _)| path)
                    .collect::<Vec<_>>(),
                [
                    "spec.volumeClaimTemplates[0].spec.accessModes",
                    "spec.volumeClaimTemplates[0].spec.resources.requests.storage"
                ],
                "{spec:?}"
            );
        }
        let list = WEB.replace(template, "  - metadata:\n      name: www\n    spec: [x]\n");
        assert!(hits("claim-spec", &list).is_empty());
        // ReadWriteOncePod stands alone, in templates and PVCs (with a data source too).
        for modes in [
            "[ReadWriteOncePod, ReadWriteOnce]",
            "[ReadOnlyMany, ReadWriteOncePod]",
        ] {
            let text = WEB.replace("[ReadWriteOnce]", modes);
            assert_eq!(
                hits("claim-spec", &text),
                [("spec.volumeClaimTemplates[0].spec.accessModes".into(), 48)],
                "{modes}"
            );
        }
        for modes in [
            "[ReadWriteOncePod]",
            "[ReadWriteOncePod, ReadWriteOncePod]",
            "[ReadWriteOnce, ReadOnlyMany]",
        ] {
            assert!(
                hits("claim-spec", &WEB.replace("[ReadWriteOnce]", modes)).is_empty(),
                "{modes}"
            );
        }
        let cloned = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  accessModes: [ReadWriteOncePod, ReadWriteMany]\n  dataSource: {kind: PersistentVolumeClaim, name: data}\n  resources: {requests: {storage: 1Gi}}\n";
        assert_eq!(hits("claim-spec", cloned), [("spec.accessModes".into(), 5)]);
        // Only templates carry the version note: a PVC of its own is refused everywhere.
        let help = |text: &str| run("claim-spec", text)[0].help.clone().unwrap_or_default();
        assert!(help(&no_storage).contains("API servers from 1.34 reject the StatefulSet"));
        assert!(!help(pvc).contains("1.34"));
    }

    #[test]
    fn services_and_budgets() {
        let lb = WEB.replacen(
            "  clusterIP: None",
            "  clusterIP: None\n  type: LoadBalancer",
            1,
        );
        assert_eq!(hits("service-spec", &lb), [("spec.clusterIP".into(), 6)]);
        let no_ports =
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {app: a}\n";
        assert_eq!(hits("service-spec", no_ports), [("spec.ports".into(), 4)]);
        assert!(
            hits(
                "service-spec",
                &no_ports.replace("spec:\n", "spec:\n  clusterIP: None\n")
            )
            .is_empty()
        );
        // No spec at all, or a null one: a ClusterIP Service without ports.
        for spec in ["", "spec: null\n"] {
            let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: a}}\n{spec}");
            assert_eq!(hits("service-spec", &text).len(), 1, "{spec:?}");
        }
        // Headless means clusterIPs is [None] once clusterIP fills it in.
        let not_headless = no_ports.replace(
            "spec:\n",
            "spec:\n  clusterIP: None\n  clusterIPs: [None, 10.96.0.10]\n",
        );
        assert_eq!(hits("service-spec", &not_headless).len(), 1);
        let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: a}\nspec:\n  minAvailable: 2\n  maxUnavailable: 120%\n  selector: {matchLabels: {app: a}}\n";
        assert_eq!(
            hits("pdb-spec", pdb),
            [
                ("spec.maxUnavailable".into(), 6),
                ("spec.maxUnavailable".into(), 6)
            ]
        );
    }
}
