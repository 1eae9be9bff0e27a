//! Storage class names: `storageClassName` and `volumeAttributesClassName` of a claim name
//! an object (a StorageClass, a VolumeAttributesClass), so kube-apiserver 1.37 refuses a
//! value that is not a DNS subdomain, wherever a claim is written: a PersistentVolumeClaim,
//! a StatefulSet's claim templates, a Pod spec's ephemeral volumes. An empty value is no
//! class (a PVC with `storageClassName: ""` binds only to a PV without one), not an error.

use serde_json::Value;

use super::api::{TEMPLATE_VERSION_NOTE, pod_spec_of};
use super::each;
use crate::manifest::kinds::builtin;
use crate::manifest::names::dns1123_subdomain;
use crate::manifest::{FieldPath, Object};
use crate::review::registry::{Findings, Scope};

/// Where a kind writes claim specs: (pattern, under a claim template of a StatefulSet).
fn claim_specs(object: &Object) -> Vec<(FieldPath, &Value, bool)> {
    let json = &object.json;
    let mut found = Vec::new();
    match object.kind.as_str() {
        "PersistentVolumeClaim" => {
            found.extend(each(json, "spec").into_iter().map(|(p, v)| (p, v, false)));
        }
        "StatefulSet" => {
            let templates = each(json, "spec.volumeClaimTemplates[*].spec");
            found.extend(templates.into_iter().map(|(p, v)| (p, v, true)));
        }
        _ => {}
    }
    if let Some((base, _)) = pod_spec_of(&object.kind) {
        let pattern = format!("{base}.volumes[*].ephemeral.volumeClaimTemplate.spec");
        found.extend(each(json, &pattern).into_iter().map(|(p, v)| (p, v, false)));
    }
    found
}

fn check_class(f: &mut Findings, i: usize, at: FieldPath, field: &str, text: &str, template: bool) {
    if text.is_empty() {
        return;
    }
    let Err(why) = dns1123_subdomain(text) else {
        return;
    };
    let what = if field == "storageClassName" {
        "StorageClass"
    } else {
        "VolumeAttributesClass"
    };
    let help = format!(
        "{what} names are lowercase DNS subdomains, e.g. standard or fast-ssd: write the name of an existing {what} (kubectl get {}), or leave {field} out for the default",
        what.to_lowercase()
    );
    let help = if template {
        format!("{help}; {TEMPLATE_VERSION_NOTE}")
    } else {
        help
    };
    f.at(
        i,
        at,
        format!("{field} \"{text}\" is not a valid {what} name: it {why}"),
    )
    .help(help);
}

pub fn storage_class_name(bundle: &Scope<'_>, f: &mut Findings) {
    for (i, object) in bundle.objects.iter().enumerate() {
        if builtin(&object.api_version, &object.kind).is_none() {
            continue;
        }
        for (path, spec, template) in claim_specs(object) {
            for field in ["storageClassName", "volumeAttributesClassName"] {
                if let Some(text) = spec.get(field).and_then(Value::as_str) {
                    check_class(f, i, path.key(field), field, text, template);
                }
            }
        }
        // A PersistentVolume names its class too (volumeAttributesClassName differs: "" is
        // refused there, and not checked here).
        if object.kind == "PersistentVolume"
            && let Some(text) = object
                .json
                .pointer("/spec/storageClassName")
                .and_then(Value::as_str)
        {
            let at = FieldPath::parse("spec.storageClassName");
            check_class(f, i, at, "storageClassName", text, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::review::rules::testing::{WEB, hits, run};

    const RULE: &str = "storage-class-name";

    fn template_class(class: &str) -> String {
        WEB.replace(
            "      accessModes: [ReadWriteOnce]\n",
            &format!("      accessModes: [ReadWriteOnce]\n      storageClassName: \"{class}\"\n"),
        )
    }

    fn pvc(field: &str, class: &str) -> String {
        format!(
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: data}}\nspec:\n  accessModes: [ReadWriteOnce]\n  {field}: \"{class}\"\n  resources: {{requests: {{storage: 1Gi}}}}\n"
        )
    }

    #[test]
    fn class_names_are_dns_subdomains() {
        for right in ["standard", "fast-ssd", "gp3.ebs.csi.aws.com", "1", ""] {
            assert!(hits(RULE, &template_class(right)).is_empty(), "{right}");
            assert!(
                hits(RULE, &pvc("storageClassName", right)).is_empty(),
                "{right}"
            );
            assert!(
                hits(RULE, &pvc("volumeAttributesClassName", right)).is_empty(),
                "{right}"
            );
        }
        let long = "a".repeat(254);
        for wrong in [
            "Standard",
            "STANDARD",
            "standard x",
            "standard-",
            "fast.",
            "Bad_Class",
            long.as_str(),
        ] {
            assert_eq!(
                hits(RULE, &template_class(wrong)),
                [(
                    "spec.volumeClaimTemplates[0].spec.storageClassName".into(),
                    49
                )],
                "{wrong}"
            );
            assert_eq!(
                hits(RULE, &pvc("storageClassName", wrong)),
                [("spec.storageClassName".into(), 6)],
                "{wrong}"
            );
            assert_eq!(
                hits(RULE, &pvc("volumeAttributesClassName", wrong)).len(),
                1,
                "{wrong}"
            );
        }
        assert!(
            run(RULE, &template_class("Fast"))[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("1.34")
        );
    }

    #[test]
    fn ephemeral_volumes_and_persistent_volumes_too() {
        let ephemeral = WEB.replace(
            "    spec:\n      containers:\n",
            "    spec:\n      volumes:\n      - name: scratch\n        ephemeral:\n          volumeClaimTemplate:\n            spec:\n              accessModes: [ReadWriteOnce]\n              storageClassName: Fast\n              resources: {requests: {storage: 1Gi}}\n      containers:\n",
        );
        assert_eq!(
            hits(RULE, &ephemeral)[0].0,
            "spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName"
        );
        let pv = "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  storageClassName: Bad\n  hostPath: {path: /tmp/pv}\n";
        assert_eq!(hits(RULE, pv), [("spec.storageClassName".into(), 7)]);
        assert!(hits(RULE, &pv.replace("Bad", "manual")).is_empty());
    }
}
