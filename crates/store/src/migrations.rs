//! Each backend's migrations, compiled into the binary and applied in order at connect.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

/// A migration: version, description and SQL.
pub(crate) type Step = (i64, &'static str, &'static str);

/// SQLite migrations, from `migrations/sqlite/`.
pub(crate) const SQLITE: &[Step] = &[
    (1, "calendar changes", include_str!("../migrations/sqlite/0001_calendar_changes.sql")),
    (2, "cases", include_str!("../migrations/sqlite/0002_cases.sql")),
    (3, "gateway", include_str!("../migrations/sqlite/0003_gateway.sql")),
    (4, "accounts", include_str!("../migrations/sqlite/0004_accounts.sql")),
    (5, "applications", include_str!("../migrations/sqlite/0005_applications.sql")),
    (6, "results", include_str!("../migrations/sqlite/0006_results.sql")),
    (7, "documents", include_str!("../migrations/sqlite/0007_documents.sql")),
    (8, "cases filed", include_str!("../migrations/sqlite/0008_cases_filed.sql")),
    (9, "cases provider", include_str!("../migrations/sqlite/0009_cases_provider.sql")),
    (10, "api token scope", include_str!("../migrations/sqlite/0010_api_token_scope.sql")),
    (11, "number leases", include_str!("../migrations/sqlite/0011_number_leases.sql")),
];

/// PostgreSQL migrations, from `migrations/postgres/`.
pub(crate) const POSTGRES: &[Step] = &[
    (1, "calendar changes", include_str!("../migrations/postgres/0001_calendar_changes.sql")),
    (2, "cases", include_str!("../migrations/postgres/0002_cases.sql")),
    (3, "gateway", include_str!("../migrations/postgres/0003_gateway.sql")),
    (4, "accounts", include_str!("../migrations/postgres/0004_accounts.sql")),
    (5, "applications", include_str!("../migrations/postgres/0005_applications.sql")),
    (6, "results", include_str!("../migrations/postgres/0006_results.sql")),
    (7, "documents", include_str!("../migrations/postgres/0007_documents.sql")),
    (8, "cases filed", include_str!("../migrations/postgres/0008_cases_filed.sql")),
    (9, "cases provider", include_str!("../migrations/postgres/0009_cases_provider.sql")),
    (10, "api token scope", include_str!("../migrations/postgres/0010_api_token_scope.sql")),
    (11, "number leases", include_str!("../migrations/postgres/0011_number_leases.sql")),
];

/// A migrator over `steps` (locking, so instances starting together migrate once).
pub(crate) fn migrator(steps: &[Step]) -> Migrator {
    let migrations = steps
        .iter()
        .map(|(version, description, sql)| {
            Migration::new(*version, Cow::Borrowed(description), MigrationType::Simple, Cow::Borrowed(sql), false)
        })
        .collect::<Vec<_>>();
    Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
}
