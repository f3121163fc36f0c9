//! One system's HTTP caller: the per-request timeout, retries with back-off and jitter, the
//! circuit breaker and the `X-Request-Id` header, shared by every client.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;

use crate::breaker::CircuitBreaker;
use crate::clock::{Clock, Entropy};
use crate::policy::ClientConfig;
use crate::{GatewayError, System};

/// The header carrying the call's id (the same on every attempt of one call).
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The header carrying the attempt number, from 1.
pub const ATTEMPT_HEADER: &str = "x-attempt";

/// Why one attempt failed.
#[derive(Debug)]
pub(crate) enum Failure {
    Timeout,
    Unavailable(String),
    Malformed(String),
    NotFound(String),
    Rejected(String),
}

impl Failure {
    const fn retryable(&self) -> bool {
        matches!(self, Self::Timeout | Self::Unavailable(_) | Self::Malformed(_))
    }

    /// Whether the system answered as its contract says (so the breaker counts a success).
    const fn answered(&self) -> bool {
        matches!(self, Self::NotFound(_) | Self::Rejected(_))
    }
}

/// One request, re-sent unchanged on each attempt.
pub(crate) struct Call<'a> {
    pub method: Method,
    pub path: String,
    pub body: Option<Vec<u8>>,
    pub headers: Vec<(&'static str, &'a str)>,
}

pub(crate) struct Caller {
    system: System,
    config: ClientConfig,
    http: Client<HttpConnector, Full<Bytes>>,
    breaker: CircuitBreaker,
    clock: Arc<dyn Clock>,
    entropy: Mutex<Box<dyn Entropy>>,
}

impl Caller {
    pub(crate) fn new(
        system: System,
        mut config: ClientConfig,
        clock: Arc<dyn Clock>,
        entropy: Box<dyn Entropy>,
    ) -> Result<Self, GatewayError> {
        let base = config.base_url.trim_end_matches('/').to_owned();
        let uri: Uri =
            base.parse().map_err(|e| GatewayError::Config { system, cause: format!("base URL `{base}`: {e}") })?;
        if uri.scheme_str() != Some("http") || uri.host().is_none() {
            return Err(GatewayError::Config {
                system,
                cause: format!("base URL `{base}` is not http://host[:port][/prefix]"),
            });
        }
        config.base_url = base;
        let http = Client::builder(TokioExecutor::new()).build(HttpConnector::new());
        let breaker = CircuitBreaker::new(config.breaker);
        Ok(Self { system, config, http, breaker, clock, entropy: Mutex::new(entropy) })
    }

    pub(crate) const fn breaker(&self) -> &CircuitBreaker {
        &self.breaker
    }

    fn random(&self) -> u64 {
        self.entropy.lock().unwrap_or_else(PoisonError::into_inner).next_u64()
    }

    /// A UUID-shaped (version 4 layout) id drawn from the injected entropy.
    fn request_id(&self) -> String {
        let (a, b) = (self.random(), self.random());
        let bytes = u128::from(a) << 64 | u128::from(b);
        let bytes = (bytes & !(0xF_u128 << 76)) | (0x4_u128 << 76);
        let bytes = (bytes & !(0x3_u128 << 62)) | (0x2_u128 << 62);
        let hex = format!("{bytes:032x}");
        let mut id = String::with_capacity(36);
        for (i, part) in [(0, 8), (8, 12), (12, 16), (16, 20), (20, 32)].iter().enumerate() {
            if i > 0 {
                id.push('-');
            }
            let _ = write!(id, "{}", hex.get(part.0..part.1).unwrap_or_default());
        }
        id
    }

    /// Makes the call: admits it through the breaker, sends up to `retry.attempts` attempts,
    /// hands each answer to `interpret`, pauses with jittered back-off between retryable failures.
    pub(crate) async fn call<T>(
        &self,
        call: &Call<'_>,
        interpret: impl Fn(StatusCode, &[u8]) -> Result<T, Failure>,
    ) -> Result<T, GatewayError> {
        let system = self.system;
        self.breaker
            .admit(self.clock.now())
            .map_err(|retry_after| GatewayError::CircuitOpen { system, retry_after })?;
        let request_id = self.request_id();
        let attempts = self.config.retry.attempts.max(1);
        let mut attempt = 1;
        loop {
            let outcome = match self.attempt(call, &request_id, attempt).await {
                Ok((status, body)) => interpret(status, &body),
                Err(failure) => Err(failure),
            };
            let failure = match outcome {
                Ok(value) => {
                    self.breaker.on_success();
                    return Ok(value);
                }
                Err(failure) => failure,
            };
            if failure.retryable() && attempt < attempts {
                tokio::time::sleep(self.config.retry.backoff(attempt, self.random())).await;
                attempt += 1;
                continue;
            }
            if failure.answered() {
                self.breaker.on_success();
            } else {
                self.breaker.on_failure(self.clock.now());
            }
            return Err(match failure {
                Failure::Timeout => GatewayError::Timeout { system, attempts: attempt, timeout: self.config.timeout },
                Failure::Unavailable(cause) => GatewayError::Unavailable { system, attempts: attempt, cause },
                Failure::Malformed(cause) => GatewayError::Malformed { system, attempts: attempt, cause },
                Failure::NotFound(what) => GatewayError::NotFound { system, attempts: attempt, what },
                Failure::Rejected(cause) => GatewayError::Rejected { system, attempts: attempt, cause },
            });
        }
    }

    async fn attempt(&self, call: &Call<'_>, request_id: &str, attempt: u32) -> Result<(StatusCode, Bytes), Failure> {
        let uri = format!("{}{}", self.config.base_url, call.path);
        let mut builder = Request::builder()
            .method(call.method.clone())
            .uri(uri)
            .header(REQUEST_ID_HEADER, request_id)
            .header(ATTEMPT_HEADER, attempt.to_string())
            .header("accept", "application/json");
        if call.body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        for (name, value) in &call.headers {
            builder = builder.header(*name, *value);
        }
        let body = Full::new(Bytes::from(call.body.clone().unwrap_or_default()));
        let request = builder.body(body).map_err(|e| Failure::Unavailable(format!("building the request: {e}")))?;
        let exchange = async {
            let response = self.http.request(request).await.map_err(|e| Failure::Unavailable(chain(&e)))?;
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| Failure::Malformed(format!("truncated answer: {}", chain(&e))))?
                .to_bytes();
            Ok((status, body))
        };
        tokio::time::timeout(self.config.timeout, exchange).await.unwrap_or(Err(Failure::Timeout))
    }
}

/// An error with its sources, `a: b: c`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}

/// The usual reading of an answer: 2xx parsed as `T`; 404 not found (`what`); 408, 429 and
/// 5xx unavailable; other statuses refused.
pub(crate) fn json_answer<T: DeserializeOwned>(status: StatusCode, body: &[u8], what: &str) -> Result<T, Failure> {
    if status.is_success() {
        return serde_json::from_slice(body).map_err(|e| Failure::Malformed(format!("HTTP {status}: {e}")));
    }
    let text = String::from_utf8_lossy(body.get(..200).unwrap_or(body)).into_owned();
    match status.as_u16() {
        404 => Err(Failure::NotFound(what.to_owned())),
        408 | 429 | 500..=599 => Err(Failure::Unavailable(format!("HTTP {status}: {text}"))),
        _ => Err(Failure::Rejected(format!("HTTP {status}: {text}"))),
    }
}
