//! The progress report: where the learner is, what is due, what they keep missing, and
//! what to do next. Built from the store and the course; rendered as text or JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use super::plan::{self, Learner, LessonProgress, OnTrack, Step};
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
    /// The study plan's next step as a sentence (one entry; a list for compatibility).
    pub next: Vec<String>,
    /// The study plan's next step (see [`plan::next_step`]).
    pub next_step: Step,
    /// Per lesson, in course order: read, quiz answers, exercises passed.
    pub per_lesson: Vec<LessonProgress>,
    /// With an interview date ahead: whether the learner is on track for it.
    pub on_track: Option<OnTrack>,
}

fn top(counts: BTreeMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.truncate(n);
    list
}

/// Builds the report. Practice after a pass does not count against an exercise: the failed
/// checks of attempts after its first pass, and Again reviews of its card after a passing
/// one (stores written before `record` stopped writing them), are left out.
pub fn build(store: &Store, course: &Course, at: i64) -> Result<ProgressReport, StoreError> {
    let learner = Learner::load(store, at)?;
    let statuses = store.all_statuses()?;
    let cards: Vec<_> = learner.cards.values().collect();
    let passed = course
        .exercises
        .iter()
        .filter(|e| learner.passed.contains(&e.id))
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
    let mut mastered: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for review in &learner.reviews {
        if review.source == "exercise" {
            if review.rating == Rating::Again && mastered.contains(review.card.as_str()) {
                continue;
            }
            if review.rating != Rating::Again {
                mastered.insert(review.card.as_str());
            }
        }
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
            if attempt.passed {
                // Later attempts are practice on a mastered exercise.
                break;
            }
        }
    }
    let checks_missed = top(checks, 5);
    let concepts_missed = top(concepts, 5);

    let next_step = plan::next_step(course, &learner);
    Ok(ProgressReport {
        lessons_read: course
            .lessons
            .iter()
            .filter(|l| learner.read.contains_key(&l.id))
            .count(),
        lessons: course.lessons.len(),
        last_lesson: learner.last_read.clone(),
        exercises_passed: passed,
        exercises: course.exercises.len(),
        due_today,
        due_this_week,
        new_questions,
        interview_date: store.setting(super::INTERVIEW_DATE)?,
        retention,
        checks_missed,
        concepts_missed,
        next: vec![next_step.line()],
        per_lesson: plan::lesson_progress(course, &learner),
        on_track: plan::on_track(course, &learner),
        next_step,
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
    if let Some(date) = &report.interview_date
        && !date.is_empty()
    {
        out.push_str(&format!(
            "Interview on {date}: drills put what you are most likely to forget by then first.\n"
        ));
    }
    if let Some(track) = &report.on_track {
        if track.on_track {
            out.push_str(&format!(
                "On track for {}: every lesson read, {:.0}% of your questions predicted \
                 recalled on the day.\n",
                track.date,
                track.predicted_recall.unwrap_or(0.0) * 100.0
            ));
        } else {
            out.push_str(&format!(
                "Not on track for {} yet: {}.\n",
                track.date,
                track.behind.join("; ")
            ));
        }
    }
    if !report.per_lesson.is_empty() {
        let width = report
            .per_lesson
            .iter()
            .map(|l| l.id.chars().count())
            .max()
            .unwrap_or(0);
        out.push_str("\nLessons (read, quiz answers right, exercises passed):\n");
        for lesson in &report.per_lesson {
            let quiz = match lesson.recalled {
                Some(share) => format!("{:.0}% of {}", share * 100.0, lesson.reviews),
                None => "no answers".to_string(),
            };
            out.push_str(&format!(
                "  {:>2} {:<width$}  {:<7}  {:<11}  {}/{}\n",
                lesson.number,
                lesson.id,
                if lesson.read { "read" } else { "not yet" },
                quiz,
                lesson.exercises_passed,
                lesson.exercises,
            ));
        }
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
    for step in &report.next {
        out.push_str(&format!("\n{step}\n"));
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
