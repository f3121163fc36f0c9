//! Clients for the external state systems the acts make the provider ask: the state database
//! of individuals ([`IndividualsRegistry`]) and the gateway's payment service
//! ([`PaymentGateway`]), each a trait with one HTTP implementation.
//!
//! Every call goes through one caller per system: a per-request timeout, retries of timeouts,
//! 5xx/408/429 answers, unreachable hosts and malformed or truncated answers with exponential
//! back-off and jitter, a circuit breaker that stops calling after repeated failed calls and lets
//! one probe through after a cool-down, and an `X-Request-Id` header (the same on every attempt
//! of one call, with `X-Attempt` numbering them).
//!
//! Invariants: no hidden clock or randomness — the breaker reads an injected [`Clock`], jitter
//! and request ids come from an injected, seedable [`Entropy`]; every failure is a
//! [`GatewayError`] naming the system and the attempts made, with a stable code; an invoice is
//! created only with an [`IdempotencyKey`], sent on every attempt; plain `http://` only (TLS
//! and the gateway's signed envelope are later slices); no `unwrap`/`expect`/`panic`.

mod breaker;
mod caller;
mod clock;
mod error;
mod individuals;
mod payments;
mod policy;

use std::fmt;

pub use breaker::{BreakerState, CircuitBreaker};
pub use caller::{ATTEMPT_HEADER, REQUEST_ID_HEADER};
pub use clock::{Clock, Entropy, ManualClock, SplitMix64, SystemClock};
pub use error::GatewayError;
pub use individuals::{HttpIndividuals, IndividualsRegistry, Person};
pub use payments::{
    HttpPayments, IDEMPOTENCY_KEY_HEADER, IdempotencyKey, Invoice, InvoiceRef, InvoiceRequest, InvoiceStatus,
    PaymentGateway,
};
pub use policy::{BreakerPolicy, ClientConfig, RetryPolicy};

/// An external system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    /// The state database of individuals.
    Individuals,
    /// The gateway's payment service.
    Payments,
}

impl System {
    /// The system's stable name (`individuals`, `payments`), as the sandbox names it too.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Individuals => "individuals",
            Self::Payments => "payments",
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
