//! Arbitrary bytes through the whole engine: load (limits, encoding), lint, and grade against
//! every built-in exercise. Nothing may panic, whatever the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sts_tutor::content::Course;
use sts_tutor::grade::grade;
use sts_tutor::manifest::Source;
use sts_tutor::review::review_loaded;

fuzz_target!(|data: &[u8]| {
    let _ = review_loaded(Source::from_bytes("fuzz.yaml", data.to_vec()));
    let course = Course::embedded().expect("the built-in course loads");
    for exercise in &course.exercises {
        let _ = grade(exercise, Source::from_bytes("fuzz.yaml", data.to_vec()));
    }
});
