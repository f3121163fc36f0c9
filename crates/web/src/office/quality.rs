//! The quality-control body's view (`/{lang}/quality`, staff role `quality-control`): the open
//! cases by service and provider with how many are past their legal term, every case past a term
//! with the term and how long ago it fell due, and the complaints with their own clocks.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::Html;
use chrono::{DateTime, Utc};
use maud::html;
use reglament_calendar::words;
use reglament_engine::{Case, ClockId};
use reglament_store::{CaseFilter, Store};

use super::inbox::{due, left_words};
use super::texts as t;
use crate::auth::Official;
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// The role of the quality-control body on a staff list.
pub const ROLE: &str = reglament_engine::QUALITY_CONTROL;

/// One open case as the body sees it.
struct Row {
    case: Case,
    name: reglament_domain::Localized,
    provider: String,
    due: Option<DateTime<Utc>>,
    left_seconds: Option<i64>,
    zone: chrono_tz::Tz,
}

async fn rows(state: &AppState, now: DateTime<Utc>) -> Result<Vec<Row>, WebError> {
    let runtime = state.runtime()?;
    let mut out = Vec::new();
    for row in state.store().cases(&CaseFilter { open_only: true, ..CaseFilter::default() }).await? {
        let (_, case) = runtime.load(&row.id).await?;
        let law = runtime.law_of(&case)?;
        let due = due(runtime, &case, &ClockId::Service);
        let left_seconds = due.and_then(|d| law.wt.between(now, d).ok()).map(|e| e.working_seconds);
        let provider = law.service.provider.get(reglament_domain::Language::Ru).to_owned();
        out.push(Row {
            case,
            name: law.service.name.clone(),
            provider,
            due,
            left_seconds,
            zone: law.wt.calendar().zone(),
        });
    }
    Ok(out)
}

/// `GET /{lang}/quality`.
pub async fn page(State(state): State<AppState>, Path(lang): Path<String>, official: Official) -> PageResult {
    let lang = language(&lang)?;
    if !official.roles.iter().any(|r| r == ROLE) {
        return Err(PageError(WebError::Forbidden, lang));
    }
    let rows = rows(&state, state.now()).await.map_err(|e| PageError(e, lang))?;
    let late = |r: &Row| r.left_seconds.is_some_and(|s| s < 0);
    let mut by_service: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.case.concerns.is_none()) {
        let entry = by_service.entry((r.name.get(lang).to_owned(), r.provider.clone())).or_default();
        entry.0 += 1;
        entry.1 += usize::from(late(r));
    }
    let l = lang.code();
    let content = html! {
        h1 { (t::QUALITY.get(lang)) }
        p { a #to-report href={ "/" (l) "/quality/report" } { (t::TO_REPORT.get(lang)) } }
        table #by-service {
            tr { th { (crate::texts::SERVICES.get(lang)) } th { (t::PROVIDER.get(lang)) } th { (t::OPEN_CASES.get(lang)) } th { (t::BREACHED.get(lang)) } }
            @for ((service, provider), (open, breached)) in &by_service {
                tr { td { (service) } td { (provider) } td { (open) } td.breached[*breached > 0] { (breached) } }
            }
        }
        h2 { (t::BREACHES.get(lang)) }
        ul #breaches {
            @for r in rows.iter().filter(|r| late(r) && r.case.concerns.is_none()) {
                li { a href={ "/" (l) "/office/cases/" (r.case.id) } { (r.case.id) } " — " (r.name.get(lang)) ", " (t::DUE.get(lang)) " "
                    (r.due.map(|d| words::instant(d, r.zone, lang)).unwrap_or_default()) }
            }
        }
        h2 { (t::COMPLAINTS.get(lang)) }
        table #complaints {
            tr { th { (t::CASE.get(lang)) } th { (t::CONCERNS.get(lang)) } th { (t::DUE.get(lang)) } th { (t::LEFT.get(lang)) } }
            @for r in rows.iter().filter(|r| r.case.concerns.is_some()) {
                tr {
                    td { (r.case.id) }
                    td { (r.case.concerns.clone().unwrap_or_default()) }
                    td { (r.due.map(|d| words::instant(d, r.zone, lang)).unwrap_or_default()) }
                    td { (r.left_seconds.map(|s| left_words(s, lang)).unwrap_or_default()) }
                }
            }
        }
    };
    let viewer = layout::Viewer { name: &official.name, csrf: &official.csrf };
    Ok(Html(layout::page_as(lang, t::QUALITY.get(lang), "/quality", &content, Some(viewer)).into_string()))
}
