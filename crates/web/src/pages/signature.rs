//! The signature check page: an applicant or official picks a signed file (CMS or XML) and sees
//! who signed it, the chain, the revocation status and the verdict — or which check failed, in
//! their language. The page posts the file to `POST /{lang}/signature`, which answers the
//! verdict as an HTML fragment rendered here.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Html;
use maud::{Markup, PreEscaped, html};
use reglament_domain::Language;
use reglament_pki::{Role, Status};

use super::{PageResult, language, layout};
use crate::signatures::{SignatureRequest, check};
use crate::state::AppState;
use crate::texts;

/// Reads the chosen files as base64 and posts them; shows the fragment the server answers.
const SCRIPT: &str = r"
const form = document.getElementById('check');
const b64 = f => new Promise((ok, fail) => { const r = new FileReader();
  r.onload = () => ok(r.result.split(',')[1]); r.onerror = fail; r.readAsDataURL(f); });
form.addEventListener('submit', async e => {
  e.preventDefault();
  const sig = form.signature.files[0]; if (!sig) return;
  const body = { signature: await b64(sig), accept_unknown: form.accept_unknown.checked };
  if (form.content.files[0]) body.content = await b64(form.content.files[0]);
  if (form.at.value) body.at = form.at.value;
  const r = await fetch(form.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  document.getElementById('verdict').innerHTML = await r.text();
});
";

/// `GET /{lang}/signature`.
pub async fn page(Path(lang): Path<String>) -> PageResult {
    let lang = language(&lang)?;
    let content = html! {
        h1 { (texts::SIGNATURE.get(lang)) }
        p { (texts::SIGNATURE_ABOUT.get(lang)) }
        form #check method="post" action={ "/" (lang.code()) "/signature" } {
            label for="signature" { (texts::SIGNED_FILE.get(lang)) }
            input #signature name="signature" type="file" accept=".p7s,.cms,.sig,.xml" required;
            label for="content" { (texts::SIGNED_CONTENT.get(lang)) }
            input #content name="content" type="file";
            label for="at" { (texts::CHECK_AT.get(lang)) }
            input #at name="at" type="text" placeholder="2026-03-20T19:40";
            label { input name="accept_unknown" type="checkbox"; " " (texts::ACCEPT_UNKNOWN.get(lang)) }
            p { button type="submit" { (texts::CHECK.get(lang)) } }
        }
        div #verdict {}
        script { (PreEscaped(SCRIPT)) }
    };
    Ok(Html(layout::page(lang, texts::SIGNATURE.get(lang), "/signature", &content).into_string()))
}

/// `POST /{lang}/signature`: the verdict as an HTML fragment.
pub async fn verdict(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Json(request): Json<SignatureRequest>,
) -> PageResult {
    let lang = language(&lang)?;
    let markup = match check(state.trust(), &request) {
        Ok(answer) => html! {
            p.valid { (texts::SIGNATURE_VALID.get(lang)) }
            @for (n, signer) in answer.signers.iter().enumerate() {
                div.card {
                    h3 { (texts::SIGNER.get(lang)) " " (n + 1) ": " (signer.chain.first().map_or("—", String::as_str)) }
                    p { (roles(&signer.roles, lang)) }
                    @if let Some(bin) = &signer.subject.bin {
                        p { "BIN " (bin) " — " (signer.subject.organisation.as_deref().unwrap_or("—")) }
                    }
                    @if let Some(time) = signer.signing_time {
                        p { (texts::SIGNING_TIME.get(lang)) ": " (time.format("%Y-%m-%d %H:%M:%S UTC")) }
                    }
                    p { (texts::CHAIN.get(lang)) ": " (signer.chain.join(" → ")) }
                    p { (texts::REVOCATION.get(lang)) ": " (status(signer.status, lang)) }
                }
            }
        },
        Err(e) => refusal(&e, lang),
    };
    Ok(Html(markup.into_string()))
}

fn refusal(error: &crate::error::WebError, lang: Language) -> Markup {
    let body = error.body();
    html! {
        p.error { (texts::SIGNATURE_REFUSED.get(lang)) ": " (texts::pki_reason(body.code, lang)) }
        p { small { code { (body.code) } " " (body.message) } }
    }
}

fn status(status: Status, lang: Language) -> String {
    match status {
        Status::Good => texts::STATUS_GOOD.get(lang).to_owned(),
        Status::Unknown => texts::STATUS_UNKNOWN.get(lang).to_owned(),
    }
}

fn roles(roles: &[Role], lang: Language) -> String {
    let names: Vec<String> = roles.iter().map(|r| texts::role(*r).get(lang).to_owned()).collect();
    if names.is_empty() { "—".to_owned() } else { names.join(", ") }
}
