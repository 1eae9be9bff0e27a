//! The REPL driven through a pipe, as scripts and tests use it: `printf 'lesson 1\nquit\n' |
//! sts-tutor`.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn repl(input: &str) -> assert_cmd::assert::Assert {
    let data = tempfile::tempdir().unwrap();
    Command::cargo_bin("sts-tutor")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", data.path())
        .env("COLUMNS", "80")
        .write_stdin(input)
        .assert()
}

#[test]
fn start_screen_and_quit() {
    repl("quit\nlessons\n")
        .code(0)
        .stdout(contains("sts-tutor: learn Kubernetes StatefulSets"))
        .stdout(contains("Lessons read: 0 of"))
        .stdout(contains("Type `help` for the commands"))
        .stdout(contains("Read one with").not());
}

#[test]
fn lessons_render_and_navigate() {
    // Right after a lesson `next` offers the short quiz on it (`quit` stops it); the next
    // `next` reads on.
    let out = repl("lesson updates\nnext\nquit\nnext\nprev\nprogress\n")
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let updates = out
        .find("Updating a StatefulSet\n═")
        .expect("lesson 6 rendered with its title");
    let operations = out[updates..]
        .find("Operating StatefulSets")
        .expect("next shows lesson 7");
    assert!(
        out[updates + operations..].contains("Updating a StatefulSet\n═"),
        "prev goes back"
    );
    assert!(out.contains("In this lesson you will:"));
    assert!(out.contains("Recap"));
    assert!(
        out.contains("Lessons read: 2 of"),
        "progress counts the lessons read"
    );
    assert!(!out.contains('\x1b'), "no colour in a pipe");
    // Prose is wrapped to the terminal; code blocks (indented four spaces) are kept whole so
    // commands can be copied.
    let lessons = &out[updates..out.rfind("Lessons read:").unwrap()];
    let prose = lessons.lines().filter(|l| !l.starts_with("    "));
    assert!(
        prose.clone().all(|l| l.chars().count() <= 80),
        "{:?}",
        prose.filter(|l| l.chars().count() > 80).collect::<Vec<_>>()
    );
}

#[test]
fn unknown_commands_suggest_the_closest() {
    repl("lesons\nxyzzy\n")
        .code(0)
        .stderr(contains("error: unknown command `lesons`"))
        .stderr(contains("did you mean `lessons`?"))
        .stderr(contains("unknown command `xyzzy`"));
}

#[test]
fn completion_candidates() {
    repl("complete les\ncomplete exercise interview-\ncomplete explain statefulset.spec.persistentVolumeClaimRetentionPolicy.when\ncomplete lesson upd\n")
        .code(0)
        .stdout(contains("lesson\nlessons\n"))
        .stdout(contains("interview-web\n"))
        .stdout(contains("statefulset.spec.persistentVolumeClaimRetentionPolicy.whenDeleted\nstatefulset.spec.persistentVolumeClaimRetentionPolicy.whenScaled\n"))
        .stdout(contains("updates\n"));
}

#[test]
fn explain_inside_the_repl() {
    repl("explain statefulset.spec.podManagementPolicy\nexplain sts.spec.replica\n")
        .code(0)
        .stdout(contains("statefulset.spec.podManagementPolicy"))
        .stdout(contains("Type: string"))
        .stderr(contains("did you mean `statefulset.spec.replicas`?"));
}

#[test]
fn exercise_flow_inside_the_repl() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web.yaml");
    std::fs::write(
        &file,
        include_str!("../exercises/interview-web/solution.yaml"),
    )
    .unwrap();
    let script = format!(
        "exercise interview-web\nhint\ncheck {}\nsolution\n",
        file.display()
    );
    repl(&script)
        .code(0)
        .stdout(contains("Hint 1/3"))
        .stdout(contains("interview-web: 10/10 points, passed"))
        .stdout(contains("# Reference solution for interview-web"));
}
