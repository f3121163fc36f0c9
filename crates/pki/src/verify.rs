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
    let (key_algorithm, _, key) = signer.public_key();
    let ok = if algorithm == oid::RSA_SHA256 && key_algorithm == oid::RSA {
        let (n, e) = rsa::public_key(key).ok_or_else(|| PkiError::parse("RSA public key", "not an RSAPublicKey"))?;
        rsa::verify_sha256(&n, &e, message, signature)
    } else if algorithm == oid::GOST2015_512_SIGNATURE && key_algorithm == oid::GOST2015_512_KEY {
        let point = gost_key(key)?;
        gost::verify_512(&point, message, signature)
    } else {
        return Err(PkiError::UnsupportedAlgorithm(format!("{algorithm} with a {key_algorithm} key")));
    };
    if ok { Ok(()) } else { Err(PkiError::BadSignature(what.to_owned())) }
}

/// The 128 bytes X‖Y of a GOST public key: the BIT STRING holds an OCTET STRING.
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
