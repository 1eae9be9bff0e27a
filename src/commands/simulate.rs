//! `sts-tutor simulate FILE [--script CMDS] [--format text|json]`

use crate::cli::{GlobalArgs, ReportFormat, SimulateArgs};
use crate::manifest::{Loaded, Source, read_bundle};
use crate::sim::{self, render, script};
use crate::tutor::input::{Input, Line};
use crate::tutor::pager;

use super::{CommandError, Outcome, course, print, with_input};

fn show(world: &sim::World, from: usize) -> String {
    let width = crate::ui::width();
    let mut out = render::log(world, from, width);
    out.push('\n');
    let color = crate::review::render::text::use_color(std::io::IsTerminal::is_terminal(
        &std::io::stdout(),
    ));
    out.push_str(&render::timeline(world, pager::width(), color));
    out.push('\n');
    out.push_str(&render::tables(world, width));
    let hints = render::hints(world);
    if !hints.is_empty() {
        out.push('\n');
        out.push_str(&crate::ui::fit(&hints, width));
    }
    out
}

/// The simulator's commands, each description wrapped under itself (after the two spaces
/// that end the command).
fn usage() -> String {
    let width = crate::ui::width();
    let mut out = String::new();
    for line in script::USAGE.lines() {
        match width {
            Some(width) => {
                let hang = line.find("  ").map_or(0, |gap| {
                    gap + line[gap..].len() - line[gap..].trim_start().len()
                });
                out.push_str(&crate::ui::wrap_line(line, width, hang));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

pub fn run(
    global: &GlobalArgs,
    args: &SimulateArgs,
    input: Option<&mut Input>,
) -> Result<Outcome, CommandError> {
    let loaded = Source::read_file(&args.file)
        .map_err(|e| CommandError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let Loaded::Text(source) = loaded else {
        return Err(
            CommandError::new(format!("{} is not a YAML text file", args.file.display()))
                .help(format!("run `{}` on it to see why", super::cmd("lint"))),
        );
    };
    let bundle = read_bundle(source);
    let mut world = sim::from_bundle(&bundle).ok_or_else(|| {
        CommandError::new(format!(
            "{} has no StatefulSet to simulate",
            args.file.display()
        ))
        .help(format!(
            "run `{}` on it: a StatefulSet with errors cannot be read",
            super::cmd("lint")
        ))
    })?;
    if let Some(commands) = &args.script {
        script::apply_script(&mut world, commands).map_err(|e| {
            CommandError::new(e).help(format!("the commands are:\n{}", script::USAGE))
        })?;
        let out = match args.format {
            ReportFormat::Json => {
                serde_json::to_string_pretty(&render::json(&world)).unwrap_or_default() + "\n"
            }
            ReportFormat::Text => show(&world, 0),
        };
        print(&out)?;
        return Ok(Outcome::Clean);
    }
    // Interactive: a `sim>` prompt inside the tutor.
    let course = course(global)?;
    with_input(&course, input, |input| {
        super::print_text(&format!(
            "Simulating StatefulSet {} ({} replicas, {:?}, {:?}). Nothing exists yet.\nCommands (`help` lists them again, `quit` leaves):\n",
            world.spec.name, world.spec.replicas, world.spec.policy, world.spec.strategy,
        ))?;
        print(&usage())?;
        loop {
            let line = match input.line("sim> ") {
                Line::Text(line) => line,
                Line::Interrupted => continue,
                Line::End => break,
            };
            let line = line.trim();
            match line {
                "" => continue,
                "quit" | "exit" | "q" => break,
                "help" => print(&usage())?,
                "show" => print(&show(&world, world.events.len()))?,
                _ => {
                    let from = world.events.len();
                    match script::apply(&mut world, line) {
                        Ok(()) => print(&show(&world, from))?,
                        Err(e) => eprintln!("error: {e}"),
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(Outcome::Clean)
}
