//! The runtime's one error type.

use reglament_engine::EngineError;
use reglament_store::StoreError;

/// Why a case operation failed.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// The engine refused the command.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The store failed, or the case changed meanwhile ([`StoreError::Conflict`]).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such case.
    #[error("no case `{0}`")]
    UnknownCase(String),
    /// No encoded act for the service and variant (in force on the day, or pinned by the case).
    #[error("no encoded act has service `{service}` with variant `{variant}`{detail}")]
    NoLaw {
        /// The service.
        service: String,
        /// The variant.
        variant: String,
        /// On which day or under which act.
        detail: String,
    },
    /// A stored event could not be read.
    #[error("case `{case}` event {seq} cannot be read: {reason}")]
    Corrupt {
        /// The case.
        case: String,
        /// The event.
        seq: i64,
        /// Why.
        reason: String,
    },
    /// The working calendar could not be prepared.
    #[error(transparent)]
    Calendar(#[from] reglament_calendar::CalendarError),
}

impl RuntimeError {
    /// A stable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Engine(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::UnknownCase(_) => "case.unknown",
            Self::NoLaw { .. } => "case.no_law",
            Self::Corrupt { .. } => "case.corrupt",
            Self::Calendar(e) => e.code(),
        }
    }
}
