//! Markdown (CommonMark, via pulldown-cmark) rendered for a terminal: headings, emphasis,
//! lists, block quotes, tables, links, and code blocks with YAML and shell highlighting,
//! wrapped to the width of the terminal. With `color` off the output is plain text.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const ITALIC: &str = "\x1b[3m";
const UNDERLINE: &str = "\x1b[4m";
const CYAN: &str = "\x1b[36m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BLUE: &str = "\x1b[34m";
const MAGENTA: &str = "\x1b[35m";

/// A run of text with one style (ANSI codes, empty for plain).
#[derive(Debug, Clone)]
struct Span {
    text: String,
    style: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Bullet,
    Ordered(u64),
}

struct Renderer {
    width: usize,
    color: bool,
    out: String,
    /// Inline text of the block being built.
    spans: Vec<Span>,
    styles: Vec<&'static str>,
    /// Prefixes of the enclosing blocks (list indents, quote bars).
    prefixes: Vec<String>,
    lists: Vec<ListKind>,
    /// The marker of a list item whose first line is still to be written.
    pending_marker: Option<String>,
    code: Option<(String, String)>,
    table: Option<Table>,
    link_targets: Vec<String>,
    heading: Option<HeadingLevel>,
}

#[derive(Default)]
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    current: Vec<String>,
}

/// Renders `markdown` for a terminal `width` columns wide.
pub fn render(markdown: &str, width: usize, color: bool) -> String {
    let mut r = Renderer {
        width: width.clamp(20, 120),
        color,
        out: String::new(),
        spans: Vec::new(),
        styles: Vec::new(),
        prefixes: Vec::new(),
        lists: Vec::new(),
        pending_marker: None,
        code: None,
        table: None,
        link_targets: Vec::new(),
        heading: None,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        r.event(event);
    }
    r.flush_paragraph();
    while r.out.ends_with("\n\n") {
        r.out.pop();
    }
    r.out
}

impl Renderer {
    fn style(&self, code: &'static str) -> &'static str {
        if self.color { code } else { "" }
    }

    fn current_style(&self) -> String {
        self.styles.concat()
    }

    fn push_text(&mut self, text: &str) {
        if let Some((_, code)) = &mut self.code {
            code.push_str(text);
            return;
        }
        if let Some(table) = &mut self.table {
            if let Some(cell) = table.current.last_mut() {
                cell.push_str(text);
            }
            return;
        }
        let style = self.current_style();
        self.spans.push(Span {
            text: text.to_string(),
            style,
        });
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn prefix(&self) -> String {
        self.prefixes.concat()
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push_text(&text),
            Event::Code(code) => {
                let style = format!("{}{}", self.current_style(), self.style(YELLOW));
                if let Some(table) = &mut self.table {
                    if let Some(cell) = table.current.last_mut() {
                        cell.push_str(&code);
                    }
                } else {
                    self.spans.push(Span {
                        text: code.to_string(),
                        style,
                    });
                }
            }
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => {
                self.flush_paragraph_keep();
            }
            Event::Rule => {
                self.flush_paragraph();
                let line = "─".repeat(self.width.min(60));
                let dim = self.style(DIM);
                let reset = if self.color { RESET } else { "" };
                self.out.push_str(&format!("{dim}{line}{reset}\n\n"));
            }
            Event::Html(html) | Event::InlineHtml(html) => self.push_text(&html),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.heading = Some(level);
                let bold = self.style(BOLD);
                self.styles.push(bold);
                if level == HeadingLevel::H1 {
                    let u = self.style(UNDERLINE);
                    self.styles.push(u);
                }
            }
            Tag::BlockQuote(_) => {
                self.flush_paragraph();
                let bar = if self.color {
                    format!("{DIM}│{RESET} ")
                } else {
                    "│ ".to_string()
                };
                self.prefixes.push(bar);
                let italic = self.style(ITALIC);
                self.styles.push(italic);
            }
            Tag::CodeBlock(kind) => {
                self.flush_paragraph();
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        lang.split_whitespace().next().unwrap_or("").to_lowercase()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(start) => {
                self.flush_paragraph();
                self.lists
                    .push(start.map_or(ListKind::Bullet, ListKind::Ordered));
            }
            Tag::Item => {
                self.flush_paragraph();
                let marker = match self.lists.last_mut() {
                    Some(ListKind::Ordered(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.prefixes.push(" ".repeat(marker.chars().count() + 1));
                self.pending_marker = Some(format!(" {marker}"));
            }
            Tag::Emphasis => {
                let s = self.style(ITALIC);
                self.styles.push(s);
            }
            Tag::Strong => {
                let s = self.style(BOLD);
                self.styles.push(s);
            }
            Tag::Strikethrough => {
                let s = self.style(DIM);
                self.styles.push(s);
            }
            Tag::Link { dest_url, .. } => {
                let s = self.style(BLUE);
                self.styles.push(s);
                self.link_targets.push(dest_url.to_string());
            }
            Tag::Table(alignments) => {
                self.flush_paragraph();
                self.table = Some(Table {
                    alignments,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.current = Vec::new();
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.current.push(String::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_paragraph(),
            TagEnd::Heading(level) => {
                let title: String = self.spans.iter().map(|s| s.text.as_str()).collect();
                self.flush_paragraph_keep();
                if level == HeadingLevel::H1 {
                    self.out
                        .push_str(&"═".repeat(title.width().min(self.width)));
                    self.out.push('\n');
                }
                self.out.push('\n');
                self.styles.clear();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush_paragraph();
                self.prefixes.pop();
                self.styles.pop();
            }
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    let prefix = self.prefix();
                    for line in code.trim_end_matches('\n').lines() {
                        let highlighted = if self.color {
                            highlight(&lang, line)
                        } else {
                            line.to_string()
                        };
                        self.out.push_str(&format!("{prefix}    {highlighted}\n"));
                    }
                    self.out.push('\n');
                }
            }
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank_line();
                }
            }
            TagEnd::Item => {
                self.flush_paragraph_keep();
                self.prefixes.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some(url) = self.link_targets.pop() {
                    let shown: String = self
                        .spans
                        .iter()
                        .rev()
                        .take(1)
                        .map(|s| s.text.clone())
                        .collect();
                    if !url.starts_with('#') && shown != url {
                        let dim = self.style(DIM);
                        self.spans.push(Span {
                            text: format!(" <{url}>"),
                            style: dim.to_string(),
                        });
                    }
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.current);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.render_table(&table);
                }
            }
            _ => {}
        }
    }

    /// Ends the current block and leaves a blank line after it.
    fn flush_paragraph(&mut self) {
        let had_text = !self.spans.is_empty();
        self.flush_paragraph_keep();
        if had_text && self.lists.is_empty() {
            self.blank_line();
        }
    }

    /// Writes the pending inline text, wrapped, without a blank line after it.
    fn flush_paragraph_keep(&mut self) {
        if self.spans.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        let prefix = self.prefix();
        let first_prefix = match self.pending_marker.take() {
            Some(marker) => {
                let outer: String = self.prefixes[..self.prefixes.len().saturating_sub(1)].concat();
                format!("{outer}{marker}")
            }
            None => prefix.clone(),
        };
        let available = self.width.saturating_sub(visible_width(&prefix)).max(10);
        let lines = wrap(&spans, available, self.color);
        for (i, line) in lines.iter().enumerate() {
            let p = if i == 0 { &first_prefix } else { &prefix };
            self.out.push_str(p);
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    fn render_table(&mut self, table: &Table) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &table.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let prefix = self.prefix();
        let total: usize = widths.iter().sum::<usize>() + 3 * columns.saturating_sub(1);
        if total + visible_width(&prefix) > self.width {
            // Too wide for the terminal: one block per row, "header: value" lines.
            let header = table.rows.first().cloned().unwrap_or_default();
            for row in table.rows.iter().skip(1) {
                for (i, cell) in row.iter().enumerate() {
                    let name = header.get(i).map_or("", String::as_str);
                    let spans = vec![
                        Span {
                            text: format!("{name}: "),
                            style: self.style(BOLD).to_string(),
                        },
                        Span {
                            text: cell.clone(),
                            style: String::new(),
                        },
                    ];
                    let available = self
                        .width
                        .saturating_sub(visible_width(&prefix) + 2)
                        .max(10);
                    for (j, line) in wrap(&spans, available, self.color).iter().enumerate() {
                        let lead = if i == 0 && j == 0 { "• " } else { "  " };
                        self.out.push_str(&format!("{prefix}{lead}{line}\n"));
                    }
                }
            }
            self.out.push('\n');
            return;
        }
        let bold = self.style(BOLD);
        let reset = if self.color { RESET } else { "" };
        for (r, row) in table.rows.iter().enumerate() {
            let mut line = prefix.clone();
            for (i, width) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                let pad = width - cell.width();
                let (left, right) = match table.alignments.get(i) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if i > 0 {
                    line.push_str(" │ ");
                }
                let (on, off) = if r == 0 { (bold, reset) } else { ("", "") };
                line.push_str(&format!(
                    "{}{on}{cell}{off}{}",
                    " ".repeat(left),
                    " ".repeat(right)
                ));
            }
            self.out.push_str(line.trim_end());
            self.out.push('\n');
            if r == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.out
                    .push_str(&format!("{prefix}{}\n", rule.join("─┼─")));
            }
        }
        self.out.push('\n');
    }
}

/// The printed width of a string, ignoring ANSI escape sequences.
fn visible_width(text: &str) -> usize {
    strip_ansi(text).width()
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Word-wraps styled spans into lines of at most `width` columns (a longer word gets a line
/// of its own).
fn wrap(spans: &[Span], width: usize, color: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let mut pending_space = false;
    for span in spans {
        let (on, off) = if color && !span.style.is_empty() {
            (span.style.as_str(), RESET)
        } else {
            ("", "")
        };
        for (i, piece) in span.text.split(' ').enumerate() {
            if i > 0 {
                pending_space = true;
            }
            if piece.is_empty() {
                continue;
            }
            let w = piece.width();
            let space = usize::from(pending_space && line_width > 0);
            if line_width > 0 && line_width + space + w > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            } else if space == 1 {
                line.push(' ');
                line_width += 1;
            }
            line.push_str(&format!("{on}{piece}{off}"));
            line_width += w;
            pending_space = false;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Colours one line of a YAML or shell code block.
fn highlight(lang: &str, line: &str) -> String {
    match lang {
        "yaml" | "yml" => highlight_yaml(line),
        "sh" | "bash" | "shell" | "console" => highlight_shell(line),
        _ => line.to_string(),
    }
}

fn highlight_yaml(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if trimmed.starts_with('#') {
        return format!("{indent}{DIM}{trimmed}{RESET}");
    }
    if trimmed == "---" {
        return format!("{indent}{MAGENTA}{trimmed}{RESET}");
    }
    let (dash, rest) = match trimmed.strip_prefix("- ") {
        Some(rest) => ("- ", rest),
        None => ("", trimmed),
    };
    let (body, comment) = split_comment(rest);
    let colored = match body
        .split_once(": ")
        .or_else(|| body.strip_suffix(':').map(|k| (k, "")))
    {
        Some((key, value)) if !key.contains(['{', '[', '"', '\'']) => {
            format!(
                "{CYAN}{key}{RESET}:{}{}",
                if value.is_empty() && !body.ends_with(": ") {
                    ""
                } else {
                    " "
                },
                color_value(value)
            )
        }
        _ => color_value(body),
    };
    let comment = if comment.is_empty() {
        String::new()
    } else {
        format!("{DIM}{comment}{RESET}")
    };
    format!("{indent}{dash}{colored}{comment}")
}

/// Splits a trailing ` # comment` off a YAML line (not inside quotes).
fn split_comment(text: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('#', None) if i > 0 && text[..i].ends_with(' ') => return (&text[..i], &text[i..]),
            _ => {}
        }
    }
    (text, "")
}

fn color_value(value: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        return value.to_string();
    }
    let color = if v.starts_with(['"', '\'']) {
        GREEN
    } else if v.parse::<f64>().is_ok() || matches!(v, "true" | "false" | "null" | "~" | "None") {
        MAGENTA
    } else if v.starts_with(['|', '>', '&', '*', '!']) {
        YELLOW
    } else {
        GREEN
    };
    format!("{color}{value}{RESET}")
}

fn highlight_shell(line: &str) -> String {
    if line.trim_start().starts_with('#') {
        return format!("{DIM}{line}{RESET}");
    }
    let (command, comment) = line.find(" #").map_or((line, ""), |i| line.split_at(i));
    // An optional "$ " prompt, then the program name in bold, then its arguments.
    let (prompt, command) = match command.strip_prefix("$ ") {
        Some(rest) => (format!("{DIM}${RESET} "), rest),
        None => (String::new(), command),
    };
    let (program, args) = command
        .split_once(' ')
        .map_or((command, String::new()), |(p, a)| (p, format!(" {a}")));
    let comment = if comment.is_empty() {
        String::new()
    } else {
        format!("{DIM}{comment}{RESET}")
    };
    format!("{prompt}{BOLD}{GREEN}{program}{RESET}{args}{comment}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_rendering_wraps_and_structures() {
        let md = "# Title\n\nSome *emphasis* and `code` in a paragraph that is long enough to wrap around the narrow width.\n\n- one\n- two\n  continues\n\n1. first\n2. second\n\n> quoted\n\n```yaml\nkind: StatefulSet # comment\n```\n\n| a | bb |\n|---|---:|\n| 1 | 22 |\n";
        let out = render(md, 40, false);
        assert!(out.starts_with("Title\n═════\n\n"), "{out}");
        assert!(out.lines().all(|l| l.width() <= 40), "{out}");
        assert!(out.contains(" • one\n"), "{out}");
        assert!(out.contains(" 1. first\n"), "{out}");
        assert!(out.contains("│ quoted"), "{out}");
        assert!(out.contains("    kind: StatefulSet # comment"), "{out}");
        assert!(out.contains("a │ bb\n──┼───\n1 │ 22"), "{out}");
        assert!(!out.contains('\x1b'), "no colour when off");
    }

    #[test]
    fn colour_does_not_count_towards_the_width() {
        let md = "Some **bold words** and `code spans` in a paragraph that will need to wrap at least once.";
        let out = render(md, 30, true);
        assert!(out.contains('\x1b'));
        assert!(out.lines().all(|l| visible_width(l) <= 30), "{out}");
    }

    #[test]
    fn wide_tables_become_records() {
        let md = "| field | meaning |\n|---|---|\n| replicas | how many Pods the StatefulSet keeps running at any time |\n";
        let out = render(md, 30, false);
        assert!(out.contains("• field: replicas"), "{out}");
        assert!(out.lines().all(|l| l.width() <= 30), "{out}");
    }

    #[test]
    fn highlighting_marks_keys_values_and_comments() {
        let line = highlight("yaml", "  replicas: 3 # three");
        assert!(line.contains(&format!("{CYAN}replicas{RESET}")));
        assert!(line.contains(&format!("{DIM}# three{RESET}")));
        assert!(
            highlight("sh", "kubectl get pods")
                .starts_with(&format!("{BOLD}{GREEN}kubectl{RESET} get pods"))
        );
        assert!(
            highlight("sh", "$ kubectl get pods # all").contains(&format!("{DIM} # all{RESET}"))
        );
    }
}
