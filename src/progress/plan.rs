//! The study plan: from what the learner has done (the store), the course and the time, the
//! one best next step, and the order drills ask their questions in. The REPL's banner and
//! `next`, `progress` and `quiz` all take their advice from here, so they never disagree.
//!
//! Everything here is pure over a [`Learner`] snapshot: [`Learner::load`] reads the store
//! once, and the functions below only look at it, which is what the unit tests build by hand.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{CardInfo, INTERVIEW_DATE, Rating, Review, Store, StoreError};
use crate::content::quiz::{Kind, Question};
use crate::content::{Course, Lesson};
use crate::ui::{cmd, plural};

/// The settings key under which [`Memory`] is kept.
const MEMORY_KEY: &str = "study_plan";

/// The recall FSRS schedules for: a learner is on track for an interview when the cards they
/// have seen are predicted at least this likely to be recalled on the day.
pub const TARGET_RECALL: f64 = 0.9;

/// How many questions the short quiz after a lesson asks at most.
const LESSON_QUIZ: usize = 5;

/// How many `offered` entries [`Memory`] keeps (oldest dropped first).
const MEMORY_LIMIT: usize = 200;

/// The card id of a question.
pub fn card_of(question: &Question) -> String {
    format!("question:{}", question.id)
}

/// The interview date `text` (`YYYY-MM-DD`) as a Unix time (midnight UTC), when it is after
/// `at`: on the day itself and after it there is nothing left to prepare for.
pub fn interview_at(text: &str, at: i64) -> Option<i64> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let day = date.and_time(NaiveTime::MIN).and_utc().timestamp();
    (day > at).then_some(day)
}

/// An interview date ahead, and how well each card is predicted to be recalled on it.
#[derive(Debug, Clone, Default)]
pub struct Interview {
    /// As the learner wrote it, `YYYY-MM-DD`.
    pub date: String,
    pub at: i64,
    /// Card id → predicted chance of recall on the date.
    pub recall: HashMap<String, f64>,
}

/// What `next` has already done, kept in the store's settings so a restart continues the
/// same plan. Without it a learner who quits the short quiz after a lesson, or who leaves an
/// exercise for later, would get the same step from every `next`: each step the learner
/// has been given once and may decline is remembered here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    /// The key of the step `next` performed last, and when: not proposed again straight
    /// away unless the learner answered something since (declining it moves on).
    #[serde(default)]
    pub last: Option<String>,
    #[serde(default)]
    pub last_at: i64,
    /// Steps offered once and not again: `quiz:LESSON:READ_AT` (the short quiz after a
    /// reading), `after:LESSON:READ_AT` (the exercise slot after it) and `exercise:ID`.
    #[serde(default)]
    pub offered: Vec<String>,
}

/// Everything the plan looks at, read from the store at one moment.
#[derive(Debug, Clone, Default)]
pub struct Learner {
    pub at: i64,
    /// Lesson id → when it was last opened.
    pub read: HashMap<String, i64>,
    /// The lesson opened most recently.
    pub last_read: Option<String>,
    /// Card id → the card at `at`.
    pub cards: HashMap<String, CardInfo>,
    pub interview: Option<Interview>,
    /// Every review, oldest first.
    pub reviews: Vec<Review>,
    /// Exercises passed at least once.
    pub passed: HashSet<String>,
    pub memory: Memory,
}

impl Learner {
    /// A learner with no history (no store, or a fresh one).
    pub fn new(at: i64) -> Learner {
        Learner {
            at,
            ..Learner::default()
        }
    }

    /// The learner's state from `store` at `at`, or no history when there is no store or
    /// it cannot be read: drills and advice still work, as progress is a convenience.
    pub fn read(store: Option<&Store>, at: i64) -> Learner {
        store
            .and_then(|s| Learner::load(s, at).ok())
            .unwrap_or_else(|| Learner::new(at))
    }

    /// Reads the learner's state from the store at time `at`.
    pub fn load(store: &Store, at: i64) -> Result<Learner, StoreError> {
        let reads = store.lesson_reads()?;
        let cards = store.cards(at)?;
        let interview = match store.setting(INTERVIEW_DATE)? {
            Some(text) => match interview_at(&text, at) {
                Some(day) => Some(Interview {
                    date: text.trim().to_string(),
                    at: day,
                    recall: store
                        .cards(day)?
                        .into_iter()
                        .map(|c| (c.card, c.retrievability))
                        .collect(),
                }),
                None => None,
            },
            None => None,
        };
        let memory = store
            .setting(MEMORY_KEY)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Ok(Learner {
            at,
            last_read: reads.first().map(|(lesson, _)| lesson.clone()),
            read: reads.into_iter().collect(),
            cards: cards.into_iter().map(|c| (c.card.clone(), c)).collect(),
            interview,
            reviews: store.reviews()?,
            passed: store
                .all_statuses()?
                .into_iter()
                .filter(|s| s.passed)
                .map(|s| s.exercise)
                .collect(),
            memory,
        })
    }

    fn is_read(&self, lesson: &str) -> bool {
        self.read.contains_key(lesson)
    }

    fn is_due(&self, question: &Question) -> bool {
        self.cards
            .get(&card_of(question))
            .is_some_and(|c| c.due <= self.at)
    }

    fn is_new(&self, question: &Question) -> bool {
        !self.cards.contains_key(&card_of(question))
    }

    fn recall_on_date(&self, question: &Question) -> Option<f64> {
        let interview = self.interview.as_ref()?;
        Some(
            interview
                .recall
                .get(&card_of(question))
                .copied()
                .unwrap_or(0.0),
        )
    }
}

/// The position in the course of the lesson a question belongs to: the lesson whose id is
/// its topic (quizzes are named after lessons), else the lesson it names as teaching it.
/// `None` for questions outside every lesson (an instructor's course without lessons).
pub fn lesson_index(course: &Course, question: &Question) -> Option<usize> {
    let by = |id: &str| course.lessons.iter().position(|l| l.id == id);
    by(&question.topic).or_else(|| by(&question.lesson))
}

fn is_auto(question: &Question) -> bool {
    !matches!(question.kind, Kind::Open { .. })
}

/// Orders `questions` for a drill:
///
/// 1. cards that are due: with an interview date ahead, the ones least likely to be
///    recalled on that date first; otherwise the most overdue first;
/// 2. new questions from lessons already read, round-robin across those lessons in course
///    order (the first question of each read lesson, then the second of each, …), so a quiz
///    after reading lessons 1–3 mixes all three instead of exhausting one;
/// 3. new questions from lessons not read yet, lesson by lesson in course order (what the
///    learner will read next comes first), then questions outside every lesson;
/// 4. with an interview date only: cards not due yet, least likely to be recalled on the
///    date first, so an interview-date drill always has something to practise.
///
/// Within a lesson questions keep their order in the course.
pub fn order_questions<'c>(
    course: &Course,
    learner: &Learner,
    questions: &[&'c Question],
) -> Vec<&'c Question> {
    let mut due: Vec<&Question> = questions
        .iter()
        .copied()
        .filter(|q| learner.is_due(q))
        .collect();
    let key = |q: &Question| learner.cards.get(&card_of(q)).map_or(0, |c| c.due);
    if learner.interview.is_some() {
        due.sort_by(|a, b| {
            let (ra, rb) = (learner.recall_on_date(a), learner.recall_on_date(b));
            ra.unwrap_or(0.0)
                .total_cmp(&rb.unwrap_or(0.0))
                .then(key(a).cmp(&key(b)))
        });
    } else {
        due.sort_by_key(|q| key(q));
    }

    // New questions, grouped by lesson (`lessons.len()` holds those outside every lesson).
    let mut groups: Vec<Vec<&Question>> = vec![Vec::new(); course.lessons.len() + 1];
    for question in questions.iter().copied().filter(|q| learner.is_new(q)) {
        let index = lesson_index(course, question).unwrap_or(course.lessons.len());
        groups[index].push(question);
    }
    let (read, unread): (Vec<usize>, Vec<usize>) =
        (0..course.lessons.len()).partition(|i| learner.is_read(&course.lessons[*i].id));
    let mut new_read = Vec::new();
    let longest = read.iter().map(|i| groups[*i].len()).max().unwrap_or(0);
    for round in 0..longest {
        for i in &read {
            if let Some(question) = groups[*i].get(round) {
                new_read.push(*question);
            }
        }
    }
    let outside = course.lessons.len();
    let new_unread = unread
        .into_iter()
        .chain(std::iter::once(outside))
        .flat_map(|i| groups[i].iter().copied());

    let mut later: Vec<&Question> = Vec::new();
    if learner.interview.is_some() {
        later = questions
            .iter()
            .copied()
            .filter(|q| !learner.is_new(q) && !learner.is_due(q))
            .collect();
        later.sort_by(|a, b| {
            learner
                .recall_on_date(a)
                .unwrap_or(0.0)
                .total_cmp(&learner.recall_on_date(b).unwrap_or(0.0))
        });
    }
    due.into_iter()
        .chain(new_read)
        .chain(new_unread)
        .chain(later)
        .collect()
}

/// One line saying which of the `chosen` questions come from lessons not read yet, or
/// `None` when they all come from lessons read (or from no lesson).
pub fn unread_notice(course: &Course, learner: &Learner, chosen: &[&Question]) -> Option<String> {
    let mut lessons: Vec<&Lesson> = Vec::new();
    let mut count = 0;
    for question in chosen {
        if let Some(i) = lesson_index(course, question)
            && !learner.is_read(&course.lessons[i].id)
        {
            count += 1;
            if !lessons.iter().any(|l| l.id == course.lessons[i].id) {
                lessons.push(&course.lessons[i]);
            }
        }
    }
    lessons.sort_by_key(|l| l.number);
    let first = *lessons.first()?;
    let numbers: Vec<String> = lessons.iter().map(|l| l.number.to_string()).collect();
    let list = match numbers.as_slice() {
        [one] => format!("lesson {one}"),
        [init @ .., last] => format!("lessons {} and {last}", init.join(", ")),
        [] => return None,
    };
    let which = if count == chosen.len() {
        "these questions come".to_string()
    } else {
        format!("{count} of these {} questions come", chosen.len())
    };
    let it = if lessons.len() == 1 { "it" } else { "them" };
    Some(format!(
        "You have not read {list} yet: {which} from {it} (`{}` first).",
        cmd(&format!("lesson {}", first.number))
    ))
}

/// The one best next step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Questions due for review: a quiz (or, when only open questions are due, an interview).
    Review { due: usize, interview: bool },
    /// A short quiz on the lesson just read, whose questions are unseen.
    LessonQuiz {
        lesson: u32,
        id: String,
        title: String,
        count: usize,
    },
    /// An exercise: the one the lesson just read prepares (`lesson`), or one still to pass.
    Exercise {
        id: String,
        title: String,
        lesson: Option<u32>,
    },
    /// The next lesson to read.
    Lesson {
        lesson: u32,
        id: String,
        title: String,
    },
    /// Before an interview: the lesson whose cards are least likely recalled on the day.
    WeakTopic {
        lesson: u32,
        id: String,
        recall: f64,
        date: String,
    },
    /// Everything read and passed: questions not seen yet.
    Practice { unseen: usize },
    /// Nothing left to do.
    Done,
}

impl Step {
    /// What identifies the step, for [`Memory`].
    pub fn key(&self) -> String {
        match self {
            Step::Review { .. } => "review".to_string(),
            Step::LessonQuiz { id, .. } => format!("quiz:{id}"),
            Step::Exercise { id, .. } => format!("exercise:{id}"),
            Step::Lesson { id, .. } => format!("lesson:{id}"),
            Step::WeakTopic { id, .. } => format!("weak:{id}"),
            Step::Practice { .. } => "practice".to_string(),
            Step::Done => "done".to_string(),
        }
    }

    /// The command that performs the step, without the program name (see [`cmd`]).
    pub fn command(&self) -> Option<String> {
        Some(match self {
            Step::Review {
                interview: true, ..
            } => "interview".to_string(),
            Step::Review { due, .. } if *due < 10 => format!("quiz -n {due}"),
            Step::Review { .. } | Step::Practice { .. } => "quiz".to_string(),
            Step::LessonQuiz { id, count, .. } => format!("quiz --topic {id} -n {count}"),
            Step::Exercise { id, .. } => format!("exercise {id}"),
            Step::Lesson { lesson, .. } => format!("lesson {lesson}"),
            Step::WeakTopic { id, .. } => format!("quiz --topic {id} -n {LESSON_QUIZ}"),
            Step::Done => return None,
        })
    }

    /// What the step is, in a few words, for "Next: `COMMAND` (WHAT)."
    pub fn what(&self) -> String {
        match self {
            Step::Review { due, .. } => format!(
                "{due} question{} due for review",
                if *due == 1 { "" } else { "s" }
            ),
            Step::LessonQuiz {
                lesson,
                title,
                count,
                ..
            } => format!("{count} questions on lesson {lesson}, {title}"),
            Step::Exercise {
                title,
                lesson: Some(lesson),
                ..
            } => format!("{title}: the exercise lesson {lesson} prepares"),
            Step::Exercise { title, .. } => format!("{title}: an exercise not passed yet"),
            Step::Lesson { title, .. } => title.clone(),
            Step::WeakTopic {
                id, recall, date, ..
            } => format!(
                "your weakest topic before the interview on {date}: {id}, {:.0}% predicted recall",
                recall * 100.0
            ),
            Step::Practice { unseen } => format!("{unseen} questions you have not seen yet"),
            Step::Done => "nothing left".to_string(),
        }
    }

    /// The banner's and `progress`'s line: `Next: `lesson 4` (Per-Pod storage …).`
    pub fn line(&self) -> String {
        match self.command() {
            Some(command) => format!("Next: `{}` ({}).", cmd(&command), self.what()),
            None => "You have read every lesson, passed every exercise and nothing is due. \
                     Well done."
                .to_string(),
        }
    }

    /// The key remembered once this step was offered, so it is not offered again (see
    /// [`Memory::offered`]).
    fn once_keys(&self, learner: &Learner) -> Vec<String> {
        let read_at = |id: &str| learner.read.get(id).copied().unwrap_or(0);
        match self {
            Step::LessonQuiz { id, .. } => vec![format!("quiz:{id}:{}", read_at(id))],
            Step::Exercise { id, lesson, .. } => {
                let mut keys = vec![format!("exercise:{id}")];
                if lesson.is_some()
                    && let Some(last) = &learner.last_read
                {
                    keys.push(format!("after:{last}:{}", read_at(last)));
                }
                keys
            }
            _ => Vec::new(),
        }
    }
}

/// Remembers that `next` performed `step` (see [`Memory`]).
pub fn remember(store: &mut Store, learner: &Learner, step: &Step) -> Result<(), StoreError> {
    let mut memory = learner.memory.clone();
    memory.last = Some(step.key());
    memory.last_at = learner.at;
    for key in step.once_keys(learner) {
        if !memory.offered.contains(&key) {
            memory.offered.push(key);
        }
    }
    if memory.offered.len() > MEMORY_LIMIT {
        let extra = memory.offered.len() - MEMORY_LIMIT;
        memory.offered.drain(..extra);
    }
    let json = serde_json::to_string(&memory).unwrap_or_default();
    store.set_setting(MEMORY_KEY, &json)
}

fn lesson_step(lesson: &Lesson) -> Step {
    Step::Lesson {
        lesson: lesson.number,
        id: lesson.id.clone(),
        title: lesson.title.clone(),
    }
}

/// The next lesson not read yet: the first unread one after the lesson read last (so paging
/// on from lesson 6 goes to 7, not back to a skipped lesson 1), wrapping round to the start.
pub fn next_unread<'c>(course: &'c Course, learner: &Learner) -> Option<&'c Lesson> {
    let start = learner
        .last_read
        .as_ref()
        .and_then(|id| course.lessons.iter().position(|l| &l.id == id))
        .map_or(0, |i| i + 1);
    let n = course.lessons.len();
    (0..n)
        .map(|k| &course.lessons[(start + k) % n])
        .find(|l| !learner.is_read(&l.id))
}

/// A lesson's questions (those whose topic or teaching lesson it is).
fn questions_of<'c>(course: &'c Course, lesson: &Lesson) -> impl Iterator<Item = &'c Question> {
    let id = lesson.id.clone();
    course
        .questions
        .iter()
        .filter(move |q| q.topic == id || q.lesson == id)
}

/// Mean predicted recall on the interview date of each lesson's questions seen so far,
/// weakest first: (lesson, recall).
pub fn recall_by_lesson<'c>(course: &'c Course, learner: &Learner) -> Vec<(&'c Lesson, f64)> {
    let Some(interview) = &learner.interview else {
        return Vec::new();
    };
    let mut out: Vec<(&Lesson, f64)> = course
        .lessons
        .iter()
        .filter_map(|lesson| {
            let recalls: Vec<f64> = questions_of(course, lesson)
                .filter(|q| !learner.is_new(q))
                .map(|q| interview.recall.get(&card_of(q)).copied().unwrap_or(0.0))
                .collect();
            (!recalls.is_empty())
                .then(|| (lesson, recalls.iter().sum::<f64>() / recalls.len() as f64))
        })
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.number.cmp(&b.0.number)));
    out
}

/// Whether all of an exercise's lessons are read, so it can be attempted with what was taught.
fn prepared(course: &Course, learner: &Learner, exercise: &str) -> bool {
    course
        .exercise(exercise)
        .is_some_and(|e| e.lessons.iter().all(|l| learner.is_read(l)))
}

/// The one best next step, in this order:
///
/// 1. questions due for review (what would otherwise be forgotten comes first);
/// 2. right after reading a lesson, a short quiz (up to five questions) on it if its
///    questions are unseen and it was not quizzed since, then the exercise it prepares
///    (the first of its exercises not passed nor offered before whose lessons are all
///    read) — each offered once per reading, so typing `next` again moves on;
/// 3. the next lesson not read yet ([`next_unread`]);
/// 4. with every lesson read: before an interview date, the lesson whose cards are least
///    likely recalled on the day, if below [`TARGET_RECALL`]; then exercises not passed, in
///    the order lessons list them; then questions not seen yet;
/// 5. nothing.
///
/// The step `next` performed last is not proposed again straight away when nothing was
/// answered since, so declining a step (quitting a review quiz, leaving an exercise) and
/// typing `next` moves on, while a finished review quiz can be followed by the next one.
pub fn next_step(course: &Course, learner: &Learner) -> Step {
    // The step performed last was declined when nothing was answered since.
    let answered = learner
        .reviews
        .iter()
        .any(|r| r.at >= learner.memory.last_at);
    let last = learner.memory.last.as_deref().filter(|_| !answered);
    let fresh = |step: &Step| last != Some(step.key().as_str());
    let offered = |key: &str| learner.memory.offered.iter().any(|k| k == key);

    // 1. Due reviews.
    let due: Vec<&Question> = course
        .questions
        .iter()
        .filter(|q| learner.is_due(q))
        .collect();
    let due_auto = due.iter().filter(|q| is_auto(q)).count();
    let review = match (due_auto, due.len()) {
        (0, 0) => None,
        (0, open) => Some(Step::Review {
            due: open,
            interview: true,
        }),
        (auto, _) => Some(Step::Review {
            due: auto,
            interview: false,
        }),
    };
    if let Some(step) = review.filter(|s| fresh(s)) {
        return step;
    }

    // 2. Following on from the lesson just read.
    let just_read = learner
        .last_read
        .as_ref()
        .and_then(|id| course.lessons.iter().find(|l| &l.id == id));
    if let Some(lesson) = just_read {
        let read_at = learner.read.get(&lesson.id).copied().unwrap_or(0);
        let unseen = questions_of(course, lesson)
            .filter(|q| is_auto(q) && q.topic == lesson.id && learner.is_new(q))
            .count();
        let quizzed_since = learner
            .reviews
            .iter()
            .any(|r| r.at >= read_at && r.card.starts_with("question:") && (r.topic == lesson.id));
        let step = Step::LessonQuiz {
            lesson: lesson.number,
            id: lesson.id.clone(),
            title: lesson.title.clone(),
            count: unseen.min(LESSON_QUIZ),
        };
        if unseen > 0
            && !quizzed_since
            && !offered(&format!("quiz:{}:{read_at}", lesson.id))
            && fresh(&step)
        {
            return step;
        }
        if !offered(&format!("after:{}:{read_at}", lesson.id)) {
            let exercise = lesson.exercises.iter().find(|id| {
                !learner.passed.contains(*id)
                    && !offered(&format!("exercise:{id}"))
                    && prepared(course, learner, id)
            });
            if let Some(exercise) = exercise.and_then(|id| course.exercise(id)) {
                let step = Step::Exercise {
                    id: exercise.id.clone(),
                    title: exercise.title.clone(),
                    lesson: Some(lesson.number),
                };
                if fresh(&step) {
                    return step;
                }
            }
        }
    }

    // 3. Read on.
    if let Some(lesson) = next_unread(course, learner) {
        return lesson_step(lesson);
    }

    // 4. Everything read.
    if let Some(interview) = &learner.interview
        && let Some((lesson, recall)) = recall_by_lesson(course, learner).first()
        && *recall < TARGET_RECALL
    {
        let step = Step::WeakTopic {
            lesson: lesson.number,
            id: lesson.id.clone(),
            recall: *recall,
            date: interview.date.clone(),
        };
        if fresh(&step) {
            return step;
        }
    }
    let mut exercises: Vec<&str> = Vec::new();
    for id in course
        .lessons
        .iter()
        .flat_map(|l| l.exercises.iter().map(String::as_str))
        .chain(course.exercises.iter().map(|e| e.id.as_str()))
    {
        if !exercises.contains(&id) && course.exercise(id).is_some() && !learner.passed.contains(id)
        {
            exercises.push(id);
        }
    }
    let pick = exercises
        .iter()
        .find(|id| !offered(&format!("exercise:{id}")))
        .or_else(|| {
            exercises
                .iter()
                .find(|id| last != Some(format!("exercise:{id}").as_str()))
        });
    if let Some(exercise) = pick.and_then(|id| course.exercise(id)) {
        return Step::Exercise {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            lesson: None,
        };
    }
    let unseen = course
        .questions
        .iter()
        .filter(|q| is_auto(q) && learner.is_new(q))
        .count();
    let practice = Step::Practice { unseen };
    if unseen > 0 && fresh(&practice) {
        return practice;
    }
    Step::Done
}

/// What `next` says before performing `step`: what it does, and how to do something else.
pub fn announce(course: &Course, learner: &Learner, step: &Step) -> String {
    let instead = match (step, next_unread(course, learner)) {
        (Step::Lesson { .. }, _) if !learner.read.is_empty() => {
            format!("`{}` drills what you have read instead", cmd("quiz"))
        }
        (Step::Lesson { .. }, _) => format!("`{}` lists every lesson instead", cmd("lessons")),
        (_, Some(lesson)) => format!(
            "`{}` reads on instead",
            cmd(&format!("lesson {}", lesson.number))
        ),
        (_, None) => format!("`{}` shows where you stand", cmd("progress")),
    };
    match step {
        Step::Review {
            due,
            interview: false,
        } => format!(
            "{} due for review first: a quiz on {}; {instead}.",
            plural(*due, "question is", "questions are"),
            if *due == 1 { "it" } else { "them" }
        ),
        Step::Review { due, .. } => format!(
            "{} due for review first: a mock interview; {instead}.",
            plural(*due, "open question is", "open questions are")
        ),
        Step::LessonQuiz { lesson, count, .. } => format!(
            "A short quiz on lesson {lesson} ({}; `quit` stops it); {instead}.",
            plural(*count, "question", "questions")
        ),
        Step::Exercise { id, lesson, .. } => format!(
            "{}: `{id}`. Write your answer, then `{}` grades it; {instead}.",
            match lesson {
                Some(n) => format!("The exercise lesson {n} prepares"),
                None => "An exercise not passed yet".to_string(),
            },
            cmd(&format!("check {id}"))
        ),
        Step::Lesson { lesson, title, .. } => {
            format!("Lesson {lesson}: {title}; {instead}.")
        }
        Step::WeakTopic { .. } => format!("Next: {}; {instead}.", step.what()),
        Step::Practice { unseen } => format!(
            "A quiz on questions you have not seen ({unseen} left); `{}` lists the exercises.",
            cmd("exercises")
        ),
        Step::Done => step.line(),
    }
}

/// Progress on one lesson, for `progress`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonProgress {
    pub number: u32,
    pub id: String,
    pub title: String,
    pub read: bool,
    /// The lesson's questions, and how many of them have been answered at least once.
    pub questions: usize,
    pub questions_seen: usize,
    /// Reviews of the lesson's questions, and the share not rated Again.
    pub reviews: usize,
    pub recalled: Option<f64>,
    /// With an interview date: mean predicted recall of the questions seen, on the day.
    pub recall_on_interview: Option<f64>,
    /// The exercises the lesson lists, and how many of them are passed.
    pub exercises: usize,
    pub exercises_passed: usize,
}

/// One row per lesson, in course order.
pub fn lesson_progress(course: &Course, learner: &Learner) -> Vec<LessonProgress> {
    let on_date: HashMap<&str, f64> = recall_by_lesson(course, learner)
        .into_iter()
        .map(|(l, r)| (l.id.as_str(), r))
        .collect();
    course
        .lessons
        .iter()
        .map(|lesson| {
            let questions: Vec<&Question> = questions_of(course, lesson).collect();
            let cards: HashSet<String> = questions.iter().map(|q| card_of(q)).collect();
            let reviews: Vec<&Review> = learner
                .reviews
                .iter()
                .filter(|r| cards.contains(&r.card))
                .collect();
            let recalled = reviews.iter().filter(|r| r.rating != Rating::Again).count();
            let exercises: Vec<&String> = lesson
                .exercises
                .iter()
                .filter(|id| course.exercise(id).is_some())
                .collect();
            LessonProgress {
                number: lesson.number,
                id: lesson.id.clone(),
                title: lesson.title.clone(),
                read: learner.is_read(&lesson.id),
                questions: questions.len(),
                questions_seen: questions.iter().filter(|q| !learner.is_new(q)).count(),
                reviews: reviews.len(),
                recalled: (!reviews.is_empty()).then(|| recalled as f64 / reviews.len() as f64),
                recall_on_interview: on_date.get(lesson.id.as_str()).copied(),
                exercises: exercises.len(),
                exercises_passed: exercises
                    .iter()
                    .filter(|id| learner.passed.contains(id.as_str()))
                    .count(),
            }
        })
        .collect()
}

/// Whether the learner is on track for their interview, and what is behind if not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnTrack {
    pub date: String,
    pub on_track: bool,
    /// The share of questions seen that is predicted to be recalled on the day (`None`
    /// before any question was answered).
    pub predicted_recall: Option<f64>,
    pub lessons_unread: Vec<String>,
    /// What is behind, one short sentence each; empty when on track.
    pub behind: Vec<String>,
}

/// On track means: every lesson read, questions answered on every lesson, and the questions
/// seen predicted at least [`TARGET_RECALL`] likely to be recalled on the day.
pub fn on_track(course: &Course, learner: &Learner) -> Option<OnTrack> {
    let interview = learner.interview.as_ref()?;
    let seen: Vec<f64> = course
        .questions
        .iter()
        .filter(|q| !learner.is_new(q))
        .map(|q| interview.recall.get(&card_of(q)).copied().unwrap_or(0.0))
        .collect();
    let predicted = (!seen.is_empty()).then(|| seen.iter().sum::<f64>() / seen.len() as f64);
    let unread: Vec<&Lesson> = course
        .lessons
        .iter()
        .filter(|l| !learner.is_read(&l.id))
        .collect();
    let unstarted: Vec<&Lesson> = course
        .lessons
        .iter()
        .filter(|l| learner.is_read(&l.id))
        .filter(|l| {
            let mut questions = questions_of(course, l).peekable();
            questions.peek().is_some() && questions.all(|q| learner.is_new(q))
        })
        .collect();
    let numbers = |lessons: &[&Lesson]| {
        lessons
            .iter()
            .map(|l| l.number.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut behind = Vec::new();
    if !unread.is_empty() {
        behind.push(format!(
            "{} not read yet (lesson{} {})",
            plural(unread.len(), "lesson", "lessons"),
            if unread.len() == 1 { "" } else { "s" },
            numbers(&unread)
        ));
    }
    if !unstarted.is_empty() {
        behind.push(format!(
            "no questions answered yet on lesson{} {}",
            if unstarted.len() == 1 { "" } else { "s" },
            numbers(&unstarted)
        ));
    }
    match predicted {
        Some(p) if p < TARGET_RECALL => behind.push(format!(
            "{:.0}% of the questions you have seen are predicted recalled on the day \
             (aim: {:.0}%)",
            p * 100.0,
            TARGET_RECALL * 100.0
        )),
        Some(_) => {}
        None => behind.push("no questions answered yet".to_string()),
    }
    Some(OnTrack {
        date: interview.date.clone(),
        on_track: behind.is_empty(),
        predicted_recall: predicted,
        lessons_unread: unread.iter().map(|l| l.id.clone()).collect(),
        behind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_900_000_000;

    fn course() -> &'static Course {
        Course::embedded().unwrap()
    }

    fn read(learner: &mut Learner, lessons: &[&str], at: i64) {
        for lesson in lessons {
            learner.read.insert(lesson.to_string(), at);
            learner.last_read = Some(lesson.to_string());
        }
    }

    fn seen(learner: &mut Learner, question: &Question, due: i64, recall: f64) {
        let card = card_of(question);
        learner.cards.insert(
            card.clone(),
            CardInfo {
                card: card.clone(),
                due,
                reps: 1,
                lapses: 0,
                stability: 1.0,
                retrievability: recall,
            },
        );
        learner.reviews.push(Review {
            card,
            topic: question.topic.clone(),
            at: NOW - 10,
            rating: Rating::Good,
            source: "quiz".into(),
            missed: Vec::new(),
        });
    }

    /// What `next` does to the memory, without a store.
    fn offer(learner: &mut Learner, step: &Step) {
        learner.memory.last = Some(step.key());
        learner.memory.last_at = learner.at;
        for key in step.once_keys(learner) {
            learner.memory.offered.push(key);
        }
    }

    #[test]
    fn a_new_learner_starts_with_lesson_one() {
        let step = next_step(course(), &Learner::new(NOW));
        assert!(matches!(step, Step::Lesson { lesson: 1, .. }), "{step:?}");
    }

    #[test]
    fn after_a_lesson_a_short_quiz_then_its_exercise_then_the_next_lesson() {
        let course = course();
        let mut learner = Learner::new(NOW);
        read(&mut learner, &["statefulset-basics", "identity"], NOW - 60);
        let quiz = next_step(course, &learner);
        assert_eq!(
            quiz,
            Step::LessonQuiz {
                lesson: 2,
                id: "identity".into(),
                title: "Stable Pod identity".into(),
                count: 5
            }
        );
        assert_eq!(quiz.command().unwrap(), "quiz --topic identity -n 5");
        // Quitting the quiz without answering still moves on.
        offer(&mut learner, &quiz);
        let exercise = next_step(course, &learner);
        assert!(
            matches!(&exercise, Step::Exercise { id, lesson: Some(2), .. } if id == "start-ordinal"),
            "{exercise:?}"
        );
        offer(&mut learner, &exercise);
        let lesson = next_step(course, &learner);
        assert!(
            matches!(lesson, Step::Lesson { lesson: 3, .. }),
            "{lesson:?}"
        );
    }

    #[test]
    fn answering_the_lesson_quiz_counts_as_done() {
        let course = course();
        let mut learner = Learner::new(NOW);
        read(&mut learner, &["statefulset-basics"], NOW - 60);
        let question = course
            .questions
            .iter()
            .find(|q| q.topic == "statefulset-basics")
            .unwrap();
        seen(&mut learner, question, NOW + 600, 1.0);
        // Lesson 1's exercises all need later lessons: straight on to lesson 2.
        let step = next_step(course, &learner);
        assert!(matches!(step, Step::Lesson { lesson: 2, .. }), "{step:?}");
    }

    #[test]
    fn due_reviews_come_first_but_not_twice_in_a_row() {
        let course = course();
        let mut learner = Learner::new(NOW);
        read(&mut learner, &["statefulset-basics"], NOW - 5000);
        for question in course.questions.iter().take(3) {
            seen(&mut learner, question, NOW - 100, 0.4);
        }
        let step = next_step(course, &learner);
        assert_eq!(
            step,
            Step::Review {
                due: 3,
                interview: false
            }
        );
        assert_eq!(step.command().unwrap(), "quiz -n 3");
        offer(&mut learner, &step);
        let after = next_step(course, &learner);
        assert!(
            matches!(&after, Step::LessonQuiz { id, .. } if id == "statefulset-basics"),
            "{after:?}"
        );
        // Once something was answered after it, due cards come first again.
        let mut answered = learner.reviews[0].clone();
        answered.at = NOW;
        learner.reviews.push(answered);
        assert!(matches!(
            next_step(course, &learner),
            Step::Review { due: 3, .. }
        ));
    }

    #[test]
    fn paging_on_from_a_later_lesson_goes_forward() {
        let mut learner = Learner::new(NOW);
        read(&mut learner, &["updates"], NOW - 60);
        let lesson = next_unread(course(), &learner).unwrap();
        assert_eq!(lesson.number, 7);
        read(
            &mut learner,
            &["operations", "worked-example", "api-validation", "yaml"],
            NOW,
        );
        assert_eq!(next_unread(course(), &learner).unwrap().number, 1);
    }

    /// `next` typed over and over, doing nothing each step asks, still reads through the
    /// whole course: no step traps the learner.
    #[test]
    fn typing_next_repeatedly_never_loops() {
        let course = course();
        let mut learner = Learner::new(NOW);
        let mut lessons = Vec::new();
        for _ in 0..100 {
            let step = next_step(course, &learner);
            if let Step::Lesson { id, lesson, .. } = &step {
                lessons.push(*lesson);
                read(&mut learner, &[id.as_str()], NOW);
            }
            if matches!(step, Step::Exercise { lesson: None, .. }) {
                break;
            }
            offer(&mut learner, &step);
        }
        assert_eq!(lessons, (1..=10).collect::<Vec<u32>>());
    }

    #[test]
    fn before_an_interview_the_weakest_topic_once_everything_is_read() {
        let course = course();
        let mut learner = Learner::new(NOW);
        let all: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
        read(&mut learner, &all, NOW - 60);
        learner
            .memory
            .offered
            .push(format!("quiz:yaml:{}", NOW - 60));
        learner
            .memory
            .offered
            .push(format!("after:yaml:{}", NOW - 60));
        let mut recall = HashMap::new();
        for question in &course.questions {
            seen(&mut learner, question, NOW + 1000, 0.9);
            let r = if question.topic == "storage" {
                0.2
            } else {
                0.92
            };
            recall.insert(card_of(question), r);
        }
        learner.interview = Some(Interview {
            date: "2099-01-31".into(),
            at: NOW + 1_000_000,
            recall,
        });
        let step = next_step(course, &learner);
        assert!(
            matches!(&step, Step::WeakTopic { id, .. } if id == "storage"),
            "{step:?}"
        );
        let track = on_track(course, &learner).unwrap();
        assert!(!track.on_track);
        assert!(track.lessons_unread.is_empty());
        assert!(
            track.behind[0].contains("predicted recalled"),
            "{:?}",
            track.behind
        );
    }

    #[test]
    fn on_track_needs_every_lesson_read_and_high_recall() {
        let course = course();
        let mut learner = Learner::new(NOW);
        learner.interview = Some(Interview {
            date: "2099-01-31".into(),
            at: NOW + 1_000_000,
            recall: HashMap::new(),
        });
        let track = on_track(course, &learner).unwrap();
        assert!(!track.on_track);
        assert_eq!(track.lessons_unread.len(), 10);
        assert!(track.behind[0].starts_with("10 lessons not read yet"));

        let all: Vec<&str> = course.lessons.iter().map(|l| l.id.as_str()).collect();
        read(&mut learner, &all, NOW - 60);
        let mut recall = HashMap::new();
        for question in &course.questions {
            seen(&mut learner, question, NOW + 1000, 0.95);
            recall.insert(card_of(question), 0.95);
        }
        learner.interview.as_mut().unwrap().recall = recall;
        let track = on_track(course, &learner).unwrap();
        assert!(track.on_track, "{:?}", track.behind);
    }

    #[test]
    fn unread_lessons_are_named_in_one_line() {
        let course = course();
        let learner = Learner::new(NOW);
        let pool: Vec<&Question> = course.questions.iter().collect();
        let chosen: Vec<&Question> = order_questions(course, &learner, &pool)
            .into_iter()
            .take(3)
            .collect();
        assert!(chosen.iter().all(|q| q.topic == "statefulset-basics"));
        let line = unread_notice(course, &learner, &chosen).unwrap();
        assert!(
            line.starts_with("You have not read lesson 1 yet: these questions come from it"),
            "{line}"
        );
        assert!(!line.contains('\n'));
    }

    #[test]
    fn per_lesson_progress() {
        let course = course();
        let mut learner = Learner::new(NOW);
        read(&mut learner, &["statefulset-basics"], NOW - 60);
        learner.passed.insert("interview-web".into());
        let question = course
            .questions
            .iter()
            .find(|q| q.topic == "statefulset-basics")
            .unwrap();
        seen(&mut learner, question, NOW + 600, 1.0);
        let rows = lesson_progress(course, &learner);
        assert_eq!(rows.len(), 10);
        let first = &rows[0];
        assert!(first.read);
        assert_eq!((first.questions_seen, first.reviews), (1, 1));
        assert_eq!(first.recalled, Some(1.0));
        assert_eq!((first.exercises_passed, first.exercises), (1, 4));
        assert!(!rows[1].read);
        assert_eq!(rows[1].recalled, None);
    }
}
