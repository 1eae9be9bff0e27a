//! Hostile and broken input: each case gets a clear error naming the file, the line and
//! what to do, and never a crash (exit 1: the file was read and is not a valid manifest).

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// The binary under a time bound (killed after 20 s) and a memory bound (1 GiB of address
/// space, set with `ulimit -v`): hostile input must be answered within both.
fn tutor() -> Command {
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -v 1048576 && exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("sts-tutor"))
        .timeout(std::time::Duration::from_secs(20));
    command
}

fn lint_bytes(bytes: Vec<u8>) -> assert_cmd::assert::Assert {
    tutor()
        .args(["lint", "-"])
        .env("NO_COLOR", "1")
        .write_stdin(bytes)
        .assert()
}

fn lint_file(name: &str, bytes: &[u8]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    tutor().arg("lint").arg(&path).env("NO_COLOR", "1").assert()
}

#[test]
fn alias_bomb() {
    let mut text = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    lint_bytes(text.into_bytes())
        .code(1)
        .stdout(contains(
            "error[input-limit]: aliases expand to more than 100000 nodes",
        ))
        .stdout(contains("<stdin>:"));
}

#[test]
fn deep_nesting() {
    lint_bytes("[".repeat(100_000).into_bytes())
        .code(1)
        .stdout(contains(
            "error[input-limit]: nesting is deeper than 100 levels",
        ));
    let block: String = (0..100_000)
        .map(|i| format!("{}k:\n", " ".repeat(i % 3000)))
        .collect();
    lint_bytes(block.into_bytes())
        .code(1)
        .stdout(contains("input-limit").or(contains("yaml-syntax")));
}

#[test]
fn huge_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    tutor()
        .arg("lint")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(contains(
            "error[input-limit]: file is 52428800 bytes, over the limit of 8388608 bytes",
        ))
        .stdout(contains("huge.yaml:1:1"));
    let mut big = b"a: ".to_vec();
    big.resize(9 * 1024 * 1024, b'x');
    lint_bytes(big).code(1).stdout(contains("over the limit"));
}

#[test]
fn binary_and_invalid_utf8() {
    lint_file("bin.yaml", b"apiVersion: v1\n\x00\x01\x02\xff")
        .code(1)
        .stdout(contains("error[input-encoding]: file contains NUL bytes"))
        .stdout(contains("bin.yaml:2:1"));
    lint_file(
        "latin1.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n",
    )
    .code(1)
    .stdout(contains("error[input-encoding]: file is not valid UTF-8"))
    .stdout(contains("latin1.yaml:3:21"))
    .stdout(contains("help: re-save the file as UTF-8"));
    lint_file("utf16.yaml", b"\xff\xfea\x00p\x00")
        .code(1)
        .stdout(contains("UTF-16"));
}

#[test]
fn empty_and_non_kubernetes_files() {
    lint_file("empty.yaml", b"").code(1).stdout(contains(
        "error[no-objects]: the file contains no Kubernetes objects",
    ));
    lint_file("comments.yaml", b"# nothing here\n---\n")
        .code(1)
        .stdout(contains("no-objects"));
    lint_file("compose.yaml", b"services:\n  web:\n    image: nginx\n")
        .code(1)
        .stdout(contains(
            "error[object-type]: this document has neither `apiVersion` nor `kind`",
        ))
        .stdout(contains("compose.yaml:1:1"));
    lint_file("list.yaml", b"- a\n- b\n")
        .code(1)
        .stdout(contains("this document is a list, not a Kubernetes object"));
}

#[test]
fn syntax_tabs_and_duplicates() {
    lint_file(
        "tabs.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n",
    )
    .code(1)
    .stdout(contains("error[yaml-syntax]"))
    .stdout(contains("tabs.yaml:4:"))
    .stdout(contains("help: YAML does not allow tabs for indentation"));
    lint_file(
        "dup.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n",
    )
    .code(1)
    .stdout(contains(
        "error[duplicate-key]: duplicate key `name` (first defined on line 4)",
    ))
    .stdout(contains("dup.yaml:5:3"));
    lint_file(
        "broken.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n",
    )
    .code(1)
    .stdout(contains("error[yaml-syntax]: invalid YAML"));
}

#[test]
fn unknown_kinds_and_custom_resources() {
    lint_file("crd.yaml", b"apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: a}\nspec: {}\n")
        .code(0)
        .stdout(contains("info[unchecked-kind]"));
    lint_file(
        "typo.yaml",
        b"apiVersion: apps/v1\nkind: StatefulSett\nmetadata: {name: a}\n",
    )
    .code(1)
    .stdout(contains("did you mean `StatefulSet`?"));
}

#[test]
fn too_many_documents() {
    let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n";
    lint_bytes(doc.repeat(10_000).into_bytes())
        .code(1)
        .stdout(contains(
            "error[input-limit]: more than 5000 documents in one file",
        ))
        .stdout(contains("documents before this point were still checked"));
}

fn grade_dir(dir: &std::path::Path) -> assert_cmd::assert::Assert {
    tutor().args(["grade", "interview-web"]).arg(dir).assert()
}

#[test]
fn a_directory_with_100_000_files_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100_000 {
        std::fs::write(dir.path().join(format!("s{i:06}.yaml")), "").unwrap();
    }
    grade_dir(dir.path())
        .code(2)
        .stderr(contains("more than 20000 submissions (counting stopped at"))
        .stderr(contains("s020000.yaml"))
        .stderr(contains("grade the class in batches"))
        .stderr(contains("is broken").not());
}

#[test]
fn a_submission_directory_with_too_many_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let student = dir.path().join("student-1");
    std::fs::create_dir(&student).unwrap();
    for i in 0..1_001 {
        std::fs::write(student.join(format!("part{i:04}.yaml")), "").unwrap();
    }
    grade_dir(dir.path())
        .code(2)
        .stderr(contains("more than 1000 YAML files under"))
        .stderr(contains("student-1 for one submission"));
}

/// A class folder as it arrives: a file that cannot be opened (a dangling link), a binary
/// file named .yaml, a folder of macOS junk only. Each is graded zero with a reason naming
/// the file, the others are graded, and the exit status says a file could not be opened.
#[test]
fn a_class_with_unopenable_binary_and_junk_only_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let solution = std::fs::read("exercises/interview-web/solution.yaml").unwrap();
    std::fs::write(dir.path().join("alice.yaml"), &solution).unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", dir.path().join("ghost.yaml")).unwrap();
    std::fs::write(
        dir.path().join("blob.yaml"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1],
    )
    .unwrap();
    let mac = dir.path().join("carol/__MACOSX");
    std::fs::create_dir_all(&mac).unwrap();
    std::fs::write(mac.join("._web.yaml"), [0, 5, 22, 7, 0]).unwrap();
    let output = tutor()
        .args(["grade", "interview-web", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("1 submission had a file that could not be opened"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let reason = |name: &str| {
        report["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["submission"].as_str().unwrap().ends_with(name))
            .unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let at = |name: &str| dir.path().join(name).display().to_string();
    assert!(reason("ghost.yaml").starts_with(&format!("{}: cannot read: ", at("ghost.yaml"))));
    assert_eq!(
        reason("blob.yaml"),
        format!(
            "{}:1: file contains NUL bytes: it looks like binary data, not YAML (input-encoding)",
            at("blob.yaml")
        )
    );
    assert_eq!(
        reason("carol"),
        format!("{}: no .yaml or .yml file in this submission", at("carol"))
    );
    assert_eq!(report["summary"]["passed"], 1);
    assert_eq!(report["summary"]["unreadable"], 3);
}
