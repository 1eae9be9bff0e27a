//! `sts-tutor hint ID`: reveals hints one at a time, each more precise, and remembers how
//! many were used (they are recorded with the next attempt).
//!
//! The hints adapt to the learner's answer: when the exercise's answer file is found, it is
//! graded, and the hints are about the first thing that fails there, in three levels: the
//! check (or lint error) and why it matters, then the exact place, then the expected value
//! (or the lint rule's help). When nothing fails, or there is no answer file yet, the
//! exercise's own hints are shown.

use std::path::Path;

use crate::cli::{ExerciseArgs, GlobalArgs};
use crate::content::Exercise;
use crate::grade::{self, CheckResult, GradeReport, VALID_CHECK};
use crate::manifest::Source;
use crate::review::{Diagnostic, Severity};

use super::{CommandError, Outcome, answer_file, cmd, exercise_only, now, open_store, print_text};

pub fn run(global: &GlobalArgs, args: &ExerciseArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    let answer = graded_answer(exercise);
    let problem = answer
        .as_ref()
        .and_then(|(file, report)| Problem::first(exercise, file, report));
    let mut store = open_store(global);
    let revealed = store
        .as_ref()
        .and_then(|s| s.hints_revealed(&exercise.id).ok())
        .unwrap_or(0) as usize;
    let hints = match &problem {
        Some(problem) => problem.hints(),
        None => exercise.hints.clone(),
    };
    let mut out = match (&answer, &problem) {
        (Some((_, report)), Some(problem)) if report.gated.is_some() => format!(
            "{}Until then it scores 0: {}.\n",
            problem.heading(),
            report.gated.as_deref().unwrap_or_default()
        ),
        (_, Some(problem)) => problem.heading(),
        // Nothing fails: the answer passes.
        (Some((file, _)), None) => {
            format!("Your {file} passes every check. The exercise's hints, for reference:\n")
        }
        (None, None) if !hints.is_empty() => format!(
            "No {} found to look at, so these are the exercise's general hints.\n",
            exercise.file
        ),
        (None, None) => String::new(),
    };
    if hints.is_empty() {
        out.push_str(&format!("{} has no hints.\n", exercise.id));
        print_text(&out)?;
        return Ok(Outcome::Clean);
    }
    // One counter per exercise (the highest level revealed). A hint about a failing check
    // starts at level 1 when that check became the first to fail after the last graded
    // attempt: the levels revealed before then were about something else.
    let (level, counter) = match &problem {
        Some(problem) => {
            let before = store
                .as_ref()
                .map_or(0, |s| revealed_before(s, &exercise.id, problem.check_id()));
            let level = (revealed + 1).saturating_sub(before).clamp(1, hints.len());
            (level, before + level)
        }
        None => {
            let level = (revealed + 1).min(hints.len());
            (level, level)
        }
    };
    if let Some(store) = store.as_mut()
        && let Err(e) = store.record_hint(&exercise.id, counter as u32, now())
    {
        eprintln!("warning: the hint was shown but not remembered: {e}");
    }
    let width = crate::ui::width();
    for (i, hint) in hints.iter().take(level).enumerate() {
        let head = format!("Hint {}/{}: ", i + 1, hints.len());
        // A hint of several lines keeps them; each wraps under the hint's text.
        for (j, line) in hint.trim_end().lines().enumerate() {
            let line = if j == 0 {
                format!("{head}{line}")
            } else {
                format!("{}{line}", " ".repeat(head.len()))
            };
            out.push_str(&crate::ui::fit_line(&line, width, head.len()));
            out.push('\n');
        }
    }
    let again = cmd(&format!("hint {}", exercise.id));
    let check = cmd(&format!("check {}", exercise.id));
    match (&problem, level == hints.len()) {
        (_, false) => out.push_str(&format!("Run `{again}` again for a more precise one.\n")),
        (Some(_), true) => out.push_str(&format!(
            "That is all the grader can tell about it: fix it, then run `{check}`.\n"
        )),
        (None, true) => out.push_str("That was the last hint.\n"),
    }
    if answer.as_ref().is_some_and(|(_, report)| report.passed) {
        out.push_str(&format!(
            "Compare with the reference solution: `{}`\n",
            cmd(&format!("solution {}", exercise.id))
        ));
    }
    print_text(&out)?;
    Ok(Outcome::Clean)
}

/// The learner's answer file, graded: its name as shown in hints and the report. `None` when
/// there is no file to look at (or the exercise cannot be graded).
fn graded_answer(exercise: &Exercise) -> Option<(String, GradeReport)> {
    let path = answer_file(None, exercise).ok()?;
    if !path.is_file() {
        return None;
    }
    let loaded = Source::read_file(&path).ok()?;
    let report = grade::grade(exercise, loaded).ok()?;
    let name = Path::new(&path).file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    Some((name, report))
}

/// How many hints had been revealed when the learner last graded an answer whose first
/// failing check was not `check` (0 if they never did): the hints since then are about it.
fn revealed_before(store: &crate::progress::Store, exercise: &str, check: &str) -> usize {
    let attempts = store.attempts(exercise).unwrap_or_default();
    attempts
        .iter()
        .rev()
        .find(|a| a.failed_checks.first().map(String::as_str) != Some(check))
        .map_or(0, |a| a.hints_used as usize)
}

/// The first thing that fails in the learner's file.
enum Problem<'a> {
    /// The file has lint errors: the API server would reject it.
    Lint {
        file: &'a str,
        error: &'a Diagnostic,
        errors: usize,
    },
    /// A check of the exercise fails.
    Check {
        file: &'a str,
        check: &'a CheckResult,
        /// The check's own hint in exercise.toml, if it has one.
        hint: Option<&'a str>,
        failing: usize,
    },
}

impl<'a> Problem<'a> {
    fn first(exercise: &'a Exercise, file: &'a str, report: &'a GradeReport) -> Option<Self> {
        let failing: Vec<&CheckResult> = report.checks.iter().filter(|c| !c.passed).collect();
        let check = failing.first()?;
        let errors: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if check.id == VALID_CHECK
            && let Some(error) = errors.first()
        {
            return Some(Problem::Lint {
                file,
                error,
                errors: errors.len(),
            });
        }
        let hint = exercise
            .checks
            .iter()
            .find(|c| c.id == check.id)
            .and_then(|c| c.hint.as_deref());
        Some(Problem::Check {
            file,
            check,
            hint,
            failing: failing.len(),
        })
    }

    /// The id of the failing check (`valid` for lint errors), as attempts record it.
    fn check_id(&self) -> &str {
        match self {
            Problem::Lint { .. } => VALID_CHECK,
            Problem::Check { check, .. } => &check.id,
        }
    }

    /// The line that says what the hints are about.
    fn heading(&self) -> String {
        match self {
            Problem::Lint { file, errors, .. } => format!(
                "Your {file} has {errors} lint error{}: the API server would reject it, so no \
                 answer passes until {} fixed. These hints are about the first.\n",
                if *errors == 1 { "" } else { "s" },
                if *errors == 1 { "it is" } else { "they are" },
            ),
            Problem::Check {
                file,
                check,
                failing,
                ..
            } => {
                let others = match failing - 1 {
                    0 => String::new(),
                    1 => " (and 1 other check)".to_string(),
                    n => format!(" (and {n} other checks)"),
                };
                format!(
                    "Your {file} does not pass the check `{}` yet{others}. These hints are about \
                     it.\n",
                    check.id
                )
            }
        }
    }

    /// The hints, from the area to the fix.
    fn hints(&self) -> Vec<String> {
        match self {
            Problem::Lint { file, error, .. } => {
                let mut first = format!(
                    "Your {file}, line {}: {} (rule `{}`).",
                    error.line, error.message, error.rule
                );
                if let Some(lesson) = error.lesson {
                    first.push_str(&format!(" Read: `{}`.", cmd(&format!("lesson {lesson}"))));
                }
                let place = match (&error.path, &error.object) {
                    (Some(path), Some(object)) => format!("`{path}` of {object}"),
                    (Some(path), None) => format!("`{path}`"),
                    (None, Some(object)) => format!("{object} itself"),
                    (None, None) => "the file itself (not a field)".to_string(),
                };
                let mut hints = vec![
                    first,
                    format!(
                        "Your {file}, line {}, column {}: {place}.",
                        error.line, error.column
                    ),
                ];
                if let Some(help) = &error.help {
                    let end = if help.ends_with(['.', '!', '?']) {
                        ""
                    } else {
                        "."
                    };
                    hints.push(format!(
                        "Your {file}, line {}, how to fix it: {help}{end}",
                        error.line
                    ));
                }
                hints
            }
            Problem::Check {
                file, check, hint, ..
            } => {
                let mut first = format!("Check `{}`: {}", check.id, check.message);
                if let Some(hint) = hint {
                    first.push_str(&format!(" {hint}"));
                }
                if let Some(lesson) = &check.lesson {
                    first.push_str(&format!(" Read: `{}`.", cmd(&format!("lesson {lesson}"))));
                }
                let Some(failure) = check.failures.first() else {
                    return vec![first];
                };
                let at = match failure.line {
                    Some(line) => format!("Your {file}, line {line}"),
                    None => format!("Your {file}"),
                };
                let mut place = format!("{at}: `{}` of {}", failure.path, failure.object);
                if let Some(note) = &failure.note {
                    place.push_str(&format!(": {note}"));
                }
                place.push('.');
                match check.failures.len() - 1 {
                    0 => {}
                    1 => place.push_str(" One more place in this check fails too."),
                    n => place.push_str(&format!(" {n} more places in this check fail too.")),
                }
                let found = match (&failure.actual, &failure.default) {
                    (Some(value), _) => grade::yaml_scalar(value),
                    (None, Some(default)) => format!(
                        "not set (the API default is {})",
                        grade::yaml_scalar(default)
                    ),
                    (None, None) => "not set".to_string(),
                };
                let value = format!(
                    "{at}: `{}` expected: {}; found: {found}.",
                    failure.path,
                    grade::yaml_scalar(&failure.expected)
                );
                vec![first, place, value]
            }
        }
    }
}
