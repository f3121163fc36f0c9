//! What an OCSP response says: the responder's status, each certificate's status and reason,
//! and who the responder is.

use chrono::{DateTime, Utc};
use der::Encode;
use serde::Serialize;
use sha1::Sha1;
use sha2::Digest;
use x509_cert::ext::pkix::crl::CrlReason;
use x509_ocsp as ocsp;

use crate::cert::Certificate;
use crate::error::PkiError;

use super::cert_id::{CertId, hex};

/// The responder's answer to the request as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    /// A response is included.
    Successful,
    /// The request was not understood.
    MalformedRequest,
    /// The responder failed.
    InternalError,
    /// Ask again later.
    TryLater,
    /// The request must be signed.
    SigRequired,
    /// The responder does not answer for this certificate.
    Unauthorized,
}

impl ResponseStatus {
    pub(super) fn from_ocsp(s: ocsp::OcspResponseStatus) -> Self {
        match s {
            ocsp::OcspResponseStatus::Successful => Self::Successful,
            ocsp::OcspResponseStatus::MalformedRequest => Self::MalformedRequest,
            ocsp::OcspResponseStatus::InternalError => Self::InternalError,
            ocsp::OcspResponseStatus::TryLater => Self::TryLater,
            ocsp::OcspResponseStatus::SigRequired => Self::SigRequired,
            ocsp::OcspResponseStatus::Unauthorized => Self::Unauthorized,
        }
    }

    /// Its RFC 6960 name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Successful => "successful",
            Self::MalformedRequest => "malformedRequest",
            Self::InternalError => "internalError",
            Self::TryLater => "tryLater",
            Self::SigRequired => "sigRequired",
            Self::Unauthorized => "unauthorized",
        }
    }
}

/// Why a certificate was revoked (the CRL reason codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    /// 0.
    Unspecified,
    /// 1.
    KeyCompromise,
    /// 2.
    CaCompromise,
    /// 3.
    AffiliationChanged,
    /// 4.
    Superseded,
    /// 5.
    CessationOfOperation,
    /// 6: suspended. With a revocation time of 1 January 1970 it means "never issued"
    /// (RFC 6960 §2.2, extended revoked definition).
    CertificateHold,
    /// 8.
    RemoveFromCrl,
    /// 9.
    PrivilegeWithdrawn,
    /// 10.
    AaCompromise,
}

impl RevocationReason {
    pub(super) fn from_crl(r: CrlReason) -> Self {
        match r {
            CrlReason::Unspecified => Self::Unspecified,
            CrlReason::KeyCompromise => Self::KeyCompromise,
            CrlReason::CaCompromise => Self::CaCompromise,
            CrlReason::AffiliationChanged => Self::AffiliationChanged,
            CrlReason::Superseded => Self::Superseded,
            CrlReason::CessationOfOperation => Self::CessationOfOperation,
            CrlReason::CertificateHold => Self::CertificateHold,
            CrlReason::RemoveFromCRL => Self::RemoveFromCrl,
            CrlReason::PrivilegeWithdrawn => Self::PrivilegeWithdrawn,
            CrlReason::AaCompromise => Self::AaCompromise,
        }
    }
}

/// The status of one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertStatus {
    /// Not revoked.
    Good,
    /// Revoked (or on hold) since `since`.
    Revoked {
        /// The revocation time.
        since: DateTime<Utc>,
        /// The reason, if given.
        reason: Option<RevocationReason>,
    },
    /// The responder does not know the certificate.
    Unknown,
}

impl CertStatus {
    /// Whether this is the "non-issued" answer of RFC 6960 §2.2: revoked on hold at the epoch.
    #[must_use]
    pub fn is_non_issued(&self) -> bool {
        matches!(self, Self::Revoked { since, reason: Some(RevocationReason::CertificateHold) } if since.timestamp() == 0)
    }
}

/// The responder's answer about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleResponse {
    /// Which certificate.
    pub cert_id: CertId,
    /// Its status.
    pub status: CertStatus,
    /// When the status was known to be correct.
    pub this_update: DateTime<Utc>,
    /// When newer information will be available, if said.
    pub next_update: Option<DateTime<Utc>>,
}

/// How the responder names itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponderId {
    /// By its subject name.
    ByName {
        /// The name's DER.
        der: Vec<u8>,
        /// The name as text.
        text: String,
    },
    /// By the SHA-1 hash of its public key.
    ByKey(Vec<u8>),
}

impl ResponderId {
    pub(super) fn from_ocsp(r: &ocsp::ResponderId) -> Result<Self, PkiError> {
        Ok(match r {
            ocsp::ResponderId::ByName(name) => Self::ByName {
                der: name.to_der().map_err(|e| PkiError::parse("OCSP responder name", e))?,
                text: name.to_string(),
            },
            ocsp::ResponderId::ByKey(hash) => Self::ByKey(hash.as_bytes().to_vec()),
        })
    }

    /// Whether it names `cert`.
    #[must_use]
    pub fn names(&self, cert: &Certificate) -> bool {
        match self {
            Self::ByName { der, .. } => cert.subject_der().is_ok_and(|s| &s == der),
            Self::ByKey(hash) => Sha1::digest(cert.public_key().2).as_slice() == hash.as_slice(),
        }
    }

    pub(super) fn label(&self) -> String {
        match self {
            Self::ByName { text, .. } => text.clone(),
            Self::ByKey(hash) => format!("key {}", hex(hash)),
        }
    }
}
