//! The payment gateway: invoices created under an `Idempotency-Key`, read by reference, and
//! the statement of payments for reconciliation; and the admin's hand that pays an invoice.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use reglament_domain::StateSystem;

use crate::call::Incoming;
use crate::data::Invoice;
use crate::state::{NewInvoice, Payment};
use crate::{Sandbox, SandboxError};

/// `POST /payments/v1/invoices`.
pub(crate) async fn create_invoice(State(sandbox): State<Sandbox>, call: Incoming) -> Response {
    sandbox
        .handle(StateSystem::Payments, call, |s, call| {
            let key = call
                .header("idempotency-key")
                .filter(|k| !k.is_empty())
                .ok_or_else(|| SandboxError::BadRequest("the Idempotency-Key header is required".into()))?
                .to_owned();
            let request: NewInvoice =
                serde_json::from_slice(&call.body).map_err(|e| SandboxError::BadRequest(format!("invoice: {e}")))?;
            let (status, invoice) = s.world().ledger.create(key, request)?;
            Ok((status, Json(invoice)).into_response())
        })
        .await
}

/// `GET /payments/v1/invoices/{reference}`.
pub(crate) async fn invoice(State(sandbox): State<Sandbox>, Path(reference): Path<String>, call: Incoming) -> Response {
    sandbox
        .handle(StateSystem::Payments, call, |s, _| Ok(Json(s.world().ledger.invoice(&reference)?).into_response()))
        .await
}

/// The date of query parameter `name` (`YYYY-MM-DD`).
fn date_parameter(query: &str, name: &str) -> Result<NaiveDate, SandboxError> {
    let value = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
        .ok_or_else(|| SandboxError::BadRequest(format!("the query parameter `{name}` (YYYY-MM-DD) is required")))?;
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|e| SandboxError::BadRequest(format!("{name} `{value}`: expected YYYY-MM-DD ({e})")))
}

/// `GET /payments/v1/statement?from=YYYY-MM-DD&to=YYYY-MM-DD`.
pub(crate) async fn statement(State(sandbox): State<Sandbox>, call: Incoming) -> Response {
    sandbox
        .handle(StateSystem::Payments, call, |s, call| {
            let query = call.uri.query().unwrap_or("");
            let (from, to) = (date_parameter(query, "from")?, date_parameter(query, "to")?);
            if from > to {
                return Err(SandboxError::BadRequest(format!("from {from} is after to {to}")));
            }
            Ok(Json(s.world().ledger.statement(from, to)).into_response())
        })
        .await
}

/// `POST /admin/invoices/{reference}/pay` with an optional `{amount_tiyn?, paid_at?}`: the payer
/// paying, played by hand (in full and now by default).
pub(crate) async fn pay(
    State(sandbox): State<Sandbox>,
    Path(reference): Path<String>,
    body: Bytes,
) -> Result<Json<Invoice>, SandboxError> {
    let payment: Payment = if body.iter().all(u8::is_ascii_whitespace) {
        Payment::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| SandboxError::BadRequest(format!("payment: {e}")))?
    };
    Ok(Json(sandbox.pay_with(&reference, payment, crate::now())?))
}
