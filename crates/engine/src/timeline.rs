//! A case's course against its legal terms, for drawing: each step's span (when it started, when
//! it was done or, still running, `now`) with the due instant of its own term, and the service's
//! due instant. Derived from the case's events and its law; `now` is an argument.

use chrono::{DateTime, Utc};
use reglament_calendar::{CalendarError, DayCounting, LegalClock};

use crate::case::Case;
use crate::clocks::clocks;
use crate::event::{ClockId, Event};
use crate::law::Law;

/// One step's time in the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The step.
    pub step: String,
    /// When it started.
    pub from: DateTime<Utc>,
    /// When it was done, or `now` while it runs.
    pub to: DateTime<Utc>,
    /// Whether it was done (or ended with the case).
    pub done: bool,
    /// The end of its own term, if it has one.
    pub due: Option<DateTime<Utc>>,
}

impl Span {
    /// Whether it ran (or runs) past its term.
    #[must_use]
    pub fn late(&self) -> bool {
        self.due.is_some_and(|d| self.to > d)
    }
}

/// The case's course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// When the application was filed.
    pub filed: DateTime<Utc>,
    /// The instant drawn as "now".
    pub now: DateTime<Utc>,
    /// When the case was closed or withdrawn.
    pub ended: Option<DateTime<Utc>>,
    /// The end of the service's term.
    pub service_due: Option<DateTime<Utc>>,
    /// The steps, in the order they started.
    pub spans: Vec<Span>,
}

impl Timeline {
    /// The last instant to draw: the latest of now (or the end), the service's and every step's
    /// due instant.
    #[must_use]
    pub fn last(&self) -> DateTime<Utc> {
        let mut last = self.ended.unwrap_or(self.now).max(self.filed);
        for t in self.service_due.iter().chain(self.spans.iter().filter_map(|s| s.due.as_ref())) {
            last = last.max(*t);
        }
        last
    }
}

/// The course of `case` (the fold of `events`) under `law`, as it stands at `now`.
pub fn timeline(case: &Case, events: &[Event], law: &Law<'_>, now: DateTime<Utc>) -> Result<Timeline, CalendarError> {
    let term_of = |step: &str| law.step_named(step).and_then(|s| s.term.as_ref()).map(|t| t.term.max);
    let mut spans: Vec<Span> = Vec::new();
    for event in events {
        match event {
            Event::StepStarted { step, at } => {
                let due = term_of(step)
                    .map(|budget| LegalClock::new(*at, budget, DayCounting::EndOfDay).due(law.wt))
                    .transpose()?
                    .flatten();
                spans.push(Span { step: step.clone(), from: *at, to: now.max(*at), done: false, due });
            }
            Event::StepCompleted { step, at, .. } => {
                if let Some(span) = spans.iter_mut().rev().find(|s| s.step == *step && !s.done) {
                    span.to = *at;
                    span.done = true;
                }
            }
            Event::Closed { at, .. } | Event::Withdrawn { at } => {
                for span in spans.iter_mut().filter(|s| !s.done) {
                    span.to = *at;
                    span.done = true;
                }
            }
            _ => {}
        }
    }
    let service_due = clocks(case, law)
        .into_iter()
        .find(|(c, _)| *c == ClockId::Service)
        .map(|(_, clock)| clock.due(law.wt))
        .transpose()?
        .flatten();
    Ok(Timeline { filed: case.filed_at, now, ended: case.ended_at, service_due, spans })
}
