//! `sts-tutor exercises`

use serde_json::json;

use crate::cli::{ExercisesArgs, GlobalArgs, ReportFormat};

use super::{CommandError, Outcome, course, print};

pub fn run(global: &GlobalArgs, args: &ExercisesArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let out = match args.format {
        ReportFormat::Json => {
            let list: Vec<_> = course
                .exercises
                .iter()
                .map(|e| json!({"id": e.id, "title": e.title, "difficulty": e.difficulty.as_str(), "status": "not started"}))
                .collect();
            let mut text =
                serde_json::to_string_pretty(&json!({"exercises": list})).unwrap_or_default();
            text.push('\n');
            text
        }
        ReportFormat::Text => {
            let width = course
                .exercises
                .iter()
                .map(|e| e.id.len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for e in &course.exercises {
                text.push_str(&format!(
                    "{:<width$}  {:<12}  {:<12}  {}\n",
                    e.id,
                    e.difficulty.as_str(),
                    "not started",
                    e.title
                ));
            }
            text
        }
    };
    print(&out)?;
    Ok(Outcome::Clean)
}
