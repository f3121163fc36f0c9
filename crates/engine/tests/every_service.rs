//! Every variant of every encoded seed service, run through the engine along its quickest route
//! to the result and its slowest route (the refusal and the hearing where the act has them):
//! each step is completed at the instant it falls due, and the engine's due instant of every
//! step must equal the one the forecast computes independently by adding the terms on the
//! calendar. The routes and instants are kept as a reviewed snapshot.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use reglament_calendar::{Calendar, WorkingTime};
use reglament_engine::clocks::clocks;
use reglament_engine::{Actor, Case, ClockId, Command, Law, Outcome, apply};
use reglament_lint::forecast::{Route, forecast};
use reglament_regulation::model::{Act, Process, RoleKind};

const APPLICANT: &str = "871008401427";
const OFFICIAL: &str = "760212350620";
const PROVIDER: &str = "940140000385";

/// The actor the act gives `step`: the applicant, the platform, or an official of the case's
/// provider holding the step's role.
fn performer(law: &Law<'_>, step: &str) -> Actor {
    let role = law.role_of(step).unwrap();
    match role.kind {
        RoleKind::Applicant => Actor::Applicant { iin: APPLICANT.parse().unwrap(), entity: None },
        RoleKind::Portal => Actor::System,
        RoleKind::Provider | RoleKind::Other | RoleKind::StateCorporation => Actor::Official {
            iin: OFFICIAL.parse().unwrap(),
            provider: PROVIDER.parse().unwrap(),
            roles: vec![role.id.clone()],
        },
    }
}

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

/// The outcome of `from` that leads to `to`.
fn outcome(process: &Process, from: &str, to: &str) -> Outcome {
    let s = process.steps.iter().find(|s| s.id == from).unwrap();
    if s.next.iter().any(|&n| process.steps[n].id == to) {
        return Outcome::Next;
    }
    let index = s.branches.iter().position(|(_, n)| process.steps[*n].id == to).unwrap();
    Outcome::Branch { index }
}

/// Drives the engine along `route`; returns mismatches.
fn drive(law: &Law<'_>, route: &Route, filed: DateTime<Utc>, name: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let process = law.process();
    let applicant = Actor::Applicant { iin: APPLICANT.parse().unwrap(), entity: None };
    let file = Command::File {
        applicant: APPLICANT.parse().unwrap(),
        entity: None,
        provider: PROVIDER.parse().unwrap(),
        filed_at: filed,
    };
    let d = apply(None, name, &file, &applicant, filed, law).unwrap();
    let mut case = Case::replay(name, &d.events).unwrap();
    let mut now = route.steps[0].due;
    for pair in route.steps.windows(2) {
        let (here, next) = (&pair[0], &pair[1]);
        if !case.active.contains_key(&here.step) {
            continue; // the filing completed the applicant's first step
        }
        if let Some((_, clock)) = clocks(&case, law).into_iter().find(|(c, _)| *c == ClockId::Step(here.step.clone())) {
            let due = clock.due(law.wt).unwrap().unwrap();
            if due != here.due {
                failures
                    .push(format!("{name}: step {} due {due} in the engine, {} in the forecast", here.step, here.due));
            }
        }
        now = now.max(here.due);
        let by = performer(law, &here.step);
        if let Some(document) = law.signed_by_official(&case, &here.step) {
            let issue = Command::IssueDocument {
                step: here.step.clone(),
                document: document.id.clone(),
                number: format!("L-{name}"),
                sha256: String::new(),
                signer: OFFICIAL.parse().unwrap(),
            };
            let d = apply(Some(&case), name, &issue, &by, now, law).unwrap_or_else(|e| panic!("{name}: {e}"));
            d.events.iter().for_each(|e| case.evolve(e));
        }
        let cmd = Command::CompleteStep { step: here.step.clone(), outcome: outcome(process, &here.step, &next.step) };
        let d = apply(Some(&case), name, &cmd, &by, now, law).unwrap_or_else(|e| panic!("{name}: {e}"));
        d.events.iter().for_each(|e| case.evolve(e));
    }
    failures
}

#[test]
fn every_seed_service_runs_its_routes_with_the_forecast_due_instants() {
    let acts = acts();
    let calendar = Calendar::builtin().unwrap();
    let mut report = String::new();
    let mut failures = Vec::new();
    let mut variants = 0;
    for act in &acts {
        for service in &act.services {
            let wt = WorkingTime::new(calendar.clone(), service.schedule.clone()).unwrap();
            let zone = calendar.zone();
            // A filing on the act's first Monday in force at 10:00, local time.
            let mut day = act.in_force_from;
            while chrono::Datelike::weekday(&day) != chrono::Weekday::Mon {
                day = day.succ_opt().unwrap();
            }
            let filed = day.and_hms_opt(10, 0, 0).unwrap().and_local_timezone(zone).unwrap().with_timezone(&Utc);
            for variant in &service.variants {
                variants += 1;
                let law = Law { act, service, variant, wt: &wt };
                let f = forecast(act, variant, &wt, filed).unwrap();
                let name = format!("{}/{}/{}", act.id.as_str(), service.id, variant.id);
                writeln!(report, "## {name} — filed {}", filed.with_timezone(&zone).format("%Y-%m-%d %H:%M")).unwrap();
                for (label, route) in [("quickest to the result", &f.best), ("slowest", &f.worst)] {
                    let Some(route) = route else { continue };
                    failures.extend(drive(&law, route, filed, &name));
                    let steps: Vec<String> = route
                        .steps
                        .iter()
                        .map(|s| format!("{}@{}", s.step, s.due.with_timezone(&zone).format("%m-%d %H:%M")))
                        .collect();
                    writeln!(report, "- {label}: {}", steps.join(" → ")).unwrap();
                }
                report.push('\n');
            }
        }
    }
    assert!(variants >= 30, "every variant of every seed act: {variants}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/every-service.md", &report);
}
