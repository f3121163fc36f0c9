//! Public registry search latency over 1 000 000 rows, on SQLite and on PostgreSQL. Fills the
//! registry with synthetic rows (set-based SQL, timed), shows the query plans of the three
//! searches (they must use the registry's indexes), then runs 2000 searches through the
//! [`Store`] trait — a third by number of existing rows, a third by holder BIN, a third by holder
//! IIN — with keys from a fixed-seed LCG, and reports p50/p99/max latency and queries per
//! second against the ceiling p99 ≤ 50 ms. Run with `cargo bench -p reglament-store --bench
//! registry`; PostgreSQL is measured when `REGLAMENT_TEST_POSTGRES_URL` names a server. It does
//! not fail the run (the figures depend on the machine).

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]

use std::time::{Duration, Instant};

use reglament_store::testing::{
    SYNTHETIC_BINS, SYNTHETIC_IINS, TestStore, explain_registry_search, fill_registry, fresh_postgres, fresh_sqlite,
    synthetic_bin, synthetic_iin, synthetic_number,
};
use reglament_store::{RegistryQuery, Store, StoreError};

const ROWS: u64 = 1_000_000;
const SEARCHES: usize = 2000;
const LIMIT: i64 = 20;
const CEILING: Duration = Duration::from_millis(50);

/// A 64-bit linear congruential generator (Knuth's MMIX constants) with a fixed seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn queries() -> Vec<RegistryQuery> {
    let mut lcg = Lcg(0x5eed_2026);
    (0..SEARCHES)
        .map(|i| match i % 3 {
            0 => RegistryQuery::Number(synthetic_number(lcg.next(ROWS))),
            1 => RegistryQuery::Bin(synthetic_bin(lcg.next(SYNTHETIC_BINS))),
            _ => RegistryQuery::Iin(synthetic_iin(lcg.next(SYNTHETIC_IINS))),
        })
        .collect()
}

/// The `per_mille`-th per-mille of non-empty sorted latencies (nearest rank).
fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    let rank = (sorted.len() * per_mille).div_ceil(1000).clamp(1, sorted.len());
    sorted[rank - 1]
}

async fn run(t: &TestStore) -> Result<bool, StoreError> {
    let backend = t.store.backend();
    let begin = Instant::now();
    fill_registry(t, ROWS).await?;
    let fill = begin.elapsed();
    let count = t.store.registry_count().await?;
    println!(
        "{backend}: filled {count} rows in {:.1} s ({:.0} rows/s)",
        fill.as_secs_f64(),
        count as f64 / fill.as_secs_f64()
    );

    let queries = queries();
    for q in &queries[..3] {
        println!("{backend}: plan of {q:?}:");
        for line in explain_registry_search(t, q).await? {
            println!("    {line}");
        }
    }

    let mut latencies = Vec::with_capacity(SEARCHES);
    let mut found = [0usize; 3];
    let begin = Instant::now();
    for (i, q) in queries.iter().enumerate() {
        let start = Instant::now();
        let rows = t.store.registry_search(q, LIMIT).await?;
        latencies.push(start.elapsed());
        found[i % 3] += rows.len();
    }
    let total = begin.elapsed();
    latencies.sort_unstable();
    let p99 = percentile(&latencies, 990);
    println!(
        "{backend}: {SEARCHES} searches (rows found: {} by number, {} by BIN, {} by IIN) in {:.2} s — {:.0} queries/s",
        found[0],
        found[1],
        found[2],
        total.as_secs_f64(),
        SEARCHES as f64 / total.as_secs_f64()
    );
    println!(
        "{backend}: latency p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; ceiling: p99 ≤ 50 ms — {}",
        percentile(&latencies, 500).as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        if p99 <= CEILING { "met" } else { "NOT met" }
    );
    Ok(p99 <= CEILING)
}

#[tokio::main]
async fn main() -> Result<(), StoreError> {
    let sqlite = fresh_sqlite().await?;
    let outcome = run(&sqlite).await;
    sqlite.finish().await?;
    let mut met = outcome?;
    if let Some(postgres) = fresh_postgres().await? {
        let outcome = run(&postgres).await;
        postgres.finish().await?;
        met &= outcome?;
    } else {
        println!("postgres: skipped (REGLAMENT_TEST_POSTGRES_URL is not set)");
    }
    if !met {
        std::process::exit(1);
    }
    Ok(())
}
