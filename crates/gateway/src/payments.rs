//! The gateway's payment service: [`PaymentGateway`] and its HTTP client
//! (contract: `crates/sandbox/contracts/payments.json`). Invoice creation carries an
//! idempotency key, so a retried or repeated creation never makes a second invoice.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hyper::Method;
use reglament_domain::{Iin, Money};
use serde::{Deserialize, Serialize};

use crate::breaker::BreakerState;
use crate::caller::{Call, Caller, Failure, json_answer};
use crate::clock::{Clock, Entropy};
use crate::policy::ClientConfig;
use crate::{GatewayError, System};

/// The header carrying the idempotency key of an invoice creation.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// A token safe to put in a URL path or a header: 1–64 ASCII letters, digits, `-`, `_`, `.`.
fn is_token(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The caller's key for one intended invoice (e.g. derived from the case and its fee step):
/// every creation with the same key yields the same invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key, if it is 1–64 ASCII letters, digits, `-`, `_` or `.`.
    #[must_use]
    pub fn new(key: &str) -> Option<Self> {
        is_token(key).then(|| Self(key.to_owned()))
    }

    /// The key's text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An invoice's reference at the payment service.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InvoiceRef(String);

impl InvoiceRef {
    /// The reference, if it is 1–64 ASCII letters, digits, `-`, `_` or `.`.
    #[must_use]
    pub fn new(reference: &str) -> Option<Self> {
        is_token(reference).then(|| Self(reference.to_owned()))
    }

    /// The reference's text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for InvoiceRef {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value).ok_or_else(|| format!("`{value}` is not an invoice reference"))
    }
}

impl From<InvoiceRef> for String {
    fn from(value: InvoiceRef) -> Self {
        value.0
    }
}

impl fmt::Display for InvoiceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What to bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRequest {
    /// Who pays.
    pub payer: Iin,
    /// How much.
    pub amount: Money,
    /// The payment's purpose, shown to the payer.
    pub purpose: String,
    /// The key that makes the creation idempotent.
    pub idempotency_key: IdempotencyKey,
}

/// Whether an invoice is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Not paid yet.
    Unpaid,
    /// Paid.
    Paid,
}

/// An invoice as the payment service answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The service's reference.
    pub reference: InvoiceRef,
    /// Who pays.
    pub payer: Iin,
    /// The amount, in tiyn on the wire.
    #[serde(rename = "amount_tiyn")]
    pub amount: Money,
    /// The purpose.
    pub purpose: String,
    /// Paid or not.
    pub status: InvoiceStatus,
    /// When it was paid.
    #[serde(default)]
    pub paid_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
struct CreateBody<'a> {
    payer: &'a Iin,
    amount_tiyn: Money,
    purpose: &'a str,
}

/// The payment service, as the engine's actions call it.
pub trait PaymentGateway: Send + Sync {
    /// Creates the invoice for `request`, or returns the one already created with its key.
    fn invoice(&self, request: &InvoiceRequest) -> impl Future<Output = Result<Invoice, GatewayError>> + Send;
    /// The invoice `reference` as it stands now, or `gateway.not_found`.
    fn status(&self, reference: &InvoiceRef) -> impl Future<Output = Result<Invoice, GatewayError>> + Send;
}

/// The HTTP client of the payment service.
pub struct HttpPayments {
    caller: Caller,
}

impl HttpPayments {
    /// A client calling `config.base_url`, its breaker on `clock`, its jitter and request ids
    /// drawn from `entropy`.
    pub fn new(config: ClientConfig, clock: Arc<dyn Clock>, entropy: Box<dyn Entropy>) -> Result<Self, GatewayError> {
        Ok(Self { caller: Caller::new(System::Payments, config, clock, entropy)? })
    }

    /// The circuit breaker's state.
    #[must_use]
    pub fn breaker_state(&self) -> BreakerState {
        self.caller.breaker().state()
    }
}

impl PaymentGateway for HttpPayments {
    async fn invoice(&self, request: &InvoiceRequest) -> Result<Invoice, GatewayError> {
        let body = CreateBody { payer: &request.payer, amount_tiyn: request.amount, purpose: &request.purpose };
        let body = serde_json::to_vec(&body).map_err(|e| GatewayError::Config {
            system: System::Payments,
            cause: format!("encoding the invoice: {e}"),
        })?;
        let call = Call {
            method: Method::POST,
            path: "/invoices".to_owned(),
            body: Some(body),
            headers: vec![(IDEMPOTENCY_KEY_HEADER, request.idempotency_key.as_str())],
        };
        let what = format!("invoice for {}", request.payer);
        self.caller
            .call(&call, |status, body| {
                let invoice: Invoice = json_answer(status, body, &what)?;
                if invoice.payer == request.payer && invoice.amount == request.amount {
                    Ok(invoice)
                } else {
                    Err(Failure::Malformed(format!(
                        "invoice {} is for {} {}, asked for {} {}",
                        invoice.reference, invoice.payer, invoice.amount, request.payer, request.amount
                    )))
                }
            })
            .await
    }

    async fn status(&self, reference: &InvoiceRef) -> Result<Invoice, GatewayError> {
        let call =
            Call { method: Method::GET, path: format!("/invoices/{reference}"), body: None, headers: Vec::new() };
        let what = format!("invoice {reference}");
        self.caller
            .call(&call, |status, body| {
                let invoice: Invoice = json_answer(status, body, &what)?;
                if invoice.reference == *reference {
                    Ok(invoice)
                } else {
                    Err(Failure::Malformed(format!("asked for invoice {reference}, answered {}", invoice.reference)))
                }
            })
            .await
    }
}
