//! `sts-tutor init [DIR]`

use crate::cli::{GlobalArgs, InitArgs};
use crate::content::{Course, Exercise};
use crate::workspace::{self, Written};

use super::{CommandError, Outcome, course};

pub fn run(global: &GlobalArgs, args: &InitArgs) -> Result<Outcome, CommandError> {
    run_from(global, args, None)
}

/// `init`, suggesting `current` (the REPL's current exercise) as the one to start with, else
/// the first exercise not passed yet in course order. In the REPL, which cannot be sent
/// `cd` from outside, it moves into the new workspace itself and says so.
pub fn run_from(
    global: &GlobalArgs,
    args: &InitArgs,
    current: Option<&str>,
) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let content = super::content_dir(global);
    let written = workspace::init_for(&args.dir, &course, content.as_deref()).map_err(|e| {
        CommandError::new(format!(
            "cannot write the workspace in {}: {e}",
            args.dir.display()
        ))
    })?;
    let created = written
        .iter()
        .filter(|w| matches!(w, Written::Created(_)))
        .count();
    let kept = written.len() - created;
    let mut out = format!(
        "Workspace ready in {}: {created} starter file{} written",
        args.dir.display(),
        if created == 1 { "" } else { "s" }
    );
    if kept > 0 {
        out.push_str(&format!(
            ", {kept} existing file{} kept as they were",
            if kept == 1 { "" } else { "s" }
        ));
    }
    out.push_str(".\n");
    let moved = crate::ui::frontend() == crate::ui::Frontend::Repl;
    if moved {
        std::env::set_current_dir(&args.dir).map_err(|e| {
            CommandError::new(format!("cannot move into {}: {e}", args.dir.display()))
        })?;
        out.push_str(&format!(
            "You are now in {} (`cd ..` goes back).\n",
            args.dir.display()
        ));
    }
    out.push_str("\nNext:\n");
    if !moved {
        out.push_str(&format!("  cd {}\n", args.dir.display()));
    }
    // The workspace remembers its course; should it not, the next steps name it.
    let remembered = workspace::content_of(&args.dir);
    let flag = match &content {
        Some(dir) if remembered.is_none() => {
            format!(" --content {}", dir.display())
        }
        _ => String::new(),
    };
    if let Some(exercise) = start_with(global, &course, current) {
        out.push_str(&format!(
            "  {}     # read the task\n",
            super::cmd(&format!("exercise {}{flag}", exercise.id))
        ));
        out.push_str(&format!(
            "  {}        # grade on every save\n",
            super::cmd(&format!("watch {}{flag}", exercise.id))
        ));
    }
    if let Some(dir) = remembered {
        out.push_str(&format!(
            "\nThis workspace uses the course in {} (commands run inside it use it without being told).\n",
            dir.display()
        ));
    }
    super::print_text(&out)?;
    Ok(Outcome::Clean)
}

/// The exercise to start with: `current` when it is one, else the first one not passed
/// yet in course order (the exercises of each lesson in lesson order, then the others),
/// else the first.
fn start_with<'c>(
    global: &GlobalArgs,
    course: &'c Course,
    current: Option<&str>,
) -> Option<&'c Exercise> {
    if let Some(exercise) = current.and_then(|id| course.exercise(id)) {
        return Some(exercise);
    }
    let passed: Vec<String> = super::open_store(global)
        .and_then(|s| s.all_statuses().ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.passed)
        .map(|s| s.exercise)
        .collect();
    let in_order = course
        .lessons
        .iter()
        .flat_map(|l| l.exercises.iter().filter_map(|id| course.exercise(id)))
        .chain(&course.exercises);
    in_order
        .clone()
        .find(|e| !passed.contains(&e.id))
        .or_else(|| in_order.clone().next())
}
