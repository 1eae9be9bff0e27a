//! `sts-tutor exercises`

use serde_json::json;

use crate::cli::{ExercisesArgs, GlobalArgs, ReportFormat};
use crate::progress::ExerciseStatus;

use super::{CommandError, Outcome, course, open_store, print};

/// The learner's status in a few words: "passed", "7/10 after 3 attempts", "not started".
fn describe(status: Option<&ExerciseStatus>) -> String {
    match status {
        Some(s) if s.passed => "passed".to_string(),
        Some(s) if s.attempts > 0 => format!(
            "{}/{} after {} attempt{}",
            s.best_score,
            s.max_score,
            s.attempts,
            if s.attempts == 1 { "" } else { "s" }
        ),
        Some(s) if s.hints_used > 0 => "started".to_string(),
        _ => "not started".to_string(),
    }
}

/// The narrowest title column worth keeping beside the others.
const MIN_TITLE: usize = 24;

pub fn run(global: &GlobalArgs, args: &ExercisesArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let statuses = open_store(global)
        .and_then(|s| s.all_statuses().ok())
        .unwrap_or_default();
    let status_of = |id: &str| statuses.iter().find(|s| s.exercise == id);
    let out = match args.format {
        ReportFormat::Json => {
            let list: Vec<_> = course
                .exercises
                .iter()
                .map(|e| {
                    let s = status_of(&e.id);
                    json!({
                        "id": e.id,
                        "title": e.title,
                        "difficulty": e.difficulty.as_str(),
                        "status": describe(s),
                        "passed": s.is_some_and(|s| s.passed),
                        "attempts": s.map_or(0, |s| s.attempts),
                        "best_score": s.map(|s| s.best_score),
                    })
                })
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
            // Titles wrap within their column, so the ids, difficulties and statuses on
            // the left stay a clean column too.
            let title_column = width + 2 + 12 + 2 + 22 + 2;
            let terminal = crate::ui::width();
            let mut text = String::new();
            for e in &course.exercises {
                let status = describe(status_of(&e.id));
                let line = format!(
                    "{:<width$}  {:<12}  {:<22}  {}",
                    e.id,
                    e.difficulty.as_str(),
                    status,
                    e.title
                );
                match terminal {
                    Some(terminal) if terminal >= title_column + MIN_TITLE => {
                        text.push_str(&crate::ui::wrap_line(&line, terminal, title_column));
                    }
                    // Too narrow for a title column: the title goes below, indented.
                    Some(terminal) => {
                        let head =
                            format!("{:<width$}  {:<12}  {status}", e.id, e.difficulty.as_str());
                        text.push_str(&crate::ui::wrap_line(&head, terminal, width + 16));
                        text.push('\n');
                        let title = format!("    {}", e.title);
                        text.push_str(&crate::ui::wrap_line(&title, terminal, 4));
                    }
                    None => text.push_str(&line),
                }
                text.push('\n');
            }
            text
        }
    };
    print(&out)?;
    Ok(Outcome::Clean)
}
