//! The deadline calculator: a start instant and a term in, the due instant out, with the
//! explanation and a strip of the days in between.

use axum::extract::{Path, Query, RawQuery, State};
use axum::response::Html;
use maud::{Markup, html};
use reglament_calendar::{Budget, DayCounting, parse_instant, words};
use reglament_domain::Language;
use serde::Deserialize;

use super::calendar::strip_cell;
use super::{PageResult, language, layout};
use crate::error::WebError;
use crate::state::AppState;
use crate::texts;

/// The calculator's query: all optional, so the empty form shows first.
#[derive(Debug, Default, Deserialize)]
pub struct DeadlineQuery {
    /// Start instant (RFC 3339, or local Almaty time).
    pub start: Option<String>,
    /// Term, e.g. `15wd`.
    pub term: Option<String>,
    /// `end-of-day` (default) or `from-instant`.
    pub counting: Option<String>,
}

/// `/{lang}/deadline`.
pub async fn page(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    RawQuery(raw): RawQuery,
    Query(q): Query<DeadlineQuery>,
) -> PageResult {
    let lang = language(&lang)?;
    let result = match (q.start.as_deref(), q.term.as_deref()) {
        (Some(start), Some(term)) if !start.is_empty() && !term.is_empty() => {
            Some(compute(&state, lang, start, term, q.counting.as_deref()).await)
        }
        _ => None,
    };
    let content = html! {
        h1 { (texts::DEADLINE.get(lang)) }
        (form(lang, &q))
        @match result {
            Some(Ok(markup)) => (markup),
            Some(Err(e)) => p.error { (texts::ERROR.get(lang)) ": " (e.to_string()) },
            None => {},
        }
    };
    let path = raw.map_or_else(|| "/deadline".to_owned(), |query| format!("/deadline?{query}"));
    Ok(Html(layout::page(lang, texts::DEADLINE.get(lang), &path, &content).into_string()))
}

fn form(lang: Language, q: &DeadlineQuery) -> Markup {
    let counting = q.counting.as_deref().unwrap_or("end-of-day");
    html! {
        form method="get" {
            label for="start" { (texts::START.get(lang)) }
            input #start name="start" type="text" placeholder="2026-03-20T19:40" value=(q.start.as_deref().unwrap_or(""));
            label for="term" { (texts::TERM.get(lang)) }
            input #term name="term" type="text" placeholder="6wd" value=(q.term.as_deref().unwrap_or(""));
            br; small.hint { (texts::TERM_HINT.get(lang)) }
            label for="counting" { (texts::COUNTING.get(lang)) }
            select #counting name="counting" {
                option value="end-of-day" selected[counting == "end-of-day"] { (texts::END_OF_DAY.get(lang)) }
                option value="from-instant" selected[counting == "from-instant"] { (texts::FROM_INSTANT.get(lang)) }
            }
            p { button type="submit" { (texts::COMPUTE.get(lang)) } }
        }
    }
}

async fn compute(
    state: &AppState,
    lang: Language,
    start: &str,
    term: &str,
    counting: Option<&str>,
) -> Result<Markup, WebError> {
    let wt = state.working_time().await?;
    let zone = wt.calendar().zone();
    let start = parse_instant(start, zone).map_err(WebError::field("start"))?;
    let budget: Budget = term.parse().map_err(WebError::field("term"))?;
    let counting: DayCounting = counting.unwrap_or("end-of-day").parse().map_err(WebError::field("counting"))?;
    let deadline = wt.explain(start, budget, counting)?;
    let received = deadline.received.map_or(start, |(r, _)| r);
    let to_date = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).date_naive();
    let (from, to) = (to_date(start), to_date(deadline.due));
    let days: Vec<_> = wt.calendar().days().iter().filter(|d| d.date >= from && d.date <= to).collect();
    Ok(html! {
        h2 { (texts::DUE.get(lang)) }
        p.due-at { (words::instant(deadline.due, zone, lang)) }
        h3 { (texts::TIMELINE.get(lang)) }
        div.strip {
            @for day in days {
                @let mark = if day.date == to { "due" } else if day.date == to_date(received) { "received" } else { "" };
                (strip_cell(day, lang, mark))
            }
        }
        h3 { (texts::WHY.get(lang)) }
        ul { @for line in deadline.lines(zone, lang) { li { (line) } } }
    })
}
