//! What the API server said about a manifest, located in the learner's file.
//!
//! Validation errors come as a 422 with one cause per field (`spec.replicas`). A server-side
//! apply whose object does not fit the schema (an unknown field under strict validation, a
//! string where a number goes) comes instead as a 500 whose message holds one path in
//! structured-merge-diff's notation, where list items are picked by their keys:
//! `.spec.template.spec.containers[name="web"].imagePullPolicyy: field not declared in schema`.

use serde_json::Value;

use super::ServerError;
use crate::manifest::path::{Segment, locate};
use crate::manifest::{Bundle, FieldPath};

/// The marker of a schema error from server-side apply (kube-apiserver 1.37 answers it with
/// code 500, not 4xx).
const TYPED_PATCH: &str = "failed to create typed patch object";

/// Whether an error status is the server's verdict on the manifest (to show on its lines)
/// rather than a failure to talk to the server.
pub fn is_about_the_manifest(status: &kube::core::Status) -> bool {
    matches!(status.code, 400 | 422) || status.message.contains(TYPED_PATCH)
}

/// Maps the API server's causes to the file's lines.
pub fn server_errors(
    bundle: &Bundle,
    object_index: usize,
    status: &kube::core::Status,
) -> Vec<ServerError> {
    let object = &bundle.objects[object_index];
    let causes = status
        .details
        .as_ref()
        .map(|d| d.causes.clone())
        .unwrap_or_default();
    let json = crate::manifest::schema::plain_json(&object.node);
    // `written` maps a validation cause's path to the file; a schema error's path is
    // already in the object as sent.
    let at = |path: Option<FieldPath>, message: String, written: bool| {
        let (line, last_line) = match &path {
            Some(p) if written => lines_of(
                object,
                &as_written(object.kind.as_str(), &json, p, &message),
            ),
            Some(p) => lines_of(object, p),
            None => (object.line(), object.line()),
        };
        ServerError {
            object: object.label(),
            path: path.map(|p| p.to_string()),
            line: Some(line),
            last_line: Some(last_line),
            message,
        }
    };
    if causes.is_empty() {
        if let Some((path, message)) = typed_patch_error(&status.message, &json) {
            return vec![at(Some(path), message, false)];
        }
        return vec![at(None, status.message.clone(), false)];
    }
    causes
        .into_iter()
        .map(|cause| {
            let path = (!cause.field.is_empty()).then(|| FieldPath::parse(&cause.field));
            at(path, cause.message, true)
        })
        .collect()
}

/// Fields the server reports under another name than the one the learner wrote, because it
/// filled the reported one in from it (`clusterIP: none` is rejected as `spec.clusterIPs[0]`)
/// or names it otherwise (a Pod template's `metadata.labels` as `spec.template.labels`).
/// A reported path that starts with the first is looked up under the second.
const REPORTED_AS: &[(&str, &str)] = &[
    ("spec.clusterIPs[0]", "spec.clusterIP"),
    ("spec.clusterIPs", "spec.clusterIP"),
    // kube-apiserver 1.37 names this one by its Go field.
    (
        "spec.LoadBalancerSourceRanges",
        "spec.loadBalancerSourceRanges",
    ),
    ("spec.template.labels", "spec.template.metadata.labels"),
    (
        "spec.template.annotations",
        "spec.template.metadata.annotations",
    ),
];

/// The path as the learner wrote it of a path the server reports in an object it rebuilt.
///
/// A StatefulSet's Pod template is validated with its claim templates as volumes: the server
/// lists one volume per distinct claim template name first (in no fixed order), then the
/// template's own volumes that no claim template shadows. `volumes[i]` is then either a
/// claim template (its name, when the message quotes it or there is only one) or the
/// template's volume `i` places further down.
fn as_written(kind: &str, json: &Value, path: &FieldPath, message: &str) -> FieldPath {
    let volumes = FieldPath::parse("spec.template.spec.volumes");
    let segments = &path.0;
    if kind != "StatefulSet" || !segments.starts_with(&volumes.0) {
        return path.clone();
    }
    let Some(&Segment::Index(index)) = segments.get(volumes.0.len()) else {
        return path.clone();
    };
    let rest = &segments[volumes.0.len() + 1..];
    let claim_names: Vec<&str> = json
        .pointer("/spec/volumeClaimTemplates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|claim| claim.pointer("/metadata/name").and_then(Value::as_str))
        .map(|name| name.unwrap_or(""))
        .collect();
    let mut distinct = claim_names.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.is_empty() {
        return path.clone();
    }
    if let Some(past_claims) = index.checked_sub(distinct.len()) {
        let written = json
            .pointer("/spec/template/spec/volumes")
            .and_then(Value::as_array);
        let unshadowed = written
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, volume)| {
                let name = volume.get("name").and_then(Value::as_str).unwrap_or("");
                !distinct.contains(&name)
            });
        return match unshadowed.map(|(i, _)| i).nth(past_claims) {
            Some(i) => {
                let mut found = volumes.index(i);
                found.0.extend_from_slice(rest);
                found
            }
            None => path.clone(),
        };
    }
    let quoted = |name: &&str| !name.is_empty() && message.contains(&format!("\"{name}\""));
    let name = match distinct.as_slice() {
        [only] => Some(*only),
        _ => distinct.iter().copied().find(|name| quoted(name)),
    };
    let claims = FieldPath::parse("spec.volumeClaimTemplates");
    match name.and_then(|name| claim_names.iter().position(|n| *n == name)) {
        Some(claim) if matches!(rest, [Segment::Key(k)] if k == "name") => {
            claims.index(claim).then("metadata.name")
        }
        Some(claim) => claims.index(claim),
        None => claims,
    }
}

/// The first and last lines of `path`, or of the field the learner wrote that the server
/// derived it from.
fn lines_of(object: &crate::manifest::Object, path: &FieldPath) -> (usize, usize) {
    let lines = |found: &crate::manifest::path::Located| {
        let first = found.key.start.line;
        (first, found.value.end.line.max(first))
    };
    let found = locate(&object.node, path);
    if !found.exact {
        for (server, written) in REPORTED_AS {
            let server = FieldPath::parse(server);
            if let Some(rest) = path.0.strip_prefix(server.0.as_slice()) {
                let mut alias = FieldPath::parse(written);
                alias.0.extend_from_slice(rest);
                let alias = locate(&object.node, &alias);
                if alias.exact {
                    return lines(&alias);
                }
            }
        }
        if let Some(alias) = misnamed_in_affinity(path) {
            let alias = locate(&object.node, &alias);
            if alias.exact {
                return lines(&alias);
            }
        }
        // A field the server filled in is not in the file: its parent's key is the place.
        return (found.key.start.line, found.key.start.line);
    }
    lines(&found)
}

/// Two paths kube-apiserver 1.37 misnames in a pod (anti-)affinity term: an invalid entry
/// of `namespaces` as `<term>.namespace` (validatePodAffinityTerm), and a matchLabelKeys key
/// the selector names as `<term>[i]` (ValidateMatchLabelKeysAndMismatchLabelKeys indexes
/// the term's own path), for `<term>.namespaces` and `<term>.matchLabelKeys[i]`.
fn misnamed_in_affinity(path: &FieldPath) -> Option<FieldPath> {
    let in_affinity = path
        .0
        .iter()
        .any(|s| matches!(s, Segment::Key(k) if k == "podAffinity" || k == "podAntiAffinity"));
    if !in_affinity {
        return None;
    }
    let mut alias = path.clone();
    match path.0.as_slice() {
        [.., Segment::Key(last)] if last == "namespace" => {
            alias.0.pop();
            alias.0.push(Segment::Key("namespaces".into()));
        }
        // A required term is a list item, a preferred one its item's podAffinityTerm.
        [.., Segment::Index(_), Segment::Index(i)] => {
            let i = *i;
            alias.0.pop();
            alias.0.push(Segment::Key("matchLabelKeys".into()));
            alias.0.push(Segment::Index(i));
        }
        [.., Segment::Key(term), Segment::Index(i)] if term == "podAffinityTerm" => {
            let i = *i;
            alias.0.pop();
            alias.0.push(Segment::Key("matchLabelKeys".into()));
            alias.0.push(Segment::Index(i));
        }
        _ => return None,
    }
    Some(alias)
}

/// The path and message of a server-side apply schema error, its list keys resolved to
/// indexes in `json` (the object as written).
fn typed_patch_error(message: &str, json: &Value) -> Option<(FieldPath, String)> {
    let (_, detail) = message.split_once(TYPED_PATCH)?;
    // "(ns/name; apps/v1, Kind=StatefulSet): .spec.replica: field not declared in schema"
    let (_, detail) = detail.split_once("): ")?;
    let detail = detail.strip_prefix('.')?;
    let (path, what) = split_path(detail)?;
    Some((resolve(path, json), what.to_string()))
}

/// Splits `spec.containers[name="a: b"].x: what` at the first `: ` outside brackets and quotes.
fn split_path(text: &str) -> Option<(&str, &str)> {
    let (mut depth, mut quoted) = (0usize, false);
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth = depth.saturating_sub(1),
            b':' if !quoted && depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                return Some((&text[..i], &text[i + 2..]));
            }
            _ => {}
        }
    }
    None
}

/// Turns `a.b[name="x"].c` or `a.b[2]` into a field path, choosing for each key selector the
/// list item whose written fields match it (a key the item leaves out, such as a defaulted
/// `protocol`, does not count against it).
fn resolve(path: &str, json: &Value) -> FieldPath {
    let mut out = FieldPath::root();
    let mut node = Some(json);
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let end = closing_bracket(inner).unwrap_or(inner.len());
            let selector = &inner[..end];
            rest = inner.get(end + 1..).unwrap_or("");
            let items = node.and_then(Value::as_array);
            let index = match selector.parse::<usize>() {
                Ok(index) => Some(index),
                Err(_) => items.and_then(|items| {
                    items
                        .iter()
                        .position(|item| selector_matches(selector, item))
                }),
            };
            let Some(index) = index else { break };
            out.0.push(Segment::Index(index));
            node = items.and_then(|items| items.get(index));
        } else {
            let rest_trimmed = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_trimmed.find(['.', '[']).unwrap_or(rest_trimmed.len());
            let key = &rest_trimmed[..end];
            rest = &rest_trimmed[end..];
            if key.is_empty() {
                break;
            }
            out.0.push(Segment::Key(key.to_string()));
            node = node.and_then(|n| n.get(key));
        }
    }
    out
}

fn closing_bracket(text: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ']' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// `name="web"` or `containerPort=80,protocol="TCP"` against a list item.
fn selector_matches(selector: &str, item: &Value) -> bool {
    split_selector(selector).into_iter().all(|(key, wanted)| {
        let Some(value) = item.get(key) else {
            return true;
        };
        let written = match value {
            Value::String(s) => format!("{s:?}"),
            other => other.to_string(),
        };
        written == wanted
    }) && item.is_object()
}

fn split_selector(selector: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in selector.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                if let Some(pair) = selector[start..i].split_once('=') {
                    pairs.push(pair);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if let Some(pair) = selector[start..].split_once('=') {
        pairs.push(pair);
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn web() -> Value {
        json!({"spec": {"template": {"spec": {"containers": [
            {"name": "init", "image": "busybox"},
            {"name": "web", "image": "nginx", "ports": [{"containerPort": 8080}, {"containerPort": 80}]}
        ]}}}})
    }

    #[test]
    fn misnamed_affinity_paths_point_at_the_fields_written() {
        // As kube-apiserver 1.37.2 reports them (tests/fixtures/oracle/rejected-affinity.yaml).
        let term = "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
        let preferred = "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[2].podAffinityTerm";
        for (server, written) in [
            (format!("{term}.namespace"), format!("{term}.namespaces")),
            (format!("{term}[1]"), format!("{term}.matchLabelKeys[1]")),
            (
                format!("{preferred}[0]"),
                format!("{preferred}.matchLabelKeys[0]"),
            ),
        ] {
            let alias = misnamed_in_affinity(&FieldPath::parse(&server)).map(|p| p.to_string());
            assert_eq!(alias.as_deref(), Some(written.as_str()), "{server}");
        }
        for server in [
            "spec.template.spec.containers[0].ports[1]",
            "metadata.namespace",
            &format!("{term}.topologyKey"),
        ] {
            assert!(
                misnamed_in_affinity(&FieldPath::parse(server)).is_none(),
                "{server}"
            );
        }
    }

    #[test]
    fn typed_patch_paths_resolve_list_keys_to_indexes() {
        let message = r#"failed to create typed patch object (default/web; apps/v1, Kind=StatefulSet): .spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].protocoll: field not declared in schema"#;
        let (path, what) = typed_patch_error(message, &web()).unwrap();
        assert_eq!(
            path.to_string(),
            "spec.template.spec.containers[1].ports[1].protocoll"
        );
        assert_eq!(what, "field not declared in schema");
    }

    #[test]
    fn typed_patch_type_errors_keep_their_message() {
        let message = "failed to create typed patch object (ns/web; apps/v1, Kind=StatefulSet): .spec.replicas: expected numeric (int or float), got string";
        let (path, what) =
            typed_patch_error(message, &json!({"spec": {"replicas": "two"}})).unwrap();
        assert_eq!(path.to_string(), "spec.replicas");
        assert_eq!(what, "expected numeric (int or float), got string");
    }

    #[test]
    fn a_selector_that_matches_nothing_stops_at_the_list() {
        let message = r#"failed to create typed patch object (a/b; v1, Kind=Pod): .spec.containers[name="gone"].x: field not declared in schema"#;
        let (path, _) = typed_patch_error(message, &web()["spec"]["template"]).unwrap();
        assert_eq!(path.to_string(), "spec.containers");
    }

    fn with_claims(claims: &[&str], volumes: &[&str]) -> Value {
        let claims: Vec<Value> = claims
            .iter()
            .map(|name| json!({"metadata": {"name": name}}))
            .collect();
        let volumes: Vec<Value> = volumes
            .iter()
            .map(|name| json!({"name": name, "emptyDir": {}}))
            .collect();
        json!({"spec": {"template": {"spec": {"volumes": volumes}}, "volumeClaimTemplates": claims}})
    }

    fn written(json: &Value, server: &str, message: &str) -> String {
        as_written("StatefulSet", json, &FieldPath::parse(server), message).to_string()
    }

    #[test]
    fn template_volumes_are_found_past_the_claim_templates_the_server_puts_first() {
        // kube-apiserver 1.37.2: volumes [data (claim), eocC] for one claim and one volume.
        let json = with_claims(&["data"], &["eocC"]);
        let server = "spec.template.spec.volumes[1].name";
        assert_eq!(
            written(&json, server, ""),
            "spec.template.spec.volumes[0].name"
        );
        // A volume named like a claim template is dropped by the server, so it is skipped.
        let json = with_claims(&["data", "logs"], &["data", "cache", "bad_name"]);
        let server = "spec.template.spec.volumes[3].name";
        assert_eq!(
            written(&json, server, ""),
            "spec.template.spec.volumes[2].name"
        );
        // Past the end (the server saw something else): its path is kept.
        let server = "spec.template.spec.volumes[9]";
        assert_eq!(written(&json, server, ""), server);
    }

    #[test]
    fn claim_template_volumes_point_at_the_claim_template() {
        let json = with_claims(&["Data"], &["cache"]);
        let message = r#"Invalid value: "Data": a lowercase RFC 1123 label must…"#;
        let server = "spec.template.spec.volumes[0].name";
        assert_eq!(
            written(&json, server, message),
            "spec.volumeClaimTemplates[0].metadata.name"
        );
        // Two claim templates come in no fixed order: the quoted name decides.
        let json = with_claims(&["logs", "Data"], &[]);
        assert_eq!(
            written(&json, server, message),
            "spec.volumeClaimTemplates[1].metadata.name"
        );
        assert_eq!(
            written(&json, server, "no name"),
            "spec.volumeClaimTemplates"
        );
        // Other kinds, and StatefulSets without claim templates, keep the server's path.
        let plain = with_claims(&[], &["a"]);
        assert_eq!(written(&plain, server, message), server);
        let pod = as_written("Pod", &json, &FieldPath::parse(server), message);
        assert_eq!(pod.to_string(), server);
    }

    #[test]
    fn other_messages_are_not_typed_patch_errors() {
        assert!(typed_patch_error("namespaces \"x\" not found", &web()).is_none());
        assert_eq!(
            split_path(r#"a[name="x: y"].b: bad"#),
            Some((r#"a[name="x: y"].b"#, "bad"))
        );
    }
}
