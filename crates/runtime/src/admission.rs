//! The portal's admission of a filing: the applicant's e-signature verified (CMS or XML) and bound
//! to the applicant, refused with the message and clause of the act's own check.

use chrono::{DateTime, Utc};
use reglament_domain::{Bin, Iin};
use reglament_pki::{PkiError, Signer, Trust, UnknownStatus, check_signer, check_signing_key, verify_cms, verify_xml};
use reglament_regulation::model::CheckKind;

use crate::error::{Refusal, RuntimeError};
use crate::runtime::Runtime;

/// A signed application as the portal receives it.
#[derive(Debug, Clone, Copy)]
pub enum SignedApplication<'a> {
    /// A CMS signature, with the content when it is detached.
    Cms {
        /// The DER SignedData.
        signature: &'a [u8],
        /// The signed content of a detached signature.
        content: Option<&'a [u8]>,
    },
    /// An XML document with an enveloped XML-DSig or XAdES signature.
    Xml(&'a [u8]),
}

/// Who must have signed, and how revocation is judged.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The applicant.
    pub applicant: &'a Iin,
    /// The legal entity the applicant signs for, if any (then the signer needs its BIN and a role
    /// entitled to sign: first head or right of signature).
    pub entity: Option<&'a Bin>,
    /// The trust anchors, CRLs and OCSP responses.
    pub trust: &'a Trust,
    /// What to do when revocation cannot be established (refuse, by default).
    pub unknown: UnknownStatus,
}

impl Runtime {
    /// Verifies the signature of an application to `service`/`variant` filed at `filed_at` and
    /// binds it to the applicant; on failure the error carries the refusal message and clause of
    /// the act's signature (or IIN-match) check.
    pub fn admit(
        &self,
        service: &str,
        variant: &str,
        filed_at: DateTime<Utc>,
        signed: SignedApplication<'_>,
        expected: Expected<'_>,
    ) -> Result<Signer, RuntimeError> {
        let ((act, _, v), _) = self.in_force_on(service, variant, filed_at)?;
        let process = &act.processes[v.process];
        let refuse = |reason: PkiError| {
            let wanted =
                if matches!(reason, PkiError::WrongSigner { .. }) { CheckKind::IinMatch } else { CheckKind::Signature };
            let check = process
                .checks
                .iter()
                .find(|c| c.kind == wanted)
                .or_else(|| process.checks.iter().find(|c| c.kind == CheckKind::Signature));
            RuntimeError::Refused(Box::new(Refusal {
                message: check.map(|c| c.message.clone()),
                cite: check.map(|c| c.cite.reference.to_compact()),
                reason: reason.into(),
            }))
        };
        let verified = match signed {
            SignedApplication::Cms { signature, content } => {
                verify_cms(signature, content, expected.trust, filed_at, expected.unknown).and_then(|s| {
                    s.signers.into_iter().next().ok_or_else(|| PkiError::BadSignature("no signer".into()))
                })
            }
            SignedApplication::Xml(xml) => {
                verify_xml(xml, expected.trust, filed_at, expected.unknown).and_then(|mut s| {
                    if s.iter().any(|s| !s.covers_document()) {
                        return Err(PkiError::BadSignature(
                            "the XML signature does not cover the whole application".into(),
                        ));
                    }
                    if s.is_empty() {
                        Err(PkiError::BadSignature("no signer".into()))
                    } else {
                        Ok(s.swap_remove(0).signer)
                    }
                })
            }
        }
        .map_err(refuse)?;
        check_signing_key(&verified).map_err(refuse)?;
        let bin = expected.entity.map(Bin::as_string);
        check_signer(&verified, &expected.applicant.as_string(), bin.as_deref()).map_err(refuse)?;
        Ok(verified)
    }
}
