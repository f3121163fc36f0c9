//! Acts read and linted per second, and the time to lint all encoded seed acts. Run with
//! `cargo bench -p reglament-lint --bench lint`.
//!
//! A plain harness: the act files of `regulations/` are read into memory once; each sample reads
//! (two-phase, with resolution) and lints all of them; one warm-up, then 10 samples; the median
//! and the slowest are reported against the ceiling of 2 s for linting all seed acts. Exits
//! non-zero when the median misses it.

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "act counts are tiny")]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use reglament_calendar::Calendar;
use reglament_domain::MciTable;
use reglament_lint::{Context, lint};
use reglament_regulation::read;

const SAMPLES: usize = 10;
const CEILING: Duration = Duration::from_secs(2);

fn main() -> ExitCode {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("cannot read {dir}");
        return ExitCode::FAILURE;
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    files.sort();
    let (Ok(calendar), Ok(mci)) = (Calendar::builtin(), MciTable::embedded()) else {
        println!("the built-in calendar or MCI table does not load");
        return ExitCode::FAILURE;
    };
    let cx = Context { calendar: &calendar, mci: &mci };
    let run = || {
        let start = Instant::now();
        let acts: Vec<_> = files.iter().filter_map(|(name, text)| read(name, text).0).collect();
        black_box(lint(&acts, &cx));
        start.elapsed()
    };
    run();
    let mut samples: Vec<Duration> = (0..SAMPLES).map(|_| run()).collect();
    samples.sort();
    let median = samples[SAMPLES / 2];
    let slowest = samples[SAMPLES - 1];
    let per_second = files.len() as f64 / median.as_secs_f64();
    let met = median <= CEILING;
    println!(
        "lint all {} seed acts: median {:.1} ms, slowest {:.1} ms ({per_second:.1} acts read and linted per second); ceiling {} ms: {}",
        files.len(),
        median.as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3,
        CEILING.as_millis(),
        if met { "met" } else { "MISSED" }
    );
    if met { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
