//! An X.509 certificate read in the NCA profile: the subject's name, IIN, organisation and BIN,
//! the role from the extended key usage, signing or authentication use, validity.

use chrono::{DateTime, Utc};
use der::{Decode, DecodePem, Encode};
use serde::Serialize;
use x509_cert::Certificate as X509;
use x509_cert::der::asn1::ObjectIdentifier as Oid;
use x509_cert::name::Name;

use crate::error::PkiError;
use crate::oid;

/// The role a certificate gives its holder, from the extended key usage (NCA profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 1.2.398.3.3.4.1.1: an individual.
    Individual,
    /// 1.2.398.3.3.4.1.2: a legal entity's signer.
    LegalEntity,
    /// …2.1: its first head.
    FirstHead,
    /// …2.2: a person with the right of signature.
    RightOfSignature,
    /// …2.3: financial documents.
    FinancialDocuments,
    /// …2.4: human resources.
    HumanResources,
    /// …2.5: an employee.
    Employee,
}

impl Role {
    fn from_oid(o: &str) -> Option<Self> {
        Some(match o {
            "1.2.398.3.3.4.1.1" => Self::Individual,
            "1.2.398.3.3.4.1.2" => Self::LegalEntity,
            "1.2.398.3.3.4.1.2.1" => Self::FirstHead,
            "1.2.398.3.3.4.1.2.2" => Self::RightOfSignature,
            "1.2.398.3.3.4.1.2.3" => Self::FinancialDocuments,
            "1.2.398.3.3.4.1.2.4" => Self::HumanResources,
            "1.2.398.3.3.4.1.2.5" => Self::Employee,
            _ => return None,
        })
    }
}

/// The subject as the NCA profile writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// CN: the full name (or the CA's name).
    pub common_name: Option<String>,
    /// SURNAME.
    pub surname: Option<String>,
    /// GIVENNAME: the patronymic.
    pub patronymic: Option<String>,
    /// The 12 digits after `IIN` in serialNumber.
    pub iin: Option<String>,
    /// O: the organisation.
    pub organisation: Option<String>,
    /// The 12 digits after `BIN` in OU.
    pub bin: Option<String>,
    /// C.
    pub country: Option<String>,
}

/// A parsed certificate and its DER.
#[derive(Debug, Clone)]
pub struct Certificate {
    inner: X509,
    der: Vec<u8>,
}

impl Certificate {
    /// Reads DER or PEM.
    pub fn parse(bytes: &[u8]) -> Result<Self, PkiError> {
        if bytes.starts_with(b"-----BEGIN") {
            let inner = X509::from_pem(bytes).map_err(|e| PkiError::parse("PEM certificate", e))?;
            let der = inner.to_der().map_err(|e| PkiError::parse("PEM certificate", e))?;
            return Ok(Self { inner, der });
        }
        Self::from_der(bytes)
    }

    /// Reads DER.
    pub fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        let inner = X509::from_der(der).map_err(|e| PkiError::parse("certificate", e))?;
        Ok(Self { inner, der: der.to_vec() })
    }

    /// The certificate's DER.
    #[must_use]
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The DER of the signed part (`tbsCertificate`).
    pub fn tbs_der(&self) -> Result<Vec<u8>, PkiError> {
        self.inner.tbs_certificate.to_der().map_err(|e| PkiError::parse("tbsCertificate", e))
    }

    /// The signature algorithm.
    #[must_use]
    pub fn signature_algorithm(&self) -> Oid {
        self.inner.signature_algorithm.oid
    }

    /// The signature bytes.
    #[must_use]
    pub fn signature(&self) -> &[u8] {
        self.inner.signature.raw_bytes()
    }

    /// The subject, as the NCA profile writes it.
    #[must_use]
    pub fn subject(&self) -> Subject {
        let name = &self.inner.tbs_certificate.subject;
        let get = |o: Oid| attribute(name, o);
        Subject {
            common_name: get(oid::COMMON_NAME),
            surname: get(oid::SURNAME),
            patronymic: get(oid::GIVEN_NAME),
            iin: get(oid::SERIAL_NUMBER).and_then(|s| s.strip_prefix("IIN").map(str::to_owned)),
            organisation: get(oid::ORGANISATION),
            bin: get(oid::ORGANISATIONAL_UNIT).and_then(|s| s.strip_prefix("BIN").map(str::to_owned)),
            country: get(oid::COUNTRY),
        }
    }

    /// A short name of the subject for messages.
    #[must_use]
    pub fn subject_label(&self) -> String {
        let s = self.subject();
        match (s.common_name, s.iin) {
            (Some(cn), Some(iin)) => format!("{cn} (IIN {iin})"),
            (Some(cn), None) => cn,
            (None, _) => self.inner.tbs_certificate.subject.to_string(),
        }
    }

    /// The subject name in DER (to match issuers).
    pub fn subject_der(&self) -> Result<Vec<u8>, PkiError> {
        self.inner.tbs_certificate.subject.to_der().map_err(|e| PkiError::parse("subject", e))
    }

    /// The issuer name in DER.
    pub fn issuer_der(&self) -> Result<Vec<u8>, PkiError> {
        self.inner.tbs_certificate.issuer.to_der().map_err(|e| PkiError::parse("issuer", e))
    }

    /// The issuer's common name, for messages.
    #[must_use]
    pub fn issuer_label(&self) -> String {
        attribute(&self.inner.tbs_certificate.issuer, oid::COMMON_NAME)
            .unwrap_or_else(|| self.inner.tbs_certificate.issuer.to_string())
    }

    /// The serial number in upper-case hex.
    #[must_use]
    pub fn serial(&self) -> String {
        self.inner.tbs_certificate.serial_number.as_bytes().iter().fold(String::new(), |mut out, b| {
            use std::fmt::Write as _;
            let _ = write!(out, "{b:02X}");
            out
        })
    }

    /// The raw serial number bytes (as in CRLs).
    #[must_use]
    pub fn serial_bytes(&self) -> &[u8] {
        self.inner.tbs_certificate.serial_number.as_bytes()
    }

    /// Not before, not after.
    #[must_use]
    pub fn validity(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let v = &self.inner.tbs_certificate.validity;
        (to_chrono(v.not_before.to_unix_duration()), to_chrono(v.not_after.to_unix_duration()))
    }

    /// Whether it is valid at `at`, or which bound it is outside of.
    pub fn check_validity(&self, at: DateTime<Utc>) -> Result<(), PkiError> {
        let (from, until) = self.validity();
        if at < from {
            return Err(PkiError::NotYetValid { subject: self.subject_label(), from });
        }
        if at > until {
            return Err(PkiError::Expired { subject: self.subject_label(), until });
        }
        Ok(())
    }

    /// The NCA roles in the extended key usage.
    #[must_use]
    pub fn roles(&self) -> Vec<Role> {
        self.extension(oid::EXTENDED_KEY_USAGE)
            .and_then(|v| x509_cert::ext::pkix::ExtendedKeyUsage::from_der(v).ok())
            .map(|eku| eku.0.iter().filter_map(|o| Role::from_oid(&o.to_string())).collect())
            .unwrap_or_default()
    }

    /// Key usage: (digital signature, non-repudiation, key encipherment).
    #[must_use]
    pub fn key_usage(&self) -> (bool, bool, bool) {
        use x509_cert::ext::pkix::KeyUsages;
        self.extension(oid::KEY_USAGE).and_then(|v| x509_cert::ext::pkix::KeyUsage::from_der(v).ok()).map_or(
            (false, false, false),
            |ku| {
                (
                    ku.0.contains(KeyUsages::DigitalSignature),
                    ku.0.contains(KeyUsages::NonRepudiation),
                    ku.0.contains(KeyUsages::KeyEncipherment),
                )
            },
        )
    }

    /// Whether the certificate is for signing (digital signature and non-repudiation) rather
    /// than authentication.
    #[must_use]
    pub fn is_signing(&self) -> bool {
        let (digital, non_repudiation, _) = self.key_usage();
        digital && non_repudiation
    }

    /// The public key algorithm, its parameters (the curve) and the key bits.
    #[must_use]
    pub fn public_key(&self) -> (Oid, Option<Oid>, &[u8]) {
        let spki = &self.inner.tbs_certificate.subject_public_key_info;
        let curve = spki.algorithm.parameters.as_ref().and_then(|p| {
            // GOST: SEQUENCE { curve OID, digest OID }; EC (RFC 5480): the named curve's OID.
            match p.decode_as::<Vec<Oid>>() {
                Ok(seq) => seq.first().copied(),
                Err(_) => p.decode_as::<Oid>().ok(),
            }
        });
        (spki.algorithm.oid, curve, spki.subject_public_key.raw_bytes())
    }

    /// The subject key identifier extension's value.
    #[must_use]
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        self.extension(Oid::new_unwrap("2.5.29.14"))
            .and_then(|v| x509_cert::ext::pkix::SubjectKeyIdentifier::from_der(v).ok())
            .map(|k| k.0.as_bytes().to_vec())
    }

    fn extension(&self, id: Oid) -> Option<&[u8]> {
        self.inner
            .tbs_certificate
            .extensions
            .as_ref()?
            .iter()
            .find(|e| e.extn_id == id)
            .map(|e| e.extn_value.as_bytes())
    }
}

/// The first value of attribute `o` in `name`, as text.
fn attribute(name: &Name, o: Oid) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == o)
        .and_then(|atv| std::str::from_utf8(atv.value.value()).ok().map(str::to_owned))
}

fn to_chrono(d: std::time::Duration) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::try_from(d.as_secs()).unwrap_or(i64::MAX), 0).unwrap_or_default()
}
