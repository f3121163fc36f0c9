//! The act's own numbering: gaps and duplicates in the lists it encodes (refusal grounds, steps).

use reglament_regulation::model::Act;
use reglament_regulation::{Diagnostic, Location, Severity};

use crate::finding;

/// Adds numbering findings.
pub fn check(act: &Act, out: &mut Vec<Diagnostic>) {
    for service in &act.services {
        let numbers = service.refusal_grounds.iter().filter_map(|g| g.number.as_ref().map(|(n, at)| (n.as_str(), at)));
        sequence(&format!("service {} refusal grounds", service.id), numbers, out);
    }
    for process in &act.processes {
        let numbers = process.steps.iter().filter_map(|s| s.number.as_ref().map(|(n, at)| (n.as_str(), at)));
        sequence(&format!("process {} steps", process.id), numbers, out);
    }
}

/// The leading whole number of a designator such as `3)` or `5.2` (the first level only).
fn leading(n: &str) -> Option<u32> {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn sequence<'a>(list: &str, numbers: impl Iterator<Item = (&'a str, &'a Location)>, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(u32, &str, &Location)> = Vec::new();
    for (text, at) in numbers {
        let Some(n) = leading(text) else { continue };
        if let Some((_, first, _)) = seen.iter().find(|(m, t, _)| *m == n && *t == text) {
            out.push(finding(
                "lint.numbering_duplicate",
                Severity::Warning,
                at,
                format!("{list}: `{text}` нөмірі қайталанады (алдымен `{first}`)"),
                format!("{list}: номер `{text}` повторяется (впервые `{first}`)"),
                &[],
            ));
        }
        if let Some((prev, prev_text, _)) = seen.last()
            && n > prev + 1
        {
            out.push(finding(
                "lint.numbering_gap",
                Severity::Warning,
                at,
                format!("{list}: `{prev_text}` кейін `{text}` келеді — аралықтағы нөмірлер жоқ"),
                format!("{list}: после `{prev_text}` идёт `{text}` — номера между ними пропущены"),
                &[],
            ));
        }
        seen.push((n, text, at));
    }
}
