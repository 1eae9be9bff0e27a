//! Text output in the style of rustc: `file:line:col`, the source line, a caret under the
//! key or value, the message, `help:` and the lesson to read.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::review::{Diagnostic, FileReport, LintReport, Severity};

/// Whether to colour output: only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `lint` text output, lines as written (for a pipe without `COLUMNS`).
pub fn render(report: &LintReport, color: bool) -> String {
    render_fit(report, color, None)
}

/// `lint` text output fitted to `width` columns: long source lines in a snippet are trimmed
/// around the annotated span (annotate-snippets' own `term_width`: a snippet wrapped mid-line
/// would no longer line up with its carets), and the prose — titles, `= help:` and
/// `= note:` lines, the summary — wraps at word boundaries, continuation lines under the text.
pub fn render_fit(report: &LintReport, color: bool, width: Option<usize>) -> String {
    let renderer = renderer(color, width);
    let mut out = String::new();
    for file in &report.files {
        for d in &file.diagnostics {
            out.push_str(&fit_prose(&render_one(&renderer, file, d, width), width));
            out.push_str("\n\n");
        }
    }
    out.push_str(&crate::ui::fit(&summary_line(report), width));
    out.push('\n');
    out
}

/// The diagnostics of `file`, one short line each (`file:line:col: warning[rule]: …`, as
/// rustc's short format): after a passing `check`, the production warnings are advice, and
/// rendered in full they would scroll the verdict off the screen.
pub fn render_short(file: &FileReport, color: bool, width: Option<usize>) -> String {
    let renderer = renderer(color, width).short_message(true);
    let mut out = String::new();
    for d in &file.diagnostics {
        let line = render_one(&renderer, file, d, None);
        for line in line.lines() {
            let hang = 4;
            out.push_str(&crate::ui::fit_line(line, width, hang));
            out.push('\n');
        }
    }
    out
}

fn renderer(color: bool, width: Option<usize>) -> Renderer {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    match width {
        // annotate-snippets fits the source text to `term_width` less the gutter, then adds
        // a `...` on each side of a trimmed line (and a space or two): room for those too.
        Some(width) => renderer.term_width(width.saturating_sub(10)),
        None => renderer,
    }
}

/// Wraps the prose lines of one rendered diagnostic and leaves its snippet lines alone.
fn fit_prose(rendered: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return rendered.to_string();
    };
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.lines() {
        if !out.is_empty() {
            out.push('\n');
        }
        if is_prose(line) {
            out.push_str(&crate::ui::wrap_line(line, width, prose_hang(line)));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Where a wrapped line of a diagnostic continues: under the text after `= help: ` or
/// `= note: `, and two columns in under a title (`error[rule]: …`). Snippet lines (`6 | …`,
/// `--> file`) get no hang: annotate-snippets has already trimmed them to the width.
fn prose_hang(line: &str) -> usize {
    let plain = crate::ui::strip_ansi(line);
    let trimmed = plain.trim_start();
    let lead = plain.len() - trimmed.len();
    if let Some(rest) = trimmed.strip_prefix("= ")
        && let Some(colon) = rest.find(": ")
    {
        return lead + 2 + colon + 2;
    }
    if lead == 0 {
        return 2;
    }
    0
}

/// Whether a line of a rendered diagnostic is prose (a title, `= help: …`), which wraps,
/// rather than part of a snippet, which must keep its columns.
fn is_prose(line: &str) -> bool {
    let plain = crate::ui::strip_ansi(line);
    plain.starts_with(|c: char| c.is_ascii_alphabetic()) || plain.trim_start().starts_with("= ")
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One diagnostic with its source line. With a `width`, a field path that would run past it
/// beside the carets moves to a `= note: field:` line, where it can wrap.
pub fn render_one(
    renderer: &Renderer,
    file: &FileReport,
    d: &Diagnostic,
    width: Option<usize>,
) -> String {
    let title = match &d.object {
        Some(object) => format!("{} [{}]", d.message, object),
        None => d.message.clone(),
    };
    let mut group = Group::with_title(level(d.severity).primary_title(title.as_str()).id(d.rule));
    let origin_path = format!("{}:{}:{}", file.file, d.line, d.column);
    let mut moved_path = "";
    match &file.source {
        Some(source) if d.line <= source.line_count() => {
            let line_text = source.line_text(d.line);
            let start = source.byte_offset(d.line, d.column) - source.byte_offset(d.line, 1);
            let end = if d.end_line == d.line {
                source.byte_offset(d.line, d.end_column) - source.byte_offset(d.line, 1)
            } else {
                line_text.len()
            };
            let mut end = end
                .max(start + usize::from(start < line_text.len()))
                .min(line_text.len());
            // Carets wider than the terminal (a whole flow mapping) are shortened to what
            // fits beside the gutter and a `...` of a trimmed line; they still start where
            // the problem does.
            if let Some(width) = width {
                let room = width
                    .saturating_sub(d.line.to_string().len() + 3 + 16)
                    .max(1);
                let mut cut = start + room;
                while cut < end && !line_text.is_char_boundary(cut) {
                    cut += 1;
                }
                end = end.min(cut);
            }
            let mut label = d.path.as_deref().unwrap_or("");
            // The caret line: the gutter (`26 | `), the source up to the span, the carets,
            // a space, the label.
            let gutter = d.line.to_string().len() + 3;
            let carets = gutter + line_text[..end].chars().count() + 1;
            if width.is_some_and(|w| carets + label.chars().count() > w) {
                moved_path = label;
                label = "";
            }
            let snippet = Snippet::source(line_text)
                .line_start(d.line)
                .path(file.file.as_str())
                .annotation(
                    AnnotationKind::Primary
                        .span(start..end.max(start))
                        .label(label),
                );
            group = group.element(snippet);
        }
        _ => {
            group = group.element(annotate_snippets::Origin::path(origin_path.as_str()));
        }
    }
    let field = format!("field: {moved_path}");
    if !moved_path.is_empty() {
        group = group.element(Level::NOTE.message(field.as_str()));
    }
    let help;
    if let Some(text) = &d.help {
        help = text.clone();
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let lesson;
    if let Some(id) = d.lesson {
        lesson = format!("lesson: {id}");
        group = group.element(Level::NOTE.message(lesson.as_str()));
    }
    let groups: [Group<'_>; 1] = [group];
    renderer.render(&groups)
}

pub fn summary_line(report: &LintReport) -> String {
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(plural(s.infos, "note"));
    }
    format!(
        "checked {}, {}: {}",
        plural(s.files, "file"),
        plural(s.objects, "object"),
        parts.join(", ")
    )
}
