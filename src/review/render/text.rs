//! Text output in the style of rustc: `file:line:col`, the source line, a caret under the
//! key or value, the message, `help:` and the lesson to read.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::review::{Diagnostic, FileReport, LintReport, Severity};

/// Whether to colour output: only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn render(report: &LintReport, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for file in &report.files {
        for d in &file.diagnostics {
            out.push_str(&render_one(&renderer, file, d));
            out.push_str("\n\n");
        }
    }
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One diagnostic with its source line.
pub fn render_one(renderer: &Renderer, file: &FileReport, d: &Diagnostic) -> String {
    let title = match &d.object {
        Some(object) => format!("{} [{}]", d.message, object),
        None => d.message.clone(),
    };
    let mut group = Group::with_title(level(d.severity).primary_title(title.as_str()).id(d.rule));
    let origin_path = format!("{}:{}:{}", file.file, d.line, d.column);
    match &file.source {
        Some(source) if d.line <= source.line_count() => {
            let line_text = source.line_text(d.line);
            let start = source.byte_offset(d.line, d.column) - source.byte_offset(d.line, 1);
            let end = if d.end_line == d.line {
                source.byte_offset(d.line, d.end_column) - source.byte_offset(d.line, 1)
            } else {
                line_text.len()
            };
            let end = end
                .max(start + usize::from(start < line_text.len()))
                .min(line_text.len());
            let label = d.path.as_deref().unwrap_or("");
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
