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
            // Without colour or a width, the plain layout is written directly when the
            // diagnostic is simple enough (see `render_plain`).
            let plain = if color || width.is_some() {
                false
            } else {
                render_plain(&mut out, file, d)
            };
            if !plain {
                out.push_str(&fit_prose(&render_one(&renderer, file, d, width), width));
            }
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

/// Longest source line, and deepest indentation, that [`render_plain`] writes: annotate-
/// snippets trims longer lines (to its default 140 columns) and deeper indentation (over 26
/// columns) with `...`, which only it knows how to do.
const PLAIN_MAX_LINE: usize = 100;
const PLAIN_MAX_INDENT: usize = 24;

/// Text that [`render_plain`] copies as is: printable ASCII on one line, which annotate-
/// snippets neither replaces (tabs, control and zero-width characters) nor measures in
/// other widths.
fn plain_text(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Writes `d` as [`render_one`] does without colour or width, for the common case: a
/// diagnostic with a short, printable ASCII source line and a non-empty span on it.
/// Returns `false`, writing nothing, for anything else (annotate-snippets then renders it).
/// Linting a folder prints thousands of diagnostics, and annotate-snippets' general layout
/// cost 70,000 instructions each; `tests` compares the two on every shape written here.
fn render_plain(out: &mut String, file: &FileReport, d: &Diagnostic) -> bool {
    let Some(source) = &file.source else {
        return false;
    };
    if d.line == 0 || d.line > source.line_count() {
        return false;
    }
    let line_text = source.line_text(d.line);
    let indent = line_text.len() - line_text.trim_start_matches(' ').len();
    if line_text.len() > PLAIN_MAX_LINE
        || indent > PLAIN_MAX_INDENT
        || line_text.trim().is_empty()
        || !plain_text(line_text)
    {
        return false;
    }
    // The span as `render_one` computes it (byte offsets are columns in ASCII).
    let start = source.byte_offset(d.line, d.column) - source.byte_offset(d.line, 1);
    let end = if d.end_line == d.line {
        source.byte_offset(d.line, d.end_column) - source.byte_offset(d.line, 1)
    } else {
        line_text.len()
    };
    let end = end
        .max(start + usize::from(start < line_text.len()))
        .min(line_text.len());
    if start >= end {
        return false;
    }
    let label = d.path.as_deref().unwrap_or("");
    let texts = [
        d.message.as_str(),
        d.object.as_deref().unwrap_or(""),
        d.help.as_deref().unwrap_or(""),
        d.lesson.unwrap_or(""),
        label,
        file.file.as_str(),
    ];
    if !texts.iter().all(|t| plain_text(t)) || label.len() > PLAIN_MAX_LINE {
        return false;
    }
    use std::fmt::Write as _;
    let number = d.line.to_string();
    let pad = " ".repeat(number.len());
    let level = d.severity.as_str();
    let _ = write!(out, "{level}[{}]: {}", d.rule, d.message);
    if let Some(object) = &d.object {
        let _ = write!(out, " [{object}]");
    }
    let _ = write!(out, "\n{pad}--> {}:{}:{}\n", file.file, d.line, start + 1);
    let _ = write!(out, "{pad} |\n{number} | {line_text}\n{pad} | ");
    out.extend(std::iter::repeat_n(' ', start));
    out.extend(std::iter::repeat_n('^', end - start));
    if !label.is_empty() {
        out.push(' ');
        out.push_str(label);
    }
    let mut footers = Vec::new();
    if let Some(help) = &d.help {
        footers.push(("help", help.as_str()));
    }
    let lesson;
    if let Some(id) = d.lesson {
        lesson = format!("lesson: {id}");
        footers.push(("note", lesson.as_str()));
    }
    if !footers.is_empty() {
        let _ = write!(out, "\n{pad} |");
    }
    for (kind, text) in footers {
        let _ = write!(out, "\n{pad} = {kind}: {text}");
    }
    true
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

#[cfg(test)]
mod plain_tests {
    //! `render_plain` against annotate-snippets, on every case it accepts.

    use super::*;
    use crate::manifest::{Source, read_bundle};
    use crate::review::review_bundle;

    /// Both renderings of `d` in `file`, when `render_plain` takes it.
    fn both(file: &FileReport, d: &Diagnostic) -> Option<(String, String)> {
        let mut plain = String::new();
        render_plain(&mut plain, file, d).then(|| {
            let slow = render_one(&renderer(false, None), file, d, None);
            (plain, slow)
        })
    }

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn the_course_and_fixtures_render_as_annotate_snippets_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["exercises", "tests/fixtures", "../shared/realworld"] {
            yaml_files(&root.join(dir), &mut files);
        }
        let (mut fast, mut all) = (0, 0);
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let report = review_bundle(&read_bundle(Source::new(path.display().to_string(), text)));
            for d in &report.diagnostics {
                all += 1;
                if let Some((plain, slow)) = both(&report, d) {
                    assert_eq!(plain, slow, "{d:?}");
                    fast += 1;
                }
            }
        }
        assert!(
            fast * 2 > all,
            "most diagnostics take the plain path: {fast} of {all}"
        );
    }

    #[test]
    fn every_shape_it_accepts_renders_as_annotate_snippets_does() {
        let lines = [
            "name: web",
            "  serviceName: \"kafka\"",
            "        - containerPort: 80   ",
            "                        image: x",
            "a",
            "  key: [1, 2, {a: b}] # comment ~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./",
            "- \"quoted value with spaces and a very long tail that goes on and on and on..\"",
        ];
        let mut text = String::new();
        for n in 0..10_200 {
            text.push_str(lines[n % lines.len()]);
            text.push('\n');
        }
        let source = Source::new("dir/file.yaml", text);
        let file = FileReport {
            file: source.name.clone(),
            objects: Vec::new(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            source: Some(source),
        };
        let mut checked = 0;
        for line in [
            1, 2, 3, 4, 5, 6, 7, 9, 10, 99, 100, 101, 999, 1000, 10_000, 10_006,
        ] {
            for (column, end_column) in [
                (1, 1),
                (1, 5),
                (3, 4),
                (7, 30),
                (9, 200),
                (25, 26),
                (40, 3),
                (80, 81),
                (200, 201),
            ] {
                for end_line in [line, line + 1] {
                    for path in [
                        None,
                        Some("spec.serviceName"),
                        Some("spec.template.spec.containers[0].ports[0].containerPort"),
                    ] {
                        for help in [
                            None,
                            Some("add a headless Service named \"web\" (clusterIP: None)"),
                        ] {
                            for lesson in [None, Some("headless-service")] {
                                for (severity, object) in [
                                    (Severity::Error, Some("StatefulSet/web")),
                                    (Severity::Warning, None),
                                    (Severity::Info, Some("Service/x")),
                                ] {
                                    let d = Diagnostic {
                                        rule: "headless-service",
                                        severity,
                                        message: "no Service named \"web\" is in this file".into(),
                                        path: path.map(Into::into),
                                        line,
                                        column,
                                        end_line,
                                        end_column,
                                        object: object.map(Into::into),
                                        help: help.map(Into::into),
                                        lesson,
                                    };
                                    if let Some((plain, slow)) = both(&file, &d) {
                                        assert_eq!(plain, slow, "{d:?}");
                                        checked += 1;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 3000, "{checked}");
    }
}
