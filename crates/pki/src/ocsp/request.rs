//! OCSP requests: built for a certificate and its issuer, with an optional nonce.

use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode};
use x509_cert::ext::Extension;
use x509_ocsp as ocsp;

use crate::cert::Certificate;
use crate::error::PkiError;

const NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");

use super::cert_id::{CertId, CertIdHash};

/// An OCSP request (unsigned) for one certificate, with an optional nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspRequest {
    pub(super) cert_ids: Vec<CertId>,
    pub(super) nonce: Option<Vec<u8>>,
    pub(super) der: Vec<u8>,
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
pub(super) fn nonce_of(extensions: &[Extension]) -> Option<Vec<u8>> {
    let value = extensions.iter().find(|e| e.extn_id == NONCE)?.extn_value.as_bytes();
    Some(OctetString::from_der(value).map_or_else(|_| value.to_vec(), |o| o.as_bytes().to_vec()))
}
