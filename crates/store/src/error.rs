//! The store's one error type.

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no supported backend.
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// The database could not be reached or answered with an error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The case changed since the command was decided (another official acted first).
    #[error("case `{case}` has changed since version {expected}: reload it and decide again")]
    Conflict {
        /// The case.
        case: String,
        /// The version the command was decided on.
        expected: i64,
    },
    /// The job is no longer this worker's: its lease ran out and another worker holds it.
    #[error("job {job} is held by another worker now: its lease ran out")]
    LeaseLost {
        /// The job.
        job: i64,
    },
    /// The document number is taken: another document was issued with it (or the numbering's
    /// counter has moved past it) since its seq was read. Read the next seq and issue again.
    #[error("document number `{number}` is taken: read the next number and issue again")]
    NumberTaken {
        /// The number asked for.
        number: String,
    },
    /// A stored value could not be read back.
    #[error("stored {what} #{id} cannot be read: {reason}")]
    Corrupt {
        /// What kind of record.
        what: &'static str,
        /// Its id.
        id: i64,
        /// Why.
        reason: String,
    },
}

impl StoreError {
    /// A stable code for this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnsupportedUrl(_) => "store.unsupported_url",
            Self::Database(_) => "store.database",
            Self::Migration(_) => "store.migration",
            Self::Corrupt { .. } => "store.corrupt",
            Self::Conflict { .. } => "store.conflict",
            Self::NumberTaken { .. } => "store.number_taken",
            Self::LeaseLost { .. } => "store.lease_lost",
        }
    }
}
