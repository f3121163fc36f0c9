//! The PostgreSQL store: the production store, shared by any number of app instances.

use chrono::{DateTime, Utc};
use reglament_calendar::CalendarChange;
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::error::StoreError;
use crate::migrations;
use crate::{Store, StoredChange, decode_change, encode_change};

/// A store in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to and migrates the database at `url` (`postgres://…`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await?;
        migrations::migrator(migrations::POSTGRES).run(&pool).await?;
        Ok(Self { pool })
    }
}

impl Store for PostgresStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn record_calendar_change(&self, change: &CalendarChange) -> Result<i64, StoreError> {
        let (recorded_at, json) = encode_change(change)?;
        let id = sqlx::query_scalar(
            "INSERT INTO calendar_changes (recorded_at, change, source) VALUES ($1, $2::jsonb, $3) RETURNING id",
        )
        .bind(recorded_at)
        .bind(json)
        .bind(&change.source)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    async fn calendar_changes(&self) -> Result<Vec<StoredChange>, StoreError> {
        let rows: Vec<(i64, DateTime<Utc>, String, String)> = sqlx::query_as(
            "SELECT id, recorded_at, change::text, source FROM calendar_changes ORDER BY recorded_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(|(id, at, change, source)| decode_change(id, at, &change, source)).collect()
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
