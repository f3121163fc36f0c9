//! Real cases from the seed acts: a filing, the steps of the regulation with their terms, and the
//! instant each is due — checked against dates computed by hand from the act and the official
//! calendar, and the explanation of each compared with a reviewed snapshot.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, Utc};
use reglament_calendar::{Budget, Calendar, DayCounting, Schedule, WorkingTime};
use reglament_domain::Language;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    title: String,
    hours: Schedule,
    filed: DateTime<FixedOffset>,
    received: DateTime<FixedOffset>,
    step: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    id: String,
    what: String,
    /// Counted forward from this event (`filed` or an earlier step's id)…
    after: Option<String>,
    /// …or backwards, "at least `term` before" this event.
    before: Option<String>,
    term: String,
    #[serde(default)]
    counting: Option<String>,
    due: DateTime<FixedOffset>,
}

#[test]
fn seed_act_cases_fall_due_when_the_law_says() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() >= 4);
    let calendar = Calendar::builtin().unwrap();
    let mut failures = Vec::new();
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let case: Case = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let wt = WorkingTime::new(calendar.clone(), case.hours.clone()).unwrap();
        let zone = wt.calendar().zone();
        let filed = case.filed.with_timezone(&Utc);
        let received = wt.received(filed).unwrap();
        if received != case.received {
            failures.push(format!("{name}: received {received}, expected {}", case.received));
        }
        let mut events: BTreeMap<String, DateTime<Utc>> = BTreeMap::from([("filed".to_owned(), filed)]);
        let mut report = format!("# {}\n\n", case.title);
        for step in &case.step {
            let term: Budget = step.term.parse().unwrap();
            let counting: DayCounting = step.counting.as_deref().unwrap_or("end-of-day").parse().unwrap();
            let due = match (&step.after, &step.before) {
                (Some(after), None) => {
                    let deadline = wt.explain(events[after], term, counting).unwrap();
                    writeln!(report, "## {} ({})", step.what, step.id).unwrap();
                    for line in deadline.lines(zone, Language::Ru) {
                        writeln!(report, "- {line}").unwrap();
                    }
                    deadline.due
                }
                (None, Some(before)) => {
                    let due = wt.subtract_working_days(events[before], term.amount).unwrap();
                    writeln!(
                        report,
                        "## {} ({})\n- не позднее {}",
                        step.what,
                        step.id,
                        reglament_calendar::words::instant(due, zone, Language::Ru)
                    )
                    .unwrap();
                    due
                }
                _ => panic!("{name}/{}: give exactly one of `after` and `before`", step.id),
            };
            if due != step.due {
                failures.push(format!("{name}/{}: due {}, expected {}", step.id, due.with_timezone(&zone), step.due));
            }
            events.insert(step.id.clone(), due);
            report.push('\n');
        }
        reglament_testkit::assert_snapshot(
            env!("CARGO_MANIFEST_DIR"),
            &format!("tests/snapshots/cases/{name}.md"),
            &report,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
