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
    /// A right short answer written with a typo or in another case: the right spelling,
    /// which the learner must see (a YAML field or a flag must be typed exactly).
    pub spelt: Option<String>,
}

impl Verdict {
    fn right() -> Verdict {
        Verdict {
            correct: true,
            feedback: String::new(),
            covered: Vec::new(),
            missed: Vec::new(),
            spelt: None,
        }
    }

    fn wrong(feedback: impl Into<String>) -> Verdict {
        Verdict {
            correct: false,
            feedback: feedback.into(),
            covered: Vec::new(),
            missed: Vec::new(),
            spelt: None,
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

/// How a short answer matched an accepted one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShortMatch {
    /// As written (case, spacing and surrounding punctuation aside).
    Exact,
    /// Accepted despite a typo or a different case: the accepted answer as it is spelt,
    /// to show the learner (`--dry-run=sever` → `--dry-run=server`).
    Spelt(String),
}

/// Whether a short answer matches an accepted one: equal after [`normalize`], or off by a
/// typo or two in a long enough answer (one edit from 5 characters, two from 12).
pub fn short_answer_matches(given: &str, accepted: &[String]) -> bool {
    short_answer_match(given, accepted).is_some()
}

/// Like [`short_answer_matches`], saying how it matched: a forgiven typo, or a case that
/// differs from the accepted spelling (Kubernetes names are case-sensitive), is returned
/// with the right spelling.
pub fn short_answer_match(given: &str, accepted: &[String]) -> Option<ShortMatch> {
    let plain = normalize(given);
    if plain.is_empty() {
        return None;
    }
    let as_typed = keep_case(given);
    if let Some(exact) = accepted.iter().find(|a| normalize(a) == plain) {
        return Some(if keep_case(exact) == as_typed {
            ShortMatch::Exact
        } else {
            ShortMatch::Spelt(exact.trim().to_string())
        });
    }
    let allowed = match plain.chars().count() {
        0..=4 => 0,
        5..=11 => 1,
        _ => 2,
    };
    (1..=allowed)
        .find_map(|bound| {
            accepted
                .iter()
                .find(|a| within_edits(&plain, &normalize(a), bound))
        })
        .map(|a| ShortMatch::Spelt(a.trim().to_string()))
}

/// [`normalize`] without lowering the case.
fn keep_case(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | '!' | '"' | '\'' | '`'))
        .to_string()
}

/// Which concepts an open answer names: (covered, missed), by concept name.
///
/// A concept counts when one of its keywords appears in the answer, either as written
/// (lower case: `cach` still finds "caching") or in plain paraphrase:
/// - words are compared by a crude stem, so "changed", "change" and "changing" agree;
/// - apostrophes may be left out and contractions are spelt out: "cant", "can't", "can
///   not" and "cannot" are one word;
/// - the words of a multi-word keyword may have a word or two between them ("delete the
///   broken pod" names "delete the pod"), except after a negation;
/// - a keyword that names one of the recurring ideas in [`PARAPHRASES`] also accepts the
///   other ways of saying it ("immutable" ↔ "cannot be changed").
///
/// A negated mention ("not immutable") does not count through the paraphrase matching.
pub fn concepts_in(answer: &str, concepts: &[Concept]) -> (Vec<String>, Vec<String>) {
    let text = plain_text(answer);
    let words = words(answer);
    let (covered, missed): (Vec<&Concept>, Vec<&Concept>) = concepts
        .iter()
        .partition(|c| names_concept(&text, &words, c));
    (
        covered.into_iter().map(|c| c.name.clone()).collect(),
        missed.into_iter().map(|c| c.name.clone()).collect(),
    )
}

fn names_concept(text: &str, words: &[String], concept: &Concept) -> bool {
    let keywords: Vec<Vec<String>> = concept.keywords.iter().map(|k| self::words(k)).collect();
    concept
        .keywords
        .iter()
        .any(|k| text.contains(&plain_text(k)))
        || keywords.iter().any(|k| phrase_in(k, words))
        || PARAPHRASES
            .iter()
            .filter(|idea| {
                idea.named_by
                    .iter()
                    .any(|t| keywords.iter().any(|k| *k == self::words(t)))
            })
            .flat_map(|idea| idea.named_by.iter().chain(idea.said))
            .any(|phrase| phrase_in(&self::words(phrase), words))
}

/// A recurring idea of the course and the plain ways a learner says it.
pub struct Paraphrase {
    /// Keywords that name this idea: a concept with one of them accepts all of `said`.
    pub named_by: &'static [&'static str],
    pub said: &'static [&'static str],
}

/// The ideas that interview answers keep expressing in their own words.
pub static PARAPHRASES: &[Paraphrase] = &[
    Paraphrase {
        named_by: &[
            "immutable",
            "cannot change",
            "cannot be changed",
            "cannot edit",
        ],
        said: &[
            "cannot be changed",
            "cannot change",
            "cannot be updated",
            "cannot update",
            "cannot be modified",
            "cannot modify",
            "cannot be edited",
            "cannot edit",
            "not mutable",
            "not changeable",
            "unchangeable",
            "not allowed to change",
            "not possible to change",
            "no way to change",
            "never be changed",
            "read only",
            "fixed at creation",
            "only set at creation",
            "set once",
            "locked",
            "forbidden",
            "changing it is rejected",
            "change is rejected",
            "rejects the change",
            "rejects changes",
            "update is rejected",
            "rejects the update",
        ],
    },
    Paraphrase {
        named_by: &["re-create", "recreate"],
        said: &[
            "create it again",
            "create again",
            "create a new one",
            "delete and create",
            "delete then create",
            "apply it again",
            "create from scratch",
            "re create",
        ],
    },
    Paraphrase {
        named_by: &["one at a time", "in order", "sequential", "ordered"],
        said: &[
            "one at a time",
            "one by one",
            "one after another",
            "one after the other",
            "in order",
            "in sequence",
            "sequentially",
            "in turn",
            "ordered",
        ],
    },
    Paraphrase {
        named_by: &[
            "stable name",
            "stable identit",
            "stable identity",
            "sticky",
            "predictable name",
            "keeps its name",
        ],
        said: &[
            "keeps its name",
            "keep their names",
            "keeps the same name",
            "same name",
            "stable name",
            "fixed name",
            "predictable name",
            "name stays",
            "name never changes",
            "name does not change",
            "sticky identity",
            "stable identity",
            "persistent identity",
            "stable hostname",
            "same hostname",
            "ordinal name",
        ],
    },
    Paraphrase {
        named_by: &["at most one", "at-most-one", "never two"],
        said: &[
            "at most one",
            "never two",
            "only one pod",
            "no two pods",
            "never more than one",
            "only ever one",
            "one pod per identity",
            "two pods with the same name",
            "not two pods",
        ],
    },
    Paraphrase {
        named_by: &["headless", "no cluster ip", "no virtual ip"],
        said: &[
            "headless",
            "no cluster ip",
            "without a cluster ip",
            "clusterip none",
            "cluster ip none",
            "no virtual ip",
            "no load balancing",
            "no service ip",
        ],
    },
    Paraphrase {
        named_by: &[
            "you create",
            "never creates",
            "does not create",
            "create it yourself",
        ],
        said: &[
            "you create",
            "you must create",
            "you have to create",
            "you need to create",
            "create it yourself",
            "create it manually",
            "manually create",
            "not created for you",
            "not created automatically",
            "never creates",
            "does not create",
            "will not create",
        ],
    },
    Paraphrase {
        named_by: &["new ip", "ip change", "different ip"],
        said: &[
            "new ip",
            "ip changes",
            "different ip",
            "ip is not stable",
            "ip may change",
            "another ip",
            "ip is different",
            "ip will change",
            "ips change",
        ],
    },
    Paraphrase {
        named_by: &["kept", "not deleted", "retain", "remain", "left behind"],
        said: &[
            "kept",
            "keeps",
            "keep",
            "not deleted",
            "retained",
            "remain",
            "stay",
            "left behind",
            "not removed",
            "survive",
            "still there",
            "not cleaned up",
            "are left",
        ],
    },
    Paraphrase {
        named_by: &["reverse", "highest", "descending"],
        said: &[
            "reverse order",
            "reverse ordinal",
            "highest ordinal first",
            "highest first",
            "largest ordinal",
            "descending",
            "backwards",
            "from the top",
            "last pod first",
            "from the highest",
        ],
    },
    Paraphrase {
        named_by: &["predecessor", "running and ready", "waits", "wait"],
        said: &[
            "waits for",
            "wait until",
            "wait for",
            "previous pod",
            "pod before",
            "predecessor",
            "running and ready",
            "ready before",
            "until it is ready",
            "before starting the next",
        ],
    },
    Paraphrase {
        named_by: &[
            "quorum",
            "membership",
            "not application-aware",
            "application-aware",
        ],
        said: &[
            "not application aware",
            "does not know about the application",
            "knows nothing about",
            "not aware of",
            "application's job",
            "up to the application",
            "the application must",
            "the application has to",
            "the app handles",
            "does not understand the application",
        ],
    },
    Paraphrase {
        named_by: &["dry-run", "dry run", "lint"],
        said: &[
            "dry-run",
            "dry run",
            "dryrun",
            "lint",
            "kubeconform",
            "kubeval",
            "validate the manifest",
            "server side validation",
        ],
    },
    Paraphrase {
        named_by: &["delete the pod", "delete pod", "delete the stuck"],
        said: &[
            "delete the pod",
            "delete pod",
            "delete the stuck pod",
            "delete the broken pod",
            "remove the pod",
            "kill the pod",
            "delete it by hand",
            "delete it manually",
        ],
    },
    Paraphrase {
        named_by: &["revert", "rollout undo"],
        said: &[
            "revert",
            "rollout undo",
            "roll back",
            "rollback",
            "undo",
            "previous image",
        ],
    },
    Paraphrase {
        named_by: &[
            "own pvc",
            "own claim",
            "own volume",
            "own disk",
            "own storage",
        ],
        said: &[
            "own pvc",
            "own claim",
            "own volume",
            "own disk",
            "own storage",
            "pvc per pod",
            "pvc for each pod",
            "each pod gets a pvc",
            "each pod gets its own",
            "separate volume",
            "separate pvc",
            "dedicated volume",
        ],
    },
    Paraphrase {
        named_by: &["resize", "expansion", "expand"],
        said: &[
            "resize",
            "expand",
            "expansion",
            "grow",
            "increase the size",
            "make it bigger",
            "enlarge",
            "patch each pvc",
            "patch the pvc",
            "edit each pvc",
            "edit the pvc",
        ],
    },
    Paraphrase {
        named_by: &["stuck", "halt", "block", "wedge"],
        said: &[
            "stuck",
            "halt",
            "block",
            "wedge",
            "hang",
            "never finishes",
            "never proceeds",
            "does not continue",
            "waits forever",
            "stops",
        ],
    },
    Paraphrase {
        named_by: &["split brain", "split-brain"],
        said: &[
            "split brain",
            "two primaries",
            "two writers",
            "both write",
            "two copies",
            "two pods with the same identity",
            "corrupt",
        ],
    },
];

/// Lower case, with typographic apostrophes and quotes made plain.
fn plain_text(text: &str) -> String {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{00b4}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

/// The answer's words, lower case and stemmed, contractions spelt out: how keywords are
/// compared in the paraphrase matching.
fn words(text: &str) -> Vec<String> {
    let text = plain_text(text).replace('\'', "");
    let raw: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let word = raw[i];
        // "can not" and "unable to" say "cannot".
        if (word == "can" && raw.get(i + 1) == Some(&"not"))
            || (word == "unable" && raw.get(i + 1) == Some(&"to"))
        {
            out.push("cannot".into());
            i += 2;
            continue;
        }
        match contraction(word) {
            Some(parts) => out.extend(parts.iter().map(|p| stem(p))),
            None => out.push(stem(word)),
        }
        i += 1;
    }
    out
}

/// A contraction written without its apostrophe, spelt out.
fn contraction(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "cant" => &["cannot"],
        "wont" => &["will", "not"],
        "dont" => &["do", "not"],
        "doesnt" => &["does", "not"],
        "didnt" => &["did", "not"],
        "isnt" => &["is", "not"],
        "arent" => &["are", "not"],
        "wasnt" => &["was", "not"],
        "werent" => &["were", "not"],
        "hasnt" => &["has", "not"],
        "havent" => &["have", "not"],
        "shouldnt" => &["should", "not"],
        "couldnt" => &["could", "not"],
        "wouldnt" => &["would", "not"],
        "mustnt" => &["must", "not"],
        "aint" => &["is", "not"],
        _ => return None,
    })
}

/// A crude stem, the same for a word's usual inflections ("change", "changes",
/// "changed", "changing" → "chang"); only ever compared with other stems.
fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) || !word.is_ascii() {
        return word.to_string();
    }
    let mut w = word.to_string();
    let n = w.len();
    let mut stripped_tense = false;
    if n > 4 && w.ends_with("ies") {
        w.truncate(n - 3);
        w.push('y');
    } else if n >= 6 && w.ends_with("ing") {
        w.truncate(n - 3);
        stripped_tense = true;
    } else if n >= 5 && w.ends_with("ed") {
        w.truncate(n - 2);
        stripped_tense = true;
    } else if n >= 5 && w.ends_with("es") {
        w.truncate(n - 2);
    } else if n >= 4 && w.ends_with('s') && !w.ends_with("ss") {
        w.truncate(n - 1);
    }
    if w.len() >= 4 && w.ends_with('e') {
        w.pop();
    }
    let b = w.as_bytes();
    if stripped_tense
        && b.len() >= 4
        && b[b.len() - 1] == b[b.len() - 2]
        && !b"aeioulsz".contains(&b[b.len() - 1])
    {
        w.pop();
    }
    w
}

fn is_negation(word: &str) -> bool {
    matches!(word, "not" | "no" | "never" | "cannot" | "without" | "nor")
}

/// Whether `phrase` (stemmed words) occurs in `words` in order, with at most two other
/// words between two of its words (none after a negation, so "not ready" is not found in
/// "not sure it is ready"), and not right after a negation unless the phrase starts with
/// one. Its last word may be the start of a longer word (`cach` finds "caching").
fn phrase_in(phrase: &[String], words: &[String]) -> bool {
    const GAP: usize = 2;
    let Some((first, rest)) = phrase.split_first() else {
        return false;
    };
    let matches = |i: usize, want: &String, last: bool| {
        words
            .get(i)
            .is_some_and(|w| w == want || (last && want.len() >= 3 && w.starts_with(want.as_str())))
    };
    (0..words.len()).any(|start| {
        if !matches(start, first, rest.is_empty()) {
            return false;
        }
        if !is_negation(first) && start > 0 && is_negation(&words[start - 1]) {
            return false;
        }
        let mut at = start;
        for (j, want) in rest.iter().enumerate() {
            let last = j + 1 == rest.len();
            let gap = if is_negation(&phrase[j]) { 1 } else { GAP };
            match (at + 1..=at + 1 + gap).find(|i| matches(*i, want, last)) {
                Some(i) => at = i,
                None => return false,
            }
        }
        true
    })
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
        lint_gate: false,
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
            if let Some(matched) = short_answer_match(given, accepted) {
                Verdict {
                    spelt: match matched {
                        ShortMatch::Exact => None,
                        ShortMatch::Spelt(spelling) => Some(spelling),
                    },
                    ..Verdict::right()
                }
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
                covered,
                missed,
                ..Verdict::right()
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
    fn a_forgiven_typo_or_case_says_how_it_is_spelt() {
        let q = question(Kind::Short {
            accepted: vec!["--dry-run=server".into()],
        });
        let typo = check(&q, &Answer::Text("--dry-run=sever".into()));
        assert!(typo.correct);
        assert_eq!(typo.spelt.as_deref(), Some("--dry-run=server"));
        let exact = check(&q, &Answer::Text(" --dry-run=server. ".into()));
        assert!(exact.correct);
        assert_eq!(
            exact.spelt, None,
            "spacing and punctuation are not spelling"
        );
        let accepted = vec!["OrderedReady".to_string(), "Ordered Ready".to_string()];
        assert_eq!(
            short_answer_match("orderedready", &accepted),
            Some(ShortMatch::Spelt("OrderedReady".into())),
            "Kubernetes values are case-sensitive"
        );
        assert_eq!(
            short_answer_match("Ordered Ready", &accepted),
            Some(ShortMatch::Exact)
        );
        assert_eq!(short_answer_match("Parallel", &accepted), None);
    }

    #[test]
    fn stems_contractions_and_gaps() {
        assert_eq!(stem("changed"), stem("change"));
        assert_eq!(stem("changing"), stem("changes"));
        assert_eq!(stem("stopped"), stem("stop"));
        assert_eq!(words("Can't"), words("cannot"));
        assert_eq!(words("can not"), words("cant"));
        assert_eq!(words("doesn\u{2019}t"), ["doe", "not"]);
        let w = words("you must delete the broken pod by hand");
        assert!(phrase_in(&words("delete the pod"), &w));
        assert!(!phrase_in(
            &words("delete the pod"),
            &words("delete it, then wait for the new pod")
        ));
        assert!(!phrase_in(
            &words("not ready"),
            &words("not sure the pod is ready")
        ));
        assert!(!phrase_in(
            &words("immutable"),
            &words("the field is not immutable")
        ));
        assert!(phrase_in(&words("cach"), &words("negative caching")));
    }

    /// An open question of the embedded course.
    fn open(id: &str) -> (&'static Question, usize) {
        let course = crate::content::Course::embedded().unwrap();
        let q = course.questions.iter().find(|q| q.id == id).unwrap();
        let Kind::Open { concepts, .. } = &q.kind else {
            panic!("{id} is not open")
        };
        (q, concepts.len())
    }

    fn named(id: &str, answer: &str) -> Vec<String> {
        check(open(id).0, &Answer::Text(answer.into())).covered
    }

    #[test]
    fn plain_paraphrases_of_good_answers_name_the_concepts() {
        let immutable = "these fields are immutable (Forbidden)";
        for answer in [
            // The learner's answer that scored 0/5.
            "Those fields cant be changed... delete the statefulset and create it again",
            "you can't change them once it's created",
            "Basically the API won't let you, those fields can not be updated after creation, so you have to delete and recreate",
            "the api server rejects the change: they're immutable",
            "Changing it is rejected by the API server.",
        ] {
            let covered = named("api-validation-change-immutable", answer);
            assert!(
                covered.iter().any(|c| c == immutable),
                "{answer}: {covered:?}"
            );
        }
        let policy = named(
            "ordering-parallel-vs-orderedready",
            "Parallel starts all pods together, no waiting. OrderedReady brings them up one by one. You cant change the policy later, it has to be deleted and created again. Pods keep their names either way.",
        );
        for concept in [
            "OrderedReady waits for each predecessor",
            "Parallel launches and removes at once",
            "the policy is immutable",
            "identity is kept either way; updates are separate",
        ] {
            assert!(policy.iter().any(|c| c == concept), "{concept}: {policy:?}");
        }
        let basics = named(
            "statefulset-basics-deployment-vs-statefulset",
            "deployment pods get random names, statefulset pods keep the same name (web-0..). each pod gets its own pvc. they start in order, one after the other, and theres a headless service for dns. never two pods with the same name",
        );
        assert_eq!(
            basics.len(),
            open("statefulset-basics-deployment-vs-statefulset").1,
            "{basics:?}"
        );
        let terse = named(
            "identity-what-survives-rescheduling",
            "Same name + hostname, same PVC reattached. New IP. Clients use DNS. Only one web-1 at a time.",
        );
        assert_eq!(
            terse.len(),
            open("identity-what-survives-rescheduling").1,
            "{terse:?}"
        );
        let chatty = named(
            "storage-data-on-scale-down-and-delete",
            "So when you scale down, the claims aren't removed, they just stay there, and if you scale up again the same claim gets attached again. You can change that with persistentVolumeClaimRetentionPolicy (whenScaled / whenDeleted). What happens to the disk then depends on the reclaim policy.",
        );
        assert!(chatty.len() >= 4, "{chatty:?}");
        let rollback = named(
            "updates-forced-rollback",
            "web-2 is stuck, the controller waits for it to be ready which never happens. Roll back the image and then delete the broken pod by hand so it's recreated.",
        );
        for concept in [
            "the rollout stops at the highest ordinal",
            "OrderedReady waits for the broken Pod",
            "revert the template",
            "delete the stuck Pod by hand",
        ] {
            assert!(
                rollback.iter().any(|c| c == concept),
                "{concept}: {rollback:?}"
            );
        }
    }

    #[test]
    fn wrong_or_empty_answers_name_no_concepts() {
        for (id, answer) in [
            ("api-validation-change-immutable", ""),
            (
                "api-validation-change-immutable",
                "Just edit the manifest and kubectl apply it again, Kubernetes rolls the change out.",
            ),
            ("ordering-parallel-vs-orderedready", "I don't know."),
            (
                "statefulset-basics-deployment-vs-statefulset",
                "They are the same thing with a different name.",
            ),
            (
                "updates-forced-rollback",
                "Kubernetes fixes it by itself after a while.",
            ),
        ] {
            assert_eq!(named(id, answer), Vec::<String>::new(), "{id}: {answer}");
        }
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
