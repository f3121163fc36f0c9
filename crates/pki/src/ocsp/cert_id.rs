//! The `CertID` that names a certificate in OCSP: the hashes of its issuer's name and key, and
//! its serial number.

use der::asn1::{AnyRef, Null, ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode};
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp as ocsp;

use crate::cert::Certificate;
use crate::error::PkiError;

const SHA1_OID: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256_OID: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");

/// The hash of a `CertID` (of the issuer's name and key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertIdHash {
    /// SHA-1, the RFC 6960 default.
    Sha1,
    /// SHA-256: what the NCA responder's recorded responses use.
    #[default]
    Sha256,
}

impl CertIdHash {
    /// The hash algorithm's object identifier.
    #[must_use]
    pub fn oid(self) -> Oid {
        match self {
            Self::Sha1 => SHA1_OID,
            Self::Sha256 => SHA256_OID,
        }
    }

    /// The algorithm named by `oid`, if it is one of these.
    #[must_use]
    pub fn from_oid(oid: Oid) -> Option<Self> {
        if oid == SHA1_OID {
            Some(Self::Sha1)
        } else if oid == SHA256_OID {
            Some(Self::Sha256)
        } else {
            None
        }
    }

    pub(super) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
        }
    }
}

/// Which certificate a request or a single response is about: hashes of its issuer's name and
/// public key, and its serial number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertId {
    /// The hash algorithm of the two hashes.
    pub hash_algorithm: Oid,
    /// The hash of the issuer's name (DER).
    pub issuer_name_hash: Vec<u8>,
    /// The hash of the issuer's public key (the BIT STRING's bytes).
    pub issuer_key_hash: Vec<u8>,
    /// The serial number (the INTEGER's bytes, as [`Certificate::serial_bytes`]).
    pub serial: Vec<u8>,
}

impl CertId {
    /// The `CertID` of `cert`, issued by `issuer`, hashed with `hash`.
    pub fn new(cert: &Certificate, issuer: &Certificate, hash: CertIdHash) -> Result<Self, PkiError> {
        if cert.issuer_der()? != issuer.subject_der()? {
            return Err(PkiError::OcspMismatch(format!(
                "the certificate of {}: {} did not issue it",
                cert.subject_label(),
                issuer.subject_label()
            )));
        }
        let (name_hash, key_hash) = issuer_hashes(issuer, hash)?;
        Ok(Self {
            hash_algorithm: hash.oid(),
            issuer_name_hash: name_hash,
            issuer_key_hash: key_hash,
            serial: cert.serial_bytes().to_vec(),
        })
    }

    pub(super) fn from_ocsp(id: &ocsp::CertId) -> Self {
        Self {
            hash_algorithm: id.hash_algorithm.oid,
            issuer_name_hash: id.issuer_name_hash.as_bytes().to_vec(),
            issuer_key_hash: id.issuer_key_hash.as_bytes().to_vec(),
            serial: id.serial_number.as_bytes().to_vec(),
        }
    }

    pub(super) fn to_ocsp(&self) -> Result<ocsp::CertId, PkiError> {
        let err = |e: der::Error| PkiError::parse("OCSP CertID", e);
        Ok(ocsp::CertId {
            hash_algorithm: AlgorithmIdentifierOwned { oid: self.hash_algorithm, parameters: Some(Null.into()) },
            issuer_name_hash: OctetString::new(self.issuer_name_hash.clone()).map_err(err)?,
            issuer_key_hash: OctetString::new(self.issuer_key_hash.clone()).map_err(err)?,
            serial_number: SerialNumber::from_der(
                &AnyRef::new(der::Tag::Integer, &self.serial).map_err(err)?.to_der().map_err(err)?,
            )
            .map_err(err)?,
        })
    }

    /// The serial number in upper-case hex (as [`Certificate::serial`]).
    #[must_use]
    pub fn serial_hex(&self) -> String {
        hex(&self.serial)
    }

    /// Whether the hashes are those of `issuer` (false for a hash algorithm not understood).
    #[must_use]
    pub fn matches_issuer(&self, issuer: &Certificate) -> bool {
        CertIdHash::from_oid(self.hash_algorithm)
            .and_then(|h| issuer_hashes(issuer, h).ok())
            .is_some_and(|(name, key)| name == self.issuer_name_hash && key == self.issuer_key_hash)
    }

    /// Whether it names `cert` issued by `issuer`.
    #[must_use]
    pub fn matches(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        self.serial == cert.serial_bytes() && self.matches_issuer(issuer)
    }
}

pub(super) fn issuer_hashes(issuer: &Certificate, hash: CertIdHash) -> Result<(Vec<u8>, Vec<u8>), PkiError> {
    let (_, _, key) = issuer.public_key();
    Ok((hash.digest(&issuer.subject_der()?), hash.digest(key)))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02X}");
        out
    })
}
