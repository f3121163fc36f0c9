//! The registry's pages, without sign-in: the search (`/{lang}/registry`), one entry re-verified
//! now with its history and downloads (`/{lang}/registry/{number}`, the QR code's target), its
//! files, and the upload form that verifies a PDF with or without its `.p7s`
//! (`/{lang}/registry/verify`). A document that is not registered (a refusal, a notice) shows
//! only its verification: its contents are not public.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono_tz::Asia::Almaty;
use maud::{Markup, html};
use reglament_calendar::words;
use reglament_domain::Language;
use reglament_runtime::documents::{Verification, verify_document, verify_number};
use reglament_store::{RegistryEntry, Store};
use serde::Deserialize;

use super::texts as t;
use super::{Download, download, queries, search, upload};
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// The search box.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    /// A number, a BIN or an IIN.
    #[serde(default)]
    q: String,
}

/// The rows found, as a table.
fn table(rows: &[RegistryEntry], lang: Language) -> Markup {
    let l = lang.code();
    html! {
        table #results {
            tr {
                th { (t::NUMBER.get(lang)) } th { (t::KIND.get(lang)) } th { (t::STATUS.get(lang)) }
                th { (t::HOLDER.get(lang)) } th { (t::ACTIVITY.get(lang)) } th { (t::PROVIDER.get(lang)) }
                th { (t::ISSUED_ON.get(lang)) }
            }
            @for r in rows {
                tr {
                    td { a href={ "/" (l) "/registry/" (r.number) } { (r.number) } }
                    td { (t::kind(r.kind).get(lang)) }
                    td.status { (t::status(r.status).get(lang)) }
                    td { (r.holder_name) }
                    td { (activity(r, lang)) }
                    td { (provider(r, lang)) }
                    td { (r.issued_on.format("%d.%m.%Y")) }
                }
            }
        }
    }
}

fn activity(r: &RegistryEntry, lang: Language) -> &str {
    match lang {
        Language::Kk => &r.activity_kk,
        Language::Ru => &r.activity_ru,
    }
}

fn provider(r: &RegistryEntry, lang: Language) -> &str {
    match lang {
        Language::Kk => &r.provider_kk,
        Language::Ru => &r.provider_ru,
    }
}

/// `GET /{lang}/registry?q=`.
pub async fn search_page(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(query): Query<SearchQuery>,
) -> PageResult {
    let lang = language(&lang)?;
    let l = lang.code();
    let asked = queries(&query.q);
    let rows = search(state.store(), &asked).await.map_err(|e| PageError(e, lang))?;
    let content = html! {
        h1 { (t::REGISTRY.get(lang)) }
        p { (t::REGISTRY_ABOUT.get(lang)) }
        form #search method="get" action={ "/" (l) "/registry" } role="search" {
            label for="q" { (t::SEARCH_LABEL.get(lang)) }
            input #q name="q" type="search" value=(query.q) size="40" autocomplete="off";
            " " button type="submit" { (t::SEARCH.get(lang)) }
            p { small.hint { (t::SEARCH_HINT.get(lang)) } }
        }
        @if !asked.is_empty() {
            h2 { (t::FOUND.get(lang)) ": " span #found { (rows.len()) } }
            @if rows.is_empty() { p #nothing { (t::NOTHING_FOUND.get(lang)) } } @else { (table(&rows, lang)) }
        }
        p {
            a href={ "/" (l) "/registry/verify" } { (t::VERIFY.get(lang)) } " · "
            (t::OPEN_DATA.get(lang)) ": "
            a href="/api/v1/registry/export.csv" { "CSV" } " · " a href="/api/v1/registry/export.json" { "JSON" }
        }
    };
    Ok(Html(layout::page(lang, t::REGISTRY.get(lang), "/registry", &content).into_string()))
}

/// The verdict of `v`: valid, or each failure's reason; the document, the signer, the signature
/// checked and the bytes' SHA-256.
pub fn verdict(v: &Verification, lang: Language) -> Markup {
    let l = lang.code();
    html! {
        section #verdict.card aria-live="polite" {
            @if v.is_valid() {
                p.valid #verdict-text { (if v.entry.is_some() { t::VALID } else { t::AUTHENTIC }.get(lang)) }
            } @else {
                p.error #verdict-text { (t::INVALID.get(lang)) }
                ul #failures {
                    @for f in &v.failures {
                        li.error data-code=(f.code) { (f.reason.get(lang)) " " small { code { (f.code) } } }
                    }
                }
            }
            dl {
                @if let Some(d) = &v.document {
                    dt { (t::DOCUMENT.get(lang)) }
                    dd #document { a href={ "/" (l) "/registry/" (d.number) } { "№ " (d.number) } ", " (words::instant(d.issued_at, Almaty, lang)) }
                }
                @if let Some(s) = &v.signer {
                    dt { (t::SIGNED_BY.get(lang)) }
                    dd #signer {
                        (s.name.as_deref().unwrap_or("—"))
                        @if let Some(iin) = &s.iin { ", " (t::IIN.get(lang)) " " (iin) }
                        @if let Some(o) = &s.organisation { ", " (o) }
                        @if let Some(bin) = &s.bin { " (" (t::BIN.get(lang)) " " (bin) ")" }
                    }
                    @if let Some(at) = s.signing_time { dt { (t::SIGNING_TIME.get(lang)) } dd { (words::instant(at, Almaty, lang)) } }
                    dt { (t::CHAIN.get(lang)) } dd { (s.chain.join(" → ")) }
                }
                @if let Some(source) = v.source { dt { (t::SIGNATURE.get(lang)) } dd #source { (t::source(source).get(lang)) } }
                dt { "SHA-256" } dd { code #sha256 { (v.sha256) } }
            }
        }
    }
}

/// The public particulars of a registry row.
fn particulars(e: &RegistryEntry, lang: Language) -> Markup {
    let l = lang.code();
    html! {
        dl #entry {
            dt { (t::STATUS.get(lang)) } dd { strong #status { (t::status(e.status).get(lang)) } }
            dt { (t::KIND.get(lang)) } dd { (t::kind(e.kind).get(lang)) }
            @if e.licence != e.number {
                dt { (t::LICENCE.get(lang)) } dd { a href={ "/" (l) "/registry/" (e.licence) } { (e.licence) } }
            }
            dt { (t::HOLDER.get(lang)) } dd #holder { (e.holder_name) }
            @if let Some(bin) = &e.holder_bin { dt { (t::BIN.get(lang)) } dd #holder-bin { (bin) } }
            @if let (true, Some(iin)) = (e.iin_public, &e.holder_iin) { dt { (t::IIN.get(lang)) } dd #holder-iin { (iin) } }
            dt { (t::ACTIVITY.get(lang)) } dd { (activity(e, lang)) }
            dt { (t::PROVIDER.get(lang)) } dd { (provider(e, lang)) }
            dt { (t::ISSUED_ON.get(lang)) } dd #issued-on { (e.issued_on.format("%d.%m.%Y")) }
            dt { (t::VALID_UNTIL.get(lang)) }
            dd { @match e.valid_until { Some(d) => (d.format("%d.%m.%Y")), None => (t::UNLIMITED.get(lang)) } }
        }
    }
}

/// `GET /{lang}/registry/{number}`: the entry (or, for a document not registered, only its
/// verification), re-verified now.
pub async fn entry_page(State(state): State<AppState>, Path((lang, number)): Path<(String, String)>) -> PageResult {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let store = state.store();
    let entry = store.registry_entry(&number).await.map_err(|e| fail(e.into()))?;
    let verification = verify_number(store, state.trust(), state.now(), &number).await.map_err(|e| fail(e.into()))?;
    if entry.is_none() && verification.is_none() {
        return Err(fail(WebError::NotFound));
    }
    let changes = match &entry {
        Some(_) => store.registry_changes(&number).await.map_err(|e| fail(e.into()))?,
        None => Vec::new(),
    };
    let base = format!("/{}/registry/{number}", lang.code());
    let content = html! {
        h1 { (t::DOCUMENT.get(lang)) " № " span #number { (number) } }
        @match &entry {
            Some(e) => (particulars(e, lang)),
            None => p #not-registered { (t::NOT_REGISTERED.get(lang)) },
        }
        h2 { (t::VERIFICATION.get(lang)) }
        @if let Some(v) = &verification { (verdict(v, lang)) }
        @if entry.as_ref().is_some_and(public_file) && verification.is_some() {
            h2 { (t::DOWNLOADS.get(lang)) }
            ul #downloads {
                li { a href={ (base) "/document.pdf" } { (t::DOWNLOAD_PDF.get(lang)) } }
                li { a href={ (base) "/document.p7s" } { (t::DOWNLOAD_P7S.get(lang)) } }
                li { a href={ (base) "/signed.pdf" } { (t::DOWNLOAD_SIGNED.get(lang)) } }
            }
        }
        @if entry.is_some() {
            h2 { (t::CHANGES.get(lang)) }
            @if changes.is_empty() { p { (t::NO_CHANGES.get(lang)) } } @else {
                table #changes {
                    tr { th { (t::WHEN.get(lang)) } th { (t::STATUS.get(lang)) } th { (t::REASON.get(lang)) } }
                    @for c in &changes {
                        tr { td { (words::instant(c.at, Almaty, lang)) } td { (t::status(c.status).get(lang)) } td { (c.reason) } }
                    }
                }
            }
        }
        p { a href={ "/" (lang.code()) "/registry" } { (t::REGISTRY.get(lang)) } " · " a href={ "/" (lang.code()) "/registry/verify" } { (t::VERIFY.get(lang)) } }
    };
    let path = format!("/registry/{number}");
    Ok(Html(layout::page(lang, &format!("№ {number}"), &path, &content).into_string()))
}

/// Whether anyone may download the registered document `e`: the PDF states the holder's IIN, so
/// only where the register is public by law, or where the holder is an entity (named by BIN).
fn public_file(e: &RegistryEntry) -> bool {
    e.iin_public || e.holder_bin.is_some()
}

/// `GET /{lang}/registry/{number}/{file}`: `document.pdf`, `document.p7s` or `signed.pdf` of a
/// registered document whose file is public (an unregistered one's contents are not public).
pub async fn entry_file(
    State(state): State<AppState>,
    Path((lang, number, file)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let part = Download::of_registry(&file).ok_or(fail(WebError::NotFound))?;
    let store = state.store();
    if !store.registry_entry(&number).await.map_err(|e| fail(e.into()))?.as_ref().is_some_and(public_file) {
        return Err(fail(WebError::NotFound));
    }
    let document = store.document(&number).await.map_err(|e| fail(e.into()))?.ok_or(fail(WebError::NotFound))?;
    download(&document, part, false).map_err(fail)
}

/// The upload form.
fn form(lang: Language) -> Markup {
    html! {
        h1 { (t::VERIFY.get(lang)) }
        p { (t::VERIFY_ABOUT.get(lang)) }
        form #verify method="post" enctype="multipart/form-data" action={ "/" (lang.code()) "/registry/verify" } {
            label for="pdf" { (t::PDF_FILE.get(lang)) }
            input #pdf name="pdf" type="file" accept=".pdf,application/pdf" required;
            label for="p7s" { (t::P7S_FILE.get(lang)) }
            input #p7s name="p7s" type="file" accept=".p7s,.cms,.sig";
            p { button type="submit" { (t::CHECK.get(lang)) } }
        }
    }
}

/// `GET /{lang}/registry/verify`.
pub async fn verify_page(Path(lang): Path<String>) -> PageResult {
    let lang = language(&lang)?;
    let content = form(lang);
    Ok(Html(layout::page(lang, t::VERIFY.get(lang), "/registry/verify", &content).into_string()))
}

/// `POST /{lang}/registry/verify`: the form again with the verdict (a form without the PDF:
/// 400, the form with the field's error).
pub async fn verify_upload(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let (status, outcome) = match upload(&headers, &body) {
        Ok(u) => {
            let v = verify_document(state.store(), state.trust(), state.now(), &u.pdf, u.p7s.as_deref())
                .await
                .map_err(|e| PageError(e.into(), lang))?;
            (StatusCode::OK, verdict(&v, lang))
        }
        Err(e) => {
            let text = if e.body().field == Some("pdf") { t::PDF_REQUIRED } else { t::BAD_UPLOAD };
            (e.status(), html! { p.error #verdict-text role="alert" { (text.get(lang)) } })
        }
    };
    let content = html! { (form(lang)) (outcome) };
    let page = layout::page(lang, t::VERIFY.get(lang), "/registry/verify", &content);
    Ok((status, Html(page.into_string())).into_response())
}
