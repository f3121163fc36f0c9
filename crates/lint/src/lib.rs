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

use reglament_calendar::{Calendar, CalendarError, WorkingTime};
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
    for act in acts {
        graph::check(act, &mut out);
        numbering::check(act, &mut out);
        notes::check(act, &mut out);
        fees::check(act, cx, &mut out);
        terms::check(act, cx, &mut out);
        hearing::check(act, cx, &mut out);
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

/// The working time of a service's provider, or the calendar error.
pub(crate) fn working_time(
    cx: &Context<'_>,
    schedule: &reglament_calendar::Schedule,
) -> Result<WorkingTime, CalendarError> {
    WorkingTime::new(cx.calendar.clone(), schedule.clone())
}
