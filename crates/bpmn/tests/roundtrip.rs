//! Every encoded process exported as BPMN 2.0 reads back as the same process (steps, roles,
//! terms, successors, conditions, ends), and validates against the OMG BPMN 2.0 XML schema when
//! `xmllint` is available (CI sets `REGLAMENT_REQUIRE_XMLLINT=1` to make it required).

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::collections::{BTreeMap, BTreeSet};

use reglament_bpmn::{Imported, NodeKind, export, import};
use reglament_domain::Language;
use reglament_regulation::model::{Act, EndKind, Process};

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

/// A step as both sides can describe it: actor, term, successors (with conditions), end.
type Shape = BTreeMap<String, (String, Option<String>, BTreeSet<(String, Option<String>)>, Option<String>)>;

fn from_model(act: &Act, process: &Process, lang: Language) -> Shape {
    process
        .steps
        .iter()
        .map(|s| {
            let mut succ: BTreeSet<(String, Option<String>)> =
                s.next.iter().map(|&n| (process.steps[n].id.clone(), None)).collect();
            succ.extend(s.branches.iter().map(|(w, n)| (process.steps[*n].id.clone(), Some(w.get(lang).to_owned()))));
            let end = s.end.map(|e| if e == EndKind::Result { "result".to_owned() } else { "refusal".to_owned() });
            (s.id.clone(), (act.roles[s.actor].id.clone(), s.term.as_ref().map(|t| t.term.to_string()), succ, end))
        })
        .collect()
}

fn from_bpmn(imported: &Imported, process_id: &str) -> Shape {
    let pool = imported.pools.iter().find(|p| p.id == format!("p_{process_id}")).unwrap();
    let step_of = |id: &str| pool.nodes.iter().find(|n| n.id == id).and_then(|n| n.extensions.get("step").cloned());
    let kind_of = |id: &str| pool.nodes.iter().find(|n| n.id == id).map(|n| n.kind);
    let mut shape = Shape::new();
    for node in pool.nodes.iter().filter(|n| matches!(n.kind, NodeKind::UserTask | NodeKind::ServiceTask)) {
        let mut succ = BTreeSet::new();
        let mut end = None;
        for f in pool.flows.iter().filter(|f| f.source == node.id) {
            match kind_of(&f.target) {
                Some(NodeKind::ExclusiveGateway) => {
                    for g in pool.flows.iter().filter(|g| g.source == f.target) {
                        succ.insert((step_of(&g.target).unwrap(), g.condition.clone()));
                    }
                }
                Some(NodeKind::EndEvent) => {
                    end = pool.nodes.iter().find(|n| n.id == f.target).and_then(|n| n.extensions.get("end").cloned());
                }
                _ => {
                    succ.insert((step_of(&f.target).unwrap(), None));
                }
            }
        }
        let ext = |k: &str| node.extensions.get(k).cloned();
        shape.insert(ext("step").unwrap(), (ext("actor").unwrap(), ext("term"), succ, end));
    }
    shape
}

#[test]
fn every_exported_process_reads_back_as_the_same_process() {
    for act in acts() {
        for service in &act.services {
            for lang in Language::ALL {
                let xml = export(&act, service, lang);
                let imported = import(&xml).unwrap();
                assert!(imported.skipped.is_empty(), "{}/{}: {:?}", act.id, service.id, imported.skipped);
                for v in &service.variants {
                    let process = &act.processes[v.process];
                    assert_eq!(
                        from_bpmn(&imported, &process.id),
                        from_model(&act, process, lang),
                        "{}/{}",
                        act.id,
                        process.id
                    );
                }
            }
        }
    }
}

#[test]
fn every_export_validates_against_the_bpmn_schema() {
    let required = std::env::var_os("REGLAMENT_REQUIRE_XMLLINT").is_some();
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        assert!(!required, "xmllint is required (REGLAMENT_REQUIRE_XMLLINT) but not installed");
        eprintln!("xmllint not installed: schema validation left to CI");
        return;
    }
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/BPMN20.xsd");
    let dir = std::env::temp_dir().join(format!("reglament-bpmn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for act in acts() {
        for service in &act.services {
            let path = dir.join(format!("{}-{}.bpmn", act.id, service.id));
            std::fs::write(&path, export(&act, service, Language::Kk)).unwrap();
            files.push(path);
        }
    }
    let out =
        std::process::Command::new("xmllint").args(["--noout", "--schema", schema]).args(&files).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
