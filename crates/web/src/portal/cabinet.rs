//! The applicant's personal cabinet: every application with its state (`/{lang}/cabinet`), and a
//! filed one (`/{lang}/cabinet/{id}`) with its steps and their due instants on the working
//! calendar, the hearing notice with the form to object, the documents issued (each shown in
//! place, with its PDF, its `.p7s` and the PDF with the signature embedded), and the complaint.
//! Only the applicant's own applications are shown; another's id is "not found".

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use reglament_calendar::words;
use reglament_domain::Language;
use reglament_engine::{Case, Command, Event, Status};
use reglament_regulation::model::EndKind;
use reglament_runtime::RuntimeError;
use reglament_store::{EventRow, IssuedDocument, Store};
use serde::Deserialize;

use super::application::own;
use super::texts as t;
use crate::auth::Applicant;
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// A case's state in words.
pub(crate) fn status_words(status: Status, lang: Language) -> String {
    let words = match status {
        Status::Open => t::OPEN,
        Status::Closed(EndKind::Result) => t::RESULT,
        Status::Closed(EndKind::Refusal) => t::REFUSAL,
        Status::Withdrawn => t::WITHDRAWN,
    };
    words.get(lang).to_owned()
}

/// `GET /{lang}/cabinet`.
pub async fn list(State(state): State<AppState>, Path(lang): Path<String>, applicant: Applicant) -> PageResult {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let applications = state.store().applications_of(&applicant.iin).await.map_err(|e| fail(e.into()))?;
    let runtime = state.runtime().ok();
    let mut rows = Vec::new();
    for a in &applications {
        let status = match (a.filed_at, runtime) {
            (Some(_), Some(runtime)) => match runtime.load(&a.id).await {
                Ok((_, case)) => status_words(case.status, lang),
                Err(_) => "—".to_owned(),
            },
            (Some(_), None) => "—".to_owned(),
            (None, _) => t::DRAFT.get(lang).to_owned(),
        };
        rows.push((a, status));
    }
    let l = lang.code();
    let content = html! {
        h1 { (crate::auth::texts::CABINET.get(lang)) }
        p { (crate::auth::texts::SIGNED_IN_AS.get(lang)) ": " strong.who-name { (applicant.name) } " (" (applicant.iin) ")" }
        h2 { (t::MY_APPLICATIONS.get(lang)) }
        @if rows.is_empty() { p { (t::NONE_YET.get(lang)) " " a href={ "/" (l) "/services" } { (t::CATALOGUE.get(lang)) } } }
        @else {
            table #applications {
                tr { th { (t::APPLICATION.get(lang)) } th { (crate::texts::SERVICES.get(lang)) } th { (t::STATUS.get(lang)) } }
                @for (a, status) in &rows {
                    tr {
                        td { @if a.filed_at.is_some() { a href={ "/" (l) "/cabinet/" (a.id) } { (a.id) } } @else { a href={ "/" (l) "/applications/" (a.id) } { (a.id) } } }
                        td { (a.service) " / " (a.variant) }
                        td.status { (status) }
                    }
                }
            }
        }
    };
    let viewer = layout::Viewer { name: &applicant.name, csrf: &applicant.csrf };
    Ok(Html(
        layout::page_as(lang, crate::auth::texts::CABINET.get(lang), "/cabinet", &content, Some(viewer)).into_string(),
    ))
}

/// The steps of `case`: done ones, then active ones with their due instants.
fn steps(state: &AppState, case: &Case, lang: Language) -> Result<Markup, WebError> {
    let runtime = state.runtime()?;
    let law = runtime.law_of(case)?;
    let zone = law.wt.calendar().zone();
    let due_of = |clock: &reglament_engine::ClockId| -> Option<DateTime<Utc>> {
        reglament_engine::clocks::clocks(case, &law)
            .into_iter()
            .find(|(c, _)| c == clock)
            .and_then(|(_, legal)| legal.due(law.wt).ok().flatten())
    };
    let name = |id: &str| law.step_action(id, lang);
    let service_due = due_of(&reglament_engine::ClockId::Service);
    Ok(html! {
        @if let Some(due) = service_due { p { (t::SERVICE_TERM.get(lang)) ": " strong #service-due { (words::instant(due, zone, lang)) } } }
        h2 { (t::STEPS.get(lang)) }
        ol #steps {
            @for step in &case.done { li.done { (name(step)) " — " (t::DONE.get(lang)) } }
            @for step in case.active.keys() {
                li.active {
                    (name(step)) " — " (t::IN_PROGRESS.get(lang))
                    @if let Some(due) = due_of(&reglament_engine::ClockId::Step(step.clone())) {
                        ", " (t::DUE_BY.get(lang)) " " (words::instant(due, zone, lang))
                    }
                }
            }
        }
    })
}

/// What the applicant was told, from the case's history: receipt, registration, the hearing
/// notice, the objection, the end.
fn notifications(history: &[EventRow], zone: chrono_tz::Tz, lang: Language) -> Markup {
    let mut lines = Vec::new();
    for row in history {
        let Ok(event) = serde_json::from_str::<Event>(&row.event) else { continue };
        let (at, what) = match event {
            Event::Filed { received_at, .. } => (received_at, t::NOTE_RECEIVED.get(lang).to_owned()),
            Event::Registered { number } => (row.at, format!("{} {number}", t::NOTE_REGISTERED.get(lang))),
            Event::HearingNotified { at, .. } => (at, t::HEARING_NOTICE.get(lang).to_owned()),
            Event::ObjectionRecorded { at, .. } => (at, t::OBJECTION_SENT.get(lang).to_owned()),
            Event::Closed { end, at } => (at, status_words(Status::Closed(end), lang)),
            Event::Withdrawn { at } => (at, t::WITHDRAWN.get(lang).to_owned()),
            _ => continue,
        };
        lines.push((at, what));
    }
    html! {
        h2 { (t::NOTIFICATIONS.get(lang)) }
        ul #notifications { @for (at, what) in &lines { li { small { (words::instant(*at, zone, lang)) } " — " (what) } } }
    }
}

/// `GET /{lang}/cabinet/{id}`.
pub async fn case(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    applicant: Applicant,
) -> PageResult {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    own(&state, &id, &applicant).await.map_err(fail)?;
    let runtime = state.runtime().map_err(fail)?;
    let history = state.store().events(&id).await.map_err(|e| fail(e.into()))?;
    let (case, course) = runtime.course_of(&id, &history, state.now()).map_err(|e| fail(e.into()))?;
    let law = runtime.law_of(&case).map_err(|e| fail(e.into()))?;
    let complained = runtime.load(&format!("{id}-K")).await.is_ok();
    let documents = state.store().documents_of(&id).await.map_err(|e| fail(e.into()))?;
    let renditions: Vec<Vec<reglament_document::Sheet>> =
        documents.iter().map(|d| serde_json::from_str(&d.sheets).unwrap_or_default()).collect();
    let ground_text = |g: &str| {
        law.service
            .refusal_grounds
            .iter()
            .find(|r| r.id == g)
            .map_or_else(|| g.to_owned(), |r| format!("{} ({})", r.text.get(lang), r.cite.reference.display(lang)))
    };
    let l = lang.code();
    let content = html! {
        h1 { (t::APPLICATION.get(lang)) " " (id) }
        p { (t::STATUS.get(lang)) ": " strong #case-status { (status_words(case.status, lang)) } }
        (steps(&state, &case, lang).map_err(fail)?)
        (crate::pages::timeline::draw(&course, &law, lang))
        (notifications(&history, law.wt.calendar().zone(), lang))
        @if let Some(hearing) = &case.hearing {
            section #hearing.card {
                h2 { (t::HEARING_NOTICE.get(lang)) }
                @if let Some(a) = &hearing.appointment {
                    p #appointment { (t::HEARING_WHEN.get(lang)) ": " strong { (words::instant(a.at, law.wt.calendar().zone(), lang)) } ", " (a.place) }
                }
                @if let Some(grounds) = &case.refusal {
                    p { (t::GROUNDS.get(lang)) ":" }
                    ul { @for g in grounds { li { (ground_text(g)) } } }
                }
                @match &hearing.objection {
                    Some(text) => p { (t::OBJECTION_SENT.get(lang)) ": " em { (text) } },
                    None => form method="post" action={ "/" (l) "/cabinet/" (id) "/objection" } {
                        input type="hidden" name="csrf" value=(applicant.csrf);
                        label for="objection" { (t::OBJECTION.get(lang)) }
                        textarea id="objection" name="text" rows="4" cols="60" required {}
                        p { button type="submit" id="send-objection" { (t::SEND_OBJECTION.get(lang)) } }
                    },
                }
            }
        }
        (issued(&documents, &renditions, &law, &id, lang))
        @if complained {
            p #complaint { (t::COMPLAINT_FILED.get(lang)) }
        } @else {
            form method="post" action={ "/" (l) "/cabinet/" (id) "/complaint" } {
                input type="hidden" name="csrf" value=(applicant.csrf);
                button type="submit" id="complain" { (t::COMPLAIN.get(lang)) }
            }
        }
    };
    let viewer = layout::Viewer { name: &applicant.name, csrf: &applicant.csrf };
    let path = format!("/cabinet/{id}");
    Ok(Html(layout::page_as(lang, t::APPLICATION.get(lang), &path, &content, Some(viewer)).into_string()))
}

/// The documents issued in case `id`: each with its number, the document itself shown in place
/// (its HTML rendition in the page's language, from the sheets kept with it; else the signed PDF),
/// its files and where anyone can verify it.
fn issued(
    documents: &[IssuedDocument],
    renditions: &[Vec<reglament_document::Sheet>],
    law: &reglament_engine::Law<'_>,
    id: &str,
    lang: Language,
) -> Markup {
    use crate::registry::texts as r;
    let l = lang.code();
    let name = |d: &IssuedDocument| {
        law.act
            .documents
            .iter()
            .find(|x| x.id == d.document)
            .map_or_else(|| d.document.clone(), |x| x.name.get(lang).to_owned())
    };
    let zone = law.wt.calendar().zone();
    html! {
        @if !documents.is_empty() {
            section #documents.card {
                h2 { (r::ISSUED_DOCUMENTS.get(lang)) }
                @for (d, sheets) in documents.iter().zip(renditions) {
                    @let base = format!("/{l}/cabinet/{id}/documents/{}", d.number);
                    div.issued data-number=(d.number) {
                        h3 { (name(d)) " № " (d.number) }
                        p { (r::ISSUED_ON.get(lang)) ": " (words::instant(d.issued_at, zone, lang)) }
                        @if let Some(sheet) = sheets.iter().find(|s| s.language == lang) {
                            div.rendition { (reglament_document::html(sheet)) }
                        } @else {
                        object data={ (base) ".pdf" } type="application/pdf" width="100%" height="720" aria-label={ (r::DOCUMENT_VIEW.get(lang)) " № " (d.number) } {
                            p { (r::NO_VIEWER.get(lang)) " " a href={ (base) ".pdf" } download { (d.number) ".pdf" } }
                        }
                        }
                        ul.downloads {
                            li { a href={ (base) ".pdf" } download { (r::DOWNLOAD_PDF.get(lang)) } }
                            li { a href={ (base) ".p7s" } download { (r::DOWNLOAD_P7S.get(lang)) } }
                            li { a href={ (base) "-signed.pdf" } download { (r::DOWNLOAD_SIGNED.get(lang)) } }
                        }
                        p { small.hint { (r::VERIFY_HINT.get(lang)) " " a href={ "/" (l) "/registry/" (d.number) } { "/" (l) "/registry/" (d.number) } } }
                    }
                }
            }
        }
    }
}

/// `GET /{lang}/cabinet/{id}/documents/{file}`: `{number}.pdf` (shown in place),
/// `{number}.p7s` or `{number}-signed.pdf` of a document issued in the applicant's own case.
pub async fn document(
    State(state): State<AppState>,
    Path((lang, id, file)): Path<(String, String, String)>,
    applicant: Applicant,
) -> Result<Response, PageError> {
    use crate::registry::{Download, download};
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    own(&state, &id, &applicant).await.map_err(fail)?;
    let (number, part) = Download::of_cabinet(&file).ok_or(fail(WebError::NotFound))?;
    let found = state.store().document(number).await.map_err(|e| fail(e.into()))?;
    let document = found.filter(|d| d.case_id == id).ok_or(fail(WebError::NotFound))?;
    download(&document, part, part == Download::Pdf).map_err(fail)
}

/// A form with the CSRF token and, for an objection, its text.
#[derive(Debug, Deserialize)]
pub struct Objection {
    csrf: Option<String>,
    #[serde(default)]
    text: String,
}

fn back(lang: Language, id: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/{}/cabinet/{id}", lang.code()))]).into_response()
}

/// `POST /{lang}/cabinet/{id}/objection`.
pub async fn object(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    applicant: Applicant,
    Form(form): Form<Objection>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let application = super::application::posted(&state, lang, &id, &applicant, form.csrf.as_deref()).await?;
    let iin = super::application::applicant_of(&application).map_err(fail)?;
    if form.text.trim().is_empty() {
        return Err(fail(WebError::Invalid { field: "text", reason: t::REQUIRED.get(lang).to_owned() }));
    }
    let runtime = state.runtime().map_err(fail)?;
    let cmd = Command::RecordObjection { text: form.text.trim().to_owned() };
    let actor = reglament_engine::Actor::Applicant { iin, entity: None };
    runtime
        .command(&id, &cmd, &actor, state.now(), Some(&format!("objection:{id}")))
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(back(lang, &id))
}

/// `POST /{lang}/cabinet/{id}/complaint`: a complaint about the case, its own case with its own
/// clocks (the complaint's id is the case's with `-K`).
pub async fn complain(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    applicant: Applicant,
    Form(form): Form<Objection>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let application = super::application::posted(&state, lang, &id, &applicant, form.csrf.as_deref()).await?;
    let iin = super::application::applicant_of(&application).map_err(fail)?;
    let runtime = state.runtime().map_err(fail)?;
    let now = state.now();
    let complaint = format!("{id}-K");
    let (_, about) = runtime.load(&id).await.map_err(|e| fail(e.into()))?;
    let provider =
        about.provider.ok_or_else(|| fail(RuntimeError::NoProvider { service: about.service.clone() }.into()))?;
    let cmd = Command::File { applicant: iin, entity: None, provider, filed_at: now };
    let actor = reglament_engine::Actor::Applicant { iin, entity: None };
    runtime
        .file_complaint(&complaint, &id, &cmd, &actor, now, Some(&format!("complaint:{id}")))
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(back(lang, &id))
}
