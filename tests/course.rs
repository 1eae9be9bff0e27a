//! The course teaches every point of the seed material it was created from
//! (`../shared/seed/statefulsets-seed.txt`): each key term of the seed appears in some lesson,
//! and the seed's manifests and interview questions are in the course.

use sts_tutor::content::Course;

/// The seed's key terms and phrases, one per point it makes.
const SEED_TERMS: &[&str] = &[
    // What a StatefulSet is, and why.
    "Deployment",
    "ReplicaSet",
    "stateless",
    "stable identit",
    "persistent storage",
    "ordered",
    "databases",
    "distributed systems",
    // Key features.
    "mysql-0",
    "mysql-1",
    "in order 0, 1",
    "PersistentVolumeClaim",
    "stable DNS",
    // The YAML example and its explanation.
    "image: mysql:5.7",
    "containerPort: 3306",
    "mountPath: /var/lib/mysql",
    "volumeClaimTemplates",
    "storage: 1Gi",
    "three MySQL Pods",
    // The workflow flowchart.
    "Headless Service provides DNS",
    "Pod-0",
    "Data persists across restarts",
    // The real-time example.
    "db-0",
    "db-1",
    "distributed database",
    "unique identity",
    // Common mistakes.
    "data loss",
    "DNS resolution",
    "ephemeral",
    "ordered termination",
    // Interview notes.
    "interchangeable",
    "difference between a Deployment and a StatefulSet",
    "How does a StatefulSet ensure Pod identity",
    "Why are headless Services important",
    "interview task",
    "clusterIP: None",
    "image: nginx",
    "web-0",
    "web-1",
    // Advanced notes and summary.
    "Ordered Updates",
    "sequentially",
    "message queues",
    "clustered applications",
    "interview",
];

#[test]
fn every_seed_point_is_taught() {
    let course = Course::embedded().expect("the built-in course loads");
    assert!(course.lessons.len() >= 10, "the course has its ten lessons");
    let text: String = course
        .lessons
        .iter()
        .map(|l| l.markdown().to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let missing: Vec<&&str> = SEED_TERMS
        .iter()
        .filter(|t| !text.contains(&t.to_lowercase()))
        .collect();
    assert!(
        missing.is_empty(),
        "seed terms no lesson mentions: {missing:?}"
    );
}

#[test]
fn the_seed_corrections_are_taught() {
    let course = Course::embedded().unwrap();
    let text: String = course
        .lessons
        .iter()
        .map(|l| l.markdown())
        .collect::<Vec<_>>()
        .join("\n");
    // Facts sheet §9 and §10: the precise versions of the seed's simplifications.
    for precise in [
        "OrderedReady",
        "Parallel",
        "partition",
        "OnDelete",
        "publishNotReadyAddresses",
        "MYSQL_ROOT_PASSWORD",
        "CrashLoopBackOff",
        "scale to zero",
        "whenScaled",
    ] {
        assert!(
            text.contains(precise) || text.to_lowercase().contains(&precise.to_lowercase()),
            "no lesson teaches {precise}"
        );
    }
}

#[test]
fn lessons_link_exercises_that_exist() {
    let course = Course::embedded().unwrap();
    for lesson in &course.lessons {
        assert!(!lesson.objectives.is_empty(), "{}", lesson.id);
        for exercise in &lesson.exercises {
            assert!(
                course.exercise(exercise).is_some(),
                "{} links {exercise}",
                lesson.id
            );
        }
    }
}

#[test]
fn the_question_bank_has_the_seed_questions_and_every_kind() {
    let course = Course::embedded().unwrap();
    assert!(
        course.questions.len() >= 80,
        "{} questions",
        course.questions.len()
    );
    let has = |id: &str| course.questions.iter().any(|q| q.id == id);
    // The seed's four interview questions (Q4 both as a task to write and to explain).
    for id in [
        "statefulset-basics-deployment-vs-statefulset",
        "identity-how-ensured",
        "headless-service-why-important",
        "worked-example-web-task-manifest",
        "worked-example-web-task-explain",
    ] {
        assert!(has(id), "missing {id}");
    }
    // Questions generated from the controller simulator.
    assert!(has("sim-scale-down-order") && has("sim-rolling-update-order"));
    let kinds: std::collections::BTreeSet<&str> =
        course.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds.len(), 8, "{kinds:?}");
}

/// The built-in course and the drills' fixture course pass every check of `content check`
/// (the library's, without the binary: tests/authoring.rs runs the command).
#[test]
fn the_built_in_and_fixture_courses_are_consistent() {
    use sts_tutor::content::check::check_course;
    let builtin = Course::embedded().unwrap();
    let (verified, problems) = check_course(builtin);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(verified.len(), builtin.exercises.len());
    // No built-in value is graded by a generated check: each has a message of its own.
    assert!(
        verified.iter().all(|v| v.generated.is_empty()),
        "{verified:?}"
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    let fixture = Course::from_dir(&dir).unwrap();
    let (_, problems) = check_course(&fixture);
    assert!(problems.is_empty(), "{problems:?}");
    let authoring =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/authoring/base");
    let (_, problems) = check_course(&Course::from_dir(&authoring).unwrap());
    assert!(problems.is_empty(), "{problems:?}");
}
