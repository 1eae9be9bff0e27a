//! `sts-tutor solution ID`: the reference answer, offered once the learner has passed.

use crate::cli::{GlobalArgs, SolutionArgs};

use super::{CommandError, Outcome, exercise_only, open_store, print};

pub fn run(global: &GlobalArgs, args: &SolutionArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    let passed = open_store(global)
        .and_then(|s| s.status(&exercise.id).ok())
        .is_some_and(|s| s.passed);
    if !passed && !args.anyway {
        return Err(CommandError::new(format!(
            "you have not passed {} yet, so the solution stays hidden",
            exercise.id
        ))
        .help(format!(
            "try `{}`; or see it now with `{}`",
            super::cmd(&format!("hint {}", exercise.id)),
            super::cmd(&format!("solution {} --anyway", exercise.id))
        )));
    }
    print(&format!(
        "# Reference solution for {}\n{}",
        exercise.id, exercise.solution
    ))?;
    Ok(Outcome::Clean)
}
