//! What the learner reads: the course never says "seed" (to a learner the material the course
//! grew from is "the original tutorial"), and in the REPL it never tells them to type a shell
//! command (`sts-tutor lint …` is typed `lint …` at the `sts>` prompt).

use assert_cmd::Command;
use sts_tutor::content::quiz::Kind;
use sts_tutor::content::text::for_repl;
use sts_tutor::content::{Course, Lesson};

/// Every learner-facing text of the embedded course, each with where it comes from.
fn learner_texts(course: &Course) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut add = |place: String, text: &str| texts.push((place, text.to_string()));
    for lesson in &course.lessons {
        add(format!("lesson {}", lesson.id), &lesson.markdown());
    }
    for question in &course.questions {
        let q = format!("question {}", question.id);
        add(format!("{q} prompt"), &question.prompt);
        add(format!("{q} explanation"), &question.explanation);
        match &question.kind {
            Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => {
                for choice in choices {
                    add(format!("{q} choice"), choice);
                }
            }
            Kind::TrueFalse { .. } => {}
            Kind::Ordering { order } => {
                for item in order {
                    add(format!("{q} order"), item);
                }
            }
            Kind::Short { accepted } => {
                for answer in accepted {
                    add(format!("{q} accepted answer"), answer);
                }
            }
            Kind::Predict {
                manifest,
                action,
                choices,
                ..
            } => {
                add(format!("{q} manifest"), manifest);
                add(format!("{q} action"), action);
                for choice in choices {
                    add(format!("{q} choice"), choice);
                }
            }
            Kind::Manifest {
                starter, solution, ..
            } => {
                for text in [starter, solution].into_iter().flatten() {
                    add(format!("{q} manifest"), text);
                }
                if let Some(expected) = &question.expected_text {
                    add(format!("{q} expected"), expected);
                }
            }
            Kind::Open {
                model_answer,
                concepts,
            } => {
                add(format!("{q} model answer"), model_answer);
                for concept in concepts {
                    add(format!("{q} concept"), &concept.name);
                }
            }
        }
    }
    for exercise in &course.exercises {
        let e = format!("exercise {}", exercise.id);
        add(format!("{e} title"), &exercise.title);
        add(format!("{e} task"), &exercise.task);
        add(format!("{e} starter.yaml"), &exercise.starter);
        for hint in &exercise.hints {
            add(format!("{e} hint"), hint);
        }
        for check in &exercise.checks {
            add(format!("{e} check {}", check.id), &check.message);
            if let Some(hint) = &check.hint {
                add(format!("{e} check {} hint", check.id), hint);
            }
        }
    }
    for (field, note) in sts_tutor::explain::notes().expect("the explain notes load") {
        let parts = [&note.default, &note.versions, &note.note, &note.example];
        for text in parts.into_iter().flatten().chain(&note.values) {
            add(format!("explain note {field}"), text);
        }
    }
    texts
}

#[test]
fn no_learner_facing_text_says_seed() {
    let course = Course::embedded().expect("the built-in course loads");
    let mut found = Vec::new();
    for (place, text) in learner_texts(course) {
        let text = text.to_lowercase();
        for line in text.lines().filter(|l| l.contains("seed")) {
            found.push(format!("{place}: {}", line.trim()));
        }
    }
    assert!(
        found.is_empty(),
        "learner-facing text says \"seed\" (say \"the original tutorial\"):\n{}",
        found.join("\n")
    );
}

#[test]
fn lesson_one_introduces_the_original_tutorial() {
    let course = Course::embedded().unwrap();
    let lesson: &Lesson = course.lesson("1").unwrap();
    let body = lesson.markdown();
    let intro = body
        .find("grew from a short tutorial")
        .expect("lesson 1 says where the course comes from");
    let first_quote = body.find("original tutorial").unwrap();
    assert!(
        intro < first_quote,
        "the original tutorial is introduced before it is quoted"
    );
}

#[test]
fn course_text_in_the_repl_names_no_shell_command() {
    let course = Course::embedded().unwrap();
    let shell: Vec<String> = learner_texts(course)
        .into_iter()
        .filter(|(place, _)| !place.ends_with("starter.yaml"))
        .filter(|(_, text)| for_repl(text).contains("sts-tutor "))
        .map(|(place, text)| {
            let line = for_repl(&text)
                .lines()
                .find(|l| l.contains("sts-tutor "))
                .unwrap_or_default()
                .to_string();
            format!("{place}: {line}")
        })
        .collect();
    assert!(
        shell.is_empty(),
        "course text that still names `sts-tutor …` in the REPL (write it as inline code or a \
         `$ sts-tutor` line, or reword prose):\n{}",
        shell.join("\n")
    );
}

fn tutor(dir: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("sts-tutor").unwrap();
    command
        .env("NO_COLOR", "1")
        .env("STS_TUTOR_DATA_DIR", dir)
        .env("COLUMNS", "80")
        .current_dir(dir);
    command
}

fn stdout(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// The lessons whose source names `sts-tutor` commands.
fn lessons_naming_commands() -> Vec<u32> {
    let course = Course::embedded().unwrap();
    let numbers: Vec<u32> = course
        .lessons
        .iter()
        .filter(|l| l.body.contains("sts-tutor "))
        .map(|l| l.number)
        .collect();
    assert!(numbers.contains(&9), "{numbers:?}");
    numbers
}

#[test]
fn lessons_in_the_repl_show_commands_as_typed_there() {
    let dir = tempfile::tempdir().unwrap();
    for number in lessons_naming_commands() {
        let out = stdout(
            tutor(dir.path())
                .write_stdin(format!("lesson {number}\nquit\n"))
                .assert()
                .code(0),
        );
        assert!(out.contains("Recap"), "lesson {number} shown:\n{out}");
        let shell: Vec<&str> = out.lines().filter(|l| l.contains("sts-tutor ")).collect();
        assert!(
            shell.is_empty(),
            "lesson {number} in the REPL names shell commands: {shell:?}"
        );
    }
    let out = stdout(
        tutor(dir.path())
            .write_stdin("lesson 9\nquit\n")
            .assert()
            .code(0),
    );
    assert!(out.contains("sts> lint old.yaml"), "{out}");
}

#[test]
fn lessons_in_the_shell_keep_the_program_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(tutor(dir.path()).args(["lesson", "9"]).assert().code(0));
    assert!(out.contains("$ sts-tutor lint old.yaml"), "{out}");
    assert!(out.contains("sts-tutor exercise ID"), "{out}");
}

/// An instructor's course is held to the same rule: `content check` reports a lesson that
/// names `sts-tutor` in prose.
#[test]
fn content_check_reports_the_program_name_in_prose() {
    let course = tempfile::tempdir().unwrap();
    std::fs::create_dir(course.path().join("lessons")).unwrap();
    let lesson = "---\ntitle: Intro\nobjectives: [Lint a file]\n---\n# Intro\n\n\
                  Run `sts-tutor lint web.yaml`, then run sts-tutor lint again.\n\n## Recap\n\n- Lint.\n";
    std::fs::write(course.path().join("lessons/01-intro.md"), lesson).unwrap();
    let out = tutor(course.path())
        .args(["content", "check", "."])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("names `sts-tutor` in prose"), "{all}");
    assert!(all.contains("then run sts-tutor lint again"), "{all}");
    let fixed = lesson.replace("run sts-tutor lint again", "run `sts-tutor lint` again");
    std::fs::write(course.path().join("lessons/01-intro.md"), fixed).unwrap();
    tutor(course.path())
        .args(["content", "check", "."])
        .assert()
        .code(0);
}

/// Ids are shown too (`exercises`, a quiz's "Missed:" line, `progress`), so none says "seed"
/// either; the ids that did were renamed, and stored progress moves with them.
#[test]
fn no_id_says_seed() {
    let course = Course::embedded().expect("the built-in course loads");
    let ids = course
        .exercises
        .iter()
        .flat_map(|e| std::iter::once(e.id.clone()).chain(e.checks.iter().map(|c| c.id.clone())))
        .chain(course.questions.iter().map(|q| q.id.clone()))
        .chain(course.lessons.iter().map(|l| l.id.clone()));
    let seeded: Vec<String> = ids.filter(|id| id.contains("seed")).collect();
    assert!(seeded.is_empty(), "{seeded:?}");
}
