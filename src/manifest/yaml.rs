//! YAML loading into a tree that keeps the position of every key and value.
//!
//! We build our own tree from saphyr's event stream instead of using a ready-made loader
//! because the linter needs things loaders drop or get wrong for our purpose: duplicate
//! keys reported (not silently overwritten), explicit limits on depth and alias expansion
//! enforced while parsing, merge keys (`<<`) resolved with their original positions, and
//! scalars kept as written so the schema check can say "you quoted a number".

use std::collections::{HashMap, HashSet};
use std::fmt;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

/// Deepest nesting of mappings and sequences. Kubernetes objects nest about 15 levels deep;
/// the limit keeps hostile input from exhausting the stack of anything that walks the tree.
pub const MAX_DEPTH: usize = 100;
/// Most nodes that aliases may copy into one file. A handful of anchors in a real manifest
/// copy a few hundred nodes; an "alias bomb" (billion laughs) would copy billions.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Most documents (`---`) in one file.
pub const MAX_DOCUMENTS: usize = 5_000;

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn point(pos: Pos) -> Span {
        Span {
            start: pos,
            end: pos,
        }
    }
}

fn pos(marker: &Marker) -> Pos {
    Pos {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub style: Style,
}

/// What a scalar means once the YAML 1.1 rules that Kubernetes' YAML reader applies
/// (go-yaml v2 via sigs.k8s.io/yaml) are applied: unquoted `yes`, `on`, `y` are booleans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
    /// A local tag such as `!regex` (used by exercise files); core tags are folded away.
    pub tag: Option<String>,
    /// Set on `!!str` and friends, which force the scalar's type.
    pub forced: Option<CoreTag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoreTag {
    Str,
    Int,
    Float,
    Bool,
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The entry for `key` in a mapping (the first one, should the key be duplicated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .find(|e| e.key.as_scalar().is_some_and(|s| s.text == key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The scalar's value when it reads as a string (quoted, block, or a plain word).
    pub fn as_str(&self) -> Option<&str> {
        match self.resolve()? {
            Resolved::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.resolve(), Some(Resolved::Null))
    }

    /// How Kubernetes would read this scalar; `None` for mappings and sequences.
    pub fn resolve(&self) -> Option<Resolved<'_>> {
        let scalar = self.as_scalar()?;
        let text = scalar.text.as_str();
        Some(match self.forced {
            Some(CoreTag::Str) => Resolved::Str(text),
            Some(CoreTag::Null) => Resolved::Null,
            Some(_) | None if scalar.style != Style::Plain => Resolved::Str(text),
            _ => resolve_plain(text),
        })
    }

    /// A short description of the value's YAML type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Map(_) => "a mapping",
            NodeKind::Seq(_) => "a list",
            NodeKind::Scalar(_) => match self.resolve() {
                Some(Resolved::Null) => "null",
                Some(Resolved::Bool(_)) => "a boolean",
                Some(Resolved::Int(_)) => "an integer",
                Some(Resolved::Float(_)) => "a number",
                _ => "a string",
            },
        }
    }

    fn count(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Scalar(_) => 0,
            NodeKind::Seq(items) => items.iter().map(Node::count).sum(),
            NodeKind::Map(entries) => entries
                .iter()
                .map(|e| e.key.count() + e.value.count())
                .sum(),
        }
    }
}

/// Resolves an unquoted scalar the way go-yaml v2 (YAML 1.1) does.
pub fn resolve_plain(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = parse_int(text) {
        return Resolved::Int(i);
    }
    if looks_like_float(text)
        && let Ok(f) = text.replace('_', "").parse::<f64>()
    {
        return Resolved::Float(f);
    }
    Resolved::Str(text)
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    // Most plain scalars are words: no integer, and no copy without its underscores.
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cleaned = body.replace('_', "");
    let (digits, radix) = if let Some(hex) = cleaned.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(bin) = cleaned.strip_prefix("0b") {
        (bin, 2)
    } else if let Some(oct) = cleaned.strip_prefix("0o") {
        (oct, 8)
    } else if cleaned.len() > 1 && cleaned.starts_with('0') {
        (&cleaned[1..], 8)
    } else {
        (cleaned.as_str(), 10)
    };
    if digits.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

fn looks_like_float(text: &str) -> bool {
    let body = text.trim_start_matches(['-', '+']);
    let mut chars = body.chars().peekable();
    let mut digits = 0;
    while chars
        .peek()
        .is_some_and(|c| c.is_ascii_digit() || *c == '_')
    {
        digits += 1;
        chars.next();
    }
    if chars.peek() == Some(&'.') {
        chars.next();
        while chars
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || *c == '_')
        {
            digits += 1;
            chars.next();
        }
    }
    if digits == 0 {
        return false;
    }
    if matches!(chars.peek(), Some('e' | 'E')) {
        chars.next();
        if matches!(chars.peek(), Some('-' | '+')) {
            chars.next();
        }
        if !chars.peek().is_some_and(char::is_ascii_digit) {
            return false;
        }
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
        }
    }
    chars.next().is_none()
}

/// One YAML document of a file. `root` is `None` for an empty document (only comments).
#[derive(Debug, Clone)]
pub struct Document {
    pub root: Option<Node>,
    pub start: Pos,
}

/// A problem found while loading. Loading stops at syntax errors and limits; duplicate keys
/// are collected and loading goes on.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadProblem {
    Syntax {
        at: Pos,
        message: String,
        tab: bool,
    },
    DuplicateKey {
        key: String,
        first: Span,
        second: Span,
    },
    ComplexKey {
        at: Span,
    },
    TooDeep {
        at: Pos,
    },
    AliasLimit {
        at: Span,
    },
    TooManyDocuments {
        at: Pos,
    },
    UnknownAlias {
        at: Span,
    },
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadProblem::Syntax { message, .. } => write!(f, "invalid YAML: {message}"),
            LoadProblem::DuplicateKey { key, first, .. } => write!(
                f,
                "duplicate key `{key}` (first defined on line {})",
                first.start.line
            ),
            LoadProblem::ComplexKey { .. } => {
                write!(
                    f,
                    "mapping keys must be plain strings, not lists or mappings"
                )
            }
            LoadProblem::TooDeep { .. } => write!(
                f,
                "nesting is deeper than {MAX_DEPTH} levels; no Kubernetes object nests that deep"
            ),
            LoadProblem::AliasLimit { .. } => write!(
                f,
                "aliases expand to more than {MAX_ALIAS_NODES} nodes (an \"alias bomb\"?)"
            ),
            LoadProblem::TooManyDocuments { .. } => {
                write!(f, "more than {MAX_DOCUMENTS} documents in one file")
            }
            LoadProblem::UnknownAlias { .. } => write!(f, "alias refers to an unknown anchor"),
        }
    }
}

impl LoadProblem {
    pub fn span(&self) -> Span {
        match *self {
            LoadProblem::Syntax { at, .. }
            | LoadProblem::TooDeep { at }
            | LoadProblem::TooManyDocuments { at } => Span::point(at),
            LoadProblem::DuplicateKey { second, .. } => second,
            LoadProblem::ComplexKey { at }
            | LoadProblem::AliasLimit { at }
            | LoadProblem::UnknownAlias { at } => at,
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            LoadProblem::Syntax { tab: true, .. } => {
                "YAML does not allow tabs for indentation: indent with spaces"
            }
            LoadProblem::Syntax { .. } => {
                "check the indentation and punctuation on this line and the one above it"
            }
            LoadProblem::DuplicateKey { .. } => {
                "keep one of them: kubectl's strict decoding refuses the file, and the API server rejects it under strict field validation (kubectl's default; warn mode only warns, and the last value wins)"
            }
            LoadProblem::ComplexKey { .. } => "write the key as a plain string",
            LoadProblem::TooDeep { .. } => "check the file is a Kubernetes manifest",
            LoadProblem::AliasLimit { .. } => {
                "use fewer or smaller aliases; write the values out where they are needed"
            }
            LoadProblem::TooManyDocuments { .. } => "split the file into several files",
            LoadProblem::UnknownAlias { .. } => "define the anchor (&name) before the alias",
        }
    }

    /// Whether loading stopped at this problem (later documents were not read).
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            LoadProblem::DuplicateKey { .. } | LoadProblem::ComplexKey { .. }
        )
    }
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub problems: Vec<LoadProblem>,
}

enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
    Map {
        start: Pos,
        anchor: usize,
        tag: Option<String>,
        entries: Vec<Entry>,
        merges: Vec<Node>,
        key: Option<Node>,
    },
}

struct Builder<'a> {
    text: &'a str,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    out: Loaded,
    doc_start: Pos,
    root: Option<Node>,
}

/// Parses every document of `text`. Documents completed before a fatal problem are kept.
pub fn load(text: &str) -> Loaded {
    let mut loaded = load_strict(text);
    let mut patched = std::borrow::Cow::Borrowed(text);
    // Kubernetes reads YAML with a libyaml port that accepts quoted scalars whose
    // continuation lines are not indented past their parent; saphyr follows the spec and
    // refuses them. Continuation lines of a quoted scalar lose their leading blanks anyway,
    // so indenting them changes no value and no line number: do that and parse again.
    for _ in 0..64 {
        let Some(LoadProblem::Syntax { at, message, .. }) = loaded.problems.last() else {
            break;
        };
        if message != "invalid indentation in quoted scalar" {
            break;
        }
        let Some(fixed) = indent_quoted_scalar(&patched, *at) else {
            break;
        };
        loaded = load_strict(&fixed);
        patched = std::borrow::Cow::Owned(fixed);
    }
    loaded
}

/// Indents the continuation lines of the quoted scalar starting at `at` by the quote's
/// column, so they sit deeper than any parent. `None` when `at` is not a quote.
fn indent_quoted_scalar(text: &str, at: Pos) -> Option<String> {
    let line_start = if at.line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(at.line - 2)?.0 + 1
    };
    let start = line_start + text[line_start..].char_indices().nth(at.column - 1)?.0;
    let quote = text[start..]
        .chars()
        .next()
        .filter(|c| *c == '\'' || *c == '"')?;
    let mut end = text.len();
    let mut chars = text[start + 1..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == quote => {
                end = start + 1 + i;
                break;
            }
            _ => {}
        }
    }
    let pad = " ".repeat(at.column);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..start]);
    out.push_str(&text[start..end].replace('\n', &format!("\n{pad}")));
    out.push_str(&text[end..]);
    Some(out)
}

fn load_strict(text: &str) -> Loaded {
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        out: Loaded::default(),
        doc_start: Pos::default(),
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let step = match next {
            Ok((event, span)) => builder.on_event(
                event,
                Span {
                    start: pos(&span.start),
                    end: pos(&span.end),
                },
            ),
            Err(err) => Err(builder.syntax(&err)),
        };
        if let Err(problem) = step {
            builder.out.problems.push(problem);
            break;
        }
    }
    builder.out
}

impl Builder<'_> {
    fn syntax(&self, err: &ScanError) -> LoadProblem {
        let at = pos(err.marker());
        if err.info().contains("recursion limit") {
            // saphyr's scanner has its own bound on flow nesting (256), met before ours
            // when brackets nest; report it as the same limit.
            return LoadProblem::TooDeep { at };
        }
        let line = self
            .text
            .lines()
            .nth(at.line.saturating_sub(1))
            .unwrap_or("");
        let tab = line.chars().take(at.column).any(|c| c == '\t')
            && line.trim_start_matches([' ', '\t']).len() < line.len();
        LoadProblem::Syntax {
            at,
            message: err.info().to_string(),
            tab,
        }
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), LoadProblem> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_) => {
                if self.out.documents.len() >= MAX_DOCUMENTS {
                    return Err(LoadProblem::TooManyDocuments { at: span.start });
                }
                self.doc_start = span.start;
                self.root = None;
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                self.out.documents.push(Document {
                    root: self.root.take(),
                    start: self.doc_start,
                });
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id) else {
                    return Err(LoadProblem::UnknownAlias { at: span });
                };
                self.alias_nodes += node.count();
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(LoadProblem::AliasLimit { at: span });
                }
                let copy = node.clone();
                self.attach(copy, 0)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let (tag, forced) = split_tag(tag.as_deref());
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        text: text.into_owned(),
                        style,
                    }),
                    span,
                    tag,
                    forced,
                };
                self.attach(node, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_depth(span.start)?;
                self.stack.push(Frame::Seq {
                    start: span.start,
                    anchor,
                    tag: split_tag(tag.as_deref()).0,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                self.check_depth(span.start)?;
                self.stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    tag: split_tag(tag.as_deref()).0,
                    entries: Vec::new(),
                    merges: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    anchor,
                    tag,
                    items,
                }) = self.stack.pop()
                {
                    let end = items.last().map_or(span.end, |n| n.span.end);
                    let node = Node {
                        kind: NodeKind::Seq(items),
                        span: Span { start, end },
                        tag,
                        forced: None,
                    };
                    self.attach(node, anchor)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    anchor,
                    tag,
                    entries,
                    merges,
                    ..
                }) = self.stack.pop()
                {
                    let end = entries.last().map_or(span.end, |e| e.value.span.end);
                    let entries = self.finish_map(entries, merges);
                    let node = Node {
                        kind: NodeKind::Map(entries),
                        span: Span { start, end },
                        tag,
                        forced: None,
                    };
                    self.attach(node, anchor)?;
                }
            }
        }
        Ok(())
    }

    fn check_depth(&self, at: Pos) -> Result<(), LoadProblem> {
        if self.stack.len() >= MAX_DEPTH {
            Err(LoadProblem::TooDeep { at })
        } else {
            Ok(())
        }
    }

    /// Reports duplicate keys and appends the entries of `<<` merges that explicit keys do
    /// not override (YAML merge-key semantics, which Kubernetes' YAML reader supports).
    fn finish_map(&mut self, mut entries: Vec<Entry>, merges: Vec<Node>) -> Vec<Entry> {
        let mut seen: HashMap<String, Span> = HashMap::new();
        for entry in &entries {
            let Some(key) = entry.key.as_scalar() else {
                continue;
            };
            if let Some(first) = seen.get(&key.text) {
                self.out.problems.push(LoadProblem::DuplicateKey {
                    key: key.text.clone(),
                    first: *first,
                    second: entry.key.span,
                });
            } else {
                seen.insert(key.text.clone(), entry.key.span);
            }
        }
        let mut merged: HashSet<String> = seen.into_keys().collect();
        for source in merges {
            let maps: Vec<Node> = match source.kind {
                NodeKind::Seq(items) => items,
                _ => vec![source],
            };
            for map in maps {
                if let NodeKind::Map(extra) = map.kind {
                    for entry in extra {
                        let key = entry.key.as_scalar().map(|s| s.text.clone());
                        if let Some(key) = key
                            && merged.insert(key)
                        {
                            entries.push(entry);
                        }
                    }
                }
            }
        }
        entries
    }

    fn attach(&mut self, node: Node, anchor: usize) -> Result<(), LoadProblem> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merges,
                key,
                ..
            }) => match key.take() {
                None => {
                    if node.as_scalar().is_none() {
                        self.out
                            .problems
                            .push(LoadProblem::ComplexKey { at: node.span });
                    }
                    *key = Some(node);
                }
                Some(k) => {
                    let is_merge = k
                        .as_scalar()
                        .is_some_and(|s| s.text == "<<" && s.style == Style::Plain);
                    if is_merge && matches!(node.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
                        merges.push(node);
                    } else {
                        entries.push(Entry {
                            key: k,
                            value: node,
                        });
                    }
                }
            },
        }
        Ok(())
    }
}

fn split_tag(tag: Option<&saphyr_parser::Tag>) -> (Option<String>, Option<CoreTag>) {
    let Some(tag) = tag else {
        return (None, None);
    };
    if tag.is_yaml_core_schema() {
        let forced = match tag.suffix.as_str() {
            "str" => Some(CoreTag::Str),
            "int" => Some(CoreTag::Int),
            "float" => Some(CoreTag::Float),
            "bool" => Some(CoreTag::Bool),
            "null" => Some(CoreTag::Null),
            _ => None,
        };
        return (None, forced);
    }
    (Some(tag.to_string()), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let loaded = load(text);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.documents.into_iter().next().unwrap().root.unwrap()
    }

    #[test]
    fn positions_are_one_based_and_file_relative() {
        let loaded = load("a: 1\n---\nkind: Service\nspec:\n  x: [1, 2]\n");
        assert_eq!(loaded.documents.len(), 2);
        let doc = loaded.documents[1].root.as_ref().unwrap();
        let spec = doc.entry("spec").unwrap();
        assert_eq!(spec.key.span.start, Pos { line: 4, column: 1 });
        let x = spec.value.entry("x").unwrap();
        assert_eq!(x.key.span.start, Pos { line: 5, column: 3 });
        let items = x.value.as_seq().unwrap();
        assert_eq!(
            items[1].span.start,
            Pos {
                line: 5,
                column: 10
            }
        );
    }

    #[test]
    fn kubernetes_scalar_resolution() {
        let node =
            one("a: yes\nb: '3'\nc: 3\nd: 0x1F\ne: 1.5e3\nf: ~\ng: web\nh: !!str 7\ni: 010\n");
        let r = |k: &str| node.get(k).unwrap().resolve().unwrap();
        assert_eq!(r("a"), Resolved::Bool(true));
        assert_eq!(r("b"), Resolved::Str("3"));
        assert_eq!(r("c"), Resolved::Int(3));
        assert_eq!(r("d"), Resolved::Int(31));
        assert_eq!(r("e"), Resolved::Float(1500.0));
        assert_eq!(r("f"), Resolved::Null);
        assert_eq!(r("g"), Resolved::Str("web"));
        assert_eq!(r("h"), Resolved::Str("7"));
        assert_eq!(r("i"), Resolved::Int(8));
        assert_eq!(resolve_plain("1Gi"), Resolved::Str("1Gi"));
        assert_eq!(resolve_plain("-"), Resolved::Str("-"));
        assert_eq!(resolve_plain("1e"), Resolved::Str("1e"));
        // Like go-yaml, an integer too large for 64 bits reads as a float.
        assert_eq!(resolve_plain("99999999999999999999"), Resolved::Float(1e20));
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_lines() {
        let loaded = load("a: 1\nb: 2\na: 3\n");
        assert_eq!(loaded.documents.len(), 1);
        match &loaded.problems[..] {
            [LoadProblem::DuplicateKey { key, first, second }] => {
                assert_eq!(key, "a");
                assert_eq!(first.start.line, 1);
                assert_eq!(second.start.line, 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let node = one("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nlist: &l [1]\ncopy: *l\n");
        let used = node.get("use").unwrap();
        assert_eq!(used.get("x").unwrap().resolve(), Some(Resolved::Int(1)));
        assert_eq!(used.get("y").unwrap().resolve(), Some(Resolved::Int(3)));
        assert_eq!(used.as_map().unwrap().len(), 2);
        assert_eq!(node.get("copy").unwrap().as_seq().unwrap().len(), 1);
        // Merged entries keep the position where they were written.
        assert_eq!(used.entry("x").unwrap().key.span.start.line, 1);
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let loaded = load(&text);
        assert!(matches!(
            loaded.problems.last(),
            Some(LoadProblem::AliasLimit { .. })
        ));
    }

    #[test]
    fn deep_nesting_is_stopped() {
        let text = "[".repeat(100_000);
        let loaded = load(&text);
        assert!(matches!(
            loaded.problems.last(),
            Some(LoadProblem::TooDeep { .. })
        ));
        let block: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(matches!(
            load(&block).problems.last(),
            Some(LoadProblem::TooDeep { .. })
        ));
    }

    #[test]
    fn tabs_get_a_specific_help() {
        let loaded = load("spec:\n\treplicas: 3\n");
        match loaded.problems.last() {
            Some(p @ LoadProblem::Syntax { tab: true, .. }) => {
                assert!(p.help().contains("tabs"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn documents_before_a_syntax_error_are_kept() {
        let loaded = load("a: 1\n---\nb: [\n");
        assert_eq!(loaded.documents.len(), 1);
        assert!(matches!(
            loaded.problems.last(),
            Some(LoadProblem::Syntax { .. })
        ));
    }

    #[test]
    fn quoted_scalars_indented_like_kubernetes_accepts() {
        let node = one("a:\n  b: '[\n  x ]'\n  c: \"1\n \\\" 2\"\n  d: 4\n");
        let a = node.get("a").unwrap();
        assert_eq!(a.get("b").unwrap().as_str(), Some("[ x ]"));
        assert_eq!(a.get("c").unwrap().as_str(), Some("1 \" 2"));
        assert_eq!(
            a.entry("d").unwrap().key.span.start,
            Pos { line: 6, column: 3 }
        );
    }

    #[test]
    fn empty_documents_have_no_root() {
        let loaded = load("# only a comment\n");
        assert!(loaded.documents.iter().all(|d| d.root.is_none()));
    }
}
