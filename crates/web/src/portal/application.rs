//! An application before it is filed (`/{lang}/applications/{id}`), seen only by its applicant:
//! the form and attachments, the fee and its payment through the gateway's hosted page, and the
//! signing with the NCA key through NCALayer; submitting runs the portal's checks — the
//! signature is valid and the applicant's, the fee is paid ("condition 2") — and files the case
//! under the act in force (the case id is the application id, the filing idempotent).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64ct::{Base64, Encoding as _};
use maud::{PreEscaped, html};
use reglament_domain::{IdPolicy, Iin};
use reglament_pki::UnknownStatus;
use reglament_store::{Application, Store};
use serde::Deserialize;

use super::services::fee_words;
use super::texts as t;
use crate::auth::{Applicant, verify_csrf};
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// The NCALayer client of the submit form: signs the text in `#signed-text` (detached CMS) and
/// posts the signature.
const SCRIPT: &str = r"
document.getElementById('sign-submit').addEventListener('click', function (event) {
  event.preventDefault();
  var status = document.getElementById('sign-status');
  var ws = new WebSocket(event.target.dataset.ncalayer);
  ws.onerror = function () { status.textContent = status.dataset.unreachable; };
  ws.onmessage = function (message) {
    var answer = JSON.parse(message.data);
    if (answer.result && answer.result.version) {
      ws.send(JSON.stringify({ module: 'kz.gov.pki.knca.basics', method: 'sign', args: {
        allowedStorages: null, format: 'cms', data: document.getElementById('signed-text').textContent,
        signingParams: { decode: false, encapsulate: false, digested: false },
        signerParams: { extKeyUsageOids: [], chain: [] }, locale: document.documentElement.lang } }));
      return;
    }
    ws.close();
    if (answer.status && answer.body && answer.body.result) {
      document.getElementById('signature').value = answer.body.result[0];
      document.getElementById('submit-form').submit();
    } else {
      status.textContent = answer.message || status.dataset.unreachable;
    }
  };
});
";

/// The body the applicant chose in the form, where several provide the service.
fn chosen_provider(application: &Application) -> Option<reglament_domain::Bin> {
    let form: serde_json::Value = serde_json::from_str(&application.form).ok()?;
    let bin = form.get(super::services::PROVIDER_FIELD)?.as_str()?;
    reglament_domain::Bin::parse_with(IdPolicy::AllowNcaTestNumbers, bin).ok()
}

/// The applicant of `application` (NCA test numbers included: demo and test stands).
pub(crate) fn applicant_of(application: &Application) -> Result<Iin, WebError> {
    Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &application.iin)
        .map_err(|e| WebError::Invalid { field: "iin", reason: e.to_string() })
}

/// The signed-in applicant's own application `id`, for a form posted with the session's CSRF
/// token (a missing or wrong token is 403; another's application is "not found").
pub(crate) async fn posted(
    state: &AppState,
    lang: reglament_domain::Language,
    id: &str,
    applicant: &Applicant,
    csrf: Option<&str>,
) -> Result<Application, PageError> {
    verify_csrf(&applicant.csrf, csrf).map_err(|e| PageError(e, lang))?;
    own(state, id, applicant).await.map_err(|e| PageError(e, lang))
}

/// The application `id` of the signed-in applicant (another's is "not found").
pub(crate) async fn own(state: &AppState, id: &str, applicant: &Applicant) -> Result<Application, WebError> {
    match state.store().application(id).await? {
        Some(a) if a.iin == applicant.iin => Ok(a),
        _ => Err(WebError::NotFound),
    }
}

/// `GET /{lang}/applications/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    applicant: Applicant,
) -> PageResult {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let application = own(&state, &id, &applicant).await.map_err(fail)?;
    if application.filed_at.is_some() {
        return Err(fail(WebError::Invalid { field: "id", reason: "already filed: see the cabinet".into() }));
    }
    let attachments = state.store().attachments(&id).await.map_err(|e| fail(e.into()))?;
    let runtime = state.runtime().map_err(fail)?;
    let now = state.now();
    let invoice = state.store().invoice(&id).await.map_err(|e| fail(e.into()))?;
    let paid = match invoice {
        Some(_) => runtime.check_billed(&id, &application.service, &application.variant, now).await.is_ok(),
        None => false,
    };
    let variant = super::services::variant_in_force(
        &state.catalog().acts,
        &application.service,
        &application.variant,
        state.today(),
    );
    let fee = variant.map(|(_, _, v)| fee_words(&state.catalog().mci, v, state.today(), lang));
    let text = reglament_runtime::application_text(&application, &attachments);
    let l = lang.code();
    let content = html! {
        h1 { (t::APPLICATION.get(lang)) " " (application.id) }
        p { (application.service) " / " (application.variant) }
        h2 { (t::ATTACHMENTS.get(lang)) }
        ul { @for a in &attachments { li { (a.file_name) " (" (a.size) " B)" } } }
        h2 { (t::PAYMENT.get(lang)) }
        p { (crate::texts::FEE.get(lang)) ": " (fee.unwrap_or_default()) }
        @if paid {
            p #payment-status.valid { (t::PAID.get(lang)) }
        } @else {
            p #payment-status { (t::UNPAID.get(lang)) }
            form method="post" action={ "/" (l) "/applications/" (id) "/pay" } {
                input type="hidden" name="csrf" value=(applicant.csrf);
                button type="submit" id="pay" { (t::PAY.get(lang)) }
            }
        }
        h2 { (t::SIGN_AND_SUBMIT.get(lang)) }
        p { small.hint { (t::NCALAYER_HINT.get(lang)) } }
        details open { summary { (t::SIGNED_TEXT.get(lang)) } pre #signed-text { (text) } }
        form #submit-form method="post" action={ "/" (l) "/applications/" (id) "/submit" } {
            input type="hidden" name="csrf" value=(applicant.csrf);
            input type="hidden" id="signature" name="signature";
            button type="button" id="sign-submit" data-ncalayer=(state.ncalayer()) { (t::SIGN_AND_SUBMIT.get(lang)) }
            p #sign-status role="status" data-unreachable=(t::NCALAYER_HINT.get(lang)) {}
        }
        script { (PreEscaped(SCRIPT)) }
    };
    let viewer = layout::Viewer { name: &applicant.name, csrf: &applicant.csrf };
    let path = format!("/applications/{id}");
    Ok(Html(layout::page_as(lang, t::APPLICATION.get(lang), &path, &content, Some(viewer)).into_string()))
}

/// A form carrying only the CSRF token (and, for submitting, the signature).
#[derive(Debug, Deserialize)]
pub struct Signed {
    csrf: Option<String>,
    #[serde(default)]
    signature: Option<String>,
}

/// `POST /{lang}/applications/{id}/pay`: the invoice (made once) and off to the gateway's page.
pub async fn pay(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    applicant: Applicant,
    Form(form): Form<Signed>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let application = posted(&state, lang, &id, &applicant, form.csrf.as_deref()).await?;
    let payer = applicant_of(&application).map_err(fail)?;
    let runtime = state.runtime().map_err(fail)?;
    let invoice = runtime
        .bill(&id, &application.service, &application.variant, payer, state.now())
        .await
        .map_err(|e| fail(e.into()))?;
    let back = format!("{}/{}/applications/{id}", state.public_base(), lang.code());
    let to = match state.checkout_base() {
        Some(base) => format!(
            "{base}/checkout/{}?return={}&lang={}",
            invoice.reference,
            crate::auth::encode_component(&back),
            lang.code()
        ),
        None => back,
    };
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response())
}

/// `POST /{lang}/applications/{id}/submit`: the portal's checks, then the filing.
pub async fn submit(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    applicant: Applicant,
    Form(form): Form<Signed>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let application = posted(&state, lang, &id, &applicant, form.csrf.as_deref()).await?;
    let to = format!("/{}/cabinet/{id}", lang.code());
    if application.filed_at.is_some() {
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
    }
    let signature = form
        .signature
        .as_deref()
        .and_then(|s| Base64::decode_vec(s.trim()).ok())
        .ok_or(fail(WebError::Invalid { field: "signature", reason: "missing or not base64".into() }))?;
    let applicant_iin = applicant_of(&application).map_err(fail)?;
    let runtime = state.runtime().map_err(fail)?;
    let by = reglament_engine::Actor::Applicant { iin: applicant_iin, entity: None };
    let filing = reglament_runtime::Filing {
        id: &id,
        service: &application.service,
        variant: &application.variant,
        applicant: applicant_iin,
        entity: None,
        provider: chosen_provider(&application),
        signature: &signature,
        trust: state.trust(),
        unknown: UnknownStatus::Refuse,
        by: &by,
    };
    runtime.file_application(&filing, state.now()).await.map_err(|e| fail(e.into()))?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response())
}
