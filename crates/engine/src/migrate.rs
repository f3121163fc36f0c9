//! Moving a case between versions of the law: to a new act version (explicit and audited,
//! refused where the case's state has no counterpart), and onto a changed calendar (every clock
//! whose due instant moves is recorded with the days that moved it).

use crate::case::Case;
use crate::clocks::clocks;
use crate::decide::Decision;
use crate::error::EngineError;
use crate::event::Event;
use crate::law::Law;

/// Moves an open case to the act version of `to` (same service and variant).
pub fn migrate(case: &Case, to: &Law<'_>, by: &str, reason: &str) -> Result<Decision, EngineError> {
    if !case.is_open() {
        return Err(EngineError::Closed(case.id.clone()));
    }
    if to.service.id != case.service || to.variant.id != case.variant {
        return Err(EngineError::NoCounterpart(format!(
            "`{}` has no variant `{}` of service `{}`",
            to.act.id.as_str(),
            case.variant,
            case.service
        )));
    }
    let missing: Vec<&str> = case.active.keys().filter(|s| to.step(s).is_none()).map(String::as_str).collect();
    if !missing.is_empty() {
        return Err(EngineError::NoCounterpart(format!(
            "the active step(s) {} have no counterpart in `{}`",
            missing.join(", "),
            to.act.id.as_str()
        )));
    }
    if case.hearing.is_some() && to.variant.hearing.is_none() {
        return Err(EngineError::NoCounterpart(format!(
            "`{}` has no hearing for a case in its hearing",
            to.act.id.as_str()
        )));
    }
    Ok(Decision {
        events: vec![Event::Migrated {
            from: case.act.clone(),
            to: to.act.id.as_str().to_owned(),
            by: by.to_owned(),
            reason: reason.to_owned(),
        }],
        actions: Vec::new(),
    })
}

/// The clocks of `case` whose due instants differ between the calendar of `old` and of `new`,
/// as `Reprojected` events naming the days that changed between the anchor and the later due.
pub fn reproject(case: &Case, old: &Law<'_>, new: &Law<'_>) -> Result<Vec<Event>, EngineError> {
    if !case.is_open() {
        return Ok(Vec::new());
    }
    let changed = old.wt.calendar().differences(new.wt.calendar());
    let zone = new.wt.calendar().zone();
    let mut events = Vec::new();
    for ((id, before_clock), (_, after_clock)) in clocks(case, old).into_iter().zip(clocks(case, new)) {
        let (Some(before), Some(after)) = (before_clock.due(old.wt)?, after_clock.due(new.wt)?) else { continue };
        if before == after {
            continue;
        }
        let from = before_clock.anchor.with_timezone(&zone).date_naive();
        let until = before.max(after).with_timezone(&zone).date_naive();
        let because = changed
            .iter()
            .filter(|(a, _)| a.date >= from && a.date <= until)
            .map(|(a, b)| format!("{} {:?} → {:?}", a.date, a.kind, b.kind))
            .collect();
        events.push(Event::Reprojected { clock: id, before, after, because });
    }
    Ok(events)
}
