//! Deadline additions per second, in working days and in working hours, against the ceilings of
//! issue 2 (≥ 10 million working-day additions and ≥ 1 million working-hour additions per second
//! on one core). Run with `cargo bench -p reglament-calendar --bench deadlines`.
//!
//! A plain harness: a fixed, seeded set of 4 096 instants spread over 2015–2026 and terms of
//! 1–60 working days or 1–400 working hours; one warm-up pass, then 15 samples of at least
//! 200 ms each; the median and the slowest sample are reported. The process exits non-zero when
//! the median misses its ceiling.

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "operation counts are far below 2^52")]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reglament_calendar::{Budget, Calendar, DayCounting, Schedule, Unit, WorkingTime};

const SAMPLES: usize = 15;
const SAMPLE_TIME: Duration = Duration::from_millis(200);

fn main() -> ExitCode {
    let Ok(wt) = Calendar::builtin().and_then(|c| WorkingTime::new(c, Schedule::seed_standard())) else {
        println!("the built-in calendar does not load");
        return ExitCode::FAILURE;
    };
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let span = 1_767_225_600 - 1_420_070_400; // 2015-01-01 .. 2026-01-01
    let inputs: Vec<(DateTime<Utc>, u32, u32)> = (0..4096)
        .map(|_| {
            let t = 1_420_070_400 + i64::try_from(next() % span).unwrap_or(0);
            let t = DateTime::from_timestamp(t, 0).unwrap_or_default();
            (t, u32::try_from(next() % 60 + 1).unwrap_or(1), u32::try_from(next() % 400 + 1).unwrap_or(1))
        })
        .collect();

    let days = measure(&inputs, |(t, d, _)| wt.add(*t, Budget::new(*d, Unit::WorkingDays), DayCounting::EndOfDay));
    let hours = measure(&inputs, |(t, _, h)| wt.add(*t, Budget::new(*h, Unit::WorkingHours), DayCounting::EndOfDay));
    let ok_days = report("working-day additions", &days, 10_000_000.0);
    let ok_hours = report("working-hour additions", &hours, 1_000_000.0);
    if ok_days && ok_hours { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Operations per second of each sample.
fn measure<T, R>(inputs: &[T], op: impl Fn(&T) -> R) -> Vec<f64> {
    let run = || {
        let start = Instant::now();
        let mut ops = 0u64;
        while start.elapsed() < SAMPLE_TIME {
            for input in inputs {
                black_box(op(black_box(input)));
            }
            ops += inputs.len() as u64;
        }
        ops as f64 / start.elapsed().as_secs_f64()
    };
    run();
    let mut samples: Vec<f64> = (0..SAMPLES).map(|_| run()).collect();
    samples.sort_by(f64::total_cmp);
    samples
}

fn report(what: &str, samples: &[f64], ceiling: f64) -> bool {
    let median = samples[samples.len() / 2];
    let slowest = samples[0];
    let ok = median >= ceiling;
    println!(
        "{what}: median {:.1} M/s, slowest sample {:.1} M/s, ceiling {:.1} M/s per core: {}",
        median / 1e6,
        slowest / 1e6,
        ceiling / 1e6,
        if ok { "met" } else { "MISSED" }
    );
    ok
}
