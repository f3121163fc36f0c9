//! The injected sources of time and randomness: [`Clock`] (the circuit breaker's monotonic
//! instants and the envelope's sent-at time) and [`Entropy`] (for jitter and request ids), with
//! a real and a test implementation of each.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// A clock: a monotonic reading for durations and the UTC time for what is written down.
pub trait Clock: Send + Sync {
    /// The current monotonic instant (the circuit breaker's cool-down).
    fn now(&self) -> Instant;
    /// The current time in UTC (the envelope's sent-at and the signing time).
    fn utc(&self) -> DateTime<Utc>;
}

/// The process's monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn utc(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
}

/// A clock that moves only when told to (tests and simulations). Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<(Instant, DateTime<Utc>)>>,
}

impl ManualClock {
    /// A clock standing at the monotonic instant `start`, which is `utc` in UTC.
    #[must_use]
    pub fn new(start: Instant, utc: DateTime<Utc>) -> Self {
        Self { now: Arc::new(Mutex::new((start, utc))) }
    }

    /// Moves the clock forward by `by` (both readings).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        now.0 += by;
        now.1 = chrono::TimeDelta::from_std(by).ok().and_then(|by| now.1.checked_add_signed(by)).unwrap_or(now.1);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.now.lock().unwrap_or_else(PoisonError::into_inner).0
    }

    fn utc(&self) -> DateTime<Utc> {
        self.now.lock().unwrap_or_else(PoisonError::into_inner).1
    }
}

/// A source of random 64-bit numbers, passed in so that every use of randomness is seedable.
pub trait Entropy: Send {
    /// The next number.
    fn next_u64(&mut self) -> u64;
}

/// `SplitMix64`: a small, fast, seedable generator (not for secrets).
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`; the same seed gives the same sequence.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }
}

impl Entropy for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
