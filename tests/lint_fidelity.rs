//! The linter is as strict as the API server and no stricter (issue 13): each case found on
//! real manifests or wrong answers is tested as a class, with more members of that class.

use sts_tutor::manifest::{Loaded, Source, read_bundle};
use sts_tutor::review::{Diagnostic, FileReport, Options, Severity, review_bundle, review_files};

/// A headless Service and a StatefulSet that break no rule.
const BASE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
    name: http
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
        readinessProbe:
          tcpSocket:
            port: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
";

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "the base manifest lacks {from:?}");
    BASE.replacen(from, to, 1)
}

fn review(text: &str) -> FileReport {
    review_bundle(&read_bundle(Source::new("t.yaml", text)))
}

fn of(text: &str, rule: &str) -> Vec<Diagnostic> {
    review(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

fn errors(text: &str) -> Vec<Diagnostic> {
    review(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

#[test]
fn the_base_is_clean() {
    assert_eq!(review(BASE).diagnostics, Vec::new());
}

// --- Case-sensitive formats ---------------------------------------------------------------

/// (edit from, edit to, rule, path, the case hint the help must give).
fn case_cases() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    vec![
        (
            "  clusterIP: None\n",
            "  clusterIP: none\n",
            "ip-address",
            "spec.clusterIP",
            "write `None` (case-sensitive)",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  clusterIPs: [NONE]\n",
            "ip-address",
            "spec.clusterIPs[0]",
            "write `None` (case-sensitive)",
        ),
        (
            "  - port: 80\n",
            "  - port: 80\n    protocol: tcp\n",
            "enum-value",
            "spec.ports[0].protocol",
            "write `TCP` (case-sensitive)",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  type: clusterip\n",
            "enum-value",
            "spec.type",
            "write `ClusterIP` (case-sensitive)",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  sessionAffinity: clientIP\n",
            "enum-value",
            "spec.sessionAffinity",
            "write `ClientIP` (case-sensitive)",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  ipFamilies: [ipv4]\n",
            "enum-value",
            "spec.ipFamilies[0]",
            "write `IPv4` (case-sensitive)",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  internalTrafficPolicy: local\n",
            "enum-value",
            "spec.internalTrafficPolicy",
            "write `Local` (case-sensitive)",
        ),
        (
            "        image: nginx:1.27\n",
            "        image: nginx:1.27\n        imagePullPolicy: ifNotPresent\n",
            "enum-value",
            "spec.template.spec.containers[0].imagePullPolicy",
            "write `IfNotPresent` (case-sensitive)",
        ),
        (
            "      containers:\n",
            "      dnsPolicy: clusterFirst\n      containers:\n",
            "enum-value",
            "spec.template.spec.dnsPolicy",
            "write `ClusterFirst` (case-sensitive)",
        ),
        (
            "      containers:\n",
            "      os: {name: Linux}\n      containers:\n",
            "enum-value",
            "spec.template.spec.os.name",
            "write `linux` (case-sensitive)",
        ),
        (
            "      containers:\n",
            "      restartPolicy: always\n      containers:\n",
            "restart-policy-always",
            "spec.template.spec.restartPolicy",
            "write `Always` (case-sensitive)",
        ),
        (
            "          tcpSocket:\n            port: 80\n",
            "          httpGet: {port: 80, path: /, scheme: https}\n",
            "enum-value",
            "spec.template.spec.containers[0].readinessProbe.httpGet.scheme",
            "write `HTTPS` (case-sensitive)",
        ),
    ]
}

#[test]
fn formats_the_api_server_checks_are_errors_with_a_case_hint() {
    for (from, to, rule, path, hint) in case_cases() {
        let text = edit(from, to);
        let found = of(&text, rule);
        assert_eq!(found.len(), 1, "{to:?}: {found:#?}");
        let d = &found[0];
        assert_eq!(d.severity, Severity::Error, "{to:?}");
        assert_eq!(d.path.as_deref(), Some(path), "{to:?}");
        let help = d.help.as_deref().unwrap_or_default();
        assert!(help.starts_with(hint), "{to:?}: {help}");
    }
}

#[test]
fn claim_templates_and_claims_check_their_enumerations_too() {
    let template = BASE.to_string()
        + "  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec:\n      accessModes: [readWriteOnce]\n      volumeMode: filesystem\n      resources: {requests: {storage: 1Gi}}\n";
    let found = of(&template, "enum-value");
    let paths: Vec<_> = found.iter().map(|d| d.path.clone().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "spec.volumeClaimTemplates[0].spec.accessModes[0]",
            "spec.volumeClaimTemplates[0].spec.volumeMode"
        ]
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("write `ReadWriteOnce` (case-sensitive)")
    );
    let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  volumeMode: block\n  resources: {requests: {storage: 1Gi}}\n";
    assert_eq!(
        of(pvc, "enum-value")[0].path.as_deref(),
        Some("spec.volumeMode")
    );
}

#[test]
fn other_workloads_and_pods_are_held_to_the_same_formats() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  strategy: {type: recreate}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n        ports: [{containerPort: 80, protocol: udp}]\n";
    let paths: Vec<_> = of(deployment, "enum-value")
        .into_iter()
        .map(|d| d.path.unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "spec.strategy.type",
            "spec.template.spec.containers[0].ports[0].protocol"
        ]
    );
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: c, image: busybox:1.36}]\n";
    assert_eq!(
        of(job, "enum-value")[0].path.as_deref(),
        Some("spec.template.spec.restartPolicy"),
        "a Job's Pods must not restart forever"
    );
    assert!(of(&job.replace("Always", "OnFailure"), "enum-value").is_empty());
}

#[test]
fn right_values_and_empty_values_pass() {
    for (from, to) in [
        ("  clusterIP: None\n", "  clusterIP: \"\"\n"),
        ("  clusterIP: None\n", "  clusterIP: 10.96.0.20\n"),
        (
            "  clusterIP: None\n",
            "  clusterIP: fd00::20\n  clusterIPs: [fd00::20]\n",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  externalIPs: [192.0.2.10]\n",
        ),
        (
            "  clusterIP: None\n",
            "  clusterIP: None\n  sessionAffinity: \"\"\n",
        ),
        ("  - port: 80\n", "  - port: 80\n    protocol: SCTP\n"),
        (
            "        image: nginx:1.27\n",
            "        image: nginx:1.27\n        imagePullPolicy: \"\"\n",
        ),
        (
            "      containers:\n",
            "      restartPolicy: \"\"\n      containers:\n",
        ),
    ] {
        let text = edit(from, to);
        assert_eq!(errors(&text), Vec::new(), "{to:?}");
    }
}

/// kube-apiserver 1.37 refuses IPv4 octets with leading zeros on a new Service
/// ("spec.clusterIPs[0]: must not have leading 0s"; tests/oracle_lint.rs).
#[test]
fn ips_with_leading_zeros_are_refused() {
    let text = edit("  clusterIP: None\n", "  clusterIP: 010.096.000.020\n");
    let found = of(&text, "ip-address");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].path.as_deref(), Some("spec.clusterIP"));
}

#[test]
fn ip_fields_need_addresses_and_external_ips_no_special_ranges() {
    let bad = edit(
        "  clusterIP: None\n",
        "  clusterIP: 10.0.0.300\n  externalIPs: [example.com, 127.0.0.1, 169.254.1.1, 0.0.0.0]\n",
    );
    let found = of(&bad, "ip-address");
    let paths: Vec<_> = found.iter().map(|d| d.path.clone().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "spec.clusterIP",
            "spec.externalIPs[0]",
            "spec.externalIPs[1]",
            "spec.externalIPs[2]",
            "spec.externalIPs[3]"
        ]
    );
    assert!(
        found[2].message.contains("loopback"),
        "{}",
        found[2].message
    );
    // Only the first of clusterIPs may be None.
    let second = edit(
        "  clusterIP: None\n",
        "  clusterIP: 10.96.0.20\n  clusterIPs: [10.96.0.20, None]\n",
    );
    assert_eq!(
        of(&second, "ip-address")[0].path.as_deref(),
        Some("spec.clusterIPs[1]")
    );
    // The API server does not check these as IPs, so neither does the linter.
    let unchecked = edit(
        "  clusterIP: None\n",
        "  clusterIP: None\n  loadBalancerIP: not-an-ip\n",
    )
    .replace(
        "        - containerPort: 80\n",
        "        - containerPort: 80\n          hostIP: localhost\n",
    );
    assert!(of(&unchecked, "ip-address").is_empty());
}

// --- Port names -------------------------------------------------------------------------

#[test]
fn a_port_name_repeated_across_containers_is_a_warning_within_one_an_error() {
    let sidecar = "      - name: exporter\n        image: nginx/nginx-prometheus-exporter:1.3.0\n        ports:\n        - containerPort: 9113\n          name: http\n";
    let across = BASE.to_string() + sidecar;
    let found = of(&across, "port-name");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap()
            .contains("accepts this with a warning")
    );
    assert!(errors(&across).is_empty());
    // An init sidecar and an app container: still two containers.
    let init = edit(
        "      containers:\n",
        "      initContainers:\n      - name: proxy\n        image: envoyproxy/envoy:v1.31.0\n        restartPolicy: Always\n        ports: [{containerPort: 8080, name: http}]\n      containers:\n",
    );
    assert_eq!(of(&init, "port-name")[0].severity, Severity::Warning);
    // Within one container the API server refuses it.
    let within = edit(
        "          name: http\n",
        "          name: http\n        - containerPort: 8080\n          name: http\n",
    );
    let found = of(&within, "port-name");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        found[0].path.as_deref(),
        Some("spec.template.spec.containers[0].ports[1].name")
    );
}

// --- The files of one run are one set -----------------------------------------------------

fn set(files: &[(&str, &str)]) -> Vec<FileReport> {
    let loaded = files
        .iter()
        .map(|(name, text)| Loaded::Text(Source::new(*name, *text)))
        .collect();
    review_files(loaded, &Options::default())
}

fn split_base() -> (String, String) {
    let (service, sts) = BASE.split_once("---\n").unwrap();
    (service.to_string(), sts.to_string())
}

#[test]
fn a_service_in_another_file_of_the_run_is_found() {
    let (service, sts) = split_base();
    let reports = set(&[("svc.yaml", &service), ("sts.yaml", &sts)]);
    assert!(
        reports[1].diagnostics.is_empty(),
        "{:#?}",
        reports[1].diagnostics
    );
    // On its own, the StatefulSet's file lacks it, and a set of several says so.
    let alone = set(&[("sts.yaml", &sts)]);
    assert!(alone[0].diagnostics[0].message.contains("is in this file"));
    let other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    let without = set(&[("sts.yaml", &sts), ("cm.yaml", other)]);
    let d = &without[0].diagnostics[0];
    assert_eq!(d.rule, "headless-service");
    assert!(d.message.contains("in the files given"), "{}", d.message);
}

#[test]
fn every_cross_object_rule_looks_across_the_files() {
    let (service, sts) = split_base();
    let sts = sts.replace("  replicas: 1\n", "  replicas: 3\n");
    let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";
    let bare = sts.replace(
        "        readinessProbe:\n          tcpSocket:\n            port: 80\n",
        "",
    );
    let rules = |reports: &[FileReport]| -> Vec<&'static str> {
        reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(|d| d.rule))
            .collect()
    };
    let apart = set(&[
        ("sts.yaml", &bare),
        ("pdb.yaml", pdb),
        ("svc.yaml", &service),
    ]);
    let fired = rules(&apart);
    assert!(!fired.contains(&"pod-disruption-budget"), "{fired:?}");
    assert!(!fired.contains(&"headless-service"), "{fired:?}");
    // readiness-probe looks for a selecting Service in every file, too.
    let unnamed = bare.replace("  serviceName: web\n", "");
    let with_service = set(&[("sts.yaml", &unnamed), ("svc.yaml", &service)]);
    assert!(rules(&with_service).contains(&"readiness-probe"));
    let without = set(&[("sts.yaml", &unnamed)]);
    assert!(!rules(&without).contains(&"readiness-probe"));
}

#[test]
fn no_namespace_and_namespace_default_are_the_same_namespace() {
    let (service, sts) = split_base();
    let sts_default = sts.replacen("  name: web\n", "  name: web\n  namespace: default\n", 1);
    let reports = set(&[("svc.yaml", &service), ("sts.yaml", &sts_default)]);
    assert!(
        reports[1].diagnostics.is_empty(),
        "{:#?}",
        reports[1].diagnostics
    );
    let one_file = format!("{service}---\n{sts_default}");
    assert!(of(&one_file, "headless-service").is_empty());
    // Two namespaces written out must match; the message says which they are.
    let svc_other = service.replacen("  name: web\n", "  name: web\n  namespace: other\n", 1);
    let apart = format!("{svc_other}---\n{sts_default}");
    let found = of(&apart, "headless-service");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("in namespace `other`, and this StatefulSet in namespace `default`"),
        "{}",
        found[0].message
    );
    // An unset namespace is the one the file is applied to: not `other` either.
    let apart = format!("{svc_other}---\n{sts}");
    assert_eq!(of(&apart, "headless-service").len(), 1);
}

#[test]
fn a_budget_on_a_removed_api_is_named_as_such() {
    let three = BASE.replace("  replicas: 1\n", "  replicas: 3\n");
    let old = "---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: web-budget}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";
    let found = of(&format!("{three}{old}"), "pod-disruption-budget");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("PodDisruptionBudget/web-budget")
            && found[0].message.contains("policy/v1beta1")
            && found[0].message.contains("removed"),
        "{}",
        found[0].message
    );
    assert!(found[0].help.as_deref().unwrap().contains("policy/v1"));
    // One that selects other Pods is not this StatefulSet's budget.
    let other = old.replace("{app: web}", "{app: db}");
    let found = of(&format!("{three}{other}"), "pod-disruption-budget");
    assert!(found[0].message.starts_with("no PodDisruptionBudget"));
    // In the other file of a run, too.
    let reports = set(&[("sts.yaml", &three), ("pdb.yaml", &old[4..])]);
    let d = reports[0]
        .diagnostics
        .iter()
        .find(|d| d.rule == "pod-disruption-budget")
        .unwrap();
    assert!(d.message.contains("policy/v1beta1"), "{}", d.message);
}

// --- Probes and requests: init containers and helpers ----------------------------------

#[test]
fn one_readiness_probe_serves_the_pod_and_init_containers_are_not_asked() {
    let helper = "      - name: backup\n        image: busybox:1.36\n        resources: {requests: {cpu: 10m, memory: 16Mi}}\n";
    let with_helper = BASE.to_string() + helper;
    assert!(
        of(&with_helper, "readiness-probe").is_empty(),
        "a helper needs none"
    );
    let init = edit(
        "      containers:\n",
        "      initContainers:\n      - name: init-config\n        image: busybox:1.36\n      containers:\n",
    );
    assert!(of(&init, "readiness-probe").is_empty());
    assert!(
        of(&init, "resource-requests").is_empty(),
        "init containers are skipped"
    );
    assert!(
        review(&init)
            .skipped
            .iter()
            .any(|s| s.rule == "resource-requests" && s.reason.contains("init-config"))
    );
    // A sidecar init container runs beside the app: its probe counts, its requests too.
    let no_probe = BASE.replace(
        "        readinessProbe:\n          tcpSocket:\n            port: 80\n",
        "",
    );
    let sidecar = no_probe.replacen(
        "      containers:\n",
        "      initContainers:\n      - name: proxy\n        image: envoyproxy/envoy:v1.31.0\n        restartPolicy: Always\n        readinessProbe: {tcpSocket: {port: 8080}}\n      containers:\n",
        1,
    );
    assert!(of(&sidecar, "readiness-probe").is_empty());
    assert_eq!(
        of(&sidecar, "resource-requests")[0].path.as_deref(),
        Some("spec.template.spec.initContainers[0].resources.requests")
    );
    // No probe anywhere: one warning, at the container that serves.
    let two = no_probe.clone() + helper;
    let found = of(&two, "readiness-probe");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path.as_deref(),
        Some("spec.template.spec.containers[0].readinessProbe")
    );
}

#[test]
fn a_probe_on_an_init_container_that_is_not_a_sidecar_is_rejected() {
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        let text = edit(
            "      containers:\n",
            &format!(
                "      initContainers:\n      - name: init\n        image: busybox:1.36\n        {probe}: {{exec: {{command: [true]}}}}\n      containers:\n"
            ),
        );
        let found = of(&text, "probe-handler");
        assert_eq!(found.len(), 1, "{probe}");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(
            found[0].path.as_deref(),
            Some(format!("spec.template.spec.initContainers[0].{probe}").as_str())
        );
        let sidecar = text.replace(
            "        image: busybox:1.36\n",
            "        image: busybox:1.36\n        restartPolicy: Always\n",
        );
        assert!(
            of(&sidecar, "probe-handler").is_empty(),
            "{probe} on a sidecar"
        );
    }
}

// --- duplicate-key -----------------------------------------------------------------------

#[test]
fn duplicate_keys_carry_their_field_path_and_say_who_refuses_them() {
    let cases = [
        (
            "  replicas: 1\n",
            "  replicas: 1\n  replicas: 2\n",
            "spec.replicas",
        ),
        (
            "        image: nginx:1.27\n",
            "        image: nginx:1.27\n        image: nginx:1.28\n",
            "spec.template.spec.containers[0].image",
        ),
        (
            "    app: web\n  ports",
            "    app: web\n    app: db\n  ports",
            "spec.selector.app",
        ),
    ];
    for (from, to, path) in cases {
        let found = of(&edit(from, to), "duplicate-key");
        assert_eq!(found.len(), 1, "{to:?}");
        assert_eq!(found[0].path.as_deref(), Some(path), "{to:?}");
        assert!(found[0].object.is_some());
        let help = found[0].help.as_deref().unwrap();
        assert!(
            help.contains("kubectl")
                && help.contains("strict field validation")
                && help.contains("warn"),
            "{help}"
        );
    }
}

// --- Silencing a rule on one object ------------------------------------------------------

#[test]
fn an_annotation_silences_a_warning_with_its_reason_but_never_an_error() {
    let three = BASE.replace("  replicas: 1\n", "  replicas: 3\n");
    assert!(!of(&three, "pod-anti-affinity").is_empty());
    let annotated = three.replacen(
        "kind: StatefulSet\nmetadata:\n  name: web\n",
        "kind: StatefulSet\nmetadata:\n  name: web\n  annotations:\n    sts-tutor.dev/ignore: \"pod-anti-affinity: one node in this test cluster; pod-disruption-budget\"\n",
        1,
    );
    let report = review(&annotated);
    let rules: Vec<_> = report.diagnostics.iter().map(|d| d.rule).collect();
    assert!(!rules.contains(&"pod-anti-affinity"), "{rules:?}");
    assert!(!rules.contains(&"pod-disruption-budget"), "{rules:?}");
    let skip = report
        .skipped
        .iter()
        .find(|s| s.rule == "pod-anti-affinity")
        .unwrap();
    assert!(
        skip.reason.contains("one node in this test cluster"),
        "{}",
        skip.reason
    );
    // The kube-linter-like form, one rule per annotation.
    let per_rule = three.replacen(
        "kind: StatefulSet\nmetadata:\n  name: web\n",
        "kind: StatefulSet\nmetadata:\n  name: web\n  annotations:\n    ignore.sts-tutor.dev/pod-anti-affinity: one node\n",
        1,
    );
    assert!(of(&per_rule, "pod-anti-affinity").is_empty());
    // Errors stay, and the annotation itself is reported; so is an unknown rule.
    let error = BASE
        .replacen(
            "kind: StatefulSet\nmetadata:\n  name: web\n",
            "kind: StatefulSet\nmetadata:\n  name: web\n  annotations:\n    sts-tutor.dev/ignore: selector-matches-labels, readines-probe\n",
            1,
        )
        .replace("    matchLabels:\n      app: web\n", "    matchLabels:\n      app: db\n");
    let report = review(&error);
    let rules: Vec<_> = report.diagnostics.iter().map(|d| d.rule).collect();
    assert!(rules.contains(&"selector-matches-labels"), "{rules:?}");
    let notes = of(&error, "ignore-annotation");
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes.iter().any(|d| d.message.contains("never its errors")));
    assert!(notes.iter().any(|d| {
        d.help
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `readiness-probe`")
    }));
}
