//! The crate's one error type, [`SandboxError`], answered as `{code, message}` JSON.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What the sandbox refuses or fails at.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A request the contract does not allow (bad JSON, a missing field or header).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A fault that cannot be read (admin body or `X-Sandbox-Fault` header).
    #[error("bad fault: {0}")]
    BadFault(String),
    /// Nothing with this identifier.
    #[error("not found: {0}")]
    NotFound(String),
    /// An idempotency key reused for a different invoice.
    #[error("idempotency key `{0}` was used for a different invoice")]
    IdempotencyConflict(String),
    /// The gateway envelope's signature is refused: not base64 or not CMS, not matching the
    /// request, by an untrusted signer, or with an envelope header missing.
    #[error("bad envelope: {0}")]
    BadEnvelope(String),
    /// A request to a state system without the envelope's signature, where one is required.
    #[error("unsigned: {0}")]
    Unsigned(String),
    /// The state file could not be read or written.
    #[error("state file: {0}")]
    State(String),
    /// The test PKI failed to answer (a key store or OCSP response could not be made).
    #[error("test PKI: {0}")]
    Pki(String),
    /// Serving failed.
    #[error("serving: {0}")]
    Io(#[from] std::io::Error),
}

impl SandboxError {
    /// The stable machine code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "sandbox.bad_request",
            Self::BadFault(_) => "sandbox.bad_fault",
            Self::NotFound(_) => "sandbox.not_found",
            Self::IdempotencyConflict(_) => "sandbox.idempotency_conflict",
            Self::BadEnvelope(_) => "sandbox.bad_envelope",
            Self::Unsigned(_) => "sandbox.unsigned",
            Self::State(_) => "sandbox.state",
            Self::Pki(_) => "sandbox.pki",
            Self::Io(_) => "sandbox.io",
        }
    }

    const fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) | Self::BadFault(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::IdempotencyConflict(_) => StatusCode::CONFLICT,
            Self::BadEnvelope(_) | Self::Unsigned(_) => StatusCode::UNAUTHORIZED,
            Self::State(_) | Self::Pki(_) | Self::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for SandboxError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        (self.status(), Json(body)).into_response()
    }
}
