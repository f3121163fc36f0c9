//! The case file (`/{lang}/office/cases/{id}`) as the official reviews it: the applicant and the
//! application (form and attachments), the payment, every state system's answer kept as evidence
//! with the check of its hash and the platform's signature, the grounds the answers indicate,
//! the hearing and the objection, the history; and the actions of the active steps that belong
//! to the official's roles.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use reglament_calendar::words;
use reglament_domain::Language;
use reglament_engine::{Case, Law};
use reglament_runtime::Runtime;
use reglament_store::Store;

use super::texts as t;
use super::{actions, decision};
use crate::auth::Official;
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::portal::cabinet::status_words;
use crate::state::AppState;

/// The NCALayer client of the signing forms: signs the form's document (its PDF's bytes, a
/// detached CMS) and posts the signature.
const SCRIPT: &str = r"
document.querySelectorAll('button[data-sign]').forEach(function (button) {
  button.addEventListener('click', function (event) {
    event.preventDefault();
    var form = button.form;
    var status = form.querySelector('.sign-status');
    var ws = new WebSocket(button.dataset.ncalayer);
    ws.onerror = function () { status.textContent = status.dataset.unreachable; };
    ws.onmessage = function (message) {
      var answer = JSON.parse(message.data);
      if (answer.result && answer.result.version) {
        ws.send(JSON.stringify({ module: 'kz.gov.pki.knca.basics', method: 'sign', args: {
          allowedStorages: null, format: 'cms', data: form.querySelector('.document-data').value,
          signingParams: { decode: true, encapsulate: false, digested: false },
          signerParams: { extKeyUsageOids: [], chain: [] }, locale: document.documentElement.lang } }));
        return;
      }
      ws.close();
      if (answer.status && answer.body && answer.body.result) {
        form.querySelector('input[name=signature]').value = answer.body.result[0];
        form.submit();
      } else {
        status.textContent = answer.message || status.dataset.unreachable;
      }
    };
  });
});
";

/// The case `id` if it goes to the official's provider, or the official is of the
/// quality-control body (which reads every case file and acts on none of a provider's steps);
/// another provider's case is "not found", whatever roles the official holds.
pub(crate) async fn visible(runtime: &Runtime, id: &str, official: &Official) -> Result<Case, WebError> {
    let (_, case) = runtime.load(id).await.map_err(|_| WebError::NotFound)?;
    let ours = case.provider.is_some_and(|p| p.to_string() == official.provider_bin);
    let controls = official.roles.iter().any(|r| r == super::quality::ROLE);
    if ours || controls { Ok(case) } else { Err(WebError::NotFound) }
}

fn evidence(state: &AppState, rows: &[reglament_store::Evidence], zone: chrono_tz::Tz, lang: Language) -> Markup {
    html! {
        table #evidence {
            tr { th { (t::SYSTEM.get(lang)) } th { (t::ASKED.get(lang)) } th { (t::ANSWERED.get(lang)) } th { (t::OUTCOME.get(lang)) } th { (t::SEAL.get(lang)) } }
            @for e in rows {
                @let check = Runtime::check_evidence(e, state.trust());
                tr {
                    td { (e.system.parse::<reglament_domain::StateSystem>().map_or_else(|_| e.system.clone(), |s| s.title().get(lang).to_owned())) br; small { (e.query) } }
                    td { (words::instant(e.asked_at, zone, lang)) }
                    td { (words::instant(e.answered_at, zone, lang)) br; small { "id " (e.request_id) ", " (e.attempts) } }
                    td { (e.outcome) details { summary { "sha256 " (e.sha256.get(..12).unwrap_or_default()) "…" } pre { (e.body) } } }
                    td.seal { @match &check { None => span.valid { (t::SEAL_VALID.get(lang)) }, Some(why) => span.error { (why) } } }
                }
            }
        }
    }
}

fn application(
    state_application: Option<&reglament_store::Application>,
    attachments: &[reglament_store::Attachment],
    id: &str,
    lang: Language,
) -> Markup {
    let l = lang.code();
    html! {
        @if let Some(a) = state_application {
            @if a.form != "{}" { pre.form { (a.form) } }
            ul #attachments {
                @for f in attachments {
                    li { a href={ "/" (l) "/office/cases/" (id) "/attachments/" (f.document) } { (f.document) ": " (f.file_name) } " (" (f.size) " B, sha256 " (f.sha256.get(..12).unwrap_or_default()) "…)" }
                }
            }
        }
    }
}

fn grounds(case: &Case, law: &Law<'_>, lang: Language) -> Markup {
    let text = |g: &str| {
        law.service
            .refusal_grounds
            .iter()
            .find(|r| r.id == g)
            .map_or_else(|| g.to_owned(), |r| format!("{} ({})", r.text.get(lang), r.cite.reference.display(lang)))
    };
    html! {
        @if !case.indicated.is_empty() {
            section #indicated.card {
                h2 { (t::INDICATED.get(lang)) }
                ul { @for (g, findings) in &case.indicated { li { (text(g)) ": " (findings.iter().map(|f| f.title().get(lang).to_owned()).collect::<Vec<_>>().join("; ")) } } }
            }
        }
        @if let Some(h) = &case.hearing {
            @if let Some(o) = &h.objection { section.card { h2 { (t::OBJECTION.get(lang)) } p #objection { (o) } } }
        }
    }
}

/// `GET /{lang}/office/cases/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    official: Official,
) -> PageResult {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let runtime = state.runtime().map_err(fail)?;
    let case = visible(runtime, &id, &official).await.map_err(fail)?;
    let law = runtime.law_of(&case).map_err(|e| fail(e.into()))?;
    let zone = law.wt.calendar().zone();
    let store = state.store();
    let kept = store.evidence(&id).await.map_err(|e| fail(e.into()))?;
    let form = store.application(&id).await.map_err(|e| fail(e.into()))?;
    let attachments = store.attachments(&id).await.map_err(|e| fail(e.into()))?;
    let invoice = store.invoice(&id).await.map_err(|e| fail(e.into()))?;
    let history = store.events(&id).await.map_err(|e| fail(e.into()))?;
    let (_, course) = runtime.course_of(&id, &history, state.now()).map_err(|e| fail(e.into()))?;
    let mut issued = Vec::new();
    for d in store.documents_of(&id).await.map_err(|e| fail(e.into()))? {
        let entry = store.registry_entry(&d.number).await.map_err(|e| fail(e.into()))?;
        issued.push((d, entry));
    }
    let mut drafts = Vec::new();
    for (step, _) in actions::mine(&case, &law, &official) {
        if let Some(draft) = decision::draft(&state, runtime, &case, step, &official).await.map_err(fail)? {
            drafts.push(draft);
        }
    }
    let content = html! {
        h1 { (t::CASE_FILE.get(lang)) " " (id) }
        dl {
            dt { (t::APPLICANT.get(lang)) } dd #applicant { (case.applicant) }
            dt { "" } dd { (law.service.name.get(lang)) " — " (law.variant.name.get(lang)) }
            dt { (crate::portal::texts::STATUS.get(lang)) } dd #case-status { (status_words(case.status, lang)) }
            dt { (t::RECEIVED.get(lang)) } dd { (words::instant(case.received_at, zone, lang)) }
            dt { (t::REGISTRATION.get(lang)) } dd #registration { (case.registration.clone().unwrap_or_else(|| t::NOT_REGISTERED.get(lang).to_owned())) }
            dt { (t::PAYMENT.get(lang)) } dd #payment { @match &invoice { Some(i) => { (i.reference) " — " (reglament_domain::Money::from_tiyn(i.amount_tiyn)) " " @if case.payments.is_empty() { "" } @else { "✓" } }, None => (t::NO_INVOICE.get(lang)) } }
        }
        (crate::pages::timeline::draw(&course, &law, lang))
        (application(form.as_ref(), &attachments, &id, lang))
        (grounds(&case, &law, lang))
        h2 { (t::ACTIONS.get(lang)) }
        // The actions post through htmx and the answer's `main` replaces this one (no reload).
        div #actions hx-boost="true" hx-target="main" hx-select="main" hx-swap="outerHTML" {
            (actions::forms(&case, &law, &official, lang, state.ncalayer(), &drafts))
        }
        (super::registry::section(&law, &issued, &official, &id, lang))
        h2 { (t::EVIDENCE.get(lang)) }
        (evidence(&state, &kept, zone, lang))
        h2 { (t::HISTORY.get(lang)) }
        ol #history { @for e in &history { li { small { (words::instant(e.at, zone, lang)) } " " code { (e.event.get(..160).unwrap_or(&e.event)) } } } }
        script { (PreEscaped(SCRIPT)) }
        script src="/assets/htmx.min.js" {}
    };
    let viewer = layout::Viewer { name: &official.name, csrf: &official.csrf };
    let path = format!("/office/cases/{id}");
    Ok(Html(layout::page_as(lang, t::CASE_FILE.get(lang), &path, &content, Some(viewer)).into_string()))
}

/// `GET /{lang}/office/cases/{id}/attachments/{document}`.
pub async fn attachment(
    State(state): State<AppState>,
    Path((lang, id, document)): Path<(String, String, String)>,
    official: Official,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    visible(state.runtime().map_err(fail)?, &id, &official).await.map_err(fail)?;
    let file =
        state.store().attachment(&id, &document).await.map_err(|e| fail(e.into()))?.ok_or(fail(WebError::NotFound))?;
    let disposition = format!("attachment; filename=\"{}\"", file.file_name.replace('"', ""));
    Ok(([(header::CONTENT_TYPE, file.content_type), (header::CONTENT_DISPOSITION, disposition)], file.bytes)
        .into_response())
}
