//! The PKI crate's one error type: every refusal names the failed check.

use chrono::{DateTime, Utc};

/// Why a certificate, a CRL or a signature is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkiError {
    /// The bytes are not what they should be.
    #[error("{what} cannot be read: {reason}")]
    Parse {
        /// What was being read.
        what: &'static str,
        /// Why it failed.
        reason: String,
    },
    /// A signature or key algorithm this crate does not verify.
    #[error("unsupported algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// The signature does not verify with the key.
    #[error("the signature of {0} does not verify")]
    BadSignature(String),
    /// The certificate is not valid yet at the instant asked.
    #[error("certificate of {subject} is not valid before {from}")]
    NotYetValid {
        /// Whose.
        subject: String,
        /// From when it is valid.
        from: DateTime<Utc>,
    },
    /// The certificate expired before the instant asked.
    #[error("certificate of {subject} expired on {until}")]
    Expired {
        /// Whose.
        subject: String,
        /// When it expired.
        until: DateTime<Utc>,
    },
    /// No trust anchor or known certificate issued this certificate.
    #[error("no trusted issuer for the certificate of {subject} (issuer: {issuer})")]
    UntrustedIssuer {
        /// Whose.
        subject: String,
        /// The issuer named in it.
        issuer: String,
    },
    /// The signature was made by someone other than the applicant.
    #[error("the application is signed by {found}, not by the applicant ({expected})")]
    WrongSigner {
        /// Who should have signed.
        expected: String,
        /// Who did.
        found: String,
    },
    /// The signature was made with an authentication key (no non-repudiation): it signs in, it
    /// does not sign an application, a decision or minutes.
    #[error("certificate {serial} of {subject} is an authentication certificate: it cannot sign")]
    NotSigningKey {
        /// Its serial number (hex).
        serial: String,
        /// Whose.
        subject: String,
    },
    /// The certificate is revoked.
    #[error("certificate {serial} of {subject} is revoked since {since}")]
    Revoked {
        /// Its serial number (hex).
        serial: String,
        /// Whose.
        subject: String,
        /// Since when.
        since: DateTime<Utc>,
    },
    /// No current CRL or OCSP response gives the certificate's revocation status, and the policy
    /// of this use refuses an unknown status.
    #[error("no current CRL or OCSP response of {issuer} covers the certificate of {subject}")]
    UnknownStatus {
        /// The issuer whose CRL or OCSP answer is missing.
        issuer: String,
        /// Whose certificate.
        subject: String,
    },
    /// The OCSP responder does not know the certificate as issued (RFC 6960 §2.2: revoked on hold
    /// since the epoch): a forged or foreign certificate under a trusted issuer's name.
    #[error("certificate {serial} of {subject} was not issued by its CA, says {responder}")]
    NotIssued {
        /// Its serial number (hex).
        serial: String,
        /// Whose.
        subject: String,
        /// The OCSP responder.
        responder: String,
    },
    /// The OCSP responder did not answer `successful` (malformedRequest, tryLater, …).
    #[error("the OCSP responder answered {0}")]
    OcspUnsuccessful(String),
    /// The OCSP response is not signed by the CA nor by a responder the CA authorized.
    #[error("the OCSP response is not signed by an authorized responder: {0}")]
    OcspResponder(String),
    /// The OCSP response does not carry the nonce of the request.
    #[error("the OCSP response does not carry the nonce of the request")]
    OcspNonce,
    /// The OCSP response speaks for a later instant than the one asked.
    #[error("the OCSP response is only valid from {this_update}, not at {at}")]
    OcspPremature {
        /// Its thisUpdate.
        this_update: DateTime<Utc>,
        /// The instant asked.
        at: DateTime<Utc>,
    },
    /// The OCSP response is past its nextUpdate, or older than the maximum age allowed.
    #[error("the OCSP response is stale: valid until {until}, asked at {at}")]
    OcspStale {
        /// Its nextUpdate, or producedAt plus the maximum age.
        until: DateTime<Utc>,
        /// The instant asked.
        at: DateTime<Utc>,
    },
    /// The OCSP response gives no status for the certificate or the issuer asked.
    #[error("the OCSP response has no status for {0}")]
    OcspMismatch(String),
    /// A key store or private key cannot be used: a wrong password, a damaged store, no key or no
    /// certificate for it, a key the signing library refuses.
    #[error("the key store cannot be used: {0}")]
    KeyStore(String),
    /// The development PKI could not issue a key, certificate, CRL or OCSP response.
    #[error("cannot issue: {0}")]
    Issue(String),
}

impl PkiError {
    /// A stable code for applicants and officials.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Parse { .. } => "pki.parse",
            Self::UnsupportedAlgorithm(_) => "pki.unsupported_algorithm",
            Self::BadSignature(_) => "pki.bad_signature",
            Self::NotYetValid { .. } => "pki.not_yet_valid",
            Self::Expired { .. } => "pki.expired",
            Self::UntrustedIssuer { .. } => "pki.untrusted_issuer",
            Self::Revoked { .. } => "pki.revoked",
            Self::NotIssued { .. } => "pki.not_issued",
            Self::UnknownStatus { .. } => "pki.unknown_status",
            Self::WrongSigner { .. } => "pki.wrong_signer",
            Self::NotSigningKey { .. } => "pki.not_signing_key",
            Self::OcspUnsuccessful(_) => "pki.ocsp_unsuccessful",
            Self::OcspResponder(_) => "pki.ocsp_responder",
            Self::OcspNonce => "pki.ocsp_nonce",
            Self::OcspPremature { .. } => "pki.ocsp_premature",
            Self::OcspStale { .. } => "pki.ocsp_stale",
            Self::OcspMismatch(_) => "pki.ocsp_mismatch",
            Self::KeyStore(_) => "pki.key_store",
            Self::Issue(_) => "pki.issue",
        }
    }

    pub(crate) fn parse(what: &'static str, reason: impl std::fmt::Display) -> Self {
        Self::Parse { what, reason: reason.to_string() }
    }
}
