//! The catalogue of the services in force today (`/{lang}/services`) and a service variant's page
//! (`/{lang}/services/{service}/{variant}`): its provider, term, fee on today's MCI with the
//! clause, the documents with their conditions, and — for a signed-in applicant — the application
//! form generated from the act: a field per document field, a file per document without fields.
//! Posting it (`multipart/form-data`, with the session's CSRF token and the form's one-time token)
//! keeps the application and its attachments; a form posted twice keeps one application.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use reglament_domain::{Language, MciTable};
use reglament_regulation::model::{Act, DocumentKind, Service, Variant};
use reglament_runtime::ProviderBody;
use reglament_store::{Application, Attachment, Store};

use super::multipart;
use super::texts as t;
use crate::auth::{Applicant, verify_csrf};
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// The largest attachment accepted.
pub const MAX_FILE: usize = 5 * 1024 * 1024;
/// The largest application form accepted (every attachment at its largest, and the fields).
pub const MAX_BODY: usize = 4 * MAX_FILE;
/// The media types accepted for attachments.
pub const FILE_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// The acts in force on `on` with their services.
fn in_force(acts: &[Act], on: NaiveDate) -> impl Iterator<Item = (&Act, &Service)> {
    acts.iter()
        .filter(move |a| a.in_force_from <= on && a.in_force_until.is_none_or(|u| on <= u))
        .flat_map(|a| a.services.iter().map(move |s| (a, s)))
}

/// The service variant in force on `on`.
pub(crate) fn variant_in_force<'a>(
    acts: &'a [Act],
    service: &str,
    variant: &str,
    on: NaiveDate,
) -> Option<(&'a Act, &'a Service, &'a Variant)> {
    in_force(acts, on)
        .filter(|(_, s)| s.id == service)
        .find_map(|(a, s)| s.variants.iter().find(|v| v.id == variant).map(|v| (a, s, v)))
}

/// The fee of `variant` on `on`, in words (`2 595,00 ₸ (6 MCI; clause)`).
pub(crate) fn fee_words(mci: &MciTable, variant: &Variant, on: NaiveDate, lang: Language) -> String {
    let Some((formula, cite)) = &variant.fee else { return t::NO_FEE.get(lang).to_owned() };
    let amount = formula.evaluate(mci, on).ok();
    let cite = cite.as_ref().map(|c| format!("; {}", c.reference.display(lang))).unwrap_or_default();
    match amount {
        Some(amount) => format!("{amount} ({}{cite})", t::FEE_ON.get(lang)),
        None => format!("— ({}{cite})", t::FEE_UNKNOWN.get(lang)),
    }
}

/// `GET /{lang}/services`.
pub async fn catalogue(State(state): State<AppState>, Path(lang): Path<String>) -> PageResult {
    let lang = language(&lang)?;
    let on = state.today();
    let l = lang.code();
    let content = html! {
        h1 { (t::CATALOGUE.get(lang)) }
        p { (t::CATALOGUE_ABOUT.get(lang)) }
        @for (act, service) in in_force(&state.catalog().acts, on) {
            section.card {
                h2 { (service.name.get(lang)) }
                p { small { (t::PROVIDER.get(lang)) ": " (service.provider.get(lang)) " · " (act.id.as_str()) } }
                ul {
                    @for v in &service.variants {
                        li {
                            a href={ "/" (l) "/services/" (service.id) "/" (v.id) } { (v.name.get(lang)) }
                            " — " (crate::texts::TERM.get(lang)) " " (v.term.term) ", " (fee_words(&state.catalog().mci, v, on, lang))
                        }
                    }
                }
            }
        }
    };
    Ok(Html(layout::page(lang, t::CATALOGUE.get(lang), "/services", &content).into_string()))
}

/// The form of `variant` for a signed-in applicant.
/// What was wrong with a posted form: the input's name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldError {
    name: String,
    message: String,
}

/// The error's paragraph next to input `name` (empty, for the screen reader's live region, when none).
fn error_next_to(name: &str, error: Option<&FieldError>) -> Markup {
    let id = format!("error-{}", name.replace(':', "-"));
    html! { p.field-error id=(id) role="alert" { @if let Some(e) = error.filter(|e| e.name == name) { (e.message) } } }
}

/// The application form: the body it goes to, where several provide the service (territorial
/// departments), then a fieldset per document the applicant gives.
fn form(
    act: &Act,
    variant: &Variant,
    bodies: &[&ProviderBody],
    lang: Language,
    applicant: &Applicant,
    token: &str,
    error: Option<&FieldError>,
) -> Markup {
    html! {
        h2 { (t::APPLY_FORM.get(lang)) }
        form method="post" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(applicant.csrf);
            input type="hidden" name="form_token" value=(token);
            @if bodies.len() > 1 {
                fieldset {
                    legend { (t::CHOOSE_PROVIDER.get(lang)) }
                    label for="provider" { (t::PROVIDER.get(lang)) }
                    select #provider name="provider" required
                        aria-invalid=(error.is_some_and(|e| e.name == PROVIDER_FIELD))
                        aria-describedby="error-provider" {
                        option value="" { "—" }
                        @for b in bodies { option value=(b.bin) { (b.name.get(lang)) } }
                    }
                    (error_next_to(PROVIDER_FIELD, error))
                }
            }
            @for &d in &variant.documents {
                @let doc = &act.documents[d];
                @if doc.kind == DocumentKind::Input {
                    fieldset {
                        legend { (doc.name.get(lang)) }
                        @if let Some(condition) = &doc.condition {
                            p { small.hint { (t::CONDITION.get(lang)) ": " (condition.get(lang)) } }
                        }
                        @if doc.fields.is_empty() {
                            @let name = format!("file:{}", doc.id);
                            label for={ "file-" (doc.id) } { (t::ATTACH.get(lang)) }
                            input id={ "file-" (doc.id) } type="file" name=(name)
                                accept=".pdf,.jpg,.jpeg,.png" required[doc.condition.is_none()]
                                aria-invalid=(error.is_some_and(|e| e.name == name))
                                aria-describedby={ "error-" (name.replace(':', "-")) };
                            (error_next_to(&name, error))
                        } @else {
                            @for (id, label) in &doc.fields {
                                @let name = format!("field:{}:{id}", doc.id);
                                label for={ "field-" (doc.id) "-" (id) } { (label.get(lang)) }
                                input id={ "field-" (doc.id) "-" (id) } name=(name) required[doc.condition.is_none()]
                                    aria-invalid=(error.is_some_and(|e| e.name == name))
                                    aria-describedby={ "error-" (name.replace(':', "-")) };
                                (error_next_to(&name, error))
                            }
                        }
                    }
                }
            }
            p { button type="submit" id="save-application" { (t::SAVE_DRAFT.get(lang)) } }
        }
    }
}

/// `GET /{lang}/services/{service}/{variant}`.
pub async fn service(
    State(state): State<AppState>,
    Path((lang, service, variant)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = language(&lang)?;
    let applicant = crate::auth::session::current(&state, &headers)
        .await
        .map_err(|e| PageError(e, lang))?
        .filter(|s| s.kind == reglament_store::SessionKind::Applicant)
        .map(|s| Applicant { iin: s.iin, name: s.name, csrf: s.csrf });
    page(&state, lang, &service, &variant, applicant.as_ref(), None)
}

/// The form field naming the body an application goes to.
pub(crate) const PROVIDER_FIELD: &str = "provider";

/// The bodies that provide `service` in this deployment (none without a runtime).
fn bodies<'a>(state: &'a AppState, service: &str) -> Vec<&'a ProviderBody> {
    state.runtime().map(|r| r.providers().of(service)).unwrap_or_default()
}

/// The service variant's page, with the form and the error next to its field, if any.
fn page(
    state: &AppState,
    lang: Language,
    service: &str,
    variant: &str,
    applicant: Option<&Applicant>,
    error: Option<&FieldError>,
) -> PageResult {
    let on = state.today();
    let (act, s, v) =
        variant_in_force(&state.catalog().acts, service, variant, on).ok_or(PageError(WebError::NotFound, lang))?;
    let token = crate::auth::session::random_token().map_err(|e| PageError(e, lang))?;
    let l = lang.code();
    let path = format!("/services/{service}/{variant}");
    let bodies = bodies(state, service);
    let content = html! {
        h1 { (s.name.get(lang)) }
        p { (v.name.get(lang)) }
        dl {
            dt { (t::PROVIDER.get(lang)) }
            dd {
                (s.provider.get(lang))
                @if let [only] = bodies.as_slice() { br; small { (only.name.get(lang)) ", " (t::BIN.get(lang)) " " (only.bin) } }
            }
            dt { (crate::texts::TERM.get(lang)) } dd { (v.term.term) " (" (v.term_cite.reference.display(lang)) ")" }
            dt { (crate::texts::FEE.get(lang)) } dd #fee { (fee_words(&state.catalog().mci, v, on, lang)) }
        }
        h2 { (t::DOCUMENTS.get(lang)) }
        ul {
            @for &d in &v.documents {
                @let doc = &act.documents[d];
                @if doc.kind == DocumentKind::Input {
                    li { (doc.name.get(lang)) @if let Some(c) = &doc.condition { " — " small { (c.get(lang)) } } }
                }
            }
        }
        @match applicant {
            Some(applicant) => (form(act, v, &bodies, lang, applicant, &token, error)),
            None => p { a href={ "/" (l) "/sign-in?next=" (crate::auth::encode_component(&format!("/{l}{path}"))) } { (t::SIGN_IN_TO_APPLY.get(lang)) } },
        }
    };
    let viewer = applicant.map(|a| layout::Viewer { name: &a.name, csrf: &a.csrf });
    Ok(Html(layout::page_as(lang, s.name.get(lang), &path, &content, viewer).into_string()))
}

/// The application's id: `A-` and the first 16 hex digits of the SHA-256 of the form token.
fn application_id(form_token: &str) -> String {
    let hex = crate::auth::session::token_hash(form_token).to_ascii_uppercase();
    format!("A-{}", hex.get(..16).unwrap_or_default())
}

/// The form's fields (`document.field` → value) and its files (document id, part).
type ReadForm = (serde_json::Map<String, serde_json::Value>, Vec<(String, multipart::Part)>);

/// What the posted form says, checked against the act.
fn read_form(act: &Act, variant: &Variant, parts: &[multipart::Part], lang: Language) -> Result<ReadForm, FieldError> {
    let mut fields = serde_json::Map::new();
    let mut files = Vec::new();
    for &d in &variant.documents {
        let doc = &act.documents[d];
        if doc.kind != DocumentKind::Input {
            continue;
        }
        for (id, _) in &doc.fields {
            let name = format!("field:{}:{id}", doc.id);
            let value = parts.iter().find(|p| p.name == name).map(multipart::Part::text).unwrap_or_default();
            if value.trim().is_empty() && doc.condition.is_none() {
                return Err(FieldError { name, message: t::REQUIRED.get(lang).to_owned() });
            }
            fields.insert(format!("{}.{id}", doc.id), serde_json::Value::String(value.trim().to_owned()));
        }
        if doc.fields.is_empty() {
            let name = format!("file:{}", doc.id);
            let file = parts.iter().find(|p| p.name == name && p.file_name.as_deref().is_some_and(|f| !f.is_empty()));
            match file {
                Some(file) => {
                    if file.data.len() > MAX_FILE {
                        return Err(FieldError { name, message: t::FILE_TOO_LARGE.get(lang).to_owned() });
                    }
                    if !FILE_TYPES.contains(&file.content_type.as_str()) {
                        let message = format!("{} ({})", t::FILE_TYPE.get(lang), file.content_type);
                        return Err(FieldError { name, message });
                    }
                    files.push((doc.id.clone(), file.clone()));
                }
                None if doc.condition.is_none() => {
                    return Err(FieldError { name, message: t::REQUIRED.get(lang).to_owned() });
                }
                None => {}
            }
        }
    }
    Ok((fields, files))
}

/// `POST /{lang}/services/{service}/{variant}`.
pub async fn apply(
    State(state): State<AppState>,
    Path((lang, service, variant)): Path<(String, String, String)>,
    applicant: Applicant,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let now = state.now();
    let (act, _, v) =
        variant_in_force(&state.catalog().acts, &service, &variant, state.today()).ok_or(fail(WebError::NotFound))?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let parts = multipart::parts(&body, &multipart::boundary(content_type).map_err(fail)?).map_err(fail)?;
    let text = |name: &str| parts.iter().find(|p| p.name == name).map(multipart::Part::text);
    verify_csrf(&applicant.csrf, text("csrf").as_deref()).map_err(fail)?;
    let token = text("form_token")
        .filter(|t| !t.is_empty())
        .ok_or(fail(WebError::Invalid { field: "form_token", reason: "missing".into() }))?;
    let read = read_form(act, v, &parts, lang).and_then(|(mut fields, files)| {
        let bodies = bodies(&state, &service);
        if bodies.len() > 1 {
            let chosen = text(PROVIDER_FIELD).unwrap_or_default();
            if !bodies.iter().any(|b| b.bin.to_string() == chosen) {
                return Err(FieldError {
                    name: PROVIDER_FIELD.to_owned(),
                    message: t::CHOOSE_PROVIDER.get(lang).to_owned(),
                });
            }
            fields.insert(PROVIDER_FIELD.to_owned(), serde_json::Value::String(chosen));
        }
        Ok((fields, files))
    });
    let (fields, files) = match read {
        Ok(read) => read,
        Err(error) => {
            // Shown again with the error next to its field (a fresh one-time token: nothing was kept).
            let page = page(&state, lang, &service, &variant, Some(&applicant), Some(&error))?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    let application = Application {
        id: application_id(&token),
        iin: applicant.iin.clone(),
        service,
        variant,
        form: serde_json::Value::Object(fields).to_string(),
        form_token: token,
        created_at: now,
        filed_at: None,
    };
    let kept = state.store().create_application(&application).await.map_err(|e| fail(e.into()))?;
    if kept.id == application.id && kept.iin == applicant.iin {
        for (document, file) in files {
            let attachment = Attachment {
                application_id: kept.id.clone(),
                document,
                file_name: file.file_name.unwrap_or_default(),
                content_type: file.content_type,
                sha256: crate::auth::session::sha256_hex(&file.data),
                size: i64::try_from(file.data.len()).unwrap_or(i64::MAX),
                bytes: file.data,
            };
            state.store().put_attachment(&attachment).await.map_err(|e| fail(e.into()))?;
        }
    }
    let to = format!("/{}/applications/{}", lang.code(), kept.id);
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response())
}
