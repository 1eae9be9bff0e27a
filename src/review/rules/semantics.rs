//! How the objects of a StatefulSet fit together: mounts against volumes and claim
//! templates, the governing headless Service, Services against the Pods of the files, and
//! the name-length limit that the API server does not check but the controller trips over
//! (facts sheet §1.6, §1.8, §2.1).

use std::collections::HashSet;

use super::{Labels, containers, map_selects, pod_spec, template_labels, template_spec_path};
use crate::manifest::{FieldPath, Object};
use crate::review::pods::PodLabels;
use crate::review::registry::{Findings, Scope, same_namespace};

/// Claim template names of a StatefulSet.
fn claim_names(sts: &k8s_openapi::api::apps::v1::StatefulSet) -> Vec<&str> {
    sts.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|t| t.metadata.name.as_deref())
        .collect()
}

pub fn volume_mount_source(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        let claims = claim_names(sts);
        let volumes: Vec<&str> = pod
            .volumes
            .iter()
            .flatten()
            .map(|v| v.name.as_str())
            .collect();
        for (path, container) in containers(pod, &template_spec_path()) {
            let mounts = container
                .volume_mounts
                .iter()
                .flatten()
                .map(|m| ("volumeMounts", m.name.as_str()));
            let devices = container
                .volume_devices
                .iter()
                .flatten()
                .map(|d| ("volumeDevices", d.name.as_str()));
            let mut counters = (0, 0);
            for (list, name) in mounts.chain(devices) {
                let n = if list == "volumeMounts" {
                    &mut counters.0
                } else {
                    &mut counters.1
                };
                let at = path.key(list).index(*n).key("name");
                *n += 1;
                if name.is_empty() || volumes.contains(&name) || claims.contains(&name) {
                    continue;
                }
                let mut known: Vec<&str> = volumes.iter().chain(claims.iter()).copied().collect();
                known.sort_unstable();
                let hint = match crate::manifest::names::suggest(name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? "),
                    None => String::new(),
                };
                f.at(i, at, format!("volume mount \"{name}\" names neither a volume of the Pod template nor a volumeClaimTemplate"))
                    .help(format!("{hint}add a volumeClaimTemplate named \"{name}\" (one PVC per Pod) or a volume in spec.template.spec.volumes. From Kubernetes 1.34 the API server validates the template's Pod spec on create, with the claim templates' volumes added, and rejects the StatefulSet; older servers accept it, and then no Pod can be created from it"));
            }
        }
    }
}

pub fn claim_template_mounted(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, _, sts) in bundle.statefulsets() {
        let Some(pod) = pod_spec(sts) else { continue };
        let used: HashSet<&str> = containers(pod, &template_spec_path())
            .into_iter()
            .flat_map(|(_, c)| {
                let mounts = c.volume_mounts.iter().flatten().map(|m| m.name.as_str());
                let devices = c.volume_devices.iter().flatten().map(|d| d.name.as_str());
                mounts.chain(devices).collect::<Vec<_>>()
            })
            .collect();
        let templates = sts.spec.volume_claim_templates.iter().flatten();
        for (n, template) in templates.enumerate() {
            let Some(name) = template.metadata.name.as_deref() else {
                continue;
            };
            if !used.contains(name) {
                f.at(i, FieldPath::parse("spec.volumeClaimTemplates").index(n).then("metadata.name"), format!("claim template \"{name}\" is not mounted by any container"))
                    .help(format!("each Pod gets a PVC \"{name}-<statefulset>-<ordinal>\", but nothing writes to it: add a volumeMount with name: {name} to the container that keeps the data"));
            }
        }
    }
}

pub fn headless_service(bundle: &Scope<'_>, f: &mut Findings) {
    let place = bundle.where_();
    for (i, object, sts) in bundle.statefulsets() {
        let spec = &sts.spec;
        let labels = template_labels(sts).cloned().unwrap_or_default();
        let Some(name) = spec.service_name.as_deref().filter(|n| !n.is_empty()) else {
            f.at(i, FieldPath::parse("spec.serviceName"), "the StatefulSet has no serviceName, so its Pods get no stable DNS names")
                .help("create a headless Service (clusterIP: None) that selects the Pods and name it in spec.serviceName");
            continue;
        };
        let path = FieldPath::parse("spec.serviceName");
        let named = bundle.set_services_named(name);
        let service = named.iter().find(|(o, _)| same_namespace(o, object));
        let Some((_, service)) = service else {
            let message = match named.first() {
                Some((o, _)) => format!(
                    "Service \"{name}\" is {place}, but in {}, and this StatefulSet in {}: a Service selects Pods of its own namespace only",
                    o.namespace_words(),
                    object.namespace_words()
                ),
                None => format!("no Service named \"{name}\" is {place}"),
            };
            f.at(i, path, message)
                .help(format!("the StatefulSet controller never creates it: unless it exists elsewhere, add a headless Service named \"{name}\" (clusterIP: None) in the StatefulSet's namespace, selecting the Pods, or the Pods get no per-Pod DNS names"));
            continue;
        };
        let spec = service.spec.as_ref();
        if spec.and_then(|s| s.cluster_ip.as_deref()) != Some("None") {
            f.at(i, path, format!("Service \"{name}\" is not headless, so per-Pod DNS records are not guaranteed"))
                .help(format!("set clusterIP: None on Service \"{name}\" (on an existing Service, clusterIP cannot change unless its type goes to or from ExternalName: delete and re-create it): the DNS specification gives per-Pod records only for headless Services"));
        } else if !map_selects(spec.and_then(|s| s.selector.as_ref()), &labels) {
            f.at(
                i,
                path,
                format!("Service \"{name}\" does not select this StatefulSet's Pods"),
            )
            .help("make the Service's spec.selector a subset of spec.template.metadata.labels");
        }
    }
}

/// A Service whose selector selects no Pod that the files given create (kube-score's
/// `service-targets-pod`): it gets no endpoints, so its name resolves but nothing answers.
/// The endpoint controllers match a selector against Pods of the Service's own namespace
/// only. Left alone: a Service without a selector (its endpoints are written by hand), an
/// ExternalName Service, a Service named by a StatefulSet's serviceName (`headless-service`
/// reports it on the StatefulSet), and, with a skip, files that create no Pods or hold a
/// custom resource whose operator may create them.
pub fn service_selects_pods(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, service) in bundle.services() {
        let spec = service.spec.as_ref();
        if spec.and_then(|s| s.type_.as_deref()) == Some("ExternalName") {
            continue;
        }
        let Some(selector) = spec
            .and_then(|s| s.selector.as_ref())
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let served = |p: &PodLabels<'_>| same_namespace(p.object, object);
        if bundle
            .set_first_pods_selected_by(selector, served)
            .is_some()
        {
            continue;
        }
        let ns = object.namespace_or_default();
        if !bundle.set_has_pods() {
            f.skip(
                i,
                format!(
                    "no workload or Pod is {}: the Pods it selects are made elsewhere",
                    bundle.where_()
                ),
            );
            continue;
        }
        if let Some(custom) = bundle.set_custom_resource_in(ns) {
            f.skip(
                i,
                format!("{} in its namespace may be turned into Pods by an operator sts-tutor cannot see", custom.label()),
            );
            continue;
        }
        let name = object.name.as_deref().unwrap_or("");
        if let Some(sts) = bundle.set_statefulsets_naming(ns, name).first() {
            f.skip(
                i,
                format!(
                    "{} names it in serviceName: headless-service checks that it selects the Pods",
                    sts.label()
                ),
            );
            continue;
        }
        let asked = selector
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let path = FieldPath::parse("spec.selector");
        if let Some(elsewhere) = bundle.set_first_pods_selected_by(selector, |_| true) {
            f.at(
                i,
                path,
                format!(
                    "selects {asked}, which the Pods of {} carry, but they are in {} and this Service in {}: a Service selects Pods of its own namespace only, so it gets no endpoints",
                    elsewhere.object.label(),
                    elsewhere.object.namespace_words(),
                    object.namespace_words()
                ),
            )
            .on_key()
            .help("put the Service in the namespace of the Pods it serves (metadata.namespace), or the Pods in the Service's");
            continue;
        }
        let message = format!(
            "no workload {} makes Pods that carry {asked}, so this Service gets no endpoints: its name resolves, but nothing answers",
            bundle.where_()
        );
        let fix = "make spec.selector a subset of the labels of the Pods it serves (their spec.template.metadata.labels). If they are made elsewhere, say so with the annotation sts-tutor.dev/ignore: \"service-selects-pods: REASON\"";
        match closest_pods(bundle, object, selector) {
            // Pointed at the first pair the closest Pods lack: usually the typo.
            Some((hint, key)) => {
                f.at(i, path.key(key), message)
                    .help(format!("{hint}: {fix}"));
            }
            None => {
                f.at(i, path, message)
                    .on_key()
                    .help(fix[..1].to_uppercase() + &fix[1..]);
            }
        }
    }
}

/// The Pods of the Service's namespace that carry the most of `selector`'s pairs (at least
/// one of its keys), described by what they carry instead ("the Pods of StatefulSet/web
/// have app: web-app, not app: web"), with the first selector key they do not match.
fn closest_pods<'s>(
    bundle: &Scope<'_>,
    service: &Object,
    selector: &'s Labels,
) -> Option<(String, &'s str)> {
    let score = |p: &PodLabels<'_>| {
        let carried = selector.iter().filter(|(k, v)| p.may_carry(k, v)).count();
        let keys = selector.keys().filter(|k| p.get(k).is_some()).count();
        (carried, keys)
    };
    let mut best: Option<(&PodLabels<'_>, (usize, usize))> = None;
    for p in bundle.set_pods_with_keys(selector.keys().map(String::as_str)) {
        if !same_namespace(p.object, service) {
            continue;
        }
        let s = score(p);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((p, s));
        }
    }
    let (pods, _) = best?;
    let missed: Vec<(&String, &String)> = selector
        .iter()
        .filter(|(k, v)| !pods.may_carry(k, v))
        .collect();
    let differences: Vec<String> = missed
        .iter()
        .map(|(k, v)| match pods.get(k) {
            Some(theirs) => format!("{k}: {theirs}, not {k}: {v}"),
            None => format!("no {k} label"),
        })
        .collect();
    let hint = format!(
        "the Pods of {} have {}",
        pods.object.label(),
        differences.join(", and ")
    );
    Some((hint, missed.first()?.0.as_str()))
}

/// Longest StatefulSet name whose Pods can carry the `controller-revision-hash` label:
/// `<name>-<10-character hash>` must fit the 63-character label value limit.
const MAX_STATEFULSET_NAME: usize = 52;

pub fn name_length(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object, _) in bundle.statefulsets() {
        let Some(name) = object.name.as_deref() else {
            continue;
        };
        let len = name.chars().count();
        if len > MAX_STATEFULSET_NAME && len <= 63 {
            f.at(i, FieldPath::parse("metadata.name"), format!("the name has {len} characters: over {MAX_STATEFULSET_NAME}, Pod creation fails"))
                .help("each Pod gets the label controller-revision-hash=<name>-<10-character hash>, which must fit in 63 characters: shorten the name to 52 or fewer");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::review::rules::testing::{WEB, hits, run};

    #[test]
    fn mounts_must_name_a_volume_or_claim() {
        let bad = WEB.replace("        - name: www\n", "        - name: wwww\n");
        assert_eq!(
            hits("volume-mount-source", &bad),
            [(
                "spec.template.spec.containers[0].volumeMounts[0].name".into(),
                42
            )]
        );
        assert!(
            run("volume-mount-source", &bad)[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `www`?")
        );
        assert_eq!(
            hits("claim-template-mounted", &bad),
            [("spec.volumeClaimTemplates[0].metadata.name".into(), 46)]
        );
        assert!(hits("volume-mount-source", WEB).is_empty());
        assert!(hits("claim-template-mounted", WEB).is_empty());
        let with_volume = WEB
            .replace(
                "      containers:",
                "      volumes:\n      - name: wwww\n        emptyDir: {}\n      containers:",
            )
            .replace("        - name: www\n", "        - name: wwww\n");
        assert!(hits("volume-mount-source", &with_volume).is_empty());
    }

    #[test]
    fn headless_service_cases() {
        assert!(hits("headless-service", WEB).is_empty());
        let not_headless = WEB.replacen("  clusterIP: None\n", "", 1);
        assert_eq!(
            hits("headless-service", &not_headless),
            [("spec.serviceName".into(), 17)]
        );
        let missing = WEB.replace("serviceName: web", "serviceName: nginx");
        assert!(
            run("headless-service", &missing)[0]
                .message
                .contains("no Service named \"nginx\"")
        );
        let wrong_selector = WEB.replacen("    app: web\n  ports", "    app: db\n  ports", 1);
        assert!(
            run("headless-service", &wrong_selector)[0]
                .message
                .contains("does not select")
        );
        let none = WEB.replace("  serviceName: web\n", "");
        assert_eq!(
            hits("headless-service", &none),
            [("spec.serviceName".into(), 17)]
        );
    }

    #[test]
    fn names_over_52_characters() {
        let long = "a".repeat(53);
        let text = WEB.replacen(
            "  name: web\nspec:\n  serviceName",
            &format!("  name: {long}\nspec:\n  serviceName"),
            1,
        );
        assert_eq!(hits("name-length", &text), [("metadata.name".into(), 16)]);
        let ok = WEB.replacen(
            "  name: web\nspec:\n  serviceName",
            &format!("  name: {}\nspec:\n  serviceName", "a".repeat(52)),
            1,
        );
        assert!(hits("name-length", &ok).is_empty());
    }
}

#[cfg(test)]
mod misspelling_tests {
    use crate::review::rules::testing::{WEB, run};

    #[test]
    fn a_misspelt_field_is_reported_once() {
        let text = WEB
            .replace("  serviceName: web", "  servicename: web")
            .replace(
                "  selector:\n    matchLabels",
                "  selecter:\n    matchLabels",
            );
        let all = crate::review::review_bundle(&crate::manifest::read_bundle(
            crate::manifest::Source::new("t", &text),
        ));
        let rules: Vec<&str> = all.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules.iter().filter(|r| **r == "unknown-field").count(),
            2,
            "{rules:?}"
        );
        assert!(!rules.contains(&"required-field"), "{rules:?}");
        assert!(run("headless-service", &text).is_empty());
    }
}

/// Two objects of one kind (API group and kind), namespace and name, in one file or in the
/// files of one run: `kubectl apply` sends both and the second overwrites the first, so only
/// the last one is ever in the cluster. The later one is reported, naming the first.
pub fn duplicate_object(scope: &Scope<'_>, f: &mut Findings) {
    let name_path = FieldPath::parse("metadata.name");
    let line_of = |o: &Object| {
        let found = crate::manifest::path::locate(&o.node, &name_path);
        if found.exact {
            found.value.start.line.max(1)
        } else {
            o.line().max(1)
        }
    };
    // The first definition: in an earlier file of the run, or earlier in this file.
    for (i, o) in scope.bundle.objects.iter().enumerate() {
        let Some((first_file, first)) = scope.first_definition(i) else {
            continue;
        };
        let same_file = std::ptr::eq(first_file, scope.bundle);
        let (file, line) = (&first_file.source.name, line_of(first));
        let what = if same_file { "the file" } else { "the files" };
        let finding = f.at(
            i,
            name_path.clone(),
            format!(
                "{} is also defined at {file}:{line}; applying {what} would keep only the last",
                o.label()
            ),
        );
        finding.help(format!(
            "an object is identified by its kind, namespace and name: keep one definition of {} (merge the two) or give one of them another name",
            o.label()
        ));
        if !same_file {
            // Files linted together are not always applied together (a folder of
            // unrelated examples): across files it is a note. A submission graded
            // from several files is one text (`check DIR`, `grade`): an error there.
            finding.severity(crate::review::Severity::Info);
        }
    }
}

#[cfg(test)]
mod service_selects_pods_tests {
    use crate::manifest::{Source, read_bundle};
    use crate::review::rules::testing::{WEB, hits, run};
    use crate::review::{FileReport, review_bundle};

    const RULE: &str = "service-selects-pods";

    fn service(name: &str, extra: &str) -> String {
        format!(
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{extra}spec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n"
        )
    }

    fn review(text: &str) -> FileReport {
        review_bundle(&read_bundle(Source::new("t.yaml", text)))
    }

    fn skips(text: &str) -> Vec<String> {
        review(text)
            .skipped
            .into_iter()
            .filter(|s| s.rule == RULE)
            .map(|s| s.reason)
            .collect()
    }

    #[test]
    fn a_service_for_the_pods_is_quiet_in_every_style() {
        let public = format!("{WEB}{}", service("web-public", ""));
        assert!(run(RULE, &public).is_empty());
        // A subset of the template's labels, in flow style.
        let subset = WEB.replace(
            "        app: web\n    spec:",
            "        app: web\n        tier: front\n    spec:",
        ) + "---\n{apiVersion: v1, kind: Service, metadata: {name: front}, spec: {selector: {tier: front}, ports: [{port: 80}]}}\n";
        assert!(run(RULE, &subset).is_empty());
        // One member's Service, by the label the controller sets.
        for member in ["web-0", "web-4"] {
            let one = format!("{WEB}{}", service(member, "")).replace(
                "    app: web\n  ports:\n  - port: 80\n",
                &format!(
                    "    statefulset.kubernetes.io/pod-name: {member}\n  ports:\n  - port: 80\n"
                ),
            );
            assert!(run(RULE, &one).is_empty(), "{member}");
        }
        // A Deployment's Service, and a Service without a selector (endpoints by hand).
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: nginx:1.27}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {selector: {app: api, pod-template-hash: 5d8f7c}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: manual}\nspec: {ports: [{port: 80}]}\n";
        assert!(run(RULE, deployment).is_empty());
    }

    #[test]
    fn a_selector_no_pod_carries_is_reported_at_the_pair_that_misses() {
        let typo = format!("{WEB}{}", service("web-public", "")).replacen(
            "    app: web\n  ports:\n  - port: 80\n",
            "    app: wbe\n  ports:\n  - port: 80\n",
            2,
        );
        // The headless Service `web` is left to headless-service; `web-public` is this rule's.
        assert_eq!(hits(RULE, &typo), [("spec.selector.app".into(), 59)]);
        let found = &run(RULE, &typo)[0];
        assert!(found.message.contains("app: wbe"), "{}", found.message);
        let help = found.help.as_deref().unwrap();
        assert!(
            help.starts_with("the Pods of StatefulSet/web have app: web, not app: wbe"),
            "{help}"
        );
        assert!(help.contains("sts-tutor.dev/ignore: \"service-selects-pods: REASON\""));

        // A label the template lacks.
        let extra = format!("{WEB}{}", service("web-public", "")).replace(
            "    app: web\n  ports:\n  - port: 80\n",
            "    app: web\n    tier: db\n  ports:\n  - port: 80\n",
        );
        let found = run(RULE, &extra);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.as_deref(), Some("spec.selector.tier"));
        assert!(found[0].help.as_deref().unwrap().contains("no tier label"));

        // A member the controller never creates: ordinals start at 0, so web-x is none.
        let member = format!("{WEB}{}", service("web-x", "")).replace(
            "    app: web\n  ports:\n  - port: 80\n",
            "    statefulset.kubernetes.io/pod-name: web-x\n  ports:\n  - port: 80\n",
        );
        assert_eq!(run(RULE, &member).len(), 1);
    }

    #[test]
    fn a_service_in_another_namespace_than_its_pods_is_reported() {
        let text = format!("{WEB}{}", service("web-public", "  namespace: other\n"));
        let found = run(RULE, &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("namespace `other`")
                && found[0].message.contains("its own namespace only"),
            "{}",
            found[0].message
        );
        // Both in namespace default, one of them by saying so.
        let text = format!("{WEB}{}", service("web-public", "  namespace: default\n"));
        assert!(run(RULE, &text).is_empty());
    }

    #[test]
    fn services_it_cannot_judge_are_skipped_with_the_reason() {
        let alone = service("web-public", "");
        assert!(run(RULE, &alone).is_empty());
        assert_eq!(skips(&alone).len(), 1);
        assert!(skips(&alone)[0].contains("no workload or Pod"));

        let custom = format!(
            "{WEB}{}---\napiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {{name: events}}\n",
            service("events-kafka", "")
        )
        .replace("    app: web\n  ports:\n  - port: 80\n", "    strimzi.io/cluster: events\n  ports:\n  - port: 80\n");
        assert!(run(RULE, &custom).is_empty());
        assert!(
            skips(&custom)[0].contains("Kafka/events"),
            "{:?}",
            skips(&custom)
        );

        let external = format!(
            "{WEB}---\napiVersion: v1\nkind: Service\nmetadata: {{name: ext}}\nspec: {{type: ExternalName, externalName: db.example.com, selector: {{app: nothing}}}}\n"
        );
        assert!(run(RULE, &external).is_empty());
    }

    #[test]
    fn the_governing_service_is_left_to_headless_service() {
        let text = WEB.replacen("    app: web\n  ports:", "    app: other\n  ports:", 1);
        assert!(run(RULE, &text).is_empty());
        assert!(
            skips(&text)[0].contains("headless-service"),
            "{:?}",
            skips(&text)
        );
        assert_eq!(run("headless-service", &text).len(), 1);
    }
}
