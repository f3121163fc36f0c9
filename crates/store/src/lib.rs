//! Persistence: one [`Store`] trait, implemented by [`SqliteStore`] (the embedded default) and
//! [`PostgresStore`] (production), each with its own migrations compiled in; [`AnyStore`] picks one
//! by URL.
//!
//! Invariants: the store holds no state of its own in memory (any number of app instances may
//! share one PostgreSQL); instants are stored in UTC at microsecond precision on both backends;
//! every value read back is parsed into its domain type or reported as [`StoreError::Corrupt`].

pub mod cases;
mod error;
pub mod evidence;
mod migrations;
mod postgres;
mod sql;
mod sqlite;
pub mod testing;

use std::future::Future;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use reglament_calendar::{CalendarChange, Change};

pub use cases::{Append, Appended, CaseFilter, CaseRow, EventRow, Job, NewJob};
pub use error::StoreError;
pub use evidence::{Evidence, InvoiceRecord};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// A calendar change as stored, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChange {
    /// The row id.
    pub id: i64,
    /// The change.
    pub change: CalendarChange,
}

/// What the platform keeps. Every method is one transaction.
pub trait Store: Send + Sync {
    /// Checks that the database answers.
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Records an effective-dated calendar change; returns its id.
    fn record_calendar_change(&self, change: &CalendarChange) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Every recorded calendar change, in order of recording.
    fn calendar_changes(&self) -> impl Future<Output = Result<Vec<StoredChange>, StoreError>> + Send;
    /// Records a command's events, jobs and case row in one transaction: refused with
    /// [`StoreError::Conflict`] when the case is no longer at `expected_version`; nothing written
    /// (and [`Appended::Duplicate`]) when the idempotency key was seen before.
    fn append(&self, append: &Append<'_>) -> impl Future<Output = Result<Appended, StoreError>> + Send;
    /// Records several commands' appends in one transaction (each under a savepoint): a
    /// conflicting or duplicate one is rolled back alone and reported in its place.
    fn append_batch(
        &self,
        appends: &[Append<'_>],
    ) -> impl Future<Output = Result<Vec<Result<Appended, StoreError>>, StoreError>> + Send;
    /// A case's row.
    fn case(&self, id: &str) -> impl Future<Output = Result<Option<CaseRow>, StoreError>> + Send;
    /// A case's events, in order.
    fn events(&self, id: &str) -> impl Future<Output = Result<Vec<EventRow>, StoreError>> + Send;
    /// The events of several cases in one query, as (case id, event) in case and sequence order.
    fn events_of(&self, ids: &[String]) -> impl Future<Output = Result<Vec<(String, EventRow)>, StoreError>> + Send;
    /// Cases matching `filter` (by act version, by role inbox, open only).
    fn cases(&self, filter: &CaseFilter) -> impl Future<Output = Result<Vec<CaseRow>, StoreError>> + Send;
    /// Claims up to `limit` due jobs for `worker` until `lease_until` (jobs whose lease ran out
    /// are claimable again); several workers never claim the same job at once.
    fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Job>, StoreError>> + Send;
    /// Marks a job done that produced no events.
    fn finish_job(&self, id: i64, at: DateTime<Utc>) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Releases a claimed job to be tried again at `due_at`, counting the attempt.
    fn retry_job(&self, id: i64, due_at: DateTime<Utc>) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Keeps the evidence of an answer; returns its id (the one already kept, when its job kept one).
    fn record_evidence(&self, evidence: &Evidence) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// A case's evidence, in the order it was kept.
    fn evidence(&self, case_id: &str) -> impl Future<Output = Result<Vec<Evidence>, StoreError>> + Send;
    /// Keeps a case's invoice; returns the case's invoice (the first one kept, if it had one).
    fn record_invoice(&self, invoice: &InvoiceRecord)
    -> impl Future<Output = Result<InvoiceRecord, StoreError>> + Send;
    /// A case's invoice.
    fn invoice(&self, case_id: &str) -> impl Future<Output = Result<Option<InvoiceRecord>, StoreError>> + Send;
    /// Invoices created in `[from, to)`, in order of creation.
    fn invoices_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<InvoiceRecord>, StoreError>> + Send;
    /// Closes the connections.
    fn close(&self) -> impl Future<Output = ()> + Send;
}

/// A store of either backend, chosen by URL.
#[derive(Debug, Clone)]
pub enum AnyStore {
    /// SQLite.
    Sqlite(SqliteStore),
    /// PostgreSQL.
    Postgres(PostgresStore),
}

impl AnyStore {
    /// Connects to `sqlite://PATH` or `postgres://…` and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite(SqliteStore::connect(url).await?))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres(PostgresStore::connect(url).await?))
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// Which backend this is.
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

impl Store for AnyStore {
    async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.ping().await,
            Self::Postgres(s) => s.ping().await,
        }
    }

    async fn record_calendar_change(&self, change: &CalendarChange) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(s) => s.record_calendar_change(change).await,
            Self::Postgres(s) => s.record_calendar_change(change).await,
        }
    }

    async fn calendar_changes(&self) -> Result<Vec<StoredChange>, StoreError> {
        match self {
            Self::Sqlite(s) => s.calendar_changes().await,
            Self::Postgres(s) => s.calendar_changes().await,
        }
    }

    async fn append(&self, append: &Append<'_>) -> Result<Appended, StoreError> {
        match self {
            Self::Sqlite(s) => s.append(append).await,
            Self::Postgres(s) => s.append(append).await,
        }
    }

    async fn append_batch(&self, appends: &[Append<'_>]) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
        match self {
            Self::Sqlite(s) => s.append_batch(appends).await,
            Self::Postgres(s) => s.append_batch(appends).await,
        }
    }

    async fn case(&self, id: &str) -> Result<Option<CaseRow>, StoreError> {
        match self {
            Self::Sqlite(s) => s.case(id).await,
            Self::Postgres(s) => s.case(id).await,
        }
    }

    async fn events(&self, id: &str) -> Result<Vec<EventRow>, StoreError> {
        match self {
            Self::Sqlite(s) => s.events(id).await,
            Self::Postgres(s) => s.events(id).await,
        }
    }

    async fn events_of(&self, ids: &[String]) -> Result<Vec<(String, EventRow)>, StoreError> {
        match self {
            Self::Sqlite(s) => s.events_of(ids).await,
            Self::Postgres(s) => s.events_of(ids).await,
        }
    }

    async fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseRow>, StoreError> {
        match self {
            Self::Sqlite(s) => s.cases(filter).await,
            Self::Postgres(s) => s.cases(filter).await,
        }
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        match self {
            Self::Sqlite(s) => s.claim_jobs(worker, now, lease_until, limit).await,
            Self::Postgres(s) => s.claim_jobs(worker, now, lease_until, limit).await,
        }
    }

    async fn finish_job(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.finish_job(id, at).await,
            Self::Postgres(s) => s.finish_job(id, at).await,
        }
    }

    async fn retry_job(&self, id: i64, due_at: DateTime<Utc>) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.retry_job(id, due_at).await,
            Self::Postgres(s) => s.retry_job(id, due_at).await,
        }
    }

    async fn record_evidence(&self, evidence: &Evidence) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(s) => s.record_evidence(evidence).await,
            Self::Postgres(s) => s.record_evidence(evidence).await,
        }
    }

    async fn evidence(&self, case_id: &str) -> Result<Vec<Evidence>, StoreError> {
        match self {
            Self::Sqlite(s) => s.evidence(case_id).await,
            Self::Postgres(s) => s.evidence(case_id).await,
        }
    }

    async fn record_invoice(&self, invoice: &InvoiceRecord) -> Result<InvoiceRecord, StoreError> {
        match self {
            Self::Sqlite(s) => s.record_invoice(invoice).await,
            Self::Postgres(s) => s.record_invoice(invoice).await,
        }
    }

    async fn invoice(&self, case_id: &str) -> Result<Option<InvoiceRecord>, StoreError> {
        match self {
            Self::Sqlite(s) => s.invoice(case_id).await,
            Self::Postgres(s) => s.invoice(case_id).await,
        }
    }

    async fn invoices_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<InvoiceRecord>, StoreError> {
        match self {
            Self::Sqlite(s) => s.invoices_between(from, to).await,
            Self::Postgres(s) => s.invoices_between(from, to).await,
        }
    }

    async fn close(&self) {
        match self {
            Self::Sqlite(s) => s.close().await,
            Self::Postgres(s) => s.close().await,
        }
    }
}

/// A case row as both backends return it.
type CaseTuple = (String, String, String, String, String, String, i64, String, DateTime<Utc>, String);

fn case_row((id, act, service, variant, status, roles, version, head, updated_at, waiting): CaseTuple) -> CaseRow {
    CaseRow {
        id,
        act,
        service,
        variant,
        status,
        roles: roles.split_whitespace().map(str::to_owned).collect(),
        waiting: waiting.split_whitespace().map(str::to_owned).collect(),
        version,
        head,
        updated_at,
    }
}

/// An evidence row as both backends return it.
type EvidenceTuple = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    String,
    i64,
    DateTime<Utc>,
    DateTime<Utc>,
    String,
    String,
    String,
    String,
);

fn evidence_row(
    (id, case_id, job_id, system, query, request_id, attempts, asked_at, answered_at, outcome, body, sha256, signature): EvidenceTuple,
) -> Evidence {
    Evidence {
        id,
        case_id,
        job_id,
        system,
        query,
        request_id,
        attempts,
        asked_at,
        answered_at,
        outcome,
        body,
        sha256,
        signature,
    }
}

/// An invoice row as both backends return it.
type InvoiceTuple = (String, String, String, i64, String, DateTime<Utc>);

fn invoice_row((case_id, reference, payer, amount_tiyn, purpose, created_at): InvoiceTuple) -> InvoiceRecord {
    InvoiceRecord { case_id, reference, payer, amount_tiyn, purpose, created_at }
}

/// Roles (and waited-on systems) stored as ` a b ` so that `LIKE '% a %'` finds an inbox.
fn roles_text(roles: &[String]) -> String {
    format!(" {} ", roles.join(" "))
}

/// The instant (truncated to microseconds, the precision both backends keep) and the JSON of a change.
fn encode_change(change: &CalendarChange) -> Result<(DateTime<Utc>, String), StoreError> {
    let at = change.recorded_at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(change.recorded_at);
    let json = serde_json::to_string(&change.change).map_err(|e| StoreError::Corrupt {
        what: "calendar change",
        id: 0,
        reason: e.to_string(),
    })?;
    Ok((at, json))
}

fn decode_change(id: i64, recorded_at: DateTime<Utc>, json: &str, source: String) -> Result<StoredChange, StoreError> {
    let change: Change = serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        what: "calendar change",
        id,
        reason: e.to_string(),
    })?;
    Ok(StoredChange { id, change: CalendarChange { recorded_at, change, source } })
}
