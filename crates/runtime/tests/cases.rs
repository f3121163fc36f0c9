//! Cases on every store: filing under the act in force, commands recorded with the hash chain,
//! idempotency keys, optimistic concurrency, timers carried out exactly once by the worker,
//! inboxes by role, and tampering detected.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_engine::{Case, Command, Outcome};
use reglament_regulation::model::Act;
use reglament_runtime::{Runtime, RuntimeError};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{Appended, CaseFilter, Store, StoreError};
use reglament_testkit::actor_for;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

/// The applicant 871008401427 files at `filed_at`.
fn filing(filed_at: DateTime<Utc>) -> Command {
    Command::File {
        applicant: "871008401427".parse().unwrap(),
        entity: None,
        provider: "960240000025".parse().unwrap(),
        filed_at,
    }
}

fn complete(step: &str) -> Command {
    Command::CompleteStep { step: step.into(), outcome: Outcome::Next }
}

/// A complaint about C-1: a case of its own under the complaint route of the 2021 act, lodged
/// with the provider for the quality-control body (forwarded within 3 working days, considered
/// there within 15).
async fn complaint(rt: &Runtime) {
    let lodged = filing(at("2026-04-06T10:00:00+05:00"));
    let (k, _) = rt
        .file_complaint("K-1", "C-1", &lodged, &actor_for(&lodged), at("2026-04-06T10:00:00+05:00"), None)
        .await
        .unwrap();
    assert_eq!((k.act.as_str(), k.concerns.as_deref()), ("moj-754-2021-complaint", Some("C-1")));
    let branch = |step: &str, index| Command::CompleteStep { step: step.into(), outcome: Outcome::Branch { index } };
    reglament_testkit::give(rt, "K-1", &branch("register", 1), at("2026-04-06T11:00:00+05:00")).await.unwrap();
    let due = |case: &Case, law: &reglament_engine::Law<'_>, step: &str| {
        reglament_engine::clocks::clocks(case, law)
            .into_iter()
            .find(|(c, _)| *c == reglament_engine::ClockId::Step(step.into()))
            .and_then(|(_, clock)| clock.due(law.wt).unwrap())
    };
    let (_, k) = rt.load("K-1").await.unwrap();
    assert_eq!(due(&k, &rt.law_of(&k).unwrap(), "forward-or-satisfy"), Some(at("2026-04-09T18:30:00+05:00")));
    reglament_testkit::give(rt, "K-1", &branch("forward-or-satisfy", 1), at("2026-04-08T10:00:00+05:00"))
        .await
        .unwrap();
    let (_, k) = rt.load("K-1").await.unwrap();
    assert_eq!(due(&k, &rt.law_of(&k).unwrap(), "consider-at-quality-body"), Some(at("2026-04-29T18:30:00+05:00")));
    reglament_testkit::give(rt, "K-1", &branch("consider-at-quality-body", 1), at("2026-04-20T10:00:00+05:00"))
        .await
        .unwrap();
    let (k, _) =
        reglament_testkit::give(rt, "K-1", &complete("rejected"), at("2026-04-20T11:00:00+05:00")).await.unwrap();
    assert_eq!(k.status, reglament_engine::Status::Closed(reglament_regulation::model::EndKind::Refusal));
}

/// Files `file` as case `id` of the 2021 forensic licence at `at`, by its applicant.
async fn file_as(rt: &Runtime, id: &str, file: &Command, at: DateTime<Utc>, key: Option<&str>) -> (Case, Appended) {
    rt.file(id, "forensic-licence", "issuance-portal", file, &actor_for(file), at, key).await.unwrap()
}

async fn story(t: &TestStore) {
    let rt = Runtime::new(t.store.clone(), acts(), &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
    let file = filing(at("2026-03-20T19:40:00+05:00"));
    let (case, appended) = file_as(&rt, "C-1", &file, at("2026-03-20T19:40:01+05:00"), Some("portal-req-1")).await;
    assert_eq!((case.act.as_str(), appended), ("moj-754-2021", Appended::Recorded), "pinned to the act in force");
    // The portal retries the same request: nothing is recorded twice.
    let again = file_as(&rt, "C-1", &file, at("2026-03-20T19:40:05+05:00"), Some("portal-req-1")).await;
    assert_eq!(again.1, Appended::Duplicate { case_id: "C-1".into(), version: 8 });
    assert_eq!(rt.store().events("C-1").await.unwrap().len(), 8);

    let inbox = rt
        .store()
        .cases(&CaseFilter { role: Some("executor".into()), open_only: true, ..CaseFilter::default() })
        .await
        .unwrap();
    assert_eq!(inbox.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["C-1"], "in the executor's inbox");

    // Two officials complete the same step from the same state: one wins, one gets a conflict.
    let now = at("2026-03-27T11:00:00+05:00");
    let (completeness, executor) = (complete("completeness"), actor_for(&complete("completeness")));
    let first = rt.prepare("C-1", &completeness, &executor, now).await.unwrap();
    let second = rt.prepare("C-1", &completeness, &executor, now).await.unwrap();
    assert_eq!(rt.commit(&first, None, None).await.unwrap(), Appended::Recorded);
    match rt.commit(&second, None, None).await {
        Err(RuntimeError::Store(StoreError::Conflict { case, expected })) => {
            assert_eq!((case.as_str(), expected), ("C-1", 8));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Reloaded, the second official sees the step is done.
    let err = rt.command("C-1", &completeness, &executor, now, None).await.unwrap_err();
    assert_eq!(err.code(), "engine.step_not_active");

    // Timers: nothing is due before Friday 3 April; after the term, the breach fires once.
    // The filing's notice and the five registry calls (journaled: no gateway).
    assert_eq!(reglament_testkit::done(rt.run_jobs("w1", at("2026-03-27T12:00:00+05:00"), 100).await.unwrap()), 6);
    let after_due = at("2026-04-06T09:00:00+05:00");
    let done = reglament_testkit::done(rt.run_jobs("w1", after_due, 100).await.unwrap());
    assert!(done >= 2, "timers for the service and the review: {done}");
    // The breaches enqueued a notice to the quality-control body; after it, nothing is left.
    assert_eq!(reglament_testkit::done(rt.run_jobs("w2", after_due, 100).await.unwrap()), 1, "the breach notice");
    assert_eq!(reglament_testkit::done(rt.run_jobs("w3", after_due, 100).await.unwrap()), 0, "each job runs once");
    let (_, case) = rt.load("C-1").await.unwrap();
    let fired: Vec<String> = case.fired.iter().map(|(c, l)| format!("{c:?}/{l:?}")).collect();
    assert_eq!(
        fired,
        ["Service/Approaching", "Service/Breached", "Step(\"review\")/Approaching", "Step(\"review\")/Breached"]
    );

    assert_eq!(rt.verify("C-1").await.unwrap(), None, "the chain verifies");

    // A batch records several transitions in one transaction; a conflicting one is rolled back
    // alone and reported in its place.
    for id in ["C-2", "C-3"] {
        file_as(&rt, id, &file, at("2026-03-20T19:41:00+05:00"), None).await;
    }
    let batch = [
        ("C-2".to_owned(), complete("completeness")),
        ("C-3".to_owned(), complete("completeness")),
        ("C-2".to_owned(), complete("completeness")),
        ("C-3".to_owned(), complete("no-such-step")),
    ];
    let results = rt.command_batch(&batch, &executor, now).await.unwrap();
    let codes: Vec<&str> = results.iter().map(|r| r.as_ref().map_or_else(RuntimeError::code, |_| "recorded")).collect();
    assert_eq!(codes, ["recorded", "recorded", "store.conflict", "engine.step_not_active"]);
    for id in ["C-2", "C-3"] {
        assert!(rt.load(id).await.unwrap().1.active.contains_key("review"), "{id} moved on once");
        assert_eq!(rt.verify(id).await.unwrap(), None);
    }
    let open = rt
        .store()
        .cases(&CaseFilter { act: Some("moj-754-2021".into()), open_only: true, ..CaseFilter::default() })
        .await
        .unwrap();
    let mut ids: Vec<&str> = open.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["C-1", "C-2", "C-3"]);

    // A document is issued only by signing its draft: the command alone records nothing.
    rt.command("C-2", &complete("review"), &executor, now, None).await.unwrap();
    let bare = Command::IssueDocument {
        step: "sign-licence".into(),
        document: "licence".into(),
        number: "L-2026-960240000025-000009".into(),
        sha256: "00".into(),
        signer: reglament_testkit::actors::OFFICIAL.parse().unwrap(),
    };
    let refused = reglament_testkit::give(&rt, "C-2", &bare, now).await.unwrap_err();
    assert_eq!(refused.code(), "document.unsigned");

    complaint(&rt).await;

    // Tampering with a stored event is detected.
    let tamper = "UPDATE case_events SET event = replace(event, '760212350620', '760212350621') WHERE case_id = 'C-1' AND seq = 9";
    if t.url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&t.url).await.unwrap();
        sqlx::query(tamper).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&t.url).await.unwrap();
        sqlx::query(tamper).execute(&pool).await.unwrap();
        pool.close().await;
    }
    let broken = rt.verify("C-1").await.unwrap().unwrap();
    assert_eq!(broken, (9, "the event was changed after it was recorded".into()));
}

#[tokio::test]
async fn cases_run_on_every_store() {
    for t in fresh_stores().await.unwrap() {
        eprintln!("cases on {}", t.store.backend());
        story(&t).await;
        t.finish().await.unwrap();
    }
}

/// The 2021 act and a copy of it as an amending version in force from 2027 (`steps` renamed as
/// given), for migrations.
fn versions(rename: Option<(&str, &str)>) -> Vec<Act> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations/moj-754-2021.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let mut amended = text
        .replace("id = \"moj-754-2021\"", "id = \"moj-999-2027\"")
        .replace("in_force_from = 2021-11-02", "in_force_from = 2027-01-01");
    if let Some((from, to)) = rename {
        amended = amended.replace(&format!("\"{from}\""), &format!("\"{to}\""));
    }
    let read = |name: &str, t: &str| reglament_regulation::read(name, t).0.unwrap();
    vec![read(path, &text), read("amended.toml", &amended)]
}

async fn migration_and_reprojection(t: &TestStore) {
    let calendar = Calendar::builtin().unwrap();
    let rt = Runtime::new(t.store.clone(), versions(None), &calendar)
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
    let file = filing(at("2026-05-25T12:00:00+05:00"));
    rt.file(
        "M-1",
        "forensic-licence",
        "reregistration-portal",
        &file,
        &actor_for(&file),
        at("2026-05-25T12:00:00+05:00"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(rt.load("M-1").await.unwrap().1.act, "moj-754-2021", "pinned to the version in force on the filing day");

    // Kurban Ait 2026 announced a day earlier (Tue 26 May): the 1-working-day completeness check
    // moves from Tue 26 to Wed 27 May; the 3-day term does not move.
    let change = reglament_calendar::CalendarChange {
        recorded_at: at("2026-05-20T09:00:00+05:00"),
        change: reglament_calendar::Change::KurbanAit { date: "2026-05-26".parse().unwrap() },
        source: "ДУМК (пример)".into(),
    };
    let newer =
        Calendar::new(&reglament_calendar::Dataset::builtin().unwrap().with_changes([&change]).unwrap()).unwrap();
    let moved = rt.reproject_open_cases(&newer, at("2026-05-25T13:00:00+05:00")).await.unwrap();
    assert_eq!(moved.len(), 1);
    let history = serde_json::to_string(&moved[0].1).unwrap();
    assert!(history.contains(r#""clock":{"clock":"step","id":"completeness"}"#), "{history}");
    assert!(
        history.contains("2026-05-26 Working → Holiday") && history.contains("2026-05-27 Holiday → Working"),
        "{history}"
    );
    assert!(!history.contains(r#""clock":{"clock":"service"}"#), "the term did not move: {history}");

    // Migration to the amended version: explicit, recorded, and refused without a counterpart.
    assert_eq!(
        rt.migrate("M-1", "moj-999-2027", "head", "приказ о переходе", at("2026-05-25T14:00:00+05:00")).await.unwrap(),
        Appended::Recorded
    );
    let (_, case) = rt.load("M-1").await.unwrap();
    assert_eq!(case.act, "moj-999-2027");
    let listed = rt
        .store()
        .cases(&CaseFilter { act: Some("moj-999-2027".into()), open_only: true, ..CaseFilter::default() })
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "listed under the new version");

    let renamed = Runtime::new(t.store.clone(), versions(Some(("completeness", "intake"))), &calendar).unwrap();
    rt.file(
        "M-2",
        "forensic-licence",
        "reregistration-portal",
        &file,
        &actor_for(&file),
        at("2026-05-25T12:00:00+05:00"),
        None,
    )
    .await
    .unwrap();
    let refused =
        renamed.migrate("M-2", "moj-999-2027", "head", "x", at("2026-05-25T14:00:00+05:00")).await.unwrap_err();
    assert_eq!(refused.code(), "engine.no_counterpart");
    assert!(refused.to_string().contains("completeness have no counterpart"), "{refused}");
    assert_eq!(rt.verify("M-1").await.unwrap(), None);
}

#[tokio::test]
async fn cases_migrate_between_versions_and_follow_calendar_changes() {
    for t in fresh_stores().await.unwrap() {
        migration_and_reprojection(&t).await;
        t.finish().await.unwrap();
    }
}
