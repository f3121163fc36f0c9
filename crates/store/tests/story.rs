//! One story, run on every backend: migrations apply from empty, and what is written is read back
//! identical — here the calendar's effective-dated changes, which then move a deadline.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::{Budget, Calendar, CalendarChange, Change, Dataset, DayCounting, Schedule, WorkingTime};
use reglament_store::testing::fresh_stores;
use reglament_store::{AnyStore, Store};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn story(store: &AnyStore) {
    store.ping().await.unwrap();
    assert!(store.calendar_changes().await.unwrap().is_empty(), "a fresh store has no changes");

    let late_kurban_ait = CalendarChange {
        recorded_at: at("2026-05-20T09:15:30.123456789+05:00"),
        change: Change::KurbanAit { date: "2026-05-26".parse().unwrap() },
        source: "ДУМК, сообщение от 20.05.2026 (пример)".into(),
    };
    let transfer = CalendarChange {
        recorded_at: at("2026-04-01T10:00:00+05:00"),
        change: Change::Transfer { working: "2026-12-19".parse().unwrap(), day_off: "2026-12-18".parse().unwrap() },
        source: "Приказ МТСЗН (пример)".into(),
    };
    let first = store.record_calendar_change(&late_kurban_ait).await.unwrap();
    let second = store.record_calendar_change(&transfer).await.unwrap();
    assert_ne!(first, second);

    let stored = store.calendar_changes().await.unwrap();
    let changes: Vec<CalendarChange> = stored.iter().map(|s| s.change.clone()).collect();
    let mut expected_first = late_kurban_ait.clone();
    expected_first.recorded_at = at("2026-05-20T09:15:30.123456+05:00");
    assert_eq!(changes, [transfer, expected_first], "read back identical, in order of recording");
    assert_eq!(stored.iter().map(|s| s.id).collect::<Vec<_>>(), [second, first]);

    let calendar = Calendar::new(&Dataset::builtin().unwrap().with_changes(&changes).unwrap()).unwrap();
    let wt = WorkingTime::new(calendar, Schedule::seed_standard()).unwrap();
    let due = wt.add(
        at("2026-05-25T12:00:00+05:00"),
        Budget::new(1, reglament_calendar::Unit::WorkingDays),
        DayCounting::EndOfDay,
    );
    assert_eq!(due.unwrap(), at("2026-05-27T18:30:00+05:00"), "the stored change is in force");
}

#[tokio::test]
async fn the_store_story_holds_on_every_backend() {
    let stores = fresh_stores().await.unwrap();
    for test_store in stores {
        eprintln!("store story on {}", test_store.store.backend());
        story(&test_store.store).await;
        test_store.finish().await.unwrap();
    }
}

#[tokio::test]
async fn migrations_are_idempotent_across_instances() {
    for test_store in fresh_stores().await.unwrap() {
        // A second instance connecting to the same database finds the schema current.
        let again = AnyStore::connect(&test_store.url).await.unwrap();
        again.ping().await.unwrap();
        again.close().await;
        test_store.finish().await.unwrap();
    }
}

#[tokio::test]
async fn an_unknown_url_is_refused_by_name() {
    let err = AnyStore::connect("mysql://localhost/x").await.unwrap_err();
    assert_eq!(err.code(), "store.unsupported_url");
    assert!(err.to_string().contains("mysql://localhost/x"));
}
