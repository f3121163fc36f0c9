//! Checking that a certificate was signed by its issuer's key, whatever the algorithm.

use crate::cert::Certificate;
use crate::error::PkiError;
use crate::{gost, oid, rsa};

/// Verifies `signature` (by algorithm `algorithm`) over `message` with the public key of `signer`.
pub fn signed_by(
    algorithm: der::asn1::ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
    signer: &Certificate,
    what: &str,
) -> Result<(), PkiError> {
    let (key_algorithm, curve, key) = signer.public_key();
    let ok = if algorithm == oid::RSA_SHA256 && key_algorithm == oid::RSA {
        let key = rsa::public_key(key).ok_or_else(|| PkiError::parse("RSA public key", "not an RSAPublicKey"))?;
        rsa::verify_sha256(&key, message, signature)
    } else if algorithm == oid::ECDSA_SHA256 && key_algorithm == oid::EC_PUBLIC_KEY && curve == Some(oid::PRIME256V1) {
        // The key is the uncompressed point 04‖X‖Y; the signature a DER Ecdsa-Sig-Value.
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_ASN1, key)
            .verify(message, signature)
            .is_ok()
    } else if algorithm == oid::GOST2015_512_SIGNATURE && key_algorithm == oid::GOST2015_512_KEY {
        gost::verify_512(&gost_key(key)?, message, signature)
    } else if algorithm == oid::GOST2015_256_SIGNATURE
        && key_algorithm == oid::GOST2015_256_KEY
        && curve.is_none_or(|c| c == oid::GOST2015_256_CURVE)
    {
        gost::verify_256(&gost_key(key)?, message, signature)
    } else {
        let curve = curve.map(|c| format!(" on curve {c}")).unwrap_or_default();
        return Err(PkiError::UnsupportedAlgorithm(format!("{algorithm} with a {key_algorithm} key{curve}")));
    };
    if ok { Ok(()) } else { Err(PkiError::BadSignature(what.to_owned())) }
}

/// The bytes X‖Y of a GOST public key (64 or 128): the BIT STRING holds an OCTET STRING.
fn gost_key(bits: &[u8]) -> Result<Vec<u8>, PkiError> {
    use der::Decode;
    let octets = der::asn1::OctetString::from_der(bits).map_err(|e| PkiError::parse("GOST public key", e))?;
    Ok(octets.as_bytes().to_vec())
}

/// Verifies that `cert` was signed by `issuer`.
pub fn certificate(cert: &Certificate, issuer: &Certificate) -> Result<(), PkiError> {
    let tbs = cert.tbs_der()?;
    signed_by(
        cert.signature_algorithm(),
        &tbs,
        cert.signature(),
        issuer,
        &format!("the certificate of {}", cert.subject_label()),
    )
}
