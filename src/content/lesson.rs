//! A lesson: `lessons/NN-slug.md`, CommonMark with a YAML front matter (title, objectives,
//! exercises, quiz topics). See `lessons/README.md`.

use super::ContentError;
use super::files::Tree;
use crate::manifest::yaml::{self, Node};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// The position in the course (the `NN` of the file name).
    pub number: u32,
    /// The slug: what rules, exercises and quizzes link to.
    pub id: String,
    pub title: String,
    pub objectives: Vec<String>,
    pub exercises: Vec<String>,
    pub quiz_topics: Vec<String>,
    /// The Markdown after the front matter.
    pub body: String,
    pub location: String,
}

/// Splits `NN-slug.md` into (NN, slug).
pub fn parse_file_name(name: &str) -> Option<(u32, &str)> {
    let stem = name.strip_suffix(".md")?;
    let (number, slug) = stem.split_once('-')?;
    let valid_slug = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (number.len() == 2 && valid_slug).then(|| number.parse().ok().map(|n| (n, slug)))?
}

fn strings(node: Option<&Node>) -> Result<Vec<String>, String> {
    match node {
        None => Ok(Vec::new()),
        Some(n) if n.is_null() => Ok(Vec::new()),
        Some(n) => n
            .as_seq()
            .ok_or_else(|| "must be a list".to_string())?
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| "must be a list of strings".to_string())
            })
            .collect(),
    }
}

impl Lesson {
    pub fn load(tree: &Tree, file_name: &str) -> Result<Lesson, ContentError> {
        let rel = format!("lessons/{file_name}");
        let location = tree.display(&rel);
        let error = |line: Option<usize>, message: String| {
            ContentError::new(location.clone(), line, message)
        };
        let Some((number, slug)) = parse_file_name(file_name) else {
            return Err(error(
                None,
                "lesson files are named NN-slug.md (e.g. 02-identity.md)".into(),
            ));
        };
        let text = match tree.read(&rel) {
            Some(Ok(text)) => text,
            Some(Err(why)) => return Err(error(None, format!("cannot read: {why}"))),
            None => return Err(error(None, "missing".into())),
        };
        let Some(rest) = text.strip_prefix("---\n") else {
            return Err(error(
                Some(1),
                "a lesson starts with a front matter: a `---` line, YAML, and a `---` line".into(),
            ));
        };
        let Some(end) = rest.find("\n---\n") else {
            return Err(error(
                Some(1),
                "the front matter has no closing `---` line".into(),
            ));
        };
        let (front, body) = (&rest[..end + 1], &rest[end + 5..]);
        let loaded = yaml::load(front);
        if let Some(problem) = loaded.problems.first() {
            return Err(error(
                Some(problem.span().start.line + 1),
                problem.to_string(),
            ));
        }
        let root = loaded.documents.into_iter().next().and_then(|d| d.root);
        let Some(root) = root.filter(|r| r.as_map().is_some()) else {
            return Err(error(
                Some(2),
                "the front matter must be a mapping with title and objectives".into(),
            ));
        };
        let field = |key: &str| {
            strings(root.get(key)).map_err(|why| error(Some(2), format!("`{key}` {why}")))
        };
        let title = root.get("title").and_then(Node::as_str).map(str::to_string);
        Ok(Lesson {
            number,
            id: slug.to_string(),
            title: title
                .ok_or_else(|| error(Some(2), "the front matter needs a `title`".into()))?,
            objectives: field("objectives")?,
            exercises: field("exercises")?,
            quiz_topics: field("quiz_topics")?,
            body: body.to_string(),
            location,
        })
    }

    /// The lesson as Markdown for rendering: the title, the objectives, the body, and the
    /// exercises to practise with.
    pub fn markdown(&self) -> String {
        let body = self.body.trim_start();
        let (title, rest) = match body.strip_prefix("# ") {
            Some(after) => after.split_once('\n').map_or((after, ""), |(t, r)| (t, r)),
            None => (self.title.as_str(), body),
        };
        let mut md = format!("# {title}\n\n");
        if !self.objectives.is_empty() {
            md.push_str("**In this lesson you will:**\n\n");
            for objective in &self.objectives {
                md.push_str(&format!("- {objective}\n"));
            }
            md.push('\n');
        }
        md.push_str(rest.trim_start_matches('\n'));
        if !self.exercises.is_empty() {
            let list: Vec<String> = self.exercises.iter().map(|e| format!("`{e}`")).collect();
            md.push_str(&format!(
                "\n\n**Practice:** {} (`{}`)\n",
                list.join(", "),
                crate::ui::cmd("exercise ID")
            ));
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(parse_file_name("02-identity.md"), Some((2, "identity")));
        assert_eq!(parse_file_name("10-yaml.md"), Some((10, "yaml")));
        assert_eq!(parse_file_name("README.md"), None);
        assert_eq!(parse_file_name("2-identity.md"), None);
        assert_eq!(parse_file_name("02-Identity.md"), None);
    }

    #[test]
    fn front_matter_is_parsed_and_errors_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("lessons")).unwrap();
        let tree = Tree::Disk(dir.path().to_path_buf());
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join("lessons").join(name), text).unwrap()
        };
        write(
            "01-intro.md",
            "---\ntitle: Intro\nobjectives: [Learn]\nexercises: [interview-web]\n---\n# Intro\n\nText.\n\n## Recap\n\n- x\n",
        );
        let lesson = Lesson::load(&tree, "01-intro.md").unwrap();
        assert_eq!(
            (lesson.number, lesson.id.as_str(), lesson.title.as_str()),
            (1, "intro", "Intro")
        );
        assert_eq!(lesson.exercises, ["interview-web"]);
        assert!(lesson.body.starts_with("# Intro"));
        let md = lesson.markdown();
        assert!(
            md.starts_with("# Intro\n\n**In this lesson you will:**\n\n- Learn\n\nText."),
            "{md}"
        );
        assert!(
            md.ends_with("**Practice:** `interview-web` (`sts-tutor exercise ID`)\n"),
            "{md}"
        );
        write("02-bad.md", "---\ntitle: [\n---\nbody\n");
        assert_eq!(Lesson::load(&tree, "02-bad.md").unwrap_err().line, Some(3));
        write("03-none.md", "# no front matter\n");
        assert!(
            Lesson::load(&tree, "03-none.md")
                .unwrap_err()
                .message
                .contains("front matter")
        );
    }
}
