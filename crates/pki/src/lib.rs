//! NCA certificates and signatures: X.509 certificates read in the NCA profile (subject, IIN,
//! BIN, role, signing or authentication use), their signatures verified (RSA with SHA-256,
//! ECDSA P-256 with SHA-256, GOST R 34.10-2015 256- and 512-bit with Streebog in the Kazakh
//! encoding), chains to configured trust anchors, and revocation by CRL and OCSP.
//!
//! Invariants: no IO (bytes in) and no clock (the instant of validity is an argument);
//! verification handles public values only; every refusal names the failed check with a stable
//! code. The one exception is [`issue`], a development PKI (keys, certificates, CRLs, OCSP
//! responses and PKCS#12 stores) for the demo and the tests, never for production.

mod c14n;
mod cert;
mod cms;
mod crl;
mod encode;
mod error;
mod gost;
pub mod issue;
mod ocsp;
pub mod oid;
mod rsa;
mod sign;
mod trust;
mod verify;
mod xml;
mod xml_sign;

pub use cert::{Certificate, Role, Subject};
pub use cms::{Signed, Signer, check_signer, check_signing_key, verify_cms};
pub use crl::{Crl, CrlEntry};
pub use error::PkiError;
pub use ocsp::{
    CertId, CertIdHash, CertStatus, OcspCache, OcspOptions, OcspRequest, OcspResponse, ResponderId, ResponseStatus,
    RevocationReason, SingleResponse, VerifiedOcsp,
};
pub use sign::{SigningKey, SoftwareKey, sign_cms};
pub use trust::{Status, Trust, UnknownStatus, Verdict};
pub use verify::{certificate as verify_certificate, signed_by};
pub use xml::{XmlSignature, verify_xml};
pub use xml_sign::sign_xml;
