//! Which kinds the Kubernetes API defines, where their field lists come from, and which API
//! versions have been removed.
//!
//! Field lists are never written by hand: each kind's JSON schema is generated from the
//! k8s-openapi types (feature `schemars`), which carry the API's own field names, types,
//! required lists and descriptions. Schemas are built on first use and cached, since a run
//! usually touches only two or three kinds.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use k8s_openapi::Resource;
use k8s_openapi::api::{
    admissionregistration, apps, autoscaling, batch, coordination, core, discovery, networking,
    node, policy, rbac, scheduling, storage,
};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions;
use serde_json::Value;

/// A kind the API server serves.
pub struct BuiltinKind {
    pub api_version: &'static str,
    pub kind: &'static str,
    schema: fn() -> Value,
}

impl BuiltinKind {
    /// The kind's JSON schema (with `$defs`), built once per process and kept for its
    /// lifetime.
    pub fn schema(&self) -> &'static Value {
        type Cache = Mutex<HashMap<(&'static str, &'static str), &'static Value>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let mut map = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry((self.api_version, self.kind))
            .or_insert_with(|| Box::leak(Box::new((self.schema)())))
    }
}

fn schema_of<T: schemars::JsonSchema>() -> Value {
    // `to_value` moves the JSON out; serializing the schema would copy the whole tree.
    schemars::schema_for!(T).to_value()
}

macro_rules! builtin_kinds {
    ($($ty:ty),* $(,)?) => {
        &[$(BuiltinKind {
            api_version: <$ty as Resource>::API_VERSION,
            kind: <$ty as Resource>::KIND,
            schema: schema_of::<$ty>,
        }),*]
    };
}

/// The kinds checked against their schema. Kinds of built-in API groups not listed here get
/// an info note rather than a guess.
pub static BUILTIN_KINDS: &[BuiltinKind] = builtin_kinds![
    apps::v1::StatefulSet,
    apps::v1::Deployment,
    apps::v1::DaemonSet,
    apps::v1::ReplicaSet,
    apps::v1::ControllerRevision,
    core::v1::Service,
    core::v1::PersistentVolumeClaim,
    core::v1::PersistentVolume,
    core::v1::ConfigMap,
    core::v1::Secret,
    core::v1::ServiceAccount,
    core::v1::Pod,
    core::v1::PodTemplate,
    core::v1::ReplicationController,
    core::v1::Namespace,
    core::v1::Endpoints,
    core::v1::LimitRange,
    core::v1::ResourceQuota,
    policy::v1::PodDisruptionBudget,
    storage::v1::StorageClass,
    storage::v1::CSIDriver,
    batch::v1::Job,
    batch::v1::CronJob,
    rbac::v1::Role,
    rbac::v1::RoleBinding,
    rbac::v1::ClusterRole,
    rbac::v1::ClusterRoleBinding,
    networking::v1::NetworkPolicy,
    networking::v1::Ingress,
    networking::v1::IngressClass,
    autoscaling::v1::HorizontalPodAutoscaler,
    autoscaling::v2::HorizontalPodAutoscaler,
    scheduling::v1::PriorityClass,
    discovery::v1::EndpointSlice,
    coordination::v1::Lease,
    node::v1::RuntimeClass,
    admissionregistration::v1::ValidatingWebhookConfiguration,
    admissionregistration::v1::MutatingWebhookConfiguration,
    apiextensions::v1::CustomResourceDefinition,
];

pub fn builtin(api_version: &str, kind: &str) -> Option<&'static BuiltinKind> {
    BUILTIN_KINDS
        .iter()
        .find(|k| k.api_version == api_version && k.kind == kind)
}

/// API groups that belong to Kubernetes itself (as opposed to custom resources).
pub fn is_builtin_group(api_version: &str) -> bool {
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    group.is_empty()
        || !group.contains('.')
        || group.ends_with(".k8s.io") && !group.ends_with(".x-k8s.io")
}

/// An API version that served a kind once and no longer does.
pub struct RemovedApi {
    pub api_version: &'static str,
    /// `None` when every kind of the version is gone.
    pub kind: Option<&'static str>,
    pub removed_in: &'static str,
    /// The version to use instead, or what replaced the kind.
    pub replacement: &'static str,
}

/// From the Kubernetes deprecated API migration guide.
pub static REMOVED_APIS: &[RemovedApi] = &[
    removed(
        "extensions/v1beta1",
        Some("Ingress"),
        "1.22",
        "networking.k8s.io/v1",
    ),
    removed(
        "extensions/v1beta1",
        Some("NetworkPolicy"),
        "1.16",
        "networking.k8s.io/v1",
    ),
    removed(
        "extensions/v1beta1",
        Some("PodSecurityPolicy"),
        "1.16",
        "Pod Security Admission (PodSecurityPolicy was removed in 1.25)",
    ),
    removed("extensions/v1beta1", None, "1.16", "apps/v1"),
    removed("apps/v1beta1", None, "1.16", "apps/v1"),
    removed("apps/v1beta2", None, "1.16", "apps/v1"),
    removed(
        "policy/v1beta1",
        Some("PodSecurityPolicy"),
        "1.25",
        "Pod Security Admission (no replacement API)",
    ),
    removed("policy/v1beta1", None, "1.25", "policy/v1"),
    removed("batch/v1beta1", None, "1.25", "batch/v1"),
    removed("batch/v2alpha1", None, "1.21", "batch/v1"),
    removed("autoscaling/v2beta1", None, "1.25", "autoscaling/v2"),
    removed("autoscaling/v2beta2", None, "1.26", "autoscaling/v2"),
    removed(
        "networking.k8s.io/v1beta1",
        None,
        "1.22",
        "networking.k8s.io/v1",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        None,
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    removed(
        "rbac.authorization.k8s.io/v1alpha1",
        None,
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        Some("CSIStorageCapacity"),
        "1.27",
        "storage.k8s.io/v1",
    ),
    removed("storage.k8s.io/v1beta1", None, "1.22", "storage.k8s.io/v1"),
    removed(
        "scheduling.k8s.io/v1beta1",
        None,
        "1.22",
        "scheduling.k8s.io/v1",
    ),
    removed(
        "scheduling.k8s.io/v1alpha1",
        None,
        "1.17",
        "scheduling.k8s.io/v1",
    ),
    removed(
        "apiextensions.k8s.io/v1beta1",
        None,
        "1.22",
        "apiextensions.k8s.io/v1",
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        None,
        "1.22",
        "admissionregistration.k8s.io/v1",
    ),
    removed(
        "apiregistration.k8s.io/v1beta1",
        None,
        "1.22",
        "apiregistration.k8s.io/v1",
    ),
    removed(
        "certificates.k8s.io/v1beta1",
        None,
        "1.22",
        "certificates.k8s.io/v1",
    ),
    removed(
        "coordination.k8s.io/v1beta1",
        None,
        "1.22",
        "coordination.k8s.io/v1",
    ),
    removed("events.k8s.io/v1beta1", None, "1.25", "events.k8s.io/v1"),
    removed(
        "discovery.k8s.io/v1beta1",
        None,
        "1.25",
        "discovery.k8s.io/v1",
    ),
    removed("node.k8s.io/v1beta1", None, "1.25", "node.k8s.io/v1"),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        None,
        "1.26",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        None,
        "1.29",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        None,
        "1.32",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

const fn removed(
    api_version: &'static str,
    kind: Option<&'static str>,
    removed_in: &'static str,
    replacement: &'static str,
) -> RemovedApi {
    RemovedApi {
        api_version,
        kind,
        removed_in,
        replacement,
    }
}

pub fn removed_api(api_version: &str, kind: &str) -> Option<&'static RemovedApi> {
    REMOVED_APIS
        .iter()
        .find(|r| r.api_version == api_version && r.kind.is_none_or(|k| k == kind))
}

/// The versions that serve `kind` today, for "StatefulSet is served by apps/v1" messages.
pub fn versions_of(kind: &str) -> Vec<&'static str> {
    BUILTIN_KINDS
        .iter()
        .filter(|k| k.kind == kind)
        .map(|k| k.api_version)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statefulset_schema_has_the_api_fields() {
        let sts = builtin("apps/v1", "StatefulSet").unwrap();
        let schema = sts.schema();
        let spec = &schema["$defs"]["io.k8s.api.apps.v1.StatefulSetSpec"]["properties"];
        for field in [
            "serviceName",
            "volumeClaimTemplates",
            "podManagementPolicy",
            "ordinals",
        ] {
            assert!(spec.get(field).is_some(), "missing {field}");
        }
        assert!(std::ptr::eq(schema, sts.schema()), "schema is cached");
    }

    #[test]
    fn removed_versions_name_their_replacement() {
        let r = removed_api("apps/v1beta1", "StatefulSet").unwrap();
        assert_eq!((r.removed_in, r.replacement), ("1.16", "apps/v1"));
        let pdb = removed_api("policy/v1beta1", "PodDisruptionBudget").unwrap();
        assert_eq!((pdb.removed_in, pdb.replacement), ("1.25", "policy/v1"));
        assert!(removed_api("apps/v1", "StatefulSet").is_none());
        assert_eq!(
            removed_api("extensions/v1beta1", "Ingress")
                .unwrap()
                .replacement,
            "networking.k8s.io/v1"
        );
    }

    #[test]
    fn groups() {
        assert!(is_builtin_group("v1"));
        assert!(is_builtin_group("apps/v1"));
        assert!(is_builtin_group("storage.k8s.io/v1"));
        assert!(!is_builtin_group("monitoring.coreos.com/v1"));
        assert!(!is_builtin_group("cluster.x-k8s.io/v1beta1"));
        assert_eq!(versions_of("StatefulSet"), vec!["apps/v1"]);
    }
}
