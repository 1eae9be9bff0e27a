//! `sts-tutor verify FILE --live [--context C] [--namespace N]`

use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::{ReportFormat, VerifyArgs};
use crate::live::{self, LiveError, Options, Step};
use crate::manifest::{Loaded, Source, read_bundle};

use super::{CommandError, Outcome, print};

fn live_error(e: LiveError) -> CommandError {
    let error = CommandError::new(e.message);
    if e.help.is_empty() {
        error
    } else {
        error.help(e.help)
    }
}

pub fn run(global: &crate::cli::GlobalArgs, args: &VerifyArgs) -> Result<Outcome, CommandError> {
    if !args.live {
        return Err(CommandError::new(
            "verify checks a manifest on a real cluster and needs --live",
        )
        .help(format!(
            "offline, use `{}`, `check` or `simulate`",
            super::cmd("lint")
        )));
    }
    let loaded = Source::read_file(&args.file)
        .map_err(|e| CommandError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let Loaded::Text(source) = loaded else {
        return Err(
            CommandError::new(format!("{} is not a YAML text file", args.file.display()))
                .help(format!("run `{}` on it", super::cmd("lint"))),
        );
    };
    let bundle = read_bundle(source);
    if bundle.statefulsets().next().is_none() {
        return Err(CommandError::new(format!(
            "{} has no StatefulSet to verify",
            args.file.display()
        ))
        .help(format!("run `{}` on it", super::cmd("lint"))));
    }
    let namespace = args
        .namespace
        .clone()
        .unwrap_or_else(live::random_namespace);
    let options = Options {
        namespace: Some(namespace.clone()),
        keep: args.keep,
        timeout: Duration::from_secs(args.timeout),
        poll: Duration::from_secs(1),
        checks: None,
    };
    let mut options = options;
    if let Some(id) = &args.exercise {
        let course = crate::content::Course::embedded()
            .map_err(|_| CommandError::new("the built-in course has problems"))?;
        let exercise = super::exercise(course, id)?;
        options.checks = Some(exercise.live.clone().unwrap_or_default());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::new(format!("cannot start the async runtime: {e}")))?;
    let json = args.format == ReportFormat::Json;
    runtime.block_on(async {
        let target = live::cluster::connect(args.context.as_deref()).await.map_err(live_error)?;
        if !json {
            print(&format!("Cluster: {}\nNamespace: {namespace} (created for this run and deleted after it)\n", target.description))?;
        }
        if !args.yes {
            if !std::io::stdin().is_terminal() {
                return Err(CommandError::new("verify --live creates and deletes a namespace on your cluster and needs a confirmation")
                    .help("run it on a terminal, or add --yes"));
            }
            print("Go ahead? [y/N] ")?;
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer).map_err(|e| CommandError::new(e.to_string()))?;
            if !matches!(answer.trim(), "y" | "Y" | "yes") {
                print("Nothing was done.\n")?;
                return Ok(Outcome::Clean);
            }
        }
        let mut show = |step: &Step| {
            if !json {
                let _ = print(&format!("{} {}: {}\n", if step.ok { "ok  " } else { "FAIL" }, step.name, step.detail));
            }
        };
        let cluster = target.description.clone();
        let interrupted = async {
            // If the handler cannot be installed, never count as interrupted.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let report = live::verify_until(target.client, cluster, &bundle, &options, &mut show, interrupted)
            .await
            .map_err(live_error)?;
        if let Some(id) = &args.exercise {
            record_live(global, id, &report, &bundle.source.text);
        }
        if json {
            print(&(serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"))?;
        } else {
            let mut out = String::new();
            for error in &report.server_errors {
                let at = error.line.map_or(String::new(), |l| format!("{}:{l}: ", args.file.display()));
                out.push_str(&format!("{at}{} {}: {}\n", error.object, error.path.as_deref().unwrap_or(""), error.message));
            }
            for diagnosis in &report.diagnoses {
                out.push_str(&format!("diagnosis: {diagnosis}\n"));
            }
            out.push_str(if report.passed { "Verified on the cluster.\n" } else { "Not verified: see the steps above.\n" });
            print(&out)?;
        }
        Ok(if report.passed { Outcome::Clean } else { Outcome::Problems })
    })
}

/// A live verification of an exercise is kept with the offline attempts: each step is a
/// check, and the failed ones are recorded as `live: NAME`.
fn record_live(
    global: &crate::cli::GlobalArgs,
    exercise: &str,
    report: &live::LiveReport,
    text: &str,
) {
    let Some(mut store) = super::open_store(global) else {
        return;
    };
    let passed_steps = report.steps.iter().filter(|s| s.ok).count();
    let attempt = crate::progress::Attempt {
        exercise: exercise.to_string(),
        at: super::now(),
        score: u32::try_from(passed_steps).unwrap_or(0),
        max_score: u32::try_from(report.steps.len()).unwrap_or(0),
        passed: report.passed,
        failed_checks: report
            .steps
            .iter()
            .filter(|s| !s.ok)
            .map(|s| format!("live: {}", s.name))
            .collect(),
        hints_used: store.hints_revealed(exercise).unwrap_or(0),
        submission_hash: crate::progress::submission_hash(text.as_bytes()),
    };
    if let Err(e) = store.record_attempt(&attempt) {
        eprintln!("warning: the live verification was not saved: {e}");
    }
}
