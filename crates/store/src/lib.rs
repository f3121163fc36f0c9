//! Persistence: one [`Store`] trait, implemented by [`SqliteStore`] (the embedded default) and
//! [`PostgresStore`] (production), each with its own migrations compiled in; [`AnyStore`] picks one
//! by URL.
//!
//! Invariants: the store holds no state of its own in memory (any number of app instances may
//! share one PostgreSQL); instants are stored in UTC at microsecond precision on both backends;
//! every value read back is parsed into its domain type or reported as [`StoreError::Corrupt`].

pub mod accounts;
pub mod applications;
pub mod cases;
pub mod documents;
mod error;
pub mod evidence;
mod migrations;
mod postgres;
pub mod registry;
mod sql;
mod sqlite;
pub mod testing;

use std::future::Future;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use reglament_calendar::{CalendarChange, Change};

pub use accounts::{Account, Session, SessionKind, StaffMember};
pub use applications::{ApiToken, Application, Attachment};
pub use cases::{Append, Appended, CaseFilter, CaseRow, EventRow, Job, NewJob};
pub use documents::{IssuedDocument, Lease};
pub use error::StoreError;
pub use evidence::{Evidence, InvoiceRecord};
pub use postgres::PostgresStore;
pub use registry::{RegistryChange, RegistryEntry, RegistryKind, RegistryQuery, RegistryStatus, UnknownName};
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
    /// Marks a job done that produced no events, if `worker` still holds it; whether it did.
    fn finish_job(
        &self,
        id: i64,
        worker: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Releases a claimed job to be tried again at `due_at`, counting the attempt, if `worker`
    /// still holds it; whether it did.
    fn retry_job(
        &self,
        id: i64,
        worker: &str,
        due_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Extends `worker`'s lease on a job to `until`, if it still holds it; whether it did.
    fn renew_job(
        &self,
        id: i64,
        worker: &str,
        until: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
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
    /// Makes or replaces an applicant's account (name and password hash).
    fn put_account(&self, account: &Account) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Makes an applicant's account unless one exists for the IIN (first sign-in with a key).
    fn ensure_account(&self, account: &Account) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// An applicant's account.
    fn account(&self, iin: &str) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;
    /// Puts a person on a provider's staff list in a role (replacing provider and name).
    fn put_staff(&self, member: &StaffMember) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Every staff row of a person.
    fn staff(&self, iin: &str) -> impl Future<Output = Result<Vec<StaffMember>, StoreError>> + Send;
    /// Takes a person's role at a provider off its staff list; whether it was there.
    fn remove_staff(
        &self,
        iin: &str,
        provider_bin: &str,
        role: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Every staff row, by provider, person and role.
    fn all_staff(&self) -> impl Future<Output = Result<Vec<StaffMember>, StoreError>> + Send;
    /// Keeps a new session.
    fn create_session(&self, session: &Session) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The session whose token hashes to `token_hash`, unless it has expired at `now`.
    fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Option<Session>, StoreError>> + Send;
    /// Ends a session.
    fn end_session(&self, token_hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Keeps a sign-in challenge.
    fn create_challenge(
        &self,
        nonce: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Uses a challenge at `now`: `true` only the first time, and only before it expires.
    fn use_challenge(&self, nonce: &str, now: DateTime<Utc>) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Records a failed sign-in of `subject` (`iin:…`, `addr:…`).
    fn record_sign_in_failure(
        &self,
        subject: &str,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// How many sign-ins of `subject` failed since `since`.
    fn sign_in_failures(
        &self,
        subject: &str,
        since: DateTime<Utc>,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Removes the sessions and challenges expired at `now` and the failures before `failures_before`.
    fn purge_expired(
        &self,
        now: DateTime<Utc>,
        failures_before: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Keeps an application unless its form token was used; returns the application of the token
    /// (the first one: a form posted twice makes one application).
    fn create_application(
        &self,
        application: &Application,
    ) -> impl Future<Output = Result<Application, StoreError>> + Send;
    /// One application.
    fn application(&self, id: &str) -> impl Future<Output = Result<Option<Application>, StoreError>> + Send;
    /// An applicant's applications, newest first.
    fn applications_of(&self, iin: &str) -> impl Future<Output = Result<Vec<Application>, StoreError>> + Send;
    /// Keeps an attachment, replacing the one for the same document.
    fn put_attachment(&self, attachment: &Attachment) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// An application's attachments, without their bytes.
    fn attachments(&self, application_id: &str) -> impl Future<Output = Result<Vec<Attachment>, StoreError>> + Send;
    /// One attachment with its bytes.
    fn attachment(
        &self,
        application_id: &str,
        document: &str,
    ) -> impl Future<Output = Result<Option<Attachment>, StoreError>> + Send;
    /// Keeps an integrator's API token by its SHA-256 (hex).
    fn add_api_token(&self, token_hash: &str, token: &ApiToken) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The token with this SHA-256 (hex), while it is neither expired nor revoked at `now`.
    fn api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Option<ApiToken>, StoreError>> + Send;
    /// Every token, by name and issue.
    fn api_tokens(&self) -> impl Future<Output = Result<Vec<ApiToken>, StoreError>> + Send;
    /// Revokes the tokens issued to `name` at `at`; how many were in force.
    fn revoke_api_tokens(&self, name: &str, at: DateTime<Utc>) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// The seq the next document of (provider, year, series) will get: last + 1, 1 when none.
    fn next_document_seq(
        &self,
        provider: &str,
        year: i32,
        series: &str,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Reserves for `lease`'s (case, step) the lowest place of its numbering after the last issued
    /// that no other live lease holds (its own place again while nothing below it came free),
    /// until `lease.until`; the place.
    fn reserve_document_seq(&self, lease: &Lease<'_>) -> impl Future<Output = Result<i64, StoreError>> + Send;
    /// Whether every place between the last issued and `seq` is held by a live lease at `now`
    /// (so `seq` becomes issuable once they are issued, without signing again).
    fn places_ahead_held(
        &self,
        provider: &str,
        year: i32,
        series: &str,
        seq: i64,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// In one transaction: advances the numbering's counter from `doc.seq - 1` to `doc.seq`
    /// (compare-and-set), keeps the document and the registry entry if any. When the counter is
    /// not at `doc.seq - 1` (or the number is kept already): [`StoreError::NumberTaken`] and
    /// nothing is written. Gap-free: the counter moves only with an insert.
    fn issue_document(
        &self,
        doc: &IssuedDocument,
        entry: Option<&RegistryEntry>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// One issued document.
    fn document(&self, number: &str) -> impl Future<Output = Result<Option<IssuedDocument>, StoreError>> + Send;
    /// The issued document whose PDF has this SHA-256 (hex).
    fn document_by_sha256(
        &self,
        sha256: &str,
    ) -> impl Future<Output = Result<Option<IssuedDocument>, StoreError>> + Send;
    /// A case's issued documents, in issue order.
    fn documents_of(&self, case_id: &str) -> impl Future<Output = Result<Vec<IssuedDocument>, StoreError>> + Send;
    /// Up to `limit` registry rows matching `query`, newest first (by day of issue, then number).
    fn registry_search(
        &self,
        query: &RegistryQuery,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<RegistryEntry>, StoreError>> + Send;
    /// One registry row.
    fn registry_entry(&self, number: &str) -> impl Future<Output = Result<Option<RegistryEntry>, StoreError>> + Send;
    /// Suspension / termination / reinstatement: sets the status and records the change; `false`
    /// when there is no such number.
    fn change_registry_status(&self, change: &RegistryChange) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// A registry row's status changes, in order.
    fn registry_changes(&self, number: &str) -> impl Future<Output = Result<Vec<RegistryChange>, StoreError>> + Send;
    /// A keyset page for the open-data export, ordered by number: up to `limit` rows with number
    /// greater than `after`.
    fn registry_page(
        &self,
        after: Option<&str>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<RegistryEntry>, StoreError>> + Send;
    /// How many registry rows there are.
    fn registry_count(&self) -> impl Future<Output = Result<i64, StoreError>> + Send;
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

    async fn finish_job(&self, id: i64, worker: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.finish_job(id, worker, at).await,
            Self::Postgres(s) => s.finish_job(id, worker, at).await,
        }
    }

    async fn retry_job(&self, id: i64, worker: &str, due_at: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.retry_job(id, worker, due_at).await,
            Self::Postgres(s) => s.retry_job(id, worker, due_at).await,
        }
    }

    async fn renew_job(&self, id: i64, worker: &str, until: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.renew_job(id, worker, until).await,
            Self::Postgres(s) => s.renew_job(id, worker, until).await,
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

    async fn put_account(&self, account: &Account) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.put_account(account).await,
            Self::Postgres(s) => s.put_account(account).await,
        }
    }

    async fn ensure_account(&self, account: &Account) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.ensure_account(account).await,
            Self::Postgres(s) => s.ensure_account(account).await,
        }
    }

    async fn account(&self, iin: &str) -> Result<Option<Account>, StoreError> {
        match self {
            Self::Sqlite(s) => s.account(iin).await,
            Self::Postgres(s) => s.account(iin).await,
        }
    }

    async fn put_staff(&self, member: &StaffMember) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.put_staff(member).await,
            Self::Postgres(s) => s.put_staff(member).await,
        }
    }

    async fn staff(&self, iin: &str) -> Result<Vec<StaffMember>, StoreError> {
        match self {
            Self::Sqlite(s) => s.staff(iin).await,
            Self::Postgres(s) => s.staff(iin).await,
        }
    }

    async fn remove_staff(&self, iin: &str, provider_bin: &str, role: &str) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.remove_staff(iin, provider_bin, role).await,
            Self::Postgres(s) => s.remove_staff(iin, provider_bin, role).await,
        }
    }

    async fn all_staff(&self) -> Result<Vec<StaffMember>, StoreError> {
        match self {
            Self::Sqlite(s) => s.all_staff().await,
            Self::Postgres(s) => s.all_staff().await,
        }
    }

    async fn create_session(&self, session: &Session) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.create_session(session).await,
            Self::Postgres(s) => s.create_session(session).await,
        }
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError> {
        match self {
            Self::Sqlite(s) => s.session(token_hash, now).await,
            Self::Postgres(s) => s.session(token_hash, now).await,
        }
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.end_session(token_hash).await,
            Self::Postgres(s) => s.end_session(token_hash).await,
        }
    }

    async fn create_challenge(
        &self,
        nonce: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.create_challenge(nonce, created_at, expires_at).await,
            Self::Postgres(s) => s.create_challenge(nonce, created_at, expires_at).await,
        }
    }

    async fn use_challenge(&self, nonce: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.use_challenge(nonce, now).await,
            Self::Postgres(s) => s.use_challenge(nonce, now).await,
        }
    }

    async fn record_sign_in_failure(&self, subject: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.record_sign_in_failure(subject, at).await,
            Self::Postgres(s) => s.record_sign_in_failure(subject, at).await,
        }
    }

    async fn sign_in_failures(&self, subject: &str, since: DateTime<Utc>) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(s) => s.sign_in_failures(subject, since).await,
            Self::Postgres(s) => s.sign_in_failures(subject, since).await,
        }
    }

    async fn purge_expired(&self, now: DateTime<Utc>, failures_before: DateTime<Utc>) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.purge_expired(now, failures_before).await,
            Self::Postgres(s) => s.purge_expired(now, failures_before).await,
        }
    }

    async fn create_application(&self, application: &Application) -> Result<Application, StoreError> {
        match self {
            Self::Sqlite(s) => s.create_application(application).await,
            Self::Postgres(s) => s.create_application(application).await,
        }
    }

    async fn application(&self, id: &str) -> Result<Option<Application>, StoreError> {
        match self {
            Self::Sqlite(s) => s.application(id).await,
            Self::Postgres(s) => s.application(id).await,
        }
    }

    async fn applications_of(&self, iin: &str) -> Result<Vec<Application>, StoreError> {
        match self {
            Self::Sqlite(s) => s.applications_of(iin).await,
            Self::Postgres(s) => s.applications_of(iin).await,
        }
    }

    async fn put_attachment(&self, attachment: &Attachment) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.put_attachment(attachment).await,
            Self::Postgres(s) => s.put_attachment(attachment).await,
        }
    }

    async fn attachments(&self, application_id: &str) -> Result<Vec<Attachment>, StoreError> {
        match self {
            Self::Sqlite(s) => s.attachments(application_id).await,
            Self::Postgres(s) => s.attachments(application_id).await,
        }
    }

    async fn attachment(&self, application_id: &str, document: &str) -> Result<Option<Attachment>, StoreError> {
        match self {
            Self::Sqlite(s) => s.attachment(application_id, document).await,
            Self::Postgres(s) => s.attachment(application_id, document).await,
        }
    }

    async fn add_api_token(&self, token_hash: &str, token: &ApiToken) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.add_api_token(token_hash, token).await,
            Self::Postgres(s) => s.add_api_token(token_hash, token).await,
        }
    }

    async fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        match self {
            Self::Sqlite(s) => s.api_tokens().await,
            Self::Postgres(s) => s.api_tokens().await,
        }
    }

    async fn revoke_api_tokens(&self, name: &str, at: DateTime<Utc>) -> Result<u64, StoreError> {
        match self {
            Self::Sqlite(s) => s.revoke_api_tokens(name, at).await,
            Self::Postgres(s) => s.revoke_api_tokens(name, at).await,
        }
    }

    async fn api_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<ApiToken>, StoreError> {
        match self {
            Self::Sqlite(s) => s.api_token(token_hash, now).await,
            Self::Postgres(s) => s.api_token(token_hash, now).await,
        }
    }

    async fn next_document_seq(&self, provider: &str, year: i32, series: &str) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(s) => s.next_document_seq(provider, year, series).await,
            Self::Postgres(s) => s.next_document_seq(provider, year, series).await,
        }
    }

    async fn reserve_document_seq(&self, lease: &Lease<'_>) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(s) => s.reserve_document_seq(lease).await,
            Self::Postgres(s) => s.reserve_document_seq(lease).await,
        }
    }

    async fn places_ahead_held(
        &self,
        provider: &str,
        year: i32,
        series: &str,
        seq: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.places_ahead_held(provider, year, series, seq, now).await,
            Self::Postgres(s) => s.places_ahead_held(provider, year, series, seq, now).await,
        }
    }

    async fn issue_document(&self, doc: &IssuedDocument, entry: Option<&RegistryEntry>) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(s) => s.issue_document(doc, entry).await,
            Self::Postgres(s) => s.issue_document(doc, entry).await,
        }
    }

    async fn document(&self, number: &str) -> Result<Option<IssuedDocument>, StoreError> {
        match self {
            Self::Sqlite(s) => s.document(number).await,
            Self::Postgres(s) => s.document(number).await,
        }
    }

    async fn document_by_sha256(&self, sha256: &str) -> Result<Option<IssuedDocument>, StoreError> {
        match self {
            Self::Sqlite(s) => s.document_by_sha256(sha256).await,
            Self::Postgres(s) => s.document_by_sha256(sha256).await,
        }
    }

    async fn documents_of(&self, case_id: &str) -> Result<Vec<IssuedDocument>, StoreError> {
        match self {
            Self::Sqlite(s) => s.documents_of(case_id).await,
            Self::Postgres(s) => s.documents_of(case_id).await,
        }
    }

    async fn registry_search(&self, query: &RegistryQuery, limit: i64) -> Result<Vec<RegistryEntry>, StoreError> {
        match self {
            Self::Sqlite(s) => s.registry_search(query, limit).await,
            Self::Postgres(s) => s.registry_search(query, limit).await,
        }
    }

    async fn registry_entry(&self, number: &str) -> Result<Option<RegistryEntry>, StoreError> {
        match self {
            Self::Sqlite(s) => s.registry_entry(number).await,
            Self::Postgres(s) => s.registry_entry(number).await,
        }
    }

    async fn change_registry_status(&self, change: &RegistryChange) -> Result<bool, StoreError> {
        match self {
            Self::Sqlite(s) => s.change_registry_status(change).await,
            Self::Postgres(s) => s.change_registry_status(change).await,
        }
    }

    async fn registry_changes(&self, number: &str) -> Result<Vec<RegistryChange>, StoreError> {
        match self {
            Self::Sqlite(s) => s.registry_changes(number).await,
            Self::Postgres(s) => s.registry_changes(number).await,
        }
    }

    async fn registry_page(&self, after: Option<&str>, limit: i64) -> Result<Vec<RegistryEntry>, StoreError> {
        match self {
            Self::Sqlite(s) => s.registry_page(after, limit).await,
            Self::Postgres(s) => s.registry_page(after, limit).await,
        }
    }

    async fn registry_count(&self) -> Result<i64, StoreError> {
        match self {
            Self::Sqlite(s) => s.registry_count().await,
            Self::Postgres(s) => s.registry_count().await,
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
type CaseTuple =
    (String, String, String, String, String, String, i64, String, DateTime<Utc>, String, DateTime<Utc>, Option<String>);

fn case_row(
    (id, act, service, variant, status, roles, version, head, updated_at, waiting, filed_at, provider): CaseTuple,
) -> CaseRow {
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
        filed_at,
        provider,
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
