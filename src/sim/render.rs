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
    // Keep the most recent columns when the history is longer than the screen.
    let skip = world.history.len().saturating_sub(columns);
    let shown = &world.history[skip..];
    let mut out = format!(
        "{:>label$}   time → {}s\n",
        "",
        shown.last().map_or(0.0, |(t, _)| *t)
    );
    for name in &names {
        let cells: String = shown
            .iter()
            .map(|(_, row)| row.iter().find(|(n, _)| n == name).map_or(' ', |(_, g)| *g))
            .collect();
        let painted: String = cells.trim_end().chars().map(|g| paint(g, color)).collect();
        out.push_str(&format!("{name:>label$} │ {painted}\n"));
    }
    out.push_str(&format!(
        "{:>label$}   · pending  ○ running  ● ready  ~ crashing  ! failed  × terminating\n",
        ""
    ));
    out
}

/// The current state as tables.
pub fn tables(world: &World) -> String {
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

/// Every event, one line each, with the reason.
pub fn log(world: &World, from: usize) -> String {
    world.events[from..]
        .iter()
        .map(|e| {
            let subject = e.pod.as_deref().or(e.pvc.as_deref()).unwrap_or("");
            format!(
                "{:>6.0}s  {:<10} {:<14} {}\n",
                e.time, e.action, subject, e.reason
            )
        })
        .collect()
}
