//! Predict-the-outcome questions from the simulator: the right answer of such a question is
//! what the model of the controller does, so questions can be generated from it and checked
//! against it (`content check`).

use crate::content::quiz::{Kind, Outcome, Question, Simulation};
use crate::manifest::{Source, read_bundle};

/// What the simulator says, as a choice would spell it: `web-2, web-1`.
pub fn outcome(manifest: &str, simulation: &Simulation) -> Result<String, String> {
    let bundle = read_bundle(Source::new("manifest", manifest));
    let mut world = super::from_bundle(&bundle).ok_or("the manifest has no StatefulSet")?;
    // Start from the applied manifest, settled; then the action.
    world.run(600);
    let before = world.events.len();
    super::script::apply_script(&mut world, &simulation.script)?;
    let names: Vec<String> = match simulation.outcome {
        Outcome::Pods => world.pods.values().map(|p| p.name.clone()).collect(),
        Outcome::Created => world.events[before..]
            .iter()
            .filter(|e| e.action == "create")
            .filter_map(|e| e.pod.clone())
            .collect(),
        Outcome::Deleted => world.events[before..]
            .iter()
            .filter(|e| e.action == "delete")
            .filter_map(|e| e.pod.clone())
            .collect(),
    };
    Ok(if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    })
}

/// A generated question: the right choice from the simulator, distractors from the
/// mistakes learners make (the reverse order, the ascending order, nothing at all).
pub struct Scenario {
    pub id: &'static str,
    pub topic: &'static str,
    pub lesson: &'static str,
    pub prompt: &'static str,
    pub manifest: &'static str,
    pub action: &'static str,
    pub script: &'static str,
    pub outcome: Outcome,
    pub explanation: &'static str,
}

pub fn generate(scenario: &Scenario) -> Result<Question, String> {
    let simulation = Simulation {
        script: scenario.script.to_string(),
        outcome: scenario.outcome,
    };
    let right = outcome(scenario.manifest, &simulation)?;
    let items: Vec<&str> = right.split(", ").collect();
    let mut reversed = items.clone();
    reversed.reverse();
    let mut sorted = items.clone();
    sorted.sort();
    let mut choices = vec![right.clone()];
    for candidate in [reversed.join(", "), sorted.join(", "), "none".to_string()] {
        if !choices.contains(&candidate) {
            choices.push(candidate);
        }
    }
    // A stable position for the right answer, so the question is the same every run.
    let seed: usize = scenario.id.bytes().map(usize::from).sum();
    let answer = seed % choices.len();
    choices.swap(0, answer);
    Ok(Question {
        id: scenario.id.to_string(),
        topic: scenario.topic.to_string(),
        prompt: scenario.prompt.to_string(),
        explanation: scenario.explanation.to_string(),
        lesson: scenario.lesson.to_string(),
        kind: Kind::Predict {
            manifest: scenario.manifest.trim().to_string(),
            action: scenario.action.to_string(),
            choices,
            answer,
        },
        expected_text: None,
        simulation: Some(simulation),
    })
}

const MYSQL: &str = include_str!("../../exercises/tutorial-mysql/solution.yaml");

/// The questions generated from the simulator for the built-in course.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "sim-scale-down-order",
        topic: "ordering",
        lesson: "ordering",
        prompt: "The StatefulSet below is running with 3 Ready Pods. In which order does the controller delete Pods?",
        manifest: MYSQL,
        action: "`kubectl scale statefulset mysql --replicas=1`",
        script: "scale 1; run",
        outcome: Outcome::Deleted,
        explanation: "Scale-down removes the highest ordinal first, one Pod at a time, each fully terminated before the next (OrderedReady). Their PVCs are kept.",
    },
    Scenario {
        id: "sim-rolling-update-order",
        topic: "updates",
        lesson: "updates",
        prompt: "The StatefulSet below is running with 3 Ready Pods. In which order are its Pods replaced?",
        manifest: MYSQL,
        action: "The image is changed to `mysql:5.7.44` (updateStrategy is the default, RollingUpdate).",
        script: "update image=mysql:5.7.44; run",
        outcome: Outcome::Deleted,
        explanation: "A rolling update replaces Pods from the highest ordinal to the lowest, each one only after the previous replacement is Running and Ready.",
    },
    Scenario {
        id: "sim-partition-canary",
        topic: "updates",
        lesson: "updates",
        prompt: "The StatefulSet below is running with 3 Ready Pods. Which Pods are replaced?",
        manifest: MYSQL,
        action: "`partition` is set to 2, then the image is changed to `mysql:5.7.44`.",
        script: "set partition=2; update image=mysql:5.7.44; run",
        outcome: Outcome::Deleted,
        explanation: "Only Pods with an ordinal at or above the partition are updated: a one-Pod canary on mysql-2. Lower the partition to continue.",
    },
    Scenario {
        id: "sim-start-ordinal",
        topic: "identity",
        lesson: "identity",
        prompt: "The StatefulSet below is running with 3 Ready Pods. Which Pods exist once the controller is done?",
        manifest: MYSQL,
        action: "`spec.ordinals.start` is set to 1.",
        script: "set start=1; run",
        outcome: Outcome::Pods,
        explanation: "The ordinals become [1, 4): mysql-3 is created and mysql-0, now below the start, is deleted.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::answer::{Answer, check};

    #[test]
    fn generated_questions_have_the_simulators_answer() {
        let questions: Vec<Question> = SCENARIOS.iter().map(|s| generate(s).unwrap()).collect();
        let answer_of = |q: &Question| match &q.kind {
            Kind::Predict {
                choices, answer, ..
            } => choices[*answer].clone(),
            _ => unreachable!(),
        };
        assert_eq!(answer_of(&questions[0]), "mysql-2, mysql-1");
        assert_eq!(answer_of(&questions[1]), "mysql-2, mysql-1, mysql-0");
        assert_eq!(answer_of(&questions[2]), "mysql-2");
        assert_eq!(answer_of(&questions[3]), "mysql-1, mysql-2, mysql-3");
        for q in &questions {
            let Kind::Predict {
                choices, answer, ..
            } = &q.kind
            else {
                unreachable!()
            };
            assert!(check(q, &Answer::Choices(vec![*answer])).correct);
            let mut unique = choices.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), choices.len(), "{}: {choices:?}", q.id);
        }
    }
}
