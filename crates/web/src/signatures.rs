//! `POST /api/signatures/verify`: an NCA signature (CMS or signed XML) verified against the
//! trust store, with its signers, their IIN/BIN and roles, chains and revocation status.

use axum::Json;
use axum::extract::State;
use base64ct::{Base64, Encoding};
use chrono::Utc;
use reglament_calendar::parse_instant;
use reglament_pki::{Signer, Trust, UnknownStatus, verify_cms, verify_xml};
use serde::{Deserialize, Serialize};

use crate::error::WebError;
use crate::state::AppState;

/// The request body.
#[derive(Debug, Deserialize)]
pub struct SignatureRequest {
    /// The CMS signature (DER) or the signed XML document, in base64.
    pub signature: String,
    /// For a detached CMS signature, the signed content in base64.
    pub content: Option<String>,
    /// The instant to verify at (default: now): RFC 3339, or local Almaty time.
    pub at: Option<String>,
    /// Accept a certificate whose revocation status cannot be established (default: refuse).
    #[serde(default)]
    pub accept_unknown: bool,
}

/// The verdict.
#[derive(Debug, Serialize)]
pub struct SignatureAnswer {
    /// `cms` or `xml`.
    pub format: &'static str,
    /// Every signer, verified.
    pub signers: Vec<Signer>,
    /// For XML: whether every signature covers the whole document.
    pub covers_document: Option<bool>,
}

fn decode(field: &'static str, text: &str) -> Result<Vec<u8>, WebError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Base64::decode_vec(&compact).map_err(|e| WebError::Invalid { field, reason: format!("not base64: {e}") })
}

/// `POST /api/signatures/verify`.
pub async fn verify(
    State(state): State<AppState>,
    Json(request): Json<SignatureRequest>,
) -> Result<Json<SignatureAnswer>, WebError> {
    check(state.trust(), &request).map(Json)
}

/// Verifies the signature of a request against `trust`.
pub(crate) fn check(trust: &Trust, request: &SignatureRequest) -> Result<SignatureAnswer, WebError> {
    let signature = decode("signature", &request.signature)?;
    let content = request.content.as_deref().map(|c| decode("content", c)).transpose()?;
    let at = match &request.at {
        Some(t) => parse_instant(t, chrono_tz::Asia::Almaty).map_err(WebError::field("at"))?,
        None => Utc::now(),
    };
    let unknown = if request.accept_unknown { UnknownStatus::Accept } else { UnknownStatus::Refuse };
    let start = signature.iter().find(|b| !b.is_ascii_whitespace());
    let answer = if start == Some(&b'<') {
        let signatures = verify_xml(&signature, trust, at, unknown)?;
        let covers = signatures.iter().all(reglament_pki::XmlSignature::covers_document);
        SignatureAnswer {
            format: "xml",
            signers: signatures.into_iter().map(|s| s.signer).collect(),
            covers_document: Some(covers),
        }
    } else {
        let signed = verify_cms(&signature, content.as_deref(), trust, at, unknown)?;
        SignatureAnswer { format: "cms", signers: signed.signers, covers_document: None }
    };
    Ok(answer)
}
