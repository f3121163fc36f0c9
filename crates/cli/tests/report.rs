//! `reglament report` on every store: the quality-control body's report on a period as text (in
//! Russian and Kazakh), CSV and JSON, with progress on standard error; a period that ends before
//! it begins is refused with its code.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests")]

use reglament_testkit::actor_for;
use std::process::Command as Process;

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_engine::{Command, Outcome};
use reglament_runtime::Runtime;
use reglament_store::testing::fresh_stores;

const REGULATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Runs the command; its success, standard output and standard error.
fn reglament(url: &str, args: &[&str]) -> (bool, String, String) {
    let out = Process::new(env!("CARGO_BIN_EXE_reglament"))
        .args(args)
        .args(["--database-url", url, "--regulations", REGULATIONS])
        .env_remove("REGLAMENT_DATABASE_URL")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

/// A licence granted in time (filed Mon 6 Apr 2026) and one left in review past its term (filed
/// Mon 20 Apr, due Tue 28 Apr).
async fn two_cases(rt: &Runtime) {
    let next = |step: &str| Command::CompleteStep { step: step.into(), outcome: Outcome::Next };
    for (id, filed) in [("R-1", "2026-04-06T10:00:00+05:00"), ("R-2", "2026-04-20T10:00:00+05:00")] {
        let file = Command::File {
            applicant: "871008401427".parse().unwrap(),
            entity: None,
            provider: "960240000025".parse().unwrap(),
            filed_at: at(filed),
        };
        rt.file(id, "forensic-licence", "issuance-portal", &file, &actor_for(&file), at(filed), None).await.unwrap();
    }
    reglament_testkit::give(rt, "R-1", &next("completeness"), at("2026-04-07T10:00:00+05:00")).await.unwrap();
    reglament_testkit::give(rt, "R-1", &next("review"), at("2026-04-09T10:00:00+05:00")).await.unwrap();
    reglament_testkit::issuing::issue(rt, "R-1", "sign-licence", at("2026-04-09T15:00:00+05:00")).await.unwrap();
    reglament_testkit::give(rt, "R-1", &next("sign-licence"), at("2026-04-09T15:00:00+05:00")).await.unwrap();
}

#[tokio::test]
async fn the_report_prints_as_text_csv_and_json_with_progress() {
    let acts: Vec<_> = reglament_testkit::regulation_files()
        .iter()
        .map(|(n, t)| reglament_regulation::read(n, t).0.unwrap())
        .collect();
    for t in fresh_stores().await.unwrap() {
        let rt = Runtime::new(t.store.clone(), acts.clone(), &Calendar::builtin().unwrap())
            .unwrap()
            .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
        two_cases(&rt).await;
        let period = ["report", "--from", "2026-04-01", "--to", "2026-04-30", "--at", "2026-05-04T12:00"];
        let (ok, text, progress) = reglament(&t.url, &period);
        assert!(ok, "{progress}");
        assert!(progress.contains("прочитано дел: 2/2"), "{progress}");
        assert!(text.starts_with("Отчёт за период: 2026-04-01 — 2026-04-30"), "{text}");
        assert!(
            text.contains("  заявления: подано 2, результат 1, отказ 0, отозвано 0, в срок 1, с нарушением срока 0, на рассмотрении 1, из них просрочено 1, нарушений срока 1, медиана, рабочих дней 2"),
            "{text}"
        );
        let (_, kk, _) = reglament(&t.url, &[&period[..], &["--lang", "kk"]].concat());
        assert!(kk.starts_with("Кезең бойынша есеп") && kk.contains("өтініштер: берілді 2"), "{kk}");
        let (_, csv, _) = reglament(&t.url, &[&period[..], &["--format", "csv"]].concat());
        assert_eq!(csv.lines().count(), 5, "the header, applications and complaints, and the totals: {csv}");
        assert!(csv.contains("forensic-licence,"), "{csv}");
        let (_, json, _) = reglament(&t.url, &[&period[..], &["--format", "json"]].concat());
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["applications"]["overdue"], 1, "{json}");
        let (ok, _, refused) =
            reglament(&t.url, &["report", "--from", "2026-04-30", "--to", "2026-04-01", "--at", "2026-05-04T12:00"]);
        assert!(!ok && refused.contains("[report.bad_period]"), "{refused}");
        t.finish().await.unwrap();
    }
}
