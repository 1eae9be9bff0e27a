//! Course text (Markdown) prepared for where it is shown. Lessons and questions name shell
//! commands (`sts-tutor lint web.yaml`); at the REPL's `sts>` prompt the same command is typed
//! without the program name, so the REPL shows it that way.

use crate::ui::{self, Frontend};

/// The program name, as a shell command line starts with it.
const PROGRAM: &str = "sts-tutor";

/// `markdown` as it should be shown by the current front end ([`ui::frontend`]): unchanged
/// in the shell; in the REPL, commands are shown as typed at its prompt (see [`for_repl`]).
/// Call it on any course text (a lesson, a question's prompt or explanation, a task) before
/// rendering it.
pub fn for_frontend(markdown: &str) -> String {
    match ui::frontend() {
        Frontend::Shell => markdown.to_string(),
        Frontend::Repl => for_repl(markdown),
    }
}

/// `markdown` with the program name taken off the commands it shows: an inline code span
/// that starts with `sts-tutor ` loses that prefix, and in a fenced code block a line
/// `$ sts-tutor lint web.yaml` becomes `sts> lint web.yaml` (and a line that starts with
/// `sts-tutor ` loses the prefix). Prose, other code and the program's output (`sts-tutor:
/// …`) are left as written.
pub fn for_repl(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut prose = String::new();
    // The open fence: its character and length.
    let mut fence: Option<(char, usize)> = None;
    for line in markdown.split_inclusive('\n') {
        let (indent, rest) = split_indent(line);
        match fence {
            Some((c, n)) => {
                if closes(rest, c, n) {
                    fence = None;
                    out.push_str(line);
                } else {
                    out.push_str(&code_line(indent, rest));
                }
            }
            None => match opening_fence(rest).filter(|_| indent.len() <= 3) {
                Some(opened) => {
                    out.push_str(&inline_commands(&prose));
                    prose.clear();
                    fence = Some(opened);
                    out.push_str(line);
                }
                None => prose.push_str(line),
            },
        }
    }
    out.push_str(&inline_commands(&prose));
    out
}

/// The first line of `markdown` that still names `sts-tutor ` once prepared for the REPL:
/// the program name in prose, which the REPL cannot take off (`content check` reports it).
pub fn program_name_left(markdown: &str) -> Option<String> {
    for_repl(markdown)
        .lines()
        .find(|l| l.contains("sts-tutor "))
        .map(|l| l.trim().to_string())
}

fn split_indent(line: &str) -> (&str, &str) {
    let rest = line.trim_start_matches([' ', '\t']);
    (&line[..line.len() - rest.len()], rest)
}

/// A fence of three or more backticks or tildes.
fn opening_fence(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn closes(rest: &str, c: char, n: usize) -> bool {
    let run = rest.chars().take_while(|x| *x == c).count();
    run >= n && rest[run..].trim().is_empty()
}

fn code_line(indent: &str, rest: &str) -> String {
    if let Some(command) = rest
        .strip_prefix("$ ")
        .and_then(|r| r.strip_prefix(PROGRAM))
        .filter(|r| r.starts_with(' '))
    {
        format!("{indent}sts>{command}")
    } else if let Some(command) = rest.strip_prefix(PROGRAM).filter(|r| r.starts_with(' ')) {
        format!("{indent}{}", &command[1..])
    } else {
        format!("{indent}{rest}")
    }
}

/// Takes the program name off every inline code span that starts with it (a span may run
/// over a line break, as Markdown allows).
fn inline_commands(prose: &str) -> String {
    let mut out = String::with_capacity(prose.len());
    let mut rest = prose;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let ticks = after.len() - after.trim_start_matches('`').len();
        let (open, inside) = after.split_at(ticks);
        match closing_run(inside, ticks) {
            Some(end) => {
                let code = &inside[..end];
                out.push_str(open);
                out.push_str(without_program(code));
                out.push_str(open);
                rest = &inside[end + ticks..];
            }
            None => {
                // No closing run: the backticks are literal.
                out.push_str(open);
                rest = inside;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The offset in `text` of the next run of exactly `ticks` backticks.
fn closing_run(text: &str, ticks: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find('`') {
        let at = from + found;
        let run = text[at..].len() - text[at..].trim_start_matches('`').len();
        if run == ticks {
            return Some(at);
        }
        from = at + run;
    }
    None
}

fn without_program(code: &str) -> &str {
    let leading = code.len() - code.trim_start_matches(' ').len();
    match code[leading..].strip_prefix(PROGRAM) {
        Some(after) if after.starts_with([' ', '\n']) => after.trim_start_matches([' ', '\n']),
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_commands_lose_the_program_name() {
        assert_eq!(
            for_repl("Run `sts-tutor lint mysql.yaml`: no errors; `sts-tutor` alone stays.\n"),
            "Run `lint mysql.yaml`: no errors; `sts-tutor` alone stays.\n"
        );
        // A span over a line break, a double-backtick span, an unclosed backtick.
        assert_eq!(
            for_repl("Use `sts-tutor\nlint` and ``sts-tutor check `x` `` or ` alone.\n"),
            "Use `lint` and ``check `x` `` or ` alone.\n"
        );
        assert_eq!(
            program_name_left("Fine: `sts-tutor lint`.\nNot fine: sts-tutor lint x.\n"),
            Some("Not fine: sts-tutor lint x.".to_string())
        );
        assert_eq!(program_name_left("Fine: `sts-tutor lint`.\n"), None);
        // Prose and other code are left alone.
        let prose = "The tutor's linter (`lint`) and `kubectl apply` and sts-tutor: output.\n";
        assert_eq!(for_repl(prose), prose);
    }

    #[test]
    fn shell_lines_in_code_blocks_become_prompt_lines() {
        let md = "Text `sts-tutor lint x.yaml`.\n\n```sh\n$ sts-tutor lint old.yaml\nerror[x]: bad\nsts-tutor check interview-web web.yaml\n  $ sts-tutor explain a.b\nkubectl apply -f web.yaml\n```\n\n```yaml\nname: sts-tutor\n```\nAfter `sts-tutor hint`.\n";
        assert_eq!(
            for_repl(md),
            "Text `lint x.yaml`.\n\n```sh\nsts> lint old.yaml\nerror[x]: bad\ncheck interview-web web.yaml\n  sts> explain a.b\nkubectl apply -f web.yaml\n```\n\n```yaml\nname: sts-tutor\n```\nAfter `hint`.\n"
        );
        // Backticks inside a code block do not start inline code.
        let block = "```sh\necho `sts-tutor lint`\n```\n";
        assert_eq!(for_repl(block), block);
    }
}
