//! The JSON API for integrators: the calendar of a year, a deadline with its explanation, and
//! the working time between two instants.

use axum::Json;
use axum::extract::{Path, Query, State};
use reglament_calendar::{Budget, DayCounting, Deadline, Elapsed, YearSummary, parse_instant};
use reglament_domain::Language;
use serde::{Deserialize, Serialize};

use crate::error::WebError;
use crate::state::AppState;

/// `GET /api/calendar/{year}`.
pub async fn year(State(state): State<AppState>, Path(year): Path<i32>) -> Result<Json<YearSummary>, WebError> {
    Ok(Json(state.working_time().await?.year_summary(year)?))
}

/// Query of `GET /api/deadline`.
#[derive(Debug, Deserialize)]
pub struct DeadlineQuery {
    /// Start instant: RFC 3339, or local Almaty time `2026-03-20T19:40`.
    pub start: String,
    /// Term: `15wd`, `8wh`, `30wmin`, `45ws` or `10cd`.
    pub term: String,
    /// `end-of-day` (default) or `from-instant`.
    pub counting: Option<String>,
    /// Language of the explanation lines: `kk` or `ru` (default).
    pub lang: Option<String>,
}

/// A deadline with its explanation in words.
#[derive(Debug, Serialize)]
pub struct DeadlineAnswer {
    /// The computation.
    #[serde(flatten)]
    pub deadline: Deadline,
    /// The explanation as lines of text.
    pub explanation: Vec<String>,
}

/// `GET /api/deadline?start&term&counting&lang`.
pub async fn deadline(
    State(state): State<AppState>,
    Query(q): Query<DeadlineQuery>,
) -> Result<Json<DeadlineAnswer>, WebError> {
    let wt = state.working_time().await?;
    let zone = wt.calendar().zone();
    let start = parse_instant(&q.start, zone).map_err(WebError::field("start"))?;
    let budget: Budget = q.term.parse().map_err(WebError::field("term"))?;
    let counting: DayCounting =
        q.counting.as_deref().unwrap_or("end-of-day").parse().map_err(WebError::field("counting"))?;
    let lang: Language = q.lang.as_deref().unwrap_or("ru").parse().unwrap_or(Language::Ru);
    let deadline = wt.explain(start, budget, counting)?;
    let explanation = deadline.lines(zone, lang);
    Ok(Json(DeadlineAnswer { deadline, explanation }))
}

/// Query of `GET /api/between`.
#[derive(Debug, Deserialize)]
pub struct BetweenQuery {
    /// From.
    pub from: String,
    /// To.
    pub to: String,
}

/// `GET /api/between?from&to`.
pub async fn between(State(state): State<AppState>, Query(q): Query<BetweenQuery>) -> Result<Json<Elapsed>, WebError> {
    let wt = state.working_time().await?;
    let zone = wt.calendar().zone();
    let from = parse_instant(&q.from, zone).map_err(WebError::field("from"))?;
    let to = parse_instant(&q.to, zone).map_err(WebError::field("to"))?;
    Ok(Json(wt.between(from, to)?))
}
