//! Signing results: a [`SigningKey`] (a private key and its certificate — in software, or behind
//! a hardware module that implements the trait), [`SoftwareKey`] read from a PKCS#12 key store
//! or PKCS#8, and [`sign_cms`], which makes a CMS SignedData anyone can verify with
//! [`verify_cms`](crate::verify_cms) from the document alone and the trust anchors.
//!
//! Private-key operations go through `ring` (constant-time RSA and ECDSA); nothing here touches
//! a private key with general big-integer arithmetic. The signing time is an argument: the crate
//! still never reads the clock.

mod pkcs12;

use chrono::{DateTime, Utc};
use der::asn1::ObjectIdentifier as Oid;
use ring::rand::SystemRandom;
use ring::signature::{self as rs, KeyPair as _};
use sha2::{Digest, Sha256};

use crate::cert::Certificate;
use crate::encode::{self, tlv};
use crate::error::PkiError;
use crate::oid;

const SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
const SHA256_OID: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");

/// A private key able to sign, with its certificate: the one seam between signing and where the
/// key lives. [`SoftwareKey`] holds it in memory; a hardware security module (PKCS#11, a remote
/// signing service) implements the same trait and never hands the key out.
pub trait SigningKey {
    /// The signer's certificate.
    fn certificate(&self) -> &Certificate;

    /// The certificates from the signer's issuer towards the root that the key came with, put
    /// into signatures so that verifiers find the chain (empty by default).
    fn chain(&self) -> &[Certificate] {
        &[]
    }

    /// The signature algorithm [`SigningKey::sign`] uses: [`oid::RSA_SHA256`] (RSASSA-PKCS1-v1_5
    /// with SHA-256) or [`oid::ECDSA_SHA256`] (ECDSA P-256 with SHA-256, DER `Ecdsa-Sig-Value`).
    fn algorithm(&self) -> Oid;

    /// Signs `message` (the hash is computed inside, as the algorithm says).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PkiError>;
}

enum KeyPair {
    Rsa(rs::RsaKeyPair),
    Ecdsa(rs::EcdsaKeyPair),
}

/// A private key in memory (RSA of 2048 to 8192 bits, or ECDSA P-256) with its certificate and
/// the chain certificates it came with.
///
/// Randomness: RSA signing uses `ring`'s `SystemRandom` for blinding and ECDSA for its nonces —
/// key-material use inside the key, not domain logic.
pub struct SoftwareKey {
    key: KeyPair,
    certificate: Certificate,
    chain: Vec<Certificate>,
    rng: SystemRandom,
}

impl std::fmt::Debug for SoftwareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftwareKey")
            .field("algorithm", &self.algorithm().to_string())
            .field("certificate", &self.certificate.subject_label())
            .finish_non_exhaustive()
    }
}

impl SoftwareKey {
    /// Opens a PKCS#12 key store (`.p12`, `.pfx`) with `password`: checks its MAC, decrypts it
    /// (legacy SHA-1/3DES and SHA-1/RC2 as NCA issues them, or PBES2 with PBKDF2 and AES as
    /// OpenSSL 3 writes) and takes its first RSA or ECDSA P-256 key with the certificate of the
    /// same public key; the store's other certificates become the chain. A wrong password is
    /// `pki.key_store`; a GOST key `pki.unsupported_algorithm`.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, PkiError> {
        let contents = pkcs12::open(bytes, password)?;
        let mut certificates =
            contents.certificates.iter().map(|der| Certificate::from_der(der)).collect::<Result<Vec<_>, _>>()?;
        let first =
            contents.keys.first().ok_or_else(|| PkiError::KeyStore("the key store holds no private key".into()))?;
        let key = key_pair(first)?;
        let public = match &key {
            KeyPair::Rsa(k) => k.public().as_ref().to_vec(),
            KeyPair::Ecdsa(k) => k.public_key().as_ref().to_vec(),
        };
        let index = certificates
            .iter()
            .position(|c| c.public_key().2 == public.as_slice())
            .ok_or_else(|| PkiError::KeyStore("the key store holds no certificate for its private key".into()))?;
        let certificate = certificates.remove(index);
        Ok(Self { key, certificate, chain: certificates, rng: SystemRandom::new() })
    }

    /// A key from a PKCS#8 `PrivateKeyInfo` (DER, unencrypted) and its certificate, which must
    /// carry the key's public key.
    pub fn from_pkcs8(der: &[u8], certificate: Certificate, chain: Vec<Certificate>) -> Result<Self, PkiError> {
        let key = key_pair(der)?;
        let public = match &key {
            KeyPair::Rsa(k) => k.public().as_ref().to_vec(),
            KeyPair::Ecdsa(k) => k.public_key().as_ref().to_vec(),
        };
        if certificate.public_key().2 != public.as_slice() {
            return Err(PkiError::KeyStore(format!(
                "the certificate of {} is not for this private key",
                certificate.subject_label()
            )));
        }
        Ok(Self { key, certificate, chain, rng: SystemRandom::new() })
    }
}

impl SigningKey for SoftwareKey {
    fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn algorithm(&self) -> Oid {
        match self.key {
            KeyPair::Rsa(_) => oid::RSA_SHA256,
            KeyPair::Ecdsa(_) => oid::ECDSA_SHA256,
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PkiError> {
        let failed = |_| PkiError::KeyStore("the key could not sign".into());
        match &self.key {
            KeyPair::Rsa(k) => {
                let mut signature = vec![0; k.public().modulus_len()];
                k.sign(&rs::RSA_PKCS1_SHA256, &self.rng, message, &mut signature).map_err(failed)?;
                Ok(signature)
            }
            KeyPair::Ecdsa(k) => Ok(k.sign(&self.rng, message).map_err(failed)?.as_ref().to_vec()),
        }
    }
}

/// Reads a PKCS#8 `PrivateKeyInfo`: RSA (its `RSAPrivateKey`) or ECDSA on P-256.
fn key_pair(pkcs8: &[u8]) -> Result<KeyPair, PkiError> {
    use der::{Decode, Reader};
    let parse = |e: der::Error| PkiError::parse("PKCS#8 private key", e);
    let mut reader = der::SliceReader::new(pkcs8).map_err(parse)?;
    let (algorithm, private_key) = reader
        .sequence(|r| {
            let _version = der::asn1::UintRef::decode(r)?;
            let algorithm = x509_cert::spki::AlgorithmIdentifierOwned::decode(r)?;
            let key = der::asn1::OctetStringRef::decode(r)?;
            // Attributes and the public key (PKCS#8 v2) may follow.
            r.read_slice(r.remaining_len())?;
            Ok((algorithm, key.as_bytes()))
        })
        .map_err(parse)?;
    let rejected = |e: ring::error::KeyRejected| PkiError::KeyStore(format!("the private key is refused: {e}"));
    if algorithm.oid == oid::RSA {
        return rs::RsaKeyPair::from_der(private_key).map(KeyPair::Rsa).map_err(rejected);
    }
    if algorithm.oid == oid::EC_PUBLIC_KEY {
        let curve = algorithm.parameters.as_ref().and_then(|p| p.decode_as::<Oid>().ok());
        if curve != Some(oid::PRIME256V1) {
            let curve = curve.map_or_else(|| "none".to_owned(), |c| c.to_string());
            return Err(PkiError::UnsupportedAlgorithm(format!("EC private key on curve {curve}")));
        }
        return rs::EcdsaKeyPair::from_pkcs8(&rs::ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8, &SystemRandom::new())
            .map(KeyPair::Ecdsa)
            .map_err(rejected);
    }
    let name = match algorithm.oid {
        o if o == oid::GOST2015_512_KEY => "GOST R 34.10-2015 512-bit",
        o if o == oid::GOST2015_256_KEY => "GOST R 34.10-2015 256-bit",
        o if o.to_string().starts_with("1.2.398.3.10.1.1.1") => "GOST 34.310-2004",
        _ => "unknown",
    };
    Err(PkiError::UnsupportedAlgorithm(format!("signing with a {name} private key ({})", algorithm.oid)))
}

/// Signs `content` as a DER CMS SignedData (RFC 5652) with `key`: version 1, SHA-256, the content
/// inside (`detached == false`) or left out, the signer's certificate and the key's chain, and
/// one SignerInfo (`IssuerAndSerialNumber`) whose signed attributes are the content type, the
/// message digest, `signing_time` and the ESS signingCertificateV2 (SHA-256 of the certificate
/// with its issuer and serial). The result verifies with [`verify_cms`](crate::verify_cms) and
/// with OpenSSL.
pub fn sign_cms(
    content: &[u8],
    key: &dyn SigningKey,
    signing_time: DateTime<Utc>,
    detached: bool,
) -> Result<Vec<u8>, PkiError> {
    let algorithm = key.algorithm();
    // sha256WithRSAEncryption carries NULL parameters; ecdsa-with-SHA256 none (RFC 5754).
    let signature_algorithm = if algorithm == oid::RSA_SHA256 {
        [encode::oid(algorithm), tlv(0x05, &[])].concat()
    } else if algorithm == oid::ECDSA_SHA256 {
        encode::oid(algorithm)
    } else {
        return Err(PkiError::UnsupportedAlgorithm(format!("CMS signing with {algorithm}")));
    };
    let signature_algorithm = tlv(0x30, &signature_algorithm);
    let digest_algorithm = tlv(0x30, &encode::oid(SHA256_OID));
    let cert = key.certificate();
    let issuer = cert.issuer_der()?;
    let serial = tlv(0x02, cert.serial_bytes());

    let ess_cert_id = tlv(
        0x30,
        &[
            tlv(0x04, &Sha256::digest(cert.der())),
            // IssuerSerial { GeneralNames { directoryName [4] Name }, serial }
            tlv(0x30, &[tlv(0x30, &tlv(0xa4, &issuer)), serial.clone()].concat()),
        ]
        .concat(),
    );
    let signing_certificate = tlv(0x30, &tlv(0x30, &ess_cert_id));
    let mut attributes = [
        attribute(CONTENT_TYPE, &encode::oid(DATA)),
        attribute(MESSAGE_DIGEST, &tlv(0x04, &Sha256::digest(content))),
        attribute(SIGNING_TIME, &encode::time(signing_time)?),
        attribute(SIGNING_CERTIFICATE_V2, &signing_certificate),
    ];
    // DER: the elements of a SET OF in the order of their encodings.
    attributes.sort();
    let attributes = attributes.concat();
    let signature = key.sign(&tlv(0x31, &attributes))?;

    let signer_info = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            tlv(0x30, &[issuer, serial].concat()),
            digest_algorithm.clone(),
            tlv(0xa0, &attributes),
            signature_algorithm,
            tlv(0x04, &signature),
        ]
        .concat(),
    );
    let mut certificates: Vec<&[u8]> =
        std::iter::once(cert.der()).chain(key.chain().iter().map(Certificate::der)).collect();
    certificates.sort_unstable();
    certificates.dedup();
    let encapsulated = if detached {
        tlv(0x30, &encode::oid(DATA))
    } else {
        tlv(0x30, &[encode::oid(DATA), tlv(0xa0, &tlv(0x04, content))].concat())
    };
    let signed_data = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            tlv(0x31, &digest_algorithm),
            encapsulated,
            tlv(0xa0, &certificates.concat()),
            tlv(0x31, &signer_info),
        ]
        .concat(),
    );
    Ok(tlv(0x30, &[encode::oid(SIGNED_DATA), tlv(0xa0, &signed_data)].concat()))
}

/// `Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }` with one value.
fn attribute(kind: Oid, value: &[u8]) -> Vec<u8> {
    tlv(0x30, &[encode::oid(kind), tlv(0x31, value)].concat())
}
