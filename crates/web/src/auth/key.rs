//! Sign-in with an NCA key: the server issues a single-use challenge (a random nonce, five
//! minutes), the browser has NCALayer sign it as an attached CMS, and the server verifies the
//! signature against the trust store at the current instant, checks that the signed content is an
//! unexpired, unused challenge (and uses it up), and reads the signer's IIN, name and BIN.

use base64ct::{Base64, Encoding};
use chrono::{DateTime, TimeDelta, Utc};
use reglament_domain::Iin;
use reglament_pki::{UnknownStatus, verify_cms};
use reglament_store::Store;

use super::{Refusal, session, texts};
use crate::error::WebError;
use crate::state::AppState;

/// How long a challenge may be signed.
pub const CHALLENGE_LIFETIME: TimeDelta = TimeDelta::minutes(5);

/// A new challenge, kept in the store (expired sessions, challenges and old failures are purged
/// on the way).
pub(crate) async fn challenge(state: &AppState, now: DateTime<Utc>) -> Result<String, WebError> {
    state.store().purge_expired(now, now - TimeDelta::days(1)).await?;
    let nonce = session::random_token()?;
    state.store().create_challenge(&nonce, now, now + CHALLENGE_LIFETIME).await?;
    Ok(nonce)
}

/// Who signed a challenge.
#[derive(Debug, Clone)]
pub(crate) struct KeyHolder {
    pub iin: String,
    pub name: String,
    pub bin: Option<String>,
}

/// Verifies `cms` (base64 DER, attached content) over `nonce` at `now` and uses the challenge up.
pub(crate) async fn verify(
    state: &AppState,
    nonce: &str,
    cms: &str,
    now: DateTime<Utc>,
) -> Result<Result<KeyHolder, Refusal>, WebError> {
    let compact: String = cms.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Ok(Err(Refusal::new("auth.no_signature", texts::NO_SIGNATURE)));
    }
    let Ok(der) = Base64::decode_vec(&compact) else {
        return Ok(Err(Refusal::pki("pki.parse")));
    };
    let signed = match verify_cms(&der, None, state.trust(), now, UnknownStatus::Refuse) {
        Ok(signed) => signed,
        Err(e) => return Ok(Err(Refusal::pki(e.code()))),
    };
    let [only] = signed.signers.as_slice() else {
        return Ok(Err(Refusal::new("auth.challenge", texts::BAD_CHALLENGE)));
    };
    if nonce.is_empty() || signed.content != nonce.as_bytes() || !state.store().use_challenge(nonce, now).await? {
        return Ok(Err(Refusal::new("auth.challenge", texts::BAD_CHALLENGE)));
    }
    let subject = &only.subject;
    let Some(iin) = subject.iin.as_deref().and_then(|i| Iin::parse_with(state.id_policy(), i).ok()) else {
        return Ok(Err(Refusal::new("auth.no_iin", texts::NO_IIN)));
    };
    let name = subject.common_name.clone().or_else(|| subject.surname.clone()).unwrap_or_else(|| iin.as_string());
    Ok(Ok(KeyHolder { iin: iin.as_string(), name, bin: subject.bin.clone() }))
}
