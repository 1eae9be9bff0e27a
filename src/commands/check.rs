//! `sts-tutor check EXERCISE [FILE]`

use std::io::IsTerminal;

use crate::cli::{CheckArgs, GlobalArgs, ReportFormat};
use crate::grade::{self, report};
use crate::manifest::{Loaded, Source};

use super::{CommandError, Outcome, answer_file, exercise_only, open_store, print, record};

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    let file = answer_file(args.file.as_deref(), exercise)?;
    let cannot_read = |e: std::io::Error| {
        CommandError::new(format!("cannot read {}: {e}", file.display())).help(format!(
            "write your answer in {} (`{}` writes a starter)",
            exercise.file,
            super::cmd("init")
        ))
    };
    // A folder is one submission made of its YAML files, read as `grade` reads one.
    let mut folder = None;
    let loaded = if file.as_os_str() == "-" {
        Source::read_limited("<stdin>".to_string(), std::io::stdin().lock()).map_err(cannot_read)?
    } else if file.is_dir() {
        let read = grade::class::read_folder(&file).map_err(|e| {
            CommandError::new(format!("cannot grade the folder {e}")).help(format!(
                "put your answer in .yaml files in {} (`{}` writes a starter)",
                file.display(),
                super::cmd("init")
            ))
        })?;
        let loaded = read.loaded;
        folder = Some((read.starts, read.lost, read.skipped));
        loaded
    } else {
        Source::read_file(&file).map_err(cannot_read)?
    };
    let submitted = match &loaded {
        Loaded::Text(source) => source.text.clone().into_bytes(),
        Loaded::Rejected { .. } => Vec::new(),
    };
    // Opening the progress store (a health check of the file, then migrations) overlaps
    // with grading on another core: `check` runs on every save, so its latency matters.
    let report = std::thread::scope(|scope| {
        let store = scope.spawn(|| open_store(global));
        let graded = grade::grade(exercise, loaded).map(|mut report| {
            if let Some((starts, lost, _)) = &folder {
                report::split_files(&mut report, starts);
                if !lost.is_empty() {
                    grade::class::fail_valid(&mut report, lost, exercise.lint_gate);
                }
            }
            report
        });
        let mut store = store.join().unwrap_or(None);
        let report = graded
            .map_err(|e| CommandError::new(format!("exercise `{}` is broken: {e}", exercise.id)))?;
        record(store.as_mut(), &report, &submitted);
        Ok::<_, CommandError>(report)
    })?;
    let mut rendered = match args.format {
        ReportFormat::Json => report::render_json(&report),
        ReportFormat::Text => {
            let color = crate::review::render::text::use_color(std::io::stdout().is_terminal());
            report::render_text(&report, color, crate::ui::width())
        }
    };
    if report.passed && args.format == ReportFormat::Text {
        rendered.push_str(&crate::ui::fit(
            &super::passed_note(exercise),
            crate::ui::width(),
        ));
    }
    if let Some((starts, _, skipped)) = &folder
        && args.format == ReportFormat::Text
    {
        let names: Vec<&str> = starts.iter().map(|(_, name)| name.as_str()).collect();
        let mut head = format!(
            "Grading {} as one submission: {}\n",
            file.display(),
            names.join(", ")
        );
        for skip in skipped {
            head.push_str(&format!("  skipped {} ({})\n", skip.path, skip.why));
        }
        rendered.insert_str(0, &head);
    }
    if args.file.is_none() && folder.is_none() && args.format == ReportFormat::Text {
        // The file was found, not named: say which one was graded.
        rendered.insert_str(0, &format!("Grading {}\n", file.display()));
    }
    print(&rendered)?;
    Ok(if report.passed {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
