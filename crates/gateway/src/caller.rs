//! One system's HTTP caller: the per-request timeout, retries with back-off and jitter, the
//! circuit breaker, the `X-Request-Id` header and the signed gateway envelope, shared by every
//! client.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};

use base64ct::{Base64, Encoding as _};
use chrono::SecondsFormat;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use reglament_domain::StateSystem;
use reglament_domain::envelope::{HEADER_MESSAGE_ID, HEADER_SENDER, HEADER_SENT_AT, HEADER_SIGNATURE, envelope_text};
use serde::de::DeserializeOwned;

use crate::GatewayError;
use crate::breaker::CircuitBreaker;
use crate::clock::{Clock, Entropy};
use crate::policy::ClientConfig;

/// The platform's envelope signer, shared by every system's caller.
pub type EnvelopeSigner = Arc<dyn reglament_pki::SigningKey + Send + Sync>;

/// The hyper client every caller of one gateway shares (one connection pool).
pub(crate) type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// The injected entropy, shared by every caller of one gateway.
pub(crate) type SharedEntropy = Arc<Mutex<Box<dyn Entropy>>>;

/// Who sends, and the key that signs the envelope (none: the envelope goes unsigned, and a
/// gateway that requires signatures refuses it).
pub(crate) struct Envelope {
    pub sender: String,
    pub signer: Option<EnvelopeSigner>,
}

/// Whether `sender` can stand in a header and on one line of the envelope text: 1–128
/// printable ASCII characters, no spaces.
pub(crate) fn is_sender(sender: &str) -> bool {
    (1..=128).contains(&sender.len()) && sender.bytes().all(|b| b.is_ascii_graphic())
}

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
    /// The envelope could not be signed (the attempt was not sent).
    Signing(String),
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

/// One request, re-sent on each attempt with the same body and a fresh envelope.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// The path under the system's base URL, with its query.
    pub path: String,
    pub body: Option<Vec<u8>>,
    pub headers: Vec<(&'static str, &'a str)>,
}

/// A call's outcome with the request id it went under and the attempts it took.
pub(crate) struct Reply<T> {
    pub value: T,
    pub request_id: String,
    pub attempts: u32,
}

pub(crate) struct Caller {
    system: StateSystem,
    config: ClientConfig,
    http: HttpClient,
    breaker: CircuitBreaker,
    clock: Arc<dyn Clock>,
    entropy: SharedEntropy,
    envelope: Arc<Envelope>,
}

impl Caller {
    pub(crate) fn new(
        system: StateSystem,
        mut config: ClientConfig,
        http: HttpClient,
        clock: Arc<dyn Clock>,
        entropy: SharedEntropy,
        envelope: Arc<Envelope>,
    ) -> Result<Self, GatewayError> {
        if !is_sender(&envelope.sender) {
            return Err(GatewayError::Config {
                system,
                cause: format!("sender `{}` is not 1–128 printable ASCII characters", envelope.sender.escape_debug()),
            });
        }
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
        let breaker = CircuitBreaker::new(config.breaker);
        Ok(Self { system, config, http, breaker, clock, entropy, envelope })
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
        interpret: impl Fn(StatusCode, &Bytes) -> Result<T, Failure>,
    ) -> Result<Reply<T>, GatewayError> {
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
                    return Ok(Reply { value, request_id, attempts: attempt });
                }
                // Not the system's fault, and nothing was sent: the breaker is left as it is
                // (a probe it admitted is replaced after another cool-down).
                Err(Failure::Signing(cause)) => {
                    return Err(GatewayError::Signing { system, attempts: attempt - 1, cause });
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
                Failure::Signing(cause) => GatewayError::Signing { system, attempts: attempt - 1, cause },
            });
        }
    }

    /// The envelope headers of one attempt: sender, message id (the request id), sent-at from
    /// the clock and, with a signer, the detached CMS signature of the envelope text over the
    /// path and query exactly as sent.
    fn envelope(
        &self,
        method: &Method,
        uri: &Uri,
        request_id: &str,
        body: &[u8],
    ) -> Result<Vec<(&'static str, String)>, Failure> {
        let sent_at = self.clock.utc();
        let sent_at_text = sent_at.to_rfc3339_opts(SecondsFormat::Millis, true);
        let sender = &self.envelope.sender;
        let mut headers = vec![
            (HEADER_SENDER, sender.clone()),
            (HEADER_MESSAGE_ID, request_id.to_owned()),
            (HEADER_SENT_AT, sent_at_text.clone()),
        ];
        if let Some(signer) = &self.envelope.signer {
            let path = uri.path_and_query().map_or("/", hyper::http::uri::PathAndQuery::as_str);
            let text = envelope_text(method.as_str(), path, sender, request_id, &sent_at_text, body);
            let signature = reglament_pki::sign_cms(&text, &**signer, sent_at, true)
                .map_err(|e| Failure::Signing(format!("{} ({})", e, e.code())))?;
            headers.push((HEADER_SIGNATURE, Base64::encode_string(&signature)));
        }
        Ok(headers)
    }

    async fn attempt(&self, call: &Call<'_>, request_id: &str, attempt: u32) -> Result<(StatusCode, Bytes), Failure> {
        let uri: Uri = format!("{}{}", self.config.base_url, call.path)
            .parse()
            .map_err(|e| Failure::Unavailable(format!("building the request: {e}")))?;
        let body = call.body.clone().unwrap_or_default();
        let envelope = self.envelope(&call.method, &uri, request_id, &body)?;
        let mut builder = Request::builder()
            .method(call.method.clone())
            .uri(uri)
            .header(REQUEST_ID_HEADER, request_id)
            .header(ATTEMPT_HEADER, attempt.to_string())
            .header("accept", "application/json");
        for (name, value) in envelope {
            builder = builder.header(name, value);
        }
        if call.body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        for (name, value) in &call.headers {
            builder = builder.header(*name, *value);
        }
        let body = Full::new(Bytes::from(body));
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
