//! What the store keeps of cases: the case row, the hash-chained events, and the job queue.

use chrono::{DateTime, Utc};

/// A case as the store keeps it (the state itself is the fold of its events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    /// The case id.
    pub id: String,
    /// The act version it runs under.
    pub act: String,
    /// The service.
    pub service: String,
    /// The variant.
    pub variant: String,
    /// `open`, `result`, `refusal` or `withdrawn`.
    pub status: String,
    /// The roles of the active steps (the inboxes the case is in).
    pub roles: Vec<String>,
    /// The state systems the case waits on (`legal_statistics!` when escalated as down).
    pub waiting: Vec<String>,
    /// Number of events.
    pub version: i64,
    /// Hash of the last event.
    pub head: String,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When its application was filed (for a case recorded before this was kept: when its filing
    /// was recorded).
    pub filed_at: DateTime<Utc>,
    /// The BIN of the provider the case goes to (none for a case recorded before cases named it).
    pub provider: Option<String>,
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Its number in the case (1-based).
    pub seq: i64,
    /// When it was recorded (microsecond precision).
    pub at: DateTime<Utc>,
    /// Its JSON, exactly as hashed.
    pub event: String,
    /// The previous event's hash.
    pub prev: String,
    /// Its hash.
    pub hash: String,
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// `timer` or `action`.
    pub kind: String,
    /// What to do (JSON).
    pub payload: String,
    /// When it is due.
    pub due_at: DateTime<Utc>,
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id.
    pub id: i64,
    /// The case.
    pub case_id: String,
    /// `timer` or `action`.
    pub kind: String,
    /// What to do (JSON).
    pub payload: String,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// How many times it was tried before and released to be tried again.
    pub attempts: i64,
}

/// Everything one command writes, in one transaction.
#[derive(Debug, Clone)]
pub struct Append<'a> {
    /// The case row after the command (new version, head, status, roles).
    pub case: &'a CaseRow,
    /// The version the command was decided on (0 for a new case).
    pub expected_version: i64,
    /// The new events.
    pub events: &'a [EventRow],
    /// Jobs to enqueue (duplicates are ignored).
    pub jobs: &'a [NewJob],
    /// A job whose effect these events are, and the worker holding it (marked done in the same
    /// transaction; `LeaseLost`, and nothing written, when another worker holds it now).
    pub done_job: Option<(i64, &'a str)>,
    /// The idempotency key of the outside command, if any.
    pub idempotency_key: Option<&'a str>,
    /// A document these events issue, with its registry row: its number taken, the document
    /// and the row written in the same transaction (`NumberTaken` when another took the number).
    /// Single appends only: a batch carries none.
    pub issued: Option<(&'a crate::documents::IssuedDocument, Option<&'a crate::registry::RegistryEntry>)>,
    /// The application these events file: kept (unless it is already) and marked filed in the
    /// same transaction, so that it shows in the applicant's cabinet with its case.
    pub filed: Option<&'a crate::applications::Application>,
}

/// What an append did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The events were recorded.
    Recorded,
    /// The idempotency key was seen before: nothing was written.
    Duplicate {
        /// The case the first command was for.
        case_id: String,
        /// The case's version after it.
        version: i64,
    },
}

/// Which cases to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Only cases under this act version.
    pub act: Option<String>,
    /// Only cases with an active step of this role (an inbox).
    pub role: Option<String>,
    /// Only cases of this service (a provider's inbox).
    pub service: Option<String>,
    /// Only open cases.
    pub open_only: bool,
    /// Only cases waiting on a state system.
    pub waiting_only: bool,
    /// Only cases filed at or after this instant.
    pub filed_since: Option<DateTime<Utc>>,
    /// Only cases of this provider (BIN).
    pub provider: Option<String>,
}
