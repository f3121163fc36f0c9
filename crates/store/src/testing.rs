//! Fresh, empty stores for tests: always an SQLite file, and a PostgreSQL database when
//! `REGLAMENT_TEST_POSTGRES_URL` names a server (each test gets a database of its own, dropped
//! when the test finishes). Also synthetic registry rows for benchmarks ([`fill_registry`]).

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use crate::{AnyStore, RegistryQuery, Store, StoreError};

/// The environment variable naming the PostgreSQL server for tests, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_URL_VAR: &str = "REGLAMENT_TEST_POSTGRES_URL";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A store created for one test; call [`TestStore::finish`] to remove it.
#[derive(Debug)]
pub struct TestStore {
    /// The store.
    pub store: AnyStore,
    /// Its URL (for tests that start the app on it).
    pub url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Fresh stores of every backend available to this test run.
pub async fn fresh_stores() -> Result<Vec<TestStore>, StoreError> {
    let mut stores = vec![fresh_sqlite().await?];
    if let Some(store) = fresh_postgres().await? {
        stores.push(store);
    }
    Ok(stores)
}

/// A fresh SQLite file in the system's temporary directory.
pub async fn fresh_sqlite() -> Result<TestStore, StoreError> {
    let path = std::env::temp_dir().join(format!("{}.sqlite3", unique("reglament_test")));
    let url = format!("sqlite://{}", path.display());
    Ok(TestStore { store: AnyStore::connect(&url).await?, url, cleanup: Cleanup::File(path) })
}

/// A fresh PostgreSQL database, if [`POSTGRES_URL_VAR`] is set.
pub async fn fresh_postgres() -> Result<Option<TestStore>, StoreError> {
    let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else { return Ok(None) };
    let name = unique("reglament_test");
    let mut admin = PgConnection::connect(&admin_url).await?;
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
    admin.close().await?;
    let url = with_database(&admin_url, &name);
    Ok(Some(TestStore { store: AnyStore::connect(&url).await?, url, cleanup: Cleanup::Database { admin_url, name } }))
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    query.map_or_else(|| format!("{base}/{name}"), |q| format!("{base}/{name}?{q}"))
}

impl TestStore {
    /// Closes the store and removes its file or database.
    pub async fn finish(self) -> Result<(), StoreError> {
        self.store.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                let mut admin = PgConnection::connect(&admin_url).await?;
                admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await?;
                admin.close().await?;
            }
        }
        Ok(())
    }
}

/// How many providers the synthetic registry rows spread over.
pub const SYNTHETIC_PROVIDERS: u64 = 1000;
/// How many distinct holder BINs the synthetic registry rows spread over.
pub const SYNTHETIC_BINS: u64 = 300_000;
/// How many distinct holder IINs the synthetic registry rows spread over.
pub const SYNTHETIC_IINS: u64 = 600_000;

/// The number of synthetic registry row `i` (from 0): `L-2025-{provider BIN}-{seq:06}`, row `i`
/// being document `i / 1000 + 1` of provider `i % 1000`.
#[must_use]
pub fn synthetic_number(i: u64) -> String {
    format!("L-2025-{:012}-{:06}", 100_000_000_000 + (i % SYNTHETIC_PROVIDERS) * 1013, i / SYNTHETIC_PROVIDERS + 1)
}

/// The `k`-th synthetic holder BIN (`k` below [`SYNTHETIC_BINS`]); row `i` has BIN `(i · 7919) mod 300 000`.
#[must_use]
pub fn synthetic_bin(k: u64) -> String {
    format!("{:012}", 900_000_000_000 + k % SYNTHETIC_BINS)
}

/// The `k`-th synthetic holder IIN (`k` below [`SYNTHETIC_IINS`]); row `i` has IIN
/// `(i · 104 729) mod 600 000`, public on even rows.
#[must_use]
pub fn synthetic_iin(k: u64) -> String {
    format!("{:012}", 800_000_000_000 + k % SYNTHETIC_IINS)
}

/// Inserts `count` synthetic registry rows `0..count` into a fresh store with one set-based
/// statement (numbers by [`synthetic_number`], holders by [`synthetic_bin`] and
/// [`synthetic_iin`], every other IIN public, days of issue over 2025) — the registry's
/// secondary indexes dropped for the insert and built again after it, in one transaction — then
/// refreshes the planner's statistics.
pub async fn fill_registry(store: &TestStore, count: u64) -> Result<(), StoreError> {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    match &store.store {
        AnyStore::Sqlite(s) => s.fill_registry(count).await,
        AnyStore::Postgres(s) => s.fill_registry(count).await,
    }
}

/// The database's query plan for a registry search, one line per step (to check it uses the
/// registry's indexes).
pub async fn explain_registry_search(store: &TestStore, query: &RegistryQuery) -> Result<Vec<String>, StoreError> {
    match &store.store {
        AnyStore::Sqlite(s) => s.explain_search(query).await,
        AnyStore::Postgres(s) => s.explain_search(query).await,
    }
}
