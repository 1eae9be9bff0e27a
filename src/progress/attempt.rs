//! One graded submission, as stored.

use serde::{Deserialize, Serialize};

use super::hash::is_submission_hash;

/// One graded submission of an exercise. Kept whole (not just a running best) so later
/// features such as spaced review can look at the learner's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// Exercise id, e.g. `headless-service`.
    pub exercise: String,
    /// When it was graded, in unix seconds; passed in by the caller so tests and imports
    /// control time.
    pub at: i64,
    pub score: u32,
    pub max_score: u32,
    pub passed: bool,
    /// Ids of the checks that failed, in the grader's order.
    pub failed_checks: Vec<String>,
    /// Hints revealed before this submission.
    pub hints_used: u32,
    /// [`submission_hash`](crate::progress::submission_hash) of the submitted bytes:
    /// recognises resubmissions without storing the learner's files.
    pub submission_hash: String,
}

impl Attempt {
    /// Rejects attempts that would store something no grader produces, so a caller's bug
    /// surfaces as an error instead of as odd progress figures later.
    pub(crate) fn check(&self) -> Result<(), String> {
        check_exercise(&self.exercise)?;
        if self.score > self.max_score {
            return Err(format!(
                "score {} is higher than max_score {}",
                self.score, self.max_score
            ));
        }
        if !is_submission_hash(&self.submission_hash) {
            return Err(
                "submission_hash must be the 64-digit lowercase hex SHA-256 from \
                 progress::submission_hash"
                    .to_string(),
            );
        }
        Ok(())
    }
}

/// Exercise ids must be non-empty and free of control characters: they are shown to the
/// learner and used as keys.
pub(crate) fn check_exercise(exercise: &str) -> Result<(), String> {
    if exercise.trim().is_empty() {
        return Err("the exercise id is empty".to_string());
    }
    if exercise.chars().any(char::is_control) {
        return Err("the exercise id contains control characters".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::submission_hash;

    fn attempt() -> Attempt {
        Attempt {
            exercise: "headless-service".to_string(),
            at: 1_700_000_000,
            score: 3,
            max_score: 5,
            passed: false,
            failed_checks: vec!["probe".to_string()],
            hints_used: 0,
            submission_hash: submission_hash(b"kind: StatefulSet"),
        }
    }

    #[test]
    fn valid_attempt_passes() {
        assert_eq!(attempt().check(), Ok(()));
    }

    #[test]
    fn rejects_nonsense() {
        let mut a = attempt();
        a.exercise = " ".to_string();
        assert!(a.check().is_err());

        let mut a = attempt();
        a.exercise = "bad\nid".to_string();
        assert!(a.check().is_err());

        let mut a = attempt();
        a.score = 6;
        assert!(a.check().unwrap_err().contains("higher than max_score"));

        let mut a = attempt();
        a.submission_hash = "kind: StatefulSet".to_string();
        assert!(a.check().unwrap_err().contains("submission_hash"));
    }
}
