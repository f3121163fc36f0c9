//! The applicant's portal: the catalogue of services in force, the application form generated
//! from the act, payment through the gateway's hosted page, signing through NCALayer and filing
//! (the runtime's one filing path), and the personal cabinet.

pub mod application;
pub mod cabinet;
pub(crate) mod multipart;
pub mod services;
pub mod texts;
