//! Complete forensic-licence cases per second in memory on one core (2021 act, issuance through
//! the portal, every step: filing, completeness, review, signing), and the bytes a case and a
//! step take as stored JSON events with their hash chain. Run with
//! `cargo bench -p reglament-engine --bench cases`.
//!
//! Each case is decided and folded command by command exactly as the runtime does it (without
//! the store). One warm-up, then 10 samples of at least 300 ms; the median is compared with the
//! goal of issue 4 (100 000 cases per second); the process exits non-zero when it misses it.

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use reglament_calendar::{Calendar, WorkingTime};
use reglament_engine::chain::{GENESIS, link};
use reglament_engine::law::pinned;
use reglament_engine::{Actor, Case, Command, Event, Law, Outcome, apply};

/// The allocator the `reglament` binary runs the engine with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GOAL: f64 = 100_000.0;
const SAMPLES: usize = 10;
const SAMPLE_TIME: Duration = Duration::from_millis(300);

/// What each case is given: its applicant and provider, and the officials' commands in order,
/// each with its actor (inputs, made once: the engine's work is what is measured).
struct Script {
    applicant: Actor,
    file: Command,
    steps: Vec<(Actor, Command)>,
}

impl Script {
    fn new() -> Option<Self> {
        let applicant = "871008401427".parse().ok()?;
        let provider = "940140000385".parse().ok()?;
        let official = "760212350620".parse().ok()?;
        let by = |role: &str| Actor::Official { iin: official, provider, roles: vec![role.to_owned()] };
        let complete = |step: &str| Command::CompleteStep { step: step.into(), outcome: Outcome::Next };
        let licence = Command::IssueDocument {
            step: "sign-licence".into(),
            document: "licence".into(),
            number: "L-2026-940140000385-000001".into(),
            sha256: String::new(),
            signer: official,
        };
        Some(Self {
            applicant: Actor::Applicant { iin: applicant, entity: None },
            file: Command::File { applicant, entity: None, provider, filed_at: DateTime::<Utc>::MIN_UTC },
            steps: vec![
                (by("executor"), complete("completeness")),
                (by("executor"), complete("review")),
                (by("authorised-person"), licence),
                (by("authorised-person"), complete("sign-licence")),
            ],
        })
    }
}

/// One case through every step; returns its events.
fn run_case(law: &Law<'_>, script: &Script, filed_at: DateTime<Utc>) -> Option<Vec<Event>> {
    let mut events = Vec::with_capacity(16);
    let Command::File { applicant, entity, provider, .. } = &script.file else { return None };
    let file = Command::File { applicant: *applicant, entity: *entity, provider: *provider, filed_at };
    let d = apply(None, "C", &file, &script.applicant, filed_at, law).ok()?;
    let mut case = Case::replay("C", &d.events)?;
    events.extend(d.events);
    let mut now = filed_at;
    for (by, cmd) in &script.steps {
        now += TimeDelta::hours(20);
        let d = apply(Some(&case), "C", cmd, by, now, law).ok()?;
        for e in &d.events {
            case.evolve(e);
        }
        events.extend(d.events);
    }
    Some(events)
}

fn main() -> ExitCode {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations/moj-754-2021.toml");
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("cannot read {path}");
        return ExitCode::FAILURE;
    };
    let (Some(act), Ok(calendar)) = (reglament_regulation::read(path, &text).0, Calendar::builtin()) else {
        println!("the act or the calendar does not load");
        return ExitCode::FAILURE;
    };
    let acts = [act];
    let Some((act, service, variant)) = pinned(&acts, "moj-754-2021", "forensic-licence", "issuance-portal") else {
        println!("no issuance variant");
        return ExitCode::FAILURE;
    };
    let Ok(wt) = WorkingTime::new(calendar, service.schedule.clone()) else {
        println!("no working time");
        return ExitCode::FAILURE;
    };
    let law = Law { act, service, variant, wt: &wt };
    let start =
        DateTime::parse_from_rfc3339("2026-01-05T10:00:00+05:00").map(|t| t.with_timezone(&Utc)).unwrap_or_default();
    let filings: Vec<DateTime<Utc>> = (0..1024).map(|k| start + TimeDelta::minutes(97 * k)).collect();

    let Some(script) = Script::new() else {
        println!("the bench's script does not parse");
        return ExitCode::FAILURE;
    };
    let Some(sample_events) = run_case(&law, &script, start) else {
        println!("the case does not run");
        return ExitCode::FAILURE;
    };
    let run = || {
        let begin = Instant::now();
        let mut cases = 0u64;
        while begin.elapsed() < SAMPLE_TIME {
            for t in &filings {
                black_box(run_case(&law, &script, *t));
            }
            cases += filings.len() as u64;
        }
        cases as f64 / begin.elapsed().as_secs_f64()
    };
    run();
    let mut samples: Vec<f64> = (0..SAMPLES).map(|_| run()).collect();
    samples.sort_by(f64::total_cmp);
    let median = samples[SAMPLES / 2];
    let met = median >= GOAL;
    println!(
        "forensic-licence cases (2021, issuance, {} events each) in memory: median {:.0} cases/s, slowest {:.0} cases/s; goal {GOAL:.0} cases/s per core: {}",
        sample_events.len(),
        median,
        samples[0],
        if met { "met" } else { "MISSED" }
    );

    // Bytes stored: each event's JSON, its hash chain (two 64-hex hashes), its number, case id and
    // instant (8 + 8 + case id bytes), as the stores keep them (indexes not counted).
    let mut prev = GENESIS.to_owned();
    let mut bytes = 0usize;
    for (k, e) in sample_events.iter().enumerate() {
        let json = serde_json::to_string(e).unwrap_or_default();
        let seq = i64::try_from(k).unwrap_or(0) + 1;
        let hash = link(&prev, "C-20260105-100000000000", seq, start, &json);
        bytes += json.len() + prev.len() + hash.len() + 8 + 8 + "C-20260105-100000000000".len();
        prev = hash;
    }
    println!(
        "stored per case: {bytes} bytes in {} events ({} bytes per step transition of 4)",
        sample_events.len(),
        bytes / 4
    );
    if met { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
