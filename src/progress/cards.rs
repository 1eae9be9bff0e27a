//! Spaced repetition: one FSRS card per question and per exercise, updated by every graded
//! answer and every exercise attempt, plus the reviews that updated them.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::error::StoreError;
use super::store::Store;

/// How well an answer went, in FSRS terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    fn fsrs(self) -> rs_fsrs::Rating {
        match self {
            Rating::Again => rs_fsrs::Rating::Again,
            Rating::Hard => rs_fsrs::Rating::Hard,
            Rating::Good => rs_fsrs::Rating::Good,
            Rating::Easy => rs_fsrs::Rating::Easy,
        }
    }

    fn from_i64(n: i64) -> Rating {
        match n {
            1 => Rating::Again,
            2 => Rating::Hard,
            4 => Rating::Easy,
            _ => Rating::Good,
        }
    }

    /// The rating an automatic grade stands for: wrong → Again, right after a hint → Hard,
    /// right → Good.
    pub fn from_grade(correct: bool, hinted: bool) -> Rating {
        match (correct, hinted) {
            (false, _) => Rating::Again,
            (true, true) => Rating::Hard,
            (true, false) => Rating::Good,
        }
    }

    /// Parses a learner's self-rating: `again`, `hard`, `good`, `easy`, or 1 to 4.
    pub fn parse(text: &str) -> Option<Rating> {
        match text.trim().to_lowercase().as_str() {
            "1" | "a" | "again" => Some(Rating::Again),
            "2" | "h" | "hard" => Some(Rating::Hard),
            "3" | "g" | "good" => Some(Rating::Good),
            "4" | "e" | "easy" => Some(Rating::Easy),
            _ => None,
        }
    }
}

fn time(at: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(at, 0).unwrap_or_default()
}

/// The card after a review with `rating` at `at` (a new card when `card` is `None`).
pub fn schedule(card: Option<Card>, rating: Rating, at: i64) -> Card {
    let now = time(at);
    let card = card.unwrap_or_else(|| Card {
        due: now,
        last_review: now,
        ..Card::default()
    });
    FSRS::new(Parameters::default())
        .next(card, now, rating.fsrs())
        .card
}

/// A card's state for reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardInfo {
    pub card: String,
    pub due: i64,
    pub reps: i32,
    pub lapses: i32,
    pub stability: f64,
    /// The predicted chance of recall at the time asked (0 for a card never reviewed).
    pub retrievability: f64,
}

/// One review, for reports and exports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub card: String,
    pub topic: String,
    pub at: i64,
    pub rating: Rating,
    pub source: String,
    pub missed: Vec<String>,
}

fn card_info(card: &str, state: &Card, at: i64) -> CardInfo {
    CardInfo {
        card: card.to_string(),
        due: state.due.timestamp(),
        reps: state.reps,
        lapses: state.lapses,
        stability: state.stability,
        retrievability: state.get_retrievability(time(at)),
    }
}

/// One review of a card, written by [`Store::review`] or together with an attempt.
pub struct CardReview<'a> {
    pub card: &'a str,
    pub topic: &'a str,
    pub rating: Rating,
    pub at: i64,
    pub source: &'a str,
    pub missed: &'a [String],
}

impl CardReview<'_> {
    /// Reschedules the card and logs the review, inside the caller's transaction.
    pub(crate) fn write(&self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<Card> {
        let previous: Option<String> = tx
            .query_row(
                "SELECT state FROM cards WHERE card = ?1",
                [self.card],
                |r| r.get(0),
            )
            .optional()?;
        let previous: Option<Card> = previous.and_then(|json| serde_json::from_str(&json).ok());
        let next = schedule(previous, self.rating, self.at);
        let state = serde_json::to_string(&next).unwrap_or_default();
        tx.execute(
            "INSERT INTO cards (card, due, state) VALUES (?1, ?2, ?3)
             ON CONFLICT (card) DO UPDATE SET due = excluded.due, state = excluded.state",
            params![self.card, next.due.timestamp(), state],
        )?;
        let missed = serde_json::to_string(self.missed).unwrap_or_else(|_| "[]".into());
        tx.execute(
            "INSERT INTO reviews (card, topic, at, rating, source, missed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![self.card, self.topic, self.at, self.rating as i64, self.source, missed],
        )?;
        Ok(next)
    }
}

impl Store {
    /// Records a review of `card` (in `topic`) and reschedules it, in one transaction.
    pub fn review(
        &mut self,
        card: &str,
        topic: &str,
        rating: Rating,
        at: i64,
        source: &str,
        missed: &[String],
    ) -> Result<CardInfo, StoreError> {
        let location = self.location.clone();
        let fail = |e| StoreError::from_sqlite(&location, "recording a review", e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let review = CardReview {
            card,
            topic,
            rating,
            at,
            source,
            missed,
        };
        let next = review.write(&tx).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(card_info(card, &next, at))
    }

    /// Every card, with its recall chance at `at`.
    pub fn cards(&self, at: i64) -> Result<Vec<CardInfo>, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading cards", e);
        let mut stmt = self
            .conn
            .prepare("SELECT card, state FROM cards ORDER BY card")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(fail)?;
        let mut cards = Vec::new();
        for row in rows {
            let (card, json) = row.map_err(fail)?;
            if let Ok(state) = serde_json::from_str::<Card>(&json) {
                cards.push(card_info(&card, &state, at));
            }
        }
        Ok(cards)
    }

    /// One card, with its recall chance at `at`; `None` if it was never reviewed.
    pub fn card(&self, card: &str, at: i64) -> Result<Option<CardInfo>, StoreError> {
        let state: Option<String> = self
            .conn
            .query_row("SELECT state FROM cards WHERE card = ?1", [card], |r| {
                r.get(0)
            })
            .optional()
            .map_err(StoreError::sql(&self.location, "reading a card"))?;
        Ok(state
            .and_then(|json| serde_json::from_str::<Card>(&json).ok())
            .map(|state| card_info(card, &state, at)))
    }

    /// Every review, oldest first.
    pub fn reviews(&self) -> Result<Vec<Review>, StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "reading reviews", e);
        let mut stmt = self
            .conn
            .prepare("SELECT card, topic, at, rating, source, missed FROM reviews ORDER BY id")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                let missed: String = r.get(5)?;
                Ok(Review {
                    card: r.get(0)?,
                    topic: r.get(1)?,
                    at: r.get(2)?,
                    rating: Rating::from_i64(r.get(3)?),
                    source: r.get(4)?,
                    missed: serde_json::from_str(&missed).unwrap_or_default(),
                })
            })
            .map_err(fail)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(fail)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let fail = |e| StoreError::from_sqlite(&self.location, "saving a setting", e);
        self.conn
            .execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", params![key, value])
            .map_err(fail)?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(StoreError::sql(&self.location, "reading a setting"))
    }

    /// Deletes all progress (attempts, hints, lessons read, cards, reviews, settings) in one
    /// transaction. The caller asks the learner first.
    pub fn reset(&mut self) -> Result<(), StoreError> {
        let location = self.location.clone();
        let fail = |e| StoreError::from_sqlite(&location, "resetting progress", e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        for table in [
            "attempts",
            "hints",
            "lessons_read",
            "cards",
            "reviews",
            "settings",
        ] {
            tx.execute(&format!("DELETE FROM {table}"), [])
                .map_err(fail)?;
        }
        tx.commit().map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn again_is_due_sooner_than_good() {
        let start = 1_800_000_000;
        let again = schedule(None, Rating::Again, start);
        let good = schedule(None, Rating::Good, start);
        assert!(again.due < good.due, "{:?} vs {:?}", again.due, good.due);
        // A card answered Good twice is due later than after one Good.
        let twice = schedule(Some(good.clone()), Rating::Good, good.due.timestamp());
        assert!(twice.due > good.due);
        assert!(twice.due.timestamp() - good.due.timestamp() >= DAY);
    }

    #[test]
    fn reviews_are_stored_and_cards_rescheduled() {
        let mut store = Store::open_in_memory().unwrap();
        let t = 1_800_000_000;
        let first = store
            .review("question:q1", "identity", Rating::Good, t, "quiz", &[])
            .unwrap();
        let lapse = store
            .review(
                "question:q1",
                "identity",
                Rating::Again,
                first.due,
                "quiz",
                &["stable names".into()],
            )
            .unwrap();
        assert_eq!(lapse.reps, 2);
        assert!(lapse.due < first.due + 2 * DAY);
        let reviews = store.reviews().unwrap();
        assert_eq!(reviews.len(), 2);
        assert_eq!(reviews[1].missed, ["stable names"]);
        assert_eq!(store.cards(t).unwrap().len(), 1);
        store.set_setting("interview_date", "2026-12-01").unwrap();
        assert_eq!(
            store.setting("interview_date").unwrap().as_deref(),
            Some("2026-12-01")
        );
        store.reset().unwrap();
        assert!(store.cards(t).unwrap().is_empty());
        assert!(store.setting("interview_date").unwrap().is_none());
    }

    #[test]
    fn ratings() {
        assert_eq!(Rating::from_grade(false, false), Rating::Again);
        assert_eq!(Rating::from_grade(true, true), Rating::Hard);
        assert_eq!(Rating::from_grade(true, false), Rating::Good);
        assert_eq!(Rating::parse(" Easy "), Some(Rating::Easy));
        assert_eq!(Rating::parse("2"), Some(Rating::Hard));
        assert_eq!(Rating::parse("meh"), None);
    }
}
