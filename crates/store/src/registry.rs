//! The public registry of issued documents: one row per registered document, searchable by
//! number, by the holder's BIN and by the holder's IIN where it may be published; status changes
//! (suspension, termination, reinstatement) kept with their reasons; keyset pages for the
//! open-data export.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

/// How a registry row came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistryKind {
    /// A document issued for the first time.
    Issued,
    /// A re-registration of a licence.
    Reregistered,
    /// A duplicate of a document.
    Duplicate,
}

impl RegistryKind {
    /// The stored name: `issued`, `reregistered` or `duplicate`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::Reregistered => "reregistered",
            Self::Duplicate => "duplicate",
        }
    }
}

impl FromStr for RegistryKind {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "issued" => Ok(Self::Issued),
            "reregistered" => Ok(Self::Reregistered),
            "duplicate" => Ok(Self::Duplicate),
            _ => Err(UnknownName { what: "registry kind", name: s.to_owned() }),
        }
    }
}

impl fmt::Display for RegistryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a registered document is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistryStatus {
    /// In force.
    Active,
    /// Suspended.
    Suspended,
    /// Terminated.
    Terminated,
}

impl RegistryStatus {
    /// The stored name: `active`, `suspended` or `terminated`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Terminated => "terminated",
        }
    }
}

impl FromStr for RegistryStatus {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(Self::Active),
            "suspended" => Ok(Self::Suspended),
            "terminated" => Ok(Self::Terminated),
            _ => Err(UnknownName { what: "registry status", name: s.to_owned() }),
        }
    }
}

impl fmt::Display for RegistryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is no [`RegistryKind`] or [`RegistryStatus`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{name}`")]
pub struct UnknownName {
    /// What was parsed.
    pub what: &'static str,
    /// The name given.
    pub name: String,
}

/// A public registry row (one per registered document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntry {
    /// The document's number.
    pub number: String,
    /// The licence it belongs to (= `number` on first issue).
    pub licence: String,
    /// How it came to be.
    pub kind: RegistryKind,
    /// Whether it is in force.
    pub status: RegistryStatus,
    /// The act.
    pub act: String,
    /// The service.
    pub service: String,
    /// The act's document id.
    pub document: String,
    /// The holder's name.
    pub holder_name: String,
    /// The holder's BIN (a legal entity).
    pub holder_bin: Option<String>,
    /// The holder's IIN (a person).
    pub holder_iin: Option<String>,
    /// Whether the IIN may be published (and searched by).
    pub iin_public: bool,
    /// The licensed activity, in Kazakh.
    pub activity_kk: String,
    /// The licensed activity, in Russian.
    pub activity_ru: String,
    /// The provider, in Kazakh.
    pub provider_kk: String,
    /// The provider, in Russian.
    pub provider_ru: String,
    /// The day of issue.
    pub issued_on: NaiveDate,
    /// The last day it is valid, if limited.
    pub valid_until: Option<NaiveDate>,
    /// The SHA-256 of the document's PDF, hex.
    pub sha256: String,
}

/// A registry search. Results come newest first (by day of issue, then number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryQuery {
    /// The row with exactly this number.
    Number(String),
    /// The rows of a holder with this BIN.
    Bin(String),
    /// The rows of a holder with this IIN, only where the IIN is public.
    Iin(String),
}

/// A change of a registry row's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryChange {
    /// The row's number.
    pub number: String,
    /// The new status.
    pub status: RegistryStatus,
    /// When it changed.
    pub at: DateTime<Utc>,
    /// Why (the decision's reference).
    pub reason: String,
}

/// A registry row's insert.
pub(crate) const INSERT_ENTRY: &str = "INSERT INTO registry (number, licence, kind, status, act, service, document, holder_name, holder_bin, holder_iin, iin_public, activity_kk, activity_ru, provider_kk, provider_ru, issued_on, valid_until, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";

/// The columns of a registry row, in the order [`entry_row!`] reads them.
macro_rules! entry_columns {
    () => {
        "SELECT number, licence, kind, status, act, service, document, holder_name, holder_bin, holder_iin, iin_public, activity_kk, activity_ru, provider_kk, provider_ru, issued_on, valid_until, sha256 FROM registry "
    };
}

/// Search by number.
pub(crate) const SEARCH_NUMBER: &str =
    concat!(entry_columns!(), "WHERE number = $1 ORDER BY issued_on DESC, number LIMIT $2");

/// Search by the holder's BIN (index `registry_holder_bin`).
pub(crate) const SEARCH_BIN: &str =
    concat!(entry_columns!(), "WHERE holder_bin = $1 ORDER BY issued_on DESC, number LIMIT $2");

/// Search by the holder's IIN where public (partial index `registry_holder_iin`).
pub(crate) const SEARCH_IIN: &str =
    concat!(entry_columns!(), "WHERE holder_iin = $1 AND iin_public ORDER BY issued_on DESC, number LIMIT $2");

/// One row by number.
pub(crate) const ENTRY: &str = concat!(entry_columns!(), "WHERE number = $1");

/// The first keyset page.
pub(crate) const FIRST_PAGE: &str = concat!(entry_columns!(), "ORDER BY number LIMIT $1");

/// A keyset page after a number.
pub(crate) const NEXT_PAGE: &str = concat!(entry_columns!(), "WHERE number > $1 ORDER BY number LIMIT $2");

/// How many rows.
pub(crate) const COUNT: &str = "SELECT COUNT(*) FROM registry";

/// A row's status set.
pub(crate) const SET_STATUS: &str = "UPDATE registry SET status = $1 WHERE number = $2";

/// A status change kept.
pub(crate) const INSERT_CHANGE: &str =
    "INSERT INTO registry_changes (number, status, at, reason) VALUES ($1, $2, $3, $4)";

/// A row's status changes, in order.
pub(crate) const CHANGES_OF: &str =
    "SELECT number, status, at, reason FROM registry_changes WHERE number = $1 ORDER BY id";

/// The SQL of a search and its key.
pub(crate) fn search_sql(query: &RegistryQuery) -> (&'static str, &str) {
    match query {
        RegistryQuery::Number(n) => (SEARCH_NUMBER, n),
        RegistryQuery::Bin(b) => (SEARCH_BIN, b),
        RegistryQuery::Iin(i) => (SEARCH_IIN, i),
    }
}

/// Synthetic registry rows `0..$1` for benchmarks, on SQLite (see `testing::fill_registry`).
pub(crate) const FILL_SQLITE: &str = "INSERT INTO registry (number, licence, kind, status, act, service, document, holder_name, holder_bin, holder_iin, iin_public, activity_kk, activity_ru, provider_kk, provider_ru, issued_on, valid_until, sha256) WITH RECURSIVE counter(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM counter WHERE i + 1 < $1), numbered(i, n) AS (SELECT i, 'L-2025-' || printf('%012d', 100000000000 + (i % 1000) * 1013) || '-' || printf('%06d', i / 1000 + 1) FROM counter) SELECT n, n, 'issued', 'active', 'synthetic', 'licence', 'licence', 'Синтетика ' || i, printf('%012d', 900000000000 + (i * 7919) % 300000), printf('%012d', 800000000000 + (i * 104729) % 600000), i % 2 = 0, 'Синтетикалық қызмет', 'Синтетическая деятельность', 'Синтетикалық министрлік', 'Синтетическое министерство', date('2025-01-01', '+' || (i % 365) || ' days'), NULL, printf('%064x', i) FROM numbered ORDER BY n";

/// Synthetic registry rows `0..$1` for benchmarks, on PostgreSQL (the same rows as [`FILL_SQLITE`]).
pub(crate) const FILL_POSTGRES: &str = "INSERT INTO registry (number, licence, kind, status, act, service, document, holder_name, holder_bin, holder_iin, iin_public, activity_kk, activity_ru, provider_kk, provider_ru, issued_on, valid_until, sha256) SELECT n, n, 'issued', 'active', 'synthetic', 'licence', 'licence', 'Синтетика ' || i, lpad((900000000000 + (i * 7919) % 300000)::text, 12, '0'), lpad((800000000000 + (i * 104729) % 600000)::text, 12, '0'), i % 2 = 0, 'Синтетикалық қызмет', 'Синтетическая деятельность', 'Синтетикалық министрлік', 'Синтетическое министерство', DATE '2025-01-01' + (i % 365)::integer, NULL, lpad(to_hex(i), 64, '0') FROM (SELECT i, 'L-2025-' || lpad((100000000000 + (i % 1000) * 1013)::text, 12, '0') || '-' || lpad((i / 1000 + 1)::text, 6, '0') AS n FROM generate_series(0::bigint, $1::bigint - 1) AS g(i)) AS numbered ORDER BY n";

/// Binds a registry row to [`INSERT_ENTRY`].
macro_rules! bind_entry {
    ($query:expr, $e:expr) => {
        $query
            .bind(&$e.number)
            .bind(&$e.licence)
            .bind($e.kind.as_str())
            .bind($e.status.as_str())
            .bind(&$e.act)
            .bind(&$e.service)
            .bind(&$e.document)
            .bind(&$e.holder_name)
            .bind($e.holder_bin.as_deref())
            .bind($e.holder_iin.as_deref())
            .bind($e.iin_public)
            .bind(&$e.activity_kk)
            .bind(&$e.activity_ru)
            .bind(&$e.provider_kk)
            .bind(&$e.provider_ru)
            .bind($e.issued_on)
            .bind($e.valid_until)
            .bind(&$e.sha256)
    };
}
pub(crate) use bind_entry;

/// Reads a registry row (selected with the registry's columns) of any backend.
macro_rules! entry_row {
    ($row:expr) => {{
        use sqlx::Row as _;
        let row = $row;
        let corrupt = |reason: String| StoreError::Corrupt { what: "registry entry", id: 0, reason };
        let kind: String = row.try_get(2)?;
        let status: String = row.try_get(3)?;
        Ok::<_, StoreError>($crate::registry::RegistryEntry {
            number: row.try_get(0)?,
            licence: row.try_get(1)?,
            kind: kind.parse().map_err(|e: $crate::registry::UnknownName| corrupt(e.to_string()))?,
            status: status.parse().map_err(|e: $crate::registry::UnknownName| corrupt(e.to_string()))?,
            act: row.try_get(4)?,
            service: row.try_get(5)?,
            document: row.try_get(6)?,
            holder_name: row.try_get(7)?,
            holder_bin: row.try_get(8)?,
            holder_iin: row.try_get(9)?,
            iin_public: row.try_get(10)?,
            activity_kk: row.try_get(11)?,
            activity_ru: row.try_get(12)?,
            provider_kk: row.try_get(13)?,
            provider_ru: row.try_get(14)?,
            issued_on: row.try_get(15)?,
            valid_until: row.try_get(16)?,
            sha256: row.try_get(17)?,
        })
    }};
}
pub(crate) use entry_row;

/// The registry methods of [`Store`](crate::Store) for a backend whose writes go through the
/// pool field `$writer` and whose reads through `$reader`.
macro_rules! registry_methods {
    ($writer:ident, $reader:ident) => {
        async fn registry_search(
            &self,
            query: &$crate::registry::RegistryQuery,
            limit: i64,
        ) -> Result<Vec<$crate::registry::RegistryEntry>, StoreError> {
            let (sql, key) = $crate::registry::search_sql(query);
            let rows = sqlx::query(sql).bind(key).bind(limit).fetch_all(&self.$reader).await?;
            rows.iter().map(|r| $crate::registry::entry_row!(r)).collect()
        }

        async fn registry_entry(&self, number: &str) -> Result<Option<$crate::registry::RegistryEntry>, StoreError> {
            let row = sqlx::query($crate::registry::ENTRY).bind(number).fetch_optional(&self.$reader).await?;
            row.as_ref().map(|r| $crate::registry::entry_row!(r)).transpose()
        }

        async fn change_registry_status(&self, c: &$crate::registry::RegistryChange) -> Result<bool, StoreError> {
            let mut tx = self.$writer.begin().await?;
            let changed = sqlx::query($crate::registry::SET_STATUS)
                .bind(c.status.as_str())
                .bind(&c.number)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query($crate::registry::INSERT_CHANGE)
                .bind(&c.number)
                .bind(c.status.as_str())
                .bind(micros(c.at))
                .bind(&c.reason)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(true)
        }

        async fn registry_changes(&self, number: &str) -> Result<Vec<$crate::registry::RegistryChange>, StoreError> {
            let rows: Vec<(String, String, DateTime<Utc>, String)> =
                sqlx::query_as($crate::registry::CHANGES_OF).bind(number).fetch_all(&self.$reader).await?;
            rows.into_iter()
                .map(|(number, status, at, reason)| {
                    let status = status.parse().map_err(|e: $crate::registry::UnknownName| StoreError::Corrupt {
                        what: "registry change",
                        id: 0,
                        reason: e.to_string(),
                    })?;
                    Ok($crate::registry::RegistryChange { number, status, at, reason })
                })
                .collect()
        }

        async fn registry_page(
            &self,
            after: Option<&str>,
            limit: i64,
        ) -> Result<Vec<$crate::registry::RegistryEntry>, StoreError> {
            let rows = match after {
                Some(after) => {
                    sqlx::query($crate::registry::NEXT_PAGE).bind(after).bind(limit).fetch_all(&self.$reader).await?
                }
                None => sqlx::query($crate::registry::FIRST_PAGE).bind(limit).fetch_all(&self.$reader).await?,
            };
            rows.iter().map(|r| $crate::registry::entry_row!(r)).collect()
        }

        async fn registry_count(&self) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar($crate::registry::COUNT).fetch_one(&self.$reader).await?)
        }
    };
}
pub(crate) use registry_methods;
