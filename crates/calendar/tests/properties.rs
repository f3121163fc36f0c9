//! Laws of working-time arithmetic, checked on random instants across the covered years.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use reglament_calendar::{Budget, Calendar, DayCounting, Schedule, Unit, WorkingTime};

static WT: LazyLock<WorkingTime> =
    LazyLock::new(|| WorkingTime::new(Calendar::builtin().unwrap(), Schedule::seed_standard()).unwrap());

/// Instants from 2015-01-01 to mid-2026 (so that the sums stay inside the covered years).
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (1_420_070_400i64..1_782_777_600).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn counting() -> impl Strategy<Value = DayCounting> {
    prop_oneof![Just(DayCounting::EndOfDay), Just(DayCounting::FromInstant)]
}

fn days(t: DateTime<Utc>, n: u32, c: DayCounting) -> DateTime<Utc> {
    WT.add(t, Budget::new(n, Unit::WorkingDays), c).unwrap()
}

fn seconds(t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    WT.add(t, Budget::new(n, Unit::WorkingSeconds), DayCounting::EndOfDay).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn adding_days_is_additive(t in instant(), n in 0u32..150, m in 0u32..150, c in counting()) {
        prop_assert_eq!(days(days(t, n, c), m, c), days(t, n + m, c));
    }

    #[test]
    fn adding_working_time_is_additive(t in instant(), n in 0u32..400_000, m in 0u32..400_000) {
        prop_assert_eq!(seconds(seconds(t, n), m), seconds(t, n + m));
    }

    #[test]
    fn results_land_on_working_time(t in instant(), n in 0u32..300, secs in 0u32..1_000_000, c in counting()) {
        prop_assert!(WT.is_working_time(days(t, n, c)).unwrap());
        prop_assert!(WT.is_working_time(seconds(t, secs)).unwrap());
        prop_assert!(WT.is_working_time(WT.received(t).unwrap()).unwrap());
    }

    #[test]
    fn adding_is_monotonic(a in instant(), b in instant(), n in 0u32..200, m in 0u32..200, c in counting()) {
        let (a, b) = (a.min(b), a.max(b));
        prop_assert!(days(a, n, c) <= days(b, n, c));
        prop_assert!(days(a, n.min(m), c) <= days(a, n.max(m), c));
        prop_assert!(seconds(a, n * 97) <= seconds(b, n * 97));
        prop_assert!(seconds(a, n.min(m) * 97) <= seconds(a, n.max(m) * 97));
    }

    #[test]
    fn counting_between_inverts_adding(t in instant(), n in 0u32..300, secs in 0u32..1_000_000) {
        let due = days(t, n, DayCounting::EndOfDay);
        prop_assert_eq!(WT.between(t, due).unwrap().working_days, i64::from(n));
        let received = WT.received(t).unwrap();
        prop_assert_eq!(WT.between(received, seconds(t, secs)).unwrap().working_seconds, i64::from(secs));
    }

    #[test]
    fn a_term_is_never_shorter_than_its_working_time(t in instant(), n in 1u32..100) {
        // n working days, end of day, always contain at least n full working days of the schedule.
        let due = days(t, n, DayCounting::EndOfDay);
        let elapsed = WT.between(t, due).unwrap();
        prop_assert!(elapsed.working_seconds >= i64::from(n) * WT.schedule().day_length());
    }
}
