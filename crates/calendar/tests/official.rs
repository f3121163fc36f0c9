//! The working-day and working-hour counts match the official production calendars of Kazakhstan.
//!
//! Each `official/YYYY.toml` holds figures published by the Ministry of Labour (with their source)
//! and the day they were published; the calendar is compared as it was known on that day, so a
//! later amendment (Kurban Ait 2024, Republic Day 2022, Constitution Day 2026) does not hide a
//! mismatch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{NaiveDate, TimeZone, Utc};
use reglament_calendar::{Calendar, Dataset, Schedule, WorkingTime};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Official {
    year: i32,
    published: NaiveDate,
    #[allow(dead_code, reason = "kept in the file for the reader; the test only checks it is present")]
    source: String,
    working_days_by_month: Option<Vec<u32>>,
    working_days: u32,
    working_hours_40h_week: Option<i64>,
}

fn official_files() -> Vec<(String, Official)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/official");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("official figures directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable file");
            let name = p.file_name().expect("file name").to_string_lossy().into_owned();
            let parsed = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, parsed)
        })
        .collect()
}

#[test]
fn counts_match_the_official_production_calendars() {
    let files = official_files();
    assert!(files.len() >= 4, "the official figures of at least 2020, 2022, 2024 and 2026 are kept");
    let base = Dataset::builtin_unamended().expect("built-in dataset");
    let mut failures = Vec::new();
    for (name, official) in files {
        let known_at = Utc.from_utc_datetime(&official.published.and_hms_opt(23, 59, 59).expect("time"));
        let dataset = base.as_known_at(known_at).expect("amendments apply");
        let calendar = Calendar::new(&dataset).expect("calendar builds");
        let wt = WorkingTime::new(calendar, Schedule::seed_standard()).expect("working time");
        let summary = wt.year_summary(official.year).expect("covered year");
        let months: Vec<u32> = summary.months.iter().map(|m| m.working_days).collect();
        if let Some(expected) = &official.working_days_by_month
            && *expected != months
        {
            failures.push(format!("{name}: months {months:?}, official {expected:?}"));
        }
        if summary.working_days != official.working_days {
            failures.push(format!("{name}: {} working days, official {}", summary.working_days, official.working_days));
        }
        if let Some(hours) = official.working_hours_40h_week
            && summary.working_seconds / 3600 != hours
        {
            failures.push(format!("{name}: {} working hours, official {hours}", summary.working_seconds / 3600));
        }
    }
    assert!(failures.is_empty(), "mismatches with the official calendars:\n{}", failures.join("\n"));
}
