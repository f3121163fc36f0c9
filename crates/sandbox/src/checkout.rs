//! The payment gateway's hosted page, as the payer sees it: the portal sends the applicant to
//! `GET /checkout/{reference}?return=URL&lang=kk|ru`, the page shows the invoice in Kazakh or
//! Russian with one button, and paying (`POST`) pays the invoice in full and sends the payer back
//! to the portal's `return` address with `invoice=REF&status=paid`. The return address must be on
//! loopback (the sandbox is a loopback test stand; no open redirect).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::data::InvoiceStatus;
use crate::state::Payment;
use crate::{Sandbox, SandboxError};

/// Where to go back to, and in which language to speak.
#[derive(Debug, Deserialize)]
pub(crate) struct Back {
    /// The portal's address to return to (loopback only).
    #[serde(rename = "return")]
    back: String,
    /// `kk` or `ru` (default `ru`).
    #[serde(default)]
    lang: Option<String>,
}

/// Whether `url` is an `http://` address on loopback.
fn on_loopback(url: &str) -> bool {
    let rest = url.strip_prefix("http://").unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `(Kazakh, Russian)` picked by `lang`.
fn say<'a>(kk: bool, (k, r): (&'a str, &'a str)) -> &'a str {
    if kk { k } else { r }
}

/// `GET /checkout/{reference}`.
pub(crate) async fn page(
    State(sandbox): State<Sandbox>,
    Path(reference): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, SandboxError> {
    if !on_loopback(&back.back) {
        return Err(SandboxError::BadRequest(format!("return address `{}` is not on loopback", back.back)));
    }
    let invoice = sandbox.world().ledger.invoice(&reference)?;
    let kk = back.lang.as_deref() == Some("kk");
    let lang = if kk { "kk" } else { "ru" };
    let paid = invoice.status == InvoiceStatus::Paid;
    let action = if paid {
        format!(
            r#"<p>{}</p><p><a href="{}">{}</a></p>"#,
            say(kk, ("Шот төленген.", "Счёт оплачен.")),
            escape(&returned(&back.back, &reference)),
            say(kk, ("Порталға оралу", "Вернуться на портал"))
        )
    } else {
        format!(
            r#"<form method="post"><input type="hidden" name="return" value="{}"><input type="hidden" name="lang" value="{lang}"><button type="submit" id="pay">{}</button></form>"#,
            escape(&back.back),
            say(kk, ("Төлеу", "Оплатить"))
        )
    };
    let body = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1><p>{sandbox}</p><dl><dt>{number}</dt><dd id="reference">{reference}</dd><dt>{payer}</dt><dd>{iin}</dd><dt>{purpose}</dt><dd>{what}</dd><dt>{amount}</dt><dd id="amount">{money}</dd></dl>{action}</body></html>"#,
        title = say(kk, ("Төлем шлюзі: шотты төлеу", "Платёжный шлюз: оплата счёта")),
        sandbox =
            say(kk, ("Құмсалғыш: нақты ақша есептен шығарылмайды.", "Песочница: реальные деньги не списываются.")),
        number = say(kk, ("Шот", "Счёт")),
        payer = say(kk, ("Төлеуші (ЖСН)", "Плательщик (ИИН)")),
        purpose = say(kk, ("Мақсаты", "Назначение")),
        amount = say(kk, ("Сомасы", "Сумма")),
        reference = escape(&invoice.reference),
        iin = invoice.payer.as_string(),
        what = escape(&invoice.purpose),
        money = invoice.amount_tiyn,
    );
    Ok(Html(body).into_response())
}

/// The portal's return address with the invoice and its status appended.
fn returned(back: &str, reference: &str) -> String {
    let joiner = if back.contains('?') { '&' } else { '?' };
    format!("{back}{joiner}invoice={reference}&status=paid")
}

/// `POST /checkout/{reference}`: pays in full now, back to the portal.
pub(crate) async fn pay(
    State(sandbox): State<Sandbox>,
    Path(reference): Path<String>,
    Form(back): Form<Back>,
) -> Result<Response, SandboxError> {
    if !on_loopback(&back.back) {
        return Err(SandboxError::BadRequest(format!("return address `{}` is not on loopback", back.back)));
    }
    sandbox.pay_with(&reference, Payment::default(), crate::now())?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, returned(&back.back, &reference))]).into_response())
}
