//! The crate's one error type, [`GatewayError`], with stable codes.

use std::time::Duration;

use reglament_domain::StateSystem;

/// Why a call to an external system failed. Every variant names the system, and those that
/// reached the network name how many attempts were made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// No attempt was answered within the per-request timeout.
    #[error("{system}: no answer within {timeout:?} on any of {attempts} attempt(s)")]
    Timeout {
        /// The system called.
        system: StateSystem,
        /// Attempts made.
        attempts: u32,
        /// The per-request timeout.
        timeout: Duration,
    },
    /// The system could not be reached or answered 5xx/408/429 on every attempt.
    #[error("{system}: unavailable after {attempts} attempt(s): {cause}")]
    Unavailable {
        /// The system called.
        system: StateSystem,
        /// Attempts made.
        attempts: u32,
        /// The last attempt's failure.
        cause: String,
    },
    /// The answer was not what the contract promises (bad JSON, missing fields, truncated body).
    #[error("{system}: malformed answer after {attempts} attempt(s): {cause}")]
    Malformed {
        /// The system called.
        system: StateSystem,
        /// Attempts made.
        attempts: u32,
        /// What was wrong with the last answer.
        cause: String,
    },
    /// The circuit breaker is open: the system failed repeatedly and is not being called.
    #[error("{system}: circuit open after repeated failures; not called (next probe in {retry_after:?})")]
    CircuitOpen {
        /// The system not called.
        system: StateSystem,
        /// Time until the breaker lets a probe through.
        retry_after: Duration,
    },
    /// The system answered that the thing asked for does not exist.
    #[error("{system}: not found: {what} (attempt {attempts})")]
    NotFound {
        /// The system called.
        system: StateSystem,
        /// Attempts made.
        attempts: u32,
        /// What was asked for.
        what: String,
    },
    /// The system refused the request as invalid (a 4xx other than 404, 408 and 429); not retried.
    #[error("{system}: request refused after {attempts} attempt(s): {cause}")]
    Rejected {
        /// The system called.
        system: StateSystem,
        /// Attempts made.
        attempts: u32,
        /// The status and the answer's text.
        cause: String,
    },
    /// The platform's key could not sign the envelope of an attempt, which was not sent.
    #[error("{system}: the envelope could not be signed after {attempts} attempt(s) sent: {cause}")]
    Signing {
        /// The system that was to be called.
        system: StateSystem,
        /// Attempts sent before the one that could not be signed.
        attempts: u32,
        /// The signer's error.
        cause: String,
    },
    /// The client was configured with something unusable (e.g. a base URL that is not `http://`).
    #[error("{system}: bad client configuration: {cause}")]
    Config {
        /// The system the client is for.
        system: StateSystem,
        /// What is wrong.
        cause: String,
    },
}

impl GatewayError {
    /// The stable machine code: `gateway.timeout`, `gateway.unavailable`, `gateway.malformed`,
    /// `gateway.circuit_open`, `gateway.not_found`, `gateway.rejected`, `gateway.signing`,
    /// `gateway.config`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Timeout { .. } => "gateway.timeout",
            Self::Unavailable { .. } => "gateway.unavailable",
            Self::Malformed { .. } => "gateway.malformed",
            Self::CircuitOpen { .. } => "gateway.circuit_open",
            Self::NotFound { .. } => "gateway.not_found",
            Self::Rejected { .. } => "gateway.rejected",
            Self::Signing { .. } => "gateway.signing",
            Self::Config { .. } => "gateway.config",
        }
    }

    /// The system the error is about.
    #[must_use]
    pub const fn system(&self) -> StateSystem {
        match self {
            Self::Timeout { system, .. }
            | Self::Unavailable { system, .. }
            | Self::Malformed { system, .. }
            | Self::CircuitOpen { system, .. }
            | Self::NotFound { system, .. }
            | Self::Rejected { system, .. }
            | Self::Signing { system, .. }
            | Self::Config { system, .. } => *system,
        }
    }

    /// How many requests were sent (0 when the breaker, the configuration or the signer stopped
    /// the call before the first).
    #[must_use]
    pub const fn attempts(&self) -> u32 {
        match self {
            Self::Timeout { attempts, .. }
            | Self::Unavailable { attempts, .. }
            | Self::Malformed { attempts, .. }
            | Self::NotFound { attempts, .. }
            | Self::Rejected { attempts, .. }
            | Self::Signing { attempts, .. } => *attempts,
            Self::CircuitOpen { .. } | Self::Config { .. } => 0,
        }
    }
}
