//! What a simulation looks like: a timeline (one row per Pod, time across), the tables of
//! Pods, PVCs and DNS names, and every controller decision with its reason; or JSON.

use serde_json::json;

use super::model::World;

/// `simulate --format json` (the shape DESIGN and the issue fix; extend, don't break).
pub fn json(world: &World) -> serde_json::Value {
    json!({
        "events": world.events,
        "pods": world.pods.values().map(|p| json!({
            "name": p.name, "ordinal": p.ordinal, "revision": p.revision,
            "phase": format!("{:?}", p.phase), "ready": p.ready, "terminating": p.terminating,
        })).collect::<Vec<_>>(),
        "pvcs": world.pvcs.values().map(|p| json!({"name": p.name, "pod": world.pod_name(p.ordinal)})).collect::<Vec<_>>(),
        "dns": world.dns().into_iter().map(|(name, resolves, reason)| json!({"name": name, "resolves": resolves, "reason": reason})).collect::<Vec<_>>(),
        "status": world.status(),
        "revisions": world.revisions,
    })
}

fn paint(glyph: char, color: bool) -> String {
    let code = match glyph {
        '●' => "\x1b[32m",
        '○' => "\x1b[33m",
        '·' => "\x1b[2m",
        '~' | '!' => "\x1b[31m",
        '×' => "\x1b[35m",
        _ => "",
    };
    if color && !code.is_empty() {
        format!("{code}{glyph}\x1b[0m")
    } else {
        glyph.to_string()
    }
}

/// The timeline: one row per Pod that ever existed, one column per second (coloured on a
/// terminal: green Ready, yellow running, red crashing, magenta terminating).
pub fn timeline(world: &World, width: usize, color: bool) -> String {
    let mut names: Vec<String> = Vec::new();
    for (_, row) in &world.history {
        for (name, _) in row {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names.sort_by_key(|n| {
        n.rsplit('-')
            .next()
            .and_then(|o| o.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let label = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let columns = width.saturating_sub(label + 3).max(10);
    // Keep the most recent columns when the history is longer than the screen (a wrapped
    // timeline row would no longer line up with the others), and say so.
    let skip = world.history.len().saturating_sub(columns);
    let shown = &world.history[skip..];
    let end = shown.last().map_or(0.0, |(t, _)| *t);
    let mut out = if skip > 0 {
        let start = shown.first().map_or(0.0, |(t, _)| *t);
        format!(
            "{:>label$}   time {start}s → {end}s (the first {skip}s do not fit)\n",
            ""
        )
    } else {
        format!("{:>label$}   time → {end}s\n", "")
    };
    for name in &names {
        let cells: String = shown
            .iter()
            .map(|(_, row)| row.iter().find(|(n, _)| n == name).map_or(' ', |(_, g)| *g))
            .collect();
        let painted: String = cells.trim_end().chars().map(|g| paint(g, color)).collect();
        out.push_str(&format!("{name:>label$} │ {painted}\n"));
    }
    // The legend, on as many lines as the width needs.
    let legend = [
        "· pending",
        "○ running",
        "● ready",
        "~ crashing",
        "! failed",
        "× terminating",
    ];
    let mut line = String::new();
    for item in legend {
        if !line.is_empty() && label + 3 + line.chars().count() + 2 + item.chars().count() > width {
            out.push_str(&format!("{:>label$}   {line}\n", ""));
            line.clear();
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(item);
    }
    out.push_str(&format!("{:>label$}   {line}\n", ""));
    out
}

/// What to do when the simulation cannot go on by itself: one `hint:` line, or nothing.
pub fn hints(world: &World) -> String {
    world
        .stuck()
        .map_or(String::new(), |stuck| stuck.hint() + "\n")
}

/// The current state as tables, fitted to `width` (`None`: as written): the summary line
/// wraps as prose; a table row wraps its last column under itself.
pub fn tables(world: &World, width: Option<usize>) -> String {
    let Some(width) = width else {
        return raw_tables(world);
    };
    let mut out = String::new();
    for line in raw_tables(world).lines() {
        // A DNS row, `NAME  yes (why)`: the answer continues under itself, or goes on a
        // line of its own below the name when that column would be too narrow.
        let answer = line
            .rfind(" yes (")
            .or_else(|| line.rfind(" no ("))
            .filter(|_| line.ends_with(')'))
            .map(|i| i + 1);
        match answer {
            Some(column) if column + 20 > width && line.chars().count() > width => {
                out.push_str(line[..column].trim_end());
                out.push('\n');
                let below = format!("    {}", &line[column..]);
                out.push_str(&crate::ui::wrap_line(&below, width, 4));
            }
            Some(column) => out.push_str(&crate::ui::wrap_line(line, width, column)),
            None if line.starts_with("StatefulSet ") => {
                out.push_str(&crate::ui::wrap_line(line, width, 2));
            }
            None => out.push_str(&crate::ui::wrap_line(line, width, 0)),
        }
        out.push('\n');
    }
    out
}

fn raw_tables(world: &World) -> String {
    let status = world.status();
    let mut out = format!(
        "StatefulSet {}: {} replicas wanted, {} Pods, {} Ready; revisions current {} / update {}\n",
        world.spec.name,
        world.spec.replicas,
        status.replicas,
        status.ready_replicas,
        status.current_revision,
        status.update_revision
    );
    out.push_str("\nPOD              REVISION                 PHASE      READY\n");
    for pod in world.pods.values() {
        let phase = if pod.terminating {
            "Terminating".to_string()
        } else {
            format!("{:?}", pod.phase)
        };
        out.push_str(&format!(
            "{:<16} {:<24} {:<10} {}\n",
            pod.name,
            pod.revision,
            phase,
            if pod.ready { "yes" } else { "no" }
        ));
    }
    if !world.pvcs.is_empty() {
        out.push_str("\nPVC                          FOR POD\n");
        for pvc in world.pvcs.values() {
            out.push_str(&format!(
                "{:<28} {}\n",
                pvc.name,
                world.pod_name(pvc.ordinal)
            ));
        }
    }
    let dns = world.dns();
    if world.spec.service_name.is_none() {
        out.push_str("\nNo serviceName: the Pods get no per-Pod DNS names.\n");
    } else if !dns.is_empty() {
        out.push_str("\nDNS NAME                                          RESOLVES\n");
        for (name, resolves, reason) in dns {
            out.push_str(&format!(
                "{name:<49} {} ({reason})\n",
                if resolves { "yes" } else { "no" }
            ));
        }
    }
    out
}

/// Where the reason starts in a line of [`log`].
const REASON_COLUMN: usize = 7 + 2 + 11 + 15;

/// Every event, one line each, with the reason; fitted to `width`, a long reason wraps under
/// itself (or, when that column would be too narrow, nine columns in, under the action).
pub fn log(world: &World, from: usize, width: Option<usize>) -> String {
    let mut out = String::new();
    for e in &world.events[from..] {
        let subject = e.pod.as_deref().or(e.pvc.as_deref()).unwrap_or("");
        let line = format!(
            "{:>6.0}s  {:<10} {:<14} {}",
            e.time, e.action, subject, e.reason
        );
        match width {
            Some(width) => {
                let hang = if width >= REASON_COLUMN + 40 {
                    REASON_COLUMN
                } else {
                    9
                };
                out.push_str(&crate::ui::wrap_line(&line, width, hang));
            }
            None => out.push_str(&line),
        }
        out.push('\n');
    }
    out
}
