//! REPL flows through a pipe: bare `check` on the task's file, `init` and `cd`, `clear`,
//! suggestions for ids typed in part, `solution --anyway`, stopping an interview, and no
//! message that tells the learner to type a shell command.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const SOLUTION: &str = include_str!("../exercises/interview-web/solution.yaml");

/// The tutor run in `dir` with its own progress store.
fn tutor(dir: &Path, data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data)
        .env("COLUMNS", "200");
    cmd
}

fn repl(dir: &Path, input: &str) -> (String, String) {
    let data = tempfile::tempdir().unwrap();
    let out = tutor(dir, data.path()).write_stdin(input).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn bare_check_grades_the_tasks_file_in_this_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    tutor(dir.path(), data.path())
        .write_stdin("exercise interview-web\ncheck\n")
        .assert()
        .code(0)
        .stderr(contains("there is no web.yaml in this folder"))
        .stderr(contains("`check interview-web FILE`"));
    std::fs::write(dir.path().join("web.yaml"), SOLUTION).unwrap();
    tutor(dir.path(), data.path())
        .write_stdin("exercise interview-web\ncheck\n")
        .assert()
        .code(0)
        .stdout(contains("Edit web.yaml, then run check interview-web."))
        .stdout(
            predicates::str::is_match(
                "Grading web.yaml\n(?s:.*)\ninterview-web: 10/10 points, passed\n",
            )
            .unwrap(),
        );
    // The shell does the same.
    tutor(dir.path(), data.path())
        .args(["check", "interview-web"])
        .assert()
        .code(0)
        .stdout(contains("Grading web.yaml\n"));
}

#[test]
fn init_in_the_repl_moves_into_the_workspace_and_suggests_the_current_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = repl(
        dir.path(),
        "exercise start-ordinal\ninit\ncheck\ncd ..\ncd\n",
    );
    assert!(err.is_empty(), "{err}");
    assert!(
        out.contains("You are now in sts-exercises (`cd ..` goes back)."),
        "{out}"
    );
    assert!(
        out.contains("  exercise start-ordinal     # read the task"),
        "{out}"
    );
    assert!(!out.contains("cd sts-exercises"), "{out}");
    assert!(out.contains("Grading start-ordinal/node.yaml\n"), "{out}");
    assert!(out.contains("\nstart-ordinal: 2/"), "the starter is graded: {out}");
    let back = dir.path().canonicalize().unwrap();
    assert!(
        out.contains(&format!("Now in {}\n", back.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("You are in {}\n", back.display())),
        "{out}"
    );
}

#[test]
fn init_in_the_shell_says_cd_and_the_first_exercise_in_course_order() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    tutor(dir.path(), data.path())
        .arg("init")
        .assert()
        .code(0)
        .stdout(contains("  cd sts-exercises\n"))
        // Lesson 1's first exercise, not the alphabetically first (canary-partition).
        .stdout(contains(
            "  sts-tutor exercise interview-web     # read the task",
        ));
    // Passed exercises are skipped.
    let work = dir.path().join("sts-exercises/interview-web/web.yaml");
    std::fs::write(&work, SOLUTION).unwrap();
    tutor(dir.path(), data.path())
        .args(["check", "interview-web"])
        .arg(&work)
        .assert()
        .code(0);
    tutor(dir.path(), data.path())
        .arg("init")
        .assert()
        .code(0)
        .stdout(contains("sts-tutor exercise interview-web").not())
        .stdout(contains("  sts-tutor exercise deployment-to-statefulset "));
}

#[test]
fn cd_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/web.yaml"), SOLUTION).unwrap();
    let (out, err) = repl(
        dir.path(),
        "clear\ncd sub\ncheck interview-web\ncd nowhere\nhelp\n",
    );
    assert!(out.contains("Now in "), "{out}");
    assert!(out.contains("interview-web: 10/10 points, passed"), "{out}");
    assert!(err.contains("error: cannot change to nowhere"), "{err}");
    assert!(out.contains("  clear "), "help lists clear: {out}");
    assert!(out.contains("  cd [DIR] "), "help lists cd: {out}");
    assert!(!out.contains('\x1b'), "clear prints nothing into a pipe");
}

#[test]
fn ids_typed_in_part_suggest_every_match() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = repl(
        dir.path(),
        "exercise p\nlesson upd\ncheck mysql x.yaml\nexplain podManagementPolicy\nexplain accessModes\nles\n",
    );
    assert!(
        err.contains("did you mean `parallel-management`, `pvc-retention` or `canary-partition`?"),
        "{err}"
    );
    assert!(err.contains("did you mean `updates`?"), "{err}");
    assert!(err.contains("did you mean `tutorial-mysql`?"), "{err}");
    assert!(
        err.contains("did you mean `statefulset.spec.podManagementPolicy`?"),
        "{err}"
    );
    assert!(
        err.contains("`persistentvolumeclaim.spec.accessModes`"),
        "{err}"
    );
    assert!(err.contains("did you mean `lessons` or `lesson`?"), "{err}");
}

#[test]
fn solution_anyway_works_in_the_repl() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = repl(
        dir.path(),
        "solution interview-web\nexercise interview-web\nsolution --anyway\n",
    );
    assert!(err.contains("`solution interview-web --anyway`"), "{err}");
    assert!(
        out.contains("# Reference solution for interview-web"),
        "{out}"
    );
}

#[test]
fn the_repl_never_names_a_shell_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("web.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n",
    )
    .unwrap();
    let script = "help\nlessons\nlesson 1\nexercises\nexercise interview-web\nhint\nhint\nhint\ncheck\ncheck web.yaml\n\
        solution\nexercise nope\nlesson nope\nexplain nope\nlint web.yaml\nsimulate web.yaml\nquiz -n 2\nhint\nskip\nhint\nquit\n\
        interview --minutes 1\nquit\nprogress\ninit\nexercises\ncheck\nwatch interview-web -\ncheck -\n";
    let (out, err) = repl(dir.path(), script);
    let all = format!("{out}{err}");
    let shell: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("sts-tutor ") && !l.starts_with("sts-tutor: learn"))
        .collect();
    assert!(shell.is_empty(), "{shell:#?}");
    assert!(
        out.contains("Workspace ready"),
        "the script ran to the end: {out}"
    );
}

#[test]
fn quit_or_skip_as_the_first_line_of_an_interview_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = repl(dir.path(), "interview --minutes 5\nquit\nlessons\n");
    assert!(
        out.contains("quit to stop the interview; Ctrl-D stops it too"),
        "{out}"
    );
    assert!(out.contains("Interview over: 0 questions"), "{out}");
    assert!(
        out.contains("Read one with: lesson 1"),
        "the REPL goes on: {out}"
    );
    let (out, _) = repl(dir.path(), "interview --minutes 5\nskip\nquit\nlessons\n");
    assert!(out.contains("A strong answer:"), "{out}");
    assert!(out.contains("Key concepts you named (0/"), "{out}");
    assert!(
        out.contains("Interview over: 0 questions"),
        "quit at the rating: {out}"
    );
    assert!(out.contains("Read one with: lesson 1"), "{out}");
}
