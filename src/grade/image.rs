//! Container image references compared as references (the `!image` matcher): `nginx`,
//! `nginx:1.27`, `docker.io/library/nginx:1.27`, `index.docker.io/library/nginx` and
//! `nginx@sha256:…` name one repository; `registry.example/nginx`,
//! `nginxinc/nginx-unprivileged` and `mynginx` do not.
//!
//! The normalisation is the one of the distribution reference grammar that container
//! runtimes apply: the first path component is a registry only when it contains `.` or `:`
//! or is `localhost`; no registry means Docker Hub, whose one-component names live under
//! `library/`.

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `registry/path`, normalised: `docker.io/library/nginx`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

/// The registry names that mean Docker Hub.
const DOCKER_HUB: &[&str] = &["docker.io", "index.docker.io", "registry-1.docker.io"];

impl ImageRef {
    /// Parses a reference; `None` for text that is no reference (empty, spaces, a trailing
    /// `:` or `@`).
    pub fn parse(text: &str) -> Option<ImageRef> {
        let text = text.trim();
        if text.is_empty() || text.contains(char::is_whitespace) {
            return None;
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) if !digest.is_empty() => (rest, Some(digest.to_string())),
            Some(_) => return None,
            None => (text, None),
        };
        // A tag is after the last `:` that follows the last `/` (a registry port is not).
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => {
                let at = last_slash + i;
                let tag = &rest[at + 1..];
                if tag.is_empty() {
                    return None;
                }
                (&rest[..at], Some(tag.to_string()))
            }
            None => (rest, None),
        };
        if name.is_empty() || name.ends_with('/') || name.starts_with('/') {
            return None;
        }
        let mut parts: Vec<&str> = name.split('/').collect();
        let first = parts[0];
        let has_registry =
            parts.len() > 1 && (first.contains('.') || first.contains(':') || first == "localhost");
        let registry = if has_registry {
            parts.remove(0)
        } else {
            "docker.io"
        };
        let registry = if DOCKER_HUB.contains(&registry) {
            "docker.io"
        } else {
            registry
        };
        if registry == "docker.io" && parts.len() == 1 {
            parts.insert(0, "library");
        }
        Some(ImageRef {
            repository: format!("{registry}/{}", parts.join("/")),
            tag,
            digest,
        })
    }

    /// The repository as a learner would write it: `nginx` for Docker Hub's library images,
    /// `bitnami/redis` for other Docker Hub ones, the full name elsewhere.
    pub fn short_name(&self) -> &str {
        self.repository
            .strip_prefix("docker.io/library/")
            .or_else(|| self.repository.strip_prefix("docker.io/"))
            .unwrap_or(&self.repository)
    }
}

/// What an `!image` matcher accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSpec {
    /// The repository as written in expected.yaml (`nginx`), and its normal form.
    pub name: String,
    pub repository: String,
    /// The tag the task pins (`1.28`); `None` accepts any tag, or a digest alone.
    pub tag: Option<String>,
    /// With a tag: also accept patch tags below it (`1.28.0`, `1.28.3` for `1.28`).
    pub patches: bool,
    /// With a tag: also accept variants, a `-suffix` after the version (`1.28-alpine`).
    pub variants: bool,
}

impl ImageSpec {
    /// Whether `text` is a reference to an image this spec accepts.
    pub fn accepts(&self, text: &str) -> bool {
        let Some(image) = ImageRef::parse(text) else {
            return false;
        };
        if image.repository != self.repository {
            return false;
        }
        let Some(wanted) = &self.tag else {
            return true;
        };
        // A digest alone pins an image, but the grader cannot tell which version it is.
        let Some(tag) = &image.tag else {
            return false;
        };
        let (version, variant) = match tag.split_once('-') {
            Some((version, variant)) => (version, Some(variant)),
            None => (tag.as_str(), None),
        };
        if variant.is_some() && !self.variants {
            // A variant of the pinned tag is only accepted when the spec says so, but a
            // tag that is written with a dash in the spec itself is matched whole.
            return tag == wanted;
        }
        if variant.is_some_and(str::is_empty) {
            return false;
        }
        version == wanted
            || (self.patches
                && version.strip_prefix(wanted.as_str()).is_some_and(|rest| {
                    rest.strip_prefix('.').is_some_and(|n| {
                        !n.is_empty() && n.split('.').all(|p| p.parse::<u32>().is_ok())
                    })
                }))
    }

    /// Why `text` is not accepted, in words.
    pub fn why_not(&self, text: &str) -> String {
        let Some(image) = ImageRef::parse(text) else {
            return format!("`{text}` is not an image reference");
        };
        if image.repository != self.repository {
            return format!(
                "`{text}` is the repository {}, not {} ({})",
                image.repository, self.repository, self.name
            );
        }
        match (&self.tag, &image.tag) {
            (Some(_), None) => {
                format!("`{text}` has no tag: a digest alone does not say which version it is")
            }
            (Some(wanted), Some(tag)) if tag.contains('-') && !self.variants => format!(
                "the tag `{tag}` is a variant of the version; this task asks for {wanted} itself"
            ),
            (Some(wanted), Some(tag)) => format!("the tag `{tag}` is not {wanted}"),
            _ => format!("`{text}` is not accepted"),
        }
    }

    /// The expectation in words: "the image nginx (any tag or digest)".
    pub fn describe(&self) -> String {
        let Some(tag) = &self.tag else {
            return format!(
                "the image {} (any tag or digest, variants such as -alpine included)",
                self.name
            );
        };
        let mut also = Vec::new();
        if self.patches {
            also.push(format!("a {tag}.x patch tag"));
        }
        if self.variants {
            also.push("a -variant such as -alpine".to_string());
        }
        let variants = if self.variants {
            ""
        } else {
            ", not a -variant such as -alpine"
        };
        if also.is_empty() {
            format!(
                "the image {}:{tag} exactly (a registry prefix or a digest after the tag is fine){variants}",
                self.name
            )
        } else {
            format!(
                "the image {}:{tag} (or {}){variants}",
                self.name,
                also.join(", or ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, tag: Option<&str>, patches: bool, variants: bool) -> ImageSpec {
        ImageSpec {
            name: name.into(),
            repository: ImageRef::parse(name).unwrap().repository,
            tag: tag.map(str::to_string),
            patches,
            variants,
        }
    }

    #[test]
    fn references_normalise_to_one_repository() {
        for same in [
            "nginx",
            "nginx:1.27",
            "docker.io/library/nginx:1.27",
            "index.docker.io/library/nginx",
            "registry-1.docker.io/library/nginx:latest",
            "docker.io/nginx",
            "nginx@sha256:0123456789abcdef",
            "nginx:1.27@sha256:0123456789abcdef",
        ] {
            assert_eq!(
                ImageRef::parse(same).unwrap().repository,
                "docker.io/library/nginx",
                "{same}"
            );
        }
        for other in [
            "registry.example/nginx",
            "nginxinc/nginx-unprivileged",
            "mynginx",
            "localhost/nginx",
            "registry.example:5000/nginx:1.27",
            "quay.io/library/nginx",
        ] {
            assert_ne!(
                ImageRef::parse(other).unwrap().repository,
                "docker.io/library/nginx",
                "{other}"
            );
        }
        let port = ImageRef::parse("host:5000/team/app:2").unwrap();
        assert_eq!(port.repository, "host:5000/team/app");
        assert_eq!(port.tag.as_deref(), Some("2"));
        assert_eq!(ImageRef::parse("nginx:"), None);
        assert_eq!(ImageRef::parse("nginx@"), None);
        assert_eq!(ImageRef::parse(""), None);
    }

    #[test]
    fn any_tag_accepts_tags_digests_and_variants() {
        let any = spec("nginx", None, false, false);
        for ok in [
            "nginx",
            "nginx:1.27",
            "docker.io/library/nginx:1.27",
            "nginx@sha256:abc",
            "nginx:1.27-alpine",
        ] {
            assert!(any.accepts(ok), "{ok}");
        }
        for bad in [
            "registry.example/nginx",
            "nginxinc/nginx-unprivileged",
            "mynginx",
            "nginx:",
        ] {
            assert!(!any.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn pinned_tags_patches_and_variants() {
        let canary = spec("nginx", Some("1.28"), true, false);
        for ok in [
            "nginx:1.28",
            "nginx:1.28.0",
            "docker.io/library/nginx:1.28.1",
            "nginx:1.28@sha256:abc",
        ] {
            assert!(canary.accepts(ok), "{ok}");
        }
        for bad in [
            "nginx:1.28-alpine",
            "nginx:1.280",
            "nginx:1.27",
            "nginx@sha256:abc",
            "nginx",
            "nginx:1.28.x",
            "registry.example/nginx:1.28",
        ] {
            assert!(!canary.accepts(bad), "{bad}");
        }
        let pg = spec("postgres", Some("16"), true, true);
        for ok in [
            "postgres:16",
            "postgres:16.4",
            "postgres:16-alpine",
            "postgres:16.4-bookworm",
        ] {
            assert!(pg.accepts(ok), "{ok}");
        }
        for bad in ["postgres:15", "postgres:160", "postgres:16-", "postgres"] {
            assert!(!pg.accepts(bad), "{bad}");
        }
        let exact = spec("mysql", Some("5.7"), false, false);
        assert!(exact.accepts("docker.io/library/mysql:5.7"));
        assert!(!exact.accepts("mysql:5.7.44"));
        assert!(!exact.accepts("mysql:8.0"));
    }

    #[test]
    fn descriptions_are_words() {
        assert_eq!(
            spec("nginx", Some("1.28"), true, false).describe(),
            "the image nginx:1.28 (or a 1.28.x patch tag), not a -variant such as -alpine"
        );
        assert!(
            spec("nginx", None, false, false)
                .describe()
                .contains("any tag")
        );
    }
}
