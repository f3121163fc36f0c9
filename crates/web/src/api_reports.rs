//! `GET /api/v1/reports/quality?from=&to=`: the quality-control body's report on a period as JSON
//! for integrators (a monitoring system pulls it with a bearer token): the same report as the
//! page `/{lang}/quality/report` draws.

use axum::Json;
use axum::extract::{Query, State};
use reglament_runtime::report::Report;

use crate::error::WebError;
use crate::integrator::Integrator;
use crate::office::report::{ReportQuery, period};
use crate::state::AppState;

/// `GET /api/v1/reports/quality?from=YYYY-MM-DD&to=YYYY-MM-DD` (default: the current month to today).
pub async fn quality(
    State(state): State<AppState>,
    _integrator: Integrator,
    Query(q): Query<ReportQuery>,
) -> Result<Json<Report>, WebError> {
    let period = period(&state, &q)?;
    Ok(Json(state.runtime()?.report(period, state.now()).await?))
}
