//! Reading BPMN 2.0 XML: the subset Reglament can run (pools and lanes; start, end and
//! intermediate message events; tasks, user and service tasks; exclusive gateways; sequence and
//! message flows; timer boundary events), with a [`Skipped`] entry naming every other element.
//! Never panics: malformed XML is an error with its position.

use std::collections::BTreeMap;

use roxmltree::{Document, Node as XmlNode};

use crate::export::NAMESPACE;
use crate::model::{Flow, Imported, Node, NodeKind, Pool, Skipped};

const MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const DI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";

/// Elements that belong to supported ones or carry no process semantics, read past silently.
const QUIET: &[&str] =
    &["documentation", "extensionElements", "incoming", "outgoing", "message", "category", "itemDefinition"];

/// Reads a BPMN 2.0 document.
pub fn import(text: &str) -> Result<Imported, String> {
    let doc = Document::parse(text).map_err(|e| format!("not well-formed XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "definitions" || root.tag_name().namespace() != Some(MODEL) {
        return Err(format!(
            "the root element is `{}` in namespace `{}`, not BPMN 2.0 `definitions` ({MODEL})",
            root.tag_name().name(),
            root.tag_name().namespace().unwrap_or("")
        ));
    }
    let mut out = Imported::default();
    let mut participants: BTreeMap<String, Option<String>> = BTreeMap::new();
    for child in root.children().filter(XmlNode::is_element) {
        let name = child.tag_name().name();
        match (child.tag_name().namespace(), name) {
            (Some(MODEL), "process") => out.pools.push(process(&doc, child, &mut out.skipped)),
            (Some(MODEL), "collaboration") => collaboration(&doc, child, &mut participants, &mut out),
            (Some(DI), _) => {}
            (Some(MODEL), n) if QUIET.contains(&n) => {}
            _ => skip(&doc, child, &mut out.skipped, "root element outside the supported subset"),
        }
    }
    for pool in &mut out.pools {
        if let Some(name) = participants.get(&pool.id).cloned().flatten() {
            pool.name = Some(name);
        }
    }
    Ok(out)
}

fn collaboration(
    doc: &Document<'_>,
    node: XmlNode<'_, '_>,
    participants: &mut BTreeMap<String, Option<String>>,
    out: &mut Imported,
) {
    for child in node.children().filter(XmlNode::is_element) {
        match child.tag_name().name() {
            "participant" => {
                if let Some(process) = child.attribute("processRef") {
                    participants.insert(process.to_owned(), child.attribute("name").map(str::to_owned));
                }
            }
            "messageFlow" => out.message_flows.push(flow(child)),
            n if QUIET.contains(&n) => {}
            _ => skip(doc, child, &mut out.skipped, "collaboration element outside the supported subset"),
        }
    }
}

fn process(doc: &Document<'_>, node: XmlNode<'_, '_>, skipped: &mut Vec<Skipped>) -> Pool {
    let mut pool = Pool {
        id: node.attribute("id").unwrap_or_default().to_owned(),
        name: node.attribute("name").map(str::to_owned),
        lanes: Vec::new(),
        nodes: Vec::new(),
        flows: Vec::new(),
    };
    let mut lane_of: BTreeMap<String, String> = BTreeMap::new();
    for child in node.children().filter(XmlNode::is_element) {
        let name = child.tag_name().name();
        let kind = match name {
            "laneSet" => {
                lanes(child, &mut pool.lanes, &mut lane_of);
                continue;
            }
            "sequenceFlow" => {
                pool.flows.push(flow(child));
                continue;
            }
            "startEvent" | "endEvent" | "intermediateCatchEvent" | "intermediateThrowEvent" => {
                match event_definitions(child).as_slice() {
                    [] | ["messageEventDefinition"] => {}
                    defs => {
                        let reason = format!("event with {} (only message events are supported)", defs.join(", "));
                        skip(doc, child, skipped, &reason);
                        continue;
                    }
                }
                match name {
                    "startEvent" => NodeKind::StartEvent,
                    "endEvent" => NodeKind::EndEvent,
                    _ => NodeKind::IntermediateEvent,
                }
            }
            "task" => NodeKind::Task,
            "userTask" => NodeKind::UserTask,
            "serviceTask" => NodeKind::ServiceTask,
            "exclusiveGateway" => NodeKind::ExclusiveGateway,
            "boundaryEvent" => {
                if event_definitions(child) != ["timerEventDefinition"] {
                    skip(doc, child, skipped, "boundary event that is not a timer");
                    continue;
                }
                NodeKind::TimerBoundaryEvent
            }
            n if QUIET.contains(&n) => continue,
            _ => {
                skip(doc, child, skipped, "flow element outside the supported subset");
                continue;
            }
        };
        let id = child.attribute("id").unwrap_or_default().to_owned();
        let timer = (kind == NodeKind::TimerBoundaryEvent).then(|| {
            let duration = child
                .descendants()
                .find(|d| matches!(d.tag_name().name(), "timeDuration" | "timeDate" | "timeCycle"))
                .and_then(|d| d.text())
                .unwrap_or_default()
                .trim()
                .to_owned();
            (child.attribute("attachedToRef").unwrap_or_default().to_owned(), duration)
        });
        let extensions = child
            .attributes()
            .filter(|a| a.namespace() == Some(NAMESPACE))
            .map(|a| (a.name().to_owned(), a.value().to_owned()))
            .collect();
        pool.nodes.push(Node {
            lane: lane_of.get(&id).cloned(),
            id,
            kind,
            name: child.attribute("name").map(str::to_owned),
            timer,
            extensions,
        });
    }
    for n in &mut pool.nodes {
        if n.lane.is_none() {
            n.lane = lane_of.get(&n.id).cloned();
        }
    }
    pool
}

/// The event definitions of an event, by element name.
fn event_definitions<'a>(event: XmlNode<'a, '_>) -> Vec<&'a str> {
    event
        .children()
        .filter(XmlNode::is_element)
        .map(|c| c.tag_name().name())
        .filter(|n| n.ends_with("EventDefinition"))
        .collect()
}

fn lanes(set: XmlNode<'_, '_>, out: &mut Vec<(String, Option<String>)>, lane_of: &mut BTreeMap<String, String>) {
    for lane in set.children().filter(|c| c.is_element() && c.tag_name().name() == "lane") {
        let id = lane.attribute("id").unwrap_or_default().to_owned();
        out.push((id.clone(), lane.attribute("name").map(str::to_owned)));
        for r in lane.children().filter(XmlNode::is_element) {
            match r.tag_name().name() {
                "flowNodeRef" => {
                    if let Some(t) = r.text() {
                        lane_of.insert(t.trim().to_owned(), id.clone());
                    }
                }
                "childLaneSet" => lanes(r, out, lane_of),
                _ => {}
            }
        }
    }
}

fn flow(node: XmlNode<'_, '_>) -> Flow {
    Flow {
        id: node.attribute("id").unwrap_or_default().to_owned(),
        source: node.attribute("sourceRef").unwrap_or_default().to_owned(),
        target: node.attribute("targetRef").unwrap_or_default().to_owned(),
        name: node.attribute("name").map(str::to_owned),
        condition: node
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "conditionExpression")
            .and_then(|c| c.text())
            .map(|t| t.trim().to_owned()),
    }
}

fn skip(doc: &Document<'_>, node: XmlNode<'_, '_>, skipped: &mut Vec<Skipped>, reason: &str) {
    skipped.push(Skipped {
        element: node.tag_name().name().to_owned(),
        id: node.attribute("id").map(str::to_owned),
        line: doc.text_pos_at(node.range().start).row,
        reason: reason.to_owned(),
    });
}
