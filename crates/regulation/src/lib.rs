//! Regulation as code: an approved act (standard and regulation of a state service) held as a
//! TOML file that a legal analyst edits, read into a model the engine can run.
//!
//! * [`mirror`]: the file as written, unknown fields refused.
//! * [`read`]: the two phases — mirror, then resolution — returning **every** [`Diagnostic`] with
//!   file, line and column, never stopping at the first.
//! * [`model`]: the resolved act; every element keeps its citation ([`model::Cited`]).
//!
//! Invariants: no IO (the caller passes the file's name and text), no clock; nothing in an act
//! is guessed: where the act is silent or contradicts itself the file carries a note.

mod diagnostic;
pub mod mirror;
pub mod model;
mod read;
mod term;

pub use diagnostic::{Diagnostic, Location, Severity};
pub use read::read;
pub use term::Term;
