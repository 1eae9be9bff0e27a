//! `sts-tutor watch ID [FILE]`

use std::io::IsTerminal;

use crate::cli::{GlobalArgs, WatchArgs};
use crate::grade::report;

use super::{CommandError, Outcome, answer_file, exercise_only, open_store, record};

pub fn run(global: &GlobalArgs, args: &WatchArgs) -> Result<Outcome, CommandError> {
    let exercise = &*exercise_only(global, &args.exercise)?;
    let file = answer_file(args.file.as_deref(), exercise)?;
    let terminal = std::io::stdout().is_terminal();
    let color = crate::review::render::text::use_color(terminal);
    let mut store = open_store(global);
    let mut passed = false;
    crate::tutor::watch::watch(exercise, &file, &crate::tutor::interrupted, |graded| {
        let mut out = String::new();
        if terminal {
            out.push_str("\x1b[2J\x1b[H");
        }
        match graded {
            Ok((report, bytes)) => {
                record(store.as_mut(), report, bytes);
                out.push_str(&report::render_text(report, color, crate::ui::width()));
                passed = report.passed;
            }
            Err(reason) => out.push_str(&format!("{reason}\n")),
        }
        if passed && args.exit_on_pass {
            out.push_str(&format!(
                "\nPassed. Compare with the reference: {}\n",
                super::cmd(&format!("solution {}", exercise.id))
            ));
        } else {
            out.push_str(&format!(
                "\nWatching {} (save to re-grade, Ctrl-C to stop)\n",
                file.display()
            ));
        }
        crate::ui::print_text(&out).is_ok() && !(passed && args.exit_on_pass)
    })
    .map_err(CommandError::new)?;
    Ok(if passed {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}
