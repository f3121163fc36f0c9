//! The document an official signs to complete a step that issues one (a licence, a reasoned
//! refusal, a notice): its draft, numbered with the next number of its series and rendered from
//! the case's facts, and the check of the official's signature of its exact bytes — valid under
//! the portal's trust now, and made by this official of this provider (the certificate's IIN and
//! organisation BIN).

use chrono::{DateTime, Utc};
use reglament_domain::Iin;
use reglament_engine::{Case, Law};
use reglament_pki::{UnknownStatus, check_signing_key, verify_cms};
use reglament_runtime::Runtime;
use reglament_runtime::documents::{Draft, Facts, Signatory, holder_of};
use reglament_store::Store;

use crate::auth::Official;
use crate::error::WebError;
use crate::state::AppState;

/// The case's facts as `official` would state them in the document `step` issues.
async fn facts(
    state: &AppState,
    case: &Case,
    law: &Law<'_>,
    step: &str,
    official: &Official,
) -> Result<Facts, WebError> {
    let i = law.step(step).ok_or(WebError::NotFound)?;
    let account = state.store().account(&case.applicant.as_string()).await?;
    let holder = holder_of(case, account.as_ref().map_or("", |a| a.name.as_str()));
    let invalid = |field: &'static str| {
        move |e: reglament_domain::DomainError| WebError::Invalid { field, reason: e.to_string() }
    };
    let signatory = Signatory {
        name: official.name.clone(),
        iin: official.iin.parse().map_err(invalid("official"))?,
        provider: official.provider_bin.parse().map_err(invalid("provider"))?,
    };
    let position = law.act.roles[law.process().steps[i].actor].name.clone();
    Ok(Facts::of_case(case, holder, signatory, position, law.wt.calendar().zone()))
}

/// The draft of the document `step` issues, or `None` when it issues none for the way the case
/// went or has issued it already (the step then completes without a signature).
pub async fn draft(
    state: &AppState,
    runtime: &Runtime,
    case: &Case,
    step: &str,
    official: &Official,
) -> Result<Option<Draft>, WebError> {
    let law = runtime.law_of(case)?;
    if law.signed_by_official(case, step).is_none() {
        return Ok(None);
    }
    if state.store().documents_of(&case.id).await?.iter().any(|d| d.step == step) {
        return Ok(None);
    }
    let facts = facts(state, case, &law, step, official).await?;
    Ok(Some(runtime.draft(case, step, &facts, state.now(), state.today(), state.public_base()).await?))
}

/// Checks `signature` (detached CMS of `bytes`) was made now by `official`'s valid signing key;
/// the signer's IIN.
pub fn check(
    state: &AppState,
    signature: &[u8],
    bytes: &[u8],
    official: &Official,
    now: DateTime<Utc>,
) -> Result<Iin, WebError> {
    let verified = verify_cms(signature, Some(bytes), state.trust(), now, UnknownStatus::Refuse)?;
    let signer =
        verified.signers.first().ok_or(WebError::Invalid { field: "signature", reason: "no signer".into() })?;
    check_signing_key(signer)?;
    let subject = &signer.subject;
    let (person, organisation) =
        (subject.iin.as_deref().unwrap_or_default(), subject.bin.as_deref().unwrap_or_default());
    if person != official.iin || organisation != official.provider_bin {
        return Err(WebError::Invalid {
            field: "signature",
            reason: format!("signed by IIN {person} of BIN {organisation}, not by the official signed in"),
        });
    }
    Iin::parse_with(reglament_domain::IdPolicy::AllowNcaTestNumbers, person)
        .map_err(|e| WebError::Invalid { field: "signature", reason: e.to_string() })
}
