//! The process graph: unreachable steps, dead ends, cycles, and roles, processes and documents
//! that nothing uses.

use std::collections::HashSet;

use reglament_regulation::model::{Act, Process};
use reglament_regulation::{Diagnostic, Severity};

use crate::finding;

/// Adds the graph findings of `act`.
pub fn check(act: &Act, out: &mut Vec<Diagnostic>) {
    for process in &act.processes {
        let reachable = reachable(process);
        for (i, step) in process.steps.iter().enumerate() {
            if !reachable.contains(&i) {
                out.push(finding(
                    "lint.unreachable_step",
                    Severity::Warning,
                    &step.at,
                    format!("`{}` қадамына `{}` процесінің басынан жету мүмкін емес", step.id, process.id),
                    format!("шаг `{}` недостижим от начала процесса `{}`", step.id, process.id),
                    &[&step.cite],
                ));
            }
            if step.end.is_none() && step.successors().next().is_none() {
                out.push(finding(
                    "lint.dead_end",
                    Severity::Error,
                    &step.at,
                    format!(
                        "`{}` қадамынан кейін ештеңе жоқ, бірақ ол процесті аяқтамайды (нәтиже де, бас тарту да емес)",
                        step.id
                    ),
                    format!(
                        "после шага `{}` ничего нет, но он не завершает процесс (ни результатом, ни отказом)",
                        step.id
                    ),
                    &[&step.cite],
                ));
            }
        }
        if let Some(cycle) = find_cycle(process) {
            let ids: Vec<&str> = cycle.iter().map(|&i| process.steps[i].id.as_str()).collect();
            let first = &process.steps[cycle[0]];
            out.push(finding(
                "lint.cycle",
                Severity::Error,
                &first.at,
                format!("`{}` процесінде цикл: {}", process.id, ids.join(" → ")),
                format!("в процессе `{}` цикл: {}", process.id, ids.join(" → ")),
                &[&first.cite],
            ));
        }
        if !(0..process.steps.len()).any(|i| process.steps[i].end.is_some()) {
            out.push(finding(
                "lint.no_end",
                Severity::Error,
                &process.at,
                format!("`{}` процесінде нәтижемен не бас тартумен аяқталатын қадам жоқ", process.id),
                format!("в процессе `{}` нет шага, завершающего его результатом или отказом", process.id),
                &[&process.cite],
            ));
        }
    }
    unused(act, out);
}

fn reachable(process: &Process) -> HashSet<usize> {
    let mut seen = HashSet::from([process.start]);
    let mut stack = vec![process.start];
    while let Some(i) = stack.pop() {
        for next in process.steps[i].successors() {
            if seen.insert(next) {
                stack.push(next);
            }
        }
    }
    seen
}

/// A cycle reachable from the start, as the steps on it.
fn find_cycle(process: &Process) -> Option<Vec<usize>> {
    fn visit(p: &Process, i: usize, state: &mut [u8], stack: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[i] = 1;
        stack.push(i);
        for next in p.steps[i].successors() {
            if state[next] == 1 {
                let from = stack.iter().position(|&s| s == next).unwrap_or(0);
                return Some(stack[from..].to_vec());
            }
            if state[next] == 0
                && let Some(cycle) = visit(p, next, state, stack)
            {
                return Some(cycle);
            }
        }
        stack.pop();
        state[i] = 2;
        None
    }
    visit(process, process.start, &mut vec![0; process.steps.len()], &mut Vec::new())
}

fn unused(act: &Act, out: &mut Vec<Diagnostic>) {
    let acting: HashSet<usize> = act.processes.iter().flat_map(|p| p.steps.iter().map(|s| s.actor)).collect();
    for (i, role) in act.roles.iter().enumerate() {
        if !acting.contains(&i) {
            out.push(finding(
                "lint.role_without_steps",
                Severity::Info,
                &role.cite.at,
                format!("`{}` рөлі бірде-бір қадамды орындамайды", role.id),
                format!("роль `{}` не выполняет ни одного шага", role.id),
                &[&role.cite],
            ));
        }
    }
    let used: HashSet<usize> = act.services.iter().flat_map(|s| s.variants.iter().map(|v| v.process)).collect();
    for (i, process) in act.processes.iter().enumerate() {
        if !used.contains(&i) {
            out.push(finding(
                "lint.process_unused",
                Severity::Warning,
                &process.at,
                format!("`{}` процесін бірде-бір нұсқа пайдаланбайды", process.id),
                format!("процесс `{}` не используется ни одним вариантом", process.id),
                &[&process.cite],
            ));
        }
    }
    let referenced: HashSet<usize> = act
        .services
        .iter()
        .flat_map(|s| s.variants.iter().flat_map(|v| v.documents.iter().copied()))
        .chain(act.processes.iter().flat_map(|p| p.steps.iter().flat_map(|s| s.documents.iter().copied())))
        .collect();
    for (i, doc) in act.documents.iter().enumerate() {
        if !referenced.contains(&i) {
            out.push(finding(
                "lint.document_unused",
                Severity::Info,
                &doc.cite.at,
                format!("`{}` құжатына ешбір нұсқа не қадам сілтемейді", doc.id),
                format!("на документ `{}` не ссылается ни один вариант или шаг", doc.id),
                &[&doc.cite],
            ));
        }
    }
}
