//! The progress report: where the learner is, what is due, what they keep missing, and
//! what to do next. Built from the store and the course; rendered as text or JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Rating, Store, StoreError};
use crate::content::Course;

const DAY: i64 = 86_400;

#[derive(Debug, Clone, Serialize)]
pub struct TopicRetention {
    pub topic: String,
    pub reviews: usize,
    /// Reviews not rated Again, as a share of all reviews of the topic.
    pub recalled: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressReport {
    pub lessons_read: usize,
    pub lessons: usize,
    pub last_lesson: Option<String>,
    pub exercises_passed: usize,
    pub exercises: usize,
    pub due_today: usize,
    pub due_this_week: usize,
    pub new_questions: usize,
    pub interview_date: Option<String>,
    pub retention: Vec<TopicRetention>,
    /// (check id, times failed), most first.
    pub checks_missed: Vec<(String, usize)>,
    /// (concept, times missed), most first.
    pub concepts_missed: Vec<(String, usize)>,
    pub next: Vec<String>,
}

fn top(counts: BTreeMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.truncate(n);
    list
}

pub fn build(store: &Store, course: &Course, at: i64) -> Result<ProgressReport, StoreError> {
    let read = store.lessons_read()?;
    let statuses = store.all_statuses()?;
    let cards = store.cards(at)?;
    let reviews = store.reviews()?;
    let passed = course
        .exercises
        .iter()
        .filter(|e| statuses.iter().any(|s| s.exercise == e.id && s.passed))
        .count();
    let question_cards: Vec<_> = cards
        .iter()
        .filter(|c| c.card.starts_with("question:"))
        .collect();
    let due_today = cards.iter().filter(|c| c.due <= at + DAY).count();
    let due_this_week = cards.iter().filter(|c| c.due <= at + 7 * DAY).count();
    let new_questions = course.questions.len().saturating_sub(question_cards.len());

    let mut per_topic: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut concepts: BTreeMap<String, usize> = BTreeMap::new();
    for review in &reviews {
        let entry = per_topic.entry(review.topic.clone()).or_default();
        entry.0 += 1;
        if review.rating != Rating::Again {
            entry.1 += 1;
        }
        if review.source == "interview" {
            for concept in &review.missed {
                *concepts.entry(concept.clone()).or_default() += 1;
            }
        }
    }
    let retention = per_topic
        .into_iter()
        .map(|(topic, (reviews, recalled))| TopicRetention {
            topic,
            reviews,
            recalled: recalled as f64 / reviews.max(1) as f64,
        })
        .collect();
    let mut checks: BTreeMap<String, usize> = BTreeMap::new();
    for status in &statuses {
        for attempt in store.attempts(&status.exercise)? {
            for check in attempt.failed_checks {
                *checks.entry(check).or_default() += 1;
            }
        }
    }
    let checks_missed = top(checks, 5);
    let concepts_missed = top(concepts, 5);

    let mut next = Vec::new();
    if due_today > 0 {
        next.push(format!(
            "{due_today} card{} due: run `quiz` (or `interview`)",
            if due_today == 1 { " is" } else { "s are" }
        ));
    }
    if let Some(lesson) = course.lessons.iter().find(|l| !read.contains(&l.id)) {
        next.push(format!(
            "read `lesson {}` ({})",
            lesson.number, lesson.title
        ));
    }
    if let Some(exercise) = course
        .exercises
        .iter()
        .find(|e| !statuses.iter().any(|s| s.exercise == e.id && s.passed))
    {
        next.push(format!(
            "try `exercise {}` ({})",
            exercise.id, exercise.title
        ));
    }
    if let Some((check, times)) = checks_missed.first().filter(|(_, n)| *n >= 2) {
        next.push(format!(
            "you keep missing `{check}` ({times} times): read its lesson again"
        ));
    }
    Ok(ProgressReport {
        lessons_read: course
            .lessons
            .iter()
            .filter(|l| read.contains(&l.id))
            .count(),
        lessons: course.lessons.len(),
        last_lesson: read.first().cloned(),
        exercises_passed: passed,
        exercises: course.exercises.len(),
        due_today,
        due_this_week,
        new_questions,
        interview_date: store.setting(super::INTERVIEW_DATE)?,
        retention,
        checks_missed,
        concepts_missed,
        next,
    })
}

pub fn render_text(report: &ProgressReport) -> String {
    let mut out = format!(
        "Lessons read: {} of {}",
        report.lessons_read, report.lessons
    );
    if let Some(last) = &report.last_lesson {
        out.push_str(&format!(" (last: {last})"));
    }
    out.push_str(&format!(
        ".\nExercises passed: {} of {}.\n",
        report.exercises_passed, report.exercises
    ));
    out.push_str(&format!(
        "Cards due today: {}, this week: {}; questions not seen yet: {}.\n",
        report.due_today, report.due_this_week, report.new_questions
    ));
    if let Some(date) = &report.interview_date {
        out.push_str(&format!(
            "Interview on {date}: drills put what you are most likely to forget by then first.\n"
        ));
    }
    if !report.retention.is_empty() {
        out.push_str("\nRetention by topic (answers not rated Again):\n");
        for topic in &report.retention {
            out.push_str(&format!(
                "  {:<20} {:>4.0}% of {} review{}\n",
                topic.topic,
                topic.recalled * 100.0,
                topic.reviews,
                if topic.reviews == 1 { "" } else { "s" }
            ));
        }
    }
    if !report.checks_missed.is_empty() {
        out.push_str("\nExercise checks you miss most:\n");
        for (check, times) in &report.checks_missed {
            out.push_str(&format!("  {check} ({times}×)\n"));
        }
    }
    if !report.concepts_missed.is_empty() {
        out.push_str("\nInterview concepts you miss most:\n");
        for (concept, times) in &report.concepts_missed {
            out.push_str(&format!("  {concept} ({times}×)\n"));
        }
    }
    if !report.next.is_empty() {
        out.push_str("\nNext:\n");
        for step in &report.next {
            out.push_str(&format!("  - {step}\n"));
        }
    }
    out
}

/// Everything in the store, for `progress --export json`.
pub fn export(store: &Store, course: &Course, at: i64) -> Result<serde_json::Value, StoreError> {
    let mut attempts = Vec::new();
    for status in store.all_statuses()? {
        attempts.extend(store.attempts(&status.exercise)?);
    }
    Ok(serde_json::json!({
        "version": 1,
        "exported_at": at,
        "report": build(store, course, at)?,
        "exercises": store.all_statuses()?,
        "attempts": attempts,
        "lessons_read": store.lessons_read()?,
        "cards": store.cards(at)?,
        "reviews": store.reviews()?,
        "interview_date": store.setting(super::INTERVIEW_DATE)?,
    }))
}
