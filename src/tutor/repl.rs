//! The REPL: `sts-tutor` with no subcommand. A learner reads lessons, works exercises and
//! looks fields up without leaving it. Each REPL command wraps the CLI command of the same
//! name; later features register theirs in [`COMMANDS`].
//!
//! On a terminal it uses rustyline (completion, history, Ctrl-C cancels, Ctrl-D leaves);
//! otherwise it reads one command per line from stdin, so every flow can be scripted.

use std::borrow::Cow;
use std::path::PathBuf;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::input::{Input, Line};

use crate::cli::{
    CheckArgs, ExerciseArgs, ExercisesArgs, ExplainArgs, GlobalArgs, InitArgs, InterviewArgs,
    LessonArgs, LintArgs, LintFormat, ProgressArgs, QuizArgs, ReportFormat, SolutionArgs,
    WatchArgs,
};
use crate::commands::{self, CommandError, print};
use crate::content::Course;
use crate::manifest::names::suggest_all;
use crate::progress::plan::{self, Learner, Step};

/// What the REPL remembers between commands.
pub struct Session {
    pub global: GlobalArgs,
    course: Course,
    /// Where commands and answers are read from.
    input: Input,
    /// The lesson last shown, for `next` and `prev`.
    lesson: Option<u32>,
    /// The exercise last named, the default for `check`, `hint`, `watch`.
    exercise: Option<String>,
    quit: bool,
}

/// What Tab completes after a command's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complete {
    Nothing,
    Command,
    Lesson,
    Exercise,
    /// An exercise id, then a file name.
    ExerciseThenFile,
    Field,
    File,
}

type Run = fn(&mut Session, &[&str]) -> Result<(), CommandError>;

pub struct ReplCommand {
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub complete: Complete,
    run: Run,
}

macro_rules! command {
    ($name:literal, $usage:literal, $summary:literal, $complete:ident, $run:expr) => {
        ReplCommand {
            name: $name,
            usage: $usage,
            summary: $summary,
            complete: Complete::$complete,
            run: $run,
        }
    };
}

/// Every REPL command, in the order `help` lists them.
pub static COMMANDS: &[ReplCommand] = &[
    command!(
        "help",
        "help [COMMAND]",
        "List the commands, or explain one",
        Command,
        help
    ),
    command!("lessons", "lessons", "List the lessons", Nothing, |s, _| {
        run_cli(commands::lessons::list(&s.global))
    }),
    command!(
        "lesson",
        "lesson N|ID",
        "Read a lesson (by number or id)",
        Lesson,
        lesson
    ),
    command!(
        "next",
        "next",
        "Do the next step of your study plan",
        Nothing,
        |s, _| step(s, 1)
    ),
    command!(
        "prev",
        "prev",
        "Read the previous lesson",
        Nothing,
        |s, _| step(s, -1)
    ),
    command!(
        "exercises",
        "exercises",
        "List the exercises, with your progress",
        Nothing,
        |s, _| {
            run_cli(commands::exercises::run(
                &s.global,
                &ExercisesArgs {
                    format: ReportFormat::Text,
                },
            ))
        }
    ),
    command!(
        "exercise",
        "exercise ID",
        "Show an exercise's task (and make it the current one)",
        Exercise,
        exercise
    ),
    command!(
        "init",
        "init [DIR]",
        "Write the starter files into a workspace folder and move into it",
        File,
        init
    ),
    command!(
        "cd",
        "cd [DIR]",
        "Change the folder the REPL works in (no DIR: show it)",
        File,
        cd
    ),
    command!(
        "check",
        "check [ID] [FILE]",
        "Grade your answer (the current exercise by default)",
        ExerciseThenFile,
        check
    ),
    command!("hint", "hint [ID]", "Reveal the next hint", Exercise, hint),
    command!(
        "watch",
        "watch [ID] [FILE]",
        "Re-grade on every save; Ctrl-C stops",
        ExerciseThenFile,
        watch
    ),
    command!(
        "solution",
        "solution [ID] [--anyway]",
        "Show the reference solution (after a pass)",
        Exercise,
        solution
    ),
    command!(
        "explain",
        "explain FIELD",
        "Explain a field, e.g. explain statefulset.spec.replicas",
        Field,
        explain
    ),
    command!(
        "lint",
        "lint FILE...",
        "Validate and review manifests",
        File,
        lint
    ),
    command!(
        "simulate",
        "simulate FILE [--script CMDS]",
        "Simulate the controller on a manifest",
        File,
        simulate
    ),
    command!(
        "quiz",
        "quiz [--topic T] [-n N]",
        "A quiz: due questions first, then new ones",
        Nothing,
        quiz
    ),
    command!(
        "interview",
        "interview [--minutes M] [--topic T]",
        "A timed mock interview of open questions",
        Nothing,
        interview
    ),
    command!(
        "progress",
        "progress [--interview-date DATE]",
        "Where you are, what is due, what you keep missing",
        Nothing,
        progress
    ),
    command!("clear", "clear", "Clear the screen", Nothing, clear),
    command!(
        "complete",
        "complete TEXT",
        "Show what Tab would offer after TEXT",
        Nothing,
        complete_command
    ),
    command!(
        "quit",
        "quit",
        "Leave (Ctrl-D does too)",
        Nothing,
        |s, _| {
            s.quit = true;
            Ok(())
        }
    ),
];

fn find(name: &str) -> Option<&'static ReplCommand> {
    let name = match name {
        "exit" | "q" => "quit",
        "?" => "help",
        other => other,
    };
    COMMANDS.iter().find(|c| c.name == name)
}

/// Prints a command's outcome; its errors are printed by the REPL loop.
fn run_cli(result: Result<commands::Outcome, CommandError>) -> Result<(), CommandError> {
    result.map(|_| ())
}

fn usage(command: &str) -> CommandError {
    let usage = find(command).map_or(command, |c| c.usage);
    CommandError::new(format!("usage: {usage}"))
}

fn help(_: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    if let Some(name) = args.first() {
        let command = find(name).ok_or_else(|| unknown(name))?;
        return print(&format!("{}\n    {}\n", command.usage, command.summary));
    }
    let width = COMMANDS.iter().map(|c| c.usage.len()).max().unwrap_or(0);
    let mut out = String::from("Commands:\n");
    for command in COMMANDS.iter().filter(|c| c.name != "complete") {
        out.push_str(&format!(
            "  {:<width$}  {}\n",
            command.usage, command.summary
        ));
    }
    out.push_str(
        "\nTab completes commands, lesson and exercise ids, field paths and file names.\n",
    );
    print(&out)
}

fn unknown(name: &str) -> CommandError {
    let names = COMMANDS.iter().map(|c| c.name);
    let error = CommandError::new(format!("unknown command `{name}`"));
    let close = suggest_all(name, names.filter(|n| *n != "complete"));
    match crate::manifest::names::did_you_mean(&close) {
        Some(hint) => error.help(format!("{hint} (`help` lists the commands)")),
        None => error.help("`help` lists the commands"),
    }
}

fn lesson(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let [key] = args else {
        return Err(usage("lesson"));
    };
    commands::lessons::show(
        &session.global,
        &LessonArgs {
            lesson: key.to_string(),
        },
    )?;
    session.lesson = session.course.lesson(key).map(|l| l.number);
    Ok(())
}

/// `prev` (`by < 0`) pages back through the lessons from the one shown last. `next`
/// (`by > 0`) performs the study plan's next step ([`plan::next_step`], the one the banner
/// names): it says in one line what it does and what to type instead, remembers the step
/// (so typing `next` again moves on rather than repeating it), then opens the lesson, runs
/// the quiz with the REPL's input, or shows the exercise.
fn step(session: &mut Session, by: i64) -> Result<(), CommandError> {
    if by > 0 {
        let mut store = commands::open_store(&session.global);
        let learner = Learner::read(store.as_ref(), commands::now());
        let next = plan::next_step(&session.course, &learner);
        crate::ui::print_text(&format!(
            "{}\n",
            plan::announce(&session.course, &learner, &next)
        ))?;
        if let Some(store) = store.as_mut()
            && let Err(e) = plan::remember(store, &learner, &next)
        {
            eprintln!("warning: could not remember this step of the plan: {e}");
        }
        drop(store);
        return match next {
            Step::Lesson { lesson: number, .. } => lesson(session, &[&number.to_string()]),
            Step::Exercise { id, .. } => exercise(session, &[&id]),
            Step::Review {
                interview: true, ..
            } => run_cli(commands::drills::interview(
                &session.global,
                &InterviewArgs {
                    minutes: 20,
                    topic: None,
                },
                Some(&mut session.input),
            )),
            Step::Review { due: count, .. } | Step::Practice { unseen: count } => {
                plan_quiz(session, None, count.min(10))
            }
            Step::LessonQuiz { id, count, .. } => plan_quiz(session, Some(id), count),
            Step::WeakTopic { id, .. } => plan_quiz(session, Some(id), 5),
            Step::Done => Ok(()),
        };
    }
    let numbers: Vec<u32> = session.course.lessons.iter().map(|l| l.number).collect();
    let here = session
        .lesson
        .and_then(|n| numbers.iter().position(|m| *m == n));
    let next = match here {
        None => Some(0),
        Some(i) => usize::try_from(i as i64 + by)
            .ok()
            .filter(|j| *j < numbers.len()),
    };
    match next.and_then(|j| numbers.get(j)) {
        Some(number) => lesson(session, &[&number.to_string()]),
        None => print("This is the first lesson.\n"),
    }
}

/// A quiz the plan chose, through the same runner as `quiz`.
fn plan_quiz(
    session: &mut Session,
    topic: Option<String>,
    count: usize,
) -> Result<(), CommandError> {
    run_cli(commands::drills::quiz(
        &session.global,
        &QuizArgs {
            topic,
            count: count.max(1),
        },
        Some(&mut session.input),
    ))
}

/// The lesson read most recently, where `prev` pages back from after a restart.
/// The exercise named in `args[0]` if it is one, else the current exercise.
fn current_exercise<'a>(
    session: &Session,
    args: &'a [&'a str],
) -> Result<(String, &'a [&'a str]), CommandError> {
    if let Some(first) = args.first()
        && session.course.exercise(first).is_some()
    {
        return Ok((first.to_string(), &args[1..]));
    }
    match &session.exercise {
        Some(id) if args.len() <= 1 => Ok((id.clone(), args)),
        _ => match args.first() {
            Some(first) => Err(commands::exercise(&session.course, first)
                .err()
                .unwrap_or_else(|| usage("exercise"))),
            None => Err(CommandError::new(
                "which exercise? Name one, or pick one with `exercise ID`",
            )
            .help("`exercises` lists them")),
        },
    }
}

fn exercise(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let [id] = args else {
        return Err(usage("exercise"));
    };
    commands::exercise::run(
        &session.global,
        &ExerciseArgs {
            exercise: id.to_string(),
        },
    )?;
    session.exercise = Some(id.to_string());
    Ok(())
}

fn init(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    if args.len() > 1 {
        return Err(usage("init"));
    }
    let dir = PathBuf::from(args.first().copied().unwrap_or("sts-exercises"));
    run_cli(commands::init::run_from(
        &session.global,
        &InitArgs { dir },
        session.exercise.as_deref(),
    ))
}

/// `cd DIR`: the shell's `cd` cannot reach into the REPL, so the REPL has its own (the
/// workspace and relative file names are found from its current folder).
fn cd(_: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let here = |what: &str| {
        std::env::current_dir()
            .map(|dir| format!("{what} {}\n", dir.display()))
            .map_err(|e| CommandError::new(format!("cannot read the current folder: {e}")))
    };
    match args {
        [] => print(&here("You are in")?),
        [dir] => {
            let target = match dir.strip_prefix('~') {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => dirs::home_dir()
                    .map(|home| home.join(rest.trim_start_matches('/')))
                    .unwrap_or_else(|| PathBuf::from(dir)),
                _ => PathBuf::from(dir),
            };
            std::env::set_current_dir(&target).map_err(|e| {
                CommandError::new(format!("cannot change to {}: {e}", target.display()))
            })?;
            print(&here("Now in")?)
        }
        _ => Err(usage("cd")),
    }
}

/// Clears a terminal screen; prints nothing when stdout is a file or a pipe.
fn clear(_: &mut Session, _: &[&str]) -> Result<(), CommandError> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        print("\x1b[H\x1b[2J\x1b[3J")?;
    }
    Ok(())
}

/// `-` names standard input in the shell; in the REPL that is where the commands come
/// from, so reading a manifest from it would swallow the commands typed after it.
fn no_stdin(args: &[&str]) -> Result<(), CommandError> {
    if args.contains(&"-") {
        return Err(CommandError::new(
            "in the REPL, `-` (standard input) is where your commands come from",
        )
        .help("save the manifest in a file and name the file"));
    }
    Ok(())
}

fn check(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    no_stdin(args)?;
    let (id, rest) = current_exercise(session, args)?;
    session.exercise = Some(id.clone());
    let file = rest.first().map(PathBuf::from);
    run_cli(commands::check::run(
        &session.global,
        &CheckArgs {
            exercise: id,
            file,
            format: ReportFormat::Text,
        },
    ))
}

fn hint(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let (id, _) = current_exercise(session, args)?;
    session.exercise = Some(id.clone());
    run_cli(commands::hint::run(
        &session.global,
        &ExerciseArgs { exercise: id },
    ))
}

fn watch(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    no_stdin(args)?;
    let (id, rest) = current_exercise(session, args)?;
    session.exercise = Some(id.clone());
    let file = rest.first().map(PathBuf::from);
    super::clear_interrupt();
    let args = WatchArgs {
        exercise: id,
        file,
        exit_on_pass: true,
    };
    let result = run_cli(commands::watch::run(&session.global, &args));
    if super::interrupted() {
        super::clear_interrupt();
        print("Stopped watching.\n")?;
    }
    result
}

fn solution(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let anyway = args.contains(&"--anyway");
    let rest: Vec<&str> = args.iter().copied().filter(|a| *a != "--anyway").collect();
    if rest.len() > 1 || rest.iter().any(|a| a.starts_with("--")) {
        return Err(usage("solution"));
    }
    let (id, _) = current_exercise(session, &rest)?;
    run_cli(commands::solution::run(
        &session.global,
        &SolutionArgs {
            exercise: id,
            anyway,
        },
    ))
}

fn explain(_: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let [field] = args else {
        return Err(usage("explain"));
    };
    run_cli(commands::explain::run(&ExplainArgs {
        field: field.to_string(),
    }))
}

fn lint(_: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    if args.is_empty() {
        return Err(usage("lint"));
    }
    no_stdin(args)?;
    let paths = args.iter().map(PathBuf::from).collect();
    run_cli(commands::lint::run(&LintArgs {
        paths,
        format: LintFormat::Text,
        show_skipped: false,
        ignore: Vec::new(),
    }))
}

/// Parses REPL arguments with the CLI's own definitions, so both accept the same options.
fn parse<T: clap::Args>(name: &str, args: &[&str]) -> Result<T, CommandError> {
    #[derive(clap::Parser)]
    struct Line<T: clap::Args> {
        #[command(flatten)]
        args: T,
    }
    use clap::Parser;
    let words = std::iter::once(name).chain(args.iter().copied());
    Line::<T>::try_parse_from(words)
        .map(|l| l.args)
        .map_err(|e| {
            let text = e.to_string();
            CommandError::new(
                text.lines()
                    .next()
                    .unwrap_or("bad arguments")
                    .trim_start_matches("error: ")
                    .to_string(),
            )
            .help(format!("usage: {}", find(name).map_or(name, |c| c.usage)))
        })
}

fn simulate(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let args: crate::cli::SimulateArgs = parse("simulate", args)?;
    run_cli(commands::simulate::run(
        &session.global,
        &args,
        Some(&mut session.input),
    ))
}

fn quiz(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let args: QuizArgs = parse("quiz", args)?;
    run_cli(commands::drills::quiz(
        &session.global,
        &args,
        Some(&mut session.input),
    ))
}

fn interview(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let args: InterviewArgs = parse("interview", args)?;
    run_cli(commands::drills::interview(
        &session.global,
        &args,
        Some(&mut session.input),
    ))
}

fn progress(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let args: ProgressArgs = parse("progress", args)?;
    run_cli(commands::progress::run(&session.global, &args))
}

fn complete_command(session: &mut Session, args: &[&str]) -> Result<(), CommandError> {
    let line = args.join(" ");
    let (_, candidates) = candidates(&session.course, &line);
    let mut out = String::new();
    for candidate in candidates {
        out.push_str(&candidate);
        out.push('\n');
    }
    print(&out)
}

/// Where the learner is and what to do next: the study plan's next step, which `next`
/// performs.
fn start_screen(course: &Course, learner: &Learner, welcome: bool) -> String {
    let passed = course
        .exercises
        .iter()
        .filter(|e| learner.passed.contains(&e.id))
        .count();
    let lessons_read = course
        .lessons
        .iter()
        .filter(|l| learner.read.contains_key(&l.id))
        .count();
    let mut out = String::new();
    if welcome {
        out.push_str("sts-tutor: learn Kubernetes StatefulSets\n\n");
    }
    out.push_str(&format!(
        "Lessons read: {lessons_read} of {}",
        course.lessons.len()
    ));
    if let Some(last) = &learner.last_read {
        out.push_str(&format!(" (last: {last})"));
    }
    out.push_str(&format!(
        ".\nExercises passed: {passed} of {}.\n",
        course.exercises.len()
    ));
    let next = plan::next_step(course, learner);
    out.push_str(&next.line());
    if next.command().is_some() {
        out.push_str(&format!(" Type `next` to {}.", next_verb(&next)));
    }
    out.push('\n');
    if welcome {
        out.push_str("Type `help` for the commands, `quit` to leave.\n");
    }
    crate::ui::fit(&out, crate::ui::width())
}

/// What `next` will do, for the banner.
fn next_verb(step: &Step) -> &'static str {
    match step {
        Step::Lesson { .. } => "read it",
        Step::Exercise { .. } => "see it",
        Step::Done => "",
        _ => "start",
    }
}

/// Runs one line; returns false when the REPL should end.
pub fn execute(session: &mut Session, line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((name, args)) = words.split_first() else {
        return true;
    };
    let result = match find(name) {
        Some(command) => (command.run)(session, args),
        None => Err(unknown(name)),
    };
    if let Err(e) = result {
        crate::ui::print_error(&e);
    }
    !session.quit
}

/// What Tab offers for `line` (completing its last word): (start of that word, candidates).
pub fn candidates(course: &Course, line: &str) -> (usize, Vec<String>) {
    let start = line.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let word = &line[start..];
    let before: Vec<&str> = line[..start].split_whitespace().collect();
    let filter = |items: Vec<String>| -> Vec<String> {
        items.into_iter().filter(|i| i.starts_with(word)).collect()
    };
    let kind = match before.first() {
        None => Complete::Command,
        Some(name) => match find(name).map(|c| c.complete) {
            Some(Complete::ExerciseThenFile) if before.len() >= 2 => Complete::File,
            Some(kind) if before.len() == 1 || kind == Complete::File => kind,
            _ => Complete::Nothing,
        },
    };
    let list = match kind {
        Complete::Nothing => Vec::new(),
        Complete::Command => filter(
            COMMANDS
                .iter()
                .filter(|c| c.name != "complete")
                .map(|c| c.name.to_string())
                .collect(),
        ),
        Complete::Lesson => filter(
            course
                .lessons
                .iter()
                .flat_map(|l| [l.number.to_string(), l.id.clone()])
                .collect(),
        ),
        Complete::Exercise | Complete::ExerciseThenFile => {
            filter(course.exercises.iter().map(|e| e.id.clone()).collect())
        }
        Complete::Field => crate::explain::complete(word),
        Complete::File => files(word),
    };
    let mut list = list;
    list.sort();
    list.dedup();
    (start, list)
}

/// File and folder names starting with `word` (folders end with `/`), sorted.
fn files(word: &str) -> Vec<String> {
    let (dir, prefix) = match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let listing = if dir.is_empty() { "." } else { dir };
    let mut names: Vec<String> = std::fs::read_dir(listing)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_string();
                    let slash = if e.path().is_dir() { "/" } else { "" };
                    (name.starts_with(prefix) && !name.starts_with('.'))
                        .then(|| format!("{dir}{name}{slash}"))
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub struct ReplHelper {
    course: Course,
    files: FilenameCompleter,
}

impl ReplHelper {
    pub fn new(course: Course) -> ReplHelper {
        ReplHelper {
            course,
            files: FilenameCompleter::new(),
        }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, list) = candidates(&self.course, &line[..pos]);
        if list.is_empty() && start > 0 {
            // Quoted names and the like: rustyline's own file completer knows more tricks.
            return self.files.complete(line, pos, ctx);
        }
        Ok((
            start,
            list.into_iter()
                .map(|c| Pair {
                    display: c.clone(),
                    replacement: c,
                })
                .collect(),
        ))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for ReplHelper {}
impl Helper for ReplHelper {}

/// Where the history is kept: the data directory when one was chosen, else the user's
/// state directory.
fn history_file(global: &GlobalArgs) -> Option<PathBuf> {
    let chosen = global.data_dir.clone().or_else(|| {
        std::env::var_os(crate::progress::DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let dir = chosen
        .or_else(|| dirs::state_dir().map(|d| d.join("sts-tutor")))
        .or_else(crate::progress::default_data_dir)?;
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history.txt"))
}

/// Runs the REPL until `quit`, Ctrl-D or the end of input.
pub fn run(global: GlobalArgs) -> Result<(), CommandError> {
    crate::ui::set_frontend(crate::ui::Frontend::Repl);
    let course = commands::course(&global)?.into_owned();
    let input = Input::new(&course).map_err(CommandError::new)?;
    // One look at the store for the banner, and so that after a restart `prev` pages back
    // from the lesson read last.
    let learner = Learner::read(commands::open_store(&global).as_ref(), commands::now());
    let lesson = learner
        .last_read
        .as_deref()
        .and_then(|id| course.lesson(id))
        .map(|l| l.number);
    let mut session = Session {
        global,
        course,
        input,
        lesson,
        exercise: None,
        quit: false,
    };
    print(&start_screen(&session.course, &learner, true))?;
    let history = if session.input.is_terminal() {
        history_file(&session.global)
    } else {
        None
    };
    if session.input.is_terminal() {
        super::catch_interrupts();
    }
    if let (Some(path), Some(editor)) = (&history, session.input.editor()) {
        let _ = editor.load_history(path);
    }
    loop {
        match session.input.line("sts> ") {
            Line::Text(line) => {
                if let Some(editor) = session.input.editor()
                    && !line.trim().is_empty()
                {
                    let _ = editor.add_history_entry(line.as_str());
                }
                if !execute(&mut session, &line) {
                    break;
                }
            }
            Line::Interrupted => continue,
            Line::End => break,
        }
    }
    if let (Some(path), Some(editor)) = (&history, session.input.editor())
        && let Err(e) = editor.save_history(path)
    {
        eprintln!(
            "warning: could not save the command history to {}: {e}",
            path.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_candidates() {
        let course = Course::embedded().unwrap();
        assert_eq!(
            candidates(course, "les"),
            (0, vec!["lesson".to_string(), "lessons".to_string()])
        );
        assert_eq!(candidates(course, "check interview-w").1, ["interview-web"]);
        assert!(
            candidates(course, "explain statefulset.spec.rep")
                .1
                .contains(&"statefulset.spec.replicas".to_string())
        );
        assert_eq!(candidates(course, "quit x").1, Vec::<String>::new());
    }

    #[test]
    fn every_command_has_usage_starting_with_its_name() {
        for command in COMMANDS {
            assert!(command.usage.starts_with(command.name), "{}", command.name);
        }
    }
}
