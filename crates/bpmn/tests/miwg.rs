//! The OMG MIWG reference models A.* and B.* and the same models as exported (and round-tripped)
//! by three modelling tools: every file imports, every element outside the supported subset is
//! named, and the element counts are kept as a reviewed table. Where a tool's file has the
//! counts of the reference, it is asserted; where a tool lost or added elements, the table shows it.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use reglament_bpmn::import;

const MIWG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/miwg");

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    out.sort();
    out
}

fn describe(counts: &BTreeMap<&str, usize>) -> String {
    counts.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
}

#[test]
fn the_miwg_models_import_with_the_reference_counts_or_named_exclusions() {
    let mut table = String::from("# MIWG A and B: elements read, and elements outside the supported subset\n\n");
    let mut faithful = Vec::new();
    for reference in files(&Path::new(MIWG).join("Reference")) {
        let model = reference.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&reference).unwrap();
        let expected = import(&text).unwrap();
        writeln!(table, "## {model}\nreference: {}", describe(&expected.counts())).unwrap();
        let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &expected.skipped {
            *skipped.entry(s.element.as_str()).or_insert(0) += 1;
        }
        writeln!(table, "outside the subset: {}", describe(&skipped)).unwrap();
        for tool in files(Path::new(MIWG)).into_iter().filter(|p| p.is_dir() && !p.ends_with("Reference")) {
            for kind in ["export", "roundtrip"] {
                let path = tool.join(format!("{model}-{kind}.bpmn"));
                let Ok(bytes) = std::fs::read(&path) else { continue };
                let got =
                    import(&String::from_utf8_lossy(&bytes)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let name = format!("{}/{model}-{kind}", tool.file_name().unwrap().to_string_lossy());
                if got.counts() == expected.counts() {
                    faithful.push(name.clone());
                    writeln!(table, "- {name}: as the reference ({} outside the subset)", got.skipped.len()).unwrap();
                } else {
                    writeln!(table, "- {name}: {} ({} outside the subset)", describe(&got.counts()), got.skipped.len())
                        .unwrap();
                }
            }
        }
        table.push('\n');
    }
    assert!(faithful.len() >= 30, "most tool files keep the reference's counts: {faithful:?}");
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/miwg.md", &table);
}

#[test]
fn the_importer_never_panics_and_explains_what_it_cannot_read() {
    for (input, expected) in [
        ("", "not well-formed XML"),
        ("<definitions", "not well-formed XML"),
        ("<html/>", "not BPMN 2.0 `definitions`"),
        (r#"<definitions xmlns="urn:other"/>"#, "not BPMN 2.0 `definitions`"),
    ] {
        assert!(import(input).unwrap_err().contains(expected), "{input}");
    }
    // Truncations of a real file at every 499th byte: an error or a model, never a panic.
    let text = std::fs::read_to_string(Path::new(MIWG).join("Reference/B.2.0.bpmn")).unwrap();
    for cut in (0..text.len()).step_by(499).filter(|c| text.is_char_boundary(*c)) {
        let _ = import(&text[..cut]);
    }
}
