//! `sts-tutor grade EXERCISE PATH...`

use crate::cli::{ClassFormat, GlobalArgs, GradeArgs};
use crate::grade::class::{collect, grade_class};
use crate::grade::class_render;

use super::{CommandError, Outcome, exercise_only, print};

pub fn run(global: &GlobalArgs, args: &GradeArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    for path in &args.paths {
        if !path.exists() {
            return Err(
                CommandError::new(format!("{} does not exist", path.display()))
                    .help("name submission files or directories"),
            );
        }
    }
    let submissions = collect(&args.paths).map_err(|e| CommandError::new(e.to_string()))?;
    if submissions.is_empty() {
        return Err(CommandError::new(
            "no submissions found: no .yaml or .yml files under the paths given",
        ));
    }
    let report = grade_class(exercise, &submissions)
        .map_err(|e| CommandError::new(format!("exercise `{}` is broken: {e}", exercise.id)))?;
    let out = match args.format {
        ClassFormat::Table => class_render::table(&report),
        ClassFormat::Json => class_render::json(&report),
        ClassFormat::Csv => class_render::csv(&report),
        ClassFormat::Junit => class_render::junit(&report),
    };
    print(&out)?;
    Ok(Outcome::Clean)
}
