//! Forecast of a filing: when each step of the best and the worst route falls due, and when the
//! service term ends, on the working calendar.

use chrono::{DateTime, Utc};
use reglament_calendar::{CalendarError, DayCounting, Deadline, WorkingTime};
use reglament_regulation::model::{Act, EndKind, Process, Service, Variant};
use serde::Serialize;

use crate::paths;

/// One step of a forecast route.
#[derive(Debug, Clone, Serialize)]
pub struct StepDue {
    /// The step's id.
    pub step: String,
    /// Its term, as written.
    pub term: Option<String>,
    /// When it falls due (the previous step's due plus its term).
    pub due: DateTime<Utc>,
}

/// A route with its dues.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// How it ends.
    pub end: Option<EndKind>,
    /// The steps in order.
    pub steps: Vec<StepDue>,
}

impl Route {
    /// When the route ends.
    #[must_use]
    pub fn ends(&self) -> Option<DateTime<Utc>> {
        self.steps.last().map(|s| s.due)
    }
}

/// The forecast of one filing.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// The act version in force on the filing day.
    pub act: String,
    /// The service term, explained.
    pub term: Deadline,
    /// The quickest route to the positive result.
    pub best: Option<Route>,
    /// The slowest route of all.
    pub worst: Option<Route>,
}

/// The act version in force at `filed` (local date) that encodes `service` with `variant`.
#[must_use]
pub fn in_force<'a>(
    acts: &'a [Act],
    service: &str,
    variant: &str,
    on: chrono::NaiveDate,
) -> Option<(&'a Act, &'a Service, &'a Variant)> {
    acts.iter().find_map(|act| {
        let in_force = act.in_force_from <= on && act.in_force_until.is_none_or(|u| on <= u);
        let s = act.services.iter().find(|s| s.id == service)?;
        let v = s.variants.iter().find(|v| v.id == variant)?;
        in_force.then_some((act, s, v))
    })
}

/// Forecasts a filing at `filed` of `variant` on `wt`.
pub fn forecast(
    act: &Act,
    variant: &Variant,
    wt: &WorkingTime,
    filed: DateTime<Utc>,
) -> Result<Forecast, CalendarError> {
    let process = &act.processes[variant.process];
    let mut routes = Vec::new();
    for path in paths::complete(process) {
        routes.push(route(process, &path, wt, filed)?);
    }
    let best = routes.iter().filter(|r| r.end == Some(EndKind::Result)).min_by_key(|r| r.ends()).cloned();
    let worst = routes.iter().max_by_key(|r| r.ends()).cloned();
    Ok(Forecast {
        act: act.id.as_str().to_owned(),
        term: wt.explain(filed, variant.term.term.max, DayCounting::EndOfDay)?,
        best,
        worst,
    })
}

fn route(process: &Process, path: &[usize], wt: &WorkingTime, filed: DateTime<Utc>) -> Result<Route, CalendarError> {
    let mut t = wt.received(filed)?;
    let mut steps = Vec::new();
    for &i in path {
        let step = &process.steps[i];
        if let Some(term) = &step.term {
            t = wt.add(t, term.term.max, DayCounting::EndOfDay)?;
        }
        steps.push(StepDue { step: step.id.clone(), term: step.term.as_ref().map(|t| t.term.to_string()), due: t });
    }
    Ok(Route { end: path.last().and_then(|&i| process.steps[i].end), steps })
}
