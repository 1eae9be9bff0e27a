//! The StatefulSet controller's decisions, one sync at a time, and the kubelet's progress
//! between syncs. Behaviour follows the facts sheet §1–§4 (and §8's test scenarios):
//! OrderedReady creates one Pod per sync and blocks on any unhealthy Pod; Parallel creates
//! and deletes without waiting; scale-down goes from the highest ordinal; rolling updates go
//! from the highest ordinal down to the partition (an offset from `ordinals.start`, as the
//! code does); PVCs are created before their Pod and kept or deleted by the retention policy.

use std::collections::BTreeMap;

use serde_json::Value;

use super::model::{
    ApiCall, Event, Owner, Phase, Pod, Policy, Pvc, Retain, Revision, SetSpec, Status, Strategy,
    World, revision_name,
};

/// A rolling update stuck behind a Pod that will never become Ready (see [`World::stuck`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuck {
    pub pod: String,
    pub revision: String,
    /// Whether the template has changed since: the Pod runs an old revision.
    pub reverted: bool,
}

impl Stuck {
    /// Why nothing moves, and what unsticks it.
    pub fn explanation(&self) -> String {
        if self.reverted {
            format!(
                "the rollout is stuck: {pod} still runs the broken revision {rev}, and the controller waits for it to become Ready before replacing it, even though the template changed; delete it (`delete {pod}`) and it is re-created from the update revision",
                pod = self.pod,
                rev = self.revision
            )
        } else {
            format!(
                "the rollout is stuck: {pod} crashes on the update revision {rev}; fix or revert the template (`update image=…`), then delete {pod} (`delete {pod}`): reverting alone does not replace it",
                pod = self.pod,
                rev = self.revision
            )
        }
    }

    /// The one thing to type, for the hint line under the tables.
    pub fn hint(&self) -> String {
        if self.reverted {
            format!(
                "hint: {pod} is stuck on a broken revision; `delete {pod}` lets the controller replace it",
                pod = self.pod
            )
        } else {
            format!(
                "hint: {pod} crashes on the new template; revert it (`update image=…`), then `delete {pod}`",
                pod = self.pod
            )
        }
    }
}

/// How unusual a timeline glyph is: a second's column shows the most unusual state.
fn significance(glyph: char) -> u8 {
    match glyph {
        '!' => 5,
        '~' => 4,
        '×' => 3,
        '·' => 2,
        '○' => 1,
        _ => 0,
    }
}

/// Whether some container of a Pod template declares a readinessProbe.
fn has_readiness_probe(template: &Value) -> bool {
    template
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c.get("readinessProbe").is_some()))
}

/// How long one step of the simulation lasts, in seconds.
pub const TICK: f64 = 1.0;

impl World {
    pub fn new(spec: SetSpec) -> World {
        let template = spec.template.clone();
        let name = revision_name(&spec.name, &template, 0);
        let mut world = World {
            revisions: vec![Revision {
                name: name.clone(),
                number: 1,
                template,
                broken: false,
            }],
            current_revision: name.clone(),
            update_revision: name,
            spec,
            pods: BTreeMap::new(),
            pvcs: BTreeMap::new(),
            time: 0.0,
            events: Vec::new(),
            deleted: false,
            next_revision_number: 2,
            history: Vec::new(),
            api_failures: Vec::new(),
            sync_failed: false,
        };
        world.snapshot();
        world
    }

    pub(crate) fn log(
        &mut self,
        action: &'static str,
        pod: Option<&str>,
        pvc: Option<&str>,
        revision: Option<&str>,
        reason: impl Into<String>,
    ) {
        self.events.push(Event {
            time: self.time,
            action,
            pod: pod.map(str::to_string),
            pvc: pvc.map(str::to_string),
            revision: revision.map(str::to_string),
            reason: reason.into(),
        });
    }

    /// Logs a wait, unless the same wait is already the last thing logged.
    fn wait(&mut self, reason: String) {
        let repeated = self
            .events
            .last()
            .is_some_and(|e| e.action == "wait" && e.reason == reason);
        if !repeated {
            self.log("wait", None, None, None, reason);
        }
    }

    pub fn pod_name(&self, ordinal: i64) -> String {
        format!("{}-{ordinal}", self.spec.name)
    }

    fn range(&self) -> std::ops::Range<i64> {
        self.spec.start..self.spec.start + self.spec.replicas
    }

    fn in_range(&self, ordinal: i64) -> bool {
        self.range().contains(&ordinal)
    }

    /// Running, Ready and Ready for minReadySeconds.
    pub fn available(&self, pod: &Pod) -> bool {
        pod.phase == Phase::Running
            && pod.ready
            && !pod.terminating
            && pod
                .ready_since
                .is_some_and(|since| self.time - since >= self.spec.min_ready_seconds)
    }

    fn revision_broken(&self, name: &str) -> bool {
        self.revisions.iter().any(|r| r.name == name && r.broken)
    }

    /// The revision a new Pod of `ordinal` is built from (facts §4.8).
    fn revision_for(&self, ordinal: i64) -> String {
        match self.spec.strategy {
            Strategy::RollingUpdate if ordinal < self.spec.start + self.spec.partition => {
                self.current_revision.clone()
            }
            _ => self.update_revision.clone(),
        }
    }

    /// Whether an injected failure consumes this API call (logged; the sync then stops).
    fn api_fails(&mut self, call: ApiCall, subject: &str) -> bool {
        let Some(i) = self.api_failures.iter().position(|c| *c == call) else {
            return false;
        };
        self.api_failures.remove(i);
        self.sync_failed = true;
        self.log("error", Some(subject), None, None, format!("the API server failed the {call:?} call for {subject}: this sync stops, the next one retries"));
        true
    }

    /// Creates the missing PVCs of the Pod `name` (one per claim template), logging each with
    /// `reason(pvc, pod)`; existing PVCs are reused, never re-created.
    fn ensure_pvcs(&mut self, ordinal: i64, name: &str, reason: impl Fn(&str, &str) -> String) {
        for template in self.spec.claim_templates.clone() {
            let pvc = format!("{template}-{name}");
            if self.pvcs.contains_key(&pvc) {
                continue;
            }
            let owner = if self.spec.when_deleted == Retain::Delete {
                Owner::Set
            } else {
                Owner::None
            };
            self.pvcs.insert(
                pvc.clone(),
                Pvc {
                    name: pvc.clone(),
                    ordinal,
                    owner,
                },
            );
            let why = reason(&pvc, name);
            self.log("pvc-create", Some(name), Some(&pvc), None, why);
        }
    }

    fn create_pod(&mut self, ordinal: i64, reason: String) {
        let name = self.pod_name(ordinal);
        if self.api_fails(ApiCall::Create, &name) {
            return;
        }
        // The PVCs come first (facts §2.1), one per claim template, unless they exist.
        self.ensure_pvcs(ordinal, &name, |pvc, pod| {
            format!("{pvc} is created before {pod}")
        });
        let revision = self.revision_for(ordinal);
        let crashing = self.revision_broken(&revision);
        let pod = Pod {
            name: name.clone(),
            ordinal,
            revision: revision.clone(),
            phase: Phase::Pending,
            ready: false,
            ready_since: None,
            terminating: false,
            created_at: self.time,
            terminating_since: 0.0,
            crashing,
        };
        self.pods.insert(ordinal, pod);
        self.log("create", Some(&name), None, Some(&revision), reason);
    }

    fn delete_pod(&mut self, ordinal: i64, reason: String) {
        let time = self.time;
        let name = self.pod_name(ordinal);
        if self.pods.get(&ordinal).is_some_and(|p| !p.terminating)
            && self.api_fails(ApiCall::Delete, &name)
        {
            return;
        }
        if let Some(pod) = self.pods.get_mut(&ordinal)
            && !pod.terminating
        {
            pod.terminating = true;
            pod.ready = false;
            pod.terminating_since = time;
            let (name, revision) = (pod.name.clone(), pod.revision.clone());
            self.log("delete", Some(&name), None, Some(&revision), reason);
        }
    }

    /// The kubelet and the API between two syncs: Pods start, become Ready, finish
    /// terminating; PVCs whose owner is gone are garbage-collected.
    pub fn advance(&mut self, seconds: f64) {
        let until = self.time + seconds;
        while self.time + 1e-9 < until {
            self.time = (self.time + TICK).min(until);
            self.kubelet();
        }
    }

    fn kubelet(&mut self) {
        let now = self.time;
        let mut gone = Vec::new();
        let mut became_ready = Vec::new();
        for (ordinal, pod) in self.pods.iter_mut() {
            if pod.terminating {
                if now - pod.terminating_since >= self.spec.terminate_delay {
                    gone.push(*ordinal);
                }
                continue;
            }
            if pod.phase == Phase::Pending && now - pod.created_at >= self.spec.start_delay {
                pod.phase = Phase::Running;
            }
            let due = now - pod.created_at >= self.spec.start_delay + self.spec.ready_delay;
            if pod.phase == Phase::Running && !pod.ready && !pod.crashing && due {
                pod.ready = true;
                pod.ready_since = Some(now);
                became_ready.push(pod.name.clone());
            }
        }
        for name in became_ready {
            let probed = self
                .pods
                .values()
                .find(|p| p.name == name)
                .and_then(|p| self.revisions.iter().find(|r| r.name == p.revision))
                .is_some_and(|r| has_readiness_probe(&r.template));
            let reason = if probed {
                format!("{name} passed its readiness probe")
            } else {
                // Without a probe the kubelet reports Ready as soon as the containers run.
                format!(
                    "{name} is Ready: its containers are running, and it has no readinessProbe to pass"
                )
            };
            self.log("ready", Some(&name), None, None, reason);
        }
        for ordinal in gone {
            if let Some(pod) = self.pods.remove(&ordinal) {
                self.log(
                    "gone",
                    Some(&pod.name),
                    None,
                    None,
                    format!("{} finished terminating", pod.name),
                );
                self.collect_pvcs(&pod.name);
            }
        }
    }

    /// PVCs owned by a Pod (whenScaled: Delete) go when that Pod is gone.
    fn collect_pvcs(&mut self, pod: &str) {
        let owned: Vec<String> = self
            .pvcs
            .values()
            .filter(|p| p.owner == Owner::Pod(pod.to_string()))
            .map(|p| p.name.clone())
            .collect();
        for pvc in owned {
            self.pvcs.remove(&pvc);
            self.log(
                "pvc-delete",
                Some(pod),
                Some(&pvc),
                None,
                format!("whenScaled: Delete, and {pod} was scaled away"),
            );
        }
    }

    /// Revisions: a template change makes a new update revision; a template equal to an
    /// earlier revision re-uses it with a new number (facts §4.7).
    pub fn set_template(&mut self, template: Value, broken: bool) {
        let existing = self.revisions.iter().position(|r| r.template == template);
        let number = self.next_revision_number;
        self.next_revision_number += 1;
        let name = match existing {
            Some(i) => {
                self.revisions[i].number = number;
                self.revisions[i].broken = broken;
                self.revisions[i].name.clone()
            }
            None => {
                let mut collision = 0;
                let mut name = revision_name(&self.spec.name, &template, collision);
                while self.revisions.iter().any(|r| r.name == name) {
                    collision += 1;
                    name = revision_name(&self.spec.name, &template, collision);
                }
                self.revisions.push(Revision {
                    name: name.clone(),
                    number,
                    template: template.clone(),
                    broken,
                });
                name
            }
        };
        self.spec.template = template;
        self.update_revision = name.clone();
        self.log(
            "revision",
            None,
            None,
            Some(&name),
            format!("the template changed: update revision {name} (number {number})"),
        );
    }

    /// One controller sync; an API error ends it early (the next sync retries).
    pub fn sync(&mut self) {
        self.sync_failed = false;
        self.sync_once();
    }

    fn sync_once(&mut self) {
        if self.deleted {
            return;
        }
        let monotonic = self.spec.policy == Policy::OrderedReady;
        // A Pending Pod whose PVC has gone missing gets it back (facts §2.1).
        let pending: Vec<(i64, String)> = self
            .pods
            .values()
            .filter(|p| p.phase == Phase::Pending && !p.terminating)
            .map(|p| (p.ordinal, p.name.clone()))
            .collect();
        for (ordinal, name) in pending {
            self.ensure_pvcs(ordinal, &name, |pvc, pod| {
                format!("{pod} is Pending and its PVC {pvc} is missing: re-created")
            });
        }
        let replace: Vec<i64> = self
            .pods
            .values()
            .filter(|p| !p.terminating && matches!(p.phase, Phase::Failed | Phase::Succeeded))
            .map(|p| p.ordinal)
            .collect();
        for ordinal in replace {
            let phase = self.pods[&ordinal].phase;
            self.delete_pod(ordinal, format!("its phase is {phase:?}: it is deleted and re-created with the same name and PVCs"));
            if monotonic || self.sync_failed {
                return;
            }
        }
        // Create missing Pods, lowest ordinal first; under OrderedReady one per sync, and only
        // when every lower Pod is Running, Ready and available.
        let mut first_unhealthy: Option<String> = None;
        for ordinal in self.range() {
            let name = self.pod_name(ordinal);
            match self.pods.get(&ordinal) {
                None => {
                    if monotonic && let Some(blocker) = &first_unhealthy {
                        self.wait(format!("{name} waits: {blocker}"));
                        return;
                    }
                    let reason = match (monotonic, ordinal == self.spec.start) {
                        (true, true) => format!("{name} is the first Pod"),
                        (true, false) => {
                            format!("{name} is next: every lower Pod is Running and Ready")
                        }
                        (false, _) => format!("{name}: Parallel creates without waiting"),
                    };
                    self.create_pod(ordinal, reason);
                    if monotonic || self.sync_failed {
                        return;
                    }
                }
                Some(pod) => {
                    let pod = pod.clone();
                    if first_unhealthy.is_none() {
                        if pod.terminating {
                            first_unhealthy = Some(format!("{} is terminating", pod.name));
                        } else if !(pod.phase == Phase::Running && pod.ready) {
                            first_unhealthy = Some(format!("{} is not Ready", pod.name));
                        } else if !self.available(&pod) {
                            first_unhealthy = Some(format!(
                                "{} is not yet Available (minReadySeconds)",
                                pod.name
                            ));
                        }
                    }
                }
            }
        }
        if monotonic && let Some(blocker) = first_unhealthy.clone() {
            // Nothing else proceeds while a Pod in range is unhealthy (facts §3.2, §3.5).
            let condemned = self.pods.keys().any(|o| !self.in_range(*o));
            let outdated = self
                .pods
                .values()
                .any(|p| p.revision != self.update_revision);
            if condemned || outdated {
                let reason = match self.stuck() {
                    Some(stuck) => format!(
                        "scaling and updates wait: {blocker}; {}",
                        stuck.explanation()
                    ),
                    None => format!("scaling and updates wait: {blocker}"),
                };
                self.wait(reason);
            }
            return;
        }
        // Scale down: highest ordinal first (condemned Pods, including those below the start).
        let mut condemned: Vec<i64> = self
            .pods
            .keys()
            .copied()
            .filter(|o| !self.in_range(*o))
            .collect();
        condemned.sort_unstable_by(|a, b| b.cmp(a));
        if !condemned.is_empty() {
            for ordinal in condemned {
                let pod = self.pods[&ordinal].clone();
                if pod.terminating {
                    if monotonic {
                        self.wait(format!("scale-down waits: {} is terminating", pod.name));
                        return;
                    }
                    continue;
                }
                if self.spec.when_scaled == Retain::Delete {
                    for pvc in self.pvcs.values_mut().filter(|p| p.ordinal == ordinal) {
                        pvc.owner = Owner::Pod(pod.name.clone());
                    }
                }
                let how = if monotonic {
                    "highest ordinal first, one at a time"
                } else {
                    "Parallel deletes without waiting"
                };
                self.delete_pod(
                    ordinal,
                    format!(
                        "{} is outside the ordinals {:?}: scale-down, {how}",
                        pod.name,
                        self.range()
                    ),
                );
                if monotonic || self.sync_failed {
                    return;
                }
            }
            if monotonic {
                return;
            }
        }
        self.rolling_update();
        if !self.sync_failed {
            self.update_status();
        }
    }

    /// RollingUpdate as kube-controller-manager 1.37 does it, with MaxUnavailableStatefulSet
    /// on by default (facts §4.4; `updateStatefulSetAfterInvariantEstablished`): from the
    /// highest ordinal down to start + partition; maxUnavailable (1 when unset) bounds how
    /// many Pods in range may be unavailable, counting Pods below the partition and Pods not
    /// yet created. Parallel first replaces every old-revision Pod that is already
    /// unavailable, then spends what is left of the budget on available ones.
    fn rolling_update(&mut self) {
        if self.spec.strategy != Strategy::RollingUpdate {
            return;
        }
        let update_min = self.spec.start + self.spec.partition;
        let targets: Vec<i64> = self.range().rev().filter(|o| *o >= update_min).collect();
        let max = self.spec.max_unavailable.unwrap_or(1).max(1);
        let parallel = self.spec.policy == Policy::Parallel;
        let old = |world: &World, pod: &Pod| pod.revision != world.update_revision;
        let unavailable = self
            .range()
            .filter(|o| self.pods.get(o).is_none_or(|p| !self.available(p)))
            .count() as i64;
        let unavailable_old = self
            .range()
            .filter_map(|o| self.pods.get(&o))
            .filter(|p| parallel && !self.available(p) && old(self, p) && !p.terminating)
            .count();
        let outdated = targets
            .iter()
            .filter_map(|o| self.pods.get(o))
            .any(|p| old(self, p) && !p.terminating);
        if unavailable >= max && unavailable_old == 0 {
            if outdated {
                let blocker = self
                    .range()
                    .rev()
                    .find(|o| self.pods.get(o).is_none_or(|p| !self.available(p)))
                    .map(|o| self.pod_name(o))
                    .unwrap_or_default();
                self.wait(if max == 1 {
                    format!("the rolling update waits: {blocker} is not Ready")
                } else {
                    format!("the rolling update waits: {unavailable} Pods are unavailable (maxUnavailable {max})")
                });
            }
            return;
        }
        if parallel {
            // Old Pods that are unavailable anyway go first, whatever the budget.
            for &ordinal in &targets {
                let Some(pod) = self.pods.get(&ordinal).cloned() else {
                    continue;
                };
                if old(self, &pod) && !self.available(&pod) && !pod.terminating {
                    self.delete_pod(ordinal, format!("rolling update: {} is at an old revision and unavailable anyway (Parallel replaces it at once)", pod.name));
                    if self.sync_failed {
                        return;
                    }
                }
            }
        }
        let mut budget = max - unavailable;
        for ordinal in targets {
            if budget <= 0 {
                break;
            }
            let Some(pod) = self.pods.get(&ordinal).cloned() else {
                continue;
            };
            let eligible = if parallel {
                self.available(&pod)
            } else {
                !pod.terminating
            };
            if old(self, &pod) && eligible {
                let reason = if max == 1 {
                    format!(
                        "rolling update: {} is at an old revision (updating from the highest ordinal down)",
                        pod.name
                    )
                } else {
                    format!(
                        "rolling update with maxUnavailable {max}: {} is at an old revision",
                        pod.name
                    )
                };
                self.delete_pod(ordinal, reason);
                if self.sync_failed {
                    return;
                }
                budget -= 1;
            }
        }
    }

    pub fn status(&self) -> Status {
        let in_range: Vec<&Pod> = self
            .pods
            .values()
            .filter(|p| self.in_range(p.ordinal))
            .collect();
        Status {
            // Like the API's status.replicas: every Pod the controller has created and not
            // yet seen go, condemned ones included.
            replicas: self.pods.len(),
            ready_replicas: in_range.iter().filter(|p| p.ready).count(),
            available_replicas: in_range.iter().filter(|p| self.available(p)).count(),
            current_replicas: in_range
                .iter()
                .filter(|p| p.revision == self.current_revision)
                .count(),
            updated_replicas: in_range
                .iter()
                .filter(|p| p.revision == self.update_revision)
                .count(),
            current_revision: self.current_revision.clone(),
            update_revision: self.update_revision.clone(),
        }
    }

    /// When every Pod is updated and Ready, the update revision becomes current, under
    /// OnDelete too (kube-controller-manager 1.37 `completeUpdate` checks no strategy); old
    /// revisions beyond revisionHistoryLimit are dropped (live ones are kept).
    fn update_status(&mut self) {
        let status = self.status();
        let wanted = usize::try_from(self.spec.replicas).unwrap_or(0);
        if status.updated_replicas == wanted
            && status.ready_replicas == wanted
            && status.replicas == wanted
            && self.current_revision != self.update_revision
            && !self.api_fails(ApiCall::Status, &self.spec.name.clone())
        {
            self.current_revision = self.update_revision.clone();
            let revision = self.current_revision.clone();
            self.log(
                "complete",
                None,
                None,
                Some(&revision),
                format!("every Pod runs {revision}: it is now the current revision"),
            );
        }
        let live: Vec<String> = self
            .pods
            .values()
            .map(|p| p.revision.clone())
            .chain([self.current_revision.clone(), self.update_revision.clone()])
            .collect();
        let limit = self.spec.revision_history_limit;
        let mut old: Vec<(u64, String)> = self
            .revisions
            .iter()
            .filter(|r| !live.contains(&r.name))
            .map(|r| (r.number, r.name.clone()))
            .collect();
        old.sort();
        while old.len() > limit {
            let (_, name) = old.remove(0);
            self.revisions.retain(|r| r.name != name);
        }
    }

    /// One step: time passes, then the controller syncs.
    pub fn step(&mut self) {
        self.advance(TICK);
        self.sync();
        self.snapshot();
    }

    /// Whether nothing will change without the learner: no Pod in transition, nothing to
    /// create, delete or update.
    pub fn stable(&self) -> bool {
        let in_transition = |p: &Pod| {
            p.terminating
                || p.phase == Phase::Pending
                || (p.phase == Phase::Running && !p.ready && !p.crashing)
                // Ready but not yet Available: minReadySeconds will pass by itself.
                || (p.ready && !self.available(p))
        };
        if self.pods.values().any(in_transition) {
            return false;
        }
        if self.deleted {
            return true;
        }
        let mut probe = self.clone();
        let before = probe.events.len();
        probe.sync();
        probe.events[before..].iter().all(|e| e.action == "wait")
    }

    /// Steps until stable (at most `limit` steps). Returns the steps taken.
    pub fn run(&mut self, limit: usize) -> usize {
        self.sync();
        self.snapshot();
        for n in 0..limit {
            if self.stable() {
                return n;
            }
            self.step();
        }
        limit
    }

    /// Records who is where, for the timeline.
    pub(crate) fn snapshot(&mut self) {
        let row = self
            .pods
            .values()
            .map(|p| {
                let glyph = if p.terminating {
                    '×'
                } else if p.phase == Phase::Failed || p.phase == Phase::Succeeded {
                    '!'
                } else if p.crashing && p.phase == Phase::Running {
                    '~'
                } else if p.ready {
                    '●'
                } else if p.phase == Phase::Running {
                    '○'
                } else {
                    '·'
                };
                (p.name.clone(), glyph)
            })
            .collect();
        // Several changes within one second (`fail web-1; ready web-1`, or a Failed Pod
        // deleted by the sync of the same second) share one column: it shows the most
        // unusual state each Pod passed through in that second, so no crash or failure is
        // overwritten by what followed it.
        if let Some((t, last)) = self.history.last_mut()
            && *t == self.time
        {
            let mut merged: Vec<(String, char)> = last.clone();
            for (name, glyph) in row {
                match merged.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, old)) if significance(glyph) > significance(*old) => *old = glyph,
                    Some(_) => {}
                    None => merged.push((name, glyph)),
                }
            }
            *last = merged;
            return;
        }
        self.history.push((self.time, row));
    }

    /// The Pod an OrderedReady rolling update is stuck behind, if any: the first unhealthy
    /// Pod crashes on a revision that is not the update revision (the template was fixed
    /// or reverted, facts §4.5), or on a broken update revision. The controller waits for it
    /// to become Ready before it replaces it, which it never will.
    pub fn stuck(&self) -> Option<Stuck> {
        if self.deleted
            || self.spec.policy != Policy::OrderedReady
            || self.spec.strategy != Strategy::RollingUpdate
        {
            return None;
        }
        let first_unhealthy = self
            .range()
            .filter_map(|o| self.pods.get(&o))
            .find(|p| p.terminating || !(p.phase == Phase::Running && p.ready))?;
        if first_unhealthy.terminating || !first_unhealthy.crashing {
            return None;
        }
        let reverted = first_unhealthy.revision != self.update_revision;
        if !reverted && !self.revision_broken(&first_unhealthy.revision) {
            return None;
        }
        Some(Stuck {
            pod: first_unhealthy.name.clone(),
            revision: first_unhealthy.revision.clone(),
            reverted,
        })
    }

    // ----- What the learner can do -----

    pub fn scale(&mut self, replicas: i64) {
        let old = self.spec.replicas;
        self.spec.replicas = replicas.max(0);
        self.log(
            "scale",
            None,
            None,
            None,
            format!("replicas {old} → {}", self.spec.replicas),
        );
    }

    pub fn set_partition(&mut self, partition: i64) {
        self.spec.partition = partition.max(0);
        self.log(
            "set",
            None,
            None,
            None,
            format!("partition = {}", self.spec.partition),
        );
    }

    pub fn set_start(&mut self, start: i64) {
        self.spec.start = start.max(0);
        self.log(
            "set",
            None,
            None,
            None,
            format!("ordinals.start = {}", self.spec.start),
        );
    }

    /// The Pod of `name`, by name.
    pub fn ordinal_of(&self, name: &str) -> Option<i64> {
        self.pods
            .values()
            .find(|p| p.name == name)
            .map(|p| p.ordinal)
    }

    pub fn fail(&mut self, ordinal: i64) {
        if let Some(pod) = self.pods.get_mut(&ordinal) {
            pod.crashing = true;
            pod.ready = false;
            pod.ready_since = None;
            let name = pod.name.clone();
            self.log(
                "fail",
                Some(&name),
                None,
                None,
                format!("{name} crashes: it is not Ready (CrashLoopBackOff)"),
            );
            self.snapshot();
        }
    }

    pub fn make_ready(&mut self, ordinal: i64) {
        let time = self.time;
        if let Some(pod) = self.pods.get_mut(&ordinal)
            && !pod.terminating
        {
            pod.crashing = false;
            pod.phase = Phase::Running;
            if !pod.ready {
                pod.ready = true;
                pod.ready_since = Some(time);
            }
            let name = pod.name.clone();
            self.log("ready", Some(&name), None, None, format!("{name} is Ready"));
            self.snapshot();
        }
    }

    /// The Pod's containers exit: phase Failed (or Succeeded).
    pub fn exit(&mut self, ordinal: i64, succeeded: bool) {
        if let Some(pod) = self.pods.get_mut(&ordinal) {
            pod.phase = if succeeded {
                Phase::Succeeded
            } else {
                Phase::Failed
            };
            pod.ready = false;
            let name = pod.name.clone();
            self.log(
                "fail",
                Some(&name),
                None,
                None,
                format!(
                    "{name} ended: phase {:?}",
                    if succeeded {
                        Phase::Succeeded
                    } else {
                        Phase::Failed
                    }
                ),
            );
            self.snapshot();
        }
    }

    /// `kubectl delete pod NAME`: the controller re-creates it.
    pub fn delete_by_user(&mut self, ordinal: i64) {
        let name = self.pod_name(ordinal);
        self.delete_pod(
            ordinal,
            format!("{name} was deleted by hand; the controller will re-create it"),
        );
        self.snapshot();
    }

    /// `kubectl delete pvc NAME`. A PVC in use by a running Pod stays until the Pod is gone
    /// (PVC protection), so only a PVC whose Pod is absent or Pending goes at once.
    pub fn delete_pvc(&mut self, name: &str) -> Result<(), String> {
        let Some(pvc) = self.pvcs.get(name) else {
            return Err(format!("there is no PVC {name}"));
        };
        if let Some(pod) = self
            .pods
            .get(&pvc.ordinal)
            .filter(|p| p.phase == Phase::Running)
        {
            return Err(format!(
                "{name} is in use by {}: PVC protection keeps it until the Pod is gone",
                pod.name
            ));
        }
        self.pvcs.remove(name);
        self.log(
            "pvc-delete",
            None,
            Some(name),
            None,
            format!("{name} was deleted by hand"),
        );
        Ok(())
    }

    /// `kubectl delete statefulset`: no ordering guarantee — every Pod is deleted at once by
    /// the garbage collector; PVCs stay unless whenDeleted is Delete (facts §3.8).
    pub fn delete_set(&mut self) {
        self.deleted = true;
        self.log("delete-set", None, None, None, "the StatefulSet is deleted: the controller stops; the garbage collector deletes every Pod at once, in no order");
        let ordinals: Vec<i64> = self.pods.keys().copied().collect();
        for ordinal in ordinals {
            let name = self.pod_name(ordinal);
            self.delete_pod(
                ordinal,
                format!("{name} is garbage-collected with its StatefulSet"),
            );
        }
        if self.spec.when_deleted == Retain::Delete {
            let names: Vec<String> = self.pvcs.keys().cloned().collect();
            for pvc in names {
                self.pvcs.remove(&pvc);
                self.log(
                    "pvc-delete",
                    None,
                    Some(&pvc),
                    None,
                    "whenDeleted: Delete: the PVC is owned by the StatefulSet",
                );
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn terminate_delay_for_test(&mut self, seconds: f64) {
        self.spec.terminate_delay = seconds;
    }

    /// DNS names of the Pods, and whether each resolves now.
    pub fn dns(&self) -> Vec<(String, bool, String)> {
        let Some(service) = &self.spec.service_name else {
            return Vec::new();
        };
        self.pods
            .values()
            .map(|p| {
                let name = format!(
                    "{}.{service}.{}.svc.cluster.local",
                    p.name, self.spec.namespace
                );
                match self.spec.headless {
                    None => (
                        name,
                        false,
                        format!("no headless Service named {service} in the file"),
                    ),
                    Some(_) if p.terminating => (name, false, "terminating".into()),
                    Some(true) => (name, true, "publishNotReadyAddresses: true".into()),
                    Some(false) if p.ready => (name, true, "Ready".into()),
                    Some(false) => (
                        name,
                        false,
                        "not Ready (records exist for Ready Pods only)".into(),
                    ),
                }
            })
            .collect()
    }
}
