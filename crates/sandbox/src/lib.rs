//! The sandbox: a loopback stand-in for the external state systems — the state database of
//! individuals (`/individuals/v1`) and the gateway's payment service (`/payments/v1`) — with
//! deterministic seeded data ([`data`]) and switchable faults ([`FaultKind`]): per system through
//! `POST /admin/faults` (a count or always; `DELETE /admin/faults` clears), per request through
//! the `X-Sandbox-Fault` header. `GET /admin/stats` counts requests and created invoices,
//! `GET /admin/journal` lists every request with its `X-Request-Id`, attempt, idempotency key
//! and fault; the contracts are served at `/contracts/{individuals,payments,pki}.json`. Given a
//! generated [`TestPki`](reglament_pki::issue::TestPki) ([`Sandbox::with_pki`]), it also serves
//! the test PKI under `/pki` ([`pki`]: CA certificate, CRL, OCSP, roster, key stores — test keys
//! only, loopback only).
//!
//! Invariants: the same data on every start; a request is processed before its fault spoils
//! the answer (so a lost answer still created its invoice); an idempotency key creates at most
//! one invoice; the admin and contract routes are never faulted; loopback test use only.

pub mod data;
mod error;
mod fault;
pub mod pki;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use reglament_domain::{Iin, Money};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;

use crate::data::{InvoiceStatus, SeedInvoice, SeedPerson};
pub use crate::error::SandboxError;
pub use crate::fault::{Always, FAULT_HEADER, FaultCount, FaultKind, FaultSpec, System};
pub use crate::pki::PKI_CONTRACT;

/// The individuals registry's contract (OpenAPI 3).
pub const INDIVIDUALS_CONTRACT: &str = include_str!("../contracts/individuals.json");
/// The payment service's contract (OpenAPI 3).
pub const PAYMENTS_CONTRACT: &str = include_str!("../contracts/payments.json");

/// The most journal entries kept (the older half is dropped when it is reached).
pub const JOURNAL_LIMIT: usize = 10_000;

/// One request as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The system asked.
    pub system: System,
    /// `GET /persons/…`, `POST /invoices`, ….
    pub request: String,
    /// The `X-Request-Id` header, if sent.
    pub request_id: Option<String>,
    /// The `X-Attempt` header, if sent.
    pub attempt: Option<String>,
    /// The `Idempotency-Key` header, if sent.
    pub idempotency_key: Option<String>,
    /// The fault applied to the answer.
    pub fault: Option<FaultKind>,
}

/// The counters of `GET /admin/stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Requests per system.
    pub requests: BTreeMap<System, u64>,
    /// Invoices created since start (the seeded ones not counted).
    pub invoices_created: u64,
}

#[derive(Debug)]
struct World {
    persons: Vec<SeedPerson>,
    invoices: Vec<SeedInvoice>,
    by_key: BTreeMap<String, usize>,
    faults: BTreeMap<System, (FaultKind, FaultCount)>,
    journal: Vec<JournalEntry>,
    stats: Stats,
}

/// The sandbox's shared state (clones share it).
#[derive(Debug, Clone)]
pub struct Sandbox {
    world: Arc<Mutex<World>>,
    pki: Option<Arc<reglament_pki::issue::TestPki>>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    /// A sandbox holding the seeded data and no faults.
    #[must_use]
    pub fn new() -> Self {
        let persons = data::persons();
        let invoices = data::invoices(&persons);
        let world = World {
            persons,
            invoices,
            by_key: BTreeMap::new(),
            faults: BTreeMap::new(),
            journal: Vec::new(),
            stats: Stats::default(),
        };
        Self { world: Arc::new(Mutex::new(world)), pki: None }
    }

    /// The same sandbox, serving `pki` under `/pki` (generate it with
    /// [`pki::base_url`] of the sandbox's own address, so that its certificates point here).
    #[must_use]
    pub fn with_pki(mut self, pki: reglament_pki::issue::TestPki) -> Self {
        self.pki = Some(Arc::new(pki));
        self
    }

    fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Switches a fault on (replacing the system's previous one).
    pub fn set_fault(&self, spec: FaultSpec) -> Result<(), SandboxError> {
        let kind = spec.kind.checked()?;
        if spec.count == FaultCount::Times(0) {
            self.world().faults.remove(&spec.system);
        } else {
            self.world().faults.insert(spec.system, (kind, spec.count));
        }
        Ok(())
    }

    /// Clears every switched fault.
    pub fn clear_faults(&self) {
        self.world().faults.clear();
    }

    /// The counters.
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.world().stats.clone()
    }

    /// The requests seen, in order (the latest [`JOURNAL_LIMIT`] at most).
    #[must_use]
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.world().journal.clone()
    }

    /// Records the request and picks its fault: the header's, else the system's (using one).
    fn enter(&self, system: System, request: String, headers: &HeaderMap) -> Result<Option<FaultKind>, SandboxError> {
        let header_fault = fault::from_header(headers)?;
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut world = self.world();
        let fault = header_fault.or_else(|| {
            let (kind, count) = world.faults.get(&system).copied()?;
            match count {
                FaultCount::Always(_) => {}
                FaultCount::Times(n) if n <= 1 => {
                    world.faults.remove(&system);
                }
                FaultCount::Times(n) => {
                    world.faults.insert(system, (kind, FaultCount::Times(n - 1)));
                }
            }
            Some(kind)
        });
        *world.stats.requests.entry(system).or_default() += 1;
        if world.journal.len() >= JOURNAL_LIMIT {
            world.journal.drain(..JOURNAL_LIMIT / 2);
        }
        world.journal.push(JournalEntry {
            system,
            request,
            request_id: text("x-request-id"),
            attempt: text("x-attempt"),
            idempotency_key: text("idempotency-key"),
            fault,
        });
        Ok(fault)
    }
}

/// The sandbox's routes.
pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/individuals/v1/persons/{iin}", get(person))
        .route("/payments/v1/invoices", post(create_invoice))
        .route("/payments/v1/invoices/{reference}", get(invoice))
        .route("/admin/faults", post(set_fault).delete(clear_faults))
        .route("/admin/stats", get(stats))
        .route("/admin/journal", get(journal))
        .route("/admin/invoices/{reference}/pay", post(pay))
        .route("/contracts/{name}", get(contract))
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

async fn answer(fault: Option<FaultKind>, result: Result<Response, SandboxError>) -> Response {
    let response = result.unwrap_or_else(IntoResponse::into_response);
    match fault {
        Some(fault) => fault.apply(response).await,
        None => response,
    }
}

async fn person(State(sandbox): State<Sandbox>, Path(iin): Path<String>, headers: HeaderMap) -> Response {
    let fault = match sandbox.enter(System::Individuals, format!("GET /persons/{iin}"), &headers) {
        Ok(fault) => fault,
        Err(e) => return e.into_response(),
    };
    let found = {
        let world = sandbox.world();
        iin.parse::<Iin>()
            .ok()
            .and_then(|iin| world.persons.iter().find(|p| p.iin == iin).cloned())
            .ok_or_else(|| SandboxError::NotFound(format!("person {iin}")))
    };
    answer(fault, found.map(|p| Json(p).into_response())).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateInvoice {
    payer: Iin,
    amount_tiyn: Money,
    purpose: String,
}

async fn create_invoice(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let fault = match sandbox.enter(System::Payments, "POST /invoices".into(), &headers) {
        Ok(fault) => fault,
        Err(e) => return e.into_response(),
    };
    let result = (|| {
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .filter(|k| !k.is_empty())
            .ok_or_else(|| SandboxError::BadRequest("the Idempotency-Key header is required".into()))?
            .to_owned();
        let request: CreateInvoice =
            serde_json::from_slice(&body).map_err(|e| SandboxError::BadRequest(format!("invoice: {e}")))?;
        if request.amount_tiyn.tiyn() <= 0 {
            return Err(SandboxError::BadRequest("amount_tiyn must be positive".into()));
        }
        let mut world = sandbox.world();
        if let Some(&index) = world.by_key.get(&key) {
            let existing = world.invoices.get(index).cloned().ok_or_else(|| SandboxError::NotFound(key.clone()))?;
            if existing.payer != request.payer
                || existing.amount_tiyn != request.amount_tiyn
                || existing.purpose != request.purpose
            {
                return Err(SandboxError::IdempotencyConflict(key));
            }
            return Ok((StatusCode::OK, Json(existing)).into_response());
        }
        let invoice = SeedInvoice {
            reference: format!("INV-{:06}", world.invoices.len() + 1),
            payer: request.payer,
            amount_tiyn: request.amount_tiyn,
            purpose: request.purpose,
            status: InvoiceStatus::Unpaid,
            paid_at: None,
        };
        world.invoices.push(invoice.clone());
        let index = world.invoices.len() - 1;
        world.by_key.insert(key, index);
        world.stats.invoices_created += 1;
        Ok((StatusCode::CREATED, Json(invoice)).into_response())
    })();
    answer(fault, result).await
}

async fn invoice(State(sandbox): State<Sandbox>, Path(reference): Path<String>, headers: HeaderMap) -> Response {
    let fault = match sandbox.enter(System::Payments, format!("GET /invoices/{reference}"), &headers) {
        Ok(fault) => fault,
        Err(e) => return e.into_response(),
    };
    let found = sandbox
        .world()
        .invoices
        .iter()
        .find(|i| i.reference == reference)
        .cloned()
        .ok_or_else(|| SandboxError::NotFound(format!("invoice {reference}")));
    answer(fault, found.map(|i| Json(i).into_response())).await
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

async fn stats(State(sandbox): State<Sandbox>) -> Json<Stats> {
    Json(sandbox.stats())
}

async fn journal(State(sandbox): State<Sandbox>) -> Json<Vec<JournalEntry>> {
    Json(sandbox.journal())
}

/// Marks an invoice paid now (the payer paying, played by hand).
async fn pay(State(sandbox): State<Sandbox>, Path(reference): Path<String>) -> Result<Json<SeedInvoice>, SandboxError> {
    let mut world = sandbox.world();
    let invoice = world
        .invoices
        .iter_mut()
        .find(|i| i.reference == reference)
        .ok_or_else(|| SandboxError::NotFound(format!("invoice {reference}")))?;
    if invoice.status == InvoiceStatus::Unpaid {
        invoice.status = InvoiceStatus::Paid;
        invoice.paid_at = Some(chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()));
    }
    Ok(Json(invoice.clone()))
}

async fn contract(Path(name): Path<String>) -> Result<Response, SandboxError> {
    let text = match name.as_str() {
        "individuals.json" => INDIVIDUALS_CONTRACT,
        "payments.json" => PAYMENTS_CONTRACT,
        "pki.json" => PKI_CONTRACT,
        _ => return Err(SandboxError::NotFound(format!("contract {name}"))),
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}
