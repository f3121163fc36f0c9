//! OCSP (RFC 6960): requests built for a certificate and its issuer (with an optional nonce),
//! responses parsed and checked (the responder's signature and authorization, the nonce, the
//! freshness at an instant), and a cache of verified responses until their next update.
//!
//! No IO and no clock: the nonce bytes, the instant of validity and the cache's "now" are
//! arguments. The NCA test responder answers `CertIDs` hashed with SHA-256 (its recorded
//! responses echo them), so SHA-256 is the default; SHA-1 is understood too.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use der::asn1::{AnyRef, Null, ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode, Header, SliceReader};
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::Certificate as X509;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::crl::CrlReason;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp as ocsp;

use crate::cert::Certificate;
use crate::error::PkiError;
use crate::verify::{certificate as verify_certificate, signed_by};

const SHA1_OID: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256_OID: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const BASIC_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");
const EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
const OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");

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

    fn digest(self, data: &[u8]) -> Vec<u8> {
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

    fn from_ocsp(id: &ocsp::CertId) -> Self {
        Self {
            hash_algorithm: id.hash_algorithm.oid,
            issuer_name_hash: id.issuer_name_hash.as_bytes().to_vec(),
            issuer_key_hash: id.issuer_key_hash.as_bytes().to_vec(),
            serial: id.serial_number.as_bytes().to_vec(),
        }
    }

    fn to_ocsp(&self) -> Result<ocsp::CertId, PkiError> {
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

fn issuer_hashes(issuer: &Certificate, hash: CertIdHash) -> Result<(Vec<u8>, Vec<u8>), PkiError> {
    let (_, _, key) = issuer.public_key();
    Ok((hash.digest(&issuer.subject_der()?), hash.digest(key)))
}

/// An OCSP request (unsigned) for one certificate, with an optional nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspRequest {
    cert_ids: Vec<CertId>,
    nonce: Option<Vec<u8>>,
    der: Vec<u8>,
}

impl OcspRequest {
    /// A request for the status of `cert`, issued by `issuer`, its `CertID` hashed with `hash`;
    /// with a nonce extension carrying `nonce` (RFC 8954: 1 to 32 bytes, chosen by the caller).
    pub fn new(
        cert: &Certificate,
        issuer: &Certificate,
        hash: CertIdHash,
        nonce: Option<&[u8]>,
    ) -> Result<Self, PkiError> {
        let id = CertId::new(cert, issuer, hash)?;
        let err = |e: der::Error| PkiError::parse("OCSP request", e);
        let request_extensions = match nonce {
            Some(n) => {
                let value = OctetString::new(n).map_err(err)?.to_der().map_err(err)?;
                Some(vec![Extension {
                    extn_id: NONCE,
                    critical: false,
                    extn_value: OctetString::new(value).map_err(err)?,
                }])
            }
            None => None,
        };
        let request = ocsp::OcspRequest {
            tbs_request: ocsp::TbsRequest {
                version: ocsp::Version::V1,
                requestor_name: None,
                request_list: vec![ocsp::Request { req_cert: id.to_ocsp()?, single_request_extensions: None }],
                request_extensions,
            },
            optional_signature: None,
        };
        let der = request.to_der().map_err(err)?;
        Ok(Self { cert_ids: vec![id], nonce: nonce.map(<[u8]>::to_vec), der })
    }

    /// Reads a DER OCSP request.
    pub fn parse(der: &[u8]) -> Result<Self, PkiError> {
        let request = ocsp::OcspRequest::from_der(der).map_err(|e| PkiError::parse("OCSP request", e))?;
        let tbs = &request.tbs_request;
        Ok(Self {
            cert_ids: tbs.request_list.iter().map(|r| CertId::from_ocsp(&r.req_cert)).collect(),
            nonce: tbs.request_extensions.as_deref().and_then(nonce_of),
            der: der.to_vec(),
        })
    }

    /// The DER to send (POST body, `application/ocsp-request`).
    #[must_use]
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificates asked about.
    #[must_use]
    pub fn cert_ids(&self) -> &[CertId] {
        &self.cert_ids
    }

    /// The nonce sent, if any.
    #[must_use]
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }
}

/// The nonce of an extension list: the OCTET STRING inside `extnValue` (or the raw value, for
/// responders that do not wrap it).
fn nonce_of(extensions: &[Extension]) -> Option<Vec<u8>> {
    let value = extensions.iter().find(|e| e.extn_id == NONCE)?.extn_value.as_bytes();
    Some(OctetString::from_der(value).map_or_else(|_| value.to_vec(), |o| o.as_bytes().to_vec()))
}

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
    fn from_ocsp(s: ocsp::OcspResponseStatus) -> Self {
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
    fn from_crl(r: CrlReason) -> Self {
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
    fn from_ocsp(r: &ocsp::ResponderId) -> Result<Self, PkiError> {
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

    fn label(&self) -> String {
        match self {
            Self::ByName { text, .. } => text.clone(),
            Self::ByKey(hash) => format!("key {}", hex(hash)),
        }
    }
}

/// The signed part of a successful response.
#[derive(Debug, Clone)]
struct Basic {
    tbs_der: Vec<u8>,
    signature_algorithm: Oid,
    signature: Vec<u8>,
    produced_at: DateTime<Utc>,
    responder: ResponderId,
    responses: Vec<SingleResponse>,
    nonce: Option<Vec<u8>>,
    certs: Vec<Certificate>,
}

/// A parsed OCSP response.
#[derive(Debug, Clone)]
pub struct OcspResponse {
    status: ResponseStatus,
    basic: Option<Basic>,
    der: Vec<u8>,
}

impl OcspResponse {
    /// Reads a DER OCSP response. A response whose status is not `successful` parses (with no
    /// data); a successful one must hold a basic response.
    pub fn parse(der: &[u8]) -> Result<Self, PkiError> {
        let perr = |e: der::Error| PkiError::parse("OCSP response", e);
        let outer = ocsp::OcspResponse::from_der(der).map_err(perr)?;
        let status = ResponseStatus::from_ocsp(outer.response_status);
        let basic = match (status, outer.response_bytes) {
            (ResponseStatus::Successful, Some(bytes)) => {
                if bytes.response_type != BASIC_RESPONSE {
                    return Err(PkiError::parse(
                        "OCSP response",
                        format!("response type {} is not the basic response", bytes.response_type),
                    ));
                }
                Some(parse_basic(bytes.response.as_bytes())?)
            }
            (ResponseStatus::Successful, None) => {
                return Err(PkiError::parse("OCSP response", "a successful response without responseBytes"));
            }
            (_, _) => None,
        };
        Ok(Self { status, basic, der: der.to_vec() })
    }

    /// The response's DER.
    #[must_use]
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The responder's answer to the request as a whole.
    #[must_use]
    pub fn status(&self) -> ResponseStatus {
        self.status
    }

    /// When the response was signed (successful responses only).
    #[must_use]
    pub fn produced_at(&self) -> Option<DateTime<Utc>> {
        self.basic.as_ref().map(|b| b.produced_at)
    }

    /// How the responder names itself (successful responses only).
    #[must_use]
    pub fn responder_id(&self) -> Option<&ResponderId> {
        self.basic.as_ref().map(|b| &b.responder)
    }

    /// The answers about each certificate (empty unless successful).
    #[must_use]
    pub fn responses(&self) -> &[SingleResponse] {
        self.basic.as_ref().map_or(&[], |b| &b.responses)
    }

    /// The nonce echoed, if any.
    #[must_use]
    pub fn nonce(&self) -> Option<&[u8]> {
        self.basic.as_ref().and_then(|b| b.nonce.as_deref())
    }

    /// The certificates included (normally the responder's).
    #[must_use]
    pub fn certificates(&self) -> &[Certificate] {
        self.basic.as_ref().map_or(&[], |b| &b.certs)
    }

    /// The signature algorithm (successful responses only).
    #[must_use]
    pub fn signature_algorithm(&self) -> Option<Oid> {
        self.basic.as_ref().map(|b| b.signature_algorithm)
    }

    /// The answer about `cert` issued by `issuer`, if the response has one.
    #[must_use]
    pub fn status_of(&self, cert: &Certificate, issuer: &Certificate) -> Option<&SingleResponse> {
        self.responses().iter().find(|r| r.cert_id.matches(cert, issuer))
    }

    /// Checks the response for the certificates of `issuer` at `at`: it is successful; it is
    /// signed by `issuer` itself or by a responder certificate included in it that `issuer`
    /// signed for OCSP signing (extended key usage `id-kp-OCSPSigning`) and that is valid at
    /// `at`; it carries the nonce of `options`, if one was sent; and each answer about a
    /// certificate of `issuer` is current at `at`: `thisUpdate <= at` and `at <= nextUpdate`,
    /// or, without `nextUpdate`, `at <= producedAt + max_age` (both within `clock_skew`).
    ///
    /// Signatures [`signed_by`] does not verify (GOST 34.310-2004) give
    /// [`PkiError::UnsupportedAlgorithm`]. The answers about other issuers' certificates are
    /// dropped.
    pub fn verify(
        &self,
        issuer: &Certificate,
        at: DateTime<Utc>,
        options: &OcspOptions,
    ) -> Result<VerifiedOcsp, PkiError> {
        let Some(basic) = self.basic.as_ref().filter(|_| self.status == ResponseStatus::Successful) else {
            return Err(PkiError::OcspUnsuccessful(self.status.name().to_owned()));
        };
        let responses: Vec<SingleResponse> =
            basic.responses.iter().filter(|r| r.cert_id.matches_issuer(issuer)).cloned().collect();
        if responses.is_empty() {
            return Err(PkiError::OcspMismatch(format!("the certificates of {}", issuer.subject_label())));
        }
        let signer = responder(basic, issuer, at)?;
        signed_by(basic.signature_algorithm, &basic.tbs_der, &basic.signature, signer, "the OCSP response")?;
        if let Some(sent) = &options.nonce
            && basic.nonce.as_ref() != Some(sent)
        {
            return Err(PkiError::OcspNonce);
        }
        let mut valid_until = DateTime::<Utc>::MAX_UTC;
        for r in &responses {
            if r.this_update > add(at, options.clock_skew) {
                return Err(PkiError::OcspPremature { this_update: r.this_update, at });
            }
            let until = r.next_update.unwrap_or_else(|| add(basic.produced_at, options.max_age));
            if at > add(until, options.clock_skew) {
                return Err(PkiError::OcspStale { until, at });
            }
            valid_until = valid_until.min(until);
        }
        Ok(VerifiedOcsp { responder: signer.subject_label(), produced_at: basic.produced_at, responses, valid_until })
    }
}

fn add(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(if d < TimeDelta::zero() {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// The certificate that signed the response, authorized by `issuer`.
fn responder<'a>(basic: &'a Basic, issuer: &'a Certificate, at: DateTime<Utc>) -> Result<&'a Certificate, PkiError> {
    if basic.responder.names(issuer) {
        return Ok(issuer);
    }
    let mut why = format!(
        "{} is neither {} nor among the included certificates",
        basic.responder.label(),
        issuer.subject_label()
    );
    for cert in basic.certs.iter().filter(|c| basic.responder.names(c)) {
        if cert.issuer_der()? != issuer.subject_der()? {
            why = format!("{} was not issued by {}", cert.subject_label(), issuer.subject_label());
            continue;
        }
        // An algorithm that cannot be verified is reported as such, a bad signature as itself.
        verify_certificate(cert, issuer)?;
        if !is_ocsp_signer(cert) {
            why = format!("{} is not authorized for OCSP signing", cert.subject_label());
            continue;
        }
        cert.check_validity(at)?;
        return Ok(cert);
    }
    Err(PkiError::OcspResponder(why))
}

/// Whether the extended key usage of `cert` includes `id-kp-OCSPSigning`.
fn is_ocsp_signer(cert: &Certificate) -> bool {
    let Ok(x509) = X509::from_der(cert.der()) else { return false };
    x509.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == EXTENDED_KEY_USAGE)
        .filter_map(|e| x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .any(|eku| eku.0.contains(&OCSP_SIGNING))
}

fn parse_basic(der: &[u8]) -> Result<Basic, PkiError> {
    let perr = |e: der::Error| PkiError::parse("basic OCSP response", e);
    let basic = ocsp::BasicOcspResponse::from_der(der).map_err(perr)?;
    let tbs_der = first_element(der).map_err(perr)?;
    let data = &basic.tbs_response_data;
    let responses = data
        .responses
        .iter()
        .map(|r| SingleResponse {
            cert_id: CertId::from_ocsp(&r.cert_id),
            status: match r.cert_status {
                ocsp::CertStatus::Good(_) => CertStatus::Good,
                ocsp::CertStatus::Revoked(info) => CertStatus::Revoked {
                    since: time(info.revocation_time),
                    reason: info.revocation_reason.map(RevocationReason::from_crl),
                },
                ocsp::CertStatus::Unknown(_) => CertStatus::Unknown,
            },
            this_update: time(r.this_update),
            next_update: r.next_update.map(time),
        })
        .collect();
    let certs = basic
        .certs
        .iter()
        .flatten()
        .map(|c| c.to_der().map_err(perr).and_then(|d| Certificate::from_der(&d)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Basic {
        tbs_der,
        signature_algorithm: basic.signature_algorithm.oid,
        signature: basic.signature.raw_bytes().to_vec(),
        produced_at: time(data.produced_at),
        responder: ResponderId::from_ocsp(&data.responder_id)?,
        responses,
        nonce: data.response_extensions.as_deref().and_then(nonce_of),
        certs,
    })
}

/// The exact DER of the first element of the SEQUENCE `der` (the signed `tbsResponseData`).
fn first_element(der: &[u8]) -> Result<Vec<u8>, der::Error> {
    let mut reader = SliceReader::new(der)?;
    let header = Header::decode(&mut reader)?;
    header.tag.assert_eq(der::Tag::Sequence)?;
    let first = AnyRef::decode(&mut reader)?;
    first.to_der()
}

fn time(t: ocsp::OcspGeneralizedTime) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::try_from(t.0.to_unix_duration().as_secs()).unwrap_or(i64::MAX), 0).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02X}");
        out
    })
}

/// What a response must satisfy besides its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspOptions {
    /// The nonce sent in the request: the response must echo it.
    pub nonce: Option<Vec<u8>>,
    /// How long after its `producedAt` a response without `nextUpdate` is current (the NCA
    /// responder gives no `nextUpdate`). Default: one hour.
    pub max_age: TimeDelta,
    /// Tolerance between the responder's clock and ours. Default: five minutes.
    pub clock_skew: TimeDelta,
}

impl Default for OcspOptions {
    fn default() -> Self {
        Self { nonce: None, max_age: TimeDelta::hours(1), clock_skew: TimeDelta::minutes(5) }
    }
}

impl OcspOptions {
    /// The defaults, with the nonce of `request` (if it sent one).
    #[must_use]
    pub fn for_request(request: &OcspRequest) -> Self {
        Self { nonce: request.nonce.clone(), ..Self::default() }
    }

    /// The same, with maximum age `max_age`.
    #[must_use]
    pub fn with_max_age(self, max_age: TimeDelta) -> Self {
        Self { max_age, ..self }
    }
}

/// An OCSP response whose signature, responder, nonce and freshness were checked for the
/// certificates of one issuer; only the answers about that issuer's certificates are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedOcsp {
    responder: String,
    produced_at: DateTime<Utc>,
    responses: Vec<SingleResponse>,
    valid_until: DateTime<Utc>,
}

impl VerifiedOcsp {
    /// Who signed it.
    #[must_use]
    pub fn responder(&self) -> &str {
        &self.responder
    }

    /// When it was signed.
    #[must_use]
    pub fn produced_at(&self) -> DateTime<Utc> {
        self.produced_at
    }

    /// The answers about the issuer's certificates.
    #[must_use]
    pub fn responses(&self) -> &[SingleResponse] {
        &self.responses
    }

    /// Until when it speaks: the earliest `nextUpdate`, or `producedAt` plus the maximum age.
    #[must_use]
    pub fn valid_until(&self) -> DateTime<Utc> {
        self.valid_until
    }

    /// The answer about `cert` issued by `issuer`, if it has one.
    #[must_use]
    pub fn status_of(&self, cert: &Certificate, issuer: &Certificate) -> Option<&SingleResponse> {
        self.responses.iter().find(|r| r.cert_id.matches(cert, issuer))
    }
}

/// Verified OCSP responses kept until they stop being current, keyed by (issuer key hash,
/// serial number). The instant "now" is an argument.
#[derive(Debug, Clone, Default)]
pub struct OcspCache {
    entries: HashMap<(Vec<u8>, Vec<u8>), VerifiedOcsp>,
}

impl OcspCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `response` for each certificate it answers about, unless it is no longer current at
    /// `now` or a response produced later is already kept. Returns whether it was kept.
    pub fn insert(&mut self, response: &VerifiedOcsp, now: DateTime<Utc>) -> bool {
        if now > response.valid_until {
            return false;
        }
        let mut kept = false;
        for r in &response.responses {
            let key = (r.cert_id.issuer_key_hash.clone(), r.cert_id.serial.clone());
            if self.entries.get(&key).is_some_and(|old| old.produced_at > response.produced_at) {
                continue;
            }
            self.entries.insert(key, response.clone());
            kept = true;
        }
        kept
    }

    /// A response current at `now` about the certificate `id` names.
    #[must_use]
    pub fn get_by_id(&self, id: &CertId, now: DateTime<Utc>) -> Option<&VerifiedOcsp> {
        self.entries
            .get(&(id.issuer_key_hash.clone(), id.serial.clone()))
            .filter(|v| now <= v.valid_until && v.responses.iter().any(|r| r.cert_id == *id))
    }

    /// A response current at `now` about `cert` issued by `issuer`.
    #[must_use]
    pub fn get(&self, cert: &Certificate, issuer: &Certificate, now: DateTime<Utc>) -> Option<&VerifiedOcsp> {
        [CertIdHash::Sha256, CertIdHash::Sha1].into_iter().find_map(|hash| {
            let (_, key_hash) = issuer_hashes(issuer, hash).ok()?;
            self.entries
                .get(&(key_hash, cert.serial_bytes().to_vec()))
                .filter(|v| now <= v.valid_until && v.status_of(cert, issuer).is_some())
        })
    }

    /// Drops the responses no longer current at `now`; returns how many entries were dropped.
    pub fn purge(&mut self, now: DateTime<Utc>) -> usize {
        let before = self.entries.len();
        self.entries.retain(|_, v| now <= v.valid_until);
        before - self.entries.len()
    }

    /// The number of (issuer, serial) entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
