//! Every registered rule fires on a manifest written to break it, and no rule fires on the
//! right manifest it was derived from. The table must name every rule in the registry.

use sts_tutor::manifest::{Loaded, Source, read_bundle};
use sts_tutor::review::registry::RULES;
use sts_tutor::review::{review_bundle, review_loaded};

/// A headless Service, a PodDisruptionBudget and a 3-replica StatefulSet that follows every
/// rule, including the production practices.
const RIGHT: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - name: sql
    port: 3306
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: db
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: db
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  labels:
    app.kubernetes.io/name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 0
  template:
    metadata:
      labels:
        app: db
    spec:
      terminationGracePeriodSeconds: 30
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                app: db
      containers:
      - name: mysql
        image: mysql:8.4
        env:
        - name: MYSQL_ROOT_PASSWORD
          valueFrom:
            secretKeyRef: {name: db, key: root}
        ports:
        - name: sql
          containerPort: 3306
        readinessProbe:
          tcpSocket: {port: 3306}
        resources:
          requests: {cpu: 500m, memory: 1Gi}
          limits: {memory: 1Gi}
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
          subPath: mysql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 10Gi
";

fn edit(from: &str, to: &str) -> String {
    assert!(RIGHT.contains(from), "the base manifest lacks {from:?}");
    RIGHT.replacen(from, to, 1)
}

/// (rule id, a manifest that breaks it).
fn breaking_cases() -> Vec<(&'static str, String)> {
    vec![
        (
            "yaml-syntax",
            edit(
                "  name: db\nspec:\n  clusterIP",
                "  name: [db\nspec:\n  clusterIP",
            ),
        ),
        (
            "duplicate-key",
            edit(
                "  serviceName: db\n",
                "  serviceName: db\n  serviceName: db\n",
            ),
        ),
        ("input-limit", "[".repeat(200)),
        (
            "ignore-annotation",
            edit(
                "  labels:\n    app.kubernetes.io/name: db\n",
                "  labels:\n    app.kubernetes.io/name: db\n  annotations:\n    sts-tutor.dev/ignore: no-such-rule\n",
            ),
        ),
        (
            "ip-address",
            edit("  clusterIP: None\n", "  clusterIP: none\n"),
        ),
        ("no-objects", "# nothing\n".to_string()),
        ("object-type", "name: db\n".to_string()),
        (
            "removed-api-version",
            edit("apiVersion: policy/v1", "apiVersion: policy/v1beta1"),
        ),
        (
            "unknown-api-version",
            edit("apiVersion: apps/v1", "apiVersion: apps/v2"),
        ),
        (
            "unknown-kind",
            edit("kind: PodDisruptionBudget", "kind: PodDisruptionBudgett"),
        ),
        (
            "unchecked-kind",
            format!(
                "{RIGHT}---\napiVersion: example.com/v1\nkind: Backup\nmetadata: {{name: b}}\n"
            ),
        ),
        (
            "unknown-field",
            edit("  serviceName: db", "  servicename: db"),
        ),
        ("field-type", edit("  replicas: 3", "  replicas: \"3\"")),
        (
            "required-field",
            edit("      - name: mysql\n        image", "      - image"),
        ),
        (
            "object-name",
            edit("  name: db\n  labels", "  name: db.primary\n  labels"),
        ),
        (
            "label-syntax",
            edit(
                "    app.kubernetes.io/name: db",
                "    app.kubernetes.io/name: -db-",
            ),
        ),
        (
            "selector-required",
            edit(
                "  selector:\n    matchLabels:\n      app: db\n  updateStrategy",
                "  selector: {}\n  updateStrategy",
            ),
        ),
        (
            "selector-matches-labels",
            edit(
                "      app: db\n  updateStrategy",
                "      app: mysql\n  updateStrategy",
            ),
        ),
        (
            "selector-expression",
            edit(
                "    matchLabels:\n      app: db\n  updateStrategy",
                "    matchExpressions:\n    - {key: app, operator: Equals, values: [db]}\n  updateStrategy",
            ),
        ),
        (
            "restart-policy-always",
            edit(
                "      terminationGracePeriodSeconds: 30",
                "      terminationGracePeriodSeconds: 30\n      restartPolicy: Never",
            ),
        ),
        (
            "no-active-deadline",
            edit(
                "      terminationGracePeriodSeconds: 30",
                "      terminationGracePeriodSeconds: 30\n      activeDeadlineSeconds: 600",
            ),
        ),
        (
            "enum-value",
            edit(
                "  replicas: 3",
                "  replicas: 3\n  podManagementPolicy: Sequential",
            ),
        ),
        (
            "non-negative",
            edit("      partition: 0", "      partition: -1"),
        ),
        (
            "rolling-update-strategy",
            edit("    type: RollingUpdate", "    type: OnDelete"),
        ),
        (
            "max-unavailable",
            edit(
                "      partition: 0",
                "      partition: 0\n      maxUnavailable: 0",
            ),
        ),
        (
            "max-unavailable-gate",
            edit(
                "      partition: 0",
                "      partition: 0\n      maxUnavailable: 2",
            ),
        ),
        (
            "service-name-format",
            edit("  serviceName: db", "  serviceName: DB"),
        ),
        (
            "container-name",
            edit("      - name: mysql", "      - name: MySQL"),
        ),
        (
            "volume-name",
            edit(
                "      containers:",
                "      volumes:\n      - name: Config\n        emptyDir: {}\n      containers:",
            ),
        ),
        (
            "port-range",
            edit(
                "          containerPort: 3306",
                "          containerPort: 0",
            ),
        ),
        (
            "port-name",
            edit(
                "        - name: sql\n          containerPort",
                "        - name: mysql-protocol-port\n          containerPort",
            ),
        ),
        ("resource-quantity", edit("cpu: 500m", "cpu: 500 m")),
        (
            "claim-spec",
            edit("      accessModes: [ReadWriteOnce]\n", ""),
        ),
        (
            "probe-handler",
            edit(
                "          tcpSocket: {port: 3306}",
                "          periodSeconds: 5",
            ),
        ),
        (
            "probe-fields",
            edit(
                "          tcpSocket: {port: 3306}",
                "          tcpSocket: {port: 0}",
            ),
        ),
        (
            "container-image",
            edit("        image: mysql:8.4", "        image: \"\""),
        ),
        (
            "env-name",
            edit(
                "        - name: MYSQL_ROOT_PASSWORD",
                "        - name: MYSQL=ROOT",
            ),
        ),
        (
            "volume-mount-fields",
            edit("          subPath: mysql", "          subPath: ../mysql"),
        ),
        (
            "security-context",
            edit(
                "      terminationGracePeriodSeconds: 30",
                "      terminationGracePeriodSeconds: 30\n      securityContext: {runAsUser: -1}",
            ),
        ),
        (
            "resource-name",
            edit(
                "          requests: {cpu: 500m, memory: 1Gi}",
                "          requests: {cpu: 500m, memory: 1Gi, cpuu: 500m}",
            ),
        ),
        (
            "pod-spec-fields",
            edit(
                "      terminationGracePeriodSeconds: 30",
                "      terminationGracePeriodSeconds: 30\n      dnsPolicy: None",
            ),
        ),
        (
            "service-spec",
            edit("  clusterIP: None", "  clusterIP: None\n  type: NodePort"),
        ),
        (
            "service-fields",
            edit(
                "  clusterIP: None",
                "  clusterIP: None\n  externalTrafficPolicy: Local",
            ),
        ),
        (
            "cluster-ips",
            edit(
                "  clusterIP: None",
                "  clusterIP: None\n  clusterIPs: [10.96.0.10]",
            ),
        ),
        (
            "external-name",
            edit("  clusterIP: None", "  type: ExternalName"),
        ),
        (
            "duplicate-port",
            edit(
                "  - name: sql\n    port: 3306",
                "  - name: sql\n    port: 3306\n  - name: sql-again\n    port: 3306",
            ),
        ),
        (
            "storage-class-name",
            edit(
                "      accessModes: [ReadWriteOnce]",
                "      accessModes: [ReadWriteOnce]\n      storageClassName: Fast_SSD",
            ),
        ),
        (
            "pdb-spec",
            edit(
                "  maxUnavailable: 1",
                "  maxUnavailable: 1\n  minAvailable: 2",
            ),
        ),
        (
            "volume-mount-source",
            edit("        - name: data\n", "        - name: mysql-data\n"),
        ),
        (
            "claim-template-mounted",
            edit("        - name: data\n", "        - name: mysql-data\n"),
        ),
        (
            "headless-service",
            edit("  serviceName: db", "  serviceName: mysql"),
        ),
        (
            "duplicate-object",
            format!(
                "{RIGHT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n  - name: sql\n    port: 3306\n"
            ),
        ),
        (
            "name-length",
            RIGHT.replace(
                "  name: db\n  labels",
                &format!("  name: {}\n  labels", "d".repeat(53)),
            ),
        ),
        (
            "pod-disruption-budget",
            edit(
                "      app: db\n---\napiVersion: apps/v1",
                "      app: other\n---\napiVersion: apps/v1",
            ),
        ),
        (
            "affinity",
            edit(
                "          - topologyKey: kubernetes.io/hostname\n",
                "          - topologyKey: \"kubernetes.io/host name\"\n",
            ),
        ),
        (
            "match-label-keys",
            edit(
                "              matchLabels:\n                app: db\n      containers:",
                "              matchLabels:\n                app: db\n            matchLabelKeys: [app]\n      containers:",
            ),
        ),
        (
            "pdb-policy",
            edit("  maxUnavailable: 1\n  selector:", "  selector:"),
        ),
        (
            "pod-anti-affinity",
            edit(
                "topologyKey: kubernetes.io/hostname",
                "topologyKey: topology.kubernetes.io/zone",
            ),
        ),
        (
            "readiness-probe",
            edit(
                "        readinessProbe:\n          tcpSocket: {port: 3306}\n",
                "",
            ),
        ),
        (
            "resource-requests",
            edit(
                "          requests: {cpu: 500m, memory: 1Gi}\n",
                "          requests: {memory: 1Gi}\n",
            ),
        ),
        ("image-tag", edit("image: mysql:8.4", "image: mysql:latest")),
        (
            "termination-grace-period",
            edit(
                "terminationGracePeriodSeconds: 30",
                "terminationGracePeriodSeconds: 0",
            ),
        ),
        (
            "mysql-root-password",
            edit(
                "        - name: MYSQL_ROOT_PASSWORD\n",
                "        - name: MYSQL_PASSWORD\n",
            ),
        ),
        (
            "topology-spread",
            edit(
                "      affinity:\n",
                "      topologySpreadConstraints:\n      - {maxSkew: 0, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: db}}}\n      affinity:\n",
            ),
        ),
        (
            "probes-identical",
            edit(
                "          tcpSocket: {port: 3306}\n",
                "          tcpSocket: {port: 3306}\n        livenessProbe:\n          tcpSocket: {port: sql}\n",
            ),
        ),
        (
            "privileged-container",
            edit(
                "        image: mysql:8.4\n",
                "        image: mysql:8.4\n        securityContext: {privileged: true}\n",
            ),
        ),
    ]
}

fn rules_fired(text: &str) -> Vec<&'static str> {
    let report = review_bundle(&read_bundle(Source::new("t.yaml", text)));
    report.diagnostics.iter().map(|d| d.rule).collect()
}

#[test]
fn the_right_manifest_triggers_nothing() {
    assert_eq!(rules_fired(RIGHT), Vec::<&str>::new());
}

#[test]
fn every_rule_fires_on_its_breaking_case() {
    let cases = breaking_cases();
    for (rule, text) in &cases {
        let fired = rules_fired(text);
        assert!(fired.contains(rule), "{rule} did not fire: {fired:?}");
    }
    // input-encoding is decided before parsing, on the raw bytes.
    let loaded = Source::from_bytes("t.yaml", b"kind: \xff\n".to_vec());
    assert!(matches!(loaded, Loaded::Rejected { .. }));
    let report = review_loaded(loaded);
    assert_eq!(report.diagnostics[0].rule, "input-encoding");

    let covered: Vec<&str> = cases
        .iter()
        .map(|(r, _)| *r)
        .chain(["input-encoding"])
        .collect();
    for rule in RULES {
        assert!(
            covered.contains(&rule.id),
            "no breaking case for {}",
            rule.id
        );
    }
}

/// The messages of `duplicate-object` in each file of a run.
fn duplicates(files: &[(&str, &str)]) -> Vec<(String, usize, String, &'static str)> {
    let loaded = files
        .iter()
        .map(|(name, text)| Loaded::Text(Source::new(*name, *text)))
        .collect();
    let reports = sts_tutor::review::review_files(loaded, &Default::default());
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics
                .iter()
                .filter(|d| d.rule == "duplicate-object")
                .map(|d| {
                    (
                        r.file.clone(),
                        d.line,
                        d.message.clone(),
                        d.severity.as_str(),
                    )
                })
        })
        .collect()
}

const REDIS: &str = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: redis
data: {a: b}
";

#[test]
fn a_duplicate_object_names_both_lines_in_one_file_and_across_files() {
    let one = format!("{REDIS}---\n{REDIS}");
    assert_eq!(
        duplicates(&[("web.yaml", &one)]),
        vec![(
            "web.yaml".to_string(),
            10,
            "ConfigMap/redis is also defined at web.yaml:4; applying the file would keep only the last"
                .to_string(),
            "error"
        )]
    );
    assert_eq!(
        duplicates(&[("a.yaml", REDIS), ("b.yaml", REDIS)]),
        vec![(
            "b.yaml".to_string(),
            4,
            "ConfigMap/redis is also defined at a.yaml:4; applying the files would keep only the last"
                .to_string(),
            "info"
        )]
    );
    // Items of a `kind: List` are objects like any other.
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: redis\n";
    assert_eq!(duplicates(&[("a.yaml", REDIS), ("l.yaml", list)]).len(), 1);
}

#[test]
fn same_name_in_another_kind_group_or_namespace_is_no_duplicate() {
    let secret = REDIS.replace("ConfigMap", "Secret");
    let other_ns = REDIS.replace("  name: redis", "  name: redis\n  namespace: cache");
    let other_group = REDIS.replace("apiVersion: v1", "apiVersion: example.com/v1");
    let text = format!("{REDIS}---\n{secret}---\n{other_ns}---\n{other_group}");
    assert_eq!(duplicates(&[("x.yaml", &text)]), Vec::new());
    // The same namespace written out on both is one object.
    let twice = format!("{other_ns}---\n{other_ns}");
    assert_eq!(duplicates(&[("x.yaml", &twice)]).len(), 1);
}
