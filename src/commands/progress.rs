//! `sts-tutor progress [--export json] [--interview-date DATE]` and `progress reset`

use std::io::{BufRead, IsTerminal, Write};

use chrono::NaiveDate;

use crate::cli::{GlobalArgs, ProgressAction, ProgressArgs};
use crate::progress::INTERVIEW_DATE;
use crate::progress::report;

use super::{CommandError, Outcome, course, now, open_store, print};

pub fn run(global: &GlobalArgs, args: &ProgressArgs) -> Result<Outcome, CommandError> {
    let course = course(global)?;
    let mut store = open_store(global).ok_or_else(|| {
        CommandError::new("the progress store cannot be opened (see the warning above)")
            .help("use --data-dir DIR to keep progress elsewhere")
    })?;
    if let Some(ProgressAction::Reset { yes }) = &args.action {
        if !yes && !confirm_reset()? {
            print("Nothing was deleted.\n")?;
            return Ok(Outcome::Clean);
        }
        store
            .reset()
            .map_err(|e| CommandError::new(e.to_string()))?;
        print("All progress was deleted.\n")?;
        return Ok(Outcome::Clean);
    }
    if let Some(date) = &args.interview_date {
        if date == "none" {
            store
                .set_setting(INTERVIEW_DATE, "")
                .map_err(|e| CommandError::new(e.to_string()))?;
        } else {
            let parsed = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
                CommandError::new(format!("`{date}` is not a date"))
                    .help("write it as YYYY-MM-DD, e.g. 2026-12-15")
            })?;
            store
                .set_setting(INTERVIEW_DATE, &parsed.to_string())
                .map_err(|e| CommandError::new(e.to_string()))?;
            super::print_text(&format!("Interview date set to {parsed}.\n"))?;
        }
    }
    let at = now();
    if args.export.is_some() {
        let json =
            report::export(&store, &course, at).map_err(|e| CommandError::new(e.to_string()))?;
        print(&(serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"))?;
        return Ok(Outcome::Clean);
    }
    let built = report::build(&store, &course, at).map_err(|e| CommandError::new(e.to_string()))?;
    super::print_text(&report::render_text(&built))?;
    Ok(Outcome::Clean)
}

/// Asks on a terminal; refuses without one, since a script must say `--yes`.
fn confirm_reset() -> Result<bool, CommandError> {
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::new(
            "progress reset deletes all your progress and needs a confirmation",
        )
        .help("run it on a terminal, or add --yes"));
    }
    print!(
        "Delete all progress (attempts, hints, lessons read, review cards)? Type `yes` to confirm: "
    );
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CommandError::new(format!("cannot read the answer: {e}")))?;
    Ok(answer.trim() == "yes")
}
