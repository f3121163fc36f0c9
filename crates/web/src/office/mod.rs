//! The back office of the provider: the inbox by role with the working time left, the case file
//! with the evidence of the state systems, the actions of the official's steps (signing those that
//! issue a document with the official's key), and the journal of incoming correspondence.

pub mod actions;
pub mod case_file;
mod decision;
pub mod inbox;
pub mod journal;
pub mod quality;
pub mod registry;
pub mod report;
pub mod texts;
