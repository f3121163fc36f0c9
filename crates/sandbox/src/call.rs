//! One request to a state system, taken whole ([`Incoming`]), and the one path every such
//! request follows: traced when received, envelope checked, counted and journaled with its
//! fault, processed, the state file written, then the answer spoiled by the fault.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use reglament_domain::StateSystem;

use crate::fault::{self, FaultKind};
use crate::state::JournalEntry;
use crate::{Sandbox, SandboxError, envelope};

/// The most bytes of a request body read.
const BODY_LIMIT: usize = 1 << 20;

/// A request as received: method, URI as sent, headers and the whole body.
#[derive(Debug)]
pub(crate) struct Incoming {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Incoming {
    /// A header's value, if sent as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The path and query exactly as sent.
    pub(crate) fn path_and_query(&self) -> &str {
        self.uri.path_and_query().map_or_else(|| self.uri.path(), |p| p.as_str())
    }

    /// The path and query after the system's base `/{system}/v1`.
    fn within(&self, system: StateSystem) -> &str {
        let path = self.path_and_query();
        path.strip_prefix('/')
            .and_then(|p| p.strip_prefix(system.as_str()))
            .and_then(|p| p.strip_prefix("/v1"))
            .unwrap_or(path)
    }

    /// The `--trace` line: `request SYSTEM METHOD PATH key=K id=ID attempt=N` (`-` for a header
    /// not sent).
    fn trace_line(&self, system: StateSystem) -> String {
        let or_dash = |name: &str| self.header(name).unwrap_or("-").to_owned();
        format!(
            "request {system} {} {} key={} id={} attempt={}",
            self.method,
            self.path_and_query(),
            or_dash("idempotency-key"),
            or_dash("x-request-id"),
            or_dash("x-attempt"),
        )
    }
}

impl<S: Send + Sync> FromRequest<S> for Incoming {
    type Rejection = Response;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|e| SandboxError::BadRequest(format!("reading the body: {e}")).into_response())?;
        Ok(Self { method: parts.method, uri: parts.uri, headers: parts.headers, body })
    }
}

impl Sandbox {
    /// Runs `process` for a request to `system`, on the one path every such request follows.
    pub(crate) async fn handle(
        &self,
        system: StateSystem,
        call: Incoming,
        process: impl FnOnce(&Self, &Incoming) -> Result<Response, SandboxError>,
    ) -> Response {
        if let Some(trace) = &self.trace {
            trace.emit(&call.trace_line(system));
        }
        let header_fault = match fault::from_header(&call.headers) {
            Ok(fault) => fault,
            Err(e) => return e.into_response(),
        };
        let (seen, verdict) = envelope::check(self.trust.as_deref(), self.require_envelopes, &call, crate::now());
        let text = |name: &str| call.header(name).map(str::to_owned);
        let entry = JournalEntry {
            system,
            request: format!("{} {}", call.method, call.within(system)),
            request_id: text("x-request-id"),
            attempt: text("x-attempt"),
            idempotency_key: text("idempotency-key"),
            fault: None,
            sender: seen.sender,
            message_id: seen.message_id,
            envelope_verified: seen.verified,
            signer: seen.signer,
        };
        let fault = self.world().enter(entry, header_fault);
        let result = verdict.and_then(|()| process(self, &call));
        let result = self.save().and(result);
        answer(fault, result).await
    }
}

/// The answer, spoiled by `fault` if any.
async fn answer(fault: Option<FaultKind>, result: Result<Response, SandboxError>) -> Response {
    let response = result.unwrap_or_else(IntoResponse::into_response);
    match fault {
        Some(fault) => fault.apply(response).await,
        None => response,
    }
}
