//! The same right manifest written in many YAML styles lints without errors, and wrong
//! manifests fail for the right reason, at the right line. Uses the seed's two manifests.

use sts_tutor::manifest::{Source, read_bundle};
use sts_tutor::review::{Diagnostic, Severity, review_bundle};

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    review_bundle(&read_bundle(Source::new("t.yaml", text))).diagnostics
}

fn errors(text: &str) -> Vec<(String, String, usize)> {
    diagnostics(text)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.rule.to_string(), d.path.unwrap_or_default(), d.line))
        .collect()
}

/// The seed's interview task: a headless Service and a 2-replica nginx StatefulSet.
const SEED_WEB: &str = include_str!("fixtures/interview-web.yaml");

/// The seed's MySQL example (which the facts sheet calls broken, though the API accepts it).
const SEED_MYSQL: &str = include_str!("fixtures/tutorial-mysql.yaml");

#[test]
fn the_seed_manifests_are_accepted_by_the_api_checks() {
    assert!(errors(SEED_WEB).is_empty(), "{:?}", errors(SEED_WEB));
    assert!(errors(SEED_MYSQL).is_empty(), "{:?}", errors(SEED_MYSQL));
}

#[test]
fn the_seed_mysql_example_gets_the_reviews_the_facts_sheet_gives() {
    let rules: Vec<&str> = diagnostics(SEED_MYSQL).iter().map(|d| d.rule).collect();
    // No headless Service named mysql, and no password variable: it crash-loops (§9, §7.6).
    for expected in ["headless-service", "mysql-root-password"] {
        assert!(rules.contains(&expected), "missing {expected}: {rules:?}");
    }
    assert!(!rules.contains(&"image-tag"), "mysql:5.7 is pinned");
    let web: Vec<&str> = diagnostics(SEED_WEB).iter().map(|d| d.rule).collect();
    assert!(web.contains(&"image-tag"), "nginx without a tag: {web:?}");
    assert!(!web.contains(&"headless-service"), "{web:?}");
}

const STYLES: &[(&str, &str)] = &[
    (
        "flow style and reordered keys",
        r#"{"kind": "StatefulSet", "apiVersion": "apps/v1", "metadata": {"name": "web"},
 "spec": {"template": {"spec": {"containers": [{"image": "nginx:1.27", "name": "web",
   "ports": [{"containerPort": 80}]}]}, "metadata": {"labels": {"app": "web"}}},
   "selector": {"matchLabels": {"app": "web"}}, "replicas": 2, "serviceName": "web"}}
"#,
    ),
    (
        "anchors, aliases and merge keys",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  labels: &labels\n    app: web\nspec:\n  serviceName: web\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels:\n        <<: *labels\n        tier: db\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
    ),
    (
        "explicit defaults, quantities in other units, extra fields",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  annotations: {note: \"extra fields are fine\"}\nspec:\n  serviceName: web\n  replicas: 1\n  podManagementPolicy: OrderedReady\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {partition: 0}\n  revisionHistoryLimit: 10\n  minReadySeconds: 0\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      restartPolicy: Always\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: web\n        image: nginx:1.27\n        imagePullPolicy: IfNotPresent\n        resources:\n          requests: {cpu: '0.5', memory: 1024Mi}\n          limits: {cpu: 500m, memory: 1Gi}\n        volumeMounts: [{name: data, mountPath: /data}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1024Mi}}\n",
    ),
    (
        "comments, quoting and block scalars",
        "# a comment\napiVersion: 'apps/v1'   # quoted\nkind: \"StatefulSet\"\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  selector:\n    matchLabels:\n      \"app\": 'web'\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        command:\n        - sh\n        - -c\n        - |\n          echo hello\n          exec nginx -g 'daemon off;'\n",
    ),
    (
        "a kind: List holding the objects",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n  spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}\n- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata: {name: web}\n  spec:\n    serviceName: web\n    selector: {matchLabels: {app: web}}\n    template:\n      metadata: {labels: {app: web}}\n      spec: {containers: [{name: web, image: 'nginx:1.27'}]}\n",
    ),
];

#[test]
fn right_answers_in_many_styles_have_no_errors() {
    for (style, text) in STYLES {
        assert!(errors(text).is_empty(), "{style}: {:?}", errors(text));
        let report = review_bundle(&read_bundle(Source::new("t.yaml", *text)));
        assert!(
            report.objects.iter().any(|o| o.kind == "StatefulSet"),
            "{style}"
        );
    }
}

#[test]
fn wrong_answers_fail_for_the_right_reason() {
    let cases: &[(&str, String, (&str, &str, usize))] = &[
        (
            "selector does not match",
            SEED_WEB.replace("      app: web\n  template", "      app: nginx\n  template"),
            (
                "selector-matches-labels",
                "spec.template.metadata.labels",
                24,
            ),
        ),
        (
            "quoted replicas",
            SEED_WEB.replace("replicas: 2", "replicas: \"2\""),
            ("field-type", "spec.replicas", 18),
        ),
        (
            "mis-indented claim templates",
            format!("{SEED_WEB}        volumeClaimTemplates: []\n"),
            (
                "unknown-field",
                "spec.template.spec.containers[0].volumeClaimTemplates",
                32,
            ),
        ),
        (
            "claim templates on a Deployment",
            SEED_WEB
                .replace("kind: StatefulSet", "kind: Deployment")
                .replace("  serviceName: \"web\"\n", "")
                .replace(
                    "  replicas: 2\n",
                    "  replicas: 2\n  volumeClaimTemplates: []\n",
                ),
            ("unknown-field", "spec.volumeClaimTemplates", 18),
        ),
        (
            "removed apiVersion",
            SEED_WEB.replace("apps/v1", "apps/v1beta1"),
            ("removed-api-version", "", 12),
        ),
        (
            "accessModes not a list",
            SEED_MYSQL.replace("[ \"ReadWriteOnce\" ]", "ReadWriteOnce"),
            (
                "field-type",
                "spec.volumeClaimTemplates[0].spec.accessModes",
                28,
            ),
        ),
        (
            "mount without a claim",
            SEED_MYSQL.replace("        - name: mysql-data", "        - name: data"),
            (
                "volume-mount-source",
                "spec.template.spec.containers[0].volumeMounts[0].name",
                22,
            ),
        ),
        (
            "restartPolicy Never",
            SEED_WEB.replace(
                "      containers:",
                "      restartPolicy: Never\n      containers:",
            ),
            (
                "restart-policy-always",
                "spec.template.spec.restartPolicy",
                27,
            ),
        ),
        (
            "bad storage quantity",
            SEED_MYSQL.replace("storage: 1Gi", "storage: 1GB"),
            (
                "resource-quantity",
                "spec.volumeClaimTemplates[0].spec.resources.requests.storage",
                31,
            ),
        ),
    ];
    for (what, text, (rule, path, line)) in cases {
        let found = errors(text);
        assert!(
            found
                .iter()
                .any(|(r, p, l)| r == rule && p == path && l == line),
            "{what}: expected {rule} at {path}:{line}, got {found:?}"
        );
    }
}
