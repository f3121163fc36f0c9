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

/// The evidence, invoice and job-lease methods of [`Store`](crate::Store) for a backend whose
/// writes go through the pool field `$writer` and whose reads through `$reader` (the statements
/// are those of `sql.rs`; the names come from the backend's imports).
macro_rules! gateway_methods {
    ($writer:ident, $reader:ident) => {
        async fn retry_job(&self, id: i64, worker: &str, due_at: DateTime<Utc>) -> Result<bool, StoreError> {
            let held = sqlx::query(sql::RETRY_JOB).bind(due_at).bind(id).bind(worker).execute(&self.$writer).await?;
            Ok(held.rows_affected() > 0)
        }

        async fn finish_job(&self, id: i64, worker: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
            let held = sqlx::query(sql::FINISH_JOB).bind(at).bind(id).bind(worker).execute(&self.$writer).await?;
            Ok(held.rows_affected() > 0)
        }

        async fn renew_job(&self, id: i64, worker: &str, until: DateTime<Utc>) -> Result<bool, StoreError> {
            let held = sqlx::query(sql::RENEW_JOB).bind(until).bind(id).bind(worker).execute(&self.$writer).await?;
            Ok(held.rows_affected() > 0)
        }

        async fn record_evidence(&self, e: &Evidence) -> Result<i64, StoreError> {
            let mut tx = self.$writer.begin().await?;
            let inserted: Option<i64> = sqlx::query_scalar(sql::INSERT_EVIDENCE)
                .bind(&e.case_id)
                .bind(e.job_id)
                .bind(&e.system)
                .bind(&e.query)
                .bind(&e.request_id)
                .bind(e.attempts)
                .bind(e.asked_at)
                .bind(e.answered_at)
                .bind(&e.outcome)
                .bind(&e.body)
                .bind(&e.sha256)
                .bind(&e.signature)
                .fetch_optional(&mut *tx)
                .await?;
            let id: i64 = match inserted {
                Some(id) => id,
                None => sqlx::query_scalar(sql::EVIDENCE_OF_JOB).bind(e.job_id).fetch_one(&mut *tx).await?,
            };
            tx.commit().await?;
            Ok(id)
        }

        async fn evidence(&self, case_id: &str) -> Result<Vec<Evidence>, StoreError> {
            let rows: Vec<EvidenceTuple> =
                sqlx::query_as(sql::EVIDENCE_OF_CASE).bind(case_id).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map(evidence_row).collect())
        }

        async fn record_invoice(&self, i: &InvoiceRecord) -> Result<InvoiceRecord, StoreError> {
            let mut tx = self.$writer.begin().await?;
            sqlx::query(sql::INSERT_INVOICE)
                .bind(&i.case_id)
                .bind(&i.reference)
                .bind(&i.payer)
                .bind(i.amount_tiyn)
                .bind(&i.purpose)
                .bind(i.created_at)
                .execute(&mut *tx)
                .await?;
            let row: InvoiceTuple = sqlx::query_as(sql::INVOICE_OF_CASE).bind(&i.case_id).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok(invoice_row(row))
        }

        async fn invoice(&self, case_id: &str) -> Result<Option<InvoiceRecord>, StoreError> {
            let row: Option<InvoiceTuple> =
                sqlx::query_as(sql::INVOICE_OF_CASE).bind(case_id).fetch_optional(&self.$reader).await?;
            Ok(row.map(invoice_row))
        }

        async fn invoices_between(
            &self,
            from: DateTime<Utc>,
            to: DateTime<Utc>,
        ) -> Result<Vec<InvoiceRecord>, StoreError> {
            let rows: Vec<InvoiceTuple> =
                sqlx::query_as(sql::INVOICES_BETWEEN).bind(from).bind(to).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map(invoice_row).collect())
        }
    };
}
pub(crate) use gateway_methods;
