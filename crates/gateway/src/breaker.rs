//! The circuit breaker: closed, open after N consecutive failed calls, half-open (one probe)
//! after the cool-down. Pure: every transition takes the instant from the caller.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::policy::BreakerPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed { failures: u32 },
    Open { since: Instant },
    HalfOpen { probe_since: Instant },
}

/// The breaker's state as seen from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// Calls are refused without touching the network.
    Open,
    /// One probe call is under way; its outcome closes or reopens the breaker.
    HalfOpen,
}

/// A circuit breaker for one system.
#[derive(Debug)]
pub struct CircuitBreaker {
    policy: BreakerPolicy,
    state: Mutex<State>,
}

impl CircuitBreaker {
    /// A closed breaker.
    #[must_use]
    pub fn new(policy: BreakerPolicy) -> Self {
        Self { policy, state: Mutex::new(State::Closed { failures: 0 }) }
    }

    /// The current state (an open breaker whose cool-down has passed still reads `Open` until
    /// the next call is admitted as the probe).
    #[must_use]
    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// Whether a call may start at `now`; `Err(wait)` when it may not, with the time until the
    /// next probe. An open breaker past its cool-down admits this call as the probe. A probe
    /// that never reported (its call was dropped) is replaced after another cool-down.
    pub fn admit(&self, now: Instant) -> Result<(), Duration> {
        let mut state = self.lock();
        match *state {
            State::Closed { .. } => Ok(()),
            State::Open { since } | State::HalfOpen { probe_since: since } => {
                let ready = since + self.policy.cool_down;
                if now >= ready {
                    *state = State::HalfOpen { probe_since: now };
                    Ok(())
                } else {
                    Err(ready - now)
                }
            }
        }
    }

    /// Records a call that the system answered (even with "not found").
    pub fn on_success(&self) {
        *self.lock() = State::Closed { failures: 0 };
    }

    /// Records a call that failed at `now` (after its retries).
    pub fn on_failure(&self, now: Instant) {
        let mut state = self.lock();
        *state = match *state {
            State::Closed { failures } => {
                let failures = failures.saturating_add(1);
                if failures >= self.policy.failure_threshold.max(1) {
                    State::Open { since: now }
                } else {
                    State::Closed { failures }
                }
            }
            State::HalfOpen { .. } | State::Open { .. } => State::Open { since: now },
        };
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
