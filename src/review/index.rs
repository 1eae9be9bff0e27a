//! Lookups across the files of one run, built once per run.
//!
//! Cross-object rules ask, for each StatefulSet of each file, for the Services, budgets and
//! earlier definitions among *all* the files given. Scanning every file for every file made
//! a `lint` of a few thousand files quadratic; [`SetIndex`] answers the same questions from
//! maps keyed by name, by identity, or by a label pair that a selector cannot match without.
//!
//! Every lookup returns what the scan did, in the order the scan met it (this file first,
//! then the other files in the order given). Label lookups are pre-filters: they return every
//! object that could match, and the rule applies its own predicate, so a rule's answer never
//! depends on how the index narrows.

use std::collections::HashMap;

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use serde::Deserialize;

use crate::manifest::{Bundle, Object};

use super::pods::{PodLabels, is_custom_resource};
use super::rules::Labels;

/// Where an object is: (file of the set, object of that file). Ordered as the files are.
type At = (usize, usize);

/// What makes two objects the same object in a cluster: API group, kind, namespace, name.
pub type Identity<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);

/// The API group of an apiVersion (`apps/v1` → `apps`, `v1` → the core group, ``).
fn api_group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// The identity of a named object (an object without a name has none).
pub fn identity(o: &Object) -> Option<Identity<'_>> {
    let name = o.name.as_deref().filter(|n| !n.is_empty())?;
    Some((
        api_group(&o.api_version),
        o.kind.as_str(),
        o.namespace.as_deref().filter(|n| !n.is_empty()),
        name,
    ))
}

/// Entries filed under one label pair that their selector requires, plus those whose
/// selectors require no pair (candidates for every set of labels).
struct ByLabel<'a, T> {
    pairs: HashMap<(&'a str, &'a str), Vec<T>>,
    any: Vec<T>,
}

impl<'a, T: Copy> ByLabel<'a, T> {
    fn new() -> ByLabel<'a, T> {
        ByLabel {
            pairs: HashMap::new(),
            any: Vec::new(),
        }
    }

    /// Files `entry` under `required`, a pair its selector cannot match without (`None`: it
    /// requires none).
    fn add(&mut self, entry: T, required: Option<(&'a str, &'a str)>) {
        match required {
            Some(pair) => self.pairs.entry(pair).or_default().push(entry),
            None => self.any.push(entry),
        }
    }

    /// Every entry that could select `labels` (each once: an entry is filed under one pair).
    fn candidates(&self, labels: &Labels) -> Vec<T> {
        let mut found = self.any.clone();
        for (k, v) in labels {
            if let Some(list) = self.pairs.get(&(k.as_str(), v.as_str())) {
                found.extend_from_slice(list);
            }
        }
        found
    }
}

/// A matchLabels pair of a selector, which every object it selects carries.
fn required_pair(match_labels: Option<&Labels>) -> Option<(&str, &str)> {
    let (k, v) = match_labels?.iter().next()?;
    Some((k.as_str(), v.as_str()))
}

/// The lookups of one run's files.
pub struct SetIndex<'a> {
    set: &'a [&'a Bundle],
    services_by_name: HashMap<&'a str, Vec<At>>,
    /// Services by a pair of their selector (a Service without one selects nothing).
    services_by_label: ByLabel<'a, At>,
    /// policy/v1 budgets by a pair of their selector (an empty one selects every Pod).
    budgets_by_label: ByLabel<'a, At>,
    /// Budgets on removed API versions (no typed view), with the selector read from their
    /// JSON; filed by label as their positions in this list.
    removed_budgets: Vec<(At, LabelSelector)>,
    removed_by_label: ByLabel<'a, usize>,
    /// The first object of each identity, in the order of the files.
    first_of: HashMap<Identity<'a>, At>,
    /// The Pods each workload (and Pod) of the set makes, in the order of the files.
    pods: Vec<(At, PodLabels<'a>)>,
    /// Positions in `pods` by a label pair of the template, and by a label key.
    pods_by_pair: HashMap<(&'a str, &'a str), Vec<usize>>,
    pods_by_key: HashMap<&'a str, Vec<usize>>,
    /// The first custom resource of each namespace.
    custom_by_namespace: HashMap<&'a str, At>,
    /// StatefulSets by (namespace, serviceName).
    statefulsets_by_service: HashMap<(&'a str, &'a str), Vec<At>>,
}

impl<'a> SetIndex<'a> {
    pub fn new(set: &'a [&'a Bundle]) -> SetIndex<'a> {
        let mut index = SetIndex {
            set,
            services_by_name: HashMap::new(),
            services_by_label: ByLabel::new(),
            budgets_by_label: ByLabel::new(),
            removed_budgets: Vec::new(),
            removed_by_label: ByLabel::new(),
            first_of: HashMap::new(),
            pods: Vec::new(),
            pods_by_pair: HashMap::new(),
            pods_by_key: HashMap::new(),
            custom_by_namespace: HashMap::new(),
            statefulsets_by_service: HashMap::new(),
        };
        for (b, bundle) in set.iter().enumerate() {
            for (i, o, service) in bundle.services() {
                if let Some(name) = o.name.as_deref() {
                    index.services_by_name.entry(name).or_default().push((b, i));
                }
                let selector = service.spec.as_ref().and_then(|s| s.selector.as_ref());
                if let Some(pair) = required_pair(selector) {
                    index.services_by_label.add((b, i), Some(pair));
                }
            }
            for (i, _, pdb) in bundle.budgets() {
                let selector = pdb.spec.as_ref().and_then(|s| s.selector.as_ref());
                if let Some(selector) = selector {
                    let required = required_pair(selector.match_labels.as_ref());
                    index.budgets_by_label.add((b, i), required);
                }
            }
            for (i, o) in bundle.objects.iter().enumerate() {
                if let Some(key) = identity(o) {
                    index.first_of.entry(key).or_insert((b, i));
                }
                if o.kind == "PodDisruptionBudget" && o.api_version != "policy/v1" {
                    index.add_removed_budget((b, i), o);
                }
                if let Some(pods) = PodLabels::of(o) {
                    index.add_pods((b, i), pods);
                }
                if is_custom_resource(o) {
                    let ns = o.namespace_or_default();
                    index.custom_by_namespace.entry(ns).or_insert((b, i));
                }
            }
            for (i, o, sts) in bundle.statefulsets() {
                if let Some(name) = sts.spec.service_name.as_deref() {
                    let key = (o.namespace_or_default(), name);
                    index
                        .statefulsets_by_service
                        .entry(key)
                        .or_default()
                        .push((b, i));
                }
            }
        }
        index
    }

    fn add_pods(&mut self, at: At, pods: PodLabels<'a>) {
        let n = self.pods.len();
        for &(k, v) in &pods.labels {
            self.pods_by_pair.entry((k, v)).or_default().push(n);
            self.pods_by_key.entry(k).or_default().push(n);
        }
        self.pods.push((at, pods));
    }

    fn add_removed_budget(&mut self, at: At, o: &'a Object) {
        let Some(json) = o.json.pointer("/spec/selector") else {
            return;
        };
        let Ok(selector) = LabelSelector::deserialize(json.clone()) else {
            return;
        };
        // The pair is borrowed from the object's JSON, which holds the same text as the
        // selector read from it.
        let required = required_pair(selector.match_labels.as_ref()).and_then(|(k, _)| {
            let (k, v) = json.get("matchLabels")?.as_object()?.get_key_value(k)?;
            Some((k.as_str(), v.as_str()?))
        });
        self.removed_by_label
            .add(self.removed_budgets.len(), required);
        self.removed_budgets.push((at, selector));
    }

    /// Where a scan of the set from file `here` meets a place: file `here` first, then the
    /// others in order.
    fn scan_key(here: usize, (b, i): At) -> (bool, usize, usize) {
        (b != here, b, i)
    }

    /// Sorts places as a scan of the set meets them.
    fn in_scan_order(here: usize, places: &mut [At]) {
        places.sort_unstable_by_key(|&at| Self::scan_key(here, at));
    }

    fn object(&self, (b, i): At) -> &'a Object {
        &self.set[b].objects[i]
    }

    fn service(&self, at: At) -> (&'a Object, &'a Service) {
        let o = self.object(at);
        match &o.typed {
            crate::manifest::Typed::Service(s) => (o, s.as_ref()),
            _ => unreachable!("only Services are filed as Services"),
        }
    }

    fn budget(&self, at: At) -> (&'a Object, &'a PodDisruptionBudget) {
        let o = self.object(at);
        match &o.typed {
            crate::manifest::Typed::Budget(p) => (o, p.as_ref()),
            _ => unreachable!("only budgets are filed as budgets"),
        }
    }

    /// The Services of the set named `name`, as a scan from file `here` meets them.
    pub fn services_named(&self, here: usize, name: &str) -> Vec<(&'a Object, &'a Service)> {
        let mut places = self.services_by_name.get(name).cloned().unwrap_or_default();
        Self::in_scan_order(here, &mut places);
        places.into_iter().map(|at| self.service(at)).collect()
    }

    /// The Services of the set that could select `labels` (every one whose selector
    /// does), as a scan from file `here` meets them.
    pub fn services_for(&self, here: usize, labels: &Labels) -> Vec<(&'a Object, &'a Service)> {
        let mut places = self.services_by_label.candidates(labels);
        Self::in_scan_order(here, &mut places);
        places.into_iter().map(|at| self.service(at)).collect()
    }

    /// The policy/v1 budgets of the set that could select `labels`, as a scan from file
    /// `here` meets them.
    pub fn budgets_for(
        &self,
        here: usize,
        labels: &Labels,
    ) -> Vec<(&'a Object, &'a PodDisruptionBudget)> {
        let mut places = self.budgets_by_label.candidates(labels);
        Self::in_scan_order(here, &mut places);
        places.into_iter().map(|at| self.budget(at)).collect()
    }

    /// The budgets on removed API versions whose selector could select `labels`, with that
    /// selector, as a scan from file `here` meets them.
    pub fn removed_budgets_for(
        &'a self,
        here: usize,
        labels: &Labels,
    ) -> Vec<(&'a Object, &'a LabelSelector)> {
        let mut found: Vec<&'a (At, LabelSelector)> = self
            .removed_by_label
            .candidates(labels)
            .into_iter()
            .map(|n| &self.removed_budgets[n])
            .collect();
        found.sort_unstable_by_key(|(at, _)| Self::scan_key(here, *at));
        found
            .into_iter()
            .map(|(at, selector)| (self.object(*at), selector))
            .collect()
    }

    /// Whether any object of the set makes Pods.
    pub fn has_pods(&self) -> bool {
        !self.pods.is_empty()
    }

    /// The first Pods of the set, as a scan from file `here` meets them, that a Service's
    /// `selector` (non-empty) selects and `wanted` accepts. Without allocating: every
    /// Service of a run asks, and in a large run many workloads share a label pair.
    pub fn first_pods_selected_by(
        &self,
        here: usize,
        selector: &Labels,
        wanted: impl Fn(&PodLabels<'a>) -> bool,
    ) -> Option<&PodLabels<'a>> {
        let pairs = || selector.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        // A pair of the template narrows the search; a selector of controller labels only
        // (`pod-name: web-0`) is matched against every workload.
        let narrowed: Option<&[usize]> = pairs()
            .find(|(k, _)| PodLabels::key_from_template(k))
            .map(|pair| self.pods_by_pair.get(&pair).map_or(&[][..], Vec::as_slice));
        // Pods are listed in file order, so a scan is this file's, then the others'.
        let first_in = |this_file: bool| {
            let hit = |(at, p): &&(At, PodLabels<'a>)| {
                (at.0 == here) == this_file && p.selected_by(pairs()) && wanted(p)
            };
            match narrowed {
                Some(list) => list.iter().map(|&n| &self.pods[n]).find(hit),
                None => self.pods.iter().find(hit),
            }
            .map(|(_, p)| p)
        };
        first_in(true).or_else(|| first_in(false))
    }

    /// The Pods of the set whose template has one of `keys`, as a scan from file `here`
    /// meets them: where a selector that selects nothing came close.
    pub fn pods_with_keys<'k>(
        &self,
        here: usize,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Vec<&PodLabels<'a>> {
        let mut positions: Vec<usize> = keys
            .into_iter()
            .flat_map(|k| self.pods_by_key.get(k).into_iter().flatten().copied())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        self.pods_in_scan_order(here, positions)
    }

    fn pods_in_scan_order(&self, here: usize, positions: Vec<usize>) -> Vec<&PodLabels<'a>> {
        let mut found: Vec<&(At, PodLabels<'a>)> =
            positions.into_iter().map(|n| &self.pods[n]).collect();
        found.sort_unstable_by_key(|(at, _)| Self::scan_key(here, *at));
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// The first custom resource of the set in namespace `ns`.
    pub fn custom_resource_in(&self, ns: &str) -> Option<&'a Object> {
        self.custom_by_namespace.get(ns).map(|&at| self.object(at))
    }

    /// The StatefulSets of the set in namespace `ns` whose serviceName is `name`.
    pub fn statefulsets_naming(&self, ns: &str, name: &str) -> Vec<&'a Object> {
        self.statefulsets_by_service
            .get(&(ns, name))
            .into_iter()
            .flatten()
            .map(|&at| self.object(at))
            .collect()
    }

    /// The first object of the set with the identity of object `i` of file `here`, when
    /// that is another object (an earlier one: in an earlier file, or earlier in this one).
    pub fn first_definition(&self, here: usize, i: usize) -> Option<(&'a Bundle, &'a Object)> {
        let key = identity(&self.set[here].objects[i])?;
        let (b, j) = *self.first_of.get(&key)?;
        ((b, j) != (here, i)).then(|| (self.set[b], &self.set[b].objects[j]))
    }
}

#[cfg(test)]
mod tests {
    //! The index against the scans it replaces, on a mixed set of files.

    use super::*;
    use crate::manifest::{Source, read_bundle};
    use crate::review::rules::practices::budget_selects;
    use crate::review::rules::{map_selects, selector_matches};

    const A: &str = "\
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {clusterIP: None, selector: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: prod}
spec: {selector: {app: db, tier: data}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}}
";

    const B: &str = "\
apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod}
spec: {clusterIP: None, selector: {tier: front}}
---
apiVersion: v1
kind: Service
metadata: {name: plain}
spec: {ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: prod}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, tier: data}}
    spec: {containers: [{name: c, image: postgres}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: all}
spec: {minAvailable: 1, selector: {}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: expr, namespace: prod}
spec:
  maxUnavailable: 1
  selector: {matchExpressions: [{key: tier, operator: In, values: [data]}]}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: old}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: db}}}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: old-expr}
spec:
  maxUnavailable: 1
  selector: {matchExpressions: [{key: app, operator: Exists}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
";

    const C: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: solo, namespace: other}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: solo}}
  template:
    metadata: {labels: {app: solo, tier: data}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: solo, namespace: other}
spec:
  serviceName: solo
  selector: {matchLabels: {app: solo}}
  template:
    metadata: {labels: {app: solo}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: extensions/v1beta1
kind: PodDisruptionBudget
metadata: {name: older, namespace: other}
spec: {selector: {matchLabels: {tier: data}}}
";

    fn bundles() -> Vec<Bundle> {
        [("a.yaml", A), ("b.yaml", B), ("c.yaml", C), ("a2.yaml", A)]
            .iter()
            .map(|&(name, text)| read_bundle(Source::new(name, text)))
            .collect()
    }

    /// Every file of the set, file `here` first: the scan the index replaces.
    fn scan<'a>(set: &[&'a Bundle], here: usize) -> Vec<(usize, &'a Bundle)> {
        let mut order = vec![(here, set[here])];
        order.extend(set.iter().copied().enumerate().filter(|(b, _)| *b != here));
        order
    }

    fn labels_in(set: &[&Bundle]) -> Vec<Labels> {
        let mut all: Vec<Labels> = vec![Labels::new()];
        for bundle in set {
            for (_, _, sts) in bundle.statefulsets() {
                all.push(
                    crate::review::rules::template_labels(sts)
                        .cloned()
                        .unwrap_or_default(),
                );
            }
        }
        all
    }

    #[test]
    fn lookups_match_the_scans_of_every_file() {
        let bundles = bundles();
        let set: Vec<&Bundle> = bundles.iter().collect();
        let index = SetIndex::new(&set);
        let names = ["web", "db", "plain", "solo", "none"];
        let mut checked = 0;
        for here in 0..set.len() {
            let order = scan(&set, here);
            for name in names {
                let scanned: Vec<*const Object> = order
                    .iter()
                    .flat_map(|(_, b)| b.services())
                    .filter(|(_, o, _)| o.name.as_deref() == Some(name))
                    .map(|(_, o, _)| o as *const Object)
                    .collect();
                let indexed: Vec<*const Object> = index
                    .services_named(here, name)
                    .into_iter()
                    .map(|(o, _)| o as *const Object)
                    .collect();
                assert_eq!(scanned, indexed, "services named {name} from file {here}");
                checked += scanned.len();
            }
            for labels in labels_in(&set) {
                let selects = |s: &Service| {
                    map_selects(s.spec.as_ref().and_then(|s| s.selector.as_ref()), &labels)
                };
                let scanned: Vec<*const Object> = order
                    .iter()
                    .flat_map(|(_, b)| b.services())
                    .filter(|(_, _, s)| selects(s))
                    .map(|(_, o, _)| o as *const Object)
                    .collect();
                let indexed: Vec<*const Object> = index
                    .services_for(here, &labels)
                    .into_iter()
                    .filter(|(_, s)| selects(s))
                    .map(|(o, _)| o as *const Object)
                    .collect();
                assert_eq!(scanned, indexed, "services for {labels:?} from file {here}");
                checked += scanned.len();

                let selects = |p: &PodDisruptionBudget| {
                    p.spec
                        .as_ref()
                        .and_then(|s| s.selector.as_ref())
                        .is_some_and(|sel| budget_selects(sel, &labels))
                };
                let scanned: Vec<*const Object> = order
                    .iter()
                    .flat_map(|(_, b)| b.budgets())
                    .filter(|(_, _, p)| selects(p))
                    .map(|(_, o, _)| o as *const Object)
                    .collect();
                let indexed: Vec<*const Object> = index
                    .budgets_for(here, &labels)
                    .into_iter()
                    .filter(|(_, p)| selects(p))
                    .map(|(o, _)| o as *const Object)
                    .collect();
                assert_eq!(scanned, indexed, "budgets for {labels:?} from file {here}");
                checked += scanned.len();

                let scanned: Vec<*const Object> = order
                    .iter()
                    .flat_map(|(_, b)| b.objects.iter())
                    .filter(|o| {
                        o.kind == "PodDisruptionBudget"
                            && o.api_version != "policy/v1"
                            && o.json.pointer("/spec/selector").is_some_and(|s| {
                                serde_json::from_value::<LabelSelector>(s.clone())
                                    .is_ok_and(|sel| selector_matches(&sel, &labels))
                            })
                    })
                    .map(|o| o as *const Object)
                    .collect();
                let indexed: Vec<*const Object> = index
                    .removed_budgets_for(here, &labels)
                    .into_iter()
                    .filter(|(_, sel)| selector_matches(sel, &labels))
                    .map(|(o, _)| o as *const Object)
                    .collect();
                assert_eq!(
                    scanned, indexed,
                    "removed budgets for {labels:?} from file {here}"
                );
                checked += scanned.len();
            }
        }
        assert!(checked > 50, "the set exercises the lookups: {checked}");
    }

    #[test]
    fn pods_selected_match_the_scan_of_every_workload() {
        let bundles = bundles();
        let set: Vec<&Bundle> = bundles.iter().collect();
        let index = SetIndex::new(&set);
        let mut selectors: Vec<Labels> = set
            .iter()
            .flat_map(|b| b.services())
            .filter_map(|(_, _, s)| s.spec.as_ref()?.selector.clone())
            .filter(|s| !s.is_empty())
            .collect();
        selectors.push(Labels::from([(
            "statefulset.kubernetes.io/pod-name".to_string(),
            "web-1".to_string(),
        )]));
        let mut checked = 0;
        for here in 0..set.len() {
            for selector in &selectors {
                let pairs = || selector.iter().map(|(k, v)| (k.as_str(), v.as_str()));
                let scanned: Vec<*const Object> = scan(&set, here)
                    .iter()
                    .flat_map(|(_, b)| b.objects.iter().filter_map(PodLabels::of))
                    .filter(|p| p.selected_by(pairs()))
                    .map(|p| p.object as *const Object)
                    .collect();
                // Each match in turn: the first one the scan meets after the ones before.
                let mut indexed: Vec<*const Object> = Vec::new();
                while let Some(p) = index.first_pods_selected_by(here, selector, |p| {
                    !indexed.contains(&(p.object as *const Object))
                }) {
                    indexed.push(p.object as *const Object);
                }
                assert_eq!(scanned, indexed, "pods for {selector:?} from file {here}");
                checked += scanned.len();
            }
        }
        assert!(checked > 8, "the set exercises the lookup: {checked}");
    }

    #[test]
    fn first_definitions_match_the_scan_of_earlier_files() {
        let bundles = bundles();
        let set: Vec<&Bundle> = bundles.iter().collect();
        let index = SetIndex::new(&set);
        let mut found = 0;
        for here in 0..set.len() {
            // The scan: the first object of each identity in the earlier files, then in
            // this file up to the object.
            let mut seen: HashMap<Identity<'_>, *const Object> = HashMap::new();
            for bundle in &set[..here] {
                for o in &bundle.objects {
                    if let Some(k) = identity(o) {
                        seen.entry(k).or_insert(o as *const Object);
                    }
                }
            }
            for (i, o) in set[here].objects.iter().enumerate() {
                let expected = identity(o).and_then(|k| match seen.get(&k) {
                    Some(first) => Some(*first),
                    None => {
                        seen.insert(k, o as *const Object);
                        None
                    }
                });
                let indexed = index
                    .first_definition(here, i)
                    .map(|(_, first)| first as *const Object);
                assert_eq!(expected, indexed, "object {i} of file {here}");
                found += usize::from(expected.is_some());
            }
        }
        assert_eq!(found, 8, "the duplicates of the set");
    }
}
