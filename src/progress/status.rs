//! Summarising an exercise's attempts and hints into what progress screens show.

use serde::Serialize;

/// Where the learner stands on one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseStatus {
    pub exercise: String,
    pub attempts: u32,
    /// Highest score of any attempt (0 without attempts).
    pub best_score: u32,
    /// The `max_score` of the attempt that reached `best_score` (the latest such attempt),
    /// so the pair always reads as one result even if the exercise's scale changed over time.
    pub max_score: u32,
    /// Whether any attempt passed: passing once is what counts, later experiments do not
    /// take it away.
    pub passed: bool,
    /// The most hints the learner has seen: the highest hint level revealed, or the highest
    /// `hints_used` an attempt recorded, whichever is larger.
    pub hints_used: u32,
    /// Time of the latest attempt (largest `at`), `None` without attempts.
    pub last_at: Option<i64>,
}

/// The parts of an attempt a status needs; lets summaries skip decoding `failed_checks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AttemptFacts {
    pub(crate) at: i64,
    pub(crate) score: u32,
    pub(crate) max_score: u32,
    pub(crate) passed: bool,
    pub(crate) hints_used: u32,
}

/// Folds attempts (oldest first) and hint levels into an [`ExerciseStatus`]. Pure, so the
/// rules above are tested without a database.
#[derive(Debug, Clone, Default)]
pub(crate) struct StatusBuilder {
    attempts: u32,
    best: Option<(u32, u32)>,
    passed: bool,
    hints_used: u32,
    last_at: Option<i64>,
}

impl StatusBuilder {
    /// Adds one attempt; call in the order attempts were recorded.
    pub(crate) fn add_attempt(&mut self, facts: AttemptFacts) {
        self.attempts = self.attempts.saturating_add(1);
        // `>=`: on a tie the later attempt wins, as it reflects the current scale.
        if self.best.is_none_or(|(best, _)| facts.score >= best) {
            self.best = Some((facts.score, facts.max_score));
        }
        self.passed |= facts.passed;
        self.hints_used = self.hints_used.max(facts.hints_used);
        self.last_at = Some(self.last_at.map_or(facts.at, |last| last.max(facts.at)));
    }

    /// Adds a revealed hint level.
    pub(crate) fn add_hint_level(&mut self, level: u32) {
        self.hints_used = self.hints_used.max(level);
    }

    pub(crate) fn finish(self, exercise: String) -> ExerciseStatus {
        let (best_score, max_score) = self.best.unwrap_or((0, 0));
        ExerciseStatus {
            exercise,
            attempts: self.attempts,
            best_score,
            max_score,
            passed: self.passed,
            hints_used: self.hints_used,
            last_at: self.last_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(at: i64, score: u32, max_score: u32, passed: bool, hints_used: u32) -> AttemptFacts {
        AttemptFacts {
            at,
            score,
            max_score,
            passed,
            hints_used,
        }
    }

    #[test]
    fn empty_status() {
        let status = StatusBuilder::default().finish("ex".to_string());
        assert_eq!(
            status,
            ExerciseStatus {
                exercise: "ex".to_string(),
                attempts: 0,
                best_score: 0,
                max_score: 0,
                passed: false,
                hints_used: 0,
                last_at: None,
            }
        );
    }

    #[test]
    fn best_score_is_the_highest_not_the_latest() {
        let mut b = StatusBuilder::default();
        b.add_attempt(facts(10, 2, 5, false, 0));
        b.add_attempt(facts(20, 4, 5, false, 0));
        b.add_attempt(facts(30, 1, 5, false, 0));
        let s = b.finish("ex".to_string());
        assert_eq!((s.attempts, s.best_score, s.max_score), (3, 4, 5));
        assert_eq!(s.last_at, Some(30));
    }

    #[test]
    fn max_score_belongs_to_the_best_attempt() {
        let mut b = StatusBuilder::default();
        b.add_attempt(facts(10, 4, 4, true, 0));
        b.add_attempt(facts(20, 3, 6, false, 0));
        let s = b.finish("ex".to_string());
        assert_eq!((s.best_score, s.max_score), (4, 4));

        // Ties go to the later attempt.
        let mut b = StatusBuilder::default();
        b.add_attempt(facts(10, 4, 4, true, 0));
        b.add_attempt(facts(20, 4, 6, false, 0));
        let s = b.finish("ex".to_string());
        assert_eq!((s.best_score, s.max_score), (4, 6));
    }

    #[test]
    fn passed_if_any_attempt_passed() {
        let mut b = StatusBuilder::default();
        b.add_attempt(facts(10, 5, 5, true, 0));
        b.add_attempt(facts(20, 1, 5, false, 0));
        assert!(b.finish("ex".to_string()).passed);

        let mut b = StatusBuilder::default();
        b.add_attempt(facts(10, 4, 5, false, 0));
        assert!(!b.finish("ex".to_string()).passed);
    }

    #[test]
    fn hints_used_is_the_maximum_level() {
        let mut b = StatusBuilder::default();
        b.add_hint_level(1);
        b.add_hint_level(3);
        b.add_hint_level(2);
        b.add_attempt(facts(10, 1, 5, false, 1));
        assert_eq!(b.finish("ex".to_string()).hints_used, 3);

        // Hints without attempts still count.
        let mut b = StatusBuilder::default();
        b.add_hint_level(2);
        let s = b.finish("ex".to_string());
        assert_eq!((s.hints_used, s.attempts, s.last_at), (2, 0, None));

        // An attempt that recorded more hints than were logged is believed.
        let mut b = StatusBuilder::default();
        b.add_hint_level(1);
        b.add_attempt(facts(10, 1, 5, false, 4));
        assert_eq!(b.finish("ex".to_string()).hints_used, 4);
    }

    #[test]
    fn last_at_is_the_latest_time_even_if_recorded_out_of_order() {
        let mut b = StatusBuilder::default();
        b.add_attempt(facts(50, 1, 5, false, 0));
        b.add_attempt(facts(40, 1, 5, false, 0));
        assert_eq!(b.finish("ex".to_string()).last_at, Some(50));
    }
}
