//! CMS (PKCS#7) SignedData as NCALayer produces it: attached or detached content, signed
//! attributes (content type, message digest, signing time), one or several signers — each
//! signer's signature, certificate chain and revocation checked.

use chrono::{DateTime, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use streebog::{Streebog256, Streebog512};

use crate::cert::{Certificate, Role, Subject};
use crate::error::PkiError;
use crate::oid;
use crate::trust::{Status, Trust, UnknownStatus};
use crate::verify::signed_by;

const SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const STREEBOG256: Oid = Oid::new_unwrap("1.2.398.3.10.1.3.2");
const STREEBOG512: Oid = Oid::new_unwrap("1.2.398.3.10.1.3.3");

/// One verified signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signer {
    /// The signer as the NCA profile writes them.
    pub subject: Subject,
    /// Their roles.
    pub roles: Vec<Role>,
    /// The certificate's serial number (hex).
    pub serial: String,
    /// From the certificate to the trust anchor.
    pub chain: Vec<String>,
    /// Revocation status.
    pub status: Status,
    /// The signing time the signer claims, if any.
    pub signing_time: Option<DateTime<Utc>>,
    /// Whether the certificate is a signing one (digital signature and non-repudiation), not an
    /// authentication one.
    pub signing: bool,
}

impl Signer {
    /// The signer of `cert` once its signature verified: its chain to `trust` and revocation
    /// status at `at` checked.
    pub(crate) fn checked(
        cert: &Certificate,
        trust: &Trust,
        at: DateTime<Utc>,
        unknown: UnknownStatus,
        signing_time: Option<DateTime<Utc>>,
    ) -> Result<Self, PkiError> {
        let verdict = trust.verify(cert, at, unknown)?;
        Ok(Self {
            subject: cert.subject(),
            roles: cert.roles(),
            serial: cert.serial(),
            chain: verdict.chain,
            status: verdict.status,
            signing_time,
            signing: cert.is_signing(),
        })
    }
}

/// A verified CMS signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signed {
    /// The signed content.
    pub content: Vec<u8>,
    /// Every signer, in order.
    pub signers: Vec<Signer>,
}

/// Refuses a signature made with an authentication certificate: only a signing certificate
/// (non-repudiation, the NCA signing policy) signs an application, a decision or minutes.
pub fn check_signing_key(signer: &Signer) -> Result<(), PkiError> {
    if signer.signing {
        Ok(())
    } else {
        Err(PkiError::NotSigningKey {
            serial: signer.serial.clone(),
            subject: signer.subject.common_name.clone().unwrap_or_default(),
        })
    }
}

/// Verifies a DER CMS SignedData at `at`: every signer's signature over the content (attached, or
/// `detached` when given), its certificate's chain to `trust` and its revocation.
pub fn verify_cms(
    der: &[u8],
    detached: Option<&[u8]>,
    trust: &Trust,
    at: DateTime<Utc>,
    unknown: UnknownStatus,
) -> Result<Signed, PkiError> {
    let info = ContentInfo::from_der(der).map_err(|e| PkiError::parse("CMS", e))?;
    if info.content_type != SIGNED_DATA {
        return Err(PkiError::parse("CMS", format!("content type {} is not SignedData", info.content_type)));
    }
    let sd: SignedData = info.content.decode_as().map_err(|e| PkiError::parse("CMS SignedData", e))?;
    let content = match (detached, &sd.encap_content_info.econtent) {
        (Some(d), _) => d.to_vec(),
        (None, Some(any)) => {
            any.decode_as::<OctetString>().map_err(|e| PkiError::parse("CMS content", e))?.into_bytes()
        }
        (None, None) => return Err(PkiError::parse("CMS", "the content is detached and was not given")),
    };
    let certificates: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(c) => {
                c.to_der().ok().and_then(|d| Certificate::from_der(&d).ok())
            }
            cms::cert::CertificateChoices::Other(_) => None,
        })
        .collect();
    if sd.signer_infos.0.is_empty() {
        return Err(PkiError::parse("CMS", "no signer"));
    }
    let mut signers = Vec::new();
    for si in sd.signer_infos.0.iter() {
        let cert = find_signer(&si.sid, &certificates)?;
        let label = format!("the CMS signature of {}", cert.subject_label());
        let digest = digest(si.digest_alg.oid, &content)?;
        let mut signing_time = None;
        let signed = match &si.signed_attrs {
            Some(attrs) => {
                let claimed = attrs
                    .iter()
                    .find(|a| a.oid == MESSAGE_DIGEST)
                    .and_then(|a| a.values.iter().next())
                    .and_then(|v| v.decode_as::<OctetString>().ok())
                    .ok_or_else(|| PkiError::parse("CMS signed attributes", "no message digest"))?;
                if claimed.as_bytes() != digest.as_slice() {
                    return Err(PkiError::BadSignature(format!(
                        "{label}: the content does not match its message digest"
                    )));
                }
                signing_time = attrs
                    .iter()
                    .find(|a| a.oid == SIGNING_TIME)
                    .and_then(|a| a.values.iter().next())
                    .and_then(|v| v.to_der().ok())
                    .and_then(|d| x509_cert::time::Time::from_der(&d).ok())
                    .map(|t| {
                        DateTime::from_timestamp(i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(0), 0)
                            .unwrap_or_default()
                    });
                attrs.to_der().map_err(|e| PkiError::parse("CMS signed attributes", e))?
            }
            None => content.clone(),
        };
        let algorithm = signature_algorithm(si.signature_algorithm.oid, si.digest_alg.oid);
        signed_by(algorithm, &signed, si.signature.as_bytes(), &cert, &label)?;
        signers.push(Signer::checked(&cert, trust, at, unknown, signing_time)?);
    }
    Ok(Signed { content, signers })
}

/// The combined signature algorithm: CMS often names only the key algorithm (rsaEncryption).
fn signature_algorithm(signature: Oid, digest: Oid) -> Oid {
    if signature == oid::RSA && digest == SHA256 { oid::RSA_SHA256 } else { signature }
}

fn digest(algorithm: Oid, content: &[u8]) -> Result<Vec<u8>, PkiError> {
    Ok(match algorithm {
        a if a == SHA256 => Sha256::digest(content).to_vec(),
        a if a == STREEBOG512 => Streebog512::digest(content).to_vec(),
        a if a == STREEBOG256 => Streebog256::digest(content).to_vec(),
        other => return Err(PkiError::UnsupportedAlgorithm(format!("digest {other}"))),
    })
}

fn find_signer(sid: &SignerIdentifier, certificates: &[Certificate]) -> Result<Certificate, PkiError> {
    let found = match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            let issuer = ias.issuer.to_der().map_err(|e| PkiError::parse("CMS signer", e))?;
            certificates.iter().find(|c| {
                c.serial_bytes() == ias.serial_number.as_bytes() && c.issuer_der().ok().as_ref() == Some(&issuer)
            })
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            certificates.iter().find(|c| c.subject_key_id().as_deref() == Some(ski.0.as_bytes()))
        }
    };
    found.cloned().ok_or_else(|| PkiError::parse("CMS", "the signer's certificate is not in the message"))
}

/// The portal's check that the signer is the applicant: the signer's IIN is the applicant's and,
/// for a legal entity, the BIN is the entity's and the signer's role entitles them to sign for it
/// (first head or right of signature).
pub fn check_signer(signer: &Signer, applicant_iin: &str, entity_bin: Option<&str>) -> Result<(), PkiError> {
    let found = signer.subject.iin.as_deref().unwrap_or("—");
    if found != applicant_iin {
        return Err(PkiError::WrongSigner { expected: format!("IIN {applicant_iin}"), found: format!("IIN {found}") });
    }
    if let Some(bin) = entity_bin {
        let found = signer.subject.bin.as_deref().unwrap_or("—");
        if found != bin {
            return Err(PkiError::WrongSigner { expected: format!("BIN {bin}"), found: format!("BIN {found}") });
        }
        if !signer.roles.iter().any(|r| matches!(r, Role::FirstHead | Role::RightOfSignature)) {
            return Err(PkiError::WrongSigner {
                expected: "a first head or a person with the right of signature".into(),
                found: format!("{:?}", signer.roles),
            });
        }
    }
    Ok(())
}
