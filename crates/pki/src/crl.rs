//! Certificate revocation lists: signature checked against the issuing CA, freshness by this and
//! next update, and the revocation date of a serial number.

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use x509_cert::crl::CertificateList;

use crate::cert::Certificate;
use crate::error::PkiError;
use crate::verify::signed_by;

/// A parsed CRL and its DER.
#[derive(Debug, Clone)]
pub struct Crl {
    inner: CertificateList,
}

fn to_chrono(t: x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX), 0).unwrap_or_default()
}

impl Crl {
    /// Reads a DER CRL.
    pub fn parse(der: &[u8]) -> Result<Self, PkiError> {
        Ok(Self { inner: CertificateList::from_der(der).map_err(|e| PkiError::parse("CRL", e))? })
    }

    /// The issuer name in DER.
    pub fn issuer_der(&self) -> Result<Vec<u8>, PkiError> {
        self.inner.tbs_cert_list.issuer.to_der().map_err(|e| PkiError::parse("CRL issuer", e))
    }

    /// This update.
    #[must_use]
    pub fn this_update(&self) -> DateTime<Utc> {
        to_chrono(self.inner.tbs_cert_list.this_update)
    }

    /// Next update, if given.
    #[must_use]
    pub fn next_update(&self) -> Option<DateTime<Utc>> {
        self.inner.tbs_cert_list.next_update.map(to_chrono)
    }

    /// Whether the CRL speaks for the instant `at`: its next update is not before `at`. A CRL
    /// issued after `at` covers it too (it lists every revocation, each with its date, which is
    /// compared with `at`); one whose next update has passed is stale.
    #[must_use]
    pub fn is_fresh(&self, at: DateTime<Utc>) -> bool {
        self.next_update().is_none_or(|n| at <= n)
    }

    /// Number of revoked certificates listed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.inner.tbs_cert_list.revoked_certificates.as_ref().map_or(0, Vec::len)
    }

    /// Whether it lists no certificate.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks the CRL's signature with its issuer's key.
    pub fn verify(&self, issuer: &Certificate) -> Result<(), PkiError> {
        let tbs = self.inner.tbs_cert_list.to_der().map_err(|e| PkiError::parse("tbsCertList", e))?;
        signed_by(self.inner.signature_algorithm.oid, &tbs, self.inner.signature.raw_bytes(), issuer, "the CRL")
    }

    /// When the certificate with `serial` was revoked, if it is listed.
    #[must_use]
    pub fn revoked(&self, serial: &[u8]) -> Option<DateTime<Utc>> {
        self.inner
            .tbs_cert_list
            .revoked_certificates
            .as_ref()?
            .iter()
            .find(|r| r.serial_number.as_bytes() == serial)
            .map(|r| to_chrono(r.revocation_date))
    }
}
