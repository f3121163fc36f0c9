//! Runs cases on the store: [`Runtime::command`] loads a case (the fold of its stored events),
//! lets the engine decide under the act version the case is pinned to, and records the events
//! (hash-chained), the case row and the jobs (timers, actions) in one transaction, with the case
//! version as the optimistic-concurrency check and an optional idempotency key.
//! [`Runtime::run_jobs`] is the worker's loop body: claim due jobs, carry them out, record their
//! effect in the same transaction that marks them done.
//!
//! Invariants: the runtime keeps nothing between calls that is not in the store (any number of
//! processes may share one database); every instant it records is truncated to microseconds,
//! the precision both stores keep, before it is hashed.

mod admission;
mod billing;
mod csv;
pub mod documents;
mod error;
mod filing;
mod payment;
mod providers;
mod registry;
pub mod report;
mod runtime;
mod worker;

pub use admission::{Expected, SignedApplication};
pub use billing::{Reconciliation, ReconciliationLine, Standing};
pub use error::{PaymentFailure, Refusal, RefusalReason, RuntimeError};
pub use filing::{Admitted, FeeStatus, Filed, Filing, application_text};
pub use payment::{Fee, PaidInvoice};
pub use providers::{ProviderBody, Providers};
pub use registry::{Gateway, RegistryRetry};
pub use runtime::{Prepared, Runtime, status_text};
pub use worker::{JobFailure, Round};
