//! Every covered year at a glance, compared with a reviewed snapshot: working days per month,
//! totals, and every holiday, moved and transferred day with its source.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::fmt::Write as _;

use reglament_calendar::{Calendar, Schedule, WorkingTime, day_line};
use reglament_domain::Language;

#[test]
fn every_covered_year_matches_its_snapshot() {
    let wt = WorkingTime::new(Calendar::builtin().unwrap(), Schedule::seed_standard()).unwrap();
    let mut out = String::new();
    for year in wt.calendar().first_year()..=wt.calendar().last_year() {
        let s = wt.year_summary(year).unwrap();
        let months: Vec<String> = s.months.iter().map(|m| m.working_days.to_string()).collect();
        writeln!(
            out,
            "## {year}: {} working days, {} h — by month {}",
            s.working_days,
            s.working_seconds / 3600,
            months.join(" ")
        )
        .unwrap();
        for day in &s.notable {
            writeln!(out, "- {}", day_line(day, Language::Ru)).unwrap();
        }
        writeln!(out).unwrap();
    }
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/years.md", &out);
}

#[test]
fn known_moves_land_where_the_ministry_put_them() {
    let calendar = Calendar::builtin().unwrap();
    let off = |y, m, d| !calendar.day(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()).unwrap().kind.is_working();
    // Nauryz 2026: Sat 21 and Sun 22 move to Tue 24 and Wed 25 (Mon 23 is Nauryz itself).
    assert!(off(2026, 3, 23) && off(2026, 3, 24) && off(2026, 3, 25) && !off(2026, 3, 26));
    // 2024: Sat 4 May worked, Wed 8 May off; Kurban Ait on Sun 16 Jun not moved, Mon 17 Jun worked.
    assert!(!off(2024, 5, 4) && off(2024, 5, 8) && !off(2024, 6, 17));
    // 2025: Sun 5 Jan worked, Fri 3 Jan off.
    assert!(!off(2025, 1, 5) && off(2025, 1, 3));
    // 2020: the day off moved from Victory Day (Sat 9 May) to Mon 11 May was transferred to Fri 8 May.
    assert!(off(2020, 5, 8) && !off(2020, 5, 11));
}
