//! Client settings: the gateway's sender and each system's [`ClientConfig`] (base URL,
//! per-request timeout, retry policy, circuit breaker's policy), and the pure back-off
//! computation.

use std::collections::BTreeMap;
use std::time::Duration;

use reglament_domain::StateSystem;

/// How the platform calls the state systems: who it is, and where and how each system is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayConfig {
    /// The platform's registered sender id (the envelope's sender; 1–128 printable ASCII
    /// characters).
    pub sender: String,
    /// Each system's client settings; a system left out is refused with `gateway.config`.
    pub systems: BTreeMap<StateSystem, ClientConfig>,
}

impl GatewayConfig {
    /// Every system at `{base_url}/{system}/v1` (e.g. `http://127.0.0.1:8081/individuals/v1`),
    /// each with the production defaults of [`ClientConfig::new`].
    #[must_use]
    pub fn under(base_url: &str, sender: impl Into<String>) -> Self {
        let base = base_url.trim_end_matches('/');
        let systems = StateSystem::ALL
            .into_iter()
            .map(|system| (system, ClientConfig::new(format!("{base}/{system}/v1"))))
            .collect();
        Self { sender: sender.into(), systems }
    }
}

/// How a client calls one system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The system's base URL, `http://host:port/prefix` (no trailing slash needed).
    pub base_url: String,
    /// The longest one attempt may take, from sending the request to the end of the answer.
    pub timeout: Duration,
    /// Retries.
    pub retry: RetryPolicy,
    /// The circuit breaker.
    pub breaker: BreakerPolicy,
}

impl ClientConfig {
    /// Production defaults for `base_url`: 5 s per attempt, 3 attempts from 200 ms back-off
    /// capped at 2 s, the breaker opening after 5 failed calls for 30 s.
    #[must_use]
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            timeout: Duration::from_secs(5),
            retry: RetryPolicy {
                attempts: 3,
                base_delay: Duration::from_millis(200),
                max_delay: Duration::from_secs(2),
            },
            breaker: BreakerPolicy { failure_threshold: 5, cool_down: Duration::from_secs(30) },
        }
    }
}

/// Retries with exponential back-off and jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included (at least 1; 0 is read as 1).
    pub attempts: u32,
    /// The back-off before the second attempt; it doubles for each further attempt.
    pub base_delay: Duration,
    /// The cap on one back-off.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// The pause after failed attempt `attempt` (1-based): `min(max_delay, base_delay × 2^(attempt−1))`,
    /// of which the upper half is scaled by `random` ("equal jitter": between half and all of it).
    #[must_use]
    pub fn backoff(&self, attempt: u32, random: u64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let full = self.base_delay.saturating_mul(1_u32 << exponent).min(self.max_delay);
        let nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
        let half = nanos / 2;
        let spread = nanos - half;
        // random / 2^64 scaled onto [0, spread], in 128-bit arithmetic.
        let jitter = u64::try_from((u128::from(random) * u128::from(spread)) >> 64).unwrap_or(spread);
        Duration::from_nanos(half + jitter)
    }
}

/// When the circuit breaker opens and when it lets a probe through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerPolicy {
    /// Consecutive failed calls (after their retries) that open the breaker (at least 1).
    pub failure_threshold: u32,
    /// How long the breaker stays open before one probe call is let through (half-open).
    pub cool_down: Duration,
}
