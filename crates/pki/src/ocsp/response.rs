//! OCSP responses: parsed, and verified (the responder's signature and authorization, the
//! nonce, the freshness at an instant).

use chrono::{DateTime, TimeDelta, Utc};
use der::asn1::{AnyRef, ObjectIdentifier as Oid};
use der::{Decode, Encode, Header, SliceReader};
use x509_cert::Certificate as X509;
use x509_ocsp as ocsp;

use crate::cert::Certificate;
use crate::error::PkiError;
use crate::verify::{certificate as verify_certificate, signed_by};

const BASIC_RESPONSE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
const OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");

use super::cert_id::CertId;
use super::request::{OcspRequest, nonce_of};
use super::status::{CertStatus, ResponderId, ResponseStatus, RevocationReason, SingleResponse};

/// The signed part of a successful response.
#[derive(Debug, Clone)]
pub(super) struct Basic {
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

pub(super) fn add(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(if d < TimeDelta::zero() {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// The certificate that signed the response, authorized by `issuer`.
pub(super) fn responder<'a>(
    basic: &'a Basic,
    issuer: &'a Certificate,
    at: DateTime<Utc>,
) -> Result<&'a Certificate, PkiError> {
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
pub(super) fn is_ocsp_signer(cert: &Certificate) -> bool {
    let Ok(x509) = X509::from_der(cert.der()) else { return false };
    x509.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == EXTENDED_KEY_USAGE)
        .filter_map(|e| x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .any(|eku| eku.0.contains(&OCSP_SIGNING))
}

pub(super) fn parse_basic(der: &[u8]) -> Result<Basic, PkiError> {
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
pub(super) fn first_element(der: &[u8]) -> Result<Vec<u8>, der::Error> {
    let mut reader = SliceReader::new(der)?;
    let header = Header::decode(&mut reader)?;
    header.tag.assert_eq(der::Tag::Sequence)?;
    let first = AnyRef::decode(&mut reader)?;
    first.to_der()
}

pub(super) fn time(t: ocsp::OcspGeneralizedTime) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::try_from(t.0.to_unix_duration().as_secs()).unwrap_or(i64::MAX), 0).unwrap_or_default()
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
    pub(super) responder: String,
    pub(super) produced_at: DateTime<Utc>,
    pub(super) responses: Vec<SingleResponse>,
    pub(super) valid_until: DateTime<Utc>,
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
