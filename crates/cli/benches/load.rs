//! The portal and API under load from a second process on loopback: `reglament serve` is started
//! as a child process on a fresh database (PostgreSQL when `REGLAMENT_TEST_POSTGRES_URL` names a
//! server, else an SQLite file), and this process sends an open-loop mix of requests at a fixed
//! rate — every request is scheduled on a fixed clock and its latency counted from its scheduled
//! instant, so a slow server cannot slow the load down and hide its own queueing. Reports the
//! throughput and the p50/p99/max latency of each store against the goal of issue 7: p99 under
//! 50 ms at 500 requests per second. It reports and does not fail the run (the figure depends on
//! the machine). Run with `cargo bench -p reglament --bench load`.

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark stops at the first broken setup")]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use reglament_store::testing::{TestStore, fresh_postgres, fresh_sqlite};

/// The requests per second the goal names.
const RATE: u32 = 500;
/// How long the measured load lasts.
const MEASURE: Duration = Duration::from_secs(10);
/// How long the load runs before measuring (connections, caches).
const WARM_UP: Duration = Duration::from_secs(2);
/// The goal's p99 ceiling.
const P99_CEILING: Duration = Duration::from_millis(50);

/// The mix: a path and its weight (out of the sum of weights). Reads of the portal's pages and of
/// the API, as the public uses them.
const MIX: &[(&str, u32)] = &[
    ("/ru/", 10),
    ("/kk/calendar/2026", 15),
    ("/ru/regulations", 10),
    ("/ru/deadline?start=2026-03-20T19:40&term=6wd", 15),
    ("/api/calendar/2026", 20),
    ("/api/deadline?start=2026-03-20T19:40&term=6wd", 20),
    ("/api/between?from=2026-03-20T19:40&to=2026-04-03T18:30", 10),
];

/// The server as a child process, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(url: &str) -> Server {
    let regulations = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database-url", url, "--regulations", regulations])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting reglament serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("its first line");
    let address = first.split("http://").nth(1).and_then(|s| s.split_whitespace().next()).expect("the address");
    Server { child, base: format!("http://{address}") }
}

/// The path of request number `n` in the mix (a fixed, even interleaving).
fn path_of(n: u64) -> &'static str {
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut slot = u32::try_from(n.wrapping_mul(7919) % u64::from(total)).unwrap_or(0);
    for (path, weight) in MIX {
        if slot < *weight {
            return path;
        }
        slot -= weight;
    }
    MIX[0].0
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: u64,
}

/// Sends `RATE` requests per second for `duration`, each counted from its scheduled instant.
async fn load(base: &str, duration: Duration) -> Outcome {
    let client: Client<HttpConnector, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(HttpConnector::new());
    let outcome = Arc::new(Mutex::new(Outcome { latencies: Vec::new(), errors: 0 }));
    let period = Duration::from_secs(1) / RATE;
    let start = tokio::time::Instant::now();
    let count = u64::from(RATE) * duration.as_secs();
    let mut tasks = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    for n in 0..count {
        let scheduled = start + period * u32::try_from(n).unwrap_or(u32::MAX);
        tokio::time::sleep_until(scheduled).await;
        let (client, outcome) = (client.clone(), outcome.clone());
        let uri: hyper::Uri = format!("{base}{}", path_of(n)).parse().expect("a URI");
        tasks.push(tokio::spawn(async move {
            let ok = match client.get(uri).await {
                Ok(response) => {
                    let status = response.status();
                    response.into_body().collect().await.is_ok() && status.is_success()
                }
                Err(_) => false,
            };
            let took = scheduled.elapsed();
            let mut outcome = outcome.lock().unwrap_or_else(PoisonError::into_inner);
            if ok {
                outcome.latencies.push(took);
            } else {
                outcome.errors += 1;
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    Arc::try_unwrap(outcome).map_or_else(
        |_| Outcome { latencies: Vec::new(), errors: 0 },
        |m| m.into_inner().unwrap_or_else(PoisonError::into_inner),
    )
}

/// The `per_mille`/1000 quantile of `sorted` (nearest rank).
fn quantile(sorted: &[Duration], per_mille: usize) -> Duration {
    let Some(last) = sorted.len().checked_sub(1) else { return Duration::ZERO };
    sorted[(last * per_mille).div_ceil(1000).min(last)]
}

async fn measure(t: &TestStore) {
    let server = start(&t.url);
    load(&server.base, WARM_UP).await;
    let began = Instant::now();
    let mut outcome = load(&server.base, MEASURE).await;
    let elapsed = began.elapsed();
    outcome.latencies.sort_unstable();
    let answered = outcome.latencies.len();
    let p50 = quantile(&outcome.latencies, 500);
    let p99 = quantile(&outcome.latencies, 990);
    let max = outcome.latencies.last().copied().unwrap_or_default();
    println!(
        "load on {}: {:.0} req/s answered (offered {RATE}/s for {:?}), {} errors; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; goal p99 < {} ms at {RATE}/s: {}",
        t.store.backend(),
        answered as f64 / elapsed.as_secs_f64(),
        MEASURE,
        outcome.errors,
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        P99_CEILING.as_millis(),
        if p99 < P99_CEILING && outcome.errors == 0 { "met" } else { "NOT met" }
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let sqlite = fresh_sqlite().await.expect("an SQLite store");
    measure(&sqlite).await;
    sqlite.finish().await.expect("removing the SQLite store");
    if let Some(pg) = fresh_postgres().await.expect("a PostgreSQL store") {
        measure(&pg).await;
        pg.finish().await.expect("dropping the PostgreSQL database");
    }
}
