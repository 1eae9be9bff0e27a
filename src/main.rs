use std::process::ExitCode;

use sts_tutor::cli::{self, Command};
use sts_tutor::commands::{self, Outcome};

/// The engine allocates many small nodes and strings per document; with the system allocator
/// a quarter of linting was malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::parse();
    let result = match &cli.command {
        Some(Command::Lint(args)) => commands::lint::run_for(&cli.global, args),
        Some(Command::Completions(args)) => commands::completions::run(args),
        Some(Command::Check(args)) => commands::check::run(&cli.global, args),
        Some(Command::Exercises(args)) => commands::exercises::run(&cli.global, args),
        Some(Command::Lessons) => commands::lessons::list(&cli.global),
        Some(Command::Lesson(args)) => commands::lessons::show(&cli.global, args),
        Some(Command::Explain(args)) => commands::explain::run(args),
        Some(Command::Init(args)) => commands::init::run(&cli.global, args),
        Some(Command::Exercise(args)) => commands::exercise::run(&cli.global, args),
        Some(Command::Hint(args)) => commands::hint::run(&cli.global, args),
        Some(Command::Solution(args)) => commands::solution::run(&cli.global, args),
        Some(Command::Watch(args)) => commands::watch::run(&cli.global, args),
        Some(Command::Quiz(args)) => commands::drills::quiz(&cli.global, args, None),
        Some(Command::Interview(args)) => commands::drills::interview(&cli.global, args, None),
        Some(Command::Progress(args)) => commands::progress::run(&cli.global, args),
        Some(Command::Simulate(args)) => commands::simulate::run(&cli.global, args, None),
        #[cfg(feature = "cluster")]
        Some(Command::Verify(args)) => commands::verify::run(&cli.global, args),
        Some(Command::Grade(args)) => commands::grade::run(&cli.global, args),
        Some(Command::Content(command)) => commands::content::run(&cli.global, command),
        None => sts_tutor::tutor::repl::run(cli.global.clone()).map(|()| Outcome::Clean),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(err) => {
            sts_tutor::ui::print_error(&err);
            ExitCode::from(2)
        }
    }
}
