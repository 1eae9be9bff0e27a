//! Quiz questions: `quizzes/TOPIC.toml`, one `[[questions]]` table each. See
//! `quizzes/README.md` for the kinds and their fields.

use serde::Deserialize;

use super::ContentError;
use super::files::Tree;
use crate::grade::expected::{self, ExpectedObject};

/// A key concept of an open question, found in an answer by any of its keywords.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    pub name: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Single {
        choices: Vec<String>,
        answer: usize,
    },
    Multiple {
        choices: Vec<String>,
        answers: Vec<usize>,
    },
    TrueFalse {
        answer: bool,
    },
    Ordering {
        order: Vec<String>,
    },
    Short {
        accepted: Vec<String>,
    },
    Predict {
        manifest: String,
        action: String,
        choices: Vec<String>,
        answer: usize,
    },
    /// `solution` is a right answer, proven by `content check` to pass.
    Manifest {
        starter: Option<String>,
        expected: Vec<ExpectedObject>,
        solution: Option<String>,
    },
    Open {
        model_answer: String,
        concepts: Vec<Concept>,
    },
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multiple { .. } => "multiple",
            Kind::TrueFalse { .. } => "truefalse",
            Kind::Ordering { .. } => "ordering",
            Kind::Short { .. } => "short",
            Kind::Predict { .. } => "predict",
            Kind::Manifest { .. } => "manifest",
            Kind::Open { .. } => "open",
        }
    }
}

/// What a predict-the-outcome question's right answer is, by the simulator: the Pods that
/// exist, or those created or deleted, after running `script` on the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    pub script: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The Pods that exist afterwards, by ordinal.
    Pods,
    /// The Pods created by the action, in order.
    Created,
    /// The Pods deleted by the action, in order.
    Deleted,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    /// The file's stem: the topic a quiz can be limited to.
    pub topic: String,
    pub prompt: String,
    pub explanation: String,
    pub lesson: String,
    pub kind: Kind,
    /// The expected structure's text, for manifest questions (shown as the model answer).
    pub expected_text: Option<String>,
    /// For predict questions: how the simulator decides the right choice.
    pub simulation: Option<Simulation>,
}

/// A question as written in TOML, before its kind's fields are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    id: String,
    kind: String,
    prompt: String,
    explanation: String,
    lesson: String,
    choices: Option<Vec<String>>,
    answer: Option<toml::Value>,
    answers: Option<Vec<usize>>,
    order: Option<Vec<String>>,
    accepted: Option<Vec<String>>,
    manifest: Option<String>,
    action: Option<String>,
    starter: Option<String>,
    expected: Option<String>,
    solution: Option<String>,
    model_answer: Option<String>,
    concepts: Option<Vec<Concept>>,
    simulate: Option<String>,
    outcome: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    questions: Vec<Raw>,
}

fn need<T>(value: Option<T>, field: &str, kind: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("a `{kind}` question needs `{field}`"))
}

fn choice_index(raw: &Raw, choices: &[String]) -> Result<usize, String> {
    let index = raw
        .answer
        .as_ref()
        .and_then(toml::Value::as_integer)
        .ok_or_else(|| "`answer` must be the 0-based index of the right choice".to_string())?;
    usize::try_from(index)
        .ok()
        .filter(|i| *i < choices.len())
        .ok_or_else(|| {
            format!(
                "`answer` {index} is not an index of the {} choices",
                choices.len()
            )
        })
}

/// How many choices a `single`, `multiple` or `predict` question may have (quizzes/README.md
/// says the same; a test reads it there).
pub const CHOICES: std::ops::RangeInclusive<usize> = 2..=6;

fn choices(raw: &Raw, kind: &str) -> Result<Vec<String>, String> {
    let choices = need(raw.choices.clone(), "choices", kind)?;
    if !CHOICES.contains(&choices.len()) {
        return Err(format!(
            "`choices` must have {} to {} items, not {}: merge or drop choices",
            CHOICES.start(),
            CHOICES.end(),
            choices.len()
        ));
    }
    Ok(choices)
}

impl Question {
    fn from_raw(raw: Raw, topic: &str) -> Result<Question, String> {
        let k = raw.kind.as_str();
        let mut expected_text = None;
        let kind = match k {
            "single" => {
                let choices = choices(&raw, k)?;
                Kind::Single {
                    answer: choice_index(&raw, &choices)?,
                    choices,
                }
            }
            "predict" => {
                let choices = choices(&raw, k)?;
                Kind::Predict {
                    answer: choice_index(&raw, &choices)?,
                    manifest: need(raw.manifest.clone(), "manifest", k)?,
                    action: need(raw.action.clone(), "action", k)?,
                    choices,
                }
            }
            "multiple" => {
                let choices = choices(&raw, k)?;
                let mut answers = need(raw.answers.clone(), "answers", k)?;
                answers.sort_unstable();
                answers.dedup();
                if answers.is_empty() || answers.iter().any(|a| *a >= choices.len()) {
                    return Err(
                        "`answers` must list the 0-based indexes of the right choices".into(),
                    );
                }
                Kind::Multiple { choices, answers }
            }
            "truefalse" => match raw.answer.as_ref().and_then(toml::Value::as_bool) {
                Some(answer) => Kind::TrueFalse { answer },
                None => {
                    return Err("a `truefalse` question needs `answer = true` or `false`".into());
                }
            },
            "ordering" => {
                let order = need(raw.order.clone(), "order", k)?;
                if order.len() < 2 {
                    return Err("`order` needs at least two items".into());
                }
                Kind::Ordering { order }
            }
            "short" => {
                let accepted = need(raw.accepted.clone(), "accepted", k)?;
                if accepted.iter().all(|a| a.trim().is_empty()) {
                    return Err("`accepted` needs at least one answer".into());
                }
                Kind::Short { accepted }
            }
            "manifest" => {
                let text = need(raw.expected.clone(), "expected", k)?;
                let expected = expected::parse(&text).map_err(|e| {
                    format!("`expected`, line {}: {}", e.span.start.line, e.message)
                })?;
                expected_text = Some(text);
                Kind::Manifest {
                    starter: raw.starter.clone(),
                    expected,
                    solution: raw.solution.clone(),
                }
            }
            "open" => {
                let concepts = need(raw.concepts.clone(), "concepts", k)?;
                if concepts.is_empty() || concepts.iter().any(|c| c.keywords.is_empty()) {
                    return Err("`concepts` needs at least one concept, each with keywords".into());
                }
                Kind::Open {
                    model_answer: need(raw.model_answer.clone(), "model_answer", k)?,
                    concepts,
                }
            }
            other => {
                return Err(format!(
                    "unknown kind `{other}`: use single, multiple, truefalse, ordering, short, predict, manifest or open"
                ));
            }
        };
        let simulation = match (&raw.simulate, raw.outcome.as_deref(), k) {
            (None, None, _) => None,
            (Some(script), outcome, "predict") => Some(Simulation {
                script: script.clone(),
                outcome: match outcome.unwrap_or("pods") {
                    "pods" => Outcome::Pods,
                    "created" => Outcome::Created,
                    "deleted" => Outcome::Deleted,
                    other => {
                        return Err(format!("`outcome` {other} is not pods, created or deleted"));
                    }
                },
            }),
            _ => {
                return Err(
                    "`simulate` (with an optional `outcome`) is for predict questions".into(),
                );
            }
        };
        Ok(Question {
            simulation,
            id: raw.id,
            topic: topic.to_string(),
            prompt: raw.prompt,
            explanation: raw.explanation,
            lesson: raw.lesson,
            kind,
            expected_text,
        })
    }
}

/// The line of `id = "ID"` in a quiz file, so errors about a question point at it.
pub fn question_line(text: &str, id: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim();
            l.strip_prefix("id")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
                .map(str::trim)
                .is_some_and(|v| v.trim_matches(|c| c == '"' || c == '\'') == id)
        })
        .map(|i| i + 1)
}

/// Reads every `quizzes/*.toml` of a course tree: the questions that read, and the problems
/// of those that do not.
pub fn load_lenient(tree: &Tree) -> (Vec<Question>, Vec<ContentError>) {
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    for name in tree.files("quizzes") {
        let Some(topic) = name.strip_suffix(".toml") else {
            continue;
        };
        let rel = format!("quizzes/{name}");
        let location = tree.display(&rel);
        let text = match tree.read(&rel) {
            Some(Ok(text)) => text,
            Some(Err(why)) => {
                errors.push(ContentError::new(
                    location,
                    None,
                    format!("cannot read: {why}"),
                ));
                continue;
            }
            None => continue,
        };
        let file: File = match toml::from_str(&text) {
            Ok(file) => file,
            Err(e) => {
                errors.push(super::toml_error(location, &text, &e, &["questions"]));
                continue;
            }
        };
        for raw in file.questions {
            let id = raw.id.clone();
            let line = question_line(&text, &id);
            if let Some(why) = super::id_problem(&id) {
                errors.push(ContentError::new(
                    location.clone(),
                    line,
                    format!("question id `{id}`: {why}"),
                ));
                continue;
            }
            match Question::from_raw(raw, topic) {
                Ok(q) => questions.push(q),
                Err(why) => errors.push(ContentError::new(
                    location.clone(),
                    line,
                    format!("question `{id}`: {why}"),
                )),
            }
        }
    }
    (questions, errors)
}
