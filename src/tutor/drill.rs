//! Quizzes and mock interviews: choosing questions by spaced repetition, asking them,
//! grading, and recording each review so the next drill starts where the learner is weakest.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::input::{Input, Line};
use super::markdown;
use crate::content::Course;
use crate::content::quiz::{Kind, Question};
use crate::grade::answer::{Answer, Verdict, check};
use crate::progress::now;
use crate::progress::plan::{self, Learner};
use crate::progress::{Rating, Store};
use crate::ui::{CommandError, print, print_text};

pub use crate::progress::plan::card_of;

/// Orders the questions to ask: due cards first (with an interview date ahead, those least
/// likely to be recalled on the day first), then new questions from the lessons read, then
/// the rest in course order; see [`plan::order_questions`], which the study plan shares.
pub fn choose<'c>(
    course: &Course,
    questions: &[&'c Question],
    learner: &Learner,
) -> Vec<&'c Question> {
    plan::order_questions(course, learner, questions)
}

fn letter(i: usize) -> char {
    char::from(b'a' + u8::try_from(i.min(25)).unwrap_or(25))
}

fn parse_letters(text: &str, count: usize) -> Option<Vec<usize>> {
    let picks: Vec<usize> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.trim_end_matches([')', '.']).to_lowercase();
            match (w.parse::<usize>(), w.chars().next()) {
                (Ok(n), _) if (1..=count).contains(&n) => Some(n - 1),
                (_, Some(c))
                    if w.len() == 1
                        && c.is_ascii_lowercase()
                        && ((c as usize - 'a' as usize) < count) =>
                {
                    Some(c as usize - 'a' as usize)
                }
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    (!picks.is_empty()).then_some(picks)
}

/// A deterministic shuffle (the order the ordering question's items are shown in): rotate
/// by a number derived from the question id, so it is never the answer order.
fn shuffled(question: &Question, items: &[String]) -> Vec<String> {
    let n = items.len();
    let seed: usize = question.id.bytes().map(usize::from).sum();
    let shift = 1 + seed % (n - 1).max(1);
    let mut out: Vec<String> = (0..n).map(|i| items[(i + shift) % n].clone()).collect();
    if n > 2 {
        out.swap(0, n - 1);
    }
    if out == items {
        out.reverse();
    }
    out
}

/// The question as Markdown, with its choices lettered.
fn render_question(question: &Question, number: usize, total: usize) -> String {
    let mut md = format!(
        "**Question {number} of {total}** · {} · `{}`\n\n{}\n\n",
        question.topic,
        question.kind.name(),
        question.prompt.trim()
    );
    // One choice per line: a Markdown hard break (`\` at the end of a line) ends each but
    // the last, where a plain newline would join them into one line; the renderer hangs a
    // wrapped choice under its text.
    let list = |items: &[String]| {
        let lines: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}) {}", letter(i), c.trim()))
            .collect();
        lines.join("\\\n") + "\n"
    };
    match &question.kind {
        Kind::Single { choices, .. } => md.push_str(&format!("{}\nAnswer with a letter.\n", list(choices))),
        Kind::Multiple { choices, .. } => md.push_str(&format!("{}\nAnswer with every right letter, e.g. `a c`.\n", list(choices))),
        Kind::TrueFalse { .. } => md.push_str("Answer `true` or `false`.\n"),
        Kind::Ordering { order } => md.push_str(&format!(
            "{}\nAnswer with the letters in order, e.g. `c a b`, or the items separated by commas.\n",
            list(&shuffled(question, order))
        )),
        Kind::Short { .. } => md.push_str("Answer in a word or two.\n"),
        Kind::Predict { manifest, action, choices, .. } => md.push_str(&format!(
            "```yaml\n{}\n```\n\n**Then:** {action}\n\n{}\nAnswer with a letter.\n",
            manifest.trim_end(),
            list(choices)
        )),
        Kind::Manifest { starter, .. } => {
            if let Some(starter) = starter {
                md.push_str(&format!("Starting from:\n\n```yaml\n{}\n```\n\n", starter.trim_end()));
            }
            md.push_str("Type the manifest, then a line with a single `.` to finish.\n");
        }
        Kind::Open { .. } => md.push_str("Answer in your own words, then a line with a single `.` to finish.\n"),
    }
    md.push_str(
        "\n(`hint` narrows it down, each time more; `skip` shows the answer; `quit` stops)\n",
    );
    md
}

/// Parses a typed line into an answer for the question's kind; `Err` says what to type.
fn parse_answer(question: &Question, text: &str) -> Result<Answer, String> {
    let text = text.trim();
    match &question.kind {
        Kind::Single { choices, .. } | Kind::Predict { choices, .. } => {
            match parse_letters(text, choices.len()) {
                Some(picks) if picks.len() == 1 => Ok(Answer::Choices(picks)),
                _ => Err(format!(
                    "type one letter, a to {}",
                    letter(choices.len() - 1)
                )),
            }
        }
        Kind::Multiple { choices, .. } => parse_letters(text, choices.len())
            .map(Answer::Choices)
            .ok_or_else(|| {
                format!(
                    "type letters from a to {}, e.g. `a c`",
                    letter(choices.len() - 1)
                )
            }),
        Kind::TrueFalse { .. } => match text.to_lowercase().as_str() {
            "t" | "true" | "y" | "yes" => Ok(Answer::Bool(true)),
            "f" | "false" | "n" | "no" => Ok(Answer::Bool(false)),
            _ => Err("type true or false".into()),
        },
        Kind::Ordering { order } => {
            let shown = shuffled(question, order);
            if text.contains(',') {
                return Ok(Answer::Order(
                    text.split(',').map(|s| s.trim().to_string()).collect(),
                ));
            }
            match parse_letters(text, shown.len()) {
                Some(picks) => Ok(Answer::Order(
                    picks.into_iter().map(|i| shown[i].clone()).collect(),
                )),
                None => Err("type the letters in order, e.g. `c a b`".into()),
            }
        }
        Kind::Short { .. } | Kind::Manifest { .. } | Kind::Open { .. } => {
            Ok(Answer::Text(text.to_string()))
        }
    }
}

/// The right answer, for feedback after a wrong answer or a skip.
fn right_answer(question: &Question) -> String {
    match &question.kind {
        Kind::Single { choices, answer }
        | Kind::Predict {
            choices, answer, ..
        } => format!("{}) {}", letter(*answer), choices[*answer]),
        Kind::Multiple { choices, answers } => answers
            .iter()
            .map(|i| format!("{}) {}", letter(*i), choices[*i]))
            .collect::<Vec<_>>()
            .join("; "),
        Kind::TrueFalse { answer } => answer.to_string(),
        Kind::Ordering { order } => order.join(" → "),
        Kind::Short { accepted } => accepted[0].clone(),
        Kind::Manifest { .. } => format!(
            "a manifest with:\n\n```yaml\n{}\n```",
            question.expected_text.as_deref().unwrap_or("").trim()
        ),
        Kind::Open { model_answer, .. } => model_answer.trim().to_string(),
    }
}

fn show(md: &str) -> Result<(), CommandError> {
    print(&(markdown::render(md, super::pager::width(), color()) + "\n"))
}

fn color() -> bool {
    use std::io::IsTerminal;
    crate::review::render::text::use_color(std::io::stdout().is_terminal())
}

/// What a drill did, for its closing summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub asked: usize,
    pub right: usize,
    pub by_topic: HashMap<String, (usize, usize)>,
    pub missed: Vec<String>,
    pub ratings: Vec<Rating>,
    pub stopped_early: bool,
}

fn record(
    store: Option<&mut Store>,
    question: &Question,
    rating: Rating,
    source: &str,
    missed: &[String],
) {
    if let Some(store) = store
        && let Err(e) = store.review(
            &card_of(question),
            &question.topic,
            rating,
            now(),
            source,
            missed,
        )
    {
        eprintln!("warning: this answer was graded but not saved: {e}");
    }
}

/// What the learner types instead of an answer.
enum Word {
    Quit,
    Skip,
    Hint,
}

fn control_word(text: &str) -> Option<Word> {
    match text.trim().to_lowercase().as_str() {
        "quit" | "q" | "exit" => Some(Word::Quit),
        "skip" => Some(Word::Skip),
        "hint" | "?" => Some(Word::Hint),
        _ => None,
    }
}

/// Asks one question until it gets an answer; `None` when the learner quits. The answer
/// comes with whether a hint was shown.
fn ask(input: &mut Input, course: &Course, question: &Question) -> Option<(Option<Answer>, bool)> {
    let mut hints = 0;
    let block = matches!(question.kind, Kind::Manifest { .. } | Kind::Open { .. });
    loop {
        // The first line of a block answer may be `quit`, `skip` or `hint` as well.
        let text = match input.line("answer> ") {
            Line::Text(text) => text,
            Line::Interrupted | Line::End => return None,
        };
        match control_word(&text) {
            Some(Word::Quit) => return None,
            Some(Word::Skip) => return Some((None, hints > 0)),
            Some(Word::Hint) => {
                hints += 1;
                let _ = crate::ui::print_text(&hint(course, question, hints));
                continue;
            }
            None => {}
        }
        let text = if block && text.trim() != "." {
            match input.block_after(format!("{text}\n"), "     > ") {
                Line::Text(text) => text,
                Line::Interrupted | Line::End => return None,
            }
        } else if block {
            String::new()
        } else {
            text
        };
        match parse_answer(question, &text) {
            Ok(answer) => return Some((Some(answer), hints > 0)),
            Err(what) => {
                let _ = print(&format!("({what})\n"));
            }
        }
    }
}

/// The `level`th hint (from 1) on a question: a clue that narrows the answer down without
/// giving it, more precise each time, and where the course teaches it.
fn hint(course: &Course, question: &Question, level: usize) -> String {
    let mut out = match clue(question, level) {
        Some(clue) => format!("Hint {level}: {clue}\n"),
        None if level == 1 => String::new(),
        None => "No more hints short of the answer: `skip` shows it.\n".to_string(),
    };
    if level == 1 {
        out.push_str(&format!(
            "Taught in {}.\n",
            lesson_pointer(course, question)
        ));
    }
    out
}

/// The clues a question's kind allows: strike out wrong choices (always leaving two to
/// choose from), say how many choices are right, reveal the first items of an order or
/// the first letters of a short answer (never more than half), name the concepts an open
/// answer should cover. `None` past the last.
fn clue(question: &Question, level: usize) -> Option<String> {
    let k = level.checked_sub(1)?;
    match &question.kind {
        Kind::Single { choices, answer }
        | Kind::Predict {
            choices, answer, ..
        } => {
            let wrong = wrong_choices(question, choices.len(), &[*answer]);
            let strikes = choices.len().saturating_sub(2);
            let i = *wrong.get(k).filter(|_| k < strikes)?;
            Some(format!("it is not {}) {}.", letter(i), choices[i]))
        }
        Kind::Multiple { choices, answers } => {
            if k == 0 {
                let n = answers.len();
                return Some(format!(
                    "{n} of the {} choices {} right.",
                    choices.len(),
                    if n == 1 { "is" } else { "are" }
                ));
            }
            let wrong = wrong_choices(question, choices.len(), answers);
            let i = *wrong.get(k - 1).filter(|_| k < wrong.len())?;
            Some(format!("{}) {} is wrong.", letter(i), choices[i]))
        }
        Kind::Ordering { order } => {
            if k + 2 >= order.len() {
                return None;
            }
            Some(match k {
                0 => format!("the first is `{}`.", order[0]),
                _ => format!("then comes `{}`.", order[k]),
            })
        }
        Kind::Short { accepted } => {
            let word: Vec<char> = accepted.first()?.trim().chars().collect();
            let shown = k + 1;
            if shown * 2 > word.len() {
                return None;
            }
            let start: String = word[..shown].iter().collect();
            Some(format!(
                "{} characters, starting with `{start}`.",
                word.len()
            ))
        }
        Kind::Open { concepts, .. } => concepts
            .get(k)
            .map(|c| format!("a strong answer covers this: {}.", c.name)),
        Kind::TrueFalse { .. } | Kind::Manifest { .. } => None,
    }
}

/// The wrong choices of a question in the order hints strike them out: fixed per question
/// (so a hint repeated later says the same), not always the first ones.
fn wrong_choices(question: &Question, count: usize, right: &[usize]) -> Vec<usize> {
    let seed: usize = question.id.bytes().map(usize::from).sum();
    let mut wrong: Vec<usize> = (0..count).filter(|i| !right.contains(i)).collect();
    if !wrong.is_empty() {
        let shift = seed % wrong.len();
        wrong.rotate_left(shift);
    }
    wrong
}

/// "`lesson 5` (Ordering, scaling and pod management policies), section “Parallel: no
/// waiting”": the lesson to read, named as the learner types it, and the section whose
/// text shares the most words with the question and its answer (when one clearly does).
fn lesson_pointer(course: &Course, question: &Question) -> String {
    let Some(lesson) = course.lesson(&question.lesson) else {
        return format!(
            "`{}`",
            crate::ui::cmd(&format!("lesson {}", question.lesson))
        );
    };
    let mut out = format!(
        "`{}` ({})",
        crate::ui::cmd(&format!("lesson {}", lesson.number)),
        lesson.title
    );
    if let Some(section) = best_section(
        &lesson.body,
        &format!("{} {}", question.prompt, right_answer(question)),
    ) {
        out.push_str(&format!(", section “{section}”"));
    }
    out
}

/// The heading of the section of `body` (Markdown) that shares the most distinctive words
/// (six letters or more) with `text`, if it shares at least three and more than any other.
fn best_section(body: &str, text: &str) -> Option<String> {
    let significant = |t: &str| -> std::collections::HashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 6)
            .map(str::to_lowercase)
            .collect()
    };
    let wanted = significant(text);
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        let heading = line
            .strip_prefix("### ")
            .or_else(|| line.strip_prefix("## "));
        match (heading, sections.last_mut()) {
            (Some(h), _) => sections.push((h.trim().to_string(), String::new())),
            (None, Some((_, text))) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    let mut scored: Vec<(usize, &str)> = sections
        .iter()
        .filter(|(h, _)| !h.eq_ignore_ascii_case("recap"))
        .map(|(h, t)| (significant(t).intersection(&wanted).count(), h.as_str()))
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, heading), rest @ ..] if *best >= 3 && rest.first().is_none_or(|r| r.0 < *best) => {
            Some(heading.replace('`', ""))
        }
        _ => None,
    }
}

/// Runs a quiz of up to `count` auto-graded questions (open questions are for `interview`).
pub fn quiz(
    course: &Course,
    mut store: Option<&mut Store>,
    input: &mut Input,
    topic: Option<&str>,
    count: usize,
) -> Result<Summary, CommandError> {
    let pool: Vec<&Question> = course
        .questions
        .iter()
        .filter(|q| !matches!(q.kind, Kind::Open { .. }) && topic.is_none_or(|t| q.topic == t))
        .collect();
    if pool.is_empty() {
        return Err(CommandError::new(match topic {
            Some(t) => format!("there are no quiz questions on `{t}`"),
            None => "this course has no quiz questions".to_string(),
        })
        .help(format!("topics: {}", topics(course).join(", "))));
    }
    let learner = Learner::read(store.as_deref(), now());
    let chosen: Vec<&Question> = choose(course, &pool, &learner)
        .into_iter()
        .take(count)
        .collect();
    if let Some(notice) = plan::unread_notice(course, &learner, &chosen) {
        crate::ui::print_text(&format!("{notice}\n"))?;
    }
    if chosen.is_empty() {
        print(
            "Nothing is due: every question you have seen is scheduled for later. Come back tomorrow, or try `quiz --topic T` on a topic you have not started.\n",
        )?;
        return Ok(Summary::default());
    }
    let mut summary = Summary::default();
    for (i, question) in chosen.iter().enumerate() {
        show(&render_question(question, i + 1, chosen.len()))?;
        let Some((answer, hinted)) = ask(input, course, question) else {
            summary.stopped_early = true;
            break;
        };
        let verdict = match &answer {
            Some(answer) => check(question, answer),
            None => Verdict {
                correct: false,
                feedback: "skipped".into(),
                covered: Vec::new(),
                missed: Vec::new(),
                spelt: None,
            },
        };
        let rating = Rating::from_grade(verdict.correct, hinted);
        record(store.as_deref_mut(), question, rating, "quiz", &[]);
        summary.asked += 1;
        summary.ratings.push(rating);
        let entry = summary.by_topic.entry(question.topic.clone()).or_default();
        entry.1 += 1;
        let mut md = if verdict.correct {
            summary.right += 1;
            entry.0 += 1;
            match &verdict.spelt {
                Some(spelling) => format!("**Right** — it is spelt `{spelling}`."),
                None => "**Right.**".to_string(),
            }
        } else {
            summary.missed.push(question.id.clone());
            // Choice kinds are fully explained by the right answer; short answers and manifests
            // also get what was wrong with this one.
            let detail = match (&answer, &question.kind) {
                (None, _) => "**Skipped.**".to_string(),
                (Some(_), Kind::Short { .. } | Kind::Manifest { .. })
                    if !verdict.feedback.is_empty() =>
                {
                    format!("**Not quite:** {}", verdict.feedback.replace('\n', "  \n"))
                }
                _ => "**Not quite.**".to_string(),
            };
            format!("{detail}\n\nThe answer: {}", right_answer(question))
        };
        md.push_str(&format!(
            "\n\n{}\n\nLesson: {}\n",
            question.explanation.trim(),
            lesson_pointer(course, question)
        ));
        show(&md)?;
    }
    if summary.asked == 0 {
        print_text("Quiz stopped before any answer: nothing was recorded.\n")?;
        return Ok(summary);
    }
    let mut out = format!("Quiz done: {} of {} right.\n", summary.right, summary.asked);
    let mut topics: Vec<_> = summary.by_topic.iter().collect();
    topics.sort();
    for (topic, (right, asked)) in topics {
        out.push_str(&format!("  {topic}: {right}/{asked}\n"));
    }
    if !summary.missed.is_empty() {
        out.push_str(&format!(
            "Missed: {} (they come back sooner)\n",
            summary.missed.join(", ")
        ));
    }
    print_text(&out)?;
    Ok(summary)
}

fn topics(course: &Course) -> Vec<String> {
    let mut topics: Vec<String> = course.questions.iter().map(|q| q.topic.clone()).collect();
    topics.sort();
    topics.dedup();
    topics
}

/// Runs a timed mock interview of open questions; the learner rates each answer.
pub fn interview(
    course: &Course,
    mut store: Option<&mut Store>,
    input: &mut Input,
    topic: Option<&str>,
    minutes: u64,
) -> Result<Summary, CommandError> {
    let pool: Vec<&Question> = course
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Open { .. }) && topic.is_none_or(|t| q.topic == t))
        .collect();
    if pool.is_empty() {
        return Err(CommandError::new("there are no interview questions here")
            .help(format!("topics: {}", topics(course).join(", "))));
    }
    let learner = Learner::read(store.as_deref(), now());
    let mut chosen = choose(course, &pool, &learner);
    if chosen.is_empty() {
        // Nothing due: an interview still asks, weakest first.
        chosen = pool.clone();
    }
    let budget = Duration::from_secs(minutes.max(1) * 60);
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut covered_total = 0;
    let mut concepts_total = 0;
    show(&format!(
        "**Mock interview:** {minutes} minutes, {} questions ready. Answer as you would aloud, over as many lines as you like, and finish each answer with a line holding a single `.`. Instead of an answer you can type `hint` (a concept to cover), `skip` (see a strong answer and go on) or `quit` to stop the interview; Ctrl-D stops it too.",
        chosen.len()
    ))?;
    for (i, question) in chosen.iter().enumerate() {
        let elapsed = started.elapsed();
        if elapsed >= budget {
            print("Time is up.\n")?;
            break;
        }
        let left = (budget - elapsed).as_secs();
        show(&format!(
            "**Question {}** · {} · {}:{:02} left\n\n{}\n\n(End with a line holding a single `.`; `hint`, `skip`, or `quit` to stop the interview.)",
            i + 1,
            question.topic,
            left / 60,
            left % 60,
            question.prompt.trim()
        ))?;
        let Some((answer, _)) = ask(input, course, question) else {
            summary.stopped_early = true;
            break;
        };
        let Kind::Open {
            model_answer,
            concepts,
        } = &question.kind
        else {
            continue;
        };
        let verdict = answer.as_ref().map(|a| check(question, a));
        let (covered, missed) = verdict.map(|v| (v.covered, v.missed)).unwrap_or_else(|| {
            (
                Vec::new(),
                concepts.iter().map(|c| c.name.clone()).collect(),
            )
        });
        covered_total += covered.len();
        concepts_total += concepts.len();
        let mut md = format!(
            "**Key concepts you named ({}/{}):** {}\n\n",
            covered.len(),
            concepts.len(),
            if covered.is_empty() {
                "none".to_string()
            } else {
                covered.join(", ")
            }
        );
        if !missed.is_empty() {
            md.push_str(&format!("**Missed:** {}\n\n", missed.join(", ")));
        }
        md.push_str(&format!(
            "**A strong answer:** {}\n\nRate yourself: `again`, `hard`, `good` or `easy`.",
            model_answer.trim()
        ));
        show(&md)?;
        let rating = loop {
            match input.line("rating> ") {
                Line::Text(text) if matches!(control_word(&text), Some(Word::Quit)) => {
                    break None;
                }
                Line::Text(text) => match Rating::parse(&text) {
                    Some(rating) => break Some(rating),
                    None => print("(type again, hard, good or easy; `quit` stops)\n")?,
                },
                Line::Interrupted | Line::End => break None,
            }
        };
        let Some(rating) = rating else {
            summary.stopped_early = true;
            break;
        };
        record(store.as_deref_mut(), question, rating, "interview", &missed);
        summary.asked += 1;
        summary.ratings.push(rating);
        if rating >= Rating::Good {
            summary.right += 1;
        }
        summary.missed.extend(missed);
    }
    let used = started.elapsed().as_secs();
    let mut out = format!(
        "Interview over: {} question{} in {}:{:02}.\n",
        summary.asked,
        if summary.asked == 1 { "" } else { "s" },
        used / 60,
        used % 60
    );
    if concepts_total > 0 {
        out.push_str(&format!(
            "Key concepts named: {covered_total} of {concepts_total}.\n"
        ));
    }
    let count = |r: Rating| summary.ratings.iter().filter(|x| **x == r).count();
    out.push_str(&format!(
        "Your ratings: again {}, hard {}, good {}, easy {}.\n",
        count(Rating::Again),
        count(Rating::Hard),
        count(Rating::Good),
        count(Rating::Easy)
    ));
    if !summary.missed.is_empty() {
        let mut missed = summary.missed.clone();
        missed.sort();
        missed.dedup();
        out.push_str(&format!("Concepts to work on: {}.\n", missed.join(", ")));
    }
    print_text(&out)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::quiz::Concept;
    use crate::progress::CardInfo;

    fn question(id: &str, kind: Kind) -> Question {
        Question {
            id: id.into(),
            topic: "t".into(),
            prompt: "p".into(),
            explanation: "e".into(),
            lesson: "identity".into(),
            kind,
            expected_text: None,
            simulation: None,
        }
    }

    #[test]
    fn letters_and_answers_parse() {
        assert_eq!(parse_letters("a", 3), Some(vec![0]));
        assert_eq!(parse_letters("b, c", 3), Some(vec![1, 2]));
        assert_eq!(parse_letters("2", 3), Some(vec![1]));
        assert_eq!(parse_letters("d", 3), None);
        assert_eq!(parse_letters("", 3), None);
        let single = question(
            "s",
            Kind::Single {
                choices: vec!["x".into(), "y".into()],
                answer: 1,
            },
        );
        assert_eq!(parse_answer(&single, "b"), Ok(Answer::Choices(vec![1])));
        assert!(parse_answer(&single, "a b").is_err());
        let tf = question("t", Kind::TrueFalse { answer: true });
        assert_eq!(parse_answer(&tf, "Yes"), Ok(Answer::Bool(true)));
    }

    #[test]
    fn ordering_is_shown_shuffled_and_answerable_by_letters_or_names() {
        let order: Vec<String> = ["web-2", "web-1", "web-0"].map(String::from).to_vec();
        let q = question(
            "ordering-scale-down",
            Kind::Ordering {
                order: order.clone(),
            },
        );
        let shown = shuffled(&q, &order);
        assert_ne!(shown, order);
        let mut sorted = shown.clone();
        sorted.sort();
        assert_eq!(sorted, ["web-0", "web-1", "web-2"]);
        let letters: Vec<String> = order
            .iter()
            .map(|item| letter(shown.iter().position(|s| s == item).unwrap()).to_string())
            .collect();
        assert_eq!(
            parse_answer(&q, &letters.join(" ")),
            Ok(Answer::Order(order.clone()))
        );
        assert_eq!(
            parse_answer(&q, "web-2, web-1, web-0"),
            Ok(Answer::Order(order))
        );
    }

    fn course(lessons: &[&str]) -> Course {
        let lessons = lessons
            .iter()
            .zip(1..)
            .map(|(id, number)| crate::content::Lesson {
                number,
                id: id.to_string(),
                title: id.to_string(),
                objectives: Vec::new(),
                exercises: Vec::new(),
                quiz_topics: Vec::new(),
                body: String::new(),
                location: String::new(),
            })
            .collect();
        Course {
            exercises: Vec::new(),
            lessons,
            questions: Vec::new(),
            tree: crate::content::files::Tree::Embedded,
        }
    }

    fn on(id: &str, topic: &str) -> Question {
        Question {
            topic: topic.into(),
            lesson: topic.into(),
            ..question(id, Kind::TrueFalse { answer: true })
        }
    }

    fn card(id: &str, due: i64) -> CardInfo {
        CardInfo {
            card: format!("question:{id}"),
            due,
            reps: 1,
            lapses: 0,
            stability: 1.0,
            retrievability: 0.5,
        }
    }

    fn ids(questions: Vec<&Question>) -> Vec<&str> {
        questions.iter().map(|q| q.id.as_str()).collect()
    }

    #[test]
    fn due_cards_come_first_then_new_ones() {
        let (a, b, c) = (on("a", "t"), on("b", "t"), on("c", "t"));
        let mut learner = Learner::new(500);
        for card in [card("b", 100), card("c", 10_000)] {
            learner.cards.insert(card.card.clone(), card);
        }
        let order = ids(choose(&course(&["t"]), &[&a, &b, &c], &learner));
        assert_eq!(order, ["b", "a"], "b is due, a is new, c is not due yet");
    }

    /// Before the fix new questions came in the course's question order, which is the quiz
    /// files' alphabetical order: `api-validation` (lesson 9) first.
    #[test]
    fn new_questions_come_from_lessons_read_first() {
        let course = course(&["basics", "identity", "headless", "api"]);
        let qs = [
            on("api-1", "api"),
            on("api-2", "api"),
            on("basics-1", "basics"),
            on("basics-2", "basics"),
            on("headless-1", "headless"),
            on("identity-1", "identity"),
        ];
        let refs: Vec<&Question> = qs.iter().collect();
        let fresh = Learner::new(1000);
        assert_eq!(
            ids(choose(&course, &refs, &fresh)),
            [
                "basics-1",
                "basics-2",
                "identity-1",
                "headless-1",
                "api-1",
                "api-2"
            ],
            "nothing read: course order from lesson 1"
        );
        let mut learner = Learner::new(1000);
        for lesson in ["basics", "headless"] {
            learner.read.insert(lesson.to_string(), 900);
        }
        assert_eq!(
            ids(choose(&course, &refs, &learner)),
            [
                "basics-1",
                "headless-1",
                "basics-2",
                "identity-1",
                "api-1",
                "api-2"
            ],
            "read lessons round-robin, then the unread ones in course order"
        );
    }

    /// Before the fix an interview date ranked every question by its predicted recall on
    /// the day, new ones (0) first, so due cards never came back while new questions lasted.
    #[test]
    fn due_cards_come_back_with_an_interview_date() {
        let course = course(&["t"]);
        let (a, b, c, d) = (on("a", "t"), on("b", "t"), on("c", "t"), on("d", "t"));
        let mut learner = Learner::new(500);
        for card in [card("c", 100), card("d", 200), card("b", 10_000)] {
            learner.cards.insert(card.card.clone(), card);
        }
        learner.interview = Some(plan::Interview {
            date: "2099-01-01".into(),
            at: 1_000_000,
            recall: [
                ("question:c", 0.6),
                ("question:d", 0.3),
                ("question:b", 0.8),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        });
        assert_eq!(
            ids(choose(&course, &[&a, &b, &c, &d], &learner)),
            ["d", "c", "a", "b"],
            "due cards by recall on the day, then new, then the rest"
        );
    }

    #[test]
    fn hints_never_give_the_answer_away() {
        let single = question(
            "s",
            Kind::Single {
                choices: vec!["w".into(), "x".into(), "y".into(), "z".into()],
                answer: 2,
            },
        );
        let struck: Vec<String> = (1..=3).filter_map(|l| clue(&single, l)).collect();
        assert_eq!(struck.len(), 2, "two choices are always left: {struck:?}");
        assert!(struck.iter().all(|c| !c.contains("c) y")), "{struck:?}");
        let open = question(
            "o",
            Kind::Open {
                model_answer: "m".into(),
                concepts: vec![Concept {
                    name: "stable names".into(),
                    keywords: vec!["ordinal".into()],
                }],
            },
        );
        assert_eq!(
            clue(&open, 1).unwrap(),
            "a strong answer covers this: stable names."
        );
        assert_eq!(clue(&open, 2), None);
        let short = question(
            "p",
            Kind::Short {
                accepted: vec!["web".into()],
            },
        );
        assert_eq!(clue(&short, 1).unwrap(), "3 characters, starting with `w`.");
        assert_eq!(clue(&short, 2), None, "never more than half");
    }

    #[test]
    fn hints_point_at_the_lesson_and_its_section() {
        let course = Course::embedded().unwrap();
        let q = course
            .questions
            .iter()
            .find(|q| q.lesson == "ordering" && q.prompt.contains("Parallel"))
            .unwrap();
        let pointer = lesson_pointer(course, q);
        assert!(
            pointer.starts_with(
                "`sts-tutor lesson 5` (Ordering, scaling and pod management policies)"
            ),
            "{pointer}"
        );
        let body = "intro\n## Two policies\nOrderedReady waits; Parallel launches everything\n## Scaling down a quorum\nremoving members from a quorum breaks consensus when members vanish\n## Recap\nquorum members consensus removing\n";
        assert_eq!(
            best_section(
                body,
                "What happens to quorum members when removing replicas breaks consensus?"
            )
            .as_deref(),
            Some("Scaling down a quorum")
        );
        assert_eq!(best_section(body, "Something else entirely"), None);
    }

    #[test]
    fn open_questions_render_with_instructions() {
        let q = question(
            "o",
            Kind::Open {
                model_answer: "m".into(),
                concepts: vec![Concept {
                    name: "n".into(),
                    keywords: vec!["k".into()],
                }],
            },
        );
        assert!(render_question(&q, 1, 2).contains("a line with a single `.`"));
    }
}
