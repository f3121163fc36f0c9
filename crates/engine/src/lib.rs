//! The case engine as a pure state machine: `apply(case, command, now, law)` gives the events to
//! record and the actions to take; `Case::evolve` folds events into the state. Durable storage,
//! timers and the outbox live outside (the store and the worker); this crate only decides.
//!
//! Invariants: no IO and no clock (the time is an argument); the same inputs always give the same
//! decision; a case runs under the act version it was filed under ([`law::pinned`]); due instants
//! are derived from the calendar ([`clocks`]) and every escalation fires once per clock and level.

mod action;
mod actor;
mod authority;
mod case;
pub mod chain;
pub mod clocks;
mod command;
pub mod complaint;
mod decide;
mod error;
mod event;
pub mod law;
mod migrate;
pub mod timeline;

pub use action::Action;
pub use actor::{Actor, QUALITY_CONTROL, Scope};
pub use authority::authorize;
pub use case::{Active, Awaiting, Case, HearingState, Status};
pub use command::{Appointment, Command, Outcome};
pub use decide::{Decision, apply, timers_for};
pub use error::EngineError;
pub use event::{ClockId, Event, Level};
pub use law::Law;
pub use migrate::{migrate, reproject};
