//! The text an official signs to complete a step that issues a document (a licence, a reasoned
//! refusal): the case, the step, the documents, the refusal grounds and the official — and the
//! check of that signature: valid under the portal's trust now, and by this official of this
//! provider (the certificate's IIN and organisation BIN).

use chrono::{DateTime, Utc};
use reglament_engine::Case;
use reglament_pki::{UnknownStatus, verify_cms};

use crate::auth::Official;
use crate::error::WebError;
use crate::state::AppState;

/// The decision text of completing `step` of `case` issuing `documents`.
#[must_use]
pub fn text(case: &Case, step: &str, documents: &[String], official: &Official) -> String {
    let mut lines = vec![
        "Reglament decision".to_owned(),
        format!("case: {}", case.id),
        format!("service: {} / {}", case.service, case.variant),
        format!("applicant: {}", case.applicant),
        format!("step: {step}"),
        format!("documents: {}", documents.join(", ")),
    ];
    if let Some(grounds) = &case.refusal {
        lines.push(format!("refusal grounds: {}", grounds.join(", ")));
    }
    lines.push(format!("official: {} ({})", official.iin, official.provider_bin));
    lines.join("\n") + "\n"
}

/// Checks `signature` (detached CMS of `text`) was made now by `official`'s valid key.
pub fn check(
    state: &AppState,
    signature: &[u8],
    text: &str,
    official: &Official,
    now: DateTime<Utc>,
) -> Result<(), WebError> {
    let verified = verify_cms(signature, Some(text.as_bytes()), state.trust(), now, UnknownStatus::Refuse)?;
    let signer =
        verified.signers.first().ok_or(WebError::Invalid { field: "signature", reason: "no signer".into() })?;
    let subject = &signer.subject;
    let (person, organisation) =
        (subject.iin.as_deref().unwrap_or_default(), subject.bin.as_deref().unwrap_or_default());
    if person != official.iin || organisation != official.provider_bin {
        return Err(WebError::Invalid {
            field: "signature",
            reason: format!("signed by IIN {person} of BIN {organisation}, not by the official signed in"),
        });
    }
    Ok(())
}
