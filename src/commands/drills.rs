//! `sts-tutor quiz` and `sts-tutor interview`

use crate::cli::{GlobalArgs, InterviewArgs, QuizArgs};
use crate::tutor::drill;
use crate::tutor::input::Input;

use super::{CommandError, Outcome, course, open_store, with_input};

/// Runs a quiz, reading answers from `input` (the REPL's) or from a new one.
pub fn quiz(
    global: &GlobalArgs,
    args: &QuizArgs,
    input: Option<&mut Input>,
) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let mut store = open_store(global);
    with_input(&course, input, |input| {
        drill::quiz(
            &course,
            store.as_mut(),
            input,
            args.topic.as_deref(),
            args.count.max(1),
        )
    })?;
    Ok(Outcome::Clean)
}

/// Runs a mock interview, reading answers from `input` (the REPL's) or from a new one.
pub fn interview(
    global: &GlobalArgs,
    args: &InterviewArgs,
    input: Option<&mut Input>,
) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let mut store = open_store(global);
    with_input(&course, input, |input| {
        drill::interview(
            &course,
            store.as_mut(),
            input,
            args.topic.as_deref(),
            args.minutes,
        )
    })?;
    Ok(Outcome::Clean)
}
