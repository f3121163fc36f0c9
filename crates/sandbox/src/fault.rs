//! Faults: what to do to an answer, switched per system (admin endpoint, a count or always)
//! or per request (`X-Sandbox-Fault` header), and how each is applied to a finished answer.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use reglament_domain::StateSystem;
use serde::{Deserialize, Serialize};

use crate::SandboxError;

/// The per-request fault header: `latency=MS`, `timeout`, `status=CODE`, `malformed`, `truncated`.
pub const FAULT_HEADER: &str = "x-sandbox-fault";

/// What happens to an answer. The request is processed first (an invoice is created), then
/// the answer is delayed, withheld or spoiled — as when an answer is lost on the way back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// The answer comes after this many milliseconds.
    Latency(u64),
    /// No answer ever comes (the connection stays open).
    Timeout,
    /// The answer is this status (expected 5xx) with an error body.
    Status(u16),
    /// A 200 whose body is not valid JSON.
    Malformed,
    /// The headers and half the body, then the connection is cut.
    Truncated,
}

impl FaultKind {
    /// Reads the `X-Sandbox-Fault` header's value.
    pub fn parse_header(value: &str) -> Result<Self, SandboxError> {
        let bad = || {
            SandboxError::BadFault(format!(
                "`{value}`: expected latency=MS, timeout, status=CODE, malformed or truncated"
            ))
        };
        match value.trim().split_once('=') {
            Some(("latency", ms)) => ms.trim().parse().map(Self::Latency).map_err(|_| bad()),
            Some(("status", code)) => code.trim().parse().map(Self::Status).map_err(|_| bad()).and_then(Self::checked),
            None if value.trim() == "timeout" => Ok(Self::Timeout),
            None if value.trim() == "malformed" => Ok(Self::Malformed),
            None if value.trim() == "truncated" => Ok(Self::Truncated),
            _ => Err(bad()),
        }
    }

    /// The fault, if its status (if any) is a valid HTTP status of at least 400.
    pub fn checked(self) -> Result<Self, SandboxError> {
        match self {
            Self::Status(code) if !(400..=599).contains(&code) => {
                Err(SandboxError::BadFault(format!("status {code}: expected 400–599")))
            }
            other => Ok(other),
        }
    }

    /// Applies the fault to the finished answer.
    pub async fn apply(self, answer: Response) -> Response {
        match self {
            Self::Latency(ms) => {
                tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                answer
            }
            Self::Timeout => std::future::pending().await,
            Self::Status(code) => {
                let status = StatusCode::from_u16(code).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
                let body = serde_json::json!({ "code": "sandbox.fault", "message": format!("injected status {code}") });
                (status, axum::Json(body)).into_response()
            }
            Self::Malformed => {
                (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{\"iin\": 87,, ").into_response()
            }
            Self::Truncated => {
                let (parts, body) = answer.into_parts();
                let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
                let half = bytes.slice(..bytes.len() / 2);
                let cut = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "sandbox: truncated");
                // The half goes out first (the yield lets the server flush it), then the cut.
                let stream = futures_util::stream::unfold(Some((half, cut)), |state| async move {
                    let (half, cut) = state?;
                    if half.is_empty() {
                        tokio::task::yield_now().await;
                        Some((Err(cut), None))
                    } else {
                        Some((Ok::<Bytes, std::io::Error>(half), Some((Bytes::new(), cut))))
                    }
                });
                let mut response = Response::from_parts(parts, Body::from_stream(stream));
                response.headers_mut().insert(header::CONTENT_LENGTH, bytes.len().into());
                response
            }
        }
    }
}

/// How many requests a switched fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FaultCount {
    /// The next `n` requests to the system.
    Times(u32),
    /// Every request until cleared.
    Always(Always),
}

/// The word `"always"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Always {
    /// Every request.
    Always,
}

/// The body of `POST /admin/faults`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// The system to spoil (any of them).
    pub system: StateSystem,
    /// What to do.
    pub kind: FaultKind,
    /// How many requests (a number or `"always"`).
    pub count: FaultCount,
}

/// The fault of this request's header, if any.
pub(crate) fn from_header(headers: &HeaderMap) -> Result<Option<FaultKind>, SandboxError> {
    headers
        .get(FAULT_HEADER)
        .map(|value| {
            let text = value.to_str().map_err(|_| SandboxError::BadFault("header is not ASCII".into()))?;
            FaultKind::parse_header(text)
        })
        .transpose()
}
