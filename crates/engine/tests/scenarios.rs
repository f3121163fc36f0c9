//! Seed services run through their normal path, their refusal path and their hearing: each
//! scenario is a list of commands at given instants; the events, actions and the due instants of
//! every running clock after each command are compared with a reviewed snapshot, and the
//! scenario's own `expect` lines (due instants computed by hand from the act) are asserted.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, Utc};
use reglament_calendar::{Calendar, WorkingTime};
use reglament_engine::clocks::clocks;
use reglament_engine::law::pinned;
use reglament_engine::{Actor, Case, ClockId, Command, Law, apply};
use reglament_regulation::model::Act;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    title: String,
    act: String,
    service: String,
    variant: String,
    /// Actors named by the steps' `by` beyond the usual ones: `applicant` (the case's), `system`,
    /// and any other word as an official of the case's provider holding the role of that id.
    #[serde(default)]
    actors: BTreeMap<String, Actor>,
    step: Vec<Step>,
}

/// The official's IIN and the provider's BIN the scenarios' officials act with.
const OFFICIAL: &str = "760212350620";
const PROVIDER: &str = "940140000385";

/// The actor a step's `by` names.
fn actor(scenario: &Scenario, case: Option<&Case>, command: &Command, by: &str) -> Actor {
    if let Some(actor) = scenario.actors.get(by) {
        return actor.clone();
    }
    match by {
        "system" => Actor::System,
        "applicant" => match (case, command) {
            (Some(c), _) => Actor::Applicant { iin: c.applicant, entity: c.entity },
            (None, Command::File { applicant, entity, .. }) => Actor::Applicant { iin: *applicant, entity: *entity },
            (None, _) => Actor::System,
        },
        role => Actor::Official {
            iin: OFFICIAL.parse().unwrap(),
            provider: PROVIDER.parse().unwrap(),
            roles: vec![role.to_owned()],
        },
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    at: DateTime<FixedOffset>,
    /// Who gives the command (see [`actor`]).
    #[serde(default = "system")]
    by: String,
    command: Command,
    /// Expected due instants after the command: `service`, `step:<id>`, `hearing`.
    #[serde(default)]
    expect: BTreeMap<String, DateTime<FixedOffset>>,
    /// Expected error code, when the command must be refused.
    error: Option<String>,
    /// Expected status after the command.
    status: Option<String>,
}

fn system() -> String {
    "system".into()
}

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

fn key(id: &ClockId) -> String {
    match id {
        ClockId::Service => "service".into(),
        ClockId::Step(s) => format!("step:{s}"),
        ClockId::Hearing => "hearing".into(),
        ClockId::Notice => "notice".into(),
    }
}

#[test]
fn seed_services_run_their_paths_with_the_due_instants_of_the_act() {
    let acts = acts();
    let calendar = Calendar::builtin().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5);
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let scenario: Scenario =
            toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (act, service, variant) = pinned(&acts, &scenario.act, &scenario.service, &scenario.variant).unwrap();
        let wt = WorkingTime::new(calendar.clone(), service.schedule.clone()).unwrap();
        let law = Law { act, service, variant, wt: &wt };
        let zone = calendar.zone();
        let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%a %Y-%m-%d %H:%M").to_string();
        let mut case: Option<Case> = None;
        let mut report = format!("# {}\n\n", scenario.title);
        for (k, step) in scenario.step.iter().enumerate() {
            let now = step.at.with_timezone(&Utc);
            writeln!(report, "## {} — {} by {}", local(now), serde_json::to_string(&step.command).unwrap(), step.by)
                .unwrap();
            let by = actor(&scenario, case.as_ref(), &step.command, &step.by);
            match apply(case.as_ref(), &name, &step.command, &by, now, &law) {
                Err(e) => {
                    writeln!(report, "refused: [{}] {e}\n", e.code()).unwrap();
                    if step.error.as_deref() != Some(e.code()) {
                        failures.push(format!("{name} #{k}: refused with {} ({e})", e.code()));
                    }
                    continue;
                }
                Ok(decision) => {
                    if let Some(code) = &step.error {
                        failures.push(format!("{name} #{k}: expected refusal {code}"));
                    }
                    for e in &decision.events {
                        writeln!(report, "- event {}", serde_json::to_string(e).unwrap()).unwrap();
                    }
                    for a in &decision.actions {
                        writeln!(report, "- action {}", serde_json::to_string(a).unwrap()).unwrap();
                    }
                    match &mut case {
                        None => case = Case::replay(&name, &decision.events),
                        Some(c) => decision.events.iter().for_each(|e| c.evolve(e)),
                    }
                }
            }
            let c = case.as_ref().unwrap();
            let mut dues = BTreeMap::new();
            for (id, clock) in clocks(c, &law) {
                if let Some(due) = clock.due(&wt).unwrap() {
                    dues.insert(key(&id), due);
                }
            }
            let status = format!("{:?}", c.status).to_lowercase();
            writeln!(
                report,
                "status {status}; due: {}\n",
                dues.iter().map(|(k, d)| format!("{k} {}", local(*d))).collect::<Vec<_>>().join(", ")
            )
            .unwrap();
            for (clock, expected) in &step.expect {
                if dues.get(clock).copied() != Some(expected.with_timezone(&Utc)) {
                    failures.push(format!(
                        "{name} #{k}: {clock} due {:?}, expected {expected}",
                        dues.get(clock).map(|d| local(*d))
                    ));
                }
            }
            if let Some(expected) = &step.status
                && *expected != status
            {
                failures.push(format!("{name} #{k}: status {status}, expected {expected}"));
            }
        }
        reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), &format!("tests/snapshots/{name}.md"), &report);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
