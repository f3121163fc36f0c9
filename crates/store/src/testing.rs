//! Fresh, empty stores for tests: always an SQLite file, and a PostgreSQL database when
//! `REGLAMENT_TEST_POSTGRES_URL` names a server (each test gets a database of its own, dropped
//! when the test finishes).

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use crate::{AnyStore, Store, StoreError};

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
