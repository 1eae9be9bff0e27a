//! `content check`: proves a course consistent. Every exercise's solution passes with full
//! score, its starter does not, every pass case passes, every fail case fails on the checks
//! it names, and every lesson link resolves.

use super::lessons::is_lesson;
use super::{ContentError, Course, Exercise, Expectation};
use crate::grade::{self, GradeReport, VALID_CHECK};

/// One verified exercise: how many cases were graded, and the checks generated for values
/// no declared check names (`content check` lists them as notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub exercise: String,
    pub cases: usize,
    /// (generated check id, the value's object and path).
    pub generated: Vec<(String, String)>,
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
                generated: generated_checks(exercise),
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

/// Lesson ids a course may link to: its own lessons. A course with lessons of its own is
/// used on its own (`--content DIR`), so a link to a lesson it lacks would tell its students
/// "there is no lesson ...". A course with no lessons at all (exercises or quizzes only) may
/// link the built-in lesson ids; [`builtin_links`] lists those links as notes.
fn lesson_exists(course: &Course, id: &str) -> bool {
    course.lesson(id).is_some()
        || ((is_builtin(course) || course.lessons.is_empty()) && is_lesson(id))
}

/// The links of a course without lessons to built-in lesson ids (notes for the author:
/// its students cannot open those lessons with this course).
pub fn builtin_links(course: &Course) -> Vec<String> {
    if is_builtin(course) || !course.lessons.is_empty() {
        return Vec::new();
    }
    let mut ids: Vec<&str> = course
        .exercises
        .iter()
        .flat_map(|e| {
            e.lessons
                .iter()
                .chain(e.checks.iter().filter_map(|c| c.lesson.as_ref()))
        })
        .chain(course.questions.iter().map(|q| &q.lesson))
        .map(String::as_str)
        .filter(|id| is_lesson(id))
        .collect();
    ids.sort();
    ids.dedup();
    ids.into_iter().map(str::to_string).collect()
}

fn is_builtin(course: &Course) -> bool {
    matches!(course.tree, super::files::Tree::Embedded)
}

/// "unknown lesson `x`" with what to do: the closest lesson id, or the list.
fn unknown_lesson(course: &Course, id: &str) -> String {
    let ids: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
    let hint = crate::manifest::names::suggest(id, ids.iter().copied())
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    if ids.is_empty() {
        format!(
            "links to unknown lesson `{id}`: this course has no lessons (add lessons/NN-{id}.md, or remove the link)"
        )
    } else {
        format!(
            "links to unknown lesson `{id}`: {hint}this course's lessons are {}",
            ids.join(", ")
        )
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// The text of an exercise's exercise.toml (for line numbers), empty when unreadable.
fn toml_text(course: &Course, exercise: &Exercise) -> String {
    course
        .tree
        .read(&format!("exercises/{}/exercise.toml", exercise.id))
        .and_then(Result::ok)
        .unwrap_or_default()
}

/// expected.yaml linted like a manifest, its matcher tags understood: an unknown field, a
/// duplicate key or a YAML error is reported at its line; a type error is reported only
/// where the value is no matcher (`selector: !selects StatefulSet/web` is a string to the
/// linter, and right).
fn lint_expected(course: &Course, exercise: &Exercise) -> Vec<ContentError> {
    let rel = format!("exercises/{}/expected.yaml", exercise.id);
    let Some(Ok(text)) = course.tree.read(&rel) else {
        return Vec::new();
    };
    let bundle =
        crate::manifest::read_bundle(crate::manifest::Source::new("expected.yaml", text.as_str()));
    let report = crate::review::review_bundle(&bundle);
    let lines: Vec<&str> = text.lines().collect();
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::review::Severity::Error)
        .filter(|d| match d.rule {
            "unknown-field" | "yaml-syntax" | "duplicate-key" => true,
            "field-type" => !lines
                .get(d.line.saturating_sub(1))
                .is_some_and(|l| l.contains('!')),
            _ => false,
        })
        .map(|d| {
            let help = d.help.as_deref().map(|h| format!(" ({h})")).unwrap_or_default();
            ContentError::new(
                course.tree.display(&rel),
                Some(d.line),
                format!("{}{help} [{}]: expected.yaml is written as the manifest would be, with matchers where a value is not fixed", d.message, d.rule),
            )
        })
        .collect()
}

/// The line of a report's first lint error, for a problem about the file.
fn first_error_line(report: &GradeReport) -> Option<usize> {
    report
        .diagnostics
        .iter()
        .find(|d| d.severity == crate::review::Severity::Error)
        .map(|d| d.line)
}

/// The checks `grade::plan` generates for values no declared check names.
fn generated_checks(exercise: &Exercise) -> Vec<(String, String)> {
    let Ok(planned) = grade::plan(exercise) else {
        return Vec::new();
    };
    planned
        .iter()
        .filter(|p| !exercise.checks.iter().any(|c| c.id == p.id))
        .map(|p| {
            let value = p
                .values
                .first()
                .map(|(i, path)| format!("{} {path}", exercise.expected[*i].label()))
                .unwrap_or_default();
            (p.id.clone(), value)
        })
        .collect()
}

/// Checks every declared check's object and paths against expected.yaml: an object that is
/// not there, a path that names no graded value (with the closest real one), and a check
/// whose values an earlier check already took (naming that check). Returns whether it
/// found a problem.
fn check_paths(
    exercise: &Exercise,
    toml: &str,
    mut problem: impl FnMut(Option<usize>, String),
) -> bool {
    use grade::expected::object_leaves;
    let mut found = false;
    let labels: Vec<String> = exercise.expected.iter().map(|o| o.label()).collect();
    let covers = |p: &str, text: &str| {
        text == p || text.starts_with(&format!("{p}.")) || text.starts_with(&format!("{p}["))
    };
    for (ci, check) in exercise.checks.iter().enumerate() {
        let line = line_of(toml, &format!("\"{}\"", check.id));
        let objects: Vec<usize> = exercise
            .expected
            .iter()
            .enumerate()
            .filter(|(_, o)| check.object == o.label() || check.object == o.kind)
            .map(|(i, _)| i)
            .collect();
        if objects.is_empty() {
            found = true;
            let hint =
                crate::manifest::names::suggest(&check.object, labels.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
            problem(
                line_of(toml, &format!("\"{}\"", check.object)).or(line),
                format!(
                    "check `{}`: object `{}` is not in expected.yaml: {hint}its objects are {}",
                    check.id,
                    check.object,
                    labels.join(", ")
                ),
            );
            continue;
        }
        let leaves: Vec<(usize, String)> = objects
            .iter()
            .flat_map(|&i| {
                object_leaves(&exercise.expected[i])
                    .into_iter()
                    .map(move |l| (i, l.to_string()))
            })
            .collect();
        let mut mine = Vec::new();
        for path in &check.paths {
            let hits: Vec<&(usize, String)> =
                leaves.iter().filter(|(_, t)| covers(path, t)).collect();
            if hits.is_empty() {
                found = true;
                // Every real path and its prefixes are candidates.
                let mut candidates: Vec<String> = Vec::new();
                for (_, t) in &leaves {
                    let mut prefix = String::new();
                    for part in t.split('.') {
                        if !prefix.is_empty() {
                            prefix.push('.');
                        }
                        prefix.push_str(part);
                        if !candidates.contains(&prefix) {
                            candidates.push(prefix.clone());
                        }
                    }
                }
                let closest =
                    crate::manifest::names::suggest(path, candidates.iter().map(String::as_str))
                        .map(|s| format!("the closest real path is `{s}`"))
                        .unwrap_or_else(|| {
                            let all: Vec<&str> = leaves.iter().map(|(_, t)| t.as_str()).collect();
                            format!("its graded paths are {}", all.join(", "))
                        });
                problem(
                    line_of(toml, &format!("\"{path}\"")).or(line),
                    format!(
                        "check `{}`: path `{path}` grades no value of {} in expected.yaml ({closest}); without this check the value would become a generated check",
                        check.id, check.object
                    ),
                );
            }
            mine.extend(hits);
        }
        if found || mine.is_empty() {
            continue;
        }
        // Values go to the first declared check that names them.
        let owners: Vec<&str> = mine
            .iter()
            .filter_map(|(i, t)| {
                let label = exercise.expected[*i].label();
                let kind = &exercise.expected[*i].kind;
                exercise.checks[..ci]
                    .iter()
                    .find(|c| {
                        (c.object == label || &c.object == kind)
                            && c.paths.iter().any(|p| covers(p, t))
                    })
                    .map(|c| c.id.as_str())
            })
            .collect();
        if owners.len() == mine.len() {
            found = true;
            let mut names: Vec<&str> = owners.clone();
            names.sort();
            names.dedup();
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            problem(
                line,
                format!(
                    "check `{}` grades no value: every value its paths name is already taken by {}, declared before it (a value belongs to the first check that names it): narrow that check's paths or remove this one",
                    check.id,
                    names.join(", ")
                ),
            );
        }
    }
    found
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
        let folders = course.tree.dirs("exercises");
        for id in &lesson.exercises {
            // An exercise whose folder is there but does not load has its own error.
            if course.exercise(id).is_none() && !folders.iter().any(|f| f == id) {
                problem(format!("links to unknown exercise `{id}`"));
            }
        }
        for topic in &lesson.quiz_topics {
            if !lesson_exists(course, topic) {
                problem(format!(
                    "quiz topic `{topic}`: {}",
                    unknown_lesson(course, topic)
                ));
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
        if is_builtin(course) && !lesson_exists(course, rule.lesson) {
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
        let rel = format!("quizzes/{}.toml", q.topic);
        let at = course.tree.display(&rel);
        let line = course
            .tree
            .read(&rel)
            .and_then(Result::ok)
            .and_then(|text| super::quiz::question_line(&text, &q.id));
        let mut problem = |message: String| {
            problems.push(ContentError::new(
                at.clone(),
                line,
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
            problem(unknown_lesson(course, &q.lesson));
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
    let toml = toml_text(course, exercise);
    if let Some(why) = super::id_problem(&exercise.id) {
        problems.push(ContentError::new(
            exercise.location.clone(),
            None,
            format!("exercise id `{}` (the folder name): {why}", exercise.id),
        ));
    }
    for check in &exercise.checks {
        if let Some(why) = super::id_problem(&check.id) {
            problems.push(ContentError::new(
                at("exercise.toml"),
                line_of(&toml, &format!("\"{}\"", check.id)),
                format!("check id `{}`: {why}", check.id),
            ));
        }
    }
    let expected_problems = lint_expected(course, exercise);
    let broken_expected = !expected_problems.is_empty();
    problems.extend(expected_problems);
    if broken_expected {
        return 0;
    }
    if check_paths(exercise, &toml, |line, message| {
        problems.push(ContentError::new(at("exercise.toml"), line, message))
    }) {
        return 0;
    }
    // Problems with a line (at the first lint error of a file) are added at the end.
    let mut located: Vec<ContentError> = Vec::new();
    let cases = check_exercise_cases(course, exercise, problems, &mut located);
    problems.append(&mut located);
    cases
}

fn check_exercise_cases(
    course: &Course,
    exercise: &Exercise,
    problems: &mut Vec<ContentError>,
    located: &mut Vec<ContentError>,
) -> usize {
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
            located.push(ContentError::new(
                at("exercise.toml"),
                line_of(&toml_text(course, exercise), &format!("\"{lesson}\"")),
                unknown_lesson(course, lesson),
            ));
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
        Ok(r) => located.push(ContentError::new(
            at("solution.yaml"),
            first_error_line(&r),
            format!(
                "the solution must pass with full score (solutions lint without errors), but it {}",
                summary(&r)
            ),
        )),
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
                located.push(ContentError::new(
                    file,
                    first_error_line(&report),
                    format!(
                        "a pass case must pass with full score (pass cases lint without errors), but it {}",
                        summary(&report)
                    ),
                ));
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
