//! RSA PKCS#1 v1.5 signature verification with SHA-256 (public-key operation only: no secret is
//! handled, so no timing concern applies).

use num_bigint::BigUint;
use sha2::{Digest, Sha256};

/// The DER prefix of a SHA-256 `DigestInfo`.
const SHA256_PREFIX: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// The modulus and exponent of an `RSAPublicKey` (DER `SEQUENCE { n INTEGER, e INTEGER }`).
pub fn public_key(der_bytes: &[u8]) -> Option<(BigUint, BigUint)> {
    use der::{Decode, Reader};
    let mut reader = der::SliceReader::new(der_bytes).ok()?;
    let (n, e) = reader.sequence(|r| Ok((der::asn1::UintRef::decode(r)?, der::asn1::UintRef::decode(r)?))).ok()?;
    Some((BigUint::from_bytes_be(n.as_bytes()), BigUint::from_bytes_be(e.as_bytes())))
}

/// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature.
#[must_use]
#[allow(clippy::many_single_char_names, reason = "the names of RFC 8017 (n, e, k, s, m)")]
pub fn verify_sha256(n: &BigUint, e: &BigUint, message: &[u8], signature: &[u8]) -> bool {
    let k = usize::try_from(n.bits().div_ceil(8)).unwrap_or(0);
    if signature.len() != k || k < SHA256_PREFIX.len() + 32 + 11 {
        return false;
    }
    let s = BigUint::from_bytes_be(signature);
    if &s >= n {
        return false;
    }
    let m = s.modpow(e, n).to_bytes_be();
    let mut em = vec![0u8; k - m.len()];
    em.extend_from_slice(&m);
    let digest = Sha256::digest(message);
    let t_len = SHA256_PREFIX.len() + digest.len();
    let mut expected = vec![0x00, 0x01];
    expected.resize(k - t_len - 1, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(&SHA256_PREFIX);
    expected.extend_from_slice(&digest);
    em == expected
}
