//! Authoring mistakes an instructor makes, each caught by `content check` (or by the
//! command a student runs) with the file, the line and what to do. Each test copies the
//! small, consistent course of tests/fixtures/authoring/base into a temporary folder and
//! makes one mistake in it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/authoring/base");
const EXERCISE: &str = "exercises/redis-ha";

fn tutor(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .env("STS_TUTOR_DATA_DIR", data)
        .env_remove("STS_TUTOR_CONTENT");
    cmd
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the base course, in a temporary folder (kept alive by the guard).
struct Course {
    _guard: tempfile::TempDir,
    dir: PathBuf,
    data: tempfile::TempDir,
}

impl Course {
    fn new() -> Course {
        let guard = tempfile::tempdir().unwrap();
        let dir = guard.path().join("course");
        copy_dir(Path::new(BASE), &dir);
        Course {
            _guard: guard,
            dir,
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Replaces `from` (which must be there) by `to` in a file of the course.
    fn edit(&self, rel: &str, from: &str, to: &str) -> &Course {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(&self, rel: &str, text: &str) -> &Course {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn check(&self) -> assert_cmd::assert::Assert {
        tutor(self.data.path())
            .args(["content", "check"])
            .arg(&self.dir)
            .assert()
    }

    fn with_content(&self) -> Command {
        let mut cmd = tutor(self.data.path());
        cmd.arg("--content").arg(&self.dir);
        cmd
    }

    fn solution(&self) -> String {
        std::fs::read_to_string(self.path(&format!("{EXERCISE}/solution.yaml"))).unwrap()
    }
}

#[test]
fn the_base_course_is_consistent() {
    Course::new()
        .check()
        .code(0)
        .stdout(contains("ok: redis-ha (4 cases graded)"))
        .stdout(contains(
            "1 lesson, 1 quiz question checked, and 1 exercise (2 checks declared, 0 generated)",
        ))
        .stdout(contains("0 problems"));
}

#[test]
fn the_built_in_course_and_the_drills_fixture_are_consistent() {
    let data = tempfile::tempdir().unwrap();
    tutor(data.path())
        .args(["content", "check"])
        .assert()
        .code(0)
        .stdout(contains(" 0 problems"));
    tutor(data.path())
        .args(["content", "check"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/course"
        ))
        .assert()
        .code(0)
        .stdout(contains(" 0 problems"))
        // A course without lessons may link built-in lesson ids, and is told so.
        .stdout(contains(
            "note: this course has no lessons, and links to built-in lesson ids",
        ));
}

#[test]
fn lesson_links_resolve_in_the_course_used() {
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/exercise.toml"),
        "lesson = \"basics\"\n\n[[checks]]",
        "lesson = \"operations\"\n\n[[checks]]",
    );
    course.edit(
        "quizzes/basics.toml",
        "lesson = \"basics\"",
        "lesson = \"operations\"",
    );
    course
        .check()
        .code(1)
        .stdout(contains(
            "exercise.toml:22: links to unknown lesson `operations`: this course's lessons are basics",
        ))
        .stdout(contains(
            "quizzes/basics.toml:2: question `basics-headless`: links to unknown lesson `operations`",
        ));
    // An exercise's `lessons` list too.
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/exercise.toml"),
        "lessons = [\"basics\"]",
        "lessons = [\"basic\"]",
    );
    course.check().code(1).stdout(contains(
        "links to unknown lesson `basic`: did you mean `basics`?",
    ));
}

#[test]
fn a_path_that_grades_nothing_is_an_error_and_generated_checks_are_notes() {
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/exercise.toml"),
        "paths = [\"spec.clusterIP\", \"spec.selector\"]",
        "paths = [\"spec.clusterIP\", \"spec.selector.app\"]",
    );
    // `spec.selector.app` is fine here (the selector's key): use a real typo.
    course.edit(
        &format!("{EXERCISE}/exercise.toml"),
        "\"spec.selector.app\"",
        "\"spec.selectr\"",
    );
    course
        .check()
        .code(1)
        .stdout(contains(
            "exercise.toml:20: check `headless`: path `spec.selectr` grades no value of Service/redis in expected.yaml (the closest real path is `spec.selector`)",
        ));
    // Without the path, the selector becomes a generated check: listed as a note.
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/exercise.toml"),
        "paths = [\"spec.clusterIP\", \"spec.selector\"]",
        "paths = [\"spec.clusterIP\"]",
    );
    course
        .check()
        .code(0)
        .stdout(contains(
            "note: redis-ha: Service/redis spec.selector.app is graded by the generated check `service-redis-spec-selector-app`",
        ))
        .stdout(contains("(2 checks declared, 1 generated)"));
}

#[test]
fn a_shadowed_check_names_the_check_that_took_its_values() {
    let course = Course::new();
    let toml = format!("{EXERCISE}/exercise.toml");
    let text = std::fs::read_to_string(course.path(&toml)).unwrap();
    course.write(
        &toml,
        &format!(
            "{text}\n[[checks]]\nid = \"service-selector\"\nobject = \"Service/redis\"\npaths = [\"spec.selector\"]\nmessage = \"The Service selects the Pods.\"\n"
        ),
    );
    course.check().code(1).stdout(contains(
        "check `service-selector` grades no value: every value its paths name is already taken by `headless`, declared before it",
    ));
}

#[test]
fn expected_yaml_fields_are_linted() {
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/expected.yaml"),
        "  replicas: 3",
        "  replica: 3",
    );
    course
        .check()
        .code(1)
        .stdout(contains(
            "expected.yaml:16: unknown field `replica` in `spec` (did you mean `replicas`?) [unknown-field]",
        ));
    // Matcher tags are understood: the built-in course's expected files, full of them, pass
    // (the_built_in_course_and_the_drills_fixture_are_consistent), and a tagged value here too.
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/expected.yaml"),
        "  selector:\n    app: redis",
        "  selector: !selects StatefulSet/redis",
    );
    course.check().code(0);
}

#[test]
fn a_solution_with_a_lint_error_is_reported_at_its_line() {
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/solution.yaml"),
        "        image: redis:7.2",
        "        image: redis:7.2\n        imagePullPolicy: Sometimes",
    );
    course
        .check()
        .code(1)
        .stdout(contains(
            "solution.yaml:30: the solution must pass with full score (solutions lint without errors), but it scored 3/4; failed checks: valid; lint errors: 30:26",
        ));
}

#[test]
fn id_rules_and_choice_counts_are_enforced() {
    let course = Course::new();
    std::fs::rename(course.path(EXERCISE), course.path("exercises/Redis_HA")).unwrap();
    course.edit("lessons/01-basics.md", "[redis-ha]", "[Redis_HA]");
    course.check().code(1).stdout(contains(
        "exercise id `Redis_HA` (the folder name): an id is lower-case letters and digits, words joined by single `-` (kebab-case, like `redis-ha`): use `redis-ha`",
    ));
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/exercise.toml"),
        "id = \"replicas\"",
        "id = \"Redis Bad Id\"",
    );
    course.edit(
        &format!("{EXERCISE}/tests/fail-one-replica.yaml"),
        "# fails: replicas",
        "# fails: Redis Bad Id",
    );
    course.check().code(1).stdout(contains(
        "exercise.toml:25: check id `Redis Bad Id`: an id is",
    ));
    let course = Course::new();
    course.edit(
        "quizzes/basics.toml",
        "id = \"basics-headless\"",
        "id = \"Basics_Headless\"",
    );
    course.check().code(1).stdout(contains(
        "quizzes/basics.toml:2: question id `Basics_Headless`: an id is",
    ));
    // Seven choices: the docs say 2–6, and so does the error.
    let course = Course::new();
    course.edit(
        "quizzes/basics.toml",
        "[\"clusterIP: None\", \"type: Headless\"]",
        "[\"clusterIP: None\", \"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]",
    );
    course
        .check()
        .code(1)
        .stdout(contains("`choices` must have 2 to 6 items, not 7"));
}

#[test]
fn the_documented_choice_count_is_the_one_checked() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/quizzes/README.md")).unwrap();
    let range = sts_tutor::content::quiz::CHOICES;
    let documented = format!("`choices` ({}–{} strings)", range.start(), range.end());
    assert!(
        readme.contains(&documented),
        "quizzes/README.md should say {documented}"
    );
    let exercises =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/exercises/README.md"))
            .unwrap();
    assert!(
        exercises.contains(sts_tutor::content::ID_RULE),
        "exercises/README.md should state the id rule as checked: {}",
        sts_tutor::content::ID_RULE
    );
}

#[test]
fn a_fail_case_needs_its_header() {
    let course = Course::new();
    course.edit(
        &format!("{EXERCISE}/tests/fail-one-replica.yaml"),
        "# fails: replicas\n",
        "",
    );
    course
        .check()
        .code(1)
        .stdout(contains(
            "tests/fail-one-replica.yaml:1: a fail case starts with a line naming the checks it fails, like `# fails: headless-service`",
        ))
        .stdout(contains("names check").not());
}

#[test]
fn a_key_after_a_table_header_is_explained() {
    let course = Course::new();
    let toml = format!("{EXERCISE}/exercise.toml");
    course.edit(&toml, "[lint]\npoints = 1\n", "");
    course.edit(&toml, "hints = [", "[lint]\npoints = 1\n\nhints = [");
    course.check().code(1).stdout(contains(
        "exercise.toml:12: unknown field `hints`, expected `points` or `gate`: `hints` is a top-level key, but keys after the table header `[lint]` belong to that table: move `hints` above the first `[table]` header",
    )).stdout(contains("1 problem\n"));
    // A misspelt key inside a table is only a misspelt key.
    let course = Course::new();
    course.edit(&toml, "message = \"The Service", "mesage = \"The Service");
    course
        .check()
        .code(1)
        .stdout(contains("unknown field `mesage`"))
        .stdout(contains("top-level key").not());
}

#[test]
fn a_broken_question_does_not_stop_grading_an_exercise() {
    let course = Course::new();
    course.edit("quizzes/basics.toml", "answer = 0", "answer = 9");
    course
        .with_content()
        .args(["check", "redis-ha", "-"])
        .write_stdin(course.solution())
        .assert()
        .code(0)
        .stderr(contains("warning: 1 file of the course could not be read"))
        .stderr(contains("quizzes/basics.toml"));
    course
        .with_content()
        .args(["exercise", "redis-ha"])
        .assert()
        .code(0)
        .stdout(contains("three-replica Redis"));
    let class = tempfile::tempdir().unwrap();
    std::fs::write(class.path().join("alice.yaml"), course.solution()).unwrap();
    course
        .with_content()
        .args(["grade", "redis-ha"])
        .arg(class.path())
        .assert()
        .code(0)
        .stdout(contains("alice"))
        .stderr(contains("quizzes/basics.toml"));
    // The exercise's own problem still stops it, with the problem, not "no such exercise".
    course.edit(&format!("{EXERCISE}/exercise.toml"), "title = ", "titel = ");
    course
        .with_content()
        .args(["check", "redis-ha", "-"])
        .write_stdin(course.solution())
        .assert()
        .code(2)
        .stderr(contains("the course has problems"))
        .stderr(contains("exercise.toml:1: unknown field `titel`"));
}

#[test]
fn a_missing_course_directory_exits_2_everywhere() {
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join("no-such-course");
    tutor(data.path())
        .args(["content", "check"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(contains("no such course directory"));
    for args in [
        vec!["exercises"],
        vec!["check", "redis-ha", "-"],
        vec!["lessons"],
        vec!["init", "ws"],
    ] {
        tutor(data.path())
            .arg("--content")
            .arg(&missing)
            .args(&args)
            .current_dir(data.path())
            .assert()
            .code(2)
            .stderr(contains("no such course directory"));
    }
}

#[test]
fn the_workspace_remembers_its_course_and_the_environment_names_one() {
    let course = Course::new();
    let ws = tempfile::tempdir().unwrap();
    course
        .with_content()
        .arg("init")
        .arg(ws.path().join("w"))
        .assert()
        .code(0)
        .stdout(contains("exercise redis-ha"))
        .stdout(contains("--content").not())
        .stdout(contains("This workspace uses the course in"));
    // Inside the workspace, no --content is needed.
    tutor(course.data.path())
        .args(["exercise", "redis-ha"])
        .current_dir(ws.path().join("w/redis-ha"))
        .assert()
        .code(0)
        .stdout(contains("three-replica Redis"));
    std::fs::write(ws.path().join("w/redis-ha/redis.yaml"), course.solution()).unwrap();
    tutor(course.data.path())
        .args(["check", "redis-ha"])
        .current_dir(ws.path().join("w/redis-ha"))
        .assert()
        .code(0);
    // STS_TUTOR_CONTENT works like --content.
    tutor(course.data.path())
        .env("STS_TUTOR_CONTENT", &course.dir)
        .args(["exercise", "redis-ha"])
        .current_dir(ws.path())
        .assert()
        .code(0)
        .stdout(contains("three-replica Redis"));
}

#[test]
fn lint_notes_name_only_lessons_of_the_course_in_use() {
    let course = Course::new();
    let bad = course.solution().replace(
        "        image: redis:7.2",
        "        image: redis:7.2\n        imagePullPolicy: Sometimes",
    );
    // The built-in course links the rule's lesson...
    tutor(course.data.path())
        .args(["check", "interview-web", "-"])
        .write_stdin(bad.clone())
        .assert()
        .code(1)
        .stdout(contains("lesson: api-validation"));
    // ...a course without that lesson says nothing of it.
    course
        .with_content()
        .args(["check", "redis-ha", "-"])
        .write_stdin(bad)
        .assert()
        .code(1)
        .stdout(contains("[FAIL] valid (0/1)"))
        .stdout(contains("lesson:").not())
        .stdout(contains("api-validation").not())
        .stdout(contains("operations").not());
}

#[test]
fn lint_with_a_course_names_only_its_lessons() {
    let course = Course::new();
    let bad = course.solution().replace(
        "        image: redis:7.2",
        "        image: redis:7.2\n        imagePullPolicy: Sometimes",
    );
    tutor(course.data.path())
        .args(["lint", "-"])
        .write_stdin(bad.clone())
        .assert()
        .code(1)
        .stdout(contains("lesson: api-validation"));
    course
        .with_content()
        .args(["lint", "-"])
        .write_stdin(bad)
        .assert()
        .code(1)
        .stdout(contains("imagePullPolicy"))
        .stdout(contains("lesson: api-validation").not());
}
