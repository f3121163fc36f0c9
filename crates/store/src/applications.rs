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

/// An application kept unless its id or form token is kept already (marked filed with
/// [`MARK_FILED`] in the transaction that records its case).
pub(crate) const INSERT_APPLICATION_IF_NEW: &str = "INSERT INTO applications (id, iin, service, variant, form, form_token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";

/// The statements that keep application `$a` (unless kept already) and mark it filed at `$at`
/// inside the open transaction `$tx` (an executor expression).
macro_rules! file_in {
    ($tx:expr, $a:expr, $at:expr) => {{
        sqlx::query($crate::applications::INSERT_APPLICATION_IF_NEW)
            .bind(&$a.id)
            .bind(&$a.iin)
            .bind(&$a.service)
            .bind(&$a.variant)
            .bind(&$a.form)
            .bind(&$a.form_token)
            .bind($crate::accounts::micros($a.created_at))
            .execute($tx)
            .await?;
        sqlx::query($crate::applications::MARK_FILED).bind($at).bind(&$a.id).execute($tx).await?;
    }};
}
pub(crate) use file_in;

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

/// An integrator's token, by the SHA-256 of the token (nothing when the hash is known).
pub(crate) const INSERT_API_TOKEN: &str = "INSERT INTO api_tokens (token_hash, name, created_at, scope, provider, expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token_hash) DO NOTHING";

/// The token a hash belongs to, while it is neither expired nor revoked at `$2`.
pub(crate) const API_TOKEN: &str = "SELECT name, scope, provider, created_at, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)";

/// Every token, by name and issue.
pub(crate) const API_TOKENS: &str =
    "SELECT name, scope, provider, created_at, expires_at, revoked_at FROM api_tokens ORDER BY name, created_at";

/// The tokens of a name revoked at `$2` (those not revoked before).
pub(crate) const REVOKE_API_TOKENS: &str =
    "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL";

/// An integrator's API token as kept (never the token: only its SHA-256 is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Who it is for.
    pub name: String,
    /// `read`, or `file` (also files applications signed by their applicants).
    pub scope: String,
    /// The provider (BIN) it is limited to, if any.
    pub provider: Option<String>,
    /// When it was issued.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token row as both backends return it.
pub(crate) type ApiTokenTuple =
    (String, String, Option<String>, DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

pub(crate) fn api_token_row((name, scope, provider, created_at, expires_at, revoked_at): ApiTokenTuple) -> ApiToken {
    ApiToken { name, scope, provider, created_at, expires_at, revoked_at }
}

/// The application, attachment and API-token methods of [`Store`](crate::Store) for a backend
/// whose writes go through the pool field `$writer` and whose reads through `$reader`.
macro_rules! application_methods {
    ($writer:ident, $reader:ident) => {
        async fn create_application(&self, a: &Application) -> Result<Application, StoreError> {
            let created_at = micros(a.created_at);
            let mut tx = self.$writer.begin().await?;
            sqlx::query(applications::INSERT_APPLICATION)
                .bind(&a.id)
                .bind(&a.iin)
                .bind(&a.service)
                .bind(&a.variant)
                .bind(&a.form)
                .bind(&a.form_token)
                .bind(created_at)
                .execute(&mut *tx)
                .await?;
            let row: ApplicationTuple =
                sqlx::query_as(applications::APPLICATION_BY_TOKEN).bind(&a.form_token).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok(application_row(row))
        }

        async fn application(&self, id: &str) -> Result<Option<Application>, StoreError> {
            let row: Option<ApplicationTuple> =
                sqlx::query_as(applications::APPLICATION_BY_ID).bind(id).fetch_optional(&self.$reader).await?;
            Ok(row.map(application_row))
        }

        async fn applications_of(&self, iin: &str) -> Result<Vec<Application>, StoreError> {
            let rows: Vec<ApplicationTuple> =
                sqlx::query_as(applications::APPLICATIONS_OF).bind(iin).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map(application_row).collect())
        }

        async fn put_attachment(&self, a: &Attachment) -> Result<(), StoreError> {
            let mut tx = self.$writer.begin().await?;
            sqlx::query(applications::PUT_ATTACHMENT_DELETE)
                .bind(&a.application_id)
                .bind(&a.document)
                .execute(&mut *tx)
                .await?;
            sqlx::query(applications::PUT_ATTACHMENT_INSERT)
                .bind(&a.application_id)
                .bind(&a.document)
                .bind(&a.file_name)
                .bind(&a.content_type)
                .bind(a.size)
                .bind(&a.sha256)
                .bind(&a.bytes)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        }

        async fn attachments(&self, application_id: &str) -> Result<Vec<Attachment>, StoreError> {
            let rows: Vec<AttachmentTuple> =
                sqlx::query_as(applications::ATTACHMENTS_OF).bind(application_id).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map(attachment_row).collect())
        }

        async fn attachment(&self, application_id: &str, document: &str) -> Result<Option<Attachment>, StoreError> {
            let row: Option<FullAttachmentTuple> = sqlx::query_as(applications::ATTACHMENT)
                .bind(application_id)
                .bind(document)
                .fetch_optional(&self.$reader)
                .await?;
            Ok(row.map(full_attachment_row))
        }

        async fn add_api_token(&self, token_hash: &str, token: &applications::ApiToken) -> Result<(), StoreError> {
            sqlx::query(applications::INSERT_API_TOKEN)
                .bind(token_hash)
                .bind(&token.name)
                .bind(micros(token.created_at))
                .bind(&token.scope)
                .bind(token.provider.as_deref())
                .bind(token.expires_at.map(micros))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn api_token(
            &self,
            token_hash: &str,
            now: DateTime<Utc>,
        ) -> Result<Option<applications::ApiToken>, StoreError> {
            let row: Option<applications::ApiTokenTuple> = sqlx::query_as(applications::API_TOKEN)
                .bind(token_hash)
                .bind(micros(now))
                .fetch_optional(&self.$reader)
                .await?;
            Ok(row.map(applications::api_token_row))
        }

        async fn api_tokens(&self) -> Result<Vec<applications::ApiToken>, StoreError> {
            let rows: Vec<applications::ApiTokenTuple> =
                sqlx::query_as(applications::API_TOKENS).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map(applications::api_token_row).collect())
        }

        async fn revoke_api_tokens(&self, name: &str, at: DateTime<Utc>) -> Result<u64, StoreError> {
            Ok(sqlx::query(applications::REVOKE_API_TOKENS)
                .bind(name)
                .bind(micros(at))
                .execute(&self.$writer)
                .await?
                .rows_affected())
        }
    };
}
pub(crate) use application_methods;
