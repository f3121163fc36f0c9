//! Who may sign in and who is signed in: applicants' accounts, the providers' staff lists,
//! sessions (kept by the SHA-256 of their token, never the token), the single-use challenges of a
//! sign-in with an NCA key, and failed sign-ins for the rate limit. Every instant is an argument.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use crate::error::StoreError;

/// An applicant's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The IIN (12 digits).
    pub iin: String,
    /// The name shown.
    pub name: String,
    /// `pbkdf2-sha256$ITER$SALT$HASH`; none for an account made by a sign-in with a key.
    pub password_hash: Option<String>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// One role of one person on a provider's staff list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// The official's IIN.
    pub iin: String,
    /// The provider's BIN (the organisation of the official's certificate must be this one).
    pub provider_bin: String,
    /// A role id of the provider's acts (`executor`, `authorised-person`, …).
    pub role: String,
    /// The official's name.
    pub name: String,
}

/// Who holds a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// An applicant on the portal.
    Applicant,
    /// An official in the back office.
    Official,
}

impl SessionKind {
    /// The stored word: `applicant` or `official`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applicant => "applicant",
            Self::Official => "official",
        }
    }

    fn parse(word: &str) -> Result<Self, StoreError> {
        match word {
            "applicant" => Ok(Self::Applicant),
            "official" => Ok(Self::Official),
            other => {
                Err(StoreError::Corrupt { what: "session", id: 0, reason: format!("unknown session kind `{other}`") })
            }
        }
    }
}

/// A session as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie's token, hex.
    pub token_hash: String,
    /// Applicant or official.
    pub kind: SessionKind,
    /// The holder's IIN.
    pub iin: String,
    /// The holder's name.
    pub name: String,
    /// The official's provider.
    pub provider_bin: Option<String>,
    /// The official's roles (none for an applicant).
    pub roles: Vec<String>,
    /// The session's CSRF token, carried by every form that changes state.
    pub csrf: String,
    /// When it began.
    pub created_at: DateTime<Utc>,
    /// When it ends.
    pub expires_at: DateTime<Utc>,
}

/// An instant at the microsecond precision both backends keep.
pub(crate) fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

/// An account row as both backends return it.
pub(crate) type AccountTuple = (String, String, Option<String>, DateTime<Utc>);

pub(crate) fn account_row((iin, name, password_hash, created_at): AccountTuple) -> Account {
    Account { iin, name, password_hash, created_at }
}

/// A staff row as both backends return it.
pub(crate) type StaffTuple = (String, String, String, String);

pub(crate) fn staff_row((iin, provider_bin, role, name): StaffTuple) -> StaffMember {
    StaffMember { iin, provider_bin, role, name }
}

/// A session row as both backends return it.
pub(crate) type SessionTuple =
    (String, String, String, String, Option<String>, String, String, DateTime<Utc>, DateTime<Utc>);

pub(crate) fn session_row(
    (token_hash, kind, iin, name, provider_bin, roles, csrf, created_at, expires_at): SessionTuple,
) -> Result<Session, StoreError> {
    Ok(Session {
        token_hash,
        kind: SessionKind::parse(&kind)?,
        iin,
        name,
        provider_bin,
        roles: roles.split_whitespace().map(str::to_owned).collect(),
        csrf,
        created_at,
        expires_at,
    })
}

/// The account methods of [`Store`](crate::Store) for a backend whose writes go through the pool
/// field `$writer` and whose reads through `$reader` (the statements are those of `sql.rs`).
macro_rules! account_methods {
    ($writer:ident, $reader:ident) => {
        async fn put_account(&self, account: &$crate::accounts::Account) -> Result<(), StoreError> {
            sqlx::query($crate::sql::PUT_ACCOUNT)
                .bind(&account.iin)
                .bind(&account.name)
                .bind(&account.password_hash)
                .bind($crate::accounts::micros(account.created_at))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn ensure_account(&self, account: &$crate::accounts::Account) -> Result<(), StoreError> {
            sqlx::query($crate::sql::ENSURE_ACCOUNT)
                .bind(&account.iin)
                .bind(&account.name)
                .bind(&account.password_hash)
                .bind($crate::accounts::micros(account.created_at))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn account(&self, iin: &str) -> Result<Option<$crate::accounts::Account>, StoreError> {
            let row: Option<$crate::accounts::AccountTuple> =
                sqlx::query_as($crate::sql::ACCOUNT).bind(iin).fetch_optional(&self.$reader).await?;
            Ok(row.map($crate::accounts::account_row))
        }

        async fn put_staff(&self, member: &$crate::accounts::StaffMember) -> Result<(), StoreError> {
            sqlx::query($crate::sql::PUT_STAFF)
                .bind(&member.iin)
                .bind(&member.provider_bin)
                .bind(&member.role)
                .bind(&member.name)
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn remove_staff(&self, iin: &str, provider_bin: &str, role: &str) -> Result<bool, StoreError> {
            let removed = sqlx::query($crate::sql::REMOVE_STAFF)
                .bind(iin)
                .bind(provider_bin)
                .bind(role)
                .execute(&self.$writer)
                .await?
                .rows_affected();
            Ok(removed > 0)
        }

        async fn all_staff(&self) -> Result<Vec<$crate::accounts::StaffMember>, StoreError> {
            let rows: Vec<$crate::accounts::StaffTuple> =
                sqlx::query_as($crate::sql::ALL_STAFF).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map($crate::accounts::staff_row).collect())
        }

        async fn staff(&self, iin: &str) -> Result<Vec<$crate::accounts::StaffMember>, StoreError> {
            let rows: Vec<$crate::accounts::StaffTuple> =
                sqlx::query_as($crate::sql::STAFF_OF).bind(iin).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map($crate::accounts::staff_row).collect())
        }

        async fn create_session(&self, s: &$crate::accounts::Session) -> Result<(), StoreError> {
            sqlx::query($crate::sql::INSERT_SESSION)
                .bind(&s.token_hash)
                .bind(s.kind.as_str())
                .bind(&s.iin)
                .bind(&s.name)
                .bind(&s.provider_bin)
                .bind($crate::roles_text(&s.roles))
                .bind(&s.csrf)
                .bind($crate::accounts::micros(s.created_at))
                .bind($crate::accounts::micros(s.expires_at))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn session(
            &self,
            token_hash: &str,
            now: DateTime<Utc>,
        ) -> Result<Option<$crate::accounts::Session>, StoreError> {
            let row: Option<$crate::accounts::SessionTuple> = sqlx::query_as($crate::sql::SESSION)
                .bind(token_hash)
                .bind($crate::accounts::micros(now))
                .fetch_optional(&self.$reader)
                .await?;
            row.map($crate::accounts::session_row).transpose()
        }

        async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
            sqlx::query($crate::sql::DELETE_SESSION).bind(token_hash).execute(&self.$writer).await?;
            Ok(())
        }

        async fn create_challenge(
            &self,
            nonce: &str,
            created_at: DateTime<Utc>,
            expires_at: DateTime<Utc>,
        ) -> Result<(), StoreError> {
            sqlx::query($crate::sql::INSERT_CHALLENGE)
                .bind(nonce)
                .bind($crate::accounts::micros(created_at))
                .bind($crate::accounts::micros(expires_at))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn use_challenge(&self, nonce: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
            let changed = sqlx::query($crate::sql::USE_CHALLENGE)
                .bind($crate::accounts::micros(now))
                .bind(nonce)
                .execute(&self.$writer)
                .await?
                .rows_affected();
            Ok(changed == 1)
        }

        async fn record_sign_in_failure(&self, subject: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
            sqlx::query($crate::sql::INSERT_FAILURE)
                .bind(subject)
                .bind($crate::accounts::micros(at))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }

        async fn sign_in_failures(&self, subject: &str, since: DateTime<Utc>) -> Result<i64, StoreError> {
            let count: i64 = sqlx::query_scalar($crate::sql::COUNT_FAILURES)
                .bind(subject)
                .bind($crate::accounts::micros(since))
                .fetch_one(&self.$reader)
                .await?;
            Ok(count)
        }

        async fn purge_expired(&self, now: DateTime<Utc>, failures_before: DateTime<Utc>) -> Result<(), StoreError> {
            let now = $crate::accounts::micros(now);
            sqlx::query($crate::sql::PURGE_SESSIONS).bind(now).execute(&self.$writer).await?;
            sqlx::query($crate::sql::PURGE_CHALLENGES).bind(now).execute(&self.$writer).await?;
            sqlx::query($crate::sql::PURGE_FAILURES)
                .bind($crate::accounts::micros(failures_before))
                .execute(&self.$writer)
                .await?;
            Ok(())
        }
    };
}

pub(crate) use account_methods;
