//! The legal clocks of a case under its law: the service term (extended when the hearing is
//! notified, if the act says so), each active step's term, and the hearing's term. Due instants
//! are derived from the calendar every time, never stored.

use chrono::{DateTime, Utc};
use reglament_calendar::{Budget, CalendarError, DayCounting, Extension, LegalClock, Unit, WorkingTime};
use reglament_domain::Localized;

use crate::case::Case;
use crate::event::{ClockId, Level};
use crate::law::Law;

/// Every running clock of `case`.
#[must_use]
pub fn clocks(case: &Case, law: &Law<'_>) -> Vec<(ClockId, LegalClock)> {
    let mut out = Vec::new();
    let mut service = LegalClock::new(case.filed_at, law.variant.term.term.max, DayCounting::EndOfDay);
    if let (Some(_), Some(h)) = (&case.hearing, &law.variant.hearing)
        && let Some(ext) = &h.extends_term_by
    {
        service.extensions.push(Extension {
            by: ext.term.max,
            reason: Localized::new_static("тыңдау", "заслушивание"),
            basis: h.cite.reference.to_compact(),
        });
    }
    out.push((ClockId::Service, service));
    let process = law.process();
    for (id, active) in &case.active {
        if let Some(term) = law.step(id).and_then(|i| process.steps[i].term.as_ref()) {
            out.push((
                ClockId::Step(id.clone()),
                LegalClock::new(active.started, term.term.max, DayCounting::EndOfDay),
            ));
        }
    }
    if let (Some(state), Some(h)) = (&case.hearing, &law.variant.hearing)
        && state.positive.is_none()
        && let Some(within) = h.hold_within.as_ref().or(h.objections_within.as_ref())
    {
        out.push((ClockId::Hearing, LegalClock::new(state.notified_at, within.term.max, DayCounting::EndOfDay)));
    }
    out
}

/// The instant a clock reaches `level`: its due instant, or for `Approaching` the close of the
/// working day before it (terms of 2 working days or more) or 80 % of its working time (terms in
/// hours, minutes, seconds); none for shorter day terms and calendar days.
pub fn reaches(clock: &LegalClock, level: Level, wt: &WorkingTime) -> Result<Option<DateTime<Utc>>, CalendarError> {
    let Some(due) = clock.due(wt)? else { return Ok(None) };
    Ok(match level {
        Level::Breached => Some(due),
        Level::Approaching => match clock.budget.unit {
            Unit::WorkingDays if clock.budget.amount >= 2 => Some(wt.subtract_working_days(due, 1)?),
            Unit::WorkingHours | Unit::WorkingMinutes | Unit::WorkingSeconds => {
                let per = clock.budget.unit.working_seconds().unwrap_or(1);
                let total = i64::from(clock.budget.amount) * per * 4 / 5;
                let seconds = u32::try_from(total).unwrap_or(u32::MAX);
                Some(wt.add(clock.anchor, Budget::new(seconds, Unit::WorkingSeconds), DayCounting::EndOfDay)?)
            }
            _ => None,
        },
    })
}
