//! The licensor's side of the registry: a case's issued documents in its case file, and for a
//! registered one the form that suspends, terminates or reinstates it — offered to, and accepted
//! from, only the officials of the issuing provider who hold the role of the step that issued it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use reglament_domain::Language;
use reglament_engine::Law;
use reglament_store::{IssuedDocument, RegistryChange, RegistryEntry, RegistryStatus, Store};
use serde::Deserialize;

use super::case_file::visible;
use super::texts as t;
use crate::auth::{Official, verify_csrf};
use crate::error::WebError;
use crate::pages::{PageError, language};
use crate::registry::texts::status as status_words;
use crate::state::AppState;

/// Whether `official` may change the registry status of `document`: of its provider, with the
/// role of the step that issued it.
fn may_change(law: &Law<'_>, document: &IssuedDocument, official: &Official) -> bool {
    let role = law.step(&document.step).map(|i| &law.act.roles[law.process().steps[i].actor].id);
    official.provider_bin == document.provider && role.is_some_and(|r| official.roles.contains(r))
}

/// The case's issued documents, each with its registry status and, for the officials who may,
/// the form to change it.
pub fn section(
    law: &Law<'_>,
    documents: &[(IssuedDocument, Option<RegistryEntry>)],
    official: &Official,
    case: &str,
    lang: Language,
) -> Markup {
    let l = lang.code();
    html! {
        @if !documents.is_empty() {
            h2 { (t::ISSUED.get(lang)) }
            ul #issued {
                @for (d, entry) in documents {
                    li data-number=(d.number) {
                        a href={ "/" (l) "/registry/" (d.number) } { "№ " (d.number) }
                        @if let Some(e) = entry {
                            " — " strong.registry-status { (status_words(e.status).get(lang)) }
                            @if may_change(law, d, official) {
                                form.inline method="post" action={ "/" (l) "/office/cases/" (case) "/registry" } {
                                    input type="hidden" name="csrf" value=(official.csrf);
                                    input type="hidden" name="number" value=(d.number);
                                    select name="status" aria-label=(t::NEW_STATUS.get(lang)) {
                                        @for s in [RegistryStatus::Suspended, RegistryStatus::Terminated, RegistryStatus::Active] {
                                            @if s != e.status { option value=(s.as_str()) { (status_words(s).get(lang)) } }
                                        }
                                    }
                                    input type="text" name="reason" size="40" required placeholder=(t::STATUS_REASON.get(lang)) aria-label=(t::STATUS_REASON.get(lang));
                                    button type="submit" { (t::CHANGE_STATUS.get(lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The status change posted from the case file.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    csrf: Option<String>,
    number: String,
    status: String,
    reason: String,
}

/// `POST /{lang}/office/cases/{id}/registry`: records the change and returns to the case file.
pub async fn change(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    official: Official,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    verify_csrf(&official.csrf, form.csrf.as_deref()).map_err(fail)?;
    let runtime = state.runtime().map_err(fail)?;
    // Another provider's official may not change this provider's registry: 403.
    let case = visible(runtime, &id, &official).await.map_err(|_| fail(WebError::Forbidden))?;
    let law = runtime.law_of(&case).map_err(|e| fail(e.into()))?;
    let store = state.store();
    let document = store.document(&form.number).await.map_err(|e| fail(e.into()))?;
    let document = document.filter(|d| d.case_id == id).ok_or(fail(WebError::NotFound))?;
    if !may_change(&law, &document, &official) {
        return Err(fail(WebError::Forbidden));
    }
    let status: RegistryStatus = form.status.parse().map_err(|e: reglament_store::UnknownName| {
        fail(WebError::Invalid { field: "status", reason: e.to_string() })
    })?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(fail(WebError::Invalid { field: "reason", reason: "the decision that changes the status".into() }));
    }
    let change = RegistryChange { number: document.number.clone(), status, at: state.now(), reason: reason.to_owned() };
    if !store.change_registry_status(&change).await.map_err(|e| fail(e.into()))? {
        return Err(fail(WebError::NotFound));
    }
    let to = format!("/{}/office/cases/{id}", lang.code());
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response())
}
