//! The SQLite store: the embedded default (one file, created and migrated on first start).

use std::str::FromStr;

use chrono::{DateTime, Utc};
use reglament_calendar::CalendarChange;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::error::StoreError;
use crate::migrations;
use crate::{Store, StoredChange, decode_change, encode_change};

/// A store in an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `url` (`sqlite://PATH`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        migrations::migrator(migrations::SQLITE).run(&pool).await?;
        Ok(Self { pool })
    }
}

impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn record_calendar_change(&self, change: &CalendarChange) -> Result<i64, StoreError> {
        let (recorded_at, json) = encode_change(change)?;
        let id = sqlx::query_scalar(
            "INSERT INTO calendar_changes (recorded_at, change, source) VALUES (?1, ?2, ?3) RETURNING id",
        )
        .bind(recorded_at)
        .bind(json)
        .bind(&change.source)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    async fn calendar_changes(&self) -> Result<Vec<StoredChange>, StoreError> {
        let rows: Vec<(i64, DateTime<Utc>, String, String)> =
            sqlx::query_as("SELECT id, recorded_at, change, source FROM calendar_changes ORDER BY recorded_at, id")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(|(id, at, change, source)| decode_change(id, at, &change, source)).collect()
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
