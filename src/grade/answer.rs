//! Checking a quiz answer, for every question kind: choices by index, short answers forgiving
//! case, spacing and small typos, manifests through the review engine and the structural
//! grader, open answers by the key concepts they name.

use crate::content::quiz::{Concept, Kind, Question};
use crate::content::{Difficulty, Exercise};
use crate::manifest::names::{suggest, within_edits};

/// What a learner gave: the shape depends on the question's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 0-based choice indexes (one for single and predict).
    Choices(Vec<usize>),
    Bool(bool),
    /// Items in the learner's order.
    Order(Vec<String>),
    Text(String),
}

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub correct: bool,
    /// A line saying what was wrong (empty when right).
    pub feedback: String,
    /// For open questions: the concepts named and missed.
    pub covered: Vec<String>,
    pub missed: Vec<String>,
}

impl Verdict {
    fn right() -> Verdict {
        Verdict {
            correct: true,
            feedback: String::new(),
            covered: Vec::new(),
            missed: Vec::new(),
        }
    }

    fn wrong(feedback: impl Into<String>) -> Verdict {
        Verdict {
            correct: false,
            feedback: feedback.into(),
            covered: Vec::new(),
            missed: Vec::new(),
        }
    }
}

/// Lower case, single spaces, no surrounding punctuation: how short answers are compared.
pub fn normalize(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | '!' | '"' | '\'' | '`'))
        .to_lowercase()
}

/// Whether a short answer matches an accepted one: equal after [`normalize`], or off by a
/// typo or two in a long enough answer (one edit from 5 characters, two from 12).
pub fn short_answer_matches(given: &str, accepted: &[String]) -> bool {
    let given = normalize(given);
    if given.is_empty() {
        return false;
    }
    let normalized: Vec<String> = accepted.iter().map(|a| normalize(a)).collect();
    if normalized.contains(&given) {
        return true;
    }
    let allowed = match given.chars().count() {
        0..=4 => 0,
        5..=11 => 1,
        _ => 2,
    };
    allowed > 0 && normalized.iter().any(|a| within_edits(&given, a, allowed))
}

/// Which concepts an open answer names (a concept counts when any keyword appears).
pub fn concepts_in(answer: &str, concepts: &[Concept]) -> (Vec<String>, Vec<String>) {
    let text = answer.to_lowercase();
    let (covered, missed): (Vec<&Concept>, Vec<&Concept>) = concepts
        .iter()
        .partition(|c| c.keywords.iter().any(|k| text.contains(&k.to_lowercase())));
    (
        covered.into_iter().map(|c| c.name.clone()).collect(),
        missed.into_iter().map(|c| c.name.clone()).collect(),
    )
}

fn letters(indexes: &[usize]) -> String {
    indexes
        .iter()
        .map(|i| char::from(b'a' + u8::try_from(*i).unwrap_or(25).min(25)).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Grades a manifest answer: no lint error, and the question's expected structure matches.
fn check_manifest(question: &Question, text: &str) -> Verdict {
    let Kind::Manifest { expected, .. } = &question.kind else {
        return Verdict::wrong("not a manifest question");
    };
    let exercise = Exercise {
        id: question.id.clone(),
        title: String::new(),
        difficulty: Difficulty::Beginner,
        file: "answer.yaml".into(),
        lessons: Vec::new(),
        task: String::new(),
        hints: Vec::new(),
        lint_points: 1,
        checks: Vec::new(),
        live: None,
        starter: String::new(),
        solution: String::new(),
        expected: expected.clone(),
        tests: Vec::new(),
        location: String::new(),
    };
    match super::grade_text(&exercise, "answer.yaml", text) {
        Err(e) => Verdict::wrong(format!("this question is broken: {e}")),
        Ok(report) if report.passed => Verdict::right(),
        Ok(report) => {
            let mut problems: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::review::Severity::Error)
                .map(|d| format!("line {}: {}", d.line, d.message))
                .collect();
            for check in report
                .checks
                .iter()
                .filter(|c| !c.passed && c.id != super::VALID_CHECK)
            {
                for failure in &check.failures {
                    let found = failure
                        .actual
                        .as_ref()
                        .map_or("nothing".to_string(), super::yaml_scalar);
                    let path = if failure.path.is_empty() {
                        failure.object.clone()
                    } else {
                        format!("{} `{}`", failure.object, failure.path)
                    };
                    problems.push(format!(
                        "{path}: expected {}, found {found}",
                        super::yaml_scalar(&failure.expected)
                    ));
                }
            }
            Verdict::wrong(problems.join("\n"))
        }
    }
}

/// Checks `answer` against `question`. Open questions are never "correct" by themselves:
/// the learner rates them; the verdict reports the concepts.
pub fn check(question: &Question, answer: &Answer) -> Verdict {
    match (&question.kind, answer) {
        (
            Kind::Single {
                answer: right,
                choices,
            }
            | Kind::Predict {
                answer: right,
                choices,
                ..
            },
            Answer::Choices(given),
        ) => {
            if given.as_slice() == [*right] {
                Verdict::right()
            } else {
                Verdict::wrong(format!(
                    "the answer is {}: {}",
                    letters(&[*right]),
                    choices[*right]
                ))
            }
        }
        (Kind::Multiple { answers, .. }, Answer::Choices(given)) => {
            let mut given = given.clone();
            given.sort_unstable();
            given.dedup();
            if &given == answers {
                Verdict::right()
            } else {
                Verdict::wrong(format!("the right choices are {}", letters(answers)))
            }
        }
        (Kind::TrueFalse { answer: right }, Answer::Bool(given)) => {
            if given == right {
                Verdict::right()
            } else {
                Verdict::wrong(format!("it is {right}"))
            }
        }
        (Kind::Ordering { order }, Answer::Order(given)) => {
            let matches = given.len() == order.len()
                && given
                    .iter()
                    .zip(order)
                    .all(|(g, o)| normalize(g) == normalize(o));
            if matches {
                Verdict::right()
            } else {
                Verdict::wrong(format!("the order is {}", order.join(" → ")))
            }
        }
        (Kind::Short { accepted }, Answer::Text(given)) => {
            if short_answer_matches(given, accepted) {
                Verdict::right()
            } else {
                let close = suggest(&normalize(given), accepted.iter().map(String::as_str));
                let hint = close.map_or(String::new(), |c| format!(" (close to `{c}`?)"));
                Verdict::wrong(format!("expected {}{hint}", accepted[0]))
            }
        }
        (Kind::Manifest { .. }, Answer::Text(text)) => check_manifest(question, text),
        (Kind::Open { concepts, .. }, Answer::Text(text)) => {
            let (covered, missed) = concepts_in(text, concepts);
            Verdict {
                correct: missed.is_empty(),
                feedback: String::new(),
                covered,
                missed,
            }
        }
        (kind, _) => Verdict::wrong(format!(
            "that is not an answer to a {} question",
            kind.name()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: Kind) -> Question {
        Question {
            id: "q".into(),
            topic: "t".into(),
            prompt: String::new(),
            explanation: String::new(),
            lesson: "identity".into(),
            kind,
            expected_text: None,
            simulation: None,
        }
    }

    fn choices() -> Vec<String> {
        vec!["a".into(), "b".into(), "c".into()]
    }

    #[test]
    fn choice_kinds() {
        let single = question(Kind::Single {
            choices: choices(),
            answer: 1,
        });
        assert!(check(&single, &Answer::Choices(vec![1])).correct);
        assert!(!check(&single, &Answer::Choices(vec![0])).correct);
        assert!(!check(&single, &Answer::Choices(vec![1, 2])).correct);
        let multiple = question(Kind::Multiple {
            choices: choices(),
            answers: vec![0, 2],
        });
        assert!(check(&multiple, &Answer::Choices(vec![2, 0])).correct);
        assert!(!check(&multiple, &Answer::Choices(vec![0])).correct);
        let predict = question(Kind::Predict {
            manifest: String::new(),
            action: String::new(),
            choices: choices(),
            answer: 2,
        });
        assert!(check(&predict, &Answer::Choices(vec![2])).correct);
        assert_eq!(
            check(&predict, &Answer::Choices(vec![0])).feedback,
            "the answer is c: c"
        );
        let tf = question(Kind::TrueFalse { answer: false });
        assert!(check(&tf, &Answer::Bool(false)).correct);
        assert!(!check(&tf, &Answer::Bool(true)).correct);
        assert!(
            !check(&tf, &Answer::Text("false".into())).correct,
            "wrong answer shape"
        );
    }

    #[test]
    fn ordering() {
        let q = question(Kind::Ordering {
            order: vec!["web-2".into(), "web-1".into(), "web-0".into()],
        });
        assert!(
            check(
                &q,
                &Answer::Order(vec!["web-2".into(), "Web-1".into(), "web-0".into()])
            )
            .correct
        );
        assert!(
            !check(
                &q,
                &Answer::Order(vec!["web-0".into(), "web-1".into(), "web-2".into()])
            )
            .correct
        );
    }

    #[test]
    fn short_answers_forgive_case_spacing_and_typos() {
        let accepted = vec!["OrderedReady".to_string(), "Ordered Ready".to_string()];
        assert!(short_answer_matches("orderedready", &accepted));
        assert!(short_answer_matches("  Ordered   Ready. ", &accepted));
        assert!(short_answer_matches("OrderdReady", &accepted), "one typo");
        assert!(!short_answer_matches("Parallel", &accepted));
        assert!(!short_answer_matches("", &accepted));
        let short = vec!["web".to_string()];
        assert!(
            !short_answer_matches("wab", &short),
            "no typos allowed in very short answers"
        );
        assert!(short_answer_matches(
            "persistentVolumeClaimRetentionPolcy",
            &["persistentVolumeClaimRetentionPolicy".to_string()]
        ));
    }

    #[test]
    fn open_answers_report_concepts() {
        let concepts = vec![
            Concept {
                name: "stable names".into(),
                keywords: vec!["ordinal".into(), "web-0".into()],
            },
            Concept {
                name: "per-Pod storage".into(),
                keywords: vec!["pvc".into()],
            },
        ];
        let q = question(Kind::Open {
            model_answer: String::new(),
            concepts,
        });
        let verdict = check(&q, &Answer::Text("Each Pod keeps its ORDINAL name".into()));
        assert_eq!(verdict.covered, ["stable names"]);
        assert_eq!(verdict.missed, ["per-Pod storage"]);
        assert!(!verdict.correct);
    }

    #[test]
    fn manifest_answers_go_through_the_grader() {
        let expected = crate::grade::expected::parse("apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n").unwrap();
        let q = question(Kind::Manifest {
            starter: None,
            expected,
            solution: None,
        });
        let right = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n";
        assert!(check(&q, &Answer::Text(right.into())).correct);
        let not_headless = check(&q, &Answer::Text(right.replace("  clusterIP: None\n", "")));
        assert!(!not_headless.correct);
        assert!(
            not_headless.feedback.contains("spec.clusterIP"),
            "{}",
            not_headless.feedback
        );
        let invalid = check(&q, &Answer::Text(right.replace("name: db", "name: DB")));
        assert!(invalid.feedback.contains("line 4"), "{}", invalid.feedback);
    }
}
