//! Deliberately broken act files yield every diagnostic, each with its line and column; every
//! encoded act in `regulations/` reads without one.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use reglament_domain::Language;
use reglament_regulation::{Severity, read};

fn files(dir: &str) -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn a_broken_file_yields_all_its_diagnostics_with_line_and_column() {
    for (name, text) in files(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/broken")) {
        let (act, diagnostics) = read(&name, &text);
        assert!(act.is_none(), "{name} must not resolve");
        let mut report = String::new();
        for lang in Language::ALL {
            for d in &diagnostics {
                report.push_str(&d.line(lang));
                report.push('\n');
            }
        }
        let stem = name.trim_end_matches(".toml");
        reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), &format!("tests/snapshots/{stem}.txt"), &report);
    }
}

#[test]
fn every_encoded_act_reads_without_errors() {
    let acts = files(concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations"));
    assert!(!acts.is_empty());
    for (name, text) in acts {
        let (act, diagnostics) = read(&name, &text);
        let errors: Vec<String> =
            diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.line(Language::Ru)).collect();
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
        assert!(act.is_some(), "{name}");
    }
}
