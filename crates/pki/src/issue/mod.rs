//! Issuing, for development and tests only: a local certificate authority ([`TestCa`]) that
//! makes ECDSA P-256 keys and certificates in the NCA profile (IIN in `serialNumber`, BIN in
//! `OU`, the NCA role in the extended key usage, signing or authentication key usage), signs
//! CRLs and answers OCSP requests; and [`TestPki`], a fixed roster of subjects (individuals
//! valid, expired and revoked, a legal entity's first head and employee, an official of a
//! provider) issued by one such CA at a given instant.
//!
//! This is the one place of the crate that makes private keys: key generation and ECDSA
//! signing go through `ring` with its `SystemRandom`, created here. Time is still an argument.

mod keystore;
mod revocation;
mod roster;

use crate::encode::{self, Text, extension, name, named_bits, oid, seq, tlv};
use chrono::{DateTime, Utc};
use der::asn1::ObjectIdentifier as Oid;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair as _};
use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

use crate::cert::{Certificate, Role};
use crate::error::PkiError;
use crate::oid as oids;

pub use keystore::pkcs12;
pub use revocation::{Issued, Revocation};
pub use roster::{CA_NAME, PASSWORD, RosterEntry, Standing, TestPki, TestSubject, roster};

const SUBJECT_KEY_ID: Oid = Oid::new_unwrap("2.5.29.14");
const AUTHORITY_KEY_ID: Oid = Oid::new_unwrap("2.5.29.35");
const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
const CRL_DISTRIBUTION_POINTS: Oid = Oid::new_unwrap("2.5.29.31");
const AUTHORITY_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");
const AD_OCSP: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");
const AD_CA_ISSUERS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");
const KP_CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
const KP_EMAIL_PROTECTION: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.4");

/// The NCA role's object identifier in the extended key usage (the inverse of how
/// [`Certificate::roles`] reads it).
#[must_use]
pub fn role_oid(role: Role) -> Oid {
    match role {
        Role::Individual => Oid::new_unwrap("1.2.398.3.3.4.1.1"),
        Role::LegalEntity => Oid::new_unwrap("1.2.398.3.3.4.1.2"),
        Role::FirstHead => Oid::new_unwrap("1.2.398.3.3.4.1.2.1"),
        Role::RightOfSignature => Oid::new_unwrap("1.2.398.3.3.4.1.2.2"),
        Role::FinancialDocuments => Oid::new_unwrap("1.2.398.3.3.4.1.2.3"),
        Role::HumanResources => Oid::new_unwrap("1.2.398.3.3.4.1.2.4"),
        Role::Employee => Oid::new_unwrap("1.2.398.3.3.4.1.2.5"),
    }
}

/// A new ECDSA P-256 private key, generated with `ring`'s system random source.
pub struct IssuedKey {
    pkcs8: Zeroizing<Vec<u8>>,
    pair: EcdsaKeyPair,
}

impl std::fmt::Debug for IssuedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedKey").field("algorithm", &"ECDSA P-256").finish_non_exhaustive()
    }
}

impl IssuedKey {
    /// Generates a key.
    pub fn generate() -> Result<Self, PkiError> {
        Self::generate_with(&SystemRandom::new())
    }

    fn generate_with(rng: &SystemRandom) -> Result<Self, PkiError> {
        let document = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, rng)
            .map_err(|_| PkiError::Issue("no ECDSA P-256 key could be generated".into()))?;
        let pkcs8 = Zeroizing::new(document.as_ref().to_vec());
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &pkcs8, rng)
            .map_err(|e| PkiError::Issue(format!("the generated key is refused: {e}")))?;
        Ok(Self { pkcs8, pair })
    }

    /// The private key as a PKCS#8 `PrivateKeyInfo` (DER, unencrypted), as
    /// [`SoftwareKey::from_pkcs8`](crate::SoftwareKey::from_pkcs8) reads it.
    #[must_use]
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The public key: the uncompressed point `04‖X‖Y`.
    #[must_use]
    pub fn public_key(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    /// The `SubjectPublicKeyInfo` (DER).
    fn spki(&self) -> Vec<u8> {
        seq(&[&seq(&[&oid(oids::EC_PUBLIC_KEY), &oid(oids::PRIME256V1)]), &encode::bits(self.public_key())])
    }

    /// The key identifier: SHA-1 of the public key bits (RFC 5280 §4.2.1.2, method 1).
    fn key_id(&self) -> Vec<u8> {
        Sha1::digest(self.public_key()).to_vec()
    }

    /// An ECDSA-with-SHA-256 signature (DER `Ecdsa-Sig-Value`) over `message`.
    fn sign(&self, message: &[u8], rng: &SystemRandom) -> Result<Vec<u8>, PkiError> {
        self.pair
            .sign(rng, message)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| PkiError::Issue("the CA key could not sign".into()))
    }
}

/// What a certificate is for: signing (digital signature and non-repudiation, with
/// `id-kp-emailProtection`, as NCA's RSA/GOST signing certificates) or authentication (digital
/// signature and key encipherment, with `id-kp-clientAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Usage {
    /// Signing documents.
    Signing,
    /// Logging in (TLS client authentication).
    Authentication,
}

/// The holder named in a certificate, as the NCA profile writes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Holder {
    /// Surname (SURNAME).
    pub surname: String,
    /// First name (with the surname, the CN).
    pub given: String,
    /// Patronymic (GIVENNAME), if any.
    pub patronymic: Option<String>,
    /// The 12 digits of the IIN (serialNumber `IIN…`).
    pub iin: String,
    /// The organisation (O) and its BIN's 12 digits (OU `BIN…`), for a legal entity's people.
    pub organisation: Option<(String, String)>,
    /// The NCA roles (extended key usage).
    pub roles: Vec<Role>,
    /// Signing or authentication.
    pub usage: Usage,
}

impl Holder {
    /// CN: `SURNAME GIVEN`, as NCA writes it.
    #[must_use]
    pub fn common_name(&self) -> String {
        format!("{} {}", self.surname, self.given)
    }

    fn name_der(&self) -> Vec<u8> {
        let cn = self.common_name();
        let serial = format!("IIN{}", self.iin);
        let mut attributes = vec![
            (oids::COMMON_NAME, Text::Utf8, cn.as_str()),
            (oids::SURNAME, Text::Utf8, self.surname.as_str()),
            (oids::SERIAL_NUMBER, Text::Printable, serial.as_str()),
            (oids::COUNTRY, Text::Printable, "KZ"),
        ];
        let bin;
        if let Some((organisation, number)) = &self.organisation {
            bin = format!("BIN{number}");
            attributes.push((oids::ORGANISATION, Text::Utf8, organisation.as_str()));
            attributes.push((oids::ORGANISATIONAL_UNIT, Text::Printable, bin.as_str()));
        }
        if let Some(patronymic) = &self.patronymic {
            attributes.push((oids::GIVEN_NAME, Text::Utf8, patronymic.as_str()));
        }
        name(&attributes)
    }
}

/// A local certificate authority: a self-signed ECDSA P-256 root in the NCA style, which
/// issues certificates, CRLs and OCSP responses pointing at `base_url`
/// (`{base_url}/ca.crl`, `{base_url}/ocsp`, `{base_url}/ca.cer`).
#[derive(Debug)]
pub struct TestCa {
    key: IssuedKey,
    certificate: Certificate,
    name: Vec<u8>,
    base_url: String,
    rng: SystemRandom,
}

/// `ecdsa-with-SHA256` with no parameters (RFC 5758).
fn signature_algorithm() -> Vec<u8> {
    seq(&[&oid(oids::ECDSA_SHA256)])
}

impl TestCa {
    /// A new CA named `common_name` (C=KZ), valid from `not_before` to `not_after`, its
    /// distribution points under `base_url` (no trailing slash needed).
    pub fn new(
        common_name: &str,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
        base_url: &str,
    ) -> Result<Self, PkiError> {
        let rng = SystemRandom::new();
        let key = IssuedKey::generate_with(&rng)?;
        let name = name(&[(oids::COMMON_NAME, Text::Utf8, common_name), (oids::COUNTRY, Text::Printable, "KZ")]);
        let key_id = key.key_id();
        let extensions = [
            extension(BASIC_CONSTRAINTS, true, &seq(&[&encode::true_()])),
            // digitalSignature, keyCertSign, cRLSign
            extension(oids::KEY_USAGE, true, &named_bits(&[0, 5, 6])),
            extension(SUBJECT_KEY_ID, false, &encode::octets(&key_id)),
        ];
        let spki = key.spki();
        let certificate = sign_certificate(&key, &rng, &name, 1, &name, (not_before, not_after), &spki, &extensions)?;
        Ok(Self { key, certificate, name, base_url: base_url.trim_end_matches('/').to_owned(), rng })
    }

    /// The CA's certificate (the trust anchor to configure).
    #[must_use]
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// Where its CRL is published: `{base_url}/ca.crl`.
    #[must_use]
    pub fn crl_url(&self) -> String {
        format!("{}/ca.crl", self.base_url)
    }

    /// Where its OCSP responder answers: `{base_url}/ocsp`.
    #[must_use]
    pub fn ocsp_url(&self) -> String {
        format!("{}/ocsp", self.base_url)
    }

    /// Where its certificate is published: `{base_url}/ca.cer`.
    #[must_use]
    pub fn certificate_url(&self) -> String {
        format!("{}/ca.cer", self.base_url)
    }

    /// Issues a certificate for `holder` with `public_key` (an uncompressed P-256 point, e.g.
    /// [`IssuedKey::public_key`]), serial number `serial`, valid from `not_before` to
    /// `not_after`.
    pub fn issue(
        &self,
        holder: &Holder,
        key: &IssuedKey,
        serial: u64,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<Certificate, PkiError> {
        let (usage_bits, purpose): (&[u8], _) = match holder.usage {
            // digitalSignature, nonRepudiation
            Usage::Signing => (&[0, 1], KP_EMAIL_PROTECTION),
            // digitalSignature, keyEncipherment
            Usage::Authentication => (&[0, 2], KP_CLIENT_AUTH),
        };
        let purposes: Vec<Vec<u8>> =
            holder.roles.iter().map(|r| oid(role_oid(*r))).chain(std::iter::once(oid(purpose))).collect();
        let uri = |url: String| tlv(0x86, url.as_bytes());
        let crl_dp = seq(&[&seq(&[&tlv(0xa0, &tlv(0xa0, &uri(self.crl_url())))])]);
        let aia = seq(&[
            &seq(&[&oid(AD_OCSP), &uri(self.ocsp_url())]),
            &seq(&[&oid(AD_CA_ISSUERS), &uri(self.certificate_url())]),
        ]);
        let extensions = [
            extension(oids::KEY_USAGE, true, &named_bits(usage_bits)),
            extension(oids::EXTENDED_KEY_USAGE, false, &tlv(0x30, &purposes.concat())),
            extension(SUBJECT_KEY_ID, false, &encode::octets(&key.key_id())),
            extension(AUTHORITY_KEY_ID, false, &seq(&[&tlv(0x80, &self.key.key_id())])),
            extension(CRL_DISTRIBUTION_POINTS, false, &crl_dp),
            extension(AUTHORITY_INFO_ACCESS, false, &aia),
        ];
        sign_certificate(
            &self.key,
            &self.rng,
            &self.name,
            serial,
            &holder.name_der(),
            (not_before, not_after),
            &key.spki(),
            &extensions,
        )
    }

    /// Signs `message` with the CA key.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PkiError> {
        self.key.sign(message, &self.rng)
    }

    /// `AuthorityKeyIdentifier` extension for what this CA signs.
    fn authority_key_id(&self) -> Vec<u8> {
        extension(AUTHORITY_KEY_ID, false, &seq(&[&tlv(0x80, &self.key.key_id())]))
    }
}

/// Signs a certificate with `issuer_key`: version 3, ECDSA with SHA-256.
#[allow(clippy::too_many_arguments, reason = "the fields of a tbsCertificate, each one argument")]
fn sign_certificate(
    issuer_key: &IssuedKey,
    rng: &SystemRandom,
    issuer: &[u8],
    serial: u64,
    subject: &[u8],
    (not_before, not_after): (DateTime<Utc>, DateTime<Utc>),
    spki: &[u8],
    extensions: &[Vec<u8>],
) -> Result<Certificate, PkiError> {
    if not_after < not_before {
        return Err(PkiError::Issue(format!("the validity ends ({not_after}) before it begins ({not_before})")));
    }
    let tbs = seq(&[
        &tlv(0xa0, &encode::uint(2)),
        &encode::uint(serial),
        &signature_algorithm(),
        issuer,
        &seq(&[&encode::time(not_before)?, &encode::time(not_after)?]),
        subject,
        spki,
        &tlv(0xa3, &tlv(0x30, &extensions.concat())),
    ]);
    let signature = issuer_key.sign(&tbs, rng)?;
    Certificate::from_der(&seq(&[&tbs, &signature_algorithm(), &encode::bits(&signature)]))
}

/// PEM text of `der` under `label` (`CERTIFICATE`, `PRIVATE KEY`, `X509 CRL`), lines of 64.
#[must_use]
pub fn pem(label: &str, der: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    let body = Base64::encode_string(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}
