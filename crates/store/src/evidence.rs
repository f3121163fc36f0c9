//! What the store keeps of the state systems: the evidence of each answer, and each case's invoice.

use chrono::{DateTime, Utc};

/// A state system's answer to keep in the case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The row id (0 before it is recorded).
    pub id: i64,
    /// The case.
    pub case_id: String,
    /// The job that asked (one answer is kept per job).
    pub job_id: Option<i64>,
    /// The system's stable name (`individuals`, …).
    pub system: String,
    /// What was asked (`person 870412300101`).
    pub query: String,
    /// The call's request id (the gateway message id).
    pub request_id: String,
    /// Requests sent for the answer.
    pub attempts: i64,
    /// When the call began.
    pub asked_at: DateTime<Utc>,
    /// When the answer came.
    pub answered_at: DateTime<Utc>,
    /// `answered`, or the stable code of an answered refusal (`gateway.not_found`).
    pub outcome: String,
    /// The answer's exact text.
    pub body: String,
    /// SHA-256 of `body`, hex.
    pub sha256: String,
    /// The platform's detached CMS signature of the record, base64.
    pub signature: String,
}

/// A case's invoice at the payment gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRecord {
    /// The case billed.
    pub case_id: String,
    /// The gateway's reference.
    pub reference: String,
    /// The payer's IIN.
    pub payer: String,
    /// The amount billed, in tiyn.
    pub amount_tiyn: i64,
    /// The purpose shown to the payer.
    pub purpose: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}
