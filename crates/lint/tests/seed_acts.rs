//! The seed acts, which are known to be faulty, linted with their findings kept as reviewed
//! expectations: a change in the encodings or the checks shows up as a diff of this snapshot.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use std::fmt::Write as _;

use reglament_calendar::Calendar;
use reglament_domain::{Language, MciTable};
use reglament_lint::{Context, lint};
use reglament_regulation::read;

#[test]
fn the_seed_acts_findings_match_the_reviewed_snapshot() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut acts = Vec::new();
    for path in &paths {
        let name = format!("regulations/{}", path.file_name().unwrap().to_string_lossy());
        let (act, diagnostics) = read(&name, &std::fs::read_to_string(path).unwrap());
        assert!(diagnostics.is_empty(), "{name} reads without diagnostics: {diagnostics:#?}");
        acts.push(act.unwrap());
    }
    let calendar = Calendar::builtin().unwrap();
    let mci = MciTable::embedded().unwrap();
    let findings = lint(&acts, &Context { calendar: &calendar, mci: &mci });
    let mut report = String::new();
    for lang in Language::ALL {
        writeln!(report, "## {lang}").unwrap();
        for f in &findings {
            writeln!(report, "{}", f.line(lang)).unwrap();
        }
        writeln!(report).unwrap();
    }
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/seed-acts.md", &report);
}
