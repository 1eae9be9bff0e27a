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
                    // Code is indented to set it apart; on a narrow terminal by two columns
                    // only, since a code line cannot always be broken.
                    let indent = if self.width >= 80 { "    " } else { "  " };
                    let available = self
                        .width
                        .saturating_sub(visible_width(&prefix) + indent.len());
                    for line in code.trim_end_matches('\n').lines() {
                        for line in fit_code_line(&lang, line, available) {
                            let highlighted = if self.color {
                                highlight(&lang, &line)
                            } else {
                                line
                            };
                            self.out
                                .push_str(&format!("{prefix}{indent}{highlighted}\n"));
                        }
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
        // A line of lettered choices (`a) …`, one per line through hard breaks) continues
        // under its text, not under its letter.
        let first_text: String = spans.iter().map(|s| s.text.as_str()).take(2).collect();
        let hang = choice_marker(&first_text).min(available / 2);
        let lines = wrap(&spans, available, hang, self.color);
        for (i, line) in lines.iter().enumerate() {
            let p = if i == 0 { &first_prefix } else { &prefix };
            self.out.push_str(p);
            if i > 0 {
                self.out.push_str(&" ".repeat(hang));
            }
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// A table drawn with its columns side by side, cells wrapped at words within their
    /// column; as records ("header: value" lines per row) only when even the narrowest
    /// readable columns do not fit.
    fn render_table(&mut self, table: &Table) {
        let prefix = self.prefix();
        let available = self.width.saturating_sub(visible_width(&prefix));
        match column_widths(&table.rows, available) {
            Some(widths) => self.draw_table(table, &widths, &prefix),
            None => self.draw_records(table, &prefix),
        }
        self.out.push('\n');
    }

    fn draw_table(&mut self, table: &Table, widths: &[usize], prefix: &str) {
        let bold = self.style(BOLD);
        let reset = if self.color { RESET } else { "" };
        let cells: Vec<Vec<Vec<String>>> = table
            .rows
            .iter()
            .map(|row| {
                (0..widths.len())
                    .map(|i| wrap_cell(row.get(i).map_or("", String::as_str), widths[i]))
                    .collect()
            })
            .collect();
        // With a cell over several lines, rules between the rows show where each row ends.
        let wrapped = cells.iter().flatten().any(|c| c.len() > 1);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        let rule = format!("{prefix}{}\n", rule.join("─┼─"));
        for (r, row) in cells.iter().enumerate() {
            if r > 1 && wrapped {
                self.out.push_str(&rule);
            }
            let height = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for l in 0..height {
                let mut line = prefix.to_string();
                for (i, width) in widths.iter().enumerate() {
                    let cell = row[i].get(l).map_or("", String::as_str);
                    let pad = width.saturating_sub(cell.width());
                    let (left, right) = match table.alignments.get(i) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    if i > 0 {
                        line.push_str(" │ ");
                    }
                    let (on, off) = if r == 0 && !cell.is_empty() {
                        (bold, reset)
                    } else {
                        ("", "")
                    };
                    line.push_str(&format!(
                        "{}{on}{cell}{off}{}",
                        " ".repeat(left),
                        " ".repeat(right)
                    ));
                }
                self.out.push_str(line.trim_end());
                self.out.push('\n');
            }
            if r == 0 {
                self.out.push_str(&rule);
            }
        }
    }

    /// One block per row: "header: value" lines, the first marked `• `; a column without a
    /// header (often the first) shows its value alone, with no stray `: `.
    fn draw_records(&mut self, table: &Table, prefix: &str) {
        let header = table.rows.first().cloned().unwrap_or_default();
        let available = self.width.saturating_sub(visible_width(prefix) + 2).max(10);
        for row in table.rows.iter().skip(1) {
            let mut first = true;
            for (i, cell) in row.iter().enumerate() {
                if cell.trim().is_empty() {
                    continue;
                }
                let name = header.get(i).map_or("", |h| h.trim());
                let mut spans = Vec::new();
                if !name.is_empty() {
                    spans.push(Span {
                        text: format!("{name}: "),
                        style: self.style(BOLD).to_string(),
                    });
                }
                spans.push(Span {
                    text: cell.clone(),
                    style: String::new(),
                });
                for line in wrap(&spans, available, 0, self.color) {
                    let lead = if first { "• " } else { "  " };
                    first = false;
                    self.out.push_str(&format!("{prefix}{lead}{line}\n"));
                }
            }
        }
    }
}

/// The narrowest a column may get before a table becomes records: its longest word (a word
/// is never split to make a table fit: records wrap it whole), and never below 8, unless its
/// content is narrower.
const MIN_COLUMN: usize = 8;

/// Column widths for a table `available` columns wide (with ` │ ` between columns): each
/// column as wide as its widest cell if that fits, else the wide columns are narrowed
/// (the widest the most) until the table fits. `None` when it cannot fit with every column at
/// its minimum.
fn column_widths(rows: &[Vec<String>], available: usize) -> Option<Vec<usize>> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return Some(Vec::new());
    }
    let mut widths = vec![0; columns];
    let mut minimum = vec![0; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
            let longest = cell.split(' ').map(str::width).max().unwrap_or(0);
            minimum[i] = minimum[i].max(longest.max(MIN_COLUMN));
        }
    }
    for (min, width) in minimum.iter_mut().zip(&widths) {
        *min = (*min).min(*width);
    }
    let room = available.checked_sub(3 * (columns - 1))?;
    if minimum.iter().sum::<usize>() > room {
        return None;
    }
    if widths.iter().sum::<usize>() <= room {
        return Some(widths);
    }
    // Columns narrower than a fair share of what is left keep their width; the others
    // share the rest in proportion to their widest cell, so the column of long prose gets
    // the most room, and none goes below its minimum.
    let natural = widths.clone();
    let mut free: Vec<usize> = (0..columns).collect();
    let mut left = room;
    loop {
        let fair = left / free.len().max(1);
        let (fits, rest): (Vec<usize>, Vec<usize>) =
            free.iter().partition(|i| natural[**i] <= fair);
        if fits.is_empty() || rest.is_empty() {
            break;
        }
        left -= fits.iter().map(|i| natural[*i]).sum::<usize>();
        free = rest;
    }
    let weight: usize = free.iter().map(|i| natural[*i]).sum();
    for i in &free {
        widths[*i] = (left * natural[*i] / weight.max(1)).max(minimum[*i]);
    }
    // Rounding and minimums: take the excess from the widest column above its minimum,
    // give what is left over to the widest.
    let mut total: usize = widths.iter().sum();
    while total > room {
        let widest = (0..columns)
            .filter(|i| widths[*i] > minimum[*i])
            .max_by_key(|i| widths[*i])?;
        widths[widest] -= 1;
        total -= 1;
    }
    if let Some(widest) = free.iter().copied().max_by_key(|i| natural[*i]) {
        widths[widest] = (widths[widest] + room - total).min(natural[widest]);
    }
    Some(widths)
}

/// A cell's text in lines of at most `width` columns, at word boundaries (a word longer than
/// the column is split).
fn wrap_cell(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(text.trim(), &options)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The printed width of a string, ignoring ANSI escape sequences.
fn visible_width(text: &str) -> usize {
    crate::ui::strip_ansi(text).width()
}

/// The width of a choice letter starting a line (`a) `), or 0.
fn choice_marker(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.len() > 3 && bytes[0].is_ascii_lowercase() && &bytes[1..3] == b") " {
        3
    } else {
        0
    }
}

/// Word-wraps styled spans into lines of at most `width` columns, the lines after the first
/// `hang` columns narrower (a longer word gets a line of its own).
fn wrap(spans: &[Span], width: usize, hang: usize, color: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let mut pending_space = false;
    // Where the word being written starts in `line`, and its width so far.
    let mut word_start = 0;
    let mut word_width = 0;
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
            // A piece right after another with no space between (`template`, then `,` in
            // its own span) is part of the same word: a break moves the whole word.
            let glued = !pending_space && line_width > 0;
            if !glued {
                word_start = line.len();
                word_width = 0;
            }
            let space = usize::from(pending_space && line_width > 0);
            let limit = if lines.is_empty() {
                width
            } else {
                width - hang
            };
            if line_width > 0 && line_width + space + w > limit {
                if glued && word_start > 0 {
                    let carried = line.split_off(word_start);
                    lines.push(std::mem::take(&mut line).trim_end().to_string());
                    line = carried;
                    line_width = word_width;
                    word_start = 0;
                } else if !glued {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                    word_start = 0;
                }
            } else if space == 1 {
                line.push(' ');
                line_width += 1;
                word_start = line.len();
            }
            line.push_str(&format!("{on}{piece}{off}"));
            line_width += w;
            word_width += w;
            pending_space = false;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A code line in lines of at most `width` columns, its meaning kept: a trailing comment
/// moves to a line of its own above the code; a comment wraps into more `# ` lines; code
/// breaks at spaces outside quotes, continued the way the language reads it (` \` for a
/// shell, a deeper indent for YAML, where that continues a scalar or a flow collection). A
/// piece with no such space in it stays whole, wider than the line.
fn fit_code_line(lang: &str, line: &str, width: usize) -> Vec<String> {
    if line.width() <= width || width < 20 {
        return vec![line.to_string()];
    }
    let shell = matches!(lang, "sh" | "bash" | "shell" | "console");
    let commented = matches!(lang, "yaml" | "yml") || shell;
    let indent = &line[..line.len() - line.trim_start().len()];
    let body = line.trim_start();
    if commented && body.starts_with('#') {
        let text = body.trim_start_matches('#').trim_start();
        let options = textwrap::Options::new(width.saturating_sub(indent.len() + 2).max(10))
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false);
        return textwrap::wrap(text, &options)
            .into_iter()
            .map(|l| format!("{indent}# {l}"))
            .collect();
    }
    let (code, comment) = if commented {
        let (code, comment) = split_comment(body);
        (code.trim_end(), comment)
    } else {
        (body, "")
    };
    let mut out = Vec::new();
    if !comment.is_empty() {
        out.extend(fit_code_line(lang, &format!("{indent}{comment}"), width));
    }
    let code_line = format!("{indent}{code}");
    if code_line.width() <= width {
        out.push(code_line);
        return out;
    }
    // Break at spaces outside quotes.
    let mut pieces: Vec<&str> = Vec::new();
    let (mut quote, mut start) = (None, 0);
    for (i, c) in code.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            (' ', None) if i > start => {
                pieces.push(&code[start..i]);
                start = i + 1;
            }
            (' ', None) => start = i + 1,
            _ => {}
        }
    }
    pieces.push(&code[start..]);
    let next_indent = format!("{indent}{}", if shell { "  " } else { "    " });
    let end = if shell { " \\" } else { "" };
    let mut current = indent.to_string();
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        let empty = current.trim().is_empty();
        if !empty && current.width() + 1 + piece.width() + end.len() > width {
            out.push(format!("{current}{end}"));
            current = next_indent.clone();
        } else if !empty {
            current.push(' ');
        }
        current.push_str(piece);
    }
    out.push(current);
    out
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
        // Narrower than 80 columns, code is indented by two.
        assert!(out.contains("\n  kind: StatefulSet # comment"), "{out}");
        assert!(render(md, 80, false).contains("\n    kind: StatefulSet # comment"));
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

    /// Words of the text, ignoring how it is laid out (table rules and bars removed).
    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || c == '│' || c == '─' || c == '┼')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn tables_that_cannot_fit_become_records_labelled_by_their_headers() {
        let md = "| field | meaning | default value | mutable after creation |\n|---|---|---|---|\n| replicas | how many Pods the StatefulSet keeps running | one Pod | yes, any time |\n";
        let out = render(md, 30, false);
        assert!(out.contains("• field: replicas"), "{out}");
        assert!(out.contains("  default value: one Pod"), "{out}");
        assert!(out.lines().all(|l| l.width() <= 30), "{out}");
        // The first column often has no header: its cells stand alone, with no ": ".
        let md = "| | Deployment | StatefulSet |\n|---|---|---|\n| Pod names | random suffix, e.g. `web-7c5d9f-x2k4q` | sticky: `web-0`, `web-1` |\n";
        let out = render(md, 20, false);
        assert!(out.contains("• Pod names\n"), "{out}");
        assert!(out.contains("  Deployment: random"), "{out}");
        assert!(!out.contains(": Pod names"), "{out}");
    }

    const COMPARISON: &str = "| | Deployment | StatefulSet |\n|---|---|---|\n| Pod names | random suffix, e.g. `web-7c5d9f-x2k4q` | sticky: `web-0`, `web-1`, … |\n| Storage | every replica uses the claims named in the template, so they **share** them | one PVC per claim template **per Pod**, e.g. `www-web-0`, following the Pod's identity |\n| Stuck-rollout detection | `progressDeadlineSeconds` | none |\n";

    #[test]
    fn a_table_that_fits_when_its_cells_wrap_is_drawn_as_a_table() {
        for width in [60, 120] {
            let out = render(COMPARISON, width, false);
            assert!(!out.contains('•'), "no records at {width}:\n{out}");
            let header = out.lines().next().unwrap();
            assert!(
                header.contains("│ Deployment") && header.contains("│ StatefulSet"),
                "{out}"
            );
            assert!(out.lines().any(|l| l.starts_with("Storage ")), "{out}");
            assert!(
                out.lines().all(|l| l.width() <= width),
                "at {width}:\n{out}"
            );
        }
        // At 120 the short rows take one line each and the long one fewer lines than at 60,
        // where the long cells wrap within their column, at words: every word printed is a
        // word of the source (the one word wider than its column may be split).
        let wide = render(COMPARISON, 120, false);
        let narrow = render(COMPARISON, 60, false);
        assert!(
            wide.lines()
                .any(|l| l.starts_with("Pod names ") && l.ends_with("…")),
            "{wide}"
        );
        assert!(
            wide.lines().count() < narrow.lines().count(),
            "{wide}{narrow}"
        );
        let source = COMPARISON.replace(['`', '*'], "");
        let broken: Vec<String> = words(&narrow)
            .into_iter()
            .filter(|w| !source.split([' ', '|']).any(|s| s == w))
            .collect();
        assert!(broken.is_empty(), "{broken:?}\n{narrow}");
    }

    #[test]
    fn lettered_choices_keep_their_lines_and_hang_under_their_text() {
        let md = "a) It rejects the StatefulSet: \"selector does not match template labels\"\\\nb) It accepts it\n";
        let out = render(md, 40, false);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("a) It rejects"), "{out}");
        assert!(
            lines[1].starts_with("   ") && !lines[1].starts_with("    "),
            "{out}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("b) It accepts it")),
            "{out}"
        );
    }

    #[test]
    fn a_word_split_over_spans_is_never_broken_at_the_span_boundary() {
        // `template` and the comma after it are two spans; the break goes before the word.
        let md = "In 1.35/1.36 the mutable set is replicas, ordinals, `template`, updateStrategy";
        let out = render(md, 60, false);
        assert!(!out.lines().any(|l| l.starts_with(',')), "{out}");
        assert!(out.contains("template,"), "{out}");
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
