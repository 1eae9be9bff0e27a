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
        lint_gate: false,
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

// --- The course's exercises, graded as the learner's file would be. ---

fn course_exercise(id: &str) -> &'static Exercise {
    sts_tutor::content::Course::embedded()
        .unwrap()
        .exercise(id)
        .unwrap()
}

fn course_file(id: &str, file: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/exercises/{id}/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every failure of a report whose note contains `text`, as (check, line, note).
fn notes_with(report: &GradeReport, text: &str) -> Vec<(String, Option<usize>, String)> {
    report
        .checks
        .iter()
        .flat_map(|c| c.failures.iter().map(move |f| (c, f)))
        .filter_map(|(c, f)| {
            f.note
                .as_ref()
                .filter(|n| n.contains(text))
                .map(|n| (c.id.clone(), f.line, n.clone()))
        })
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_misnamed_service_is_said_once_at_its_name_and_graded_as_written() {
    let ex = course_exercise("tutorial-mysql");
    let text = course_file("tutorial-mysql", "solution.yaml")
        .replacen("  name: mysql\n  labels", "  name: mysql-svc\n  labels", 1)
        .replacen("  clusterIP: None\n", "  clusterIP: 10.96.0.10\n", 1);
    let report = grade_text(ex, "mysql.yaml", &text).unwrap();
    assert_eq!(report.failed_checks(), ["headless-service"]);
    let said = notes_with(&report, "the task names it `mysql`");
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].1, Some(line_of(&text, "name: mysql-svc")));
    assert!(said[0].2.starts_with("the file has Service `mysql-svc`"));
    // The clusterIP that is set is shown as set, at its line.
    let check = &report
        .checks
        .iter()
        .find(|c| c.id == "headless-service")
        .unwrap();
    let ip = check
        .failures
        .iter()
        .find(|f| f.path == "spec.clusterIP")
        .unwrap();
    assert_eq!(ip.actual, Some(serde_json::json!("10.96.0.10")));
    assert_eq!(ip.line, Some(line_of(&text, "clusterIP: 10.96.0.10")));
}

#[test]
fn a_deployment_where_a_statefulset_is_asked_is_said_once_at_its_kind() {
    let ex = course_exercise("deployment-to-statefulset");
    let starter = course_file("deployment-to-statefulset", "starter.yaml");
    let report = grade_text(ex, "cache.yaml", &starter).unwrap();
    let said = notes_with(&report, "this is a Deployment");
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].1, Some(line_of(&starter, "kind: Deployment")));
    assert!(
        said[0].2.contains("change `kind` to StatefulSet"),
        "{said:?}"
    );
    assert!(
        !said[0].2.contains("strategy"),
        "the starter has no `strategy`"
    );
    assert!(notes_with(&report, "the file has no StatefulSet").is_empty());
    // Graded against the Deployment: its 3 replicas pass.
    assert!(!report.failed_checks().contains(&"replicas"));

    // With a `strategy`, the note says to rename it too.
    let with_strategy = starter.replacen(
        "  replicas: 3\n",
        "  replicas: 3\n  strategy: {type: RollingUpdate}\n",
        1,
    );
    assert_ne!(with_strategy, starter);
    let report = grade_text(ex, "cache.yaml", &with_strategy).unwrap();
    let said = notes_with(&report, "this is a Deployment");
    assert!(
        said[0].2.contains("(and `strategy` to `updateStrategy`)"),
        "{said:?}"
    );

    // Another member of the class: a DaemonSet named web in interview-web.
    let ex = course_exercise("interview-web");
    let daemon = course_file("interview-web", "solution.yaml")
        .replacen("kind: StatefulSet", "kind: DaemonSet", 1)
        .replacen("  replicas: 2\n", "", 1)
        .replacen("  serviceName: \"web\"\n", "", 1);
    let report = grade_text(ex, "web.yaml", &daemon).unwrap();
    let said = notes_with(&report, "this is a DaemonSet");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(report.failed_checks().contains(&"service-name"));
    assert!(!report.failed_checks().contains(&"nginx-container"));
}

#[test]
fn the_only_object_of_the_kind_stands_in_whatever_its_name() {
    let ex = course_exercise("interview-web");
    let text = course_file("interview-web", "solution.yaml").replacen(
        "metadata:\n  name: web\nspec:\n  serviceName",
        "metadata:\n  name: nginx\nspec:\n  serviceName",
        1,
    );
    let report = grade_text(ex, "web.yaml", &text).unwrap();
    let said = notes_with(
        &report,
        "the file has StatefulSet `nginx`; the task names it `web`",
    );
    assert_eq!(said.len(), 1, "{said:?}");
    // The Service's selector is checked against the stand-in's Pods: it passes.
    assert!(!report.failed_checks().contains(&"service-selects-pods"));
    assert_eq!(report.failed_checks(), ["service-name"]);
    // An object of the right kind and name never gives way to a stand-in.
    let two = format!(
        "{}---\n{}",
        course_file("interview-web", "solution.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: web-2}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n"
    );
    let report = grade_text(ex, "web.yaml", &two).unwrap();
    assert!(report.passed, "{:?}", report.failed_checks());
}

#[test]
fn expectations_are_said_in_words_never_as_a_raw_matcher() {
    let course = sts_tutor::content::Course::embedded().unwrap();
    let mut seen = 0;
    for ex in &course.exercises {
        for case in &ex.tests {
            let report = grade_text(ex, &case.name, &case.text).unwrap();
            for check in &report.checks {
                for f in &check.failures {
                    seen += 1;
                    let expected = sts_tutor::grade::yaml_scalar(&f.expected);
                    let note = f.note.clone().unwrap_or_default();
                    for shown in [&expected, &note] {
                        for raw in ["a list with a matching item", "matching /", "/^", "$/"] {
                            assert!(
                                !shown.contains(raw),
                                "{}/{}: {}: {shown}",
                                ex.id,
                                case.name,
                                check.id
                            );
                        }
                    }
                    assert_ne!(expected, "any value", "{}/{}", ex.id, case.name);
                }
            }
        }
    }
    assert!(seen > 50, "{seen} failures looked at");
    // The interview-web container, in words.
    let ex = course_exercise("interview-web");
    let text =
        course_file("interview-web", "solution.yaml").replace("image: nginx", "image: httpd");
    let report = grade_text(ex, "web.yaml", &text).unwrap();
    let check = report
        .checks
        .iter()
        .find(|c| c.id == "nginx-container")
        .unwrap();
    assert_eq!(
        check.expected,
        serde_json::json!(
            "a container with the image nginx (any tag or digest, variants such as -alpine included) and a port with `containerPort: 80`"
        )
    );
    assert!(
        check.failures[0]
            .note
            .as_deref()
            .unwrap()
            .contains("is the repository docker.io/library/httpd, not docker.io/library/nginx"),
        "{:?}",
        check.failures[0].note
    );
}

#[test]
fn namespaces_resolve_for_every_object_of_the_file() {
    let ex = course_exercise("ha-database");
    let solution = course_file("ha-database", "solution.yaml");
    assert!(grade_text(ex, "pg.yaml", &solution).unwrap().passed);
    // The budget in another namespace protects nothing of the set.
    let budget_away = solution.replacen(
        "kind: PodDisruptionBudget\nmetadata:\n  name: pg\n",
        "kind: PodDisruptionBudget\nmetadata:\n  name: pg\n  namespace: ops\n",
        1,
    );
    assert_ne!(budget_away, solution);
    let report = grade_text(ex, "pg.yaml", &budget_away).unwrap();
    assert_eq!(report.failed_checks(), ["pdb-selects-pods"]);
    assert_eq!(notes_with(&report, "namespace `ops`").len(), 1);
    // All three in one named namespace: together.
    let all_in = solution.replace(
        "metadata:\n  name: pg\n",
        "metadata:\n  name: pg\n  namespace: db\n",
    );
    assert!(grade_text(ex, "pg.yaml", &all_in).unwrap().passed);
    // `namespace: default` on one only: graded as together, with a note on the check.
    let one_default = solution.replacen(
        "kind: PodDisruptionBudget\nmetadata:\n  name: pg\n",
        "kind: PodDisruptionBudget\nmetadata:\n  name: pg\n  namespace: default\n",
        1,
    );
    let report = grade_text(ex, "pg.yaml", &one_default).unwrap();
    assert!(report.passed);
    let check = report
        .checks
        .iter()
        .find(|c| c.id == "pdb-selects-pods")
        .unwrap();
    assert!(
        check.note.as_deref().unwrap().contains("without `-n`"),
        "{:?}",
        check.note
    );
}

#[test]
fn exactly_and_absent_forms() {
    let ex = exercise(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  selector:\n    matchLabels: !exactly {app: db}\n    matchExpressions: !absent\n",
    );
    let with = |selector: &str| {
        format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db}}\nspec:\n  selector: {selector}\n  template:\n    metadata: {{labels: {{app: db, tier: b}}}}\n    spec: {{containers: [{{name: c, image: 'postgres:16'}}]}}\n"
        )
    };
    let passes = |s: &str| grade_text(&ex, "t", &with(s)).unwrap().passed;
    assert!(passes("{matchLabels: {app: db}}"));
    assert!(passes("{matchLabels: {app: db}, matchExpressions: []}"));
    assert!(!passes("{matchLabels: {app: db, tier: b}}"));
    assert!(!passes(
        "{matchLabels: {app: db}, matchExpressions: [{key: tier, operator: Exists}]}"
    ));
    assert!(!passes(
        "{matchExpressions: [{key: app, operator: In, values: [db]}]}"
    ));
    let report = grade_text(&ex, "t", &with("{matchLabels: {app: db, tier: b}}")).unwrap();
    let failure = &report.checks[1].failures[0];
    assert_eq!(
        failure.expected,
        serde_json::json!("exactly {app: db} (no other keys)")
    );
    assert_eq!(
        failure.note.as_deref(),
        Some("exactly these keys are expected; remove `tier`")
    );
    assert!(expected::parse("kind: A\nspec: !exactly [a]\n").is_err());
    assert!(expected::parse("kind: A\nspec: {image: !image 'nginx:1.27'}\n").is_err());
    assert!(
        expected::parse("kind: A\nspec: {image: !image {name: nginx, variants: true}}\n").is_err()
    );
}

#[test]
fn env_from_counts_when_the_file_shows_the_secret_and_says_only_what_it_knows() {
    let ex = course_exercise("tutorial-mysql");
    let grade_case = |name: &str| {
        let text = course_file("tutorial-mysql", &format!("tests/{name}"));
        grade_text(ex, name, &text).unwrap()
    };
    for pass in [
        "pass-envfrom-secret-in-file.yaml",
        "pass-envfrom-prefix-data.yaml",
    ] {
        assert!(grade_case(pass).passed, "{pass}");
    }
    let note_of = |name: &str| {
        let report = grade_case(name);
        let check = report
            .checks
            .iter()
            .find(|c| c.id == "root-password")
            .unwrap();
        assert!(!check.passed, "{name}");
        assert!(!check.message.contains("crash-loops"), "{}", check.message);
        check.failures[0].note.clone().unwrap_or_default()
    };
    let note = note_of("fail-envfrom-secret-not-in-file.yaml");
    assert!(note.contains("which is not in the file"), "{note}");
    assert!(note.contains("`valueFrom.secretKeyRef`"), "{note}");
    assert!(!note.contains("crash"), "{note}");
    let note = note_of("fail-envfrom-secret-without-key.yaml");
    assert!(
        note.contains("Secret `mysql-root` brings in `password`"),
        "{note}"
    );
    let note = note_of("fail-envfrom-configmap.yaml");
    assert!(note.contains("the task asks for a Secret"), "{note}");
    let note = note_of("fail-envfrom-secret-other-namespace.yaml");
    assert!(note.contains("namespace `vault`"), "{note}");
    // An `env` entry written out wins over the one envFrom brings in.
    let text = course_file("tutorial-mysql", "tests/pass-envfrom-secret-in-file.yaml").replace(
        "        envFrom:\n",
        "        env: [{name: MYSQL_ROOT_PASSWORD, value: plain}]\n        envFrom:\n",
    );
    let report = grade_text(ex, "mysql.yaml", &text).unwrap();
    assert_eq!(report.failed_checks(), ["root-password"]);
}
