//! The help for a key the schema does not allow where it was written: first the place just
//! below it (a key indented one level too shallow), then a targeted hint for the common
//! confusions, never a long list of allowed fields for them.

use sts_tutor::manifest::kinds::builtin;
use sts_tutor::manifest::schema::{SchemaProblem, check};
use sts_tutor::manifest::yaml::load;

const STS: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 5
  selector:
    matchLabels: {app: web}
  #SPEC
  template:
    metadata:
      labels: {app: web}
    spec:
      #POD
      containers:
      - name: web
        image: nginx:1.27
        #CONTAINER
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      #CLAIM
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
";

/// The help of the one unknown-field issue of `text` (a StatefulSet unless `kind` says).
fn help_for(api: &str, kind: &str, text: &str) -> String {
    let root = load(text).documents.remove(0).root.unwrap();
    let (_, issues) = check(&root, builtin(api, kind).unwrap().schema(), kind);
    let unknown: Vec<_> = issues
        .iter()
        .filter(|i| i.problem == SchemaProblem::UnknownField)
        .collect();
    assert_eq!(unknown.len(), 1, "{issues:#?}");
    unknown[0].help.clone().unwrap_or_default()
}

fn sts(marker: &str, lines: &str) -> String {
    let indent: String = STS
        .lines()
        .find(|l| l.trim() == marker)
        .unwrap()
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    let block: String = lines.lines().map(|l| format!("{indent}{l}\n")).collect();
    STS.replace(&format!("{indent}{marker}\n"), &block)
}

fn sts_help(marker: &str, lines: &str) -> String {
    help_for("apps/v1", "StatefulSet", &sts(marker, lines))
}

fn assert_targeted(help: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(help.contains(w), "{w:?} not in {help:?}");
    }
    assert!(!help.contains("fields allowed here"), "{help}");
}

#[test]
fn a_key_one_level_too_shallow_is_found_just_below() {
    // The issue's case: not `...gcePersistentDisk.partition`.
    let help = sts_help(
        "#SPEC",
        "updateStrategy:\n  type: RollingUpdate\n  partition: 4",
    );
    assert_eq!(
        help,
        "`partition` belongs at `spec.updateStrategy.rollingUpdate.partition`: check the indentation of this key"
    );
    // Two more of the class: a grandchild through a list, and a child.
    let help = sts_help(
        "#POD",
        "affinity:\n  podAntiAffinity:\n    topologyKey: kubernetes.io/hostname\n",
    );
    assert!(
        help.contains(
            "`spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`"
        ),
        "{help}"
    );
    let help = sts_help(
        "#CONTAINER",
        "readinessProbe:\n  path: /healthz\n  httpGet: {port: 80}",
    );
    assert!(
        help.contains("`spec.template.spec.containers[0].readinessProbe.httpGet.path`"),
        "{help}"
    );
}

#[test]
fn strategy_on_a_statefulset_and_update_strategy_on_a_deployment() {
    let help = sts_help("#SPEC", "strategy:\n  type: RollingUpdate");
    assert_targeted(&help, &["`updateStrategy`", "Deployment"]);
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  updateStrategy: {type: RollingUpdate}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n";
    let help = help_for("apps/v1", "Deployment", deployment);
    assert_targeted(&help, &["`strategy`"]);
    let daemonset = deployment
        .replace("Deployment", "DaemonSet")
        .replace("updateStrategy:", "strategy:");
    assert_targeted(
        &help_for("apps/v1", "DaemonSet", &daemonset),
        &["`updateStrategy`"],
    );
}

#[test]
fn container_fields_at_pod_level() {
    let help = sts_help("#POD", "volumeMounts:\n- {name: data, mountPath: /data}");
    assert_targeted(&help, &["inside a container", "containers[].volumeMounts"]);
    let help = sts_help("#POD", "env:\n- {name: A, value: b}");
    assert_targeted(&help, &["container field", "`env`"]);
    let help = sts_help("#POD", "readinessProbe:\n  tcpSocket: {port: 80}");
    assert_targeted(&help, &["container field"]);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumeMounts: [{name: d, mountPath: /d}]\n  containers: [{name: c, image: nginx}]\n";
    assert_targeted(&help_for("v1", "Pod", pod), &["inside a container"]);
}

#[test]
fn service_fields_on_the_statefulset_and_back() {
    let help = sts_help("#SPEC", "publishNotReadyAddresses: true");
    assert_targeted(&help, &["Service field", "serviceName"]);
    let help = sts_help("#SPEC", "clusterIP: None");
    assert_targeted(&help, &["Service field"]);
    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: None\n  serviceName: web\n  selector: {app: web}\n";
    assert_targeted(
        &help_for("v1", "Service", service),
        &["StatefulSet field", "metadata.name"],
    );
    let service = service.replace("serviceName: web", "replicas: 2");
    assert_targeted(&help_for("v1", "Service", &service), &["StatefulSet field"]);
}

#[test]
fn volume_fields_on_a_claim() {
    let help = sts_help("#CLAIM", "persistentVolumeReclaimPolicy: Delete");
    assert_targeted(
        &help,
        &[
            "PersistentVolume field",
            "persistentVolumeClaimRetentionPolicy",
        ],
    );
    let help = sts_help("#CLAIM", "reclaimPolicy: Delete");
    assert_targeted(
        &help,
        &["StorageClass", "persistentVolumeClaimRetentionPolicy"],
    );
    let help = sts_help("#CLAIM", "accessMode: ReadWriteOnce").replace("accessModes: [", "");
    assert_targeted(&help, &["`accessModes`, a list"]);
    let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  accessModes: [ReadWriteOnce]\n  storage: 1Gi\n";
    assert_targeted(
        &help_for("v1", "PersistentVolumeClaim", pvc),
        &["resources.requests.storage"],
    );
}

#[test]
fn budget_fields_and_volumes_on_the_statefulset_spec() {
    assert_targeted(
        &sts_help("#SPEC", "minAvailable: 2"),
        &["PodDisruptionBudget field"],
    );
    assert_targeted(
        &sts_help("#SPEC", "volumes: [{name: d, emptyDir: {}}]"),
        &["spec.template.spec.volumes", "volumeClaimTemplates"],
    );
}
