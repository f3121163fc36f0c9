//! What the test CA says about the certificates it issued: a signed CRL listing the revoked ones,
//! and signed OCSP responses (RFC 6960 basic responses, the responder being the CA itself).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Oid, TestCa, signature_algorithm};
use crate::encode::{self, extension, generalized_time, oid, seq, tlv};
use crate::error::PkiError;
use crate::ocsp::{CertId, OcspRequest, RevocationReason};

const CRL_NUMBER: Oid = Oid::new_unwrap("2.5.29.20");
const CRL_REASON: Oid = Oid::new_unwrap("2.5.29.21");
const DELTA_CRL_INDICATOR: Oid = Oid::new_unwrap("2.5.29.27");
const BASIC_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");

/// A revocation: since when, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Revocation {
    /// The revocation instant.
    pub since: DateTime<Utc>,
    /// The reason, if stated.
    pub reason: Option<RevocationReason>,
}

/// A certificate the CA issued, by serial number, and its revocation if any: the one source of
/// both the CRL and the OCSP answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issued {
    /// The serial number's INTEGER content bytes (as [`Certificate::serial_bytes`](crate::Certificate::serial_bytes)).
    pub serial: Vec<u8>,
    /// Its revocation, if revoked.
    pub revoked: Option<Revocation>,
}

/// The CRL reason code (RFC 5280 §5.3.1).
fn reason_code(reason: RevocationReason) -> u8 {
    match reason {
        RevocationReason::Unspecified => 0,
        RevocationReason::KeyCompromise => 1,
        RevocationReason::CaCompromise => 2,
        RevocationReason::AffiliationChanged => 3,
        RevocationReason::Superseded => 4,
        RevocationReason::CessationOfOperation => 5,
        RevocationReason::CertificateHold => 6,
        RevocationReason::RemoveFromCrl => 8,
        RevocationReason::PrivilegeWithdrawn => 9,
        RevocationReason::AaCompromise => 10,
    }
}

impl TestCa {
    /// A v2 CRL (DER) listing the revoked certificates of `issued`, with CRL number `number`,
    /// `this_update` and `next_update`, signed by the CA.
    pub fn crl(
        &self,
        issued: &[Issued],
        number: u64,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> Result<Vec<u8>, PkiError> {
        self.any_crl(issued, number, None, this_update, next_update)
    }

    /// A delta CRL (DER, RFC 5280 §5.2.4) with CRL number `number` updating the complete CRL
    /// numbered `base` (its critical `deltaCRLIndicator`), listing the changes in `changes`: each
    /// certificate revoked or put on hold since, and each taken off hold (reason
    /// [`RevocationReason::RemoveFromCrl`]); `this_update` and `next_update` (usually much
    /// closer than a complete CRL's), signed by the CA.
    pub fn delta_crl(
        &self,
        changes: &[Issued],
        number: u64,
        base: u64,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> Result<Vec<u8>, PkiError> {
        self.any_crl(changes, number, Some(base), this_update, next_update)
    }

    fn any_crl(
        &self,
        issued: &[Issued],
        number: u64,
        delta_base: Option<u64>,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> Result<Vec<u8>, PkiError> {
        let mut entries = Vec::new();
        for item in issued {
            let Some(revocation) = item.revoked else { continue };
            let mut entry = vec![tlv(0x02, &item.serial), encode::time(revocation.since)?];
            if let Some(reason) = revocation.reason {
                entry.push(tlv(0x30, &extension(CRL_REASON, false, &tlv(0x0a, &[reason_code(reason)]))));
            }
            entries.push(tlv(0x30, &entry.concat()));
        }
        let mut tbs = vec![
            encode::uint(1),
            signature_algorithm(),
            self.name.clone(),
            encode::time(this_update)?,
            encode::time(next_update)?,
        ];
        if !entries.is_empty() {
            tbs.push(tlv(0x30, &entries.concat()));
        }
        let mut extensions = vec![self.authority_key_id(), extension(CRL_NUMBER, false, &encode::uint(number))];
        if let Some(base) = delta_base {
            extensions.push(extension(DELTA_CRL_INDICATOR, true, &encode::uint(base)));
        }
        tbs.push(tlv(0xa0, &tlv(0x30, &extensions.concat())));
        let tbs = tlv(0x30, &tbs.concat());
        let signature = self.sign(&tbs)?;
        Ok(seq(&[&tbs, &signature_algorithm(), &encode::bits(&signature)]))
    }

    /// A successful OCSP response (DER) to `request`, signed by the CA and naming it by name,
    /// produced at `produced_at` (also each answer's `thisUpdate`), with `next_update` if given
    /// (the NCA responder gives none: verifiers then allow a maximum age), echoing the request's
    /// nonce. Each certificate asked about is answered
    /// from `issued`: revoked (with time and reason), good, or — for a serial of this CA that it
    /// never issued — "revoked on hold at the epoch" (RFC 6960 §2.2); a certificate of another
    /// issuer is `unknown`.
    pub fn respond(
        &self,
        request: &OcspRequest,
        issued: &[Issued],
        produced_at: DateTime<Utc>,
        next_update: Option<DateTime<Utc>>,
    ) -> Result<Vec<u8>, PkiError> {
        let at = generalized_time(produced_at)?;
        let next = match next_update {
            Some(t) => tlv(0xa0, &generalized_time(t)?),
            None => Vec::new(),
        };
        let mut answers = Vec::new();
        for id in request.cert_ids() {
            let status = if id.matches_issuer(&self.certificate) {
                match issued.iter().find(|i| i.serial == id.serial) {
                    Some(Issued { revoked: Some(r), .. }) => revoked(r.since, r.reason)?,
                    Some(Issued { revoked: None, .. }) => tlv(0x80, &[]),
                    None => revoked(DateTime::UNIX_EPOCH, Some(RevocationReason::CertificateHold))?,
                }
            } else {
                tlv(0x82, &[])
            };
            answers.push(seq(&[&cert_id(id), &status, &at, &next]));
        }
        let mut data = vec![tlv(0xa1, &self.name), at.clone(), tlv(0x30, &answers.concat())];
        if let Some(nonce) = request.nonce() {
            data.push(tlv(0xa1, &tlv(0x30, &extension(NONCE, false, &encode::octets(nonce)))));
        }
        let tbs = tlv(0x30, &data.concat());
        let signature = self.sign(&tbs)?;
        let basic = seq(&[&tbs, &signature_algorithm(), &encode::bits(&signature)]);
        Ok(seq(&[&tlv(0x0a, &[0]), &tlv(0xa0, &seq(&[&oid(BASIC_RESPONSE), &encode::octets(&basic)]))]))
    }

    /// Answers a DER OCSP request as the NCA responder does (no `nextUpdate`):
    /// [`TestCa::respond`], or a `malformedRequest` response when the bytes are not an OCSP
    /// request.
    pub fn respond_to_der(
        &self,
        request: &[u8],
        issued: &[Issued],
        produced_at: DateTime<Utc>,
    ) -> Result<Vec<u8>, PkiError> {
        match OcspRequest::parse(request) {
            Ok(request) => self.respond(&request, issued, produced_at, None),
            Err(_) => Ok(seq(&[&tlv(0x0a, &[1])])),
        }
    }
}

/// `CertID` as asked (its hash algorithm with NULL parameters).
fn cert_id(id: &CertId) -> Vec<u8> {
    seq(&[
        &seq(&[&oid(id.hash_algorithm), &tlv(0x05, &[])]),
        &encode::octets(&id.issuer_name_hash),
        &encode::octets(&id.issuer_key_hash),
        &tlv(0x02, &id.serial),
    ])
}

/// `revoked [1] IMPLICIT RevokedInfo { revocationTime, [0] EXPLICIT CRLReason OPTIONAL }`.
fn revoked(since: DateTime<Utc>, reason: Option<RevocationReason>) -> Result<Vec<u8>, PkiError> {
    let mut info = generalized_time(since)?;
    if let Some(reason) = reason {
        info.extend(tlv(0xa0, &tlv(0x0a, &[reason_code(reason)])));
    }
    Ok(tlv(0xa1, &info))
}
