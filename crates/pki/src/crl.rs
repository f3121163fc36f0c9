//! Certificate revocation lists: signature checked against the issuing CA, freshness by this and
//! next update, the CRL number, delta CRLs (RFC 5280 §5.2.4: the number of the complete CRL they
//! update), and each listed serial number's revocation date and reason (§5.3.1, including
//! `certificateHold` and a delta's `removeFromCRL`).

use chrono::{DateTime, Utc};
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::crl::{CertificateList, RevokedCert};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::crl::{BaseCrlNumber, CrlNumber, CrlReason};

use crate::cert::Certificate;
use crate::error::PkiError;
use crate::ocsp::RevocationReason;
use crate::verify::signed_by;

const CRL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.20");
const REASON_CODE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.21");
const INVALIDITY_DATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.24");
const DELTA_CRL_INDICATOR: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.27");
const AUTHORITY_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");

/// One serial number listed by a CRL: since when, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CrlEntry {
    /// The revocation date (for a `removeFromCRL` entry of a delta CRL, the date the CA gives).
    pub since: DateTime<Utc>,
    /// The reason code, if the entry states one that can be read.
    pub reason: Option<RevocationReason>,
}

impl CrlEntry {
    /// Whether the entry takes the certificate off hold (`removeFromCRL`, reason 8: only in a
    /// delta CRL) rather than revoking it.
    #[must_use]
    pub fn is_removal(&self) -> bool {
        self.reason == Some(RevocationReason::RemoveFromCrl)
    }
}

fn reason(r: CrlReason) -> RevocationReason {
    match r {
        CrlReason::Unspecified => RevocationReason::Unspecified,
        CrlReason::KeyCompromise => RevocationReason::KeyCompromise,
        CrlReason::CaCompromise => RevocationReason::CaCompromise,
        CrlReason::AffiliationChanged => RevocationReason::AffiliationChanged,
        CrlReason::Superseded => RevocationReason::Superseded,
        CrlReason::CessationOfOperation => RevocationReason::CessationOfOperation,
        CrlReason::CertificateHold => RevocationReason::CertificateHold,
        CrlReason::RemoveFromCRL => RevocationReason::RemoveFromCrl,
        CrlReason::PrivilegeWithdrawn => RevocationReason::PrivilegeWithdrawn,
        CrlReason::AaCompromise => RevocationReason::AaCompromise,
    }
}

/// The value of a non-negative INTEGER's content bytes, if it fits 128 bits.
fn to_u128(bytes: &[u8]) -> Option<u128> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let bytes = bytes.get(skip..)?;
    if bytes.len() > 16 {
        return None;
    }
    Some(bytes.iter().fold(0_u128, |n, &b| (n << 8) | u128::from(b)))
}

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

    /// The CRL's extension `id`, if present.
    fn extension(&self, id: ObjectIdentifier) -> Option<&Extension> {
        self.inner.tbs_cert_list.crl_extensions.as_ref()?.iter().find(|e| e.extn_id == id)
    }

    /// The CRL number (`cRLNumber`, 2.5.29.20), if present, readable and below 2¹²⁸ (RFC 5280
    /// allows 20 octets; no CA counts that far).
    #[must_use]
    pub fn number(&self) -> Option<u128> {
        let ext = self.extension(CRL_NUMBER)?;
        let number = CrlNumber::from_der(ext.extn_value.as_bytes()).ok()?;
        to_u128(number.0.as_bytes())
    }

    /// For a delta CRL, the number of the complete CRL it updates (`BaseCRLNumber` of the
    /// critical `deltaCRLIndicator`, 2.5.29.27), if readable and below 2¹²⁸.
    #[must_use]
    pub fn delta_base(&self) -> Option<u128> {
        let ext = self.extension(DELTA_CRL_INDICATOR)?;
        let base = BaseCrlNumber::from_der(ext.extn_value.as_bytes()).ok()?;
        to_u128(base.0.as_bytes())
    }

    /// Whether this is a delta CRL (it carries a `deltaCRLIndicator`, readable or not): it lists
    /// only the changes since its base and never speaks for a certificate on its own.
    #[must_use]
    pub fn is_delta(&self) -> bool {
        self.extension(DELTA_CRL_INDICATOR).is_some()
    }

    /// Whether every critical extension of the CRL and of its entries is one this crate
    /// processes (RFC 5280 §5.2: a CRL with any other critical extension, such as a partitioning
    /// issuing distribution point or an indirect CRL's certificate issuer, must not be used).
    #[must_use]
    pub fn is_supported(&self) -> bool {
        let known = |e: &Extension| {
            !e.critical
                || [CRL_NUMBER, DELTA_CRL_INDICATOR, AUTHORITY_KEY_ID, REASON_CODE, INVALIDITY_DATE]
                    .contains(&e.extn_id)
        };
        let tbs = &self.inner.tbs_cert_list;
        tbs.crl_extensions.iter().flatten().all(known)
            && tbs
                .revoked_certificates
                .iter()
                .flatten()
                .flat_map(|r| r.crl_entry_extensions.iter().flatten())
                .all(known)
    }

    /// Checks the CRL's signature with its issuer's key.
    pub fn verify(&self, issuer: &Certificate) -> Result<(), PkiError> {
        let tbs = self.inner.tbs_cert_list.to_der().map_err(|e| PkiError::parse("tbsCertList", e))?;
        signed_by(self.inner.signature_algorithm.oid, &tbs, self.inner.signature.raw_bytes(), issuer, "the CRL")
    }

    /// The entry of the certificate with `serial`, if the CRL lists it.
    #[must_use]
    pub fn entry(&self, serial: &[u8]) -> Option<CrlEntry> {
        let listed: &RevokedCert = self
            .inner
            .tbs_cert_list
            .revoked_certificates
            .as_ref()?
            .iter()
            .find(|r| r.serial_number.as_bytes() == serial)?;
        let reason = listed
            .crl_entry_extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == REASON_CODE)
            .and_then(|e| CrlReason::from_der(e.extn_value.as_bytes()).ok())
            .map(reason);
        Some(CrlEntry { since: to_chrono(listed.revocation_date), reason })
    }

    /// When the certificate with `serial` was revoked (or put on hold), if the CRL lists it as
    /// such; a delta's `removeFromCRL` entry is no revocation.
    #[must_use]
    pub fn revoked(&self, serial: &[u8]) -> Option<DateTime<Utc>> {
        self.entry(serial).filter(|e| !e.is_removal()).map(|e| e.since)
    }
}
