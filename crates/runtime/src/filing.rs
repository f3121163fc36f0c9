//! The one way an application is filed — from the portal, the API and the command line alike:
//! who files decided by the engine; the id bound to its applicant, service and variant; the
//! applicant's signature verified over the canonical text of exactly this application; the fee
//! checked against this application's own invoice; the provider chosen — which gives an
//! [`Admitted`] filing, the only thing that is recorded: the application, the case, its events
//! and its jobs in one transaction, so that it shows in the applicant's cabinet whichever door it
//! came through.

use chrono::{DateTime, Utc};
use reglament_domain::{Bin, Iin};
use reglament_engine::{Actor, Case, Command};
use reglament_pki::{Signer, Trust, UnknownStatus};
use reglament_store::{Appended, Application, Attachment, Store};

use crate::admission::{Expected, SignedApplication};
use crate::error::RuntimeError;
use crate::runtime::Runtime;

/// An application to file.
#[derive(Debug, Clone, Copy)]
pub struct Filing<'a> {
    /// Its id (the case's): `A-Z`, `0-9` and `-`, 1 to 64 characters.
    pub id: &'a str,
    /// The service.
    pub service: &'a str,
    /// The variant.
    pub variant: &'a str,
    /// The applicant.
    pub applicant: Iin,
    /// The legal entity filed for, if any.
    pub entity: Option<Bin>,
    /// The body chosen, where several provide the service.
    pub provider: Option<Bin>,
    /// The applicant's detached CMS signature of [`application_text`].
    pub signature: &'a [u8],
    /// The trust anchors the signature is checked under.
    pub trust: &'a Trust,
    /// What to do when revocation cannot be established.
    pub unknown: UnknownStatus,
    /// Who files: the applicant, or an integrator's filing token.
    pub by: &'a Actor,
}

/// Whether a filing's fee is due, and then paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeStatus {
    /// The variant has no fee on the filing day.
    NoFee,
    /// The fee is due and this application's invoice covers it.
    Paid(crate::Fee),
}

/// A filing that passed every check ([`Runtime::admit_application`]), the only thing
/// [`Runtime::record_admitted`] records: made nowhere else.
#[derive(Debug, Clone)]
pub struct Admitted {
    application: Application,
    command: Command,
    by: Actor,
    signer: Signer,
    fee: FeeStatus,
    now: DateTime<Utc>,
}

impl Admitted {
    /// Who signed the application.
    #[must_use]
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// Its fee.
    #[must_use]
    pub fn fee(&self) -> &FeeStatus {
        &self.fee
    }
}

/// A filed application: the case, whether this call recorded it, and the signer.
#[derive(Debug, Clone)]
pub struct Filed {
    /// The case.
    pub case: Case,
    /// Recorded now, or the same filing again.
    pub appended: Appended,
    /// Who signed it.
    pub signer: Signer,
}

/// The text an applicant signs: the application as the provider will read it — its id, service,
/// variant, applicant, every form field and every attachment's SHA-256 — one `key: value` per
/// line, in a fixed order, so that the signature covers exactly what is filed.
#[must_use]
pub fn application_text(application: &Application, attachments: &[Attachment]) -> String {
    let mut lines = vec![
        "Reglament application".to_owned(),
        format!("id: {}", application.id),
        format!("service: {}", application.service),
        format!("variant: {}", application.variant),
        format!("applicant: {}", application.iin),
    ];
    if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(&application.form) {
        for (name, value) in fields {
            lines.push(format!("field {name}: {}", value.as_str().unwrap_or_default()));
        }
    }
    for a in attachments {
        lines.push(format!("attachment {}: {} ({} bytes, sha256 {})", a.document, a.file_name, a.size, a.sha256));
    }
    lines.join("\n") + "\n"
}

/// Whether `id` is an application id: 1 to 64 of `A-Z`, `0-9` and `-`.
fn well_formed(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

impl Runtime {
    /// The application `f.id` as kept for its applicant; one not drafted first (an
    /// integrator's) is made without form or attachments, and kept only with its case, once its
    /// filing passes the checks. Another applicant's or another service's is refused.
    async fn bound_application(&self, f: &Filing<'_>, now: DateTime<Utc>) -> Result<Application, RuntimeError> {
        let theirs =
            |a: &Application| a.iin != f.applicant.as_string() || a.service != f.service || a.variant != f.variant;
        // Another applicant's invoice under this id never pays for this filing.
        if let Some(invoice) = self.store().invoice(f.id).await?
            && invoice.payer != f.applicant.as_string()
        {
            return Err(RuntimeError::IdTaken(f.id.to_owned()));
        }
        if let Some(kept) = self.store().application(f.id).await? {
            return if theirs(&kept) { Err(RuntimeError::IdTaken(f.id.to_owned())) } else { Ok(kept) };
        }
        if let Ok((_, case)) = self.load(f.id).await
            && (case.applicant != f.applicant || case.service != f.service || case.variant != f.variant)
        {
            return Err(RuntimeError::IdTaken(f.id.to_owned()));
        }
        let made = Application {
            id: f.id.to_owned(),
            iin: f.applicant.as_string(),
            service: f.service.to_owned(),
            variant: f.variant.to_owned(),
            form: "{}".to_owned(),
            form_token: format!("filing:{}", f.id),
            created_at: now,
            filed_at: None,
        };
        Ok(made)
    }

    /// Files `f` at `now`: see the module's documentation. Filing the same application again
    /// records nothing and answers its case.
    pub async fn file_application(&self, f: &Filing<'_>, now: DateTime<Utc>) -> Result<Filed, RuntimeError> {
        let admitted = self.admit_application(f, now).await?;
        self.record_admitted(admitted).await
    }

    /// Every check of a filing, in order — who files (the engine), the id and its binding, the
    /// applicant's signature over the application's own text, this application's fee — giving
    /// the [`Admitted`] value that alone can be recorded.
    pub async fn admit_application(&self, f: &Filing<'_>, now: DateTime<Utc>) -> Result<Admitted, RuntimeError> {
        if !well_formed(f.id) {
            return Err(RuntimeError::BadId(f.id.to_owned()));
        }
        // Who files is decided first: a read-only token or another person files nothing.
        let provider = self.providers().choose(f.service, f.provider)?;
        let command = Command::File { applicant: f.applicant, entity: f.entity, provider, filed_at: now };
        let ((act, service, variant), _) = self.in_force_on(f.service, f.variant, now)?;
        reglament_engine::authorize(None, &command, f.by, &self.law(act, service, variant)?)?;
        let application = self.bound_application(f, now).await?;
        let attachments = self.store().attachments(f.id).await?;
        let text = application_text(&application, &attachments);
        let cms = SignedApplication::Cms { signature: f.signature, content: Some(text.as_bytes()) };
        let expected =
            Expected { applicant: &f.applicant, entity: f.entity.as_ref(), trust: f.trust, unknown: f.unknown };
        let signer = self.admit(f.service, f.variant, now, cms, expected)?;
        // "Condition 2": this application's own fee paid, when the variant has one.
        let fee = match self.check_billed(f.id, f.service, f.variant, now).await {
            Ok(fee) if fee.amount > reglament_domain::Money::ZERO => FeeStatus::Paid(fee),
            Ok(_) | Err(RuntimeError::NoFee { .. }) => FeeStatus::NoFee,
            Err(e) => return Err(e),
        };
        Ok(Admitted { application, command, by: f.by.clone(), signer, fee, now })
    }

    /// Records an admitted filing: the application (kept now, if it was not drafted first), the
    /// case, its events and its jobs in one transaction.
    pub async fn record_admitted(&self, a: Admitted) -> Result<Filed, RuntimeError> {
        let Admitted { application, command, by, signer, fee: _, now } = a;
        let (id, service, variant) = (&application.id, &application.service, &application.variant);
        let prepared = self.prepare_filing(id, service, variant, &command, &by, now)?;
        let key = format!("file:{id}");
        let appended = self.record(&prepared, Some(&key), None, None, Some(&application)).await?;
        let case = match appended {
            Appended::Recorded => prepared.after,
            Appended::Duplicate { .. } => self.load(id).await?.1,
        };
        // Two applicants filing one id at once: the one whose filing was recorded has it.
        if case.applicant.as_string() != application.iin || case.service != *service || case.variant != *variant {
            return Err(RuntimeError::IdTaken(id.clone()));
        }
        Ok(Filed { case, appended, signer })
    }
}
