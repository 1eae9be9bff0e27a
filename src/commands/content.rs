//! `sts-tutor content check [DIR]`

use crate::cli::{ContentCheckArgs, ContentCommand, GlobalArgs};
use crate::content::Course;
use crate::content::check::check_course;

use super::{CommandError, Outcome, print};

pub fn run(global: &GlobalArgs, command: &ContentCommand) -> Result<Outcome, CommandError> {
    match command {
        ContentCommand::Check(args) => check(global, args),
    }
}

fn check(global: &GlobalArgs, args: &ContentCheckArgs) -> Result<Outcome, CommandError> {
    let dir = args.dir.as_ref().or(global.content.as_ref());
    let loaded = match dir {
        Some(dir) => Course::from_dir(dir).map(std::borrow::Cow::Owned),
        None => Course::embedded().map(std::borrow::Cow::Borrowed),
    };
    let course = match loaded {
        Ok(course) => course,
        Err(errors) => {
            let mut out = String::new();
            for e in &errors {
                out.push_str(&format!("error: {e}\n"));
            }
            out.push_str(&format!(
                "{} problem{} found\n",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ));
            print(&out)?;
            return Ok(Outcome::Problems);
        }
    };
    let (verified, problems) = check_course(&course);
    let mut out = String::new();
    for v in &verified {
        out.push_str(&format!("ok: {} ({} cases graded)\n", v.exercise, v.cases));
    }
    for p in &problems {
        out.push_str(&format!("error: {p}\n"));
    }
    let cases: usize = verified.iter().map(|v| v.cases).sum();
    out.push_str(&format!(
        "{} lessons, {} quiz questions checked\n",
        course.lessons.len(),
        course.questions.len()
    ));
    out.push_str(&format!(
        "{} exercise{} consistent, {} cases graded, {} problem{}\n",
        verified.len(),
        if verified.len() == 1 { "" } else { "s" },
        cases,
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    print(&out)?;
    Ok(if problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
