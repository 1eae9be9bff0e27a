//! `explain FIELD`: offline documentation of a field, for learners.
//!
//! The field's name, type, required-ness, sub-fields and the API's own description come
//! from the Kubernetes API types (the k8s-openapi schema, as `lint` uses); defaults,
//! allowed values, mutability, version notes, an example and the lesson to read come from
//! `notes.toml`, written for this course from the facts sheet.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use crate::manifest::kinds::builtin;
use crate::manifest::names::suggest;

/// The learner's notes on one field (a table of `notes.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub default: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
    pub mutable: Option<bool>,
    pub versions: Option<String>,
    pub note: Option<String>,
    pub example: Option<String>,
    pub lesson: Option<String>,
}

/// The notes, keyed by `kind.path` (`statefulset.spec.replicas`).
pub fn notes() -> Result<&'static BTreeMap<String, Note>, String> {
    static NOTES: OnceLock<Result<BTreeMap<String, Note>, String>> = OnceLock::new();
    NOTES
        .get_or_init(|| {
            toml::from_str(include_str!("notes.toml"))
                .map_err(|e| format!("src/explain/notes.toml: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The kinds `explain` knows, by the names a learner may type.
const KINDS: &[(&[&str], &str, &str, &str)] = &[
    (
        &["statefulset", "statefulsets", "sts"],
        "statefulset",
        "apps/v1",
        "StatefulSet",
    ),
    (&["service", "services", "svc"], "service", "v1", "Service"),
    (
        &["persistentvolumeclaim", "persistentvolumeclaims", "pvc"],
        "persistentvolumeclaim",
        "v1",
        "PersistentVolumeClaim",
    ),
    (
        &["poddisruptionbudget", "poddisruptionbudgets", "pdb"],
        "poddisruptionbudget",
        "policy/v1",
        "PodDisruptionBudget",
    ),
];

/// Everything `explain` shows about one field.
#[derive(Debug, Clone)]
pub struct FieldDoc {
    /// `statefulset.spec.replicas`
    pub key: String,
    pub kind: &'static str,
    pub type_name: String,
    pub required: bool,
    pub description: String,
    /// Sub-fields: (name, type, required).
    pub fields: Vec<(String, String, bool)>,
    pub note: Option<&'static Note>,
}

/// A field that could not be found, with what the learner may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound {
    pub message: String,
    pub help: String,
}

/// `$ref`s followed into the root schema's `$defs`.
fn deref<'a>(schema: &'a Value, defs: &'a Value) -> (&'a Value, Option<&'a str>) {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    let defs = defs
        .as_object()
        .unwrap_or_else(|| EMPTY.get_or_init(Default::default));
    crate::manifest::schema::resolve_ref(schema, defs)
}

fn short(def: &str) -> &str {
    def.rsplit('.').next().unwrap_or(def)
}

/// A type as a learner reads it: "integer", "list of Container", "map of string to string".
fn type_name(schema: &Value, defs: &Value) -> String {
    let (node, def) = deref(schema, defs);
    if let Some(def) = def {
        if def.ends_with("resource.Quantity") {
            return "quantity (e.g. 1Gi, 500m)".into();
        }
        if def.ends_with("intstr.IntOrString") {
            return "integer or string (e.g. 1 or \"25%\")".into();
        }
    }
    match node.get("type").and_then(Value::as_str) {
        Some("array") => format!(
            "list of {}",
            type_name(node.get("items").unwrap_or(&Value::Null), defs)
        ),
        Some("object") if node.get("properties").is_none() => {
            match node.get("additionalProperties") {
                Some(values) if values.is_object() => {
                    format!("map of string to {}", type_name(values, defs))
                }
                _ => "object".into(),
            }
        }
        Some("object") => def.map_or("object".into(), |d| format!("object ({})", short(d))),
        Some("integer") => match node.get("format").and_then(Value::as_str) {
            Some(format) => format!("integer ({format})"),
            None => "integer".into(),
        },
        Some("string") if node.get("format").and_then(Value::as_str) == Some("date-time") => {
            "timestamp".into()
        }
        Some(other) => other.into(),
        None => "any".into(),
    }
}

/// Resolves `kind.path.to.field` (the kind may be left out: StatefulSet is assumed).
pub fn explain(query: &str) -> Result<FieldDoc, NotFound> {
    let mut parts: Vec<&str> = query
        .trim()
        .trim_matches('.')
        .split('.')
        .filter(|p| !p.is_empty())
        .collect();
    let kind_entry = parts.first().and_then(|first| {
        let lower = first.to_ascii_lowercase();
        KINDS
            .iter()
            .find(|(names, ..)| names.contains(&lower.as_str()))
    });
    let named_kind = kind_entry.map(|(_, key, ..)| *key);
    let (_, kind_key, api_version, kind) = match kind_entry {
        Some(entry) => {
            parts.remove(0);
            *entry
        }
        None => KINDS[0],
    };
    let asked = parts.clone();
    let Some(builtin) = builtin(api_version, kind) else {
        return Err(NotFound {
            message: format!("no schema for {kind}"),
            help: String::new(),
        });
    };
    let root = builtin.schema();
    let defs = root.get("$defs").unwrap_or(&Value::Null);
    let mut node = root;
    let mut required = false;
    let mut path = Vec::new();
    for part in parts {
        let name = part.split('[').next().unwrap_or(part);
        let (current, _) = deref(node, defs);
        let current = match current.get("type").and_then(Value::as_str) {
            Some("array") => deref(current.get("items").unwrap_or(&Value::Null), defs).0,
            _ => current,
        };
        let properties = current.get("properties").and_then(Value::as_object);
        let Some(child) = properties.and_then(|p| p.get(name)) else {
            let known: Vec<&str> = properties
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let here = if path.is_empty() {
                kind_key.to_string()
            } else {
                format!("{kind_key}.{}", path.join("."))
            };
            let ending = paths_ending_with(&asked, named_kind);
            let names: Vec<&str> = ending.iter().map(String::as_str).collect();
            let help = match (
                crate::manifest::names::did_you_mean(&names),
                suggest(name, known.iter().copied()),
            ) {
                (Some(full_paths), _) => full_paths,
                (None, Some(close)) => format!("did you mean `{here}.{close}`?"),
                (None, None) if known.is_empty() => format!("`{here}` has no fields"),
                (None, None) => format!("fields of `{here}`: {}", known.join(", ")),
            };
            return Err(NotFound {
                message: format!("`{here}` has no field `{name}`"),
                help,
            });
        };
        required = current
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|f| f == name));
        path.push(name.to_string());
        node = child;
    }
    let key = if path.is_empty() {
        kind_key.to_string()
    } else {
        format!("{kind_key}.{}", path.join("."))
    };
    let description = node
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| {
            deref(node, defs)
                .0
                .get("description")
                .and_then(Value::as_str)
        })
        .unwrap_or_default()
        .to_string();
    let (resolved, _) = deref(node, defs);
    let resolved = match resolved.get("type").and_then(Value::as_str) {
        Some("array") => deref(resolved.get("items").unwrap_or(&Value::Null), defs).0,
        _ => resolved,
    };
    let required_fields: Vec<&str> = resolved
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = resolved
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .filter(|(name, _)| path.is_empty() || name.as_str() != "status")
                .map(|(name, schema)| {
                    (
                        name.clone(),
                        type_name(schema, defs),
                        required_fields.contains(&name.as_str()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let note = notes().ok().and_then(|n| n.get(&key));
    Ok(FieldDoc {
        type_name: type_name(node, defs),
        key,
        kind,
        required,
        description,
        fields,
        note,
    })
}

/// How deep [`all_paths`] goes below a kind: deep enough for a container's ports
/// (`statefulset.spec.template.spec.containers.ports.containerPort`).
const PATH_DEPTH: usize = 7;

/// Every field path of every kind `explain` knows (`statefulset.spec.replicas`, ...), down
/// to [`PATH_DEPTH`] fields, built once, on the first field that could not be found.
fn all_paths() -> &'static [String] {
    static PATHS: OnceLock<Vec<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let mut out = Vec::new();
        for (_, key, api_version, kind) in KINDS {
            let Some(builtin) = builtin(api_version, kind) else {
                continue;
            };
            let root = builtin.schema();
            let defs = root.get("$defs").unwrap_or(&Value::Null);
            collect_paths(root, defs, key, 0, &mut out);
        }
        out
    })
}

fn collect_paths(node: &Value, defs: &Value, prefix: &str, depth: usize, out: &mut Vec<String>) {
    let (current, _) = deref(node, defs);
    let current = match current.get("type").and_then(Value::as_str) {
        Some("array") => deref(current.get("items").unwrap_or(&Value::Null), defs).0,
        _ => current,
    };
    let Some(properties) = current.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, child) in properties {
        if name == "status" || name == "managedFields" {
            continue;
        }
        let path = format!("{prefix}.{name}");
        if depth + 1 < PATH_DEPTH {
            collect_paths(child, defs, &path, depth + 1, out);
        }
        out.push(path);
    }
}

/// The full paths whose last fields are `parts` (case aside), those the course has notes
/// on first, then the shortest: what a
/// learner who typed a bare field name (`podManagementPolicy`) or the end of a path
/// (`spec.replicas`, `accessModes`) meant. Only paths of `kind` when the learner named one.
pub fn paths_ending_with(parts: &[&str], kind: Option<&str>) -> Vec<String> {
    if parts.is_empty() {
        return Vec::new();
    }
    let tail = format!(".{}", parts.join(".").to_lowercase());
    let mut found: Vec<&String> = all_paths()
        .iter()
        .filter(|p| p.to_lowercase().ends_with(&tail))
        .filter(|p| kind.is_none_or(|k| p.starts_with(&format!("{k}."))))
        .collect();
    let noted = |p: &str| notes().is_ok_and(|n| n.contains_key(p));
    found.sort_by_key(|p| (!noted(p), p.matches('.').count(), p.len()));
    found.dedup();
    found
        .into_iter()
        .take(crate::manifest::names::SUGGESTIONS)
        .cloned()
        .collect()
}

/// Field paths starting with `prefix`, for completion (`statefulset.spec.rep` → `...replicas`).
pub fn complete(prefix: &str) -> Vec<String> {
    let (parent, partial) = prefix.rsplit_once('.').unwrap_or(("", prefix));
    if parent.is_empty() {
        let mut kinds: Vec<String> = KINDS
            .iter()
            .map(|(_, key, ..)| format!("{key}."))
            .filter(|k| k.starts_with(partial))
            .collect();
        if let Ok(doc) = explain("statefulset") {
            kinds.extend(
                doc.fields
                    .into_iter()
                    .map(|(name, ..)| name)
                    .filter(|n| n.starts_with(partial)),
            );
        }
        return kinds;
    }
    match explain(parent) {
        Ok(doc) => doc
            .fields
            .into_iter()
            .filter(|(name, ..)| name.starts_with(partial))
            .map(|(name, ..)| format!("{parent}.{name}"))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The documentation as Markdown, for the terminal renderer.
pub fn markdown(doc: &FieldDoc) -> String {
    let mut md = format!("# {}\n\n", doc.key);
    md.push_str(&format!(
        "**Type:** {}{}  \n",
        doc.type_name,
        if doc.required { " — required" } else { "" }
    ));
    if let Some(note) = doc.note {
        if let Some(default) = &note.default {
            md.push_str(&format!("**Default:** {default}  \n"));
        }
        if !note.values.is_empty() {
            md.push_str(&format!(
                "**Allowed values:** {}  \n",
                note.values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(mutable) = note.mutable {
            md.push_str(if mutable {
                "**Can change after creation:** yes  \n"
            } else {
                "**Can change after creation:** no (immutable: changing it is rejected)  \n"
            });
        }
        if let Some(versions) = &note.versions {
            md.push_str(&format!("**Versions:** {versions}  \n"));
        }
    }
    md.push('\n');
    if let Some(text) = doc.note.and_then(|n| n.note.as_ref()) {
        md.push_str(text.trim());
        md.push_str("\n\n");
    }
    if !doc.description.is_empty() {
        md.push_str(&format!(
            "From the API reference:\n\n> {}\n\n",
            doc.description.replace('\n', " ")
        ));
    }
    if let Some(example) = doc.note.and_then(|n| n.example.as_ref()) {
        md.push_str(&format!(
            "Example:\n\n```yaml\n{}\n```\n\n",
            example.trim_end()
        ));
    }
    if !doc.fields.is_empty() {
        md.push_str("Fields:\n\n");
        for (name, type_name, required) in &doc.fields {
            md.push_str(&format!(
                "- `{name}`: {type_name}{}\n",
                if *required { " (required)" } else { "" }
            ));
        }
        md.push('\n');
    }
    if let Some(lesson) = doc.note.and_then(|n| n.lesson.as_ref()) {
        md.push_str(&format!(
            "Lesson: `{}`\n",
            crate::ui::cmd(&format!("lesson {lesson}"))
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_resolve_from_the_api_types() {
        let doc = explain("statefulset.spec.persistentVolumeClaimRetentionPolicy").unwrap();
        assert_eq!(
            doc.type_name,
            "object (StatefulSetPersistentVolumeClaimRetentionPolicy)"
        );
        let names: Vec<&str> = doc.fields.iter().map(|(n, ..)| n.as_str()).collect();
        assert_eq!(names, ["whenDeleted", "whenScaled"]);
        assert_eq!(
            explain("sts.spec.replicas").unwrap().type_name,
            "integer (int32)"
        );
        assert_eq!(
            explain("spec.volumeClaimTemplates").unwrap().type_name,
            "list of object (PersistentVolumeClaim)"
        );
        assert!(explain("statefulset.spec.selector").unwrap().required);
        assert_eq!(
            explain("pvc.spec.resources.requests").unwrap().type_name,
            "map of string to quantity (e.g. 1Gi, 500m)"
        );
        assert_eq!(
            explain("statefulset.spec.template.spec.containers.image")
                .unwrap()
                .type_name,
            "string"
        );
        assert_eq!(
            explain("statefulset.spec.updateStrategy.rollingUpdate.maxUnavailable")
                .unwrap()
                .type_name,
            "integer or string (e.g. 1 or \"25%\")"
        );
    }

    #[test]
    fn unknown_fields_suggest_the_closest() {
        let err = explain("statefulset.spec.servicename").unwrap_err();
        assert_eq!(err.message, "`statefulset.spec` has no field `servicename`");
        assert_eq!(err.help, "did you mean `statefulset.spec.serviceName`?");
    }

    #[test]
    fn bare_field_names_and_partial_paths_suggest_the_full_paths() {
        let err = explain("podManagementPolicy").unwrap_err();
        assert_eq!(
            err.help,
            "did you mean `statefulset.spec.podManagementPolicy`?"
        );
        let err = explain("accessModes").unwrap_err();
        assert!(
            err.help
                .contains("`persistentvolumeclaim.spec.accessModes`")
                && err
                    .help
                    .contains("`statefulset.spec.volumeClaimTemplates.spec.accessModes`"),
            "{}",
            err.help
        );
        let err = explain("pvc.accessmodes").unwrap_err();
        assert_eq!(
            err.help,
            "did you mean `persistentvolumeclaim.spec.accessModes`?"
        );
        let err = explain("template.spec.containers.image").unwrap_err();
        assert!(
            err.help
                .contains("`statefulset.spec.template.spec.containers.image`"),
            "{}",
            err.help
        );
        assert!(explain("spec.replicas").is_ok(), "StatefulSet is assumed");
    }

    #[test]
    fn completion() {
        assert!(
            complete("statefulset.spec.rep").contains(&"statefulset.spec.replicas".to_string())
        );
        assert!(complete("sta").contains(&"statefulset.".to_string()));
        assert!(complete("pvc.spec.acc").contains(&"pvc.spec.accessModes".to_string()));
    }

    #[test]
    fn notes_parse_and_name_real_fields_and_lessons() {
        for (key, note) in notes().unwrap() {
            assert!(
                explain(key).is_ok(),
                "notes.toml names an unknown field {key}"
            );
            if let Some(lesson) = &note.lesson {
                assert!(
                    crate::content::lessons::is_lesson(lesson),
                    "{key}: unknown lesson {lesson}"
                );
            }
        }
    }
}

#[cfg(test)]
mod coverage {
    use super::*;

    /// Every StatefulSet field down to the Pod template level, from the API types: the ones
    /// `explain` must document for learners.
    fn statefulset_fields(prefix: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(doc) = explain(prefix) else { return };
        for (name, ..) in doc.fields {
            if ["status", "apiVersion", "kind"].contains(&name.as_str()) {
                continue;
            }
            let key = format!("{prefix}.{name}");
            let leaf = key.ends_with("template.spec")
                || key.ends_with("volumeClaimTemplates.spec")
                || key.ends_with(".metadata")
                || key.contains("selector.");
            out.push(key.clone());
            if !leaf && depth < 4 {
                statefulset_fields(&key, depth + 1, out);
            }
        }
    }

    #[test]
    fn every_statefulset_field_down_to_the_template_has_notes() {
        let mut fields = Vec::new();
        statefulset_fields("statefulset", 0, &mut fields);
        assert!(fields.len() > 20, "{fields:?}");
        let notes = notes().unwrap();
        let missing: Vec<&String> = fields
            .iter()
            .filter(|f| !notes.contains_key(f.as_str()))
            .collect();
        assert!(missing.is_empty(), "fields without notes: {missing:?}");
        for key in [
            "statefulset.spec.template.metadata.labels",
            "statefulset.metadata.name",
            "service.spec.clusterIP",
            "service.spec.publishNotReadyAddresses",
            "persistentvolumeclaim.spec.accessModes",
            "poddisruptionbudget.spec.maxUnavailable",
        ] {
            assert!(notes.contains_key(key), "{key}");
        }
    }
}
