//! `sts-tutor grade EXERCISE PATH...`

use crate::cli::{ClassFormat, GlobalArgs, GradeArgs};
use crate::grade::class::{Options, collect, grade_class, student_ids};
use crate::grade::class_render;
use crate::ui::print_warning;

use super::{CommandError, Outcome, exercise_only, print};

pub fn run(global: &GlobalArgs, args: &GradeArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    let id_regex = match &args.id_regex {
        None => None,
        Some(pattern) => {
            let re = regex::Regex::new(pattern)
                .map_err(|e| CommandError::new(format!("--id-regex is not a valid regex: {e}")))?;
            if re.captures_len() < 2 {
                return Err(CommandError::new(format!(
                    "--id-regex `{pattern}` has no group: say which part is the id"
                ))
                .help("put the id in parentheses, e.g. '_(\\d+)_assignsubmission', or name it (?<id>...)"));
            }
            Some(re)
        }
    };
    let collected = collect(&args.paths).map_err(|e| CommandError::new(e.to_string()))?;
    for missing in &collected.missing {
        print_warning(&format!(
            "{} {}: not graded (the other paths are)",
            missing.path, missing.error
        ));
    }
    if collected.submissions.is_empty() {
        return Err(match collected.missing.first() {
            Some(missing) if collected.missing.len() == args.paths.len() => {
                CommandError::new(format!("{} {}", missing.path, missing.error))
                    .help("name submission files or directories")
            }
            _ => CommandError::new(
                "no submissions found: no .yaml or .yml files under the paths given",
            ),
        });
    }
    if let Some(re) = &id_regex {
        let (_, unmatched) = student_ids(&collected.submissions, Some(re));
        for name in unmatched {
            print_warning(&format!(
                "--id-regex does not match {name}: its id is its name"
            ));
        }
    }
    if let Some(dir) = &args.feedback_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| CommandError::new(format!("cannot create {}: {e}", dir.display())))?;
    }
    let options = Options {
        id_regex,
        feedback_dir: args.feedback_dir.clone(),
        // As `check` says it (tests/grade_class.rs compares the two).
        passed_note: super::passed_note(exercise),
    };
    let report = grade_class(exercise, &collected, &options).map_err(CommandError::new)?;
    match args.format {
        ClassFormat::Table => print(&class_render::table(&report))?,
        ClassFormat::Csv => print(&class_render::csv(&report, args.bom))?,
        ClassFormat::Json => stream(|out| class_render::write_json(&report, out))?,
        ClassFormat::Junit => stream(|out| class_render::write_junit(&report, out))?,
    }

    // CSV and JUnit have no place for notes: say on stderr what the listing left out.
    if report.skipped_total > 0 && matches!(args.format, ClassFormat::Csv | ClassFormat::Junit) {
        print_warning(&format!(
            "{} files and folders skipped (hidden, macOS junk, not YAML); --format table or json lists them",
            report.skipped_total
        ));
    }
    let unread = report.submissions.iter().filter(|r| r.io_error).count();
    if unread > 0 {
        print_warning(&format!(
            "{unread} submission{} had a file that could not be opened (graded without it)",
            if unread == 1 { "" } else { "s" }
        ));
    }
    let below = args.fail_under.map_or(0, |threshold| {
        report
            .submissions
            .iter()
            .filter(|r| threshold.fails(r.score, r.max_score))
            .count()
    });
    if let Some(threshold) = args.fail_under.filter(|_| below > 0) {
        print_warning(&format!(
            "{below} of {} submission{} scored below {threshold} (--fail-under)",
            report.submissions.len(),
            if report.submissions.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    Ok(
        if collected.missing.is_empty() && unread == 0 && below == 0 {
            Outcome::Clean
        } else {
            Outcome::Problems
        },
    )
}

/// Writes a large report to stdout as it is rendered (a closed pipe, as with `| head`, is
/// not an error).
fn stream(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<(), CommandError> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::new(format!("cannot write output: {e}"))),
    }
}
