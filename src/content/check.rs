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

/// Checks every exercise; returns what was verified and every problem found.
pub fn check_course(course: &Course) -> (Vec<Verified>, Vec<ContentError>) {
    let mut verified = Vec::new();
    let mut problems = Vec::new();
    for exercise in &course.exercises {
        let before = problems.len();
        let cases = check_exercise(exercise, &mut problems);
        if problems.len() == before {
            verified.push(Verified {
                exercise: exercise.id.clone(),
                cases,
            });
        }
    }
    (verified, problems)
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

fn check_exercise(exercise: &Exercise, problems: &mut Vec<ContentError>) -> usize {
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
        if !is_lesson(lesson) {
            problem(
                at("exercise.toml"),
                format!("links to unknown lesson `{lesson}`"),
            );
        }
    }
    if exercise.hints.is_empty() {
        problem(
            at("exercise.toml"),
            "has no hints: give at least one, from the area to the exact fix".into(),
        );
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
