//! `sts-tutor exercise ID`

use crate::cli::{ExerciseArgs, GlobalArgs};

use super::{CommandError, Outcome, answer_file, course, exercise, print};

pub fn run(global: &GlobalArgs, args: &ExerciseArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let exercise = exercise(&course, &args.exercise)?;
    let mut out = format!(
        "{} ({})\n{}\n\n",
        exercise.title,
        exercise.difficulty.as_str(),
        "=".repeat(exercise.title.chars().count().min(80))
    );
    out.push_str(exercise.task.trim_end());
    out.push_str("\n\n");
    match answer_file(None, exercise) {
        Ok(path) => out.push_str(&format!("Edit {}, then run: sts-tutor check {}\n", path.display(), exercise.id)),
        Err(_) => out.push_str(&format!(
            "Write your answer in {} and run: sts-tutor check {} {}\n(or run `sts-tutor init` for a workspace with a starter file)\n",
            exercise.file, exercise.id, exercise.file
        )),
    }
    if !exercise.lessons.is_empty() {
        out.push_str(&format!("Lessons: {}\n", exercise.lessons.join(", ")));
    }
    out.push_str(&format!(
        "Stuck? sts-tutor hint {} ({} hints)\n",
        exercise.id,
        exercise.hints.len()
    ));
    print(&out)?;
    Ok(Outcome::Clean)
}
