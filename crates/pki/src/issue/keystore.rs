//! PKCS#12 key stores written as OpenSSL 3 writes them by default: the private key shrouded with
//! PBES2 (PBKDF2 with HMAC-SHA-256, AES-256-CBC), the certificates in a plain bag, the whole
//! protected by an HMAC-SHA-256 MAC keyed by the PKCS#12 key derivation. They open with
//! [`SoftwareKey::from_pkcs12`](crate::SoftwareKey::from_pkcs12) and with OpenSSL.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut as _, KeyIvInit as _};
use hmac::{Hmac, Mac as _};
use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
use ring::rand::{SecureRandom as _, SystemRandom};
use sha1::{Digest as _, Sha1};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::Oid;
use crate::cert::Certificate;
use crate::encode::{octets, oid, seq, tlv, uint};
use crate::error::PkiError;

const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
const LOCAL_KEY_ID: Oid = Oid::new_unwrap("1.2.840.113549.1.9.21");
const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
const PBKDF2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.12");
const HMAC_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.2.9");
const AES256_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.42");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
/// The iterations of both key derivations (OpenSSL 3's default).
const ITERATIONS: u32 = 2048;

fn random<const N: usize>(rng: &SystemRandom) -> Result<[u8; N], PkiError> {
    let mut bytes = [0; N];
    rng.fill(&mut bytes).map_err(|_| PkiError::Issue("no random bytes for the key store".into()))?;
    Ok(bytes)
}

/// A PKCS#12 store (DER) holding `pkcs8` (a `PrivateKeyInfo`), its `certificate` and the
/// `chain`, protected by `password`.
pub fn pkcs12(
    pkcs8: &[u8],
    certificate: &Certificate,
    chain: &[Certificate],
    password: &str,
) -> Result<Vec<u8>, PkiError> {
    let rng = SystemRandom::new();
    let failed = |e: der::Error| PkiError::Issue(format!("the key store could not be derived: {e}"));
    // The key, shrouded with PBES2.
    let (salt, iv) = (random::<16>(&rng)?, random::<16>(&rng)?);
    let mut key = Zeroizing::new([0_u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, ITERATIONS, key.as_mut_slice());
    let ciphertext = cbc::Encryptor::<aes::Aes256>::new_from_slices(key.as_slice(), &iv)
        .map_err(|e| PkiError::Issue(format!("AES-256-CBC: {e}")))?
        .encrypt_padded_vec_mut::<Pkcs7>(pkcs8);
    let pbes2 = seq(&[
        &oid(PBES2),
        &seq(&[
            &seq(&[
                &oid(PBKDF2),
                &seq(&[&octets(&salt), &uint(u64::from(ITERATIONS)), &seq(&[&oid(HMAC_SHA256), &tlv(0x05, &[])])]),
            ]),
            &seq(&[&oid(AES256_CBC), &octets(&iv)]),
        ]),
    ]);
    let key_id = Sha1::digest(certificate.der());
    let attributes = tlv(0x31, &seq(&[&oid(LOCAL_KEY_ID), &tlv(0x31, &octets(&key_id))]));
    let key_bag = seq(&[&oid(SHROUDED_KEY_BAG), &tlv(0xa0, &seq(&[&pbes2, &octets(&ciphertext)])), &attributes]);
    // The certificates, in the clear (they are public).
    let mut cert_bags = vec![seq(&[
        &oid(CERT_BAG),
        &tlv(0xa0, &seq(&[&oid(X509_CERTIFICATE), &tlv(0xa0, &octets(certificate.der()))])),
        &attributes,
    ])];
    for c in chain {
        cert_bags
            .push(seq(&[&oid(CERT_BAG), &tlv(0xa0, &seq(&[&oid(X509_CERTIFICATE), &tlv(0xa0, &octets(c.der()))]))]));
    }
    let data = |content: &[u8]| seq(&[&oid(DATA), &tlv(0xa0, &octets(content))]);
    let authenticated_safe = seq(&[&data(&tlv(0x30, &cert_bags.concat())), &data(&seq(&[&key_bag]))]);
    // The MAC over the authenticated safe.
    let mac_salt = random::<16>(&rng)?;
    let rounds = i32::try_from(ITERATIONS).unwrap_or(i32::MAX);
    let mac_key =
        Zeroizing::new(derive_key_utf8::<Sha256>(password, &mac_salt, Pkcs12KeyType::Mac, rounds, 32).map_err(failed)?);
    let mut mac = Hmac::<Sha256>::new_from_slice(&mac_key).map_err(|e| PkiError::Issue(format!("HMAC: {e}")))?;
    mac.update(&authenticated_safe);
    let mac = mac.finalize().into_bytes();
    let mac_data = seq(&[
        &seq(&[&seq(&[&oid(SHA256), &tlv(0x05, &[])]), &octets(&mac)]),
        &octets(&mac_salt),
        &uint(u64::from(ITERATIONS)),
    ]);
    Ok(seq(&[&uint(3), &data(&authenticated_safe), &mac_data]))
}
