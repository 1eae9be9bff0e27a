//! `sts-tutor content check [DIR]`

use crate::cli::{ContentCheckArgs, ContentCommand, GlobalArgs};
use crate::content::Course;
use crate::content::check::check_course;
use crate::ui::plural;

use super::{CommandError, Outcome, cmd, print};

pub fn run(global: &GlobalArgs, command: &ContentCommand) -> Result<Outcome, CommandError> {
    match command {
        ContentCommand::Check(args) => check(global, args),
    }
}

fn check(global: &GlobalArgs, args: &ContentCheckArgs) -> Result<Outcome, CommandError> {
    let dir = args.dir.clone().or_else(|| super::content_dir(global));
    // Everything that reads is checked; what does not is reported with the rest.
    let (course, mut problems) = match &dir {
        Some(dir) => {
            let (course, errors) = Course::from_dir_lenient(dir).map_err(|errors| {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                CommandError::new(list.join("\n")).help(format!(
                    "name a course directory: `{}`",
                    cmd("content check DIR")
                ))
            })?;
            (std::borrow::Cow::Owned(course), errors)
        }
        None => match Course::embedded() {
            Ok(course) => (std::borrow::Cow::Borrowed(course), Vec::new()),
            Err(errors) => {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return Err(CommandError::new(format!(
                    "the built-in course has problems:\n  {}",
                    list.join("\n  ")
                )));
            }
        },
    };
    let (verified, mut more) = check_course(&course);
    problems.append(&mut more);
    let mut out = String::new();
    for v in &verified {
        out.push_str(&format!("ok: {} ({} cases graded)\n", v.exercise, v.cases));
    }
    for v in &verified {
        for (id, value) in &v.generated {
            out.push_str(&format!(
                "note: {}: {value} is graded by the generated check `{id}` (1 point, a generic message): name it in a check's `paths` to give it points and a message\n",
                v.exercise
            ));
        }
    }
    let builtin = crate::content::check::builtin_links(&course);
    if !builtin.is_empty() {
        out.push_str(&format!(
            "note: this course has no lessons, and links to built-in lesson ids ({}): its students cannot open them with this course; add lessons/NN-ID.md files (then every link must resolve in the course)\n",
            builtin.join(", ")
        ));
    }
    for p in &problems {
        out.push_str(&format!("error: {p}\n"));
    }
    let cases: usize = verified.iter().map(|v| v.cases).sum();
    let checks: usize = course.exercises.iter().map(|e| e.checks.len()).sum();
    let generated: usize = verified.iter().map(|v| v.generated.len()).sum();
    out.push_str(&format!(
        "{}, {} checked, and {} ({} declared, {} generated) in {}\n",
        plural(course.lessons.len(), "lesson", "lessons"),
        plural(course.questions.len(), "quiz question", "quiz questions"),
        plural(course.exercises.len(), "exercise", "exercises"),
        plural(checks, "check", "checks"),
        generated,
        match &dir {
            Some(dir) => dir.display().to_string(),
            None => "the built-in course".to_string(),
        },
    ));
    out.push_str(&format!(
        "{} consistent, {} graded, {}\n",
        plural(verified.len(), "exercise", "exercises"),
        plural(cases, "case", "cases"),
        plural(problems.len(), "problem", "problems"),
    ));
    print(&out)?;
    Ok(if problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
