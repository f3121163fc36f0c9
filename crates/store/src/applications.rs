//! What the portal keeps of applications — the form as filled in, its attachments, and when it
//! was filed (its case has the same id) — and the integrators' API tokens. Every instant is an
//! argument.

use chrono::{DateTime, Utc};

/// An application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// Its id (the case id once filed).
    pub id: String,
    /// The applicant's IIN.
    pub iin: String,
    /// The service.
    pub service: String,
    /// The variant.
    pub variant: String,
    /// The form as JSON (`{"field id": "value"}`).
    pub form: String,
    /// The one-time token of the form it came from.
    pub form_token: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was filed, if it was.
    pub filed_at: Option<DateTime<Utc>>,
}

/// A file attached to an application for one of the act's documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The application.
    pub application_id: String,
    /// The act's document id.
    pub document: String,
    /// The file's name as uploaded.
    pub file_name: String,
    /// Its media type.
    pub content_type: String,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its bytes (empty when only the description was read).
    pub bytes: Vec<u8>,
    /// Its size in bytes.
    pub size: i64,
}

/// An application row as both backends return it.
pub(crate) type ApplicationTuple =
    (String, String, String, String, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

pub(crate) fn application_row(
    (id, iin, service, variant, form, form_token, created_at, filed_at): ApplicationTuple,
) -> Application {
    Application { id, iin, service, variant, form, form_token, created_at, filed_at }
}

/// A new application (nothing when its form token was used: the form was posted twice).
pub(crate) const INSERT_APPLICATION: &str = "INSERT INTO applications (id, iin, service, variant, form, form_token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (form_token) DO NOTHING";

/// The application made from a form token.
pub(crate) const APPLICATION_BY_TOKEN: &str =
    "SELECT id, iin, service, variant, form, form_token, created_at, filed_at FROM applications WHERE form_token = $1";

/// One application.
pub(crate) const APPLICATION_BY_ID: &str =
    "SELECT id, iin, service, variant, form, form_token, created_at, filed_at FROM applications WHERE id = $1";

/// An applicant's applications, newest first.
pub(crate) const APPLICATIONS_OF: &str = "SELECT id, iin, service, variant, form, form_token, created_at, filed_at FROM applications WHERE iin = $1 ORDER BY created_at DESC, id";

/// An application marked filed (once).
pub(crate) const MARK_FILED: &str = "UPDATE applications SET filed_at = $1 WHERE id = $2 AND filed_at IS NULL";

/// An attachment, replacing the one for the same document.
pub(crate) const PUT_ATTACHMENT_DELETE: &str = "DELETE FROM attachments WHERE application_id = $1 AND document = $2";

/// An attachment's insert.
pub(crate) const PUT_ATTACHMENT_INSERT: &str = "INSERT INTO attachments (application_id, document, file_name, content_type, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// An application's attachments without their bytes.
pub(crate) const ATTACHMENTS_OF: &str = "SELECT application_id, document, file_name, content_type, sha256, size FROM attachments WHERE application_id = $1 ORDER BY document";

/// One attachment with its bytes.
pub(crate) const ATTACHMENT: &str = "SELECT application_id, document, file_name, content_type, sha256, size, bytes FROM attachments WHERE application_id = $1 AND document = $2";

/// An attachment's description as both backends return it.
pub(crate) type AttachmentTuple = (String, String, String, String, String, i64);

pub(crate) fn attachment_row(
    (application_id, document, file_name, content_type, sha256, size): AttachmentTuple,
) -> Attachment {
    Attachment { application_id, document, file_name, content_type, sha256, bytes: Vec::new(), size }
}

/// An attachment with its bytes as both backends return it.
pub(crate) type FullAttachmentTuple = (String, String, String, String, String, i64, Vec<u8>);

pub(crate) fn full_attachment_row(
    (application_id, document, file_name, content_type, sha256, size, bytes): FullAttachmentTuple,
) -> Attachment {
    Attachment { application_id, document, file_name, content_type, sha256, bytes, size }
}

/// `t` at the microsecond precision both backends keep.
pub(crate) fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::{DurationRound as _, TimeDelta};
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

/// An integrator's token, by the SHA-256 of the token (nothing when the hash is known).
pub(crate) const INSERT_API_TOKEN: &str =
    "INSERT INTO api_tokens (token_hash, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (token_hash) DO NOTHING";

/// The integrator a token hash belongs to.
pub(crate) const API_TOKEN: &str = "SELECT name FROM api_tokens WHERE token_hash = $1";
