//! Property tests of the grader: rewriting a right answer without changing its meaning —
//! keys reordered, block or flow style, anchors and aliases, quantities in other units,
//! defaults written out, comments, keyed list items reordered — never changes its grade;
//! changing a graded value always does.

use proptest::prelude::*;
use serde_json::{Map, Value};
use sts_tutor::content::Course;
use sts_tutor::grade::grade_text;
use sts_tutor::manifest::{Source, read_bundle};

/// How to write one document: every choice is a coin the property test flips.
#[derive(Debug, Clone)]
struct Style {
    seed: u64,
    flow_depth: usize,
    comments: bool,
    anchors: bool,
    quantities: bool,
    defaults: bool,
    reorder_lists: bool,
    /// Images written in full (`docker.io/library/nginx:1.28`): the same reference.
    full_images: bool,
    /// Every object in one named namespace: still together.
    namespace: bool,
}

impl Style {
    /// A cheap deterministic stream of choices (xorshift).
    fn next(&mut self) -> u64 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.seed
    }
}

/// List fields whose items the API matches by key, so their order means nothing.
const KEYED_LISTS: &[&str] = &[
    "containers",
    "ports",
    "env",
    "volumeMounts",
    "volumeClaimTemplates",
    "volumes",
];

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => serde_json::to_string(s).unwrap(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Rewrites a quantity into another unit with the same value (1Gi → 1024Mi, 100m → 0.1).
fn rewrite_quantity(text: &str) -> String {
    if let Some(n) = text.strip_suffix("Gi").and_then(|n| n.parse::<u64>().ok()) {
        return format!("{}Mi", n * 1024);
    }
    if let Some(n) = text.strip_suffix("Mi").and_then(|n| n.parse::<u64>().ok()) {
        return format!("{}Ki", n * 1024);
    }
    if let Some(n) = text.strip_suffix('m').and_then(|n| n.parse::<u64>().ok()) {
        return format!("{}", n as f64 / 1000.0);
    }
    text.to_string()
}

struct Writer<'s> {
    style: &'s mut Style,
    out: String,
    anchors: Vec<(Value, String)>,
}

impl Writer<'_> {
    fn value(&mut self, key: &str, value: &Value, indent: usize, depth: usize) -> String {
        match value {
            Value::Object(map) if !map.is_empty() => {
                // List items are written without anchors (`- &a {...}` is valid YAML, but keep
                // the writer simple); mapping values get them.
                let anchors = self.style.anchors && !key.is_empty();
                if anchors && let Some((_, name)) = self.anchors.iter().find(|(v, _)| v == value) {
                    return format!("*{name}");
                }
                let anchor = if anchors && self.style.next().is_multiple_of(2) {
                    let name = format!("a{}", self.anchors.len());
                    self.anchors.push((value.clone(), name.clone()));
                    format!("&{name} ")
                } else {
                    String::new()
                };
                if depth >= self.style.flow_depth {
                    format!("{anchor}{}", self.flow(value))
                } else {
                    format!(
                        "{}\n{}",
                        anchor.trim_end(),
                        self.block_map(map, indent + 2, depth + 1)
                    )
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let mut items = items.clone();
                if self.style.reorder_lists
                    && KEYED_LISTS.contains(&key)
                    && self.style.next().is_multiple_of(2)
                {
                    items.reverse();
                }
                if depth >= self.style.flow_depth {
                    self.flow(&Value::Array(items))
                } else {
                    let mut text = String::from("\n");
                    for item in &items {
                        let rendered = self.value("", item, indent + 2, depth + 1);
                        let rendered = rendered.trim_start_matches('\n');
                        // Items of a block list: "- " then the item, its later lines indented.
                        let body = rendered.replacen(&" ".repeat(indent + 2), "", 1);
                        text.push_str(&format!("{}- {body}\n", " ".repeat(indent)));
                    }
                    text.trim_end().to_string()
                }
            }
            Value::Object(_) => "{}".into(),
            Value::Array(_) => "[]".into(),
            other => scalar(other),
        }
    }

    fn flow(&mut self, value: &Value) -> String {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                let seed = self.style.next();
                let shift = (seed as usize) % keys.len().max(1);
                keys.rotate_left(shift);
                let fields: Vec<String> = keys
                    .iter()
                    .map(|k| {
                        format!(
                            "{}: {}",
                            serde_json::to_string(k).unwrap(),
                            self.flow(&map[*k])
                        )
                    })
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            Value::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| self.flow(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => scalar(other),
        }
    }

    fn block_map(&mut self, map: &Map<String, Value>, indent: usize, depth: usize) -> String {
        let mut keys: Vec<&String> = map.keys().collect();
        let seed = self.style.next();
        let shift = (seed as usize) % keys.len().max(1);
        keys.rotate_left(shift);
        let mut lines = Vec::new();
        for key in keys {
            if self.style.comments && self.style.next().is_multiple_of(3) {
                lines.push(format!("{}# a comment about {key}", " ".repeat(indent)));
            }
            let rendered = self.value(key, &map[key], indent, depth);
            let separator = if rendered.starts_with('\n') {
                ":"
            } else {
                ": "
            };
            lines.push(format!("{}{key}{separator}{rendered}", " ".repeat(indent)));
        }
        lines.join("\n")
    }
}

/// The document's objects as JSON (what the API would read), with defaults written out.
fn objects(text: &str, defaults: bool) -> Vec<Value> {
    let bundle = read_bundle(Source::new("answer.yaml", text));
    bundle
        .objects
        .iter()
        .map(|o| {
            let mut json = o.json.clone();
            if defaults && o.kind == "StatefulSet" {
                let spec = json["spec"].as_object_mut().unwrap();
                spec.entry("podManagementPolicy")
                    .or_insert(Value::String("OrderedReady".into()));
                spec.entry("revisionHistoryLimit")
                    .or_insert(Value::from(10));
            }
            json
        })
        .collect()
}

/// Rewrites every resource quantity (requests and limits) in another unit.
fn rewrite_quantities(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("requests" | "limits", Value::Object(resources)) => {
                        for quantity in resources.values_mut() {
                            if let Value::String(q) = quantity {
                                *q = rewrite_quantity(q);
                            }
                        }
                    }
                    (_, child) => rewrite_quantities(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_quantities),
        _ => {}
    }
}

/// Writes every Docker Hub library image in full: `nginx:1.28` → `docker.io/library/nginx:1.28`.
fn rewrite_images(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("image", Value::String(image)) if !image.contains('/') => {
                        *image = format!("docker.io/library/{image}");
                    }
                    (_, child) => rewrite_images(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_images),
        _ => {}
    }
}

fn rewrite(text: &str, style: &mut Style) -> String {
    let mut documents = Vec::new();
    for mut object in objects(text, style.defaults) {
        if style.quantities {
            rewrite_quantities(&mut object);
        }
        if style.full_images {
            rewrite_images(&mut object);
        }
        if style.namespace
            && let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut)
        {
            meta.insert("namespace".into(), Value::String("team-a".into()));
        }
        let mut writer = Writer {
            style,
            out: String::new(),
            anchors: Vec::new(),
        };
        let map = object.as_object().unwrap().clone();
        let body = writer.block_map(&map, 0, 0);
        writer.out.push_str(&body);
        documents.push(writer.out);
    }
    documents.join("\n---\n") + "\n"
}

fn style() -> impl Strategy<Value = Style> {
    (
        any::<u64>(),
        0usize..6,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                seed,
                flow_depth,
                comments,
                anchors,
                quantities,
                defaults,
                reorder_lists,
                full_images,
                namespace,
            )| Style {
                seed: seed | 1,
                flow_depth,
                comments,
                anchors,
                quantities,
                defaults,
                reorder_lists,
                full_images,
                namespace,
            },
        )
}

fn score(exercise: &str, text: &str) -> (u32, u32, Vec<String>) {
    let course = Course::embedded().unwrap();
    let report = grade_text(course.exercise(exercise).unwrap(), "answer.yaml", text).unwrap();
    (
        report.score,
        report.max_score,
        report
            .failed_checks()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_rewritten_right_answer_keeps_full_score(mut style in style(), exercise in prop::sample::select(vec!["interview-web", "tutorial-mysql", "ha-database", "canary-partition", "pvc-retention", "deployment-to-statefulset", "fix-selector-labels"])) {
        let course = Course::embedded().unwrap();
        let solution = &course.exercise(exercise).unwrap().solution;
        let rewritten = rewrite(solution, &mut style);
        let (score, max, failed) = score(exercise, &rewritten);
        prop_assert_eq!(score, max, "{:?} failed {:?} for:\n{}", style, failed, rewritten);
    }

    #[test]
    fn changing_a_graded_value_changes_the_grade(mut style in style(), change in 0usize..3) {
        let course = Course::embedded().unwrap();
        let solution = &course.exercise("interview-web").unwrap().solution;
        let mutated = match change {
            0 => solution.replace("replicas: 2", "replicas: 3"),
            1 => solution.replace("clusterIP: None", "clusterIP: \"\""),
            _ => solution.replace("image: nginx", "image: httpd"),
        };
        prop_assert_ne!(&mutated, solution);
        let rewritten = rewrite(&mutated, &mut style);
        let (score, max, _) = score("interview-web", &rewritten);
        prop_assert!(score < max, "a changed value still scored {}/{}:\n{}", score, max, rewritten);
    }
}

#[test]
fn rewrites_really_change_the_text() {
    let course = Course::embedded().unwrap();
    let solution = &course.exercise("tutorial-mysql").unwrap().solution;
    let mut style = Style {
        seed: 12345,
        flow_depth: 3,
        comments: true,
        anchors: true,
        quantities: true,
        defaults: true,
        reorder_lists: true,
        full_images: true,
        namespace: true,
    };
    let rewritten = rewrite(solution, &mut style);
    assert_ne!(rewritten.trim(), solution.trim());
    assert!(
        rewritten.contains("docker.io/library/mysql:5.7"),
        "{rewritten}"
    );
    assert!(rewritten.contains("team-a"), "{rewritten}");
    assert!(rewritten.contains("1024Mi"), "{rewritten}");
    assert!(rewritten.contains("# a comment"), "{rewritten}");
    assert!(rewritten.contains('{'), "some flow style: {rewritten}");
    let (score, max, _) = score("tutorial-mysql", &rewritten);
    assert_eq!(score, max, "{rewritten}");
}
