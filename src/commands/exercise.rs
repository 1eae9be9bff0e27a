//! `sts-tutor exercise ID`

use std::io::IsTerminal;

use crate::cli::{ExerciseArgs, GlobalArgs};
use crate::tutor::{markdown, pager};

use super::{CommandError, Outcome, answer_file, course, exercise};

pub fn run(global: &GlobalArgs, args: &ExerciseArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let exercise = exercise(&course, &args.exercise)?;
    let mut md = format!(
        "# {}\n\n*{}* · `{}`\n\n",
        exercise.title,
        exercise.difficulty.as_str(),
        exercise.id
    );
    md.push_str(exercise.task.trim_end());
    md.push_str("\n\n");
    match answer_file(None, exercise) {
        Ok(path) => md.push_str(&format!("Edit `{}`, then run `sts-tutor check {}`.\n\n", path.display(), exercise.id)),
        Err(_) => md.push_str(&format!(
            "Write your answer in `{}` and run `sts-tutor check {} {}` (or `sts-tutor init` for a workspace with a starter file).\n\n",
            exercise.file, exercise.id, exercise.file
        )),
    }
    if !exercise.lessons.is_empty() {
        let lessons: Vec<String> = exercise.lessons.iter().map(|l| format!("`{l}`")).collect();
        md.push_str(&format!("Lessons: {}\n\n", lessons.join(", ")));
    }
    md.push_str(&format!(
        "Stuck? `sts-tutor hint {}` ({} hints, each more precise).\n",
        exercise.id,
        exercise.hints.len()
    ));
    let color = crate::review::render::text::use_color(std::io::stdout().is_terminal());
    let text = markdown::render(&md, pager::width(), color);
    pager::show(&(text + "\n"))
        .map_err(|e| CommandError::new(format!("cannot show the exercise: {e}")))?;
    Ok(Outcome::Clean)
}
