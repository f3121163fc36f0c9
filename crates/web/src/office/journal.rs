//! The journal of incoming correspondence (`/{lang}/office/journal`): the applications received
//! by the official's inboxes, with their receipt instant and incoming number (or "not
//! registered"), newest first.

use axum::extract::{Path, State};
use axum::response::Html;
use maud::html;
use reglament_calendar::words;
use reglament_store::{CaseFilter, Store};

use super::texts as t;
use crate::auth::Official;
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// `GET /{lang}/office/journal`.
pub async fn page(State(state): State<AppState>, Path(lang): Path<String>, official: Official) -> PageResult {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let runtime = state.runtime().map_err(fail)?;
    let mut entries = Vec::new();
    for row in state.store().cases(&CaseFilter::default()).await.map_err(|e| fail(e.into()))? {
        let Ok(case) = super::case_file::visible(runtime, &row.id, &official).await else { continue };
        let zone = runtime.law_of(&case).map_err(|e| fail(e.into()))?.wt.calendar().zone();
        entries.push((case.received_at, words::instant(case.received_at, zone, lang), case));
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    let l = lang.code();
    let content = html! {
        h1 { (t::JOURNAL.get(lang)) }
        table #journal {
            tr { th { (t::RECEIVED.get(lang)) } th { (t::REGISTRATION.get(lang)) } th { (t::CASE.get(lang)) } th { (t::APPLICANT.get(lang)) } }
            @for (_, received, case) in &entries {
                tr {
                    td { (received) }
                    td { (case.registration.clone().unwrap_or_else(|| t::NOT_REGISTERED.get(lang).to_owned())) }
                    td { a href={ "/" (l) "/office/cases/" (case.id) } { (case.id) } br; small { (case.service) " / " (case.variant) } }
                    td { (case.applicant) }
                }
            }
        }
    };
    let viewer = layout::Viewer { name: &official.name, csrf: &official.csrf };
    Ok(Html(layout::page_as(lang, t::JOURNAL.get(lang), "/office/journal", &content, Some(viewer)).into_string()))
}
