//! `sts-tutor init [DIR]`

use crate::cli::{GlobalArgs, InitArgs};
use crate::workspace::{self, Written};

use super::{CommandError, Outcome, course};

pub fn run(global: &GlobalArgs, args: &InitArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let written = workspace::init(&args.dir, &course).map_err(|e| {
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
    out.push_str(".\n\nNext:\n");
    out.push_str(&format!("  cd {}\n", args.dir.display()));
    if let Some(first) = course.exercises.first() {
        out.push_str(&format!(
            "  {}     # read the task\n",
            super::cmd(&format!("exercise {}", first.id))
        ));
        out.push_str(&format!(
            "  {}        # grade on every save\n",
            super::cmd(&format!("watch {}", first.id))
        ));
    }
    super::print_text(&out)?;
    Ok(Outcome::Clean)
}
