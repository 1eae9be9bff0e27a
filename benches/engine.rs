//! Engine throughput on a corpus of at least 10,000 documents built from the real-world
//! manifests (`../shared/realworld/`, when present) and the course's exercise fixtures:
//! the YAML parse alone (the floor), and the whole lint (parse, schema, every rule).
//! Run with `cargo bench`; the README records the figures and the machine.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sts_tutor::content::Course;
use sts_tutor::grade::grade_text;
use sts_tutor::manifest::yaml::load;
use sts_tutor::manifest::{Source, read_bundle};
use sts_tutor::review::review_bundle;

/// The allocator the `sts-tutor` binary uses, so these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The corpus: each file's text, repeated until there are at least 10,000 documents.
fn corpus() -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    let realworld = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if let Ok(entries) = std::fs::read_dir(&realworld) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(std::fs::read_to_string(path).unwrap_or_default());
            }
        }
    }
    let course = Course::embedded().expect("the built-in course");
    for exercise in &course.exercises {
        files.push(exercise.solution.clone());
        files.push(exercise.starter.clone());
        files.extend(exercise.tests.iter().map(|t| t.text.clone()));
    }
    let documents = |set: &[String]| set.iter().map(|t| load(t).documents.len()).sum::<usize>();
    let per_round = documents(&files).max(1);
    let rounds = 10_000_usize.div_ceil(per_round);
    files
        .iter()
        .cycle()
        .take(files.len() * rounds)
        .cloned()
        .collect()
}

fn objects(corpus: &[String]) -> u64 {
    corpus
        .iter()
        .map(|t| read_bundle(Source::new("c.yaml", t.as_str())).objects.len() as u64)
        .sum()
}

fn engine(c: &mut Criterion) {
    let corpus = corpus();
    let objects = objects(&corpus);
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.throughput(Throughput::Elements(objects));
    group.bench_function("parse only (YAML)", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|t| load(t).documents.len())
                .sum::<usize>()
        })
    });
    group.bench_function("read (parse, schema, typed view)", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|t| read_bundle(Source::new("c.yaml", t.as_str())).objects.len())
                .sum::<usize>()
        })
    });
    group.bench_function("lint (parse, schema, rules)", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|t| {
                    review_bundle(&read_bundle(Source::new("c.yaml", t.as_str())))
                        .diagnostics
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();

    let course = Course::embedded().unwrap();
    let exercise = course.exercise("tutorial-mysql").unwrap();
    c.bench_function("check one submission (tutorial-mysql)", |b| {
        b.iter(|| {
            grade_text(exercise, "mysql.yaml", &exercise.solution)
                .unwrap()
                .score
        })
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
