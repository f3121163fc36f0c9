//! The gateway envelope, verified: a request carrying [`HEADER_SIGNATURE`] must carry a
//! detached CMS signature (base64, the signer's certificate inside) of
//! [`envelope_text`]`(method, path and query as sent, sender, message id, sent-at, body)` by a
//! certificate of the sandbox's test PKI, valid and not revoked now; the other three envelope
//! headers must be there and sent-at must be RFC 3339. A sandbox that requires envelopes refuses
//! unsigned requests to the state systems.

use base64ct::{Base64, Encoding as _};
use chrono::{DateTime, Utc};
use reglament_domain::envelope::{HEADER_MESSAGE_ID, HEADER_SENDER, HEADER_SENT_AT, HEADER_SIGNATURE, envelope_text};
use reglament_pki::{PkiError, Trust, UnknownStatus, verify_cms};

use crate::SandboxError;
use crate::call::Incoming;

/// What the envelope said, for the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) sender: Option<String>,
    pub(crate) message_id: Option<String>,
    pub(crate) verified: bool,
    pub(crate) signer: Option<String>,
}

/// Why a signature was refused, naming the failed check and the `pki.*` code.
fn refusal(e: &PkiError) -> SandboxError {
    let why = match e {
        PkiError::Parse { .. } => "the signature is not a CMS SignedData",
        PkiError::BadSignature(_) => {
            "the signature does not match the request (method, path, envelope headers or body differ from what was signed)"
        }
        _ => "the signer is not trusted",
    };
    SandboxError::BadEnvelope(format!("{why} ({}: {e})", e.code()))
}

/// Checks the envelope of `call` at `at` against `trust` (none: the sandbox has no test PKI,
/// and a signature is only accepted unverified when envelopes are not `required`).
pub(crate) fn check(
    trust: Option<&Trust>,
    required: bool,
    call: &Incoming,
    at: DateTime<Utc>,
) -> (Seen, Result<(), SandboxError>) {
    let mut seen = Seen {
        sender: call.header(HEADER_SENDER).map(str::to_owned),
        message_id: call.header(HEADER_MESSAGE_ID).map(str::to_owned),
        ..Seen::default()
    };
    let Some(signature) = call.header(HEADER_SIGNATURE) else {
        let verdict = if required {
            Err(SandboxError::Unsigned(format!("this sandbox requires the gateway envelope ({HEADER_SIGNATURE})")))
        } else {
            Ok(())
        };
        return (seen, verdict);
    };
    let Some(trust) = trust else {
        let verdict = if required {
            Err(SandboxError::BadEnvelope("this sandbox has no test PKI to verify the signature against".into()))
        } else {
            Ok(())
        };
        return (seen, verdict);
    };
    let verdict = (|| {
        let header = |name: &str| {
            call.header(name).ok_or_else(|| SandboxError::BadEnvelope(format!("the envelope lacks the {name} header")))
        };
        let sender = header(HEADER_SENDER)?;
        let message_id = header(HEADER_MESSAGE_ID)?;
        let sent_at = header(HEADER_SENT_AT)?;
        DateTime::parse_from_rfc3339(sent_at)
            .map_err(|e| SandboxError::BadEnvelope(format!("{HEADER_SENT_AT} `{sent_at}` is not RFC 3339: {e}")))?;
        let der = Base64::decode_vec(signature.trim())
            .map_err(|_| SandboxError::BadEnvelope(format!("{HEADER_SIGNATURE} is not base64")))?;
        let text = envelope_text(call.method.as_str(), call.path_and_query(), sender, message_id, sent_at, &call.body);
        let signed = verify_cms(&der, Some(&text), trust, at, UnknownStatus::Refuse).map_err(|e| refusal(&e))?;
        Ok(signed.signers.first().and_then(|s| s.subject.common_name.clone()))
    })();
    match verdict {
        Ok(signer) => {
            seen.verified = true;
            seen.signer = signer;
            (seen, Ok(()))
        }
        Err(e) => (seen, Err(e)),
    }
}
