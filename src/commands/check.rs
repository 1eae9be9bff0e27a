//! `sts-tutor check EXERCISE FILE`

use std::io::IsTerminal;

use crate::cli::{CheckArgs, GlobalArgs, ReportFormat};
use crate::grade::{self, report};
use crate::manifest::Source;

use super::{CommandError, Outcome, course, exercise, print};

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let exercise = exercise(&course, &args.exercise)?;
    let loaded = if args.file.as_os_str() == "-" {
        Source::read_limited("<stdin>".to_string(), std::io::stdin().lock())
    } else {
        Source::read_file(&args.file)
    }
    .map_err(|e| {
        CommandError::new(format!("cannot read {}: {e}", args.file.display())).help(format!(
            "write your answer in {} (sts-tutor init writes a starter)",
            exercise.file
        ))
    })?;
    let report = grade::grade(exercise, loaded)
        .map_err(|e| CommandError::new(format!("exercise `{}` is broken: {e}", exercise.id)))?;
    let rendered = match args.format {
        ReportFormat::Json => report::render_json(&report),
        ReportFormat::Text => {
            let color = crate::review::render::text::use_color(std::io::stdout().is_terminal());
            report::render_text(&report, color)
        }
    };
    print(&rendered)?;
    Ok(if report.passed {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
