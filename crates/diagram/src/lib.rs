//! Pictures of processes. [`swimlane`] draws a process as an SVG swim-lane diagram: one lane per
//! role, one box per step with its term, a diamond where the process branches, the refusal path
//! in red and the hearing dashed.
//!
//! Invariants: pure (an act in, SVG text out); every text is escaped; the layout depends only on
//! the process, so the same act always gives the same picture.

mod interaction;
mod layout;
mod svg;

pub use interaction::interaction;
pub use layout::{Layout, layout};
pub use svg::swimlane;
