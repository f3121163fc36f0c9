//! The SQLite store: the embedded default (one file, created and migrated on first start).

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reglament_calendar::CalendarChange;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{QueryBuilder, Sqlite, Transaction};

use crate::accounts::micros;
use crate::applications::{
    self, Application, ApplicationTuple, Attachment, AttachmentTuple, FullAttachmentTuple, application_row,
    attachment_row, full_attachment_row,
};
use crate::cases::{Append, Appended, CaseFilter, CaseRow, EventRow, Job};
use crate::error::StoreError;
use crate::evidence::{Evidence, InvoiceRecord};
use crate::migrations;
use crate::sql;
use crate::{
    CaseTuple, EvidenceTuple, InvoiceTuple, Store, StoredChange, case_row, decode_change, encode_change, evidence_row,
    invoice_row, roles_text,
};

/// A store in an SQLite file: readers share a pool; every write goes through the one writer
/// connection, so writers queue in the process instead of contending for SQLite's lock.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `url` (`sqlite://PATH`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            // Other processes may hold the write lock (several servers or CLI runs on one file):
            // wait for it rather than fail. Transactions that write start with a write, so waiting
            // cannot deadlock.
            .busy_timeout(Duration::from_secs(30));
        let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        migrations::migrator(migrations::SQLITE).run(&writer).await?;
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        Ok(Self { pool, writer })
    }

    /// Inserts `count` synthetic registry rows (see [`crate::testing::fill_registry`]).
    ///
    /// The registry's secondary indexes are dropped for the insert and built again after it (in
    /// the same transaction), which is several times faster than keeping them up to date row by row.
    pub(crate) async fn fill_registry(&self, count: i64) -> Result<(), StoreError> {
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registry' AND sql IS NOT NULL",
        )
        .fetch_all(&self.writer)
        .await?;
        let mut tx = self.writer.begin().await?;
        for (name, _) in &indexes {
            sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *tx).await?;
        }
        sqlx::query(crate::registry::FILL_SQLITE).bind(count).execute(&mut *tx).await?;
        for (_, create) in &indexes {
            sqlx::query(create).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        sqlx::query("ANALYZE registry").execute(&self.writer).await?;
        Ok(())
    }

    /// The query plan of a registry search, one line per step.
    pub(crate) async fn explain_search(&self, query: &crate::RegistryQuery) -> Result<Vec<String>, StoreError> {
        let (sql, key) = crate::registry::search_sql(query);
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).bind(key).bind(10_i64).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(_, _, _, detail)| detail).collect())
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
        .fetch_one(&self.writer)
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

    async fn append(&self, a: &Append<'_>) -> Result<Appended, StoreError> {
        let mut tx = self.writer.begin().await?;
        let result = append_in(&mut tx, a).await;
        if matches!(result, Ok(Appended::Recorded)) {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        result
    }

    async fn append_batch(&self, appends: &[Append<'_>]) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
        let mut tx = self.writer.begin().await?;
        let mut out = Vec::with_capacity(appends.len());
        for a in appends {
            // Without an idempotency key the version check is the first statement, so a conflict
            // writes nothing and needs no savepoint.
            let guarded = a.idempotency_key.is_some();
            if guarded {
                sqlx::query("SAVEPOINT one_append").execute(&mut *tx).await?;
            }
            match append_in(&mut tx, a).await {
                Ok(Appended::Recorded) => {
                    if guarded {
                        sqlx::query("RELEASE SAVEPOINT one_append").execute(&mut *tx).await?;
                    }
                    out.push(Ok(Appended::Recorded));
                }
                Ok(other) => {
                    sqlx::query("ROLLBACK TO SAVEPOINT one_append").execute(&mut *tx).await?;
                    out.push(Ok(other));
                }
                Err(conflict @ StoreError::Conflict { .. }) => {
                    if guarded {
                        sqlx::query("ROLLBACK TO SAVEPOINT one_append").execute(&mut *tx).await?;
                    }
                    out.push(Err(conflict));
                }
                Err(e) => return Err(e),
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn case(&self, id: &str) -> Result<Option<CaseRow>, StoreError> {
        let row: Option<CaseTuple> = sqlx::query_as(sql::CASE_BY_ID).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(case_row))
    }

    async fn events(&self, id: &str) -> Result<Vec<EventRow>, StoreError> {
        let rows: Vec<(i64, DateTime<Utc>, String, String, String)> =
            sqlx::query_as(sql::EVENTS_OF).bind(id).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(seq, at, event, prev, hash)| EventRow { seq, at, event, prev, hash }).collect())
    }

    async fn events_of(&self, ids: &[String]) -> Result<Vec<(String, EventRow)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT case_id, seq, at, event, prev, hash FROM case_events WHERE case_id IN (",
        );
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(id);
        }
        q.push(") ORDER BY case_id, seq");
        let rows: Vec<(String, i64, DateTime<Utc>, String, String, String)> =
            q.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|(id, seq, at, event, prev, hash)| (id, EventRow { seq, at, event, prev, hash }))
            .collect())
    }

    async fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseRow>, StoreError> {
        let rows: Vec<CaseTuple> = sqlx::query_as(sql::CASES_FILTERED)
            .bind(filter.act.as_deref())
            .bind(filter.role.as_ref().map(|r| format!("% {r} %")))
            .bind(filter.open_only)
            .bind(filter.service.as_deref())
            .bind(filter.waiting_only)
            .bind(filter.filed_since)
            .bind(filter.provider.as_deref())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(case_row).collect())
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        let rows: Vec<(i64, String, String, String, DateTime<Utc>, i64)> = sqlx::query_as(
            "UPDATE jobs SET claimed_by = ?1, claimed_until = ?2 WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND due_at <= ?3 AND (claimed_until IS NULL OR claimed_until < ?3) ORDER BY due_at, id LIMIT ?4) RETURNING id, case_id, kind, payload, due_at, attempts",
        )
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        let mut jobs: Vec<Job> = rows
            .into_iter()
            .map(|(id, case_id, kind, payload, due_at, attempts)| Job { id, case_id, kind, payload, due_at, attempts })
            .collect();
        jobs.sort_by_key(|j| (j.due_at, j.id));
        Ok(jobs)
    }

    crate::evidence::gateway_methods!(writer, pool);
    crate::applications::application_methods!(writer, pool);
    crate::accounts::account_methods!(writer, pool);
    crate::documents::document_methods!(writer, pool);
    crate::registry::registry_methods!(writer, pool);

    async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// The statements of one append inside `tx`; a duplicate or a conflict returns before writing
/// anything else (the caller rolls back).
async fn append_in(tx: &mut Transaction<'_, Sqlite>, a: &Append<'_>) -> Result<Appended, StoreError> {
    if let Some(key) = a.idempotency_key {
        let inserted = sqlx::query(sql::CLAIM_KEY)
            .bind(key)
            .bind(&a.case.id)
            .bind(a.case.version)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        if inserted == 0 {
            let (case_id, version): (String, i64) =
                sqlx::query_as(sql::KEY_OWNER).bind(key).fetch_one(&mut **tx).await?;
            return Ok(Appended::Duplicate { case_id, version });
        }
    }
    let c = a.case;
    let roles = roles_text(&c.roles);
    let waiting = roles_text(&c.waiting);
    let changed = if a.expected_version == 0 {
        sqlx::query(sql::INSERT_CASE)
            .bind(&c.id)
            .bind(&c.act)
            .bind(&c.service)
            .bind(&c.variant)
            .bind(&c.status)
            .bind(&roles)
            .bind(c.version)
            .bind(&c.head)
            .bind(c.updated_at)
            .bind(&waiting)
            .bind(c.filed_at)
            .bind(c.provider.as_deref())
            .execute(&mut **tx)
            .await?
            .rows_affected()
    } else {
        sqlx::query(sql::UPDATE_CASE)
            .bind(&c.status)
            .bind(&roles)
            .bind(c.version)
            .bind(&c.head)
            .bind(c.updated_at)
            .bind(&c.id)
            .bind(a.expected_version)
            .bind(&c.act)
            .bind(&waiting)
            .execute(&mut **tx)
            .await?
            .rows_affected()
    };
    if changed == 0 {
        return Err(StoreError::Conflict { case: c.id.clone(), expected: a.expected_version });
    }
    if let Some((d, entry)) = a.issued {
        crate::documents::issue_in!(&mut **tx, d, entry);
    }
    if let Some(application) = a.filed {
        crate::applications::file_in!(&mut **tx, application, c.updated_at);
    }
    if !a.events.is_empty() {
        let mut q = QueryBuilder::<Sqlite>::new(sql::INSERT_EVENTS);
        q.push_values(a.events, |mut b, e| {
            b.push_bind(&c.id)
                .push_bind(e.seq)
                .push_bind(e.at)
                .push_bind(&e.event)
                .push_bind(&e.prev)
                .push_bind(&e.hash);
        });
        q.build().execute(&mut **tx).await?;
    }
    if !a.jobs.is_empty() {
        let mut q = QueryBuilder::<Sqlite>::new(sql::INSERT_JOBS);
        q.push_values(a.jobs, |mut b, j| {
            b.push_bind(&c.id).push_bind(&j.kind).push_bind(&j.payload).push_bind(j.due_at);
        });
        q.push(" ON CONFLICT (case_id, kind, payload, due_at) DO NOTHING");
        q.build().execute(&mut **tx).await?;
    }
    if let Some((job, worker)) = a.done_job {
        let held = sqlx::query(sql::FINISH_JOB).bind(c.updated_at).bind(job).bind(worker).execute(&mut **tx).await?;
        if held.rows_affected() == 0 {
            return Err(StoreError::LeaseLost { job });
        }
    }
    Ok(Appended::Recorded)
}
