//! One file per subcommand: glue between the parsed arguments and the library.

pub mod check;
pub mod completions;
pub mod content;
pub mod drills;
pub mod exercise;
pub mod exercises;
pub mod explain;
pub mod grade;
pub mod hint;
pub mod init;
pub mod lessons;
pub mod lint;
pub mod progress;
pub mod simulate;
pub mod solution;
#[cfg(feature = "cluster")]
pub mod verify;
pub mod watch;

pub use crate::progress::now;
pub use crate::ui::{CommandError, Outcome, cmd, print, print_text};

/// The course directory to use: `--content DIR` (or `STS_TUTOR_CONTENT`), else the one the
/// workspace around the current folder remembers (`init --content DIR`), else none (the
/// built-in course).
pub fn content_dir(global: &crate::cli::GlobalArgs) -> Option<std::path::PathBuf> {
    global.content.clone().or_else(|| {
        let here = std::env::current_dir().ok()?;
        crate::workspace::content_of(&crate::workspace::find(&here)?)
    })
}

fn course_problems(errors: &[crate::content::ContentError]) -> CommandError {
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    CommandError::new(format!("the course has problems:\n  {}", list.join("\n  "))).help(format!(
        "fix them, then run `{}` to confirm",
        cmd("content check")
    ))
}

/// The course to use (see [`content_dir`]). An instructor's course is read leniently: what
/// does not read (a broken question, another exercise) is a warning on stderr, and the
/// rest is used; an exercise that does not read stops the commands that need it
/// ([`exercise`]). A directory that is no course stops every command.
pub fn course(
    global: &crate::cli::GlobalArgs,
) -> Result<std::borrow::Cow<'static, crate::content::Course>, CommandError> {
    course_in(content_dir(global))
}

/// The course in `dir`, else the built-in one (see [`course`]).
fn course_in(
    dir: Option<std::path::PathBuf>,
) -> Result<std::borrow::Cow<'static, crate::content::Course>, CommandError> {
    use std::borrow::Cow;
    match dir {
        Some(dir) => {
            let (course, errors) =
                crate::content::Course::from_dir_lenient(&dir).map_err(|e| course_problems(&e))?;
            if !errors.is_empty() {
                eprintln!(
                    "warning: {} file{} of the course could not be read and {} left out (`{}` lists the problems):",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    if errors.len() == 1 { "is" } else { "are" },
                    cmd(&format!("content check {}", dir.display()))
                );
                for e in &errors {
                    eprintln!("  {e}");
                }
            }
            crate::review::use_course_lessons(
                course.lessons.iter().map(|l| l.id.clone()).collect(),
            );
            Ok(Cow::Owned(course))
        }
        None => crate::content::Course::embedded()
            .map(Cow::Borrowed)
            .map_err(|e| course_problems(&e)),
    }
}

/// Finds an exercise by id, suggesting the closest when the id is unknown. An exercise
/// whose folder is there but does not read gets its own problem, not "there is no exercise".
pub fn exercise<'c>(
    course: &'c crate::content::Course,
    id: &str,
) -> Result<&'c crate::content::Exercise, CommandError> {
    course.exercise(id).ok_or_else(|| {
        let id = crate::content::current_id(id);
        if course.tree.dirs("exercises").iter().any(|d| d == id)
            && let Err(e) = crate::content::Exercise::load(&course.tree, id)
        {
            return course_problems(&[e]);
        }
        no_such_exercise(id, course.exercises.iter().map(|e| e.id.as_str()))
    })
}

/// One exercise, for the commands that need nothing else of the course (`check` runs on
/// every save). From the embedded course only the exercise's own folder is read: loading
/// the whole course (lessons, every question, the simulator-generated ones) was nine tenths
/// of `check`'s run time. An instructor's course is read leniently ([`course`]): only the
/// exercise itself must be sound.
pub fn exercise_only(
    global: &crate::cli::GlobalArgs,
    id: &str,
) -> Result<std::borrow::Cow<'static, crate::content::Exercise>, CommandError> {
    use std::borrow::Cow;
    if let Some(dir) = content_dir(global) {
        let course = course_in(Some(dir))?;
        return exercise(&course, id).map(|e| Cow::Owned(e.clone()));
    }
    let tree = crate::content::files::Tree::Embedded;
    let ids = tree.dirs("exercises");
    let id = crate::content::current_id(id);
    if !ids.iter().any(|known| known == id) {
        return Err(no_such_exercise(id, ids.iter().map(String::as_str)));
    }
    crate::content::Exercise::load(&tree, id)
        .map(Cow::Owned)
        .map_err(|e| course_problems(&[e]))
}

fn no_such_exercise<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> CommandError {
    let ids: Vec<&str> = ids.collect();
    // A former id typed in part (or misspelt) suggests the exercise under its new id.
    let mut close = crate::manifest::names::suggest_all(id, ids.iter().copied());
    let former = crate::content::RENAMED
        .iter()
        .filter(|(_, new)| ids.contains(new));
    for old in crate::manifest::names::suggest_all(id, former.clone().map(|(old, _)| *old)) {
        let new = crate::content::current_id(old);
        if !close.contains(&new) {
            close.push(new);
        }
    }
    let hint = crate::manifest::names::did_you_mean(&close).map_or(String::new(), |d| d + " ");
    CommandError::new(format!("there is no exercise `{id}`"))
        .help(format!("{hint}`{}` lists them", cmd("exercises")))
}

/// "did you mean `a` or `b`? " for an id typed in part or misspelt (empty when nothing is
/// close), to start a help line.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let names = crate::manifest::names::suggest_all(word, candidates);
    crate::manifest::names::did_you_mean(&names).map_or(String::new(), |d| d + " ")
}

/// Opens the progress store. Progress is a convenience: when it cannot be opened the
/// command still runs, and says why nothing will be remembered.
pub fn open_store(global: &crate::cli::GlobalArgs) -> Option<crate::progress::Store> {
    let dir = global
        .data_dir
        .clone()
        .or_else(crate::progress::default_data_dir)?;
    match crate::progress::Store::open(&dir) {
        Ok(store) => {
            if let Some(recovery) = store.recovery() {
                eprintln!("warning: {recovery}");
            }
            Some(store)
        }
        Err(e) => {
            eprintln!("warning: progress will not be saved: {e}");
            None
        }
    }
}

/// The answer file: the one named, else the exercise's file in the workspace around the
/// current folder, else the exercise's file in the current folder (the task says to write
/// it there).
pub fn answer_file(
    given: Option<&std::path::Path>,
    exercise: &crate::content::Exercise,
) -> Result<std::path::PathBuf, CommandError> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    let here = std::env::current_dir()
        .map_err(|e| CommandError::new(format!("cannot read the current folder: {e}")))?;
    if let Some(workspace) = crate::workspace::find(&here) {
        let file = crate::workspace::file_in(&workspace, exercise);
        // Shown in reports: relative to where the learner is, when it is below.
        return Ok(file
            .strip_prefix(&here)
            .map_or_else(|_| file.clone(), std::path::Path::to_path_buf));
    }
    let local = std::path::PathBuf::from(&exercise.file);
    if local.is_file() {
        return Ok(local);
    }
    Err(CommandError::new(format!(
        "there is no {} in this folder to grade, and no workspace around it",
        exercise.file
    ))
    .help(format!(
        "write your answer in {} here, or name the file to grade (`{}`), or run `{}` for a workspace with starter files",
        exercise.file,
        cmd(&format!("check {} FILE", exercise.id)),
        cmd("init")
    )))
}

/// What `check` says after a pass (`grade --feedback-dir` writes the same).
pub fn passed_note(exercise: &crate::content::Exercise) -> String {
    format!(
        "\nWell done. Compare with the reference solution: {}\n",
        cmd(&format!("solution {}", exercise.id))
    )
}

/// Records a graded attempt; a failure to record is reported, never fatal.
///
/// Every attempt is kept (the history), but the exercise's spaced-repetition card is
/// reviewed only while the attempt says something about what the learner knows:
///
/// - until the first pass, every attempt reviews it (failed → Again, passed after a hint →
///   Hard, passed → Good);
/// - once passed, a failing re-check is practice, not forgetting: under `watch` every
///   half-edited save fails, and an experiment after a pass is no lapse. It reviews
///   nothing, so the card is not reset to Again and the exercise is not pulled back as weak
///   (`progress` leaves such attempts out of the checks missed, too);
/// - a passing re-check reviews Good when the card is due: on schedule, that is the recall
///   FSRS asked for; before it is due, repeated passes would only inflate the interval.
pub fn record(
    store: Option<&mut crate::progress::Store>,
    report: &crate::grade::GradeReport,
    bytes: &[u8],
) {
    use crate::progress::Rating;
    let Some(store) = store else { return };
    let hints_used = store.hints_revealed(&report.exercise).unwrap_or(0);
    let attempt = crate::progress::Attempt {
        exercise: report.exercise.clone(),
        at: now(),
        score: report.score,
        max_score: report.max_score,
        passed: report.passed,
        failed_checks: report
            .failed_checks()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        hints_used,
        submission_hash: crate::progress::submission_hash(bytes),
    };
    let card = format!("exercise:{}", report.exercise);
    let passed_before = store.has_passed(&report.exercise).unwrap_or(false);
    let rating = if !passed_before {
        Some(Rating::from_grade(report.passed, hints_used > 0))
    } else if report.passed {
        let due = store
            .card(&card, attempt.at)
            .ok()
            .flatten()
            .is_none_or(|c| c.due <= attempt.at);
        due.then_some(Rating::Good)
    } else {
        None
    };
    let review = rating.map(|rating| crate::progress::CardReview {
        card: &card,
        topic: &report.exercise,
        rating,
        at: attempt.at,
        source: "exercise",
        missed: &attempt.failed_checks,
    });
    if let Err(e) = store.record_attempt_and_review(&attempt, review.as_ref()) {
        eprintln!("warning: this attempt was graded but not saved: {e}");
    }
}

/// Runs `work` with the REPL's input when there is one, else with a new one (a terminal line
/// editor, or stdin lines): commands that ask the learner questions work in both places.
pub fn with_input<T>(
    course: &crate::content::Course,
    input: Option<&mut crate::tutor::input::Input>,
    work: impl FnOnce(&mut crate::tutor::input::Input) -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    match input {
        Some(input) => work(input),
        None => {
            let mut own = crate::tutor::input::Input::new(course).map_err(CommandError::new)?;
            work(&mut own)
        }
    }
}
