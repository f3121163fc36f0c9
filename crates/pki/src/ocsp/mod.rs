//! OCSP (RFC 6960): requests built for a certificate and its issuer (with an optional nonce),
//! responses parsed and checked (the responder's signature and authorization, the nonce, the
//! freshness at an instant), and a cache of verified responses until their next update.
//!
//! No IO and no clock: the nonce bytes, the instant of validity and the cache's "now" are
//! arguments. The NCA test responder answers `CertIDs` hashed with SHA-256 (its recorded
//! responses echo them), so SHA-256 is the default; SHA-1 is understood too.

mod cache;
mod cert_id;
mod request;
mod response;
mod status;

pub use cache::OcspCache;
pub use cert_id::{CertId, CertIdHash};
pub use request::OcspRequest;
pub use response::{OcspOptions, OcspResponse, VerifiedOcsp};
pub use status::{CertStatus, ResponderId, ResponseStatus, RevocationReason, SingleResponse};
