//! Paths through a process: every route from the start step to an end, for the term checks.

use reglament_regulation::model::Process;

/// At most this many paths are followed in one process; a process with more is reported as
/// such by the graph check rather than enumerated.
pub const MAX_PATHS: usize = 4096;

/// Every simple path from the start step to a step that ends the process (or has no successor).
/// Cycles are not followed (the graph check reports them).
#[must_use]
pub fn complete(process: &Process) -> Vec<Vec<usize>> {
    prefixes(process, |i| process.steps[i].end.is_some() || process.steps[i].successors().next().is_none())
}

/// Every simple path from the start step to a step for which `stop` holds (the step included).
pub fn prefixes(process: &Process, stop: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut path = vec![process.start];
    walk(process, &stop, &mut path, &mut out);
    out
}

fn walk(process: &Process, stop: &impl Fn(usize) -> bool, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    if out.len() >= MAX_PATHS {
        return;
    }
    let Some(&here) = path.last() else { return };
    if stop(here) {
        out.push(path.clone());
        return;
    }
    for next in process.steps[here].successors() {
        if path.contains(&next) {
            continue;
        }
        path.push(next);
        walk(process, stop, path, out);
        path.pop();
    }
}

/// The path written with step ids and terms: `submit → completeness (2wd) → review (4wd)`.
#[must_use]
pub fn describe(process: &Process, path: &[usize]) -> String {
    path.iter()
        .map(|&i| {
            let s = &process.steps[i];
            s.term.as_ref().map_or_else(|| s.id.clone(), |t| format!("{} ({})", s.id, t.term))
        })
        .collect::<Vec<_>>()
        .join(" → ")
}
