//! The applicant's sign-in page (`/{lang}/sign-in`): by IIN and password, or by an NCA key
//! through NCALayer (a challenge signed as CMS); sign-out. The forms carry the pre-session CSRF
//! token (double submit with its cookie); errors are shown next to their field.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{Markup, PreEscaped, html};
use reglament_domain::{Iin, Language};
use reglament_store::{Account, SessionKind, Store};
use serde::Deserialize;

use super::{PageError, language, layout};
use crate::auth::key::KeyHolder;
use crate::auth::session::{self, NewSession};
use crate::auth::{ClientAddress, Refusal, key, limit, password, safe_next, texts, verify_csrf};
use crate::state::AppState;

/// Asks NCALayer (`kz.gov.pki.knca.basics` `sign`) to sign the challenge as an attached CMS and
/// posts it; NCALayer's greeting (no `status`) is skipped.
const SCRIPT: &str = r"
const form = document.getElementById('key-sign-in');
const say = t => { document.getElementById('cms-error').textContent = t; };
form.addEventListener('submit', e => {
  if (form.cms.value) return;
  e.preventDefault();
  say(form.dataset.wait);
  let ws;
  try { ws = new WebSocket(form.dataset.ncalayer); } catch (_) { say(form.dataset.noLayer); return; }
  ws.onerror = () => say(form.dataset.noLayer);
  ws.onopen = () => ws.send(JSON.stringify({ module: 'kz.gov.pki.knca.basics', method: 'sign', args: {
    allowedStorages: ['PKCS12'], format: 'cms', data: form.nonce.value,
    signingParams: { decode: false, encapsulate: true, digested: false },
    signerParams: { extKeyUsageOids: [], chain: [] }, locale: document.documentElement.lang } }));
  ws.onmessage = m => {
    const a = JSON.parse(m.data);
    if (!('status' in a)) return;
    ws.close();
    if (a.status && a.body && a.body.result) { form.cms.value = a.body.result[0]; form.submit(); }
    else { say(a.message || form.dataset.refused); }
  };
});
";

/// The `next` query parameter.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    /// Where to go after signing in.
    pub next: Option<String>,
}

/// The password form.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    /// Pre-session CSRF token.
    pub csrf: Option<String>,
    /// IIN.
    pub iin: Option<String>,
    /// Password.
    pub password: Option<String>,
    /// Where to go after signing in.
    pub next: Option<String>,
}

/// The key form.
#[derive(Debug, Default, Deserialize)]
pub struct KeyForm {
    /// Pre-session CSRF token.
    pub csrf: Option<String>,
    /// The challenge.
    pub nonce: Option<String>,
    /// The base64 CMS over the challenge.
    pub cms: Option<String>,
    /// Where to go after signing in.
    pub next: Option<String>,
}

/// A form with only the session's CSRF token.
#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: Option<String>,
}

/// An error shown next to a field: the field's id and the words.
pub(crate) struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// What a sign-in page is rendered with.
pub(crate) struct View<'a> {
    pub lang: Language,
    pub next: &'a str,
    pub iin: &'a str,
    pub error: Option<FieldError>,
    pub office: bool,
}

/// The key sign-in's challenge and where the page's script finds NCALayer.
pub(crate) struct Challenge<'a> {
    /// The single-use nonce to sign.
    pub nonce: &'a str,
    /// NCALayer's address (`AppState::ncalayer`).
    pub ncalayer: &'a str,
}

/// Renders a sign-in page with a fresh challenge and the pre-session CSRF token (setting its
/// cookie when the request had none).
pub(crate) async fn render(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    view: View<'_>,
) -> Result<Response, PageError> {
    let lang = view.lang;
    let (csrf, set) = session::pre_session_csrf(headers).map_err(|e| PageError(e, lang))?;
    let nonce = key::challenge(state, Utc::now()).await.map_err(|e| PageError(e, lang))?;
    let challenge = Challenge { nonce: &nonce, ncalayer: state.ncalayer() };
    let (title, path, content) = if view.office {
        (texts::OFFICE_SIGN_IN, "/office/sign-in", super::office::sign_in_content(&view, &csrf, &challenge))
    } else {
        (texts::SIGN_IN, "/sign-in", content(&view, &csrf, &challenge))
    };
    let page = layout::page(lang, title.get(lang), path, &content);
    let response = (status, Html(page.into_string())).into_response();
    Ok(match set {
        Some(cookie) => session::with_cookie(response, &cookie),
        None => response,
    })
}

fn error_for(view: &View<'_>, field: &str) -> Option<String> {
    view.error.as_ref().filter(|e| e.field == field).map(|e| e.message.clone())
}

/// A text input with its label and the error next to it.
fn field(id: &'static str, label: &str, kind: &str, value: &str, autocomplete: &str, error: Option<String>) -> Markup {
    let described = format!("{id}-error");
    html! {
        label for=(id) { (label) }
        input #(id) name=(id) type=(kind) value=(value) autocomplete=(autocomplete) required
            aria-invalid=(if error.is_some() { "true" } else { "false" }) aria-describedby=(described);
        p.field-error id=(described) role="alert" { @if let Some(e) = error { (e) } }
    }
}

fn content(view: &View<'_>, csrf: &str, challenge: &Challenge<'_>) -> Markup {
    let lang = view.lang;
    html! {
        h1 { (texts::SIGN_IN.get(lang)) }
        p { (texts::SIGN_IN_ABOUT.get(lang)) }
        div.cards {
            section.card aria-labelledby="by-password" {
                h2 #by-password { (texts::BY_PASSWORD.get(lang)) }
                form method="post" action={ "/" (lang.code()) "/sign-in" } {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="next" value=(view.next);
                    (field("iin", texts::IIN.get(lang), "text", view.iin, "username", error_for(view, "iin")))
                    (field("password", texts::PASSWORD.get(lang), "password", "", "current-password", error_for(view, "password")))
                    p { button type="submit" { (texts::SUBMIT.get(lang)) } }
                }
            }
            (key_form(view, &format!("/{}/sign-in/key", lang.code()), csrf, challenge))
        }
    }
}

/// The key form: the challenge, the CMS NCALayer returns, and the script that asks for it.
pub(crate) fn key_form(view: &View<'_>, action: &str, csrf: &str, challenge: &Challenge<'_>) -> Markup {
    let lang = view.lang;
    let error = error_for(view, "cms");
    html! {
        section.card aria-labelledby="by-key" {
            h2 #by-key { (texts::BY_KEY.get(lang)) }
            form #key-sign-in method="post" action=(action) data-wait=(texts::WAITING.get(lang))
                data-no-layer=(texts::NO_LAYER.get(lang)) data-refused=(texts::LAYER_REFUSED.get(lang))
                data-ncalayer=(challenge.ncalayer) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="next" value=(view.next);
                input type="hidden" name="nonce" value=(challenge.nonce);
                input #cms type="hidden" name="cms" value="";
                p { small.hint { (texts::KEY_HINT.get(lang)) } }
                p { button type="submit" aria-describedby="cms-error" { (texts::SIGN_WITH_KEY.get(lang)) } }
                p.field-error #cms-error role="alert" aria-live="polite" { @if let Some(e) = error { (e) } }
            }
            script { (PreEscaped(SCRIPT)) }
        }
    }
}

/// `GET /{lang}/sign-in`.
pub async fn page(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<NextQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let view = View { lang, next: q.next.as_deref().unwrap_or(""), iin: "", error: None, office: false };
    render(&state, &headers, StatusCode::OK, view).await
}

/// `POST /{lang}/sign-in`: IIN and password.
pub async fn by_password(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e| PageError(e, lang);
    session::verify_pre_session_csrf(&headers, form.csrf.as_deref()).map_err(fail)?;
    let now = Utc::now();
    let next = form.next.as_deref().unwrap_or("");
    let raw = form.iin.as_deref().unwrap_or("").trim();
    let view = |status, field, text: &reglament_domain::Localized| {
        let error = Some(FieldError { field, message: text.get(lang).to_owned() });
        (status, View { lang, next, iin: raw, error, office: false })
    };
    let Ok(iin) = Iin::parse_with(state.id_policy(), raw) else {
        let (status, v) = view(StatusCode::BAD_REQUEST, "iin", &texts::BAD_IIN);
        return render(&state, &headers, status, v).await;
    };
    let iin = iin.as_string();
    let subjects = limit::subjects(Some(&iin), client);
    if limit::blocked(&state, &subjects, now).await.map_err(fail)? {
        let (status, v) = view(StatusCode::TOO_MANY_REQUESTS, "iin", &texts::TOO_MANY);
        return render(&state, &headers, status, v).await;
    }
    let account = state.store().account(&iin).await.map_err(|e| fail(e.into()))?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let given = form.password.clone().unwrap_or_default();
    let ok = tokio::task::spawn_blocking(move || password::verify_or_waste(stored.as_deref(), &given))
        .await
        .unwrap_or(false);
    let Some(account) = account.filter(|_| ok) else {
        limit::failed(&state, &subjects, now).await.map_err(fail)?;
        let (status, v) = view(StatusCode::UNAUTHORIZED, "password", &texts::BAD_CREDENTIALS);
        return render(&state, &headers, status, v).await;
    };
    let who = NewSession { kind: SessionKind::Applicant, iin, name: account.name, provider_bin: None, roles: vec![] };
    let cookie = session::start(&state, who, now).await.map_err(fail)?;
    let to = safe_next(Some(next), format!("/{}/cabinet", lang.code()));
    Ok(session::with_cookie(Redirect::to(&to).into_response(), &cookie))
}

/// A key sign-in checked as far as both pages (applicant, official) check it.
pub(crate) enum KeyCheck {
    /// The challenge was signed by this holder; the rate limit's subjects, the holder's IIN among them.
    Holder(KeyHolder, Vec<String>),
    /// Refused: the page to answer with.
    Answer(Response),
}

/// What both key sign-ins share: the pre-session CSRF token, the rate limit, and the challenge
/// signed and verified; a refusal is recorded against the limit and shown next to the key field.
pub(crate) async fn check_key(
    state: &AppState,
    lang: Language,
    client: ClientAddress,
    headers: &HeaderMap,
    form: &KeyForm,
    office: bool,
) -> Result<KeyCheck, PageError> {
    session::verify_pre_session_csrf(headers, form.csrf.as_deref()).map_err(|e| PageError(e, lang))?;
    let mut subjects = limit::subjects(None, client);
    let now = Utc::now();
    if limit::blocked(state, &subjects, now).await.map_err(|e| PageError(e, lang))? {
        let refusal = Refusal::new("auth.rate_limited", texts::TOO_MANY);
        let page = refuse_key(state, headers, lang, form, office, StatusCode::TOO_MANY_REQUESTS, &refusal).await?;
        return Ok(KeyCheck::Answer(page));
    }
    let nonce = form.nonce.as_deref().unwrap_or("");
    let cms = form.cms.as_deref().unwrap_or("");
    match key::verify(state, nonce, cms, now).await.map_err(|e| PageError(e, lang))? {
        Ok(holder) => {
            subjects.push(format!("iin:{}", holder.iin));
            Ok(KeyCheck::Holder(holder, subjects))
        }
        Err(refusal) => {
            limit::failed(state, &subjects, now).await.map_err(|e| PageError(e, lang))?;
            let page = refuse_key(state, headers, lang, form, office, StatusCode::UNAUTHORIZED, &refusal).await?;
            Ok(KeyCheck::Answer(page))
        }
    }
}

/// The sign-in page again with `refusal` next to the key field.
pub(crate) async fn refuse_key(
    state: &AppState,
    headers: &HeaderMap,
    lang: Language,
    form: &KeyForm,
    office: bool,
    status: StatusCode,
    refusal: &Refusal,
) -> Result<Response, PageError> {
    let error = Some(FieldError { field: "cms", message: refusal.message(lang) });
    let view = View { lang, next: form.next.as_deref().unwrap_or(""), iin: "", error, office };
    render(state, headers, status, view).await
}

/// `POST /{lang}/sign-in/key`: the challenge signed with the applicant's NCA key (an account is
/// made on the first sign-in).
pub async fn by_key(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(form): Form<KeyForm>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e| PageError(e, lang);
    let holder = match check_key(&state, lang, client, &headers, &form, false).await? {
        KeyCheck::Holder(holder, _) => holder,
        KeyCheck::Answer(page) => return Ok(page),
    };
    let now = Utc::now();
    let next = form.next.as_deref().unwrap_or("");
    let account = Account { iin: holder.iin.clone(), name: holder.name.clone(), password_hash: None, created_at: now };
    state.store().ensure_account(&account).await.map_err(|e| fail(e.into()))?;
    let name = state.store().account(&holder.iin).await.map_err(|e| fail(e.into()))?.map_or(holder.name, |a| a.name);
    let who = NewSession { kind: SessionKind::Applicant, iin: holder.iin, name, provider_bin: None, roles: vec![] };
    let cookie = session::start(&state, who, now).await.map_err(fail)?;
    let to = safe_next(Some(next), format!("/{}/cabinet", lang.code()));
    Ok(session::with_cookie(Redirect::to(&to).into_response(), &cookie))
}

/// `POST /{lang}/sign-out`: ends the session (the form carries its CSRF token).
pub async fn sign_out(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e| PageError(e, lang);
    if let Some(current) = session::current(&state, &headers).await.map_err(fail)? {
        verify_csrf(&current.csrf, form.csrf.as_deref()).map_err(fail)?;
        state.store().end_session(&current.token_hash).await.map_err(|e| fail(e.into()))?;
    }
    let response = Redirect::to(&format!("/{}/", lang.code())).into_response();
    Ok(session::with_cookie(response, &session::end_cookie()))
}
