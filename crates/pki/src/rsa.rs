//! RSA PKCS#1 v1.5 signature verification with SHA-256 (public-key operation only: no secret is
//! handled, so no timing concern applies). Moduli of 2048 to 8192 bits — every NCA key — go
//! through `ring`'s assembly Montgomery arithmetic (about OpenSSL's speed); others through a
//! plain big-integer path.

use num_bigint::BigUint;
use sha2::{Digest, Sha256};

/// The DER prefix of a SHA-256 `DigestInfo`.
const SHA256_PREFIX: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// An RSA public key: modulus and exponent, big-endian without leading zeros.
pub struct PublicKey {
    n: Vec<u8>,
    e: Vec<u8>,
}

/// The modulus and exponent of an `RSAPublicKey` (DER `SEQUENCE { n INTEGER, e INTEGER }`).
pub fn public_key(der_bytes: &[u8]) -> Option<PublicKey> {
    use der::{Decode, Reader};
    let mut reader = der::SliceReader::new(der_bytes).ok()?;
    let (n, e) = reader.sequence(|r| Ok((der::asn1::UintRef::decode(r)?, der::asn1::UintRef::decode(r)?))).ok()?;
    Some(PublicKey { n: n.as_bytes().to_vec(), e: e.as_bytes().to_vec() })
}

/// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature.
#[must_use]
pub fn verify_sha256(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    let bits = key.n.first().map_or(0, |top| 8 * key.n.len() - top.leading_zeros() as usize);
    if (2048..=8192).contains(&bits) {
        let components = ring::signature::RsaPublicKeyComponents { n: &key.n, e: &key.e };
        components.verify(&ring::signature::RSA_PKCS1_2048_8192_SHA256, message, signature).is_ok()
    } else {
        verify_sha256_bigint(&BigUint::from_bytes_be(&key.n), &BigUint::from_bytes_be(&key.e), message, signature)
    }
}

/// The plain big-integer path, for moduli outside `ring`'s range.
#[allow(clippy::many_single_char_names, reason = "the names of RFC 8017 (n, e, k, s, m)")]
fn verify_sha256_bigint(n: &BigUint, e: &BigUint, message: &[u8], signature: &[u8]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Both paths agree on a 2048-bit key: a signature made with a toy private exponent is
    /// accepted by each and a one-bit change refused by each.
    #[test]
    #[allow(clippy::many_single_char_names, reason = "the names of RFC 8017 (p, q, n, e, d, k)")]
    fn the_ring_and_big_integer_paths_agree() {
        // p and q: two 1024-bit primes (2^1024 − 105 and 2^1024 − 179 are prime, checked with Miller–Rabin).
        let p = (BigUint::from(1u8) << 1024u32) - BigUint::from(105u32);
        let q = (BigUint::from(1u8) << 1024u32) - BigUint::from(179u32);
        let n = &p * &q;
        let e = BigUint::from(65_537u32);
        let phi = (&p - 1u8) * (&q - 1u8);
        let d = e.modinv(&phi).unwrap_or_default();
        let message = b"application";
        let k = 256;
        let mut em = vec![0x00, 0x01];
        em.resize(k - SHA256_PREFIX.len() - 32 - 1, 0xff);
        em.push(0);
        em.extend_from_slice(&SHA256_PREFIX);
        em.extend_from_slice(&Sha256::digest(message));
        let mut signature = BigUint::from_bytes_be(&em).modpow(&d, &n).to_bytes_be();
        while signature.len() < k {
            signature.insert(0, 0);
        }
        let key = PublicKey { n: n.to_bytes_be(), e: e.to_bytes_be() };
        assert!(verify_sha256(&key, message, &signature));
        assert!(verify_sha256_bigint(&n, &e, message, &signature));
        signature[100] ^= 0x04;
        assert!(!verify_sha256(&key, message, &signature));
        assert!(!verify_sha256_bigint(&n, &e, message, &signature));
    }
}
