//! `sts-tutor explain FIELD`

use std::io::IsTerminal;

use crate::cli::ExplainArgs;
use crate::explain::{explain, markdown};
use crate::tutor::{markdown as md, pager};

use super::{CommandError, Outcome};

pub fn run(args: &ExplainArgs) -> Result<Outcome, CommandError> {
    let doc = explain(&args.field).map_err(|e| CommandError::new(e.message).help(e.help))?;
    let color = crate::review::render::text::use_color(std::io::stdout().is_terminal());
    let text = md::render(&markdown(&doc), pager::width(), color);
    pager::show(&(text + "\n"))
        .map_err(|e| CommandError::new(format!("cannot show the explanation: {e}")))?;
    Ok(Outcome::Clean)
}
