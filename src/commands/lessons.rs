//! `sts-tutor lessons` and `sts-tutor lesson N|slug`

use std::io::IsTerminal;

use crate::cli::{GlobalArgs, LessonArgs};
use crate::tutor::{markdown, pager};

use super::{CommandError, Outcome, course, print};

pub fn list(global: &GlobalArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let width = course.lessons.iter().map(|l| l.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for lesson in &course.lessons {
        out.push_str(&format!(
            "{:>2}  {:<width$}  {}\n",
            lesson.number, lesson.id, lesson.title
        ));
    }
    if course.lessons.is_empty() {
        out.push_str("This course has no lessons.\n");
    } else {
        out.push_str(&format!(
            "\nRead one with: {} (or its id)\n",
            super::cmd("lesson 1")
        ));
    }
    print(&out)?;
    Ok(Outcome::Clean)
}

pub fn show(global: &GlobalArgs, args: &LessonArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let lesson = course.lesson(&args.lesson).ok_or_else(|| {
        let ids: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
        let hint = super::did_you_mean(&args.lesson, ids.iter().copied());
        CommandError::new(format!("there is no lesson `{}`", args.lesson))
            .help(format!("{hint}`{}` lists them", super::cmd("lessons")))
    })?;
    if let Some(mut store) = super::open_store(global)
        && let Err(e) = store.record_lesson(&lesson.id, super::now())
    {
        eprintln!("warning: could not remember that you read this lesson: {e}");
    }
    let color = crate::review::render::text::use_color(std::io::stdout().is_terminal());
    let text = markdown::render(&lesson.markdown(), pager::width(), color);
    pager::show(&(text + "\n"))
        .map_err(|e| CommandError::new(format!("cannot show the lesson: {e}")))?;
    Ok(Outcome::Clean)
}
