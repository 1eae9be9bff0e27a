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
        Ok(path) => md.push_str(&format!("Edit `{}`, then run `{}`.\n\n", path.display(), super::cmd(&format!("check {}", exercise.id)))),
        Err(_) => md.push_str(&format!(
            "Write your answer in `{}` in this folder and run `{}` (or `{}` for a workspace with a starter file).\n\n",
            exercise.file, super::cmd(&format!("check {}", exercise.id)), super::cmd("init")
        )),
    }
    if !exercise.lessons.is_empty() {
        let lessons: Vec<String> = exercise.lessons.iter().map(|l| format!("`{l}`")).collect();
        md.push_str(&format!("Lessons: {}\n\n", lessons.join(", ")));
    }
    md.push_str(&format!(
        "Stuck? `{}` ({} hints, each more precise).\n",
        super::cmd(&format!("hint {}", exercise.id)),
        exercise.hints.len()
    ));
    let color = crate::review::render::text::use_color(std::io::stdout().is_terminal());
    let text = markdown::render(&md, pager::width(), color);
    pager::show(&(text + "\n"))
        .map_err(|e| CommandError::new(format!("cannot show the exercise: {e}")))?;
    Ok(Outcome::Clean)
}
