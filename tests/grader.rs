//! The structural grader on its own: right answers written in many styles pass, wrong ones
//! fail on the intended check, with the line of the learner's file.

use sts_tutor::content::{Difficulty, Exercise};
use sts_tutor::grade::{GradeReport, expected, grade_text};

/// An exercise built in memory: a 3-replica StatefulSet with a claim template of 1Gi.
fn exercise(expected_yaml: &str) -> Exercise {
    Exercise {
        id: "t".into(),
        title: "t".into(),
        difficulty: Difficulty::Beginner,
        file: "t.yaml".into(),
        lessons: vec![],
        task: String::new(),
        hints: vec![],
        lint_points: 1,
        checks: vec![],
        live: None,
        starter: String::new(),
        solution: String::new(),
        expected: expected::parse(expected_yaml).unwrap(),
        tests: vec![],
        location: "t".into(),
    }
}

const EXPECTED: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  podManagementPolicy: OrderedReady
  template:
    spec:
      containers:
      - name: db
        image: !regex '^postgres:16'
        ports: [{containerPort: 5432}]
        volumeMounts: [{mountPath: /data, name: data}]
        args: [--port, '5432']
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce, ReadOnlyMany]
      resources: {requests: {storage: 1Gi}}
";

const RIGHT: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:16.4
        args: ['--port', '5432']
        ports:
        - containerPort: 5432
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce, ReadOnlyMany]
      resources:
        requests:
          storage: 1Gi
";

fn grade(text: &str) -> GradeReport {
    grade_text(&exercise(EXPECTED), "answer.yaml", text).unwrap()
}

fn assert_full_score(style: &str, text: &str) {
    let report = grade(text);
    assert!(
        report.passed && report.score == report.max_score,
        "{style}: {:#?}",
        report
            .checks
            .iter()
            .filter(|c| !c.passed)
            .collect::<Vec<_>>()
    );
}

#[test]
fn right_answers_in_many_styles() {
    assert_full_score("as written", RIGHT);
    assert_full_score(
        "1024Mi for 1Gi",
        &RIGHT.replace("storage: 1Gi", "storage: 1024Mi"),
    );
    assert_full_score(
        "a number of bytes",
        &RIGHT.replace("storage: 1Gi", "storage: \"1073741824\""),
    );
    assert_full_score(
        "access modes reordered",
        &RIGHT.replace(
            "[ReadWriteOnce, ReadOnlyMany]",
            "[ReadOnlyMany, ReadWriteOnce]",
        ),
    );
    assert_full_score(
        "explicit default",
        &RIGHT.replace(
            "  replicas: 3\n",
            "  replicas: 3\n  podManagementPolicy: OrderedReady\n",
        ),
    );
    assert_full_score(
        "extra containers before, extra fields",
        &RIGHT.replace("      containers:\n", "      containers:\n      - name: exporter\n        image: prom/postgres-exporter:v0.15.0\n        ports: [{containerPort: 9187}]\n").replace("        image: postgres:16.4\n", "        image: postgres:16.4\n        imagePullPolicy: IfNotPresent\n        env: [{name: PGDATA, value: /data/pg}]\n"),
    );
    assert_full_score(
        "flow style and reordered keys",
        r#"{"spec": {"volumeClaimTemplates": [{"spec": {"resources": {"requests": {"storage": "1Gi"}}, "accessModes": ["ReadWriteOnce", "ReadOnlyMany"]}, "metadata": {"name": "data"}}],
           "template": {"spec": {"containers": [{"volumeMounts": [{"mountPath": "/data", "name": "data"}], "ports": [{"containerPort": 5432}], "args": ["--port", "5432"], "image": "postgres:16.2", "name": "db"}]},
                        "metadata": {"labels": {"app": "db"}}},
           "selector": {"matchLabels": {"app": "db"}}, "replicas": 3},
 "metadata": {"name": "db"}, "kind": "StatefulSet", "apiVersion": "apps/v1"}"#,
    );
    assert_full_score(
        "anchors, merge keys and a List",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata: {name: db}\n  spec:\n    replicas: 3\n    selector: {matchLabels: &l {app: db}}\n    template:\n      metadata: {labels: *l}\n      spec:\n        containers:\n        - &c\n          name: db\n          image: postgres:16.4\n          args: [--port, '5432']\n          ports: [{containerPort: 5432}]\n          volumeMounts: [{name: data, mountPath: /data}]\n    volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce, ReadOnlyMany], resources: {requests: {storage: 1Gi}}}\n",
    );
}

fn failed(text: &str) -> Vec<(String, Option<usize>)> {
    grade(text)
        .checks
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| (c.path.unwrap_or_default(), c.line))
        .collect()
}

#[test]
fn wrong_answers_fail_on_the_intended_value_and_line() {
    assert_eq!(
        failed(&RIGHT.replace("replicas: 3", "replicas: \"3\"")).len(),
        2,
        "quoted: the lint check and the value both fail"
    );
    assert_eq!(
        failed(&RIGHT.replace("replicas: 3", "replicas: 2")),
        [("spec.replicas".into(), Some(6))]
    );
    assert_eq!(
        failed(&RIGHT.replace("storage: 1Gi", "storage: 1G")),
        [(
            "spec.volumeClaimTemplates[0].spec.resources.requests.storage".into(),
            Some(29)
        )]
    );
    assert_eq!(
        failed(&RIGHT.replace("image: postgres:16.4", "image: postgres:15")),
        [("spec.template.spec.containers[0].image".into(), Some(15))]
    );
    assert_eq!(
        failed(&RIGHT.replace("args: ['--port', '5432']", "args: ['5432', '--port']")).len(),
        0,
        "scalar lists compare as sets"
    );
    assert_eq!(
        failed(&RIGHT.replace("[ReadWriteOnce, ReadOnlyMany]", "[ReadWriteOnce]")),
        [(
            "spec.volumeClaimTemplates[0].spec.accessModes".into(),
            Some(26)
        )]
    );
    // A missing list item is reported at the list, its values as missing.
    assert_eq!(
        failed(&RIGHT.replace("mountPath: /data", "mountPath: /var/data")),
        vec![
            (
                "spec.template.spec.containers[0].volumeMounts".to_string(),
                Some(19)
            );
            2
        ]
    );
    // The merge key decides which item is compared: a renamed container is missing.
    let renamed = failed(&RIGHT.replace("- name: db\n", "- name: database\n"));
    assert!(
        renamed
            .iter()
            .all(|(path, _)| path == "spec.template.spec.containers"),
        "{renamed:?}"
    );
    assert_eq!(
        failed(&RIGHT.replace(
            "  replicas: 3\n",
            "  replicas: 3\n  podManagementPolicy: Parallel\n"
        )),
        [("spec.podManagementPolicy".into(), Some(7))]
    );
}

#[test]
fn a_missing_object_fails_every_check_with_a_reason() {
    let report = grade("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assert!(!report.passed);
    assert_eq!(report.score, 1, "only the lint check passes");
    let failure = &report.checks[1].failures[0];
    assert_eq!(
        failure.note.as_deref(),
        Some("the file has no StatefulSet named db")
    );
    assert_eq!(failure.line, None);
}

#[test]
fn matchers() {
    let ex = exercise(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: !oneOf [None, '']\n  selector: !selects StatefulSet/web\n  ports: !every {protocol: TCP}\n  type: !absent\n---\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replicas: !atLeast 2\n  serviceName: !same Service/web:metadata.name\n  selector: {matchLabels: !same spec.template.metadata.labels}\n",
    );
    let good = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: a, image: 'nginx:1.27'}]}\n";
    let r = grade_text(&ex, "g", good).unwrap();
    // The Service type is defaulted to ClusterIP by the API, so `!absent` fails on it.
    let failed: Vec<&str> = r.failed_checks();
    assert_eq!(failed, ["service-web-spec-type"]);
    let bad = good
        .replace("replicas: 3", "replicas: 1")
        .replace("serviceName: web", "serviceName: other")
        .replace("selector: {app: web}", "selector: {app: other}");
    let r = grade_text(&ex, "b", &bad).unwrap();
    let failed: Vec<&str> = r.failed_checks();
    for id in [
        "statefulset-web-spec-replicas",
        "statefulset-web-spec-servicename",
        "service-web-spec-selector",
    ] {
        assert!(failed.contains(&id), "{id} in {failed:?}");
    }
}

#[test]
fn absent_objects_and_nested_matchers() {
    let ex = exercise(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: cache}\nspec:\n  template:\n    spec:\n      volumes: !oneOf [!absent, !every {emptyDir: !absent}]\n--- !absent\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache}\n",
    );
    let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: cache}\nspec:\n  selector: {matchLabels: {app: c}}\n  template:\n    metadata: {labels: {app: c}}\n    spec:\n      containers: [{name: c, image: 'redis:7.2'}]\n";
    assert!(
        grade_text(&ex, "a", sts).unwrap().passed,
        "no volumes at all"
    );
    assert!(
        grade_text(
            &ex,
            "b",
            &sts.replace(
                "    spec:\n      containers",
                "    spec:\n      volumes: []\n      containers"
            )
        )
        .unwrap()
        .passed,
        "an empty list counts as absent"
    );
    let config = sts.replace(
        "    spec:\n      containers",
        "    spec:\n      volumes: [{name: conf, configMap: {name: c}}]\n      containers",
    );
    assert!(
        grade_text(&ex, "c", &config).unwrap().passed,
        "volumes that are not emptyDir"
    );
    let scratch = sts.replace(
        "    spec:\n      containers",
        "    spec:\n      volumes: [{name: data, emptyDir: {}}]\n      containers",
    );
    assert!(
        !grade_text(&ex, "d", &scratch).unwrap().passed,
        "an emptyDir volume"
    );
    let with_deployment = format!(
        "{sts}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: cache}}\nspec:\n  selector: {{matchLabels: {{app: d}}}}\n  template:\n    metadata: {{labels: {{app: d}}}}\n    spec: {{containers: [{{name: c, image: 'redis:7.2'}}]}}\n"
    );
    let report = grade_text(&ex, "e", &with_deployment).unwrap();
    let failure = &report.checks.iter().find(|c| !c.passed).unwrap().failures[0];
    assert_eq!(
        failure.note.as_deref(),
        Some("the file must not contain Deployment/cache: remove it")
    );
    assert_eq!(failure.line, Some(11));
}
