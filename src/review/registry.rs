//! The rule registry: every check sts-tutor runs, with a stable id, a severity, a one-line
//! summary and the lesson that explains it.
//!
//! Checks are pure functions over a [`Scope`]: the objects of one file, seen together with
//! the other files given in the same run (cross-object rules look a Service or a budget up
//! in all of them). Ids are a public contract (JSON output, SARIF, exercise files): never
//! rename one, add a new one instead.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::manifest::{Bundle, FieldPath, Object};

use super::diagnostic::Severity;
use super::index::SetIndex;
use super::pods::PodLabels;
use super::rules;
use super::rules::Labels;

/// Which part of sts-tutor a rule belongs to, for `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Reading the file: YAML, limits, object identity, the API schema.
    Input,
    /// What the Kubernetes API server rejects.
    Api,
    /// StatefulSet semantics across the objects of one file.
    Semantics,
    /// Production practices an experienced operator would ask for.
    Practice,
}

impl Family {
    pub fn title(self) -> &'static str {
        match self {
            Family::Input => "Reading the manifest",
            Family::Api => "What the API server rejects",
            Family::Semantics => "StatefulSet semantics across objects",
            Family::Practice => "Production practices",
        }
    }
}

pub type CheckFn = fn(&Scope<'_>, &mut Findings);

/// The file a check runs over (`Deref`s to its [`Bundle`]), with every file of the run:
/// the files given to one `lint` are one set for rules that look for another object.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub bundle: &'a Bundle,
    pub set: &'a [&'a Bundle],
    /// The position of `bundle` in `set`.
    pub here: usize,
    index: &'a SetIndex<'a>,
}

impl<'a> std::ops::Deref for Scope<'a> {
    type Target = Bundle;
    fn deref(&self) -> &Bundle {
        self.bundle
    }
}

impl<'a> Scope<'a> {
    /// File `here` of `set`, with the set's index.
    pub fn new(here: usize, set: &'a [&'a Bundle], index: &'a SetIndex<'a>) -> Scope<'a> {
        Scope {
            bundle: set[here],
            set,
            here,
            index,
        }
    }

    /// "in this file", or "in the files given" when the run has several.
    pub fn where_(&self) -> &'static str {
        if self.set.len() > 1 {
            "in the files given"
        } else {
            "in this file"
        }
    }

    /// The Services of every file of the set named `name`, this file's first.
    pub fn set_services_named(&self, name: &str) -> Vec<(&'a Object, &'a Service)> {
        self.index.services_named(self.here, name)
    }

    /// The Services of every file of the set that could select `labels` (all that do,
    /// and perhaps others), this file's first.
    pub fn set_services_for(&self, labels: &Labels) -> Vec<(&'a Object, &'a Service)> {
        self.index.services_for(self.here, labels)
    }

    /// The PodDisruptionBudgets of every file of the set that could select `labels` (all
    /// that do, and perhaps others), this file's first.
    pub fn set_budgets_for(&self, labels: &Labels) -> Vec<(&'a Object, &'a PodDisruptionBudget)> {
        self.index.budgets_for(self.here, labels)
    }

    /// The budgets on removed API versions of every file of the set whose selector (read
    /// from the JSON) could select `labels`, with that selector, this file's first.
    pub fn set_removed_budgets_for(&self, labels: &Labels) -> Vec<(&'a Object, &'a LabelSelector)> {
        self.index.removed_budgets_for(self.here, labels)
    }

    /// The first definition in the set of object `i`'s identity (kind, namespace, name)
    /// when it is an earlier object: its file and the object.
    pub fn first_definition(&self, i: usize) -> Option<(&'a Bundle, &'a Object)> {
        self.index.first_definition(self.here, i)
    }

    /// The first Pods of the set, this file's first, that a Service's (non-empty)
    /// `selector` selects and `wanted` accepts.
    pub fn set_first_pods_selected_by(
        &self,
        selector: &Labels,
        wanted: impl Fn(&PodLabels<'a>) -> bool,
    ) -> Option<&'a PodLabels<'a>> {
        self.index
            .first_pods_selected_by(self.here, selector, wanted)
    }

    /// The Pods of every file of the set whose template has one of `keys`, this file's first.
    pub fn set_pods_with_keys<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Vec<&'a PodLabels<'a>> {
        self.index.pods_with_keys(self.here, keys)
    }

    /// Whether any file of the set makes Pods (has a workload or a Pod).
    pub fn set_has_pods(&self) -> bool {
        self.index.has_pods()
    }

    /// The first custom resource of the set in namespace `ns`.
    pub fn set_custom_resource_in(&self, ns: &str) -> Option<&'a Object> {
        self.index.custom_resource_in(ns)
    }

    /// The StatefulSets of the set in namespace `ns` whose serviceName is `name`.
    pub fn set_statefulsets_naming(&self, ns: &str, name: &str) -> Vec<&'a Object> {
        self.index.statefulsets_naming(ns, name)
    }

    /// The StatefulSets of every file of the set, this file's first. A scan: for messages
    /// about the rare object already found wrong, not for every object of a run.
    pub fn set_statefulsets(
        &self,
    ) -> impl Iterator<Item = (&'a Object, &'a k8s_openapi::api::apps::v1::StatefulSet)> + '_ {
        let here = self.here;
        let others = self
            .set
            .iter()
            .enumerate()
            .filter(move |(b, _)| *b != here)
            .map(|(_, b)| *b);
        std::iter::once(self.bundle)
            .chain(others)
            .flat_map(|b| b.statefulsets().map(|(_, o, s)| (o, s)))
    }
}

/// Cross-object rules pair objects of one namespace as the grader does: unset is the
/// namespace the file is applied to, and `default` written out equals it.
pub use crate::manifest::same_namespace;

#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub family: Family,
    pub summary: &'static str,
    pub lesson: &'static str,
    /// `None` for findings made while reading the file (parser, schema).
    pub check: Option<CheckFn>,
}

/// Where in the document a finding points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The value when it is a scalar, else its key.
    Auto,
    Key,
}

/// A finding before it is located in the file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub object: usize,
    pub path: FieldPath,
    pub message: String,
    pub help: Option<String>,
    pub target: Target,
    /// A severity other than the rule's, for the one case of a rule that it downgrades
    /// (e.g. `port-name`: a name repeated across containers is only a warning).
    pub severity: Option<Severity>,
}

impl Finding {
    pub fn severity(&mut self, severity: Severity) -> &mut Finding {
        self.severity = Some(severity);
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Finding {
        self.help = Some(help.into());
        self
    }

    pub fn on_key(&mut self) -> &mut Finding {
        self.target = Target::Key;
        self
    }
}

/// A check that did not apply to an object, and why (kube-score style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub rule: &'static str,
    pub object: usize,
    pub reason: String,
}

/// What a check reports into: findings and skips for the rule being run.
pub struct Findings {
    rule: &'static Rule,
    pub(crate) found: Vec<Finding>,
    pub(crate) skipped: Vec<Skip>,
}

impl Findings {
    pub(crate) fn new(rule: &'static Rule) -> Findings {
        Findings {
            rule,
            found: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Reports a finding on `object` at `path`.
    pub fn at(
        &mut self,
        object: usize,
        path: FieldPath,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.found.push(Finding {
            rule: self.rule,
            object,
            path,
            message: message.into(),
            help: None,
            target: Target::Auto,
            severity: None,
        });
        self.found.last_mut().expect("just pushed")
    }

    pub fn skip(&mut self, object: usize, reason: impl Into<String>) {
        self.skipped.push(Skip {
            rule: self.rule.id,
            object,
            reason: reason.into(),
        });
    }
}

macro_rules! rule {
    ($id:literal, $sev:ident, $family:ident, $lesson:literal, $summary:literal) => {
        Rule {
            id: $id,
            severity: Severity::$sev,
            family: Family::$family,
            summary: $summary,
            lesson: $lesson,
            check: None,
        }
    };
    ($id:literal, $sev:ident, $family:ident, $lesson:literal, $summary:literal, $check:path) => {
        Rule {
            id: $id,
            severity: Severity::$sev,
            family: Family::$family,
            summary: $summary,
            lesson: $lesson,
            check: Some($check),
        }
    };
}

/// Every rule, in the order they are documented.
pub static RULES: &[Rule] = &[
    rule!(
        "yaml-syntax",
        Error,
        Input,
        "yaml",
        "The file is not valid YAML (tabs, indentation, unclosed brackets, unknown aliases)."
    ),
    rule!(
        "duplicate-key",
        Error,
        Input,
        "yaml",
        "A mapping repeats a key: kubectl refuses the file, and the API server rejects it under strict field validation (kubectl's default)."
    ),
    rule!(
        "input-limit",
        Error,
        Input,
        "yaml",
        "The file exceeds a limit: 8 MiB, 100 levels of nesting, 100,000 nodes copied by aliases, or 5,000 documents."
    ),
    rule!(
        "input-encoding",
        Error,
        Input,
        "yaml",
        "The file is binary, UTF-16 or invalid UTF-8; manifests are UTF-8 text."
    ),
    rule!(
        "no-objects",
        Error,
        Input,
        "yaml",
        "The file contains no Kubernetes object."
    ),
    rule!(
        "object-type",
        Error,
        Input,
        "api-validation",
        "A document is not a Kubernetes object (not a mapping, or no apiVersion/kind)."
    ),
    rule!(
        "removed-api-version",
        Error,
        Input,
        "api-validation",
        "The apiVersion was removed from Kubernetes (e.g. apps/v1beta1); the message names its replacement."
    ),
    rule!(
        "unknown-api-version",
        Error,
        Input,
        "api-validation",
        "A built-in kind under an apiVersion that does not serve it (e.g. StatefulSet in v1)."
    ),
    rule!(
        "unknown-kind",
        Error,
        Input,
        "api-validation",
        "A kind that a built-in API group does not define, with the closest real kind."
    ),
    rule!(
        "unchecked-kind",
        Info,
        Input,
        "api-validation",
        "A custom resource or a kind sts-tutor has no schema for: only its identity is read."
    ),
    rule!(
        "unknown-field",
        Error,
        Input,
        "api-validation",
        "A field the API type does not have (misspelt or mis-indented), with a suggestion."
    ),
    rule!(
        "field-type",
        Error,
        Input,
        "yaml",
        "A value of the wrong type, e.g. replicas: \"3\", or accessModes not written as a list."
    ),
    rule!(
        "required-field",
        Error,
        Input,
        "api-validation",
        "A field the API requires is missing (e.g. spec.selector, a container's name)."
    ),
    rule!(
        "ignore-annotation",
        Warning,
        Input,
        "api-validation",
        "An sts-tutor.dev/ignore annotation names an unknown rule, or a rule whose errors cannot be silenced.",
        super::ignore::check_annotations
    ),
    rule!(
        "object-name",
        Error,
        Api,
        "api-validation",
        "metadata.name is missing or not a valid DNS name for its kind (a DNS label for StatefulSets).",
        rules::api::object_name
    ),
    rule!(
        "label-syntax",
        Error,
        Api,
        "api-validation",
        "A label key or value (in metadata, templates or selectors) breaks Kubernetes' label syntax.",
        rules::api::label_syntax
    ),
    rule!(
        "selector-required",
        Error,
        Api,
        "api-validation",
        "A StatefulSet selector is empty; it must select the Pod template's labels.",
        rules::api::selector_required
    ),
    rule!(
        "selector-matches-labels",
        Error,
        Api,
        "api-validation",
        "The StatefulSet selector does not match spec.template.metadata.labels.",
        rules::api::selector_matches_labels
    ),
    rule!(
        "selector-expression",
        Error,
        Api,
        "api-validation",
        "A matchExpressions entry (of a label selector or a node selector term) has an unknown operator, values that do not fit it, or a key or value that breaks label syntax.",
        rules::api::selector_expression
    ),
    rule!(
        "restart-policy-always",
        Error,
        Api,
        "api-validation",
        "A StatefulSet Pod template's restartPolicy must be Always.",
        rules::api::restart_policy_always
    ),
    rule!(
        "no-active-deadline",
        Error,
        Api,
        "api-validation",
        "activeDeadlineSeconds is forbidden in a StatefulSet Pod template.",
        rules::api::no_active_deadline
    ),
    rule!(
        "enum-value",
        Error,
        Api,
        "api-validation",
        "A field limited to fixed values has another (podManagementPolicy, protocol, type, imagePullPolicy, ...); values are case-sensitive.",
        rules::api::enum_value
    ),
    rule!(
        "ip-address",
        Error,
        Api,
        "headless-service",
        "A Service's clusterIP, clusterIPs or externalIPs is not an IP address (clusterIP may also be None or empty; None is case-sensitive).",
        rules::api::ip_address
    ),
    rule!(
        "non-negative",
        Error,
        Api,
        "api-validation",
        "replicas, minReadySeconds, ordinals.start, partition or revisionHistoryLimit is negative.",
        rules::api::non_negative
    ),
    rule!(
        "rolling-update-strategy",
        Error,
        Api,
        "updates",
        "updateStrategy.rollingUpdate is set while the type is not RollingUpdate.",
        rules::api::rolling_update_strategy
    ),
    rule!(
        "max-unavailable",
        Error,
        Api,
        "updates",
        "rollingUpdate.maxUnavailable is 0, a percentage over 100%, or not a number or percentage.",
        rules::api::max_unavailable
    ),
    rule!(
        "service-name-format",
        Error,
        Api,
        "headless-service",
        "spec.serviceName is not a DNS label (rejected on create since Kubernetes 1.33).",
        rules::api::service_name_format
    ),
    rule!(
        "container-name",
        Error,
        Api,
        "api-validation",
        "A container name is not a DNS label or is used twice in the Pod.",
        rules::api::container_name
    ),
    rule!(
        "volume-name",
        Error,
        Api,
        "storage",
        "A volume name is not a DNS label or is used twice in the Pod.",
        rules::api::volume_name
    ),
    rule!(
        "port-range",
        Error,
        Api,
        "api-validation",
        "A container or Service port is outside 1-65535.",
        rules::api::port_range
    ),
    rule!(
        "port-name",
        Error,
        Api,
        "api-validation",
        "A port name is invalid, repeated in one container or Service, or missing where a Service has several ports; a name repeated across containers is a warning.",
        rules::api::port_name
    ),
    rule!(
        "resource-quantity",
        Error,
        Api,
        "api-validation",
        "A resource request or limit is not a valid quantity, or a request exceeds its limit.",
        rules::api::resource_quantity
    ),
    rule!(
        "claim-spec",
        Error,
        Api,
        "storage",
        "A PVC or claim template lacks accessModes or a storage request (a template without spec too), mixes ReadWriteOncePod with other access modes, or its name is invalid.",
        rules::api::claim_spec
    ),
    rule!(
        "probe-handler",
        Error,
        Api,
        "operations",
        "A probe has no handler (exec, httpGet, tcpSocket, grpc) or more than one, or is set on an init container that is not a sidecar.",
        rules::api::probe_handler
    ),
    rule!(
        "probe-fields",
        Error,
        Api,
        "operations",
        "A probe has a negative timing or threshold, a successThreshold other than 1 on a liveness or startup probe, a bad terminationGracePeriodSeconds, a handler port out of range or badly named, or an exec without a command.",
        rules::api::probe_fields
    ),
    rule!(
        "container-image",
        Error,
        Api,
        "api-validation",
        "A container or init container has no image, or an empty one (a Pod's image also must not start or end with whitespace).",
        rules::pod::container_image
    ),
    rule!(
        "env-name",
        Error,
        Api,
        "api-validation",
        "An environment variable name is empty, set twice in one container, or has a character other than printable ASCII, or '='; an envFrom prefix likewise.",
        rules::pod::env_name
    ),
    rule!(
        "volume-mount-fields",
        Error,
        Api,
        "storage",
        "A volumeMount has an empty name or mountPath, a mountPath used twice in a container, a subPath or subPathExpr that is absolute or contains '..', or both of them.",
        rules::pod::volume_mount_fields
    ),
    rule!(
        "security-context",
        Error,
        Api,
        "api-validation",
        "runAsUser, runAsGroup, fsGroup or a supplementalGroups entry of a Pod or container securityContext is outside 0-2147483647.",
        rules::pod::security_context
    ),
    rule!(
        "resource-name",
        Error,
        Api,
        "api-validation",
        "A container requests or limits a resource that is not cpu, memory, ephemeral-storage, hugepages-<size> or a valid extended resource; an extended resource or huge pages without an equal limit, a fractional extended resource, huge pages that are not a multiple of the page size or come without cpu or memory.",
        rules::pod::resource_name
    ),
    rule!(
        "pod-spec-fields",
        Error,
        Api,
        "api-validation",
        "A Pod spec has no containers, a nodeName, serviceAccountName or priorityClassName that is not a DNS subdomain, dnsPolicy None without nameservers, a bad dnsConfig, or a toleration whose key, operator, value and effect do not fit together.",
        rules::pod::pod_spec_fields
    ),
    rule!(
        "topology-spread",
        Error,
        Api,
        "operations",
        "A topologySpreadConstraint has maxSkew or minDomains below 1, an empty topologyKey, minDomains without whenUnsatisfiable DoNotSchedule, the {topologyKey, whenUnsatisfiable} pair of another, or matchLabelKeys without a labelSelector or with a bad label key (in a Pod, also a key the selector names).",
        rules::pod::topology_spread
    ),
    rule!(
        "affinity",
        Error,
        Api,
        "operations",
        "A pod (anti-)affinity term has an empty or invalid topologyKey, an invalid namespace, or matchLabelKeys / mismatchLabelKeys without a labelSelector, with a bad key, in both lists or clashing with the selector; a preferred weight outside 1-100; a required node affinity without terms; matchFields not on metadata.name with one value.",
        rules::pod::affinity
    ),
    rule!(
        "service-spec",
        Error,
        Api,
        "headless-service",
        "A Service is headless but of a type that needs a cluster IP, or has no ports where they are required (also when it has no spec).",
        rules::api::service_spec
    ),
    rule!(
        "service-fields",
        Error,
        Api,
        "headless-service",
        "A Service field its type may not carry (externalTrafficPolicy on a ClusterIP Service, nodePort on ClusterIP, load balancer fields off LoadBalancer), an invalid appProtocol, or a ClientIP affinity timeout outside 1-86400.",
        rules::service::service_fields
    ),
    rule!(
        "cluster-ips",
        Error,
        Api,
        "headless-service",
        "clusterIPs disagrees with clusterIP (its first entry must match, and it must be empty without clusterIP), holds None with other values, more than 2 values or two of one family, or does not fit ipFamilies.",
        rules::service::cluster_ips_rule
    ),
    rule!(
        "external-name",
        Error,
        Api,
        "headless-service",
        "An ExternalName Service has no externalName or one that is not a DNS name, or sets clusterIP, clusterIPs, ipFamilies or ipFamilyPolicy.",
        rules::service::external_name
    ),
    rule!(
        "duplicate-port",
        Error,
        Api,
        "api-validation",
        "Two Service ports share port and protocol, two ports of different numbers ask for one nodePort, or a container lists a containerPort and protocol twice (server-side apply refuses it).",
        rules::service::duplicate_port
    ),
    rule!(
        "storage-class-name",
        Error,
        Api,
        "storage",
        "A storageClassName or volumeAttributesClassName (PVC, claim template, ephemeral volume, PV) is not a DNS subdomain.",
        rules::storage::storage_class_name
    ),
    rule!(
        "pdb-spec",
        Error,
        Api,
        "operations",
        "A PodDisruptionBudget sets both or invalid minAvailable / maxUnavailable.",
        rules::api::pdb_spec
    ),
    rule!(
        "max-unavailable-gate",
        Info,
        Api,
        "updates",
        "maxUnavailable only acts where the MaxUnavailableStatefulSet gate is on (default on from Kubernetes 1.37).",
        rules::api::max_unavailable_gate
    ),
    rule!(
        "volume-mount-source",
        Error,
        // kube-apiserver rejects the StatefulSet itself ("volumeMounts[0].name: Not found"):
        // it validates the template with the claim templates as volumes.
        Api,
        "storage",
        "A volumeMount names neither a Pod volume nor a volumeClaimTemplate.",
        rules::semantics::volume_mount_source
    ),
    rule!(
        "claim-template-mounted",
        Warning,
        Semantics,
        "storage",
        "A volumeClaimTemplate is not mounted by any container, so its PVC holds no data.",
        rules::semantics::claim_template_mounted
    ),
    rule!(
        "headless-service",
        Warning,
        Semantics,
        "headless-service",
        "serviceName does not name a headless Service, in the files given, that selects the Pods.",
        rules::semantics::headless_service
    ),
    rule!(
        "service-selects-pods",
        Warning,
        Semantics,
        "headless-service",
        "A Service's selector selects no Pod that the workloads in the files given create (in its namespace), so it gets no endpoints.",
        rules::semantics::service_selects_pods
    ),
    rule!(
        "duplicate-object",
        Error,
        Semantics,
        "api-validation",
        "Two objects share kind, namespace and name in one file (a note across the files given to `lint`; an error across the files of one graded folder): applying them keeps only the last.",
        rules::semantics::duplicate_object
    ),
    rule!(
        "name-length",
        Error,
        Semantics,
        "identity",
        "The StatefulSet name is over 52 characters, so its Pods' controller-revision-hash label is too long.",
        rules::semantics::name_length
    ),
    rule!(
        "match-label-keys",
        Error,
        Semantics,
        "operations",
        "A Pod template's topology spread constraint or pod affinity term lists in matchLabelKeys a label its selector already names: the template is accepted, every Pod refused.",
        rules::pod::match_label_keys
    ),
    rule!(
        "pod-disruption-budget",
        Warning,
        Practice,
        "operations",
        "No policy/v1 PodDisruptionBudget in the files given selects the Pods of a StatefulSet with 2+ replicas.",
        rules::practices::pod_disruption_budget
    ),
    rule!(
        "pdb-policy",
        Warning,
        Practice,
        "operations",
        "A policy/v1 PodDisruptionBudget sets neither minAvailable nor maxUnavailable: the disruption controller then allows no eviction of the Pods it selects, so node drains never finish.",
        rules::practices::pdb_policy
    ),
    rule!(
        "pod-anti-affinity",
        Warning,
        Practice,
        "operations",
        "A StatefulSet with 2+ replicas does not spread its Pods across nodes.",
        rules::practices::pod_anti_affinity
    ),
    rule!(
        "readiness-probe",
        Warning,
        Practice,
        "ordering",
        "No container of a Service-backed Pod has a readinessProbe, so Ready only means started.",
        rules::practices::readiness_probe
    ),
    rule!(
        "probes-identical",
        Warning,
        Practice,
        "operations",
        "A container's livenessProbe runs its readinessProbe's check and gives up no later, so a member that stops being ready is also restarted.",
        rules::practices::probes_identical
    ),
    rule!(
        "resource-requests",
        Warning,
        Practice,
        "operations",
        "An app or sidecar container has no cpu or memory request (init containers that run to completion are skipped).",
        rules::practices::resource_requests
    ),
    rule!(
        "image-tag",
        Warning,
        Practice,
        "operations",
        "A container image has no tag or uses :latest.",
        rules::practices::image_tag
    ),
    rule!(
        "termination-grace-period",
        Warning,
        Practice,
        "operations",
        "terminationGracePeriodSeconds: 0 is unsafe for StatefulSet Pods.",
        rules::practices::termination_grace_period
    ),
    rule!(
        "privileged-container",
        Warning,
        Practice,
        "operations",
        "A container runs privileged; a note for an init container that only sets a node-level sysctl (e.g. vm.max_map_count) or holds the privilege until it exits.",
        rules::practices::privileged_container
    ),
    rule!(
        "mysql-root-password",
        Warning,
        Practice,
        "worked-example",
        "A MySQL/MariaDB container has none of the password variables its entrypoint needs, so it crash-loops.",
        rules::practices::mysql_root_password
    ),
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_summaries_are_one_line() {
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id
            );
            assert!(
                !rule.summary.contains('\n') && rule.summary.ends_with('.'),
                "{}",
                rule.id
            );
        }
    }
}
