//! Passwords: PBKDF2-HMAC-SHA256 through `ring` with a random salt, kept as
//! `pbkdf2-sha256$ITER$SALT_B64$HASH_B64`, verified in constant time.

use std::num::NonZeroU32;

use base64ct::{Base64, Encoding};
use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::WebError;

/// The iterations of a new hash.
pub const ITERATIONS: u32 = 100_000;

const SCHEME: &str = "pbkdf2-sha256";
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;
/// Compared against when there is no account, so that an unknown IIN takes as long as a wrong
/// password.
const DUMMY: &str = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// The stored form of `password`, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, WebError> {
    let mut salt = [0u8; SALT_LEN];
    SystemRandom::new()
        .fill(&mut salt)
        .map_err(|_| WebError::Invalid { field: "password", reason: "no random salt could be made".into() })?;
    let mut out = [0u8; HASH_LEN];
    let iterations = NonZeroU32::new(ITERATIONS).unwrap_or(NonZeroU32::MIN);
    pbkdf2::derive(pbkdf2::PBKDF2_HMAC_SHA256, iterations, &salt, password.as_bytes(), &mut out);
    Ok(format!("{SCHEME}${ITERATIONS}${}${}", Base64::encode_string(&salt), Base64::encode_string(&out)))
}

/// Whether `password` is the one `encoded` was made from (`false` for anything malformed).
#[must_use]
pub fn verify(encoded: &str, password: &str) -> bool {
    let mut parts = encoded.split('$');
    let (Some(SCHEME), Some(iterations), Some(salt), Some(expected), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(iterations) = iterations.parse::<u32>().ok().and_then(NonZeroU32::new) else { return false };
    let (Ok(salt), Ok(expected)) = (Base64::decode_vec(salt), Base64::decode_vec(expected)) else { return false };
    pbkdf2::verify(pbkdf2::PBKDF2_HMAC_SHA256, iterations, &salt, password.as_bytes(), &expected).is_ok()
}

/// [`verify`] against the stored hash, or against a dummy one when there is none (same work).
#[must_use]
pub fn verify_or_waste(encoded: Option<&str>, password: &str) -> bool {
    if let Some(encoded) = encoded {
        verify(encoded, password)
    } else {
        let _ = verify(DUMMY, password);
        false
    }
}
