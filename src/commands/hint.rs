//! `sts-tutor hint ID`: reveals hints one at a time, each more precise, and remembers how
//! many were used (they are recorded with the next attempt).

use crate::cli::{ExerciseArgs, GlobalArgs};

use super::{CommandError, Outcome, exercise_only, now, open_store};

pub fn run(global: &GlobalArgs, args: &ExerciseArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    if exercise.hints.is_empty() {
        super::print_text(&format!("{} has no hints.\n", exercise.id))?;
        return Ok(Outcome::Clean);
    }
    let mut store = open_store(global);
    let revealed = store
        .as_ref()
        .and_then(|s| s.hints_revealed(&exercise.id).ok())
        .unwrap_or(0) as usize;
    let level = (revealed + 1).min(exercise.hints.len());
    if let Some(store) = store.as_mut()
        && let Err(e) = store.record_hint(&exercise.id, level as u32, now())
    {
        eprintln!("warning: the hint was shown but not remembered: {e}");
    }
    let mut out = String::new();
    let width = crate::ui::width();
    for (i, hint) in exercise.hints.iter().take(level).enumerate() {
        let head = format!("Hint {}/{}: ", i + 1, exercise.hints.len());
        // A hint of several lines keeps them; each wraps under the hint's text.
        for (j, line) in hint.trim_end().lines().enumerate() {
            let line = if j == 0 {
                format!("{head}{line}")
            } else {
                format!("{}{line}", " ".repeat(head.len()))
            };
            match width {
                Some(width) => out.push_str(&crate::ui::wrap_line(&line, width, head.len())),
                None => out.push_str(&line),
            }
            out.push('\n');
        }
    }
    if level == exercise.hints.len() {
        out.push_str("That was the last hint.\n");
    } else {
        out.push_str(&format!(
            "Run `{}` again for a more precise one.\n",
            super::cmd(&format!("hint {}", exercise.id))
        ));
    }
    super::print_text(&out)?;
    Ok(Outcome::Clean)
}
