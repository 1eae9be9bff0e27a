//! The rustlings-style flow: init a workspace, read an exercise, take hints, check, watch,
//! and see the solution after a pass. Progress lives in a temporary data directory.

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use predicates::str::contains;

const SOLUTION: &str = include_str!("../exercises/interview-web/solution.yaml");

struct Learner {
    data: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Learner {
    fn new() -> Learner {
        Learner {
            data: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self) -> Command {
        let mut cmd = Command::cargo_bin("sts-tutor").unwrap();
        cmd.env("NO_COLOR", "1")
            .env("STS_TUTOR_DATA_DIR", self.data.path())
            .current_dir(self.home.path());
        cmd
    }
}

#[test]
fn init_exercise_hint_check_solution() {
    let me = Learner::new();
    me.run()
        .arg("init")
        .assert()
        .code(0)
        .stdout(contains("Workspace ready in sts-exercises"));
    let file = me.home.path().join("sts-exercises/interview-web/web.yaml");
    assert!(file.is_file());
    std::fs::write(&file, "# my own work\n").unwrap();
    me.run()
        .arg("init")
        .assert()
        .code(0)
        .stdout(contains("kept as they were"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# my own work\n",
        "init never overwrites"
    );

    let inside = me.home.path().join("sts-exercises");
    me.run()
        .current_dir(&inside)
        .args(["exercise", "interview-web"])
        .assert()
        .code(0)
        .stdout(contains("headless"))
        .stdout(contains("interview-web/web.yaml"));

    me.run()
        .args(["hint", "interview-web"])
        .assert()
        .code(0)
        .stdout(contains("Hint 1/3"));
    me.run()
        .args(["hint", "interview-web"])
        .assert()
        .code(0)
        .stdout(contains("Hint 2/3"));
    me.run()
        .args(["solution", "interview-web"])
        .assert()
        .code(2)
        .stderr(contains("you have not passed interview-web yet"));

    me.run()
        .current_dir(&inside)
        .args(["check", "interview-web"])
        .assert()
        .code(1);
    std::fs::write(&file, SOLUTION).unwrap();
    me.run()
        .current_dir(&inside)
        .args(["check", "interview-web"])
        .assert()
        .code(0)
        .stdout(contains("sts-tutor solution interview-web"));
    me.run()
        .args(["solution", "interview-web"])
        .assert()
        .code(0)
        .stdout(contains("kind: StatefulSet"));

    let listed = me
        .run()
        .args(["exercises", "--format", "json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let web = listed["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "interview-web")
        .unwrap()
        .clone();
    assert_eq!(web["status"], "passed");
    assert_eq!(web["attempts"], 2);
}

#[test]
fn check_without_a_workspace_says_what_to_do() {
    let me = Learner::new();
    me.run()
        .args(["check", "interview-web"])
        .assert()
        .code(2)
        .stderr(contains("name the file to grade"))
        .stderr(contains("sts-tutor init"));
}

#[test]
fn watch_regrades_on_save_including_rename_saves() {
    let me = Learner::new();
    let file = me.home.path().join("web.yaml");
    std::fs::write(&file, "# start\n").unwrap();
    let mut child = StdCommand::new(cargo_bin("sts-tutor"))
        .args(["watch", "interview-web", "web.yaml", "--exit-on-pass"])
        .current_dir(me.home.path())
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", me.data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read lines on another thread so a silent child cannot hang the test.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let wait_for = |needle: &str| {
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return true,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        false
    };
    if !wait_for("Watching") {
        let _ = child.kill();
        panic!("no first grade");
    }
    // A save by rename, as many editors do: write a new file, move it over the old one.
    std::thread::sleep(Duration::from_millis(300));
    let tmp = me.home.path().join(".web.yaml.swp");
    std::fs::write(&tmp, SOLUTION).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let regraded = wait_for("10/10 points, passed");
    if !regraded {
        let _ = child.kill();
    }
    assert!(regraded, "re-graded after the rename");
    let status = child.wait().unwrap();
    assert!(status.success(), "--exit-on-pass ends with success");
}
