//! `content check`: proves a course consistent. Every exercise's solution passes with full
//! score, its starter does not, every pass case passes, every fail case fails on the checks
//! it names, and every lesson link resolves.

use super::lessons::is_lesson;
use super::{ContentError, Course, Exercise, Expectation};
use crate::grade::{self, GradeReport, VALID_CHECK};

/// One verified exercise: how many cases were graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub exercise: String,
    pub cases: usize,
}

/// Checks every lesson and exercise; returns what was verified and every problem found.
pub fn check_course(course: &Course) -> (Vec<Verified>, Vec<ContentError>) {
    let mut verified = Vec::new();
    let mut problems = Vec::new();
    check_lessons(course, &mut problems);
    check_questions(course, &mut problems);
    for exercise in &course.exercises {
        let before = problems.len();
        let cases = check_exercise(course, exercise, &mut problems);
        if problems.len() == before {
            verified.push(Verified {
                exercise: exercise.id.clone(),
                cases,
            });
        }
    }
    (verified, problems)
}

/// A problem when learner-facing `text` names `sts-tutor …` where the REPL cannot show the
/// command as typed at its prompt (in prose rather than inline code or a `$ sts-tutor` line).
fn program_name_problem(what: &str, text: &str) -> Option<String> {
    super::text::program_name_left(text).map(|line| {
        format!(
            "{what} names `sts-tutor` in prose, which the REPL shows as is: write the command as inline code (`sts-tutor lint web.yaml`) or reword (\"{line}\")"
        )
    })
}

/// Lesson ids a course may link to: its own lessons, and the built-in course's.
fn lesson_exists(course: &Course, id: &str) -> bool {
    course.lesson(id).is_some()
        || is_lesson(id)
        || Course::embedded().is_ok_and(|builtin| builtin.lesson(id).is_some())
}

fn check_lessons(course: &Course, problems: &mut Vec<ContentError>) {
    let mut seen = std::collections::HashMap::new();
    for lesson in &course.lessons {
        let mut problem = |message: String| {
            problems.push(ContentError::new(lesson.location.clone(), None, message))
        };
        if let Some(other) = seen.insert(lesson.number, &lesson.id) {
            problem(format!(
                "lesson number {:02} is used twice (also by {other})",
                lesson.number
            ));
        }
        if lesson.objectives.is_empty() {
            problem("the front matter lists no objectives".into());
        }
        for id in &lesson.exercises {
            if course.exercise(id).is_none() {
                problem(format!("links to unknown exercise `{id}`"));
            }
        }
        for topic in &lesson.quiz_topics {
            if !lesson_exists(course, topic) {
                problem(format!("quiz topic `{topic}` is not a lesson id"));
            }
        }
        if let Some(message) = program_name_problem("the lesson", &lesson.markdown()) {
            problem(message);
        }
        if !lesson.body.lines().any(|l| l.trim() == "## Recap") {
            problem("a lesson ends with a `## Recap` section".into());
        }
    }
    for rule in crate::review::registry::RULES {
        if !lesson_exists(course, rule.lesson) {
            problems.push(ContentError::new(
                "src/review/registry.rs",
                None,
                format!(
                    "rule `{}` links to unknown lesson `{}`",
                    rule.id, rule.lesson
                ),
            ));
        }
    }
}

fn check_questions(course: &Course, problems: &mut Vec<ContentError>) {
    use super::quiz::Kind;
    use crate::grade::answer::{Answer, check, concepts_in};
    let mut seen = std::collections::HashSet::new();
    for q in &course.questions {
        let at = course.tree.display(&format!("quizzes/{}.toml", q.topic));
        let mut problem = |message: String| {
            problems.push(ContentError::new(
                at.clone(),
                None,
                format!("question `{}`: {message}", q.id),
            ))
        };
        if !seen.insert(q.id.as_str()) {
            problem("this id is used twice".into());
        }
        if q.explanation.trim().is_empty() || q.prompt.trim().is_empty() {
            problem("needs a prompt and an explanation".into());
        }
        if !lesson_exists(course, &q.lesson) {
            problem(format!("links to unknown lesson `{}`", q.lesson));
        }
        let mut shown = vec![q.prompt.as_str(), q.explanation.as_str()];
        match &q.kind {
            Kind::Single { choices, .. }
            | Kind::Multiple { choices, .. }
            | Kind::Predict { choices, .. } => shown.extend(choices.iter().map(String::as_str)),
            Kind::Open { model_answer, .. } => shown.push(model_answer),
            _ => {}
        }
        if let Some(message) = shown
            .iter()
            .find_map(|text| program_name_problem("the question", text))
        {
            problem(message);
        }
        let distinct = |items: &[String]| {
            let mut sorted: Vec<String> = items
                .iter()
                .map(|i| crate::grade::answer::normalize(i))
                .collect();
            sorted.sort();
            sorted.windows(2).all(|w| w[0] != w[1])
        };
        match &q.kind {
            Kind::Single { choices, .. }
            | Kind::Multiple { choices, .. }
            | Kind::Predict { choices, .. }
                if !distinct(choices) =>
            {
                problem("two choices are the same, so more than one could be right".into());
            }
            Kind::Multiple { choices, answers } if answers.len() == choices.len() => {
                problem("every choice is right: use fewer answers".into())
            }
            Kind::Ordering { order } if !distinct(order) => {
                problem("two items to order are the same".into())
            }
            Kind::Predict {
                manifest,
                choices,
                answer,
                ..
            } if q.simulation.is_some() => {
                let simulation = q.simulation.as_ref().expect("checked by the guard");
                match crate::sim::questions::outcome(manifest, simulation) {
                    Ok(simulated) if simulated == choices[*answer] => {}
                    Ok(simulated) => problem(format!(
                        "the simulator gives `{simulated}` after `{}`, but the answer is `{}`",
                        simulation.script, choices[*answer]
                    )),
                    Err(e) => problem(format!("the simulation failed: {e}")),
                }
            }
            Kind::Predict { manifest, .. } => {
                let bundle = crate::manifest::read_bundle(crate::manifest::Source::new(
                    "manifest",
                    manifest.as_str(),
                ));
                if let Some(p) = bundle
                    .problems
                    .iter()
                    .find(|p| p.rule == "yaml-syntax" || p.rule == "duplicate-key")
                {
                    problem(format!(
                        "its manifest is not valid YAML: line {}: {}",
                        p.span.start.line, p.message
                    ));
                }
            }
            Kind::Manifest { solution: None, .. } => {
                problem("a manifest question needs a `solution` (a right answer)".into())
            }
            Kind::Manifest {
                solution: Some(solution),
                ..
            } => {
                let verdict = check(q, &Answer::Text(solution.clone()));
                if !verdict.correct {
                    problem(format!(
                        "its solution does not pass: {}",
                        verdict.feedback.replace('\n', "; ")
                    ));
                }
            }
            Kind::Open {
                model_answer,
                concepts,
            } => {
                let (_, missed) = concepts_in(model_answer, concepts);
                if !missed.is_empty() {
                    problem(format!(
                        "its model answer does not name its own concepts: {}",
                        missed.join(", ")
                    ));
                }
            }
            _ => {}
        }
    }
}

fn summary(report: &GradeReport) -> String {
    let failed = report.failed_checks();
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::review::Severity::Error)
        .map(|d| format!("{}:{} {} ({})", d.line, d.column, d.message, d.rule))
        .collect();
    let mut text = format!(
        "scored {}/{}; failed checks: {}",
        report.score,
        report.max_score,
        failed.join(", ")
    );
    if !errors.is_empty() {
        text.push_str(&format!("; lint errors: {}", errors.join("; ")));
    }
    text
}

fn check_exercise(course: &Course, exercise: &Exercise, problems: &mut Vec<ContentError>) -> usize {
    let at = |file: &str| format!("{}/{file}", exercise.location);
    let mut problem =
        |file: String, message: String| problems.push(ContentError::new(file, None, message));
    let checks = match grade::plan(exercise) {
        Ok(checks) => checks,
        Err(e) => {
            problem(at("exercise.toml"), e);
            return 0;
        }
    };
    let known_ids: Vec<&str> = checks
        .iter()
        .map(|c| c.id.as_str())
        .chain([VALID_CHECK])
        .collect();
    for lesson in exercise
        .lessons
        .iter()
        .chain(exercise.checks.iter().filter_map(|c| c.lesson.as_ref()))
    {
        if !lesson_exists(course, lesson) {
            problem(
                at("exercise.toml"),
                format!("links to unknown lesson `{lesson}`"),
            );
        }
    }
    for form in grade::expected::form_problems(&exercise.expected) {
        problem(at("expected.yaml"), form);
    }
    if exercise.hints.is_empty() {
        problem(
            at("exercise.toml"),
            "has no hints: give at least one, from the area to the exact fix".into(),
        );
    }
    let shown = [exercise.task.as_str()]
        .into_iter()
        .chain(exercise.hints.iter().map(String::as_str))
        .chain(exercise.checks.iter().map(|c| c.message.as_str()))
        .chain(exercise.checks.iter().filter_map(|c| c.hint.as_deref()));
    if let Some(message) = shown
        .into_iter()
        .find_map(|text| program_name_problem("the exercise", text))
    {
        problem(at("exercise.toml"), message);
    }
    for check in &exercise.checks {
        let Some(hint) = &check.hint else { continue };
        if hint.trim().is_empty() {
            problem(
                at("exercise.toml"),
                format!(
                    "check `{}` has an empty hint: remove it, or name the area the check grades",
                    check.id
                ),
            );
        } else if hint.trim() == check.message.trim() {
            problem(
                at("exercise.toml"),
                format!(
                    "check `{}`: its hint repeats its message (`hint` shows both): say what to look at instead",
                    check.id
                ),
            );
        }
    }
    let mut cases = 0;
    let mut grade_case = |file: String, text: &str| {
        cases += 1;
        grade::grade_text(exercise, &file, text)
    };
    match grade_case(at("solution.yaml"), &exercise.solution) {
        Ok(r) if r.passed && r.score == r.max_score => {}
        Ok(r) => problem(
            at("solution.yaml"),
            format!(
                "the solution must pass with full score, but it {}",
                summary(&r)
            ),
        ),
        Err(e) => problem(at("exercise.toml"), e),
    }
    if let Ok(r) = grade_case(at("starter.yaml"), &exercise.starter)
        && r.passed
    {
        problem(
            at("starter.yaml"),
            "the starter already passes: it should leave the task to the learner".into(),
        );
    }
    if !exercise.tests.iter().any(|t| t.expect == Expectation::Pass)
        || !exercise.tests.iter().any(|t| t.expect != Expectation::Pass)
    {
        problem(
            at("tests"),
            "needs at least one tests/pass-*.yaml and one tests/fail-*.yaml".into(),
        );
    }
    for test in &exercise.tests {
        let file = at(&format!("tests/{}", test.name));
        let Ok(report) = grade_case(file.clone(), &test.text) else {
            continue;
        };
        match &test.expect {
            Expectation::Pass if !report.passed || report.score != report.max_score => {
                problem(
                    file,
                    format!(
                        "a pass case must pass with full score, but it {}",
                        summary(&report)
                    ),
                );
            }
            Expectation::Pass => {}
            Expectation::Fail(_) if report.passed => {
                problem(file, "a fail case must fail, but it passed".into())
            }
            Expectation::Fail(named) => {
                let failed = report.failed_checks();
                for id in named {
                    if !known_ids.contains(&id.as_str()) {
                        problem(
                            file.clone(),
                            format!(
                                "names check `{id}`, which the exercise does not have (checks: {})",
                                known_ids.join(", ")
                            ),
                        );
                    } else if !failed.contains(&id.as_str()) {
                        problem(
                            file.clone(),
                            format!("should fail check `{id}`, but it {}", summary(&report)),
                        );
                    }
                }
            }
        }
    }
    cases
}
