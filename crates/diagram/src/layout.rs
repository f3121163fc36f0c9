//! Where each step goes: its lane (the role that performs it) and its column (the longest chain
//! of steps from the start that leads to it).

use reglament_regulation::model::Process;

/// Lanes and columns of a process's steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The roles, in lane order (indices into the act's roles).
    pub lanes: Vec<usize>,
    /// For each step: (lane index, column).
    pub cells: Vec<(usize, usize)>,
    /// Number of columns.
    pub columns: usize,
}

/// Lays out `process`: lanes in order of the roles' first step from the start, columns by the
/// longest path from the start (edges that go back are ignored, so a cycle still draws).
#[must_use]
pub fn layout(process: &Process) -> Layout {
    let n = process.steps.len();
    let order = breadth_first(process);
    let mut lanes: Vec<usize> = Vec::new();
    for &i in &order {
        let role = process.steps[i].actor;
        if !lanes.contains(&role) {
            lanes.push(role);
        }
    }
    let reached: Vec<bool> = (0..n).map(|i| order.contains(&i)).collect();
    let back = back_edges(process);
    let mut column = vec![0usize; n];
    // Longest path from the start over the edges that do not close a cycle.
    for _ in 0..n {
        let mut changed = false;
        for &i in &order {
            for j in process.steps[i].successors() {
                if !back.contains(&(i, j)) && column[j] < column[i] + 1 {
                    column[j] = column[i] + 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // Unreachable steps go after everything else, in their role's lane (added last if new).
    for step in &process.steps {
        if !lanes.contains(&step.actor) {
            lanes.push(step.actor);
        }
    }
    let after = column.iter().copied().max().unwrap_or(0) + 1;
    let cells: Vec<(usize, usize)> = (0..n)
        .map(|i| {
            let lane = lanes.iter().position(|&r| r == process.steps[i].actor).unwrap_or(0);
            (lane, if reached[i] { column[i] } else { after })
        })
        .collect();
    let cells = separate(cells);
    let columns = cells.iter().map(|c| c.1).max().map_or(0, |m| m + 1);
    Layout { lanes, cells, columns }
}

fn breadth_first(process: &Process) -> Vec<usize> {
    let mut order = vec![process.start];
    let mut k = 0;
    while k < order.len() {
        let i = order[k];
        for j in process.steps[i].successors() {
            if !order.contains(&j) {
                order.push(j);
            }
        }
        k += 1;
    }
    order
}

/// Edges that lead back to a step on the current depth-first path (they close a cycle).
fn back_edges(process: &Process) -> Vec<(usize, usize)> {
    fn visit(p: &Process, i: usize, state: &mut [u8], back: &mut Vec<(usize, usize)>) {
        state[i] = 1;
        for j in p.steps[i].successors() {
            match state[j] {
                0 => visit(p, j, state, back),
                1 => back.push((i, j)),
                _ => {}
            }
        }
        state[i] = 2;
    }
    let mut back = Vec::new();
    visit(process, process.start, &mut vec![0; process.steps.len()], &mut back);
    back
}

/// Moves a step that would share its lane and column with an earlier one to the next free column.
fn separate(mut cells: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    for i in 0..cells.len() {
        while cells[..i].contains(&cells[i]) {
            cells[i].1 += 1;
        }
    }
    cells
}
