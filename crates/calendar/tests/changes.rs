//! Late announcements: re-projecting open clocks when the calendar changes, and legal clocks with
//! suspensions and extensions.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::{
    Budget, Calendar, CalendarChange, Change, ClockState, Dataset, DayCounting, DayKind, Extension, LegalClock,
    Schedule, Suspension, Unit, WorkingTime, reproject,
};
use reglament_domain::Localized;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn working_time(dataset: &Dataset) -> WorkingTime {
    WorkingTime::new(Calendar::new(dataset).unwrap(), Schedule::seed_standard()).unwrap()
}

/// Kurban Ait 2024 was first announced for Mon 17 Jun and moved to Sun 16 Jun on 7 Jun 2024.
/// Clocks open on that day whose terms cross 17 Jun end a working day earlier; the others stay.
#[test]
fn the_late_kurban_ait_of_2024_moves_exactly_the_clocks_that_cross_it() {
    let base = Dataset::builtin_unamended().unwrap();
    let before = working_time(&base.as_known_at(at("2024-06-06T00:00:00Z")).unwrap());
    let after = working_time(&base.as_known_at(at("2024-06-08T00:00:00Z")).unwrap());
    let clocks = [
        (
            "crosses",
            LegalClock::new(at("2024-06-12T10:00:00+05:00"), Budget::new(5, Unit::WorkingDays), DayCounting::EndOfDay),
        ),
        (
            "ends-before",
            LegalClock::new(at("2024-06-10T10:00:00+05:00"), Budget::new(3, Unit::WorkingDays), DayCounting::EndOfDay),
        ),
        (
            "hours",
            LegalClock::new(at("2024-06-14T17:00:00+05:00"), Budget::new(4, Unit::WorkingHours), DayCounting::EndOfDay),
        ),
    ];
    let moved = reproject(clocks.iter().map(|(k, c)| (k, c)), &before, &after).unwrap();
    let summary: Vec<String> =
        moved.iter().map(|m| format!("{}: {} -> {}", m.key, m.before.unwrap(), m.after.unwrap())).collect();
    assert_eq!(
        summary,
        [
            "crosses: 2024-06-20 13:30:00 UTC -> 2024-06-19 13:30:00 UTC",
            "hours: 2024-06-18 06:30:00 UTC -> 2024-06-17 06:30:00 UTC",
        ]
    );
    let why = &moved[0].because;
    assert_eq!(why.len(), 2, "Sun 16 Jun became Kurban Ait, Mon 17 Jun a working day: {why:?}");
    assert_eq!((why[0].1.kind, why[1].0.kind, why[1].1.kind), (DayKind::Holiday, DayKind::Holiday, DayKind::Working));
}

#[test]
fn a_kurban_ait_announced_a_day_earlier_moves_a_one_day_term() {
    let change = CalendarChange {
        recorded_at: at("2026-05-20T09:00:00+05:00"),
        change: Change::KurbanAit { date: "2026-05-26".parse().unwrap() },
        source: "ДУМК (пример)".into(),
    };
    let base = Dataset::builtin().unwrap();
    let (old, new) = (working_time(&base), working_time(&base.with_changes([&change]).unwrap()));
    let clock =
        LegalClock::new(at("2026-05-25T12:00:00+05:00"), Budget::new(1, Unit::WorkingDays), DayCounting::EndOfDay);
    let moved = reproject([(&"c", &clock)], &old, &new).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].before.unwrap(), at("2026-05-26T18:30:00+05:00"));
    assert_eq!(moved[0].after.unwrap(), at("2026-05-27T18:30:00+05:00"));
    let days: Vec<String> =
        moved[0].because.iter().map(|(a, b)| format!("{} {:?}->{:?}", a.date, a.kind, b.kind)).collect();
    assert_eq!(days, ["2026-05-26 Working->Holiday", "2026-05-27 Holiday->Working"]);
}

#[test]
fn suspensions_and_extensions_move_the_derived_due_instant() {
    let wt = working_time(&Dataset::builtin().unwrap());
    let mut clock =
        LegalClock::new(at("2026-04-06T10:00:00+05:00"), Budget::new(6, Unit::WorkingDays), DayCounting::EndOfDay);
    assert_eq!(clock.state(&wt).unwrap(), ClockState::Running { due: at("2026-04-14T18:30:00+05:00") });
    clock.suspensions.push(Suspension {
        from: at("2026-04-08T11:00:00+05:00"),
        to: None,
        reason: Localized::new_static("құжаттарды толықтыру", "дополнение документов"),
        basis: "пример".into(),
    });
    assert_eq!(clock.state(&wt).unwrap(), ClockState::Suspended { since: at("2026-04-08T11:00:00+05:00") });
    clock.suspensions[0].to = Some(at("2026-04-10T11:00:00+05:00"));
    // Thursday 9 April is the one complete working day lost.
    assert_eq!(clock.due(&wt).unwrap(), Some(at("2026-04-15T18:30:00+05:00")));
    clock.extensions.push(Extension {
        by: Budget::new(1, Unit::WorkingDays),
        reason: Localized::new_static("тыңдау", "заслушивание"),
        basis: "moj-754-2021, п. 9-1".into(),
    });
    assert_eq!(clock.due(&wt).unwrap(), Some(at("2026-04-16T18:30:00+05:00")));
    clock.extensions.push(Extension {
        by: Budget::new(8, Unit::WorkingHours),
        reason: Localized::new_static("қате", "ошибка"),
        basis: "—".into(),
    });
    assert_eq!(clock.due(&wt).unwrap_err().code(), "calendar.budget");
}
