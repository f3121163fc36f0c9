//! The quality-control body's report, data-driven: each file in `tests/reports/` lists cases with
//! their commands at given instants (applications and complaints) and the period and instant of
//! the report; the cases are run on every store, and the report — its CSV in Kazakh and Russian,
//! the refusal grounds cited and the steps past their terms — is compared with a reviewed
//! snapshot.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use reglament_testkit::actor_for;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use reglament_calendar::Calendar;
use reglament_domain::{Iin, Language};
use reglament_engine::Command;
use reglament_regulation::model::Act;
use reglament_runtime::report::{Period, Report};
use reglament_runtime::{Runtime, RuntimeError};
use reglament_store::testing::fresh_stores;
use reglament_store::{CaseFilter, Store};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    from: NaiveDate,
    to: NaiveDate,
    as_of: DateTime<FixedOffset>,
    case: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    /// The service and variant of an application.
    service: Option<String>,
    variant: Option<String>,
    /// The case a complaint is about.
    about: Option<String>,
    filed: DateTime<FixedOffset>,
    #[serde(default)]
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    at: DateTime<FixedOffset>,
    command: Command,
}

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

async fn run(rt: &Runtime, scenario: &Scenario) -> Report {
    let applicant: Iin = "871008401427".parse().unwrap();
    for c in &scenario.case {
        let at = c.filed.with_timezone(&Utc);
        let filing = Command::File { applicant, entity: None, provider: "960240000025".parse().unwrap(), filed_at: at };
        match (&c.about, &c.service, &c.variant) {
            (Some(about), None, None) => rt.file_complaint(&c.id, about, &filing, &actor_for(&filing), at, None).await,
            (None, Some(service), Some(variant)) => {
                rt.file(&c.id, service, variant, &filing, &actor_for(&filing), at, None).await
            }
            _ => panic!("{}: an application names its service and variant, a complaint what it is about", c.id),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", c.id));
        for s in &c.steps {
            let at = s.at.with_timezone(&Utc);
            let done = match &s.command {
                Command::IssueDocument { step, .. } => {
                    reglament_testkit::issuing::issue(rt, &c.id, step, at).await.map(|_| ())
                }
                command => rt.command(&c.id, command, &actor_for(command), at, None).await.map(|_| ()),
            };
            done.unwrap_or_else(|e| panic!("{} at {}: {e}", c.id, s.at));
        }
    }
    rt.report(Period::new(scenario.from, scenario.to).unwrap(), scenario.as_of.with_timezone(&Utc)).await.unwrap()
}

fn render(report: &Report) -> String {
    let mut out = String::new();
    for lang in [Language::Ru, Language::Kk] {
        writeln!(out, "## CSV ({})\n\n```csv\n{}```\n", lang.code(), report.to_csv(lang).replace("\r\n", "\n"))
            .unwrap();
    }
    for line in &report.lines {
        writeln!(out, "## {}", line.service).unwrap();
        for g in &line.grounds {
            writeln!(out, "- refusal ground `{}` ({}): {} cases", g.id, g.cite, g.cases).unwrap();
        }
        for s in &line.late_steps {
            writeln!(out, "- step `{}` past its term ({}): {} cases", s.id, s.cite, s.cases).unwrap();
        }
        let days = &line.applications.decision_days;
        writeln!(out, "- working days to decision: {days:?}; complaints: {:?}", line.complaints.decision_days).unwrap();
        writeln!(out, "- breached: {:?}; complaints: {:?}", line.applications.breached, line.complaints.breached)
            .unwrap();
    }
    out
}

#[tokio::test]
async fn the_report_counts_every_case_of_the_period_by_its_term_on_every_backend() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reports");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    for t in fresh_stores().await.unwrap() {
        for file in &files {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let scenario: Scenario =
                toml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
            let rt = Runtime::new(t.store.clone(), acts(), &Calendar::builtin().unwrap())
                .unwrap()
                .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
            let report = run(&rt, &scenario).await;
            // The store narrows the cases to those filed since an instant (the report's first cut).
            let since = scenario.from.and_hms_opt(0, 0, 0).unwrap().and_utc();
            let filter = CaseFilter { filed_since: Some(since), ..CaseFilter::default() };
            let narrowed = t.store.cases(&filter).await.unwrap();
            let early: Vec<_> =
                scenario.case.iter().filter(|c| c.filed.with_timezone(&Utc) < since).map(|c| &c.id).collect();
            assert!(
                !early.is_empty() && narrowed.iter().all(|r| !early.contains(&&r.id) && r.filed_at >= since),
                "{narrowed:?}"
            );
            assert_eq!(narrowed.len() + early.len(), scenario.case.len());
            let text = format!("# {name}\n\n{}", render(&report));
            reglament_testkit::assert_snapshot(
                env!("CARGO_MANIFEST_DIR"),
                &format!("tests/snapshots/report-{name}.md"),
                &text,
            );
        }
        t.finish().await.unwrap();
    }
}

#[test]
fn a_period_that_ends_before_it_begins_is_refused() {
    let day = |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let err = Period::new(day("2026-04-30"), day("2026-04-01")).unwrap_err();
    assert!(matches!(err, RuntimeError::BadPeriod { .. }));
    assert_eq!(err.code(), "report.bad_period");
    assert!(err.to_string().contains("2026-04-01"), "{err}");
}
