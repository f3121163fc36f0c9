//! Clients for the external state systems the acts make the provider ask, through the
//! e-government gateway: the registries ([`Registries`]: individuals, legal entities, the
//! committee on legal statistics, the dispensaries, e-licensing) and the payment service
//! ([`PaymentGateway`]), both dyn-compatible traits implemented over HTTP by one
//! [`HttpGateway`] built from a [`GatewayConfig`].
//!
//! Every call goes through one caller per system (one breaker per system): a per-request
//! timeout, retries of timeouts, 5xx/408/429 answers, unreachable hosts and malformed or
//! truncated answers with exponential back-off and jitter, a circuit breaker that stops calling
//! after repeated failed calls and lets one probe through after a cool-down, and an
//! `X-Request-Id` header (the same on every attempt of one call, with `X-Attempt` numbering
//! them). Every attempt carries the gateway envelope ([`reglament_domain::envelope`]): the
//! sender, the message id (the request id), the sent-at time and, given the platform's
//! [`EnvelopeSigner`], a detached CMS signature (its certificate inside) of the envelope text
//! over the method, the path and query as sent, those headers and the body.
//!
//! Invariants: no hidden clock or randomness — the breaker and the envelope's sent-at read an
//! injected [`Clock`], jitter and request ids come from an injected, seedable [`Entropy`];
//! every failure is a [`GatewayError`] naming the [`StateSystem`] and the attempts made, with a
//! stable code; every registry answer is checked to be about what was asked and kept as the
//! exact bytes answered; an invoice is created only with an [`IdempotencyKey`], sent on every
//! attempt; the envelope is on every request; plain `http://` only (TLS is a later slice); no
//! `unwrap`/`expect`/`panic`.

mod breaker;
mod caller;
mod clock;
mod error;
mod gateway;
mod payments;
mod policy;
mod registries;

pub use breaker::{BreakerState, CircuitBreaker};
pub use caller::{ATTEMPT_HEADER, EnvelopeSigner, REQUEST_ID_HEADER};
pub use clock::{Clock, Entropy, ManualClock, SplitMix64, SystemClock};
pub use error::GatewayError;
pub use gateway::HttpGateway;
pub use payments::{
    IDEMPOTENCY_KEY_HEADER, IdempotencyKey, Invoice, InvoiceRef, InvoiceRequest, InvoiceStatus, Payment, PaymentGateway,
};
pub use policy::{BreakerPolicy, ClientConfig, GatewayConfig, RetryPolicy};
pub use registries::{
    Answer, Answered, BoxFuture, Company, CompanyHead, CompanyStatus, Conviction, CriminalRecord, DispensaryRecord,
    DocumentKind, Holder, IdentityDocument, Investigation, InvestigationStatus, Licence, LicenceList, LicenceStatus,
    Person, Query, Registration, Registries,
};
pub use reglament_domain::StateSystem;
