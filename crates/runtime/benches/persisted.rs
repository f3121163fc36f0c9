//! Step transitions per second with 2 workers on SQLite and on PostgreSQL, each against the raw
//! commit ceiling of the same database measured in the same run (one-row insert transactions
//! from 2 connections, as `pgbench` would do them; synchronous commit on). Run with
//! `cargo bench -p reglament-runtime --bench persisted`; PostgreSQL is measured when
//! `REGLAMENT_TEST_POSTGRES_URL` names a server. Reports the share of the ceiling against the
//! goal of 80 %; it does not fail the run (the figure depends on the disk).

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]

use reglament_testkit::actor_for;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use reglament_calendar::Calendar;
use reglament_engine::{Command, Outcome};
use reglament_runtime::Runtime;
use reglament_store::testing::{TestStore, fresh_postgres, fresh_sqlite};

const CASES: usize = 300;
const CEILING_TIME: Duration = Duration::from_secs(2);

fn acts() -> Vec<reglament_regulation::model::Act> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations/moj-754-2021.toml");
    std::fs::read_to_string(path).ok().and_then(|t| reglament_regulation::read(path, &t).0).into_iter().collect()
}

/// One-row insert transactions per second from 2 connections.
async fn ceiling(t: &TestStore) -> f64 {
    let sqlite = t.url.starts_with("sqlite");
    let create = if sqlite {
        "CREATE TABLE bench_ceiling (id INTEGER PRIMARY KEY AUTOINCREMENT, v INTEGER NOT NULL)"
    } else {
        "CREATE TABLE bench_ceiling (id BIGSERIAL PRIMARY KEY, v INTEGER NOT NULL)"
    };
    let insert =
        if sqlite { "INSERT INTO bench_ceiling (v) VALUES (?1)" } else { "INSERT INTO bench_ceiling (v) VALUES ($1)" };
    let run = |url: String| async move {
        let begin = Instant::now();
        let mut n = 0u64;
        if url.starts_with("sqlite") {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse().ok()?;
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal))
                .await
                .ok()?;
            while begin.elapsed() < CEILING_TIME {
                sqlx::query(insert).bind(1).execute(&pool).await.ok()?;
                n += 1;
            }
        } else {
            let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&url).await.ok()?;
            while begin.elapsed() < CEILING_TIME {
                sqlx::query(insert).bind(1).execute(&pool).await.ok()?;
                n += 1;
            }
        }
        Some(n as f64 / begin.elapsed().as_secs_f64())
    };
    if sqlite {
        let pool = sqlx::SqlitePool::connect(&t.url).await.ok();
        if let Some(p) = pool {
            let _ = sqlx::query(create).execute(&p).await;
        }
    } else if let Ok(p) = sqlx::PgPool::connect(&t.url).await {
        let _ = sqlx::query(create).execute(&p).await;
    }
    let (a, b) = tokio::join!(run(t.url.clone()), run(t.url.clone()));
    a.unwrap_or(0.0) + b.unwrap_or(0.0)
}

/// Files `CASES` cases named `prefix-k`.
async fn file_cases(rt: &Runtime, prefix: &str, base: DateTime<Utc>) -> Option<()> {
    for k in 0..CASES {
        let filed_at = base + TimeDelta::minutes(i64::try_from(k).ok()? * 7);
        let file = Command::File {
            applicant: "871008401427".parse().ok()?,
            entity: None,
            provider: reglament_testkit::actors::STAND_PROVIDER.parse().ok()?,
            filed_at,
        };
        rt.file(
            &format!("{prefix}-{k}"),
            "forensic-licence",
            "issuance-portal",
            &file,
            &actor_for(&file),
            filed_at,
            None,
        )
        .await
        .ok()?;
    }
    Some(())
}

fn step(name: &str) -> Command {
    Command::CompleteStep { step: name.into(), outcome: Outcome::Next }
}

/// Step transitions per second with 2 workers completing two steps of each of their half of
/// the cases: one transaction per transition, or (`batch` > 1) `batch` transitions per transaction.
async fn transitions(rt: &Runtime, prefix: &str, now: DateTime<Utc>, batch: usize) -> Option<(f64, u64)> {
    let worker = |half: usize| async move {
        let mine: Vec<String> = (half..CASES).step_by(2).map(|k| format!("{prefix}-{k}")).collect();
        let mut n = 0u64;
        for chunk in mine.chunks(batch) {
            for name in ["completeness", "review"] {
                if batch == 1 {
                    reglament_testkit::give(rt, &chunk[0], &step(name), now).await.ok()?;
                    n += 1;
                } else {
                    let commands: Vec<(String, Command)> = chunk.iter().map(|id| (id.clone(), step(name))).collect();
                    let results = rt.command_batch(&commands, &actor_for(&step(name)), now).await.ok()?;
                    n += results.iter().filter(|r| r.is_ok()).count() as u64;
                }
            }
        }
        Some(n)
    };
    let begin = Instant::now();
    let (a, b) = tokio::join!(worker(0), worker(1));
    let n = a? + b?;
    Some((n as f64 / begin.elapsed().as_secs_f64(), n))
}

async fn measure(name: &str, t: TestStore) {
    let ceiling = ceiling(&t).await;
    let Ok(calendar) = Calendar::builtin() else { return };
    let Ok(rt) = Runtime::new(t.store.clone(), acts(), &calendar) else { return };
    let Ok(provider) = reglament_testkit::actors::STAND_PROVIDER.parse() else { return };
    let rt = rt.with_providers(reglament_runtime::Providers::test_stand(provider));
    let Ok(base) = DateTime::parse_from_rfc3339("2026-01-05T10:00:00+05:00") else { return };
    let base = base.with_timezone(&Utc);
    let now = base + TimeDelta::days(3);
    for (prefix, batch) in [("ONE", 1), ("BATCH", 25)] {
        if file_cases(&rt, prefix, base).await.is_none() {
            println!("{name}: the cases could not be filed");
            return;
        }
        match transitions(&rt, prefix, now, batch).await {
            Some((rate, n)) => println!(
                "{name}: {rate:.0} step transitions/s with 2 workers, {batch} per transaction ({n} transitions); raw commit ceiling {ceiling:.0}/s; {:.0} % of the ceiling (goal ≥ 80 %)",
                100.0 * rate / ceiling.max(1.0)
            ),
            None => println!("{name}: the transitions could not be run"),
        }
    }
    let _ = t.finish().await;
}

fn main() {
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() else {
        println!("no async runtime");
        return;
    };
    rt.block_on(async {
        match fresh_sqlite().await {
            Ok(t) => measure("SQLite", t).await,
            Err(e) => println!("SQLite: {e}"),
        }
        match fresh_postgres().await {
            Ok(Some(t)) => measure("PostgreSQL", t).await,
            Ok(None) => println!("PostgreSQL: set REGLAMENT_TEST_POSTGRES_URL to measure it"),
            Err(e) => println!("PostgreSQL: {e}"),
        }
    });
}
