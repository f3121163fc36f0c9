//! The gateway's payment service: the dyn-compatible [`PaymentGateway`] trait and its types
//! (contract: `crates/sandbox/contracts/payments.json`). Invoice creation carries an
//! idempotency key, so a retried or repeated creation never makes a second invoice.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::{Iin, Money};
use serde::{Deserialize, Serialize};

use crate::GatewayError;
use crate::registries::BoxFuture;

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
    /// Who pays (read under `IdPolicy::AllowNcaTestNumbers`, as the registries' answers).
    #[serde(with = "reglament_domain::recorded_iin")]
    pub payer: Iin,
    /// The amount, in tiyn on the wire.
    #[serde(rename = "amount_tiyn")]
    pub amount: Money,
    /// The purpose.
    pub purpose: String,
    /// Paid or not.
    pub status: InvoiceStatus,
    /// How much was paid (tiyn on the wire), when paid.
    #[serde(rename = "paid_tiyn", default)]
    pub paid: Option<Money>,
    /// When it was paid.
    #[serde(default)]
    pub paid_at: Option<DateTime<Utc>>,
}

/// `POST /invoices`' body.
#[derive(Serialize)]
pub(crate) struct CreateBody<'a> {
    pub payer: &'a Iin,
    pub amount_tiyn: Money,
    pub purpose: &'a str,
}

/// A payment as the statement lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The invoice paid.
    pub reference: InvoiceRef,
    /// Who paid (read under `IdPolicy::AllowNcaTestNumbers`).
    #[serde(with = "reglament_domain::recorded_iin")]
    pub payer: Iin,
    /// How much was paid, in tiyn on the wire.
    #[serde(rename = "paid_tiyn")]
    pub paid: Money,
    /// When.
    pub paid_at: DateTime<Utc>,
}

/// `GET /statement`'s answer.
#[derive(Deserialize)]
pub(crate) struct Statement {
    pub payments: Vec<Payment>,
}

/// The payment service, as the engine's actions call it. Dyn-compatible: the runtime holds an
/// `Arc<dyn PaymentGateway>`, tests a fake.
pub trait PaymentGateway: Send + Sync {
    /// Creates the invoice for `request`, or returns the one already created with its key.
    fn invoice(&self, request: &InvoiceRequest) -> BoxFuture<'_, Result<Invoice, GatewayError>>;
    /// The invoice `reference` as it stands now, or `gateway.not_found`.
    fn status(&self, reference: &InvoiceRef) -> BoxFuture<'_, Result<Invoice, GatewayError>>;
    /// The payments made from `from` to `to` (both days included, by UTC date), for
    /// reconciliation; a payment listed outside those days makes the answer malformed.
    fn statement(&self, from: NaiveDate, to: NaiveDate) -> BoxFuture<'_, Result<Vec<Payment>, GatewayError>>;
}
