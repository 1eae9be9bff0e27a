//! The dependency direction of the crate: `commands/` (the shell) and the REPL are the two
//! front ends over the library, and nothing below them imports from them. Errors, output and
//! command naming live in `ui`, below both.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn library_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The lines of `text` that are code, not comments.
fn code(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| !l.trim_start().starts_with("//"))
}

#[test]
fn nothing_below_the_front_ends_imports_them() {
    let front_ends = ["main.rs", "cli.rs", "tutor/repl.rs"];
    for (name, text) in library_files() {
        if name.starts_with("commands/") || front_ends.contains(&name.as_str()) {
            continue;
        }
        for line in code(&text) {
            assert!(
                !line.contains("crate::commands") && !line.contains("sts_tutor::commands"),
                "src/{name} imports from commands/: {line}"
            );
            assert!(
                !line.contains("repl::") || name == "tutor/input.rs",
                "src/{name} imports from the REPL: {line}"
            );
        }
    }
}

#[test]
fn progress_does_not_reach_up_into_the_tutor() {
    for (name, text) in library_files() {
        if !name.starts_with("progress/") && !name.starts_with("ui") {
            continue;
        }
        for line in code(&text) {
            assert!(!line.contains("crate::tutor"), "src/{name}: {line}");
        }
    }
}
