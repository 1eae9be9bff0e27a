//! The controller's own test scenarios (facts sheet §8) as tests of the model, for both Pod
//! management policies where the scenario runs in both, and property tests of its invariants
//! over random event sequences.

use proptest::prelude::*;

use super::model::{Phase, Policy, Retain, Strategy as UpdateStrategy, World};
use super::script::apply;
use crate::manifest::{Source, read_bundle};

fn manifest(replicas: i64, extra_spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{clusterIP: None, selector: {{app: web}}, ports: [{{port: 80}}]}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web}}\nspec:\n  serviceName: web\n  replicas: {replicas}\n{extra_spec}  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: nginx, image: 'nginx:1.27'}}]}}\n  volumeClaimTemplates:\n  - metadata: {{name: www}}\n    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}\n"
    )
}

fn world(replicas: i64, extra_spec: &str) -> World {
    let bundle = read_bundle(Source::new("t.yaml", manifest(replicas, extra_spec)));
    super::from_bundle(&bundle).expect("a StatefulSet")
}

fn both(replicas: i64, extra: &str) -> Vec<World> {
    vec![
        world(replicas, extra),
        world(
            replicas,
            &format!("  podManagementPolicy: Parallel\n{extra}"),
        ),
    ]
}

fn names(w: &World) -> Vec<String> {
    w.pods.values().map(|p| p.name.clone()).collect()
}

fn run(w: &mut World, commands: &str) {
    for c in commands.split(';') {
        apply(w, c.trim()).unwrap();
    }
}

/// The Pods of the events of `action` ("create", "delete", ...), in order.
fn pods_with(w: &World, action: &str) -> Vec<String> {
    w.events
        .iter()
        .filter(|e| e.action == action)
        .filter_map(|e| e.pod.clone())
        .collect()
}

fn creations(w: &World) -> Vec<String> {
    pods_with(w, "create")
}

/// §8.1 CreatesPods: 3 replicas from empty, in both modes; under OrderedReady Pod i is
/// Running and Ready only if Pod i-1 is, at every step.
#[test]
fn creates_pods() {
    for mut w in both(3, "") {
        let ordered = w.spec.policy == Policy::OrderedReady;
        w.sync();
        for _ in 0..30 {
            if ordered {
                for (ordinal, pod) in &w.pods {
                    if pod.ready && *ordinal > 0 {
                        assert!(
                            w.pods.get(&(ordinal - 1)).is_some_and(|p| p.ready),
                            "{} Ready before its predecessor",
                            pod.name
                        );
                    }
                }
            }
            w.step();
        }
        let s = w.status();
        assert_eq!(
            (s.replicas, s.ready_replicas, s.updated_replicas),
            (3, 3, 3)
        );
        assert_eq!(creations(&w), ["web-0", "web-1", "web-2"]);
        assert_eq!(
            w.pvcs.keys().cloned().collect::<Vec<_>>(),
            ["www-web-0", "www-web-1", "www-web-2"]
        );
        if !ordered {
            let created_at: Vec<f64> = w
                .events
                .iter()
                .filter(|e| e.action == "create")
                .map(|e| e.time)
                .collect();
            assert!(
                created_at.iter().all(|t| *t == 0.0),
                "Parallel creates all at once"
            );
        }
    }
}

/// §8.2–8.3 ScalesUp / ScalesDown: to 4 creates web-3; to 0 deletes from the highest ordinal,
/// each Pod gone before the next is deleted (OrderedReady); PVCs stay by default.
#[test]
fn scales_up_and_down() {
    for mut w in both(3, "") {
        run(&mut w, "run; scale 4; run");
        assert_eq!(names(&w), ["web-0", "web-1", "web-2", "web-3"]);
        let before = w.events.len();
        run(&mut w, "scale 0; run");
        let deleted: Vec<String> = w.events[before..]
            .iter()
            .filter(|e| e.action == "delete")
            .filter_map(|e| e.pod.clone())
            .collect();
        assert_eq!(deleted, ["web-3", "web-2", "web-1", "web-0"]);
        if w.spec.policy == Policy::OrderedReady {
            // Each deletion waits for the previous Pod to be gone.
            let order: Vec<(&str, String)> = w.events[before..]
                .iter()
                .filter(|e| e.action == "delete" || e.action == "gone")
                .map(|e| (e.action, e.pod.clone().unwrap()))
                .collect();
            for pair in order.chunks(2) {
                assert_eq!(pair[0].1, pair[1].1, "{order:?}");
            }
        }
        assert!(w.pods.is_empty());
        assert_eq!(w.pvcs.len(), 4, "PVCs are kept on scale-down by default");
    }
}

/// §8.4 ReplacesPods: deleted Pods come back with their names, under OrderedReady one at a
/// time (each after the previous is Ready).
#[test]
fn replaces_pods() {
    for mut w in both(5, "") {
        run(&mut w, "run; delete web-0; delete web-2; delete web-4; run");
        assert_eq!(w.status().ready_replicas, 5);
        let recreated: Vec<String> = creations(&w)[5..].to_vec();
        assert_eq!(recreated, ["web-0", "web-2", "web-4"]);
        assert_eq!(w.pvcs.len(), 5, "the same PVCs are used");
    }
}

/// §8.5 RecreatesFailedPod: a Failed Pod is deleted, then re-created with the same name.
#[test]
fn recreates_failed_pods() {
    for mut w in both(3, "") {
        run(&mut w, "run; exit web-0; step; step; step; run");
        let recreated: Vec<String> = creations(&w)[3..].to_vec();
        assert_eq!(recreated, ["web-0"]);
        assert!(
            w.pods
                .values()
                .all(|p| p.phase == Phase::Running && p.ready)
        );
    }
}

/// §8.10 start ordinal: ordinals 2, 3, 4; moving the start condemns Pods below it (§1.2).
#[test]
fn start_ordinal() {
    let mut w = world(3, "  ordinals: {start: 2}\n");
    run(&mut w, "run");
    assert_eq!(names(&w), ["web-2", "web-3", "web-4"]);
    run(&mut w, "set start=0; run");
    assert_eq!(names(&w), ["web-0", "web-1", "web-2"]);
    let deleted = pods_with(&w, "delete");
    assert_eq!(deleted, ["web-4", "web-3"]);
}

/// §8.13 RollingUpdate (with and without scaling): every Pod ends on the new revision,
/// replaced from the highest ordinal down.
#[test]
fn rolling_update() {
    for scale in ["", "scale 5;", "scale 2;"] {
        for mut w in both(3, "") {
            run(
                &mut w,
                &format!("run; update image=nginx:1.28; {scale} run"),
            );
            assert!(
                w.pods.values().all(|p| p.revision == w.update_revision),
                "{scale}"
            );
            assert_eq!(w.current_revision, w.update_revision);
            if scale.is_empty() {
                let deleted = pods_with(&w, "delete");
                assert_eq!(deleted, ["web-2", "web-1", "web-0"]);
            }
        }
    }
}

/// §8.14 OnDelete: nothing is updated by the controller; new Pods (scale-up) and deleted ones
/// come up at the new revision.
#[test]
fn on_delete() {
    for mut w in both(3, "  updateStrategy: {type: OnDelete}\n") {
        assert_eq!(w.spec.strategy, UpdateStrategy::OnDelete);
        run(&mut w, "run; update image=nginx:1.28; run; scale 5; run");
        let revisions: Vec<bool> = w
            .pods
            .values()
            .map(|p| p.revision == w.update_revision)
            .collect();
        assert_eq!(revisions, [false, false, false, true, true]);
        run(&mut w, "delete web-1; run");
        assert_eq!(w.pods[&1].revision, w.update_revision);
    }
}

/// §8.15 partition: with partition 2 of 3 only web-2 is updated; with 5 replicas, 2–4.
#[test]
fn partition() {
    for mut w in both(
        3,
        "  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}\n",
    ) {
        run(&mut w, "run; update image=nginx:1.28; run");
        let updated: Vec<bool> = w
            .pods
            .values()
            .map(|p| p.revision == w.update_revision)
            .collect();
        assert_eq!(updated, [false, false, true]);
        run(&mut w, "scale 5; run");
        let updated: Vec<bool> = w
            .pods
            .values()
            .map(|p| p.revision == w.update_revision)
            .collect();
        assert_eq!(updated, [false, false, true, true, true]);
        run(&mut w, "delete web-0; run");
        assert_ne!(
            w.pods[&0].revision, w.update_revision,
            "below the partition, a deleted Pod comes back at the old revision"
        );
    }
}

/// §4.3 partition with ordinals.start: the code treats partition as an offset from start.
#[test]
fn partition_is_an_offset_from_the_start_ordinal() {
    let mut w = world(
        9,
        "  ordinals: {start: 2}\n  updateStrategy: {rollingUpdate: {partition: 5}}\n",
    );
    run(&mut w, "run; update image=nginx:1.28; run");
    let old: Vec<i64> = w
        .pods
        .values()
        .filter(|p| p.revision != w.update_revision)
        .map(|p| p.ordinal)
        .collect();
    assert_eq!(old, [2, 3, 4, 5, 6]);
}

/// §8.16 maxUnavailable 2, partition 3, 6 replicas: the first update step deletes 5 and 4
/// together; 0–2 are never touched.
#[test]
fn max_unavailable() {
    for mut w in both(
        6,
        "  updateStrategy: {rollingUpdate: {partition: 3, maxUnavailable: 2}}\n",
    ) {
        run(&mut w, "run; update image=nginx:1.28; step");
        let first = pods_with(&w, "delete");
        assert_eq!(first, ["web-5", "web-4"]);
        run(&mut w, "run");
        let updated: Vec<bool> = w
            .pods
            .values()
            .map(|p| p.revision == w.update_revision)
            .collect();
        assert_eq!(updated, [false, false, false, true, true, true]);
    }
}

/// §8.20 minReadySeconds: a Pod is Available only after it has been Ready that long, and
/// OrderedReady waits for it.
#[test]
fn min_ready_seconds() {
    let mut w = world(2, "  minReadySeconds: 10\n");
    run(&mut w, "step; step; step");
    assert!(w.pods[&0].ready);
    assert!(
        !w.pods.contains_key(&1),
        "web-1 waits until web-0 is Available"
    );
    assert_eq!(w.status().available_replicas, 0);
    run(&mut w, "run");
    assert_eq!(w.status().available_replicas, 2);
    let create_1 = w
        .events
        .iter()
        .find(|e| e.action == "create" && e.pod.as_deref() == Some("web-1"))
        .unwrap();
    assert!(create_1.time >= 12.0, "{}", create_1.time);
}

/// §8.23 BlocksScaling and §3.5: while a Pod is unhealthy, OrderedReady neither scales up
/// nor down; Parallel does not wait.
#[test]
fn an_unhealthy_pod_blocks_ordered_scaling() {
    let mut w = world(3, "");
    run(&mut w, "run; fail web-0; scale 5; run");
    assert_eq!(names(&w), ["web-0", "web-1", "web-2"]);
    assert!(
        w.events
            .iter()
            .any(|e| e.reason == "web-3 waits: web-0 is not Ready")
    );
    run(&mut w, "ready web-0; run");
    assert_eq!(w.pods.len(), 5);
    let mut p = world(3, "  podManagementPolicy: Parallel\n");
    run(&mut p, "run; fail web-0; scale 5; run");
    assert_eq!(p.pods.len(), 5);
}

/// §4.5 the forced-rollback trap: a broken revision wedges an OrderedReady rollout, and
/// reverting the template is not enough until the stuck Pod is deleted.
#[test]
fn forced_rollback() {
    let mut w = world(3, "");
    run(&mut w, "run; update image=nginx:broken broken; run");
    assert!(!w.pods[&2].ready, "web-2 runs the broken revision");
    assert_eq!(
        w.pods[&1].revision, w.current_revision,
        "the rollout stopped at web-2"
    );
    run(&mut w, "update image=nginx:1.27; run");
    assert!(
        !w.pods[&2].ready,
        "reverting the template does not replace the stuck Pod"
    );
    run(&mut w, "delete web-2; run");
    assert!(
        w.pods.values().all(|p| p.ready),
        "deleting the stuck Pod lets the controller recover"
    );
}

/// §8.12 and §4.7: re-applying an earlier template re-uses its revision with a new number.
#[test]
fn rollback_reuses_a_revision() {
    let mut w = world(2, "");
    let first = w.update_revision.clone();
    run(
        &mut w,
        "run; update image=nginx:1.28; run; update image=nginx:1.27; run",
    );
    assert_eq!(w.update_revision, first);
    assert_eq!(w.revisions.len(), 2);
    assert_eq!(
        w.revisions.iter().find(|r| r.name == first).unwrap().number,
        3
    );
}

/// §8.18 revision history: never more than revisionHistoryLimit + 2 revisions.
#[test]
fn revision_history_is_limited() {
    let mut w = world(1, "  revisionHistoryLimit: 2\n");
    run(&mut w, "run");
    for i in 0..12 {
        run(&mut w, &format!("update image=nginx:1.{i}; run"));
        assert!(w.revisions.len() <= 4, "{}", w.revisions.len());
    }
}

/// §8.24 and §3.8: deleting the set stops the controller; every Pod goes at once; PVCs
/// stay unless whenDeleted is Delete, and whenScaled: Delete removes PVCs of scaled-away Pods.
#[test]
fn deletion_and_retention() {
    let mut w = world(3, "");
    run(&mut w, "run; delete-set; step");
    let deletes: Vec<f64> = w
        .events
        .iter()
        .filter(|e| e.action == "delete")
        .map(|e| e.time)
        .collect();
    assert_eq!(deletes.len(), 3);
    assert!(
        deletes.iter().all(|t| *t == deletes[0]),
        "no ordering on set deletion"
    );
    run(&mut w, "run");
    assert!(w.pods.is_empty());
    assert_eq!(w.pvcs.len(), 3);
    let mut d = world(
        3,
        "  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}\n",
    );
    assert_eq!(
        (d.spec.when_deleted, d.spec.when_scaled),
        (Retain::Delete, Retain::Delete)
    );
    run(&mut d, "run; scale 1; run");
    assert_eq!(d.pvcs.keys().cloned().collect::<Vec<_>>(), ["www-web-0"]);
    run(&mut d, "delete-set; run");
    assert!(d.pvcs.is_empty());
}

/// §8.21 Parallel scale: 3 → 30 and 30 → 1 in one or two syncs.
#[test]
fn parallel_scale() {
    let mut w = world(3, "  podManagementPolicy: Parallel\n");
    run(&mut w, "run; scale 30");
    w.sync();
    assert_eq!(w.pods.len(), 30);
    run(&mut w, "run; scale 1");
    w.sync();
    assert_eq!(w.pods.values().filter(|p| p.terminating).count(), 29);
}

/// §1.5: DNS names resolve for Ready Pods only, unless publishNotReadyAddresses.
#[test]
fn dns_names() {
    let mut w = world(2, "");
    run(&mut w, "run; fail web-1");
    let dns = w.dns();
    assert_eq!(dns[0].0, "web-0.web.default.svc.cluster.local");
    assert!(dns[0].1 && !dns[1].1);
    w.spec.headless = Some(true);
    assert!(
        w.dns()[1].1,
        "publishNotReadyAddresses publishes not-ready Pods"
    );
    w.spec.headless = None;
    assert!(
        w.dns().iter().all(|d| !d.1),
        "no headless Service: no names"
    );
}

/// §8.9 RecreatesPVCForPendingPod: a Pending Pod whose PVC was deleted gets it back.
#[test]
fn recreates_the_pvc_of_a_pending_pod() {
    let mut w = world(1, "");
    w.sync();
    assert_eq!(w.pods[&0].phase, Phase::Pending);
    run(&mut w, "delete www-web-0");
    assert!(w.pvcs.is_empty());
    w.sync();
    assert!(w.pvcs.contains_key("www-web-0"));
    run(&mut w, "run");
    assert!(
        apply(&mut w, "delete www-web-0")
            .unwrap_err()
            .contains("PVC protection")
    );
}

/// §8.22 RespectsTermination: Terminating Pods are neither re-created nor deleted again
/// while they terminate; afterwards scaling to 0 works.
#[test]
fn respects_termination() {
    let mut w = world(5, "");
    run(&mut w, "run; scale 3");
    w.terminate_delay_for_test(30.0);
    w.sync();
    w.sync();
    assert_eq!(w.pods.len(), 5, "web-4 terminates; web-3 waits for it");
    assert_eq!(w.pods.values().filter(|p| p.terminating).count(), 1);
    run(&mut w, "run; scale 0; run");
    assert!(w.pods.is_empty());
}

/// §8.17 maxUnavailable counts every unavailable Pod, also below the partition.
#[test]
fn max_unavailable_counts_pods_below_the_partition() {
    let mut w = world(
        6,
        "  updateStrategy: {rollingUpdate: {partition: 3, maxUnavailable: 2}}\n  podManagementPolicy: Parallel\n",
    );
    run(&mut w, "run; fail web-1; update image=nginx:1.28; step");
    let deleted = pods_with(&w, "delete");
    assert_eq!(
        deleted,
        ["web-5"],
        "one of the two allowed is taken by web-1"
    );
}

/// §8.6 CreatePodFailure: the third create fails; the sync reports the error and a retry
/// converges to 3 Pods, in both modes.
#[test]
fn create_pod_failure() {
    for mut w in both(3, "") {
        run(&mut w, "api-fail create; run");
        let errors: Vec<&str> = w
            .events
            .iter()
            .filter(|e| e.action == "error")
            .map(|e| e.reason.as_str())
            .collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("failed the Create call for web-0"),
            "{errors:?}"
        );
        assert_eq!(w.status().ready_replicas, 3);
    }
}

/// §8.8 NewRevisionDeletePodFailure: after an image change the delete fails, so
/// currentReplicas stays 3; the next sync deletes web-2.
#[test]
fn new_revision_delete_pod_failure() {
    let mut w = world(3, "");
    run(&mut w, "run; update image=nginx:1.28; api-fail delete");
    w.sync();
    assert_eq!(w.status().current_replicas, 3);
    assert_ne!(w.current_revision, w.update_revision);
    w.sync();
    assert!(w.pods[&2].terminating, "the retry deletes web-2");
    run(&mut w, "run");
    assert_eq!(w.current_revision, w.update_revision);
}

/// §8.11 ScaleDownDeleteError and §8.7 UpdateSetStatusFailure: errors, then convergence.
#[test]
fn scale_down_and_status_errors_are_retried() {
    for mut w in both(3, "") {
        run(&mut w, "run; scale 0; api-fail delete; run");
        assert!(w.pods.is_empty());
        assert!(w.events.iter().any(|e| e.action == "error"));
    }
    let mut w = world(2, "");
    run(&mut w, "run; update image=nginx:1.28; api-fail status; run");
    assert!(
        w.events
            .iter()
            .any(|e| e.action == "error" && e.reason.contains("Status"))
    );
    assert_eq!(
        w.current_revision, w.update_revision,
        "the status is written on a later sync"
    );
}

fn event_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..7).prop_map(|n| format!("scale {n}")),
        (0i64..6).prop_map(|n| format!("fail web-{n}")),
        (0i64..6).prop_map(|n| format!("ready web-{n}")),
        (0i64..6).prop_map(|n| format!("delete web-{n}")),
        (0i64..6).prop_map(|n| format!("exit web-{n}")),
        (0i64..4).prop_map(|n| format!("update image=nginx:1.{n}")),
        (0i64..4).prop_map(|n| format!("set partition={n}")),
        Just("step".to_string()),
        Just("step 3".to_string()),
        Just("run".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Invariants over random event sequences, in both modes.
    #[test]
    fn invariants_hold(events in proptest::collection::vec(event_strategy(), 1..25), parallel in any::<bool>()) {
        let extra = if parallel { "  podManagementPolicy: Parallel\n" } else { "" };
        let mut w = world(3, extra);
        let mut pvcs_seen: std::collections::HashMap<String, usize> = Default::default();
        for event in &events {
            let deleted_before = pods_with(&w, "delete");
            let before = w.events.len();
            // Unknown Pods are fine to name: the command is refused, nothing changes.
            let _ = apply(&mut w, event);
            // At most one Pod per identity: the map is keyed by ordinal; names are unique too.
            let mut names: Vec<&String> = w.pods.values().map(|p| &p.name).collect();
            names.dedup();
            prop_assert_eq!(names.len(), w.pods.len());
            // A PVC is never created twice while it exists.
            for e in &w.events[before..] {
                if e.action == "pvc-create" {
                    let pvc = e.pvc.clone().unwrap();
                    *pvcs_seen.entry(pvc.clone()).or_default() += 1;
                }
                if e.action == "pvc-delete" {
                    pvcs_seen.remove(&e.pvc.clone().unwrap());
                }
            }
            prop_assert!(pvcs_seen.values().all(|n| *n == 1), "a PVC was re-created while it existed");
            if !parallel {
                // Scale-down never deletes a lower ordinal before a higher one that is also condemned.
                let scale_deletes: Vec<i64> = w.events[before..]
                    .iter()
                    .filter(|e| e.action == "delete" && e.reason.contains("scale-down"))
                    .filter_map(|e| e.pod.as_ref()?.rsplit('-').next()?.parse().ok())
                    .collect();
                for pair in scale_deletes.windows(2) {
                    prop_assert!(pair[0] > pair[1]);
                }
                let _ = deleted_before;
            }
        }
    }

    /// Under OrderedReady, starting from scratch without failures, Pod i is Ready only if
    /// every lower ordinal is, at every step.
    #[test]
    fn ordered_readiness(replicas in 1i64..8, steps in 1usize..40) {
        let mut w = world(replicas, "");
        w.sync();
        for _ in 0..steps {
            w.step();
            for (ordinal, pod) in &w.pods {
                if pod.ready {
                    for lower in 0..*ordinal {
                        prop_assert!(w.pods.get(&lower).is_some_and(|p| p.ready), "web-{} Ready before web-{}", ordinal, lower);
                    }
                }
            }
        }
    }
}

/// The timeline row of `pod`, as drawn.
fn timeline_row(w: &World, pod: &str) -> String {
    super::render::timeline(w, 200, false)
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{pod} │")))
        .unwrap_or_default()
        .to_string()
}

/// States a Pod passes through within one second share its column: the most unusual one is
/// drawn, so a crash that is fixed at once, or a Failed Pod that the same sync deletes,
/// still shows.
#[test]
fn short_lived_states_show_in_the_timeline() {
    let mut w = world(3, "");
    run(&mut w, "run; fail web-1; ready web-1; exit web-2; run");
    assert!(
        timeline_row(&w, "web-1").contains('~'),
        "{}",
        timeline_row(&w, "web-1")
    );
    assert!(
        timeline_row(&w, "web-2").contains('!'),
        "{}",
        timeline_row(&w, "web-2")
    );
    // Once the second is over, the row goes on from the state the Pod is really in.
    assert!(timeline_row(&w, "web-1").ends_with('●'));
    assert!(timeline_row(&w, "web-2").ends_with('●'));
}

/// A Pod without a readinessProbe is Ready as soon as its containers run; the log says
/// that, and speaks of passing a probe only when there is one.
#[test]
fn readiness_is_explained_with_or_without_a_probe() {
    let mut w = world(1, "");
    run(&mut w, "run");
    let ready: Vec<&str> = w
        .events
        .iter()
        .filter(|e| e.action == "ready")
        .map(|e| e.reason.as_str())
        .collect();
    assert_eq!(ready.len(), 1);
    assert!(!ready[0].contains("probe passed") && !ready[0].contains("passed its"));
    assert!(ready[0].contains("no readinessProbe"), "{}", ready[0]);
    let probed = manifest(1, "").replace(
        "image: 'nginx:1.27'}",
        "image: 'nginx:1.27', readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 3}}",
    );
    let bundle = read_bundle(Source::new("t.yaml", probed));
    let mut p = super::from_bundle(&bundle).expect("a StatefulSet");
    run(&mut p, "run");
    assert!(
        p.events
            .iter()
            .any(|e| e.action == "ready" && e.reason == "web-0 passed its readiness probe"),
        "{:?}",
        p.events
    );
}

/// §4.5: when the rollout is stuck behind a Pod of a broken revision, the log and a hint say
/// what unsticks it: deleting that Pod.
#[test]
fn a_stuck_rollout_says_how_to_unstick_it() {
    let mut w = world(3, "");
    run(&mut w, "run; update image=nginx:broken broken; run");
    let stuck = w.stuck().expect("stuck on the broken update");
    assert!(!stuck.reverted);
    assert!(super::render::hints(&w).contains("revert"));
    run(&mut w, "update image=nginx:1.27; run");
    let stuck = w.stuck().expect("still stuck after the revert");
    assert_eq!((stuck.pod.as_str(), stuck.reverted), ("web-2", true));
    let last_wait = w.events.iter().rev().find(|e| e.action == "wait").unwrap();
    assert!(
        last_wait.reason.contains("`delete web-2`"),
        "{}",
        last_wait.reason
    );
    assert!(super::render::hints(&w).contains("`delete web-2`"));
    run(&mut w, "delete web-2; run");
    assert_eq!(w.stuck(), None);
    assert_eq!(super::render::hints(&w), "");
    // A Pod the learner crashed (`fail`) on a good revision is not a stuck rollout.
    let mut f = world(2, "");
    run(&mut f, "run; fail web-1; run");
    assert_eq!(f.stuck(), None);
}

/// A timeline longer than the width shows the last seconds that fit, and says so; no line
/// is wider than asked.
#[test]
fn a_long_timeline_shows_the_last_seconds_that_fit() {
    let mut w = world(2, "");
    run(&mut w, "run; step 80");
    let drawn = super::render::timeline(&w, 60, false);
    assert!(drawn.contains("do not fit"), "{drawn}");
    assert!(drawn.lines().all(|l| l.chars().count() <= 60), "{drawn}");
    let all = super::render::timeline(&w, 200, false);
    assert!(!all.contains("do not fit"), "{all}");
}

/// kube-controller-manager 1.37 (tests/oracle_sim.rs, scenario on-delete): under OnDelete too,
/// the update revision becomes current once every Pod runs it and is Ready.
#[test]
fn on_delete_completes_the_update_when_every_pod_is_updated() {
    let mut w = world(2, "  updateStrategy: {type: OnDelete}\n");
    run(&mut w, "run; update image=nginx:1.28; run");
    assert_ne!(w.status().current_revision, w.status().update_revision);
    run(&mut w, "delete web-0; run; delete web-1; run");
    let status = w.status();
    assert_eq!(status.current_revision, status.update_revision);
    assert_eq!(status.current_replicas, 2);
}

/// kube-controller-manager 1.37 with MaxUnavailableStatefulSet on by default (scenario
/// parallel-unavailable-below-partition): maxUnavailable is 1 when unset, and an
/// unavailable Pod below the partition uses it up, so a Parallel update deletes nothing.
#[test]
fn an_unavailable_pod_below_the_partition_holds_a_parallel_update() {
    let mut w = world(
        3,
        "  podManagementPolicy: Parallel\n  updateStrategy: {rollingUpdate: {partition: 1}}\n",
    );
    run(&mut w, "run; fail web-0; update image=nginx:1.28; run");
    assert!(
        w.events.iter().all(|e| e.action != "delete"),
        "nothing is deleted"
    );
    run(&mut w, "ready web-0; run");
    assert_eq!(
        w.status().updated_replicas,
        2,
        "web-1 and web-2 once web-0 is back"
    );
}

/// Parallel first replaces an old Pod that is unavailable anyway (scenario
/// parallel-update-replaces-unavailable).
#[test]
fn parallel_replaces_an_unavailable_old_pod_first() {
    let mut w = world(3, "  podManagementPolicy: Parallel\n");
    run(&mut w, "run; fail web-0; update image=nginx:1.28; step");
    let deleted = pods_with(&w, "delete");
    assert_eq!(deleted, ["web-0"]);
}
