//! `sts-tutor lint PATH...`

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::{LintArgs, LintFormat};
use crate::manifest::{Loaded, Source};
use crate::review::registry;
use crate::review::render::{json, sarif, text};
use crate::review::{FileReport, LintReport, Options, review_files_keeping};

use super::{CommandError, Outcome, print};

/// `lint` from the shell: with `--content DIR`, findings name only lessons that course has.
pub fn run_for(global: &crate::cli::GlobalArgs, args: &LintArgs) -> Result<Outcome, CommandError> {
    if global.content.is_some() {
        super::course(global)?;
    }
    lint(args, Exit::Next)
}

/// `lint` in the REPL (the session goes on: everything is freed).
pub fn run(args: &LintArgs) -> Result<Outcome, CommandError> {
    lint(args, Exit::Later)
}

/// Whether the process exits right after the command.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exit {
    Next,
    Later,
}

fn lint(args: &LintArgs, exit: Exit) -> Result<Outcome, CommandError> {
    for rule in &args.ignore {
        if registry::find(rule).is_none() {
            let ids = registry::RULES.iter().map(|r| r.id);
            let mut error =
                CommandError::new(format!("--ignore {rule}: there is no rule `{rule}`"));
            error = match crate::manifest::names::suggest(rule, ids) {
                Some(close) => error.help(format!(
                    "did you mean `{close}`? lint --help lists the rules"
                )),
                None => error.help("lint --help lists the rules"),
            };
            return Err(error);
        }
    }
    let mut files = Vec::new();
    for path in &args.paths {
        for file in expand(path)? {
            files.push(read(&file)?);
        }
    }
    let options = Options {
        ignore: args.ignore.clone(),
    };
    // The files of one run are one set: a Service in one file serves a StatefulSet in another.
    let (reports, read) = review_files_keeping(files, &options);
    let report = LintReport::new(reports);
    let rendered = match args.format {
        LintFormat::Json => json::render(&report),
        LintFormat::Sarif => sarif::render(&report),
        LintFormat::Text => {
            let width = crate::ui::width();
            let color = text::use_color(std::io::stdout().is_terminal());
            let mut out = text::render_fit(&report, color, width);
            if args.show_skipped {
                out.push_str(&crate::ui::fit(&skipped_text(&report.files), width));
            }
            out
        }
    };
    print(&rendered)?;
    let outcome = if report.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Clean
    };
    if exit == Exit::Next {
        // The process ends with this command: the operating system takes the memory back
        // at once, where freeing the parsed files node by node took 6% of a large run.
        std::mem::forget((read, report, rendered));
    }
    Ok(outcome)
}

fn skipped_text(files: &[FileReport]) -> String {
    let mut out = String::new();
    for file in files {
        for skip in &file.skipped {
            out.push_str(&format!(
                "skipped {} for {} in {}: {}\n",
                skip.rule, skip.object, file.file, skip.reason
            ));
        }
    }
    out
}

/// A directory stands for its `*.yaml` and `*.yml` files, in name order.
fn expand(path: &Path) -> Result<Vec<PathBuf>, CommandError> {
    if path.as_os_str() == "-" || !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| CommandError::new(format!("cannot read directory {}: {e}", path.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CommandError::new(format!(
            "{} contains no .yaml or .yml files",
            path.display()
        ))
        .help("name the manifest files, or a directory that holds them"));
    }
    Ok(files)
}

fn read(path: &Path) -> Result<Loaded, CommandError> {
    let loaded = if path.as_os_str() == "-" {
        Source::read_limited("<stdin>".to_string(), std::io::stdin().lock())
            .map_err(|e| CommandError::new(format!("cannot read standard input: {e}")))?
    } else {
        Source::read_file(path).map_err(|e| {
            CommandError::new(format!("cannot read {}: {e}", path.display()))
                .help("check the path; use - to read a manifest from standard input")
        })?
    };
    Ok(loaded)
}
