//! `sts-tutor lessons` and `sts-tutor lesson N|slug`

use std::io::IsTerminal;

use crate::cli::{GlobalArgs, LessonArgs};
use crate::tutor::{markdown, pager};

use super::{CommandError, Outcome, course};

pub fn list(global: &GlobalArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let width = course.lessons.iter().map(|l| l.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    let terminal = crate::ui::width();
    for lesson in &course.lessons {
        let line = format!(
            "{:>2}  {:<width$}  {}",
            lesson.number, lesson.id, lesson.title
        );
        // A long title wraps under itself, not under the number.
        match terminal {
            Some(terminal) => out.push_str(&crate::ui::wrap_line(&line, terminal, width + 6)),
            None => out.push_str(&line),
        }
        out.push('\n');
    }
    if course.lessons.is_empty() {
        out.push_str("This course has no lessons.\n");
    } else {
        out.push_str(&format!(
            "\nRead one with: {} (or its id)\n",
            super::cmd("lesson 1")
        ));
    }
    super::print_text(&out)?;
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
    // In the REPL, the commands the lesson names are shown as typed at its prompt.
    let shown = crate::content::for_frontend(&lesson.markdown());
    let text = markdown::render(&shown, pager::width(), color);
    pager::show(&(text + "\n"))
        .map_err(|e| CommandError::new(format!("cannot show the lesson: {e}")))?;
    Ok(Outcome::Clean)
}
