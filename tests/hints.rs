//! `hint` looks at the learner's answer: it grades the exercise's file in the workspace and
//! hints at the first thing that fails there (a check, or a lint error), from the area to
//! the expected value. With no file, or a file that passes, it shows the authored hints.

use assert_cmd::Command;
use sts_tutor::content::Course;

const SOLUTION: &str = include_str!("../exercises/interview-web/solution.yaml");

struct Learner {
    data: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Learner {
    /// A learner with a workspace (`init`), working inside it.
    fn with_workspace() -> Learner {
        let me = Learner {
            data: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        me.run_in(me.home.path()).arg("init").assert().code(0);
        me
    }

    fn workspace(&self) -> std::path::PathBuf {
        self.home.path().join("sts-exercises")
    }

    fn run_in(&self, dir: &std::path::Path) -> Command {
        let mut command = Command::cargo_bin("sts-tutor").unwrap();
        command
            .env("NO_COLOR", "1")
            .env("STS_TUTOR_DATA_DIR", self.data.path())
            // Unwrapped output: the assertions look for phrases, not for line breaks.
            .env_remove("COLUMNS")
            .current_dir(dir);
        command
    }

    fn answer(&self, text: &str) {
        std::fs::write(self.workspace().join("interview-web/web.yaml"), text).unwrap();
    }

    fn hint(&self) -> String {
        let out = self
            .run_in(&self.workspace())
            .args(["hint", "interview-web"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    fn check(&self) -> i32 {
        self.run_in(&self.workspace())
            .args(["check", "interview-web"])
            .output()
            .unwrap()
            .status
            .code()
            .unwrap()
    }
}

fn authored_hints() -> Vec<String> {
    Course::embedded()
        .unwrap()
        .exercise("interview-web")
        .unwrap()
        .hints
        .clone()
}

/// The solution with the Service selecting `app: nginx`: only `service-selects-pods` fails.
fn wrong_selector() -> String {
    let wrong = SOLUTION.replacen(
        "  selector:\n    app: web\n",
        "  selector:\n    app: nginx\n",
        1,
    );
    assert_ne!(
        wrong, SOLUTION,
        "the solution's Service selector is `app: web`"
    );
    wrong
}

#[test]
fn a_wrong_service_selector_gets_hints_about_the_selector() {
    let me = Learner::with_workspace();
    let wrong = wrong_selector();
    me.answer(&wrong);
    let line = wrong
        .lines()
        .position(|l| l == "  selector:")
        .expect("the Service's selector")
        + 1;

    let first = me.hint();
    assert!(first.contains("Your web.yaml"), "{first}");
    assert!(first.contains("`service-selects-pods`"), "{first}");
    assert!(
        first.contains("Hint 1/3: Check `service-selects-pods`: The Service must select"),
        "level 1 is the check and why: {first}"
    );
    assert!(first.contains("lesson headless-service"), "{first}");
    let check_hint = Course::embedded()
        .unwrap()
        .exercise("interview-web")
        .unwrap()
        .checks
        .iter()
        .find(|c| c.id == "service-selects-pods")
        .and_then(|c| c.hint.clone())
        .expect("the check has a hint of its own");
    assert!(first.contains(&check_hint), "the check's own hint: {first}");
    assert!(!first.contains("Hint 2/3"), "{first}");
    for authored in authored_hints() {
        assert!(!first.contains(&authored), "not the generic hints: {first}");
    }

    let second = me.hint();
    assert!(
        second.contains(&format!(
            "Hint 2/3: Your web.yaml, line {line}: `spec.selector` of Service/web"
        )),
        "level 2 is the path and line: {second}"
    );
    assert!(!second.contains("Hint 3/3"), "{second}");

    let third = me.hint();
    assert!(third.contains("Hint 3/3"), "{third}");
    assert!(
        third.contains("expected: a selector that selects the Pods of StatefulSet/web"),
        "{third}"
    );
    assert!(third.contains(r#"found: {"app":"nginx"}"#), "{third}");
    assert!(third.contains("sts-tutor check interview-web"), "{third}");
}

#[test]
fn a_new_failing_check_starts_again_at_the_first_level() {
    let me = Learner::with_workspace();
    // The starter: `headless-service` fails first.
    let first = me.hint();
    assert!(first.contains("`headless-service`"), "{first}");
    assert!(me.check() == 1);
    me.answer(&wrong_selector());
    let next = me.hint();
    assert!(
        next.contains("Hint 1/3: Check `service-selects-pods`") && !next.contains("Hint 2/3"),
        "{next}"
    );
    assert!(me.hint().contains("Hint 2/3"));
}

#[test]
fn a_lint_error_gets_hints_about_the_error() {
    let me = Learner::with_workspace();
    // The template's labels do not match the selector: the API server rejects it.
    let broken = SOLUTION.replacen(
        "      labels:\n        app: web\n",
        "      labels:\n        app: db\n",
        1,
    );
    assert_ne!(broken, SOLUTION);
    me.answer(&broken);
    let first = me.hint();
    assert!(first.contains("lint error"), "{first}");
    assert!(first.contains("rule `selector-matches-labels`"), "{first}");
    assert!(first.contains("Hint 1/3: Your web.yaml, line "), "{first}");
    me.hint();
    let third = me.hint();
    assert!(third.contains("how to fix it:"), "the rule's help: {third}");
}

#[test]
fn a_right_answer_gets_the_authored_hints_also_after_a_pass() {
    let me = Learner::with_workspace();
    me.answer(SOLUTION);
    let before = me.hint();
    assert!(before.contains("passes every check"), "{before}");
    assert!(
        before.contains(&format!("Hint 1/3: {}", authored_hints()[0])),
        "{before}"
    );
    assert_eq!(me.check(), 0);
    let after = me.hint();
    assert!(after.contains("passes every check"), "{after}");
    assert!(
        after.contains(&format!("Hint 2/3: {}", authored_hints()[1])),
        "{after}"
    );
    assert!(
        after.contains("sts-tutor solution interview-web"),
        "{after}"
    );
}

#[test]
fn without_an_answer_file_the_hints_are_the_authored_ones() {
    let me = Learner::with_workspace();
    std::fs::remove_file(me.workspace().join("interview-web/web.yaml")).unwrap();
    let out = me.hint();
    assert!(out.contains("No web.yaml found"), "{out}");
    assert!(
        out.contains(&format!("Hint 1/3: {}", authored_hints()[0])),
        "{out}"
    );
}

#[test]
fn in_the_repl_hints_name_commands_as_typed_there() {
    let me = Learner::with_workspace();
    me.answer(&wrong_selector());
    let out = me
        .run_in(&me.workspace())
        .write_stdin("hint interview-web\nhint interview-web\nhint interview-web\nquit\n")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("`service-selects-pods`"), "{out}");
    assert!(out.contains("`lesson headless-service`"), "{out}");
    assert!(out.contains("`check interview-web`"), "{out}");
    assert!(!out.contains("sts-tutor "), "{out}");
}

/// `content check` rejects a check hint that is empty or repeats the check's message.
#[test]
fn content_check_validates_check_hints() {
    let course = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = |rel: &str| {
        let to = course.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(rel), to).unwrap();
    };
    for entry in std::fs::read_dir(root.join("lessons")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        copy(&format!("lessons/{name}"));
    }
    for entry in walk(&root.join("exercises/interview-web")) {
        copy(entry.strip_prefix(root).unwrap().to_str().unwrap());
    }
    let toml = course.path().join("exercises/interview-web/exercise.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let message = "The Service must select the StatefulSet's Pods (`app: web`).";
    let text: String = text
        .lines()
        .map(|line| {
            if line.starts_with("hint = \"A Service finds") {
                format!("hint = {message:?}\n")
            } else if line.starts_with("hint = \"Headless is not") {
                "hint = \" \"\n".to_string()
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    std::fs::write(&toml, text).unwrap();
    let out = Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .args(["content", "check"])
        .arg(course.path())
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("check `headless-service` has an empty hint"),
        "{all}"
    );
    assert!(
        all.contains("check `service-selects-pods`: its hint repeats its message"),
        "{all}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
