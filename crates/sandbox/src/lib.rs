//! The sandbox: a loopback stand-in for the external state systems of
//! [`StateSystem`](reglament_domain::StateSystem), each under `/{system}/v1` with its OpenAPI 3
//! contract served at `/contracts/{system}.json`:
//!
//! * individuals (ГБД ФЛ): `GET /individuals/v1/persons/{iin}` — the person and identity card;
//! * legal entities (ГБД ЮЛ): `GET /legal_entities/v1/companies/{bin}` — registration, status,
//!   head, address;
//! * legal statistics (КПСиСУ): `GET /legal_statistics/v1/persons/{iin}/record` — convictions and
//!   pre-trial investigations;
//! * dispensaries: `GET /dispensaries/v1/persons/{iin}` — narcological and psychiatric
//!   registration;
//! * licences: `GET /licences/v1/holders/{iin_or_bin}/licences`;
//! * payments: `POST /payments/v1/invoices` (`Idempotency-Key`), `GET
//!   /payments/v1/invoices/{reference}`, `GET /payments/v1/statement?from=&to=` (reconciliation).
//!
//! The data is seeded and deterministic ([`data`]: persons with valid IINs plus the test PKI
//! roster's individuals and companies). Faults ([`FaultKind`]) switch per system through `POST
//! /admin/faults` (a count or always; `DELETE /admin/faults` clears) or per request through the
//! `X-Sandbox-Fault` header. `GET /admin/stats` counts requests and created invoices, `GET
//! /admin/journal` lists every request with its `X-Request-Id`, attempt, idempotency key, fault,
//! envelope sender and whether the envelope verified; `POST /admin/invoices/{reference}/pay` pays
//! (optionally short, at a given instant).
//!
//! The gateway envelope ([`envelope`](reglament_domain::envelope)): a request carrying a
//! signature is verified against the sandbox's test PKI (a detached CMS signature of the envelope
//! text over the method, the full path and query as sent, the envelope headers and the body) and
//! refused `401 sandbox.bad_envelope` when it does not verify; built
//! [`requiring_envelopes`](Sandbox::requiring_envelopes), the sandbox refuses unsigned requests
//! to the state systems (`401 sandbox.unsigned`). Given a generated
//! [`TestPki`](reglament_pki::issue::TestPki) ([`Sandbox::with_pki`]) it also serves it under
//! `/pki` ([`pki`]: CA certificate, CRL, OCSP, roster, key stores — test keys, loopback only).
//!
//! Persistence: [`Sandbox::open`] keeps the invoices, idempotency keys and counters in a JSON
//! state file, written atomically after every request and before its answer, and read back at
//! start; [`Sandbox::new`] keeps them in memory.
//!
//! Invariants: the same seed on every start; a request is journaled, then processed, then its
//! fault spoils the answer (so a lost answer still created its invoice); an idempotency key
//! creates at most one invoice, across restarts when a state file is kept; the admin, contract
//! and PKI routes are never faulted and never need an envelope; loopback test use only.

mod call;
mod checkout;
mod contracts;
pub mod data;
mod envelope;
mod error;
mod fault;
mod lookups;
mod payments;
mod persist;
pub mod pki;
mod sandbox;
mod state;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::net::TcpListener;

pub use crate::contracts::{
    DISPENSARIES_CONTRACT, INDIVIDUALS_CONTRACT, LEGAL_ENTITIES_CONTRACT, LEGAL_STATISTICS_CONTRACT, LICENCES_CONTRACT,
    PAYMENTS_CONTRACT, PKI_CONTRACT, contract_of,
};
pub use crate::error::SandboxError;
pub use crate::fault::{Always, FAULT_HEADER, FaultCount, FaultKind, FaultSpec};
pub use crate::sandbox::Sandbox;
pub use crate::state::{JOURNAL_LIMIT, JournalEntry, Stats};

/// Now, as the sandbox (an edge) reads it.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
}

/// The sandbox's routes.
pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/individuals/v1/persons/{iin}", get(lookups::person))
        .route("/legal_entities/v1/companies/{bin}", get(lookups::company))
        .route("/legal_statistics/v1/persons/{iin}/record", get(lookups::record))
        .route("/dispensaries/v1/persons/{iin}", get(lookups::dispensary))
        .route("/licences/v1/holders/{id}/licences", get(lookups::licences))
        .route("/payments/v1/invoices", post(payments::create_invoice))
        .route("/payments/v1/invoices/{reference}", get(payments::invoice))
        .route("/payments/v1/statement", get(payments::statement))
        .route("/checkout/{reference}", get(checkout::page).post(checkout::pay))
        .route("/admin/faults", post(set_fault).delete(clear_faults))
        .route("/admin/stats", get(stats))
        .route("/admin/journal", get(journal))
        .route("/admin/invoices/{reference}/pay", post(payments::pay))
        .route("/contracts/{name}", get(contracts::contract))
        .route("/pki/ca.cer", get(pki::ca_certificate))
        .route("/pki/ca.crl", get(pki::crl))
        .route("/pki/ocsp", post(pki::ocsp))
        .route("/pki/roster.json", get(pki::roster))
        .route("/pki/{subject}/cert.cer", get(pki::certificate))
        .route("/pki/{subject}/key.p12", get(pki::key_store))
        .fallback(|| async { SandboxError::NotFound("no such route".into()) })
        .with_state(sandbox)
}

/// Serves `sandbox` on `listener` until `shutdown` completes, then stops accepting at once,
/// without waiting for requests in flight (a `timeout` fault holds its answer forever); their
/// connections end with the runtime (the `reglament sandbox` process).
pub async fn serve(
    listener: TcpListener,
    sandbox: Sandbox,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), SandboxError> {
    tokio::select! {
        served = axum::serve(listener, router(sandbox)) => served?,
        () = shutdown => {}
    }
    Ok(())
}

async fn set_fault(State(sandbox): State<Sandbox>, body: Bytes) -> Result<StatusCode, SandboxError> {
    let spec: FaultSpec = serde_json::from_slice(&body).map_err(|e| SandboxError::BadFault(e.to_string()))?;
    sandbox.set_fault(spec)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.clear_faults();
    StatusCode::NO_CONTENT
}

async fn stats(State(sandbox): State<Sandbox>) -> axum::Json<Stats> {
    axum::Json(sandbox.stats())
}

async fn journal(State(sandbox): State<Sandbox>) -> axum::Json<Vec<JournalEntry>> {
    axum::Json(sandbox.journal())
}
