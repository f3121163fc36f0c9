//! BPMN 2.0 exchange. [`export`] writes an encoded process as BPMN 2.0 XML with diagram
//! interchange (pools, lanes, tasks, gateways, events, timer boundary events carrying the legal
//! terms, and `reglament:` extension attributes); [`import`] reads the subset Reglament can run
//! and names every element outside it.
//!
//! Invariants: pure (text in, text or model out); the importer never panics on any input and
//! reports a diagnostic for every element it does not take.

mod export;
mod import;
mod model;

pub use export::{NAMESPACE, TERM_LANGUAGE, export};
pub use import::import;
pub use model::{Flow, Imported, Node, NodeKind, Pool, Skipped};
