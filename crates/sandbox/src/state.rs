//! The mutable world: the [`Ledger`] (invoices, idempotency keys, counters — what a state file
//! keeps across restarts) and, in memory only, the switched faults and the journal.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::{Iin, Money, StateSystem};
use serde::{Deserialize, Serialize};

use crate::data::{self, Invoice, InvoiceStatus};
use crate::{FaultCount, FaultKind, SandboxError};

/// The most journal entries kept (the older half is dropped when it is reached).
pub const JOURNAL_LIMIT: usize = 10_000;

/// The version of the state file's layout.
const LEDGER_VERSION: u32 = 1;

/// One request to a state system as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The system asked.
    pub system: StateSystem,
    /// The method and the path after the system's base (`GET /persons/…`, `POST /invoices`).
    pub request: String,
    /// The `X-Request-Id` header, if sent.
    pub request_id: Option<String>,
    /// The `X-Attempt` header, if sent.
    pub attempt: Option<String>,
    /// The `Idempotency-Key` header, if sent.
    pub idempotency_key: Option<String>,
    /// The fault applied to the answer.
    pub fault: Option<FaultKind>,
    /// The envelope's sender header, if sent.
    pub sender: Option<String>,
    /// The envelope's message id header, if sent.
    pub message_id: Option<String>,
    /// Whether the envelope's signature was verified against the test PKI.
    pub envelope_verified: bool,
    /// The verified signer's name (certificate common name), if verified.
    pub signer: Option<String>,
}

/// The counters of `GET /admin/stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// Requests per system.
    pub requests: BTreeMap<StateSystem, u64>,
    /// Invoices created (the seeded ones not counted).
    pub invoices_created: u64,
}

/// The body of `POST /payments/v1/invoices`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewInvoice {
    #[serde(with = "reglament_domain::recorded_iin")]
    payer: Iin,
    amount_tiyn: Money,
    purpose: String,
}

/// The body of `POST /admin/invoices/{reference}/pay` (every field optional).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Payment {
    /// How much is paid (default: the amount).
    pub(crate) amount_tiyn: Option<Money>,
    /// When (default: now).
    pub(crate) paid_at: Option<DateTime<Utc>>,
}

/// One line of `GET /payments/v1/statement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct StatementLine {
    reference: String,
    #[serde(with = "reglament_domain::recorded_iin")]
    payer: Iin,
    paid_tiyn: Money,
    paid_at: DateTime<Utc>,
}

/// `GET /payments/v1/statement`'s body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Statement {
    payments: Vec<StatementLine>,
}

/// What survives a restart when the sandbox keeps a state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ledger {
    version: u32,
    invoices: Vec<Invoice>,
    /// Idempotency key → the reference of the invoice it created.
    keys: BTreeMap<String, String>,
    pub(crate) stats: Stats,
}

impl Ledger {
    /// The seeded invoices, no keys, zero counters.
    pub(crate) fn seeded(persons: &[data::Person]) -> Self {
        Self {
            version: LEDGER_VERSION,
            invoices: data::invoices(persons),
            keys: BTreeMap::new(),
            stats: Stats::default(),
        }
    }

    /// Checks a ledger read back from a state file.
    pub(crate) fn checked(self) -> Result<Self, SandboxError> {
        if self.version != LEDGER_VERSION {
            return Err(SandboxError::State(format!("layout version {} (expected {LEDGER_VERSION})", self.version)));
        }
        if let Some((key, reference)) = self.keys.iter().find(|(_, r)| self.find(r).is_none()) {
            return Err(SandboxError::State(format!("key `{key}` names no invoice {reference}")));
        }
        Ok(self)
    }

    fn find(&self, reference: &str) -> Option<&Invoice> {
        self.invoices.iter().find(|i| i.reference == reference)
    }

    /// The invoice `reference`.
    pub(crate) fn invoice(&self, reference: &str) -> Result<Invoice, SandboxError> {
        self.find(reference).cloned().ok_or_else(|| SandboxError::NotFound(format!("invoice {reference}")))
    }

    /// Creates the invoice of `request` under `key` (201), or answers the one the key already
    /// created (200); the key with another request is a conflict.
    pub(crate) fn create(&mut self, key: String, request: NewInvoice) -> Result<(StatusCode, Invoice), SandboxError> {
        if request.amount_tiyn.tiyn() <= 0 {
            return Err(SandboxError::BadRequest("amount_tiyn must be positive".into()));
        }
        if let Some(reference) = self.keys.get(&key) {
            let existing = self.invoice(reference)?;
            if existing.payer != request.payer
                || existing.amount_tiyn != request.amount_tiyn
                || existing.purpose != request.purpose
            {
                return Err(SandboxError::IdempotencyConflict(key));
            }
            return Ok((StatusCode::OK, existing));
        }
        let invoice = Invoice {
            reference: data::reference(self.invoices.len() + 1),
            payer: request.payer,
            amount_tiyn: request.amount_tiyn,
            purpose: request.purpose,
            status: InvoiceStatus::Unpaid,
            paid_at: None,
            paid_tiyn: None,
        };
        self.invoices.push(invoice.clone());
        self.keys.insert(key, invoice.reference.clone());
        self.stats.invoices_created += 1;
        Ok((StatusCode::CREATED, invoice))
    }

    /// Pays an unpaid invoice (the amount by default, at `now` by default); a paid one is
    /// answered as it is.
    pub(crate) fn pay(
        &mut self,
        reference: &str,
        payment: Payment,
        now: DateTime<Utc>,
    ) -> Result<Invoice, SandboxError> {
        let invoice = self
            .invoices
            .iter_mut()
            .find(|i| i.reference == reference)
            .ok_or_else(|| SandboxError::NotFound(format!("invoice {reference}")))?;
        if invoice.status == InvoiceStatus::Unpaid {
            let paid = payment.amount_tiyn.unwrap_or(invoice.amount_tiyn);
            if paid.tiyn() <= 0 {
                return Err(SandboxError::BadRequest("amount_tiyn must be positive".into()));
            }
            invoice.status = InvoiceStatus::Paid;
            invoice.paid_tiyn = Some(paid);
            invoice.paid_at = Some(payment.paid_at.unwrap_or(now));
        }
        Ok(invoice.clone())
    }

    /// The invoices paid from `from` to `to` (inclusive, by UTC date), by time of payment.
    pub(crate) fn statement(&self, from: NaiveDate, to: NaiveDate) -> Statement {
        let mut payments: Vec<StatementLine> = self
            .invoices
            .iter()
            .filter_map(|i| {
                let paid_at = i.paid_at?;
                (from..=to).contains(&paid_at.date_naive()).then(|| StatementLine {
                    reference: i.reference.clone(),
                    payer: i.payer,
                    paid_tiyn: i.paid_tiyn.unwrap_or(i.amount_tiyn),
                    paid_at,
                })
            })
            .collect();
        payments.sort_by(|a, b| (a.paid_at, &a.reference).cmp(&(b.paid_at, &b.reference)));
        Statement { payments }
    }
}

/// The whole mutable world behind the sandbox's lock.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) ledger: Ledger,
    pub(crate) faults: BTreeMap<StateSystem, (FaultKind, FaultCount)>,
    pub(crate) journal: Vec<JournalEntry>,
}

impl World {
    pub(crate) const fn new(ledger: Ledger) -> Self {
        Self { ledger, faults: BTreeMap::new(), journal: Vec::new() }
    }

    /// Counts and journals a request, and picks its fault: the header's, else the system's
    /// (using one of its count).
    pub(crate) fn enter(&mut self, mut entry: JournalEntry, header_fault: Option<FaultKind>) -> Option<FaultKind> {
        let system = entry.system;
        let fault = header_fault.or_else(|| {
            let (kind, count) = self.faults.get(&system).copied()?;
            match count {
                FaultCount::Always(_) => {}
                FaultCount::Times(n) if n <= 1 => {
                    self.faults.remove(&system);
                }
                FaultCount::Times(n) => {
                    self.faults.insert(system, (kind, FaultCount::Times(n - 1)));
                }
            }
            Some(kind)
        });
        *self.ledger.stats.requests.entry(system).or_default() += 1;
        if self.journal.len() >= JOURNAL_LIMIT {
            self.journal.drain(..JOURNAL_LIMIT / 2);
        }
        entry.fault = fault;
        self.journal.push(entry);
        fault
    }
}
