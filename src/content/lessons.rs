//! The lesson catalog: the ids that rules, exercises and quizzes link to. Each id names one
//! lesson of the course (`sts-tutor lesson ID`); `content check` proves every link resolves.

pub const LESSON_IDS: &[(&str, &str)] = &[
    (
        "statefulset-basics",
        "What a StatefulSet is, and when a Deployment is enough",
    ),
    (
        "identity",
        "Stable identity: names, ordinals, labels, hostnames",
    ),
    ("headless-service", "Headless Services and per-Pod DNS"),
    (
        "storage",
        "Claim templates, PVCs, StorageClasses and retention",
    ),
    (
        "ordering",
        "OrderedReady and Parallel: creation, scaling, deletion",
    ),
    (
        "updates",
        "Rolling updates, partitions, maxUnavailable and OnDelete",
    ),
    (
        "operations",
        "Operating StatefulSets: disruption budgets, spreading, probes, force deletion",
    ),
    ("worked-example", "A replicated database, end to end"),
    ("api-validation", "What the API server checks in a manifest"),
    ("yaml", "YAML as Kubernetes reads it"),
];

pub fn is_lesson(id: &str) -> bool {
    LESSON_IDS.iter().any(|(known, _)| *known == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_links_to_a_lesson() {
        for rule in crate::review::registry::RULES {
            assert!(
                super::is_lesson(rule.lesson),
                "{} links to unknown lesson {}",
                rule.id,
                rule.lesson
            );
        }
    }
}
