//! Every process of every encoded act draws; the forensic 2021 processes match reviewed SVG
//! snapshots (open them in a browser to look).

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use reglament_diagram::{interaction, layout, swimlane};
use reglament_domain::Language;

fn acts() -> Vec<reglament_regulation::model::Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

#[test]
fn every_process_draws_every_step_once_in_its_own_cell() {
    for act in acts() {
        for process in &act.processes {
            let l = layout(process);
            let mut cells = l.cells.clone();
            cells.sort_unstable();
            cells.dedup();
            assert_eq!(cells.len(), process.steps.len(), "{}/{}: two steps share a cell", act.id, process.id);
            for lang in Language::ALL {
                let svg = swimlane(&act, process, lang);
                assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
                for step in &process.steps {
                    assert!(
                        svg.contains(&format!(">{}", step.id)),
                        "{}/{}: step {} drawn",
                        act.id,
                        process.id,
                        step.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_service_variant_draws_its_functional_interaction() {
    for act in acts() {
        for service in &act.services {
            for variant in &service.variants {
                let process = &act.processes[variant.process];
                let svg = interaction(&act, service, process, Language::Ru);
                assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"), "{}/{}", act.id, variant.id);
            }
        }
    }
    let act = acts().into_iter().find(|a| a.id.as_str() == "moj-754-2021").unwrap();
    let svg = interaction(&act, &act.services[0], &act.processes[0], Language::Kk);
    reglament_testkit::assert_snapshot(
        env!("CARGO_MANIFEST_DIR"),
        "tests/snapshots/moj-754-2021-issuance-interaction-kk.svg",
        &svg,
    );
}

#[test]
fn the_forensic_2021_processes_match_their_snapshots() {
    let act = acts().into_iter().find(|a| a.id.as_str() == "moj-754-2021").unwrap();
    for process in &act.processes {
        for lang in Language::ALL {
            let svg = swimlane(&act, process, lang);
            let path = format!("tests/snapshots/moj-754-2021-{}-{lang}.svg", process.id);
            reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), &path, &svg);
        }
    }
}
