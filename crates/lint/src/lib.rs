//! Checks an encoded act before it is used. Each check is a module that turns the resolved
//! [`Act`]s into [`Diagnostic`]s with a stable code, a severity, a message in Kazakh and Russian
//! and the clauses involved. [`forecast`] applies the same route arithmetic to one filing.
//!
//! Invariants: pure (acts and the calendar in, findings out); no IO, no clock; a check never
//! stops at the first finding.

mod fees;
pub mod forecast;
mod graph;
mod hearing;
mod notes;
mod numbering;
mod paths;
mod samples;
mod terms;
mod versions;

use reglament_calendar::{Calendar, CalendarError, Schedule, WorkingTime};
use reglament_domain::{Localized, MciTable};
use reglament_regulation::model::{Act, Cited};
use reglament_regulation::{Diagnostic, Location, Severity};

/// What the checks need besides the acts.
pub struct Context<'a> {
    /// The working calendar.
    pub calendar: &'a Calendar,
    /// The MCI table.
    pub mci: &'a MciTable,
}

/// Every finding on `acts`, in file order.
#[must_use]
pub fn lint(acts: &[Act], cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let clocks = Clocks::new(acts, cx);
    for act in acts {
        graph::check(act, &mut out);
        numbering::check(act, &mut out);
        notes::check(act, &mut out);
        fees::check(act, cx, &mut out);
        terms::check(act, &clocks, &mut out);
        hearing::check(act, &clocks, &mut out);
    }
    versions::check(acts, &mut out);
    out.sort_by(|a, b| a.location.cmp(&b.location).then(a.code.cmp(b.code)));
    out
}

/// A finding.
pub(crate) fn finding(
    code: &'static str,
    severity: Severity,
    location: &Location,
    kk: String,
    ru: String,
    clauses: &[&Cited],
) -> Diagnostic {
    let mut clauses: Vec<String> = clauses.iter().map(|c| c.reference.to_compact()).collect();
    clauses.dedup();
    Diagnostic {
        code,
        severity,
        location: location.clone(),
        message: Localized::new(kk, ru).unwrap_or_else(|_| Localized::new_static("?", "?")),
        clauses,
    }
}

/// The working time of every provider schedule the acts use, built once.
pub(crate) struct Clocks {
    built: Vec<(Schedule, Result<WorkingTime, CalendarError>)>,
}

impl Clocks {
    fn new(acts: &[Act], cx: &Context<'_>) -> Self {
        let mut built: Vec<(Schedule, Result<WorkingTime, CalendarError>)> = Vec::new();
        for service in acts.iter().flat_map(|a| a.services.iter()) {
            if !built.iter().any(|(s, _)| *s == service.schedule) {
                let wt = WorkingTime::new(cx.calendar.clone(), service.schedule.clone());
                built.push((service.schedule.clone(), wt));
            }
        }
        Self { built }
    }

    /// The working time for `schedule`.
    pub(crate) fn get(&self, schedule: &Schedule) -> Result<&WorkingTime, CalendarError> {
        match self.built.iter().find(|(s, _)| s == schedule) {
            Some((_, Ok(wt))) => Ok(wt),
            Some((_, Err(e))) => Err(e.clone()),
            None => Err(CalendarError::Schedule(format!("no working time prepared for {schedule}"))),
        }
    }
}
