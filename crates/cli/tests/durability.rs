//! Real processes on one database: two officials' processes completing the same step (one wins,
//! one is refused clearly), and a worker killed with SIGKILL while it carries a load of cases —
//! after a restart no case is lost, no escalation is recorded twice, every due timer has fired,
//! and every hash chain verifies. On SQLite always, on PostgreSQL when
//! `REGLAMENT_TEST_POSTGRES_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use reglament_testkit::actor_for;
use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};

use chrono::{DateTime, Duration, Utc};
use reglament_calendar::Calendar;
use reglament_engine::{Command, Event};
use reglament_runtime::Runtime;
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{CaseFilter, Store};

const REGULATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");

fn reglament(url: &str, args: &[&str]) -> Process {
    let mut p = Process::new(env!("CARGO_BIN_EXE_reglament"));
    p.args(args).args(["--database-url", url, "--regulations", REGULATIONS]).env_remove("REGLAMENT_DATABASE_URL");
    p
}

fn runtime(store: &reglament_store::AnyStore) -> Runtime {
    let mut paths: Vec<_> = std::fs::read_dir(REGULATIONS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let acts = paths
        .iter()
        .map(|p| reglament_regulation::read(&p.display().to_string(), &std::fs::read_to_string(p).unwrap()).0.unwrap())
        .collect();
    Runtime::new(store.clone(), acts, &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()))
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn two_officials(t: &TestStore) {
    let rt = runtime(&t.store);
    let file = Command::File {
        applicant: "871008401427".parse().unwrap(),
        entity: None,
        provider: "960240000025".parse().unwrap(),
        filed_at: at("2026-03-20T19:40:00+05:00"),
    };
    rt.file(
        "RACE",
        "forensic-licence",
        "issuance-portal",
        &file,
        &actor_for(&file),
        at("2026-03-20T19:41:00+05:00"),
        None,
    )
    .await
    .unwrap();
    // Two executors of the case's provider on its staff list, each acting through the command line.
    let officials = ["760212350620", "800416300257"];
    for iin in officials {
        let member = reglament_store::StaffMember {
            iin: iin.into(),
            provider_bin: "960240000025".into(),
            role: "executor".into(),
            name: "—".into(),
        };
        t.store.put_staff(&member).await.unwrap();
    }
    let children: Vec<_> = officials
        .iter()
        .map(|by| {
            let who = ["--as", by, "--provider", "960240000025", "--at", "2026-03-27T11:00"];
            reglament(&t.url, &[&["case", "complete", "RACE", "completeness"][..], &who[..]].concat())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outcomes: Vec<(bool, String)> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
        })
        .collect();
    assert_eq!(outcomes.iter().filter(|(ok, _)| *ok).count(), 1, "exactly one wins: {outcomes:?}");
    let loser = &outcomes.iter().find(|(ok, _)| !ok).unwrap().1;
    assert!(
        loser.contains("[store.conflict]") || loser.contains("[engine.step_not_active]"),
        "a clear refusal: {loser}"
    );
    let completions = rt
        .store()
        .events("RACE")
        .await
        .unwrap()
        .iter()
        .filter(|e| e.event.contains(r#""step_completed","step":"completeness""#))
        .count();
    assert_eq!(completions, 1);
}

async fn crash(t: &TestStore) {
    let rt = runtime(&t.store);
    let base = at("2026-02-02T10:00:00+05:00");
    let cases = 120;
    for k in 0..cases {
        let filed_at = base + Duration::minutes(37 * k);
        let file = Command::File {
            applicant: "871008401427".parse().unwrap(),
            entity: None,
            provider: "960240000025".parse().unwrap(),
            filed_at,
        };
        let variant = if k % 2 == 0 { "issuance-portal" } else { "reregistration-portal" };
        rt.file(&format!("L-{k:03}"), "forensic-licence", variant, &file, &actor_for(&file), filed_at, None)
            .await
            .unwrap();
    }
    let later = "2026-06-01T09:00";
    // A worker carries the load; it is killed after its first round of jobs.
    let mut worker = reglament(&t.url, &["worker", "--at", later, "--interval-ms", "50", "--name", "doomed"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(worker.stderr.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("the worker reports its rounds").unwrap();
        if line.contains("job(s) done") {
            break;
        }
    }
    Process::new("kill").args(["-KILL", &worker.id().to_string()]).status().unwrap();
    worker.wait().unwrap();
    // Its leases run out; a new worker (later in time) finishes the work.
    let after = "2026-06-01T09:10";
    for _ in 0..20 {
        let out = reglament(&t.url, &["worker", "--once", "--at", after, "--name", "heir"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        if !String::from_utf8_lossy(&out.stderr).contains("job(s) done") {
            break;
        }
    }
    let rows: Vec<_> = rt
        .store()
        .cases(&CaseFilter::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.id.starts_with("L-"))
        .collect();
    assert_eq!(rows.len(), usize::try_from(cases).unwrap(), "no case lost");
    for row in rows {
        let (_, case) = rt.load(&row.id).await.unwrap();
        assert_eq!(rt.verify(&row.id).await.unwrap(), None, "{} chain", row.id);
        let events = rt.store().events(&row.id).await.unwrap();
        let escalations: Vec<String> = events
            .iter()
            .filter_map(|e| match serde_json::from_str::<Event>(&e.event).unwrap() {
                Event::Escalated { clock, level, .. } => Some(format!("{clock:?}/{level:?}")),
                _ => None,
            })
            .collect();
        let mut unique = escalations.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), escalations.len(), "{}: an escalation recorded twice: {escalations:?}", row.id);
        assert!(
            case.fired.iter().any(|(c, l)| format!("{c:?}/{l:?}") == "Service/Breached"),
            "{}: the due service timer fired",
            row.id
        );
    }
    let left = rt
        .store()
        .claim_jobs("inspector", at("2026-06-01T09:20:00+05:00"), at("2026-06-01T09:21:00+05:00"), 1000)
        .await
        .unwrap();
    assert!(left.iter().all(|j| j.kind != "timer"), "no due timer left: {left:?}");
}

/// Runs `sql` on the server of `url` (connected to its `postgres` database).
async fn admin(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::{Connection as _, Executor as _};
    let (server, _) = url.rsplit_once('/').unwrap();
    let mut c = sqlx::PgConnection::connect(&format!("{server}/postgres")).await?;
    c.execute(sql).await?;
    c.close().await
}

/// Reads `lines` until one contains `text`.
fn until(lines: &mut impl Iterator<Item = std::io::Result<String>>, text: &str) -> String {
    loop {
        let line = lines.next().unwrap_or_else(|| panic!("the worker ended before saying `{text}`")).unwrap();
        if line.contains(text) {
            return line;
        }
    }
}

/// On PostgreSQL: the worker's database is taken away (its connections ended, the database
/// renamed) and given back; the worker says what failed, backs off, and goes on with the jobs.
async fn outage(t: &TestStore) {
    let name = t.url.rsplit('/').next().unwrap().to_owned();
    let filed_at = at("2026-03-02T10:00:00+05:00");
    let file = |filed_at| Command::File {
        applicant: "871008401427".parse().unwrap(),
        entity: None,
        provider: "960240000025".parse().unwrap(),
        filed_at,
    };
    let rt = runtime(&t.store);
    rt.file("O-1", "forensic-licence", "issuance-portal", &file(filed_at), &actor_for(&file(filed_at)), filed_at, None)
        .await
        .unwrap();
    let mut worker =
        reglament(&t.url, &["worker", "--at", "2026-06-01T09:00", "--interval-ms", "50", "--name", "hardy"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    let mut lines = BufReader::new(worker.stderr.take().unwrap()).lines();
    until(&mut lines, "job(s) done");
    t.store.close().await;
    let away = format!("{name}_away");
    let mut renamed = false;
    for _ in 0..50 {
        let end = format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        admin(&t.url, &end).await.unwrap();
        if admin(&t.url, &format!("ALTER DATABASE {name} RENAME TO {away}")).await.is_ok() {
            renamed = true;
            break;
        }
    }
    assert!(renamed, "the database could be taken away");
    let failed = until(&mut lines, "trying again in");
    assert!(failed.contains("[store."), "the failure is named: {failed}");
    assert!(worker.try_wait().unwrap().is_none(), "the worker did not exit");
    admin(&t.url, &format!("ALTER DATABASE {away} RENAME TO {name}")).await.unwrap();
    let store = reglament_store::AnyStore::connect(&t.url).await.unwrap();
    let back = runtime(&store);
    let later = at("2026-03-03T10:00:00+05:00");
    back.file("O-2", "forensic-licence", "issuance-portal", &file(later), &actor_for(&file(later)), later, None)
        .await
        .unwrap();
    until(&mut lines, "job(s) done");
    Process::new("kill").args(["-KILL", &worker.id().to_string()]).status().unwrap();
    worker.wait().unwrap();
    store.close().await;
}

#[tokio::test]
async fn the_worker_survives_its_database_going_away_and_coming_back() {
    for t in fresh_stores().await.unwrap() {
        if t.url.starts_with("postgres") {
            outage(&t).await;
        }
        t.finish().await.unwrap();
    }
}

#[tokio::test]
async fn processes_race_and_a_killed_worker_loses_nothing() {
    for t in fresh_stores().await.unwrap() {
        two_officials(&t).await;
        crash(&t).await;
        t.finish().await.unwrap();
    }
}
