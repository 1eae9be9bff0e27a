//! Kubernetes name and label syntax checks, plus a "did you mean" helper.
//!
//! These mirror the API server's validators (`k8s.io/apimachinery/pkg/util/validation`)
//! so the tutor can reject a manifest offline with the same verdict, but the
//! messages are friendlier: they say *what* is wrong with this particular
//! value (which character, how long it is) and show a valid example.
//!
//! Each check returns `Err` with a sentence fragment meant to follow the field
//! path, e.g. `metadata.name: must be no more than 63 characters (it has 70)`.
//! When several rules fail they are all reported, joined with "; ".
//!
//! Lengths are counted in characters for the message; since every valid
//! character is ASCII this gives the same verdict as the API server's byte
//! count whenever the charset rule passes.

const DNS1123_LABEL_MAX: usize = 63;
const DNS1123_SUBDOMAIN_MAX: usize = 253;
const DNS1035_LABEL_MAX: usize = 63;
const QUALIFIED_NAME_MAX: usize = 63;
const LABEL_VALUE_MAX: usize = 63;
const IANA_SVC_NAME_MAX: usize = 15;

const DNS1123_LABEL_FMT: &str = "must consist of lower case alphanumeric characters or '-', \
    and must start and end with an alphanumeric character";
const DNS1123_LABEL_EXAMPLE: &str = "e.g. 'my-name' or '123-abc'";
const DNS1123_SUBDOMAIN_FMT: &str = "must consist of lower case alphanumeric characters, '-' \
    or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_EXAMPLE: &str = "e.g. 'example.com' or 'web-0.nginx'";
const DNS1035_LABEL_FMT: &str = "must consist of lower case alphanumeric characters or '-', \
    start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL_EXAMPLE: &str = "e.g. 'my-name' or 'abc-123'";
const QUALIFIED_NAME_FMT: &str = "must consist of alphanumeric characters, '-', '_' or '.', \
    and must start and end with an alphanumeric character";
const QUALIFIED_NAME_EXAMPLE: &str = "e.g. 'MyName', 'my.name' or '123-abc'";
const LABEL_VALUE_FMT: &str = "must be empty or consist of alphanumeric characters, '-', '_' \
    or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_EXAMPLE: &str = "e.g. 'MyValue', 'my_value' or '12345'";
const IANA_SVC_NAME_EXAMPLE: &str = "e.g. 'http' or 'web-8080'";

/// Checks a DNS-1123 label (RFC 1123), the rule for most object names that end
/// up in a hostname, e.g. the pods of a `StatefulSet` (`web-0`).
pub fn dns1123_label(s: &str) -> Result<(), String> {
    finish(&label_problems(
        s,
        &LabelRules {
            max: DNS1123_LABEL_MAX,
            first: is_lower_alnum,
            middle: is_lower_alnum_or_dash,
            last: is_lower_alnum,
            format: DNS1123_LABEL_FMT,
            example: DNS1123_LABEL_EXAMPLE,
        },
    ))
}

/// Checks a DNS-1123 subdomain: labels joined by '.', at most 253 characters.
///
/// Like the API server, individual labels are not limited to 63 characters
/// here; only the overall length and the character pattern are checked.
pub fn dns1123_subdomain(s: &str) -> Result<(), String> {
    finish(&subdomain_problems(s))
}

/// Checks a DNS-1035 label: like DNS-1123 but must start with a letter.
/// Service names use it because they become DNS names that must not look like
/// numbers.
pub fn dns1035_label(s: &str) -> Result<(), String> {
    finish(&label_problems(
        s,
        &LabelRules {
            max: DNS1035_LABEL_MAX,
            first: |c| c.is_ascii_lowercase(),
            middle: is_lower_alnum_or_dash,
            last: is_lower_alnum,
            format: DNS1035_LABEL_FMT,
            example: DNS1035_LABEL_EXAMPLE,
        },
    ))
}

/// Checks a qualified name, the syntax of label and annotation *keys*:
/// an optional DNS-1123 subdomain prefix and '/', then a name of at most 63
/// characters (`app`, `app.kubernetes.io/name`).
pub fn qualified_name(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err(format!(
            "must not be empty, {QUALIFIED_NAME_EXAMPLE} with an optional DNS subdomain prefix \
             and '/' (e.g. 'example.com/MyName')"
        ));
    }
    let slashes = s.matches('/').count();
    if slashes > 1 {
        return Err(format!(
            "must contain at most one '/' (it has {slashes}): a qualified name is an optional \
             DNS subdomain prefix and '/' followed by a name, e.g. 'example.com/MyName' or \
             'app'"
        ));
    }
    let mut problems = Vec::new();
    let split = s.split_once('/');
    let name = match split {
        Some((prefix, name)) => {
            if prefix.is_empty() {
                problems.push(
                    "prefix part must not be empty (drop the leading '/' or write a domain \
                     before it, e.g. 'example.com/MyName')"
                        .to_string(),
                );
            } else {
                problems.extend(
                    subdomain_problems(prefix)
                        .into_iter()
                        .map(|p| format!("prefix part {p}")),
                );
            }
            name
        }
        None => s,
    };
    if name.is_empty() {
        let prefix = split.map_or("", |(prefix, _)| prefix);
        // Only echo the user's prefix back when it is itself valid.
        let example = if prefix.is_empty() || !subdomain_problems(prefix).is_empty() {
            "'MyName'".to_string()
        } else {
            format!("'{prefix}/MyName'")
        };
        problems.push(format!("name part must not be empty, e.g. {example}"));
    } else {
        problems.extend(
            label_problems(
                name,
                &LabelRules {
                    max: QUALIFIED_NAME_MAX,
                    first: is_alnum,
                    middle: is_qualified_middle,
                    last: is_alnum,
                    format: QUALIFIED_NAME_FMT,
                    example: QUALIFIED_NAME_EXAMPLE,
                },
            )
            .into_iter()
            .map(|p| format!("name part {p}")),
        );
    }
    finish(&problems)
}

/// Checks a label *value*: empty, or at most 63 characters of alphanumerics,
/// '-', '_' and '.', beginning and ending with an alphanumeric.
pub fn label_value(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    finish(&label_problems(
        s,
        &LabelRules {
            max: LABEL_VALUE_MAX,
            first: is_alnum,
            middle: is_qualified_middle,
            last: is_alnum,
            format: LABEL_VALUE_FMT,
            example: LABEL_VALUE_EXAMPLE,
        },
    ))
}

/// Checks an IANA service name, the rule for container and Service port
/// names (so they can be used in SRV records): at most 15 characters of
/// lower case alphanumerics and '-', with at least one letter, no leading or
/// trailing '-' and no "--".
pub fn iana_svc_name(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err(format!("must not be empty, {IANA_SVC_NAME_EXAMPLE}"));
    }
    let mut problems = Vec::new();
    if let Some(p) = length_problem(s, IANA_SVC_NAME_MAX) {
        problems.push(p);
    }
    if let Some(c) = s.chars().find(|&c| !is_lower_alnum_or_dash(c)) {
        problems.push(format!(
            "must contain only lower case alphanumeric characters (a-z, 0-9) and '-' \
             (it contains {}), {IANA_SVC_NAME_EXAMPLE}",
            describe_char(c)
        ));
    }
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        problems.push("must contain at least one letter (a-z)".to_string());
    }
    if s.contains("--") {
        problems.push("must not contain two '-' in a row".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        problems.push("must not start or end with '-'".to_string());
    }
    // Show a valid example once, at the end.
    if !problems.iter().any(|p| p.contains("e.g."))
        && let Some(last) = problems.last_mut()
    {
        last.push_str(", ");
        last.push_str(IANA_SVC_NAME_EXAMPLE);
    }
    finish(&problems)
}

/// Returns the candidate the user most plausibly meant by `word`, for "did
/// you mean" hints on misspelt field names.
///
/// A case-insensitive exact match wins (`servicename` -> `serviceName`).
/// Otherwise the candidate with the smallest Damerau-Levenshtein distance
/// (optimal string alignment, compared case-insensitively) is returned if
/// that distance is at most `max(1, chars(word) / 3)`; ties go to the earliest
/// candidate. Empty words and empty candidates never match.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.is_empty() {
        return None;
    }
    let word_lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate.is_empty() {
            continue;
        }
        let candidate_lower: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        if candidate_lower == word_lower {
            return Some(candidate);
        }
        // Only a strictly better distance replaces the current best, so the
        // earliest candidate wins ties; keep scanning for an exact match.
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1).min(limit));
        if let Some(distance) = bounded_osa_distance(&word_lower, &candidate_lower, bound)
            && best.is_none_or(|(d, _)| distance < d)
        {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Every candidate the user may have meant by `word`, best first and at most
/// [`SUGGESTIONS`]: for ids and names typed in part. Candidates that start with `word`
/// come first (`seed` → `tutorial-mysql`, `interview-web`, in the order given), then those with a
/// `-`- or `.`-separated part that starts with it (`mysql` → `tutorial-mysql`), then the
/// closest by edit distance ([`suggest`]). All comparisons ignore case; an exact match
/// is never suggested.
pub fn suggest_all<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word_lower = word.to_lowercase();
    if word_lower.is_empty() {
        return Vec::new();
    }
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| !c.is_empty()).collect();
    let lower: Vec<String> = candidates.iter().map(|c| c.to_lowercase()).collect();
    let mut out: Vec<&'a str> = Vec::new();
    let add = |c: &'a str, out: &mut Vec<&'a str>| {
        if !out.contains(&c) && c.to_lowercase() != word_lower && out.len() < SUGGESTIONS {
            out.push(c);
        }
    };
    for (c, l) in candidates.iter().zip(&lower) {
        if l.starts_with(&word_lower) {
            add(c, &mut out);
        }
    }
    for (c, l) in candidates.iter().zip(&lower) {
        if l.split(['-', '.'])
            .skip(1)
            .any(|part| part.starts_with(&word_lower))
        {
            add(c, &mut out);
        }
    }
    if let Some(close) = suggest(word, candidates.iter().copied()) {
        add(close, &mut out);
    }
    out
}

/// How many names [`suggest_all`] offers at most.
pub const SUGGESTIONS: usize = 5;

/// "did you mean `a`?", "did you mean `a` or `b`?", "did you mean `a`, `b` or `c`?";
/// `None` for no names.
pub fn did_you_mean(names: &[&str]) -> Option<String> {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let list = match quoted.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    Some(format!("did you mean {list}?"))
}

/// Whether `a` and `b` are within `bound` edits of each other (insertions, deletions,
/// substitutions and adjacent swaps): how typos are forgiven.
pub fn within_edits(a: &str, b: &str, bound: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    bounded_osa_distance(&a, &b, bound).is_some()
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions) between `a` and `b`, or `None` if it exceeds `bound`.
/// Uses three rolling rows, and skips the work when the lengths alone prove
/// the distance is too large.
fn bounded_osa_distance(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let width = b.len() + 1;
    let mut before_previous: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            let mut best = substitution.min(deletion).min(insertion);
            if i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca) {
                best = best.min(before_previous[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        // Every later row is at least this row's minimum, so stop early.
        if current.iter().min().is_some_and(|&m| m > bound) {
            return None;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|&d| d <= bound)
}

/// Character rules for one label-shaped token.
struct LabelRules {
    max: usize,
    first: fn(char) -> bool,
    middle: fn(char) -> bool,
    last: fn(char) -> bool,
    format: &'static str,
    example: &'static str,
}

/// All problems with a single label-shaped token; empty means valid.
fn label_problems(s: &str, rules: &LabelRules) -> Vec<String> {
    if s.is_empty() {
        return vec![format!("must not be empty, {}", rules.example)];
    }
    let mut problems = Vec::new();
    if let Some(p) = length_problem(s, rules.max) {
        problems.push(p);
    }
    let detail = if let Some(c) = s.chars().find(|&c| !(rules.middle)(c)) {
        Some(format!("it contains {}", describe_char(c)))
    } else if let Some(c) = s.chars().next().filter(|&c| !(rules.first)(c)) {
        Some(format!("it starts with {}", describe_char(c)))
    } else {
        s.chars()
            .next_back()
            .filter(|&c| !(rules.last)(c))
            .map(|c| format!("it ends with {}", describe_char(c)))
    };
    if let Some(detail) = detail {
        problems.push(format!("{} ({detail}), {}", rules.format, rules.example));
    }
    problems
}

/// All problems with a DNS-1123 subdomain; empty means valid.
fn subdomain_problems(s: &str) -> Vec<String> {
    if s.is_empty() {
        return vec![format!("must not be empty, {DNS1123_SUBDOMAIN_EXAMPLE}")];
    }
    let mut problems = Vec::new();
    if let Some(p) = length_problem(s, DNS1123_SUBDOMAIN_MAX) {
        problems.push(p);
    }
    let detail = if let Some(c) = s
        .chars()
        .find(|&c| !(is_lower_alnum_or_dash(c) || c == '.'))
    {
        Some(format!("it contains {}", describe_char(c)))
    } else if let Some(c) = s.chars().next().filter(|&c| !is_lower_alnum(c)) {
        Some(format!("it starts with {}", describe_char(c)))
    } else if let Some(c) = s.chars().next_back().filter(|&c| !is_lower_alnum(c)) {
        Some(format!("it ends with {}", describe_char(c)))
    } else if s.contains("..") {
        Some("it contains '..'".to_string())
    } else if s.contains("-.") || s.contains(".-") {
        Some("a '-' touches a '.'".to_string())
    } else {
        None
    };
    if let Some(detail) = detail {
        problems.push(format!(
            "{DNS1123_SUBDOMAIN_FMT} ({detail}), {DNS1123_SUBDOMAIN_EXAMPLE}"
        ));
    }
    problems
}

fn length_problem(s: &str, max: usize) -> Option<String> {
    let count = s.chars().count();
    (count > max).then(|| format!("must be no more than {max} characters (it has {count})"))
}

/// Joins problems into the single message callers print.
fn finish(problems: &[String]) -> Result<(), String> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Names a character so that invisible or confusable ones are still clear.
fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        'A'..='Z' => format!("upper case '{c}'"),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c => format!("{c:?} (U+{:04X})", u32::from(c)),
    }
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_lower_alnum_or_dash(c: char) -> bool {
    is_lower_alnum(c) || c == '-'
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_qualified_middle(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_ok(f: fn(&str) -> Result<(), String>, inputs: &[&str]) {
        for input in inputs {
            assert_eq!(f(input), Ok(()), "{input:?} should be valid");
        }
    }

    /// Asserts `input` is rejected with a message containing every fragment.
    fn assert_err(f: fn(&str) -> Result<(), String>, input: &str, fragments: &[&str]) {
        match f(input) {
            Ok(()) => panic!("{input:?} should be invalid"),
            Err(message) => {
                for fragment in fragments {
                    assert!(
                        message.contains(fragment),
                        "message for {input:?} lacks {fragment:?}: {message}"
                    );
                }
            }
        }
    }

    #[test]
    fn dns1123_label_valid() {
        assert_ok(
            dns1123_label,
            &[
                "a",
                "0",
                "web",
                "my-name",
                "123-abc",
                "a-b-c",
                "a--b",
                "9to5",
                &"a".repeat(63),
            ],
        );
    }

    #[test]
    fn dns1123_label_invalid() {
        assert_err(dns1123_label, "", &["must not be empty"]);
        assert_err(
            dns1123_label,
            &"a".repeat(70),
            &["must be no more than 63 characters (it has 70)"],
        );
        assert_err(
            dns1123_label,
            "MyName",
            &[
                DNS1123_LABEL_FMT,
                "(it contains upper case 'M')",
                "e.g. 'my-name' or '123-abc'",
            ],
        );
        assert_err(dns1123_label, "-abc", &["(it starts with '-')"]);
        assert_err(dns1123_label, "abc-", &["(it ends with '-')"]);
        assert_err(dns1123_label, "my_name", &["(it contains '_')"]);
        assert_err(dns1123_label, "my.name", &["(it contains '.')"]);
        assert_err(dns1123_label, "my name", &["(it contains a space)"]);
        assert_err(dns1123_label, "café", &["'é' (U+00E9)"]);
        assert_err(dns1123_label, "a\u{0}b", &["'\\0' (U+0000)"]);
        assert_err(dns1123_label, "-", &["(it starts with '-')"]);
        // Both problems are reported together.
        let long_upper = format!("A{}", "b".repeat(69));
        let message = dns1123_label(&long_upper).unwrap_err();
        assert!(message.contains("(it has 70); must consist"), "{message}");
    }

    #[test]
    fn dns1123_subdomain_valid() {
        let long = [
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61),
        ]
        .join(".");
        assert_eq!(long.len(), 253);
        assert_ok(
            dns1123_subdomain,
            &[
                "a",
                "example.com",
                "web-0.nginx",
                "a.b.c",
                "1.2.3.4",
                "my-app.v1",
                &long,
            ],
        );
        // Like the API server, a single long segment is allowed in a subdomain.
        assert_ok(dns1123_subdomain, &[&"a".repeat(100)]);
    }

    #[test]
    fn dns1123_subdomain_invalid() {
        assert_err(dns1123_subdomain, "", &["must not be empty"]);
        assert_err(
            dns1123_subdomain,
            &"a".repeat(254),
            &["must be no more than 253 characters (it has 254)"],
        );
        assert_err(
            dns1123_subdomain,
            "Example.com",
            &[
                DNS1123_SUBDOMAIN_FMT,
                "upper case 'E'",
                "e.g. 'example.com'",
            ],
        );
        assert_err(dns1123_subdomain, ".example.com", &["(it starts with '.')"]);
        assert_err(dns1123_subdomain, "example.com.", &["(it ends with '.')"]);
        assert_err(dns1123_subdomain, "-example.com", &["(it starts with '-')"]);
        assert_err(dns1123_subdomain, "example-", &["(it ends with '-')"]);
        assert_err(dns1123_subdomain, "a..b", &["(it contains '..')"]);
        assert_err(dns1123_subdomain, "a-.b", &["(a '-' touches a '.')"]);
        assert_err(dns1123_subdomain, "a.-b", &["(a '-' touches a '.')"]);
        assert_err(dns1123_subdomain, "my_app.io", &["(it contains '_')"]);
        assert_err(dns1123_subdomain, "app/v1", &["(it contains '/')"]);
        assert_err(dns1123_subdomain, "bücher.de", &["'ü' (U+00FC)"]);
        assert_err(dns1123_subdomain, ".", &["(it starts with '.')"]);
    }

    #[test]
    fn dns1035_label_valid() {
        assert_ok(
            dns1035_label,
            &["a", "nginx", "my-svc", "abc-123", "a1", &"z".repeat(63)],
        );
    }

    #[test]
    fn dns1035_label_invalid() {
        assert_err(dns1035_label, "", &["must not be empty"]);
        assert_err(
            dns1035_label,
            "123-abc",
            &[
                DNS1035_LABEL_FMT,
                "(it starts with '1')",
                "e.g. 'my-name' or 'abc-123'",
            ],
        );
        assert_err(dns1035_label, "1", &["(it starts with '1')"]);
        assert_err(dns1035_label, "-svc", &["(it starts with '-')"]);
        assert_err(dns1035_label, "svc-", &["(it ends with '-')"]);
        assert_err(dns1035_label, "My-svc", &["upper case 'M'"]);
        assert_err(dns1035_label, "my.svc", &["(it contains '.')"]);
        assert_err(dns1035_label, "my_svc", &["(it contains '_')"]);
        assert_err(dns1035_label, "svcé", &["U+00E9"]);
        assert_err(
            dns1035_label,
            &"a".repeat(64),
            &["must be no more than 63 characters (it has 64)"],
        );
    }

    #[test]
    fn qualified_name_valid() {
        assert_ok(
            qualified_name,
            &[
                "app",
                "App",
                "MyName",
                "my.name",
                "123-abc",
                "a_b",
                "app.kubernetes.io/name",
                "example.com/MyName",
                "k8s.io/x",
                &"a".repeat(63),
                &format!("{}/{}", "p".repeat(253), "n".repeat(63)),
            ],
        );
    }

    #[test]
    fn qualified_name_invalid() {
        assert_err(qualified_name, "", &["must not be empty"]);
        assert_err(qualified_name, "/name", &["prefix part must not be empty"]);
        assert_err(
            qualified_name,
            "example.com/",
            &["name part must not be empty"],
        );
        assert_err(
            qualified_name,
            "/",
            &[
                "prefix part must not be empty",
                "name part must not be empty",
            ],
        );
        assert_err(
            qualified_name,
            "a/b/c",
            &["must contain at most one '/' (it has 2)"],
        );
        assert_err(qualified_name, "a//b", &["(it has 2)"]);
        assert_err(
            qualified_name,
            &"a".repeat(64),
            &["name part must be no more than 63 characters (it has 64)"],
        );
        assert_err(
            qualified_name,
            &format!("{}/app", "p".repeat(254)),
            &["prefix part must be no more than 253 characters (it has 254)"],
        );
        assert_err(
            qualified_name,
            "Example.com/app",
            &["prefix part must consist of lower case", "upper case 'E'"],
        );
        assert_err(
            qualified_name,
            "example_com/app",
            &["prefix part", "(it contains '_')"],
        );
        assert_err(
            qualified_name,
            "-app",
            &[
                "name part must consist of alphanumeric characters",
                "(it starts with '-')",
            ],
        );
        assert_err(qualified_name, "app.", &["name part", "(it ends with '.')"]);
        assert_err(qualified_name, "_app", &["(it starts with '_')"]);
        assert_err(qualified_name, "my app", &["(it contains a space)"]);
        assert_err(qualified_name, "app:1", &["(it contains ':')"]);
        assert_err(qualified_name, "naïve", &["U+00EF"]);
        // Both halves bad: both reported.
        assert_err(qualified_name, "Bad/-x", &["prefix part", "; name part"]);
    }

    #[test]
    fn label_value_valid() {
        assert_ok(
            label_value,
            &[
                "",
                "a",
                "MyValue",
                "my_value",
                "12345",
                "v1.2.3",
                "a-b_c.d",
                &"x".repeat(63),
            ],
        );
    }

    #[test]
    fn label_value_invalid() {
        assert_err(
            label_value,
            &"x".repeat(64),
            &["must be no more than 63 characters (it has 64)"],
        );
        assert_err(
            label_value,
            "-a",
            &[LABEL_VALUE_FMT, "(it starts with '-')", "e.g. 'MyValue'"],
        );
        assert_err(label_value, "a-", &["(it ends with '-')"]);
        assert_err(label_value, ".a", &["(it starts with '.')"]);
        assert_err(label_value, "a_", &["(it ends with '_')"]);
        assert_err(label_value, "a/b", &["(it contains '/')"]);
        assert_err(label_value, "a b", &["(it contains a space)"]);
        assert_err(label_value, "ünïcode", &["U+00FC"]);
        assert_err(label_value, "-", &["(it starts with '-')"]);
    }

    #[test]
    fn iana_svc_name_valid() {
        assert_ok(
            iana_svc_name,
            &[
                "http",
                "https",
                "web",
                "metrics",
                "web-8080",
                "h2c",
                "a",
                "grpc-web",
                "abcdefghijklmno",
            ],
        );
    }

    #[test]
    fn iana_svc_name_invalid() {
        assert_err(iana_svc_name, "", &["must not be empty"]);
        assert_err(
            iana_svc_name,
            "abcdefghijklmnop",
            &["must be no more than 15 characters (it has 16)"],
        );
        assert_err(iana_svc_name, "HTTP", &["upper case 'H'", "e.g. 'http'"]);
        assert_err(
            iana_svc_name,
            "8080",
            &["must contain at least one letter (a-z), e.g. 'http'"],
        );
        assert_err(iana_svc_name, "web--1", &["two '-' in a row, e.g. 'http'"]);
        assert_err(iana_svc_name, "-http", &["must not start or end with '-'"]);
        assert_err(iana_svc_name, "http-", &["must not start or end with '-'"]);
        assert_err(
            iana_svc_name,
            "web--1",
            &["must not contain two '-' in a row"],
        );
        assert_err(iana_svc_name, "my_port", &["(it contains '_')"]);
        assert_err(iana_svc_name, "my.port", &["(it contains '.')"]);
        assert_err(iana_svc_name, "pört", &["U+00F6"]);
        assert_err(
            iana_svc_name,
            "-",
            &["at least one letter", "must not start or end with '-'"],
        );
        let message = iana_svc_name("-1234567890123456--").unwrap_err();
        for fragment in [
            "(it has 19)",
            "at least one letter",
            "two '-' in a row",
            "start or end",
        ] {
            assert!(message.contains(fragment), "{message}");
        }
    }

    const FIELDS: [&str; 8] = [
        "replicas",
        "serviceName",
        "selector",
        "template",
        "volumeClaimTemplates",
        "podManagementPolicy",
        "updateStrategy",
        "containers",
    ];

    #[test]
    fn suggest_finds_typos() {
        assert_eq!(suggest("servicename", FIELDS), Some("serviceName"));
        assert_eq!(suggest("SERVICENAME", FIELDS), Some("serviceName"));
        assert_eq!(suggest("replica", FIELDS), Some("replicas"));
        assert_eq!(suggest("replicass", FIELDS), Some("replicas"));
        assert_eq!(
            suggest("volumeClaimTemplate", FIELDS),
            Some("volumeClaimTemplates")
        );
        assert_eq!(suggest("contianers", FIELDS), Some("containers"));
        assert_eq!(suggest("selecter", FIELDS), Some("selector"));
        assert_eq!(suggest("ServiceNmae", FIELDS), Some("serviceName"));
        assert_eq!(suggest("replicas", FIELDS), Some("replicas"));
    }

    #[test]
    fn suggest_rejects_unrelated_words() {
        assert_eq!(suggest("xyz", FIELDS), None);
        assert_eq!(suggest("", FIELDS), None);
        assert_eq!(suggest("rep", FIELDS), None);
        assert_eq!(suggest("volumes", FIELDS), None);
        assert_eq!(suggest("anything", std::iter::empty()), None);
        assert_eq!(suggest("a", [""]), None);
        assert_eq!(suggest(&"q".repeat(10_000), FIELDS), None);
    }

    #[test]
    fn suggest_prefers_exact_case_insensitive_and_first_on_ties() {
        // "ab" is distance 1 from both; the first candidate wins.
        assert_eq!(suggest("ab", ["abc", "abd"]), Some("abc"));
        assert_eq!(suggest("ab", ["abd", "abc"]), Some("abd"));
        // A case-insensitive exact match beats an earlier near miss.
        assert_eq!(suggest("name", ["names", "Name"]), Some("Name"));
        // A closer later candidate beats an earlier farther one.
        assert_eq!(
            suggest("abcdefgh", ["abcdefxy", "abcdefgx"]),
            Some("abcdefgx")
        );
        // Works with an iterator over owned strings.
        let owned = ["image".to_string(), "imagePullPolicy".to_string()];
        assert_eq!(
            suggest("imag", owned.iter().map(String::as_str)),
            Some("image")
        );
        // Unicode is compared by character, not byte.
        assert_eq!(suggest("naïve", ["naive"]), Some("naive"));
    }

    #[test]
    fn osa_distance() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let d = |a: &str, b: &str| bounded_osa_distance(&chars(a), &chars(b), usize::MAX);
        assert_eq!(d("", ""), Some(0));
        assert_eq!(d("abc", ""), Some(3));
        assert_eq!(d("", "abc"), Some(3));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(d("ab", "ba"), Some(1));
        assert_eq!(d("contianers", "containers"), Some(1));
        assert_eq!(d("ca", "abc"), Some(3)); // OSA, not unrestricted Damerau-Levenshtein
        assert_eq!(
            bounded_osa_distance(&chars("kitten"), &chars("sitting"), 2),
            None
        );
        assert_eq!(bounded_osa_distance(&chars("a"), &chars("abcd"), 2), None);
    }

    #[test]
    fn partial_ids_suggest_every_candidate_they_start() {
        let ids = ["canary-partition", "ha-mysql", "ha-web", "start-ordinal"];
        assert_eq!(suggest_all("ha", ids), ["ha-mysql", "ha-web"]);
        assert_eq!(suggest_all("HA-W", ids), ["ha-web"]);
        assert_eq!(suggest_all("mysql", ids), ["ha-mysql"]);
        assert_eq!(suggest_all("ha-wbe", ids), ["ha-web"], "typos still count");
        assert_eq!(suggest_all("ha-web", ids), Vec::<&str>::new());
        assert_eq!(suggest_all("zzz", ids), Vec::<&str>::new());
        assert_eq!(did_you_mean(&["a"]).unwrap(), "did you mean `a`?");
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).unwrap(),
            "did you mean `a`, `b` or `c`?"
        );
        assert_eq!(did_you_mean(&[]), None);
    }
}
