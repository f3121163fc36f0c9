//! Writing an encoded service's processes as BPMN 2.0 XML with diagram interchange.
//!
//! Each process is a pool (participant) whose lanes are the roles; each step a task (a
//! `serviceTask` for the portal, a `userTask` otherwise) carrying `reglament:step`,
//! `reglament:actor`, `reglament:term`, `reglament:cite` and `reglament:hearing`; a step with a
//! term gets a non-interrupting timer boundary event whose duration is the legal term in the
//! `urn:reglament:term` expression language (`2wd`, `15wmin` — working time, not ISO 8601); a
//! branching step is followed by an exclusive gateway whose outgoing flows carry the conditions; a
//! step that ends the process leads to an end event marked `reglament:end`.

use std::fmt::Write as _;

use reglament_diagram::{Layout, layout};
use reglament_domain::Language;
use reglament_regulation::model::{Act, EndKind, Process, RoleKind, Service};

/// The namespace of Reglament's extension attributes.
pub const NAMESPACE: &str = "urn:reglament:bpmn:1";
/// The expression language of timer durations that are legal terms.
pub const TERM_LANGUAGE: &str = "urn:reglament:term";

const POOL_HEADER: i64 = 30;
const LANE: i64 = 130;
const COLUMN: i64 = 280;
const BOX_W: i64 = 190;
const BOX_H: i64 = 84;
const LEFT: i64 = 120;
const POOL_GAP: i64 = 40;

/// The processes of `service` (one per distinct process its variants use), texts in `lang`.
#[must_use]
pub fn export(act: &Act, service: &Service, lang: Language) -> String {
    let mut processes: Vec<&Process> = Vec::new();
    for v in &service.variants {
        if let Some(p) = act.processes.get(v.process)
            && !processes.iter().any(|q| q.id == p.id)
        {
            processes.push(p);
        }
    }
    let mut semantic = String::new();
    let mut shapes = String::new();
    let mut participants = String::new();
    let mut top = 0;
    for process in &processes {
        let pid = xml_id("p", &process.id, "");
        let _ = writeln!(
            participants,
            r#"    <participant id="{pid}_pool" name="{}" processRef="{pid}"/>"#,
            esc(process.name.get(lang))
        );
        let height = write_process(act, process, lang, &pid, top, &mut semantic, &mut shapes);
        top += height + POOL_GAP;
    }
    let title = esc(service.name.get(lang));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:reglament="{NAMESPACE}" id="{}" name="{title}" targetNamespace="urn:reglament:act:{}" exporter="Reglament" exporterVersion="{}" reglament:act="{}" reglament:service="{}">
  <collaboration id="collaboration">
{participants}  </collaboration>
{semantic}  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="collaboration">
{shapes}    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>
"#,
        xml_id("d", act.id.as_str(), &service.id),
        esc(act.id.as_str()),
        env!("CARGO_PKG_VERSION"),
        esc(act.id.as_str()),
        esc(&service.id),
    )
}

/// A sequence flow waiting to be written: source, target, condition, and its two ends on the
/// diagram.
struct PendingFlow {
    source: String,
    target: String,
    condition: Option<String>,
    from: (i64, i64),
    to: (i64, i64),
}

/// Writes one process and its pool's shapes.
struct ProcessWriter<'a> {
    act: &'a Act,
    process: &'a Process,
    lang: Language,
    pid: &'a str,
    top: i64,
    layout: Layout,
    flows: Vec<PendingFlow>,
}

/// Writes one process and its pool's shapes; returns the pool's height.
fn write_process(
    act: &Act,
    process: &Process,
    lang: Language,
    pid: &str,
    top: i64,
    semantic: &mut String,
    shapes: &mut String,
) -> i64 {
    let mut w = ProcessWriter { act, process, lang, pid, top, layout: layout(process), flows: Vec::new() };
    let _ = writeln!(
        semantic,
        r#"  <process id="{pid}" name="{}" isExecutable="true" reglament:process="{}">"#,
        esc(process.name.get(lang)),
        esc(&process.id)
    );
    w.lanes(semantic, shapes);
    w.start(semantic, shapes);
    for i in 0..process.steps.len() {
        w.step(i, semantic, shapes);
    }
    w.write_flows(semantic, shapes);
    semantic.push_str("  </process>\n");
    to_i64(w.layout.lanes.len()) * LANE
}

impl ProcessWriter<'_> {
    fn node(&self, i: usize) -> String {
        xml_id("s", &self.process.id, &self.process.steps[i].id)
    }

    /// Top-left corner of step `i`'s task.
    fn corner(&self, i: usize) -> (i64, i64) {
        let (row, column) = self.layout.cells[i];
        (LEFT + to_i64(column) * COLUMN, self.top + to_i64(row) * LANE + (LANE - BOX_H) / 2)
    }

    fn width(&self) -> i64 {
        LEFT + to_i64(self.layout.columns) * COLUMN + 60
    }

    fn lanes(&self, semantic: &mut String, shapes: &mut String) {
        let (pid, top, width) = (self.pid, self.top, self.width());
        let height = to_i64(self.layout.lanes.len()) * LANE;
        let _ = writeln!(semantic, r#"    <laneSet id="{pid}_lanes">"#);
        let _ = writeln!(
            shapes,
            r#"      <bpmndi:BPMNShape id="{pid}_pool_di" bpmnElement="{pid}_pool" isHorizontal="true"><dc:Bounds x="0" y="{top}" width="{width}" height="{height}"/></bpmndi:BPMNShape>"#
        );
        for (k, &role) in self.layout.lanes.iter().enumerate() {
            let role = &self.act.roles[role];
            let lane_id = xml_id("l", &self.process.id, &role.id);
            let _ = writeln!(
                semantic,
                r#"      <lane id="{lane_id}" name="{}" reglament:role="{}">"#,
                esc(role.name.get(self.lang)),
                esc(&role.id)
            );
            for (i, step) in self.process.steps.iter().enumerate().filter(|(i, _)| self.layout.cells[*i].0 == k) {
                let node = self.node(i);
                let mut refs = vec![node.clone()];
                refs.extend(step.term.as_ref().map(|_| format!("{node}_timer")));
                refs.extend((!step.branches.is_empty()).then(|| format!("{node}_gateway")));
                refs.extend(step.end.map(|_| format!("{node}_end")));
                refs.extend((i == self.process.start).then(|| format!("{pid}_start")));
                for r in refs {
                    let _ = writeln!(semantic, "        <flowNodeRef>{r}</flowNodeRef>");
                }
            }
            semantic.push_str("      </lane>\n");
            let _ = writeln!(
                shapes,
                r#"      <bpmndi:BPMNShape id="{lane_id}_di" bpmnElement="{lane_id}" isHorizontal="true"><dc:Bounds x="{POOL_HEADER}" y="{}" width="{}" height="{LANE}"/></bpmndi:BPMNShape>"#,
                top + to_i64(k) * LANE,
                width - POOL_HEADER
            );
        }
        semantic.push_str("    </laneSet>\n");
    }

    /// The start event, left of the first step.
    fn start(&mut self, semantic: &mut String, shapes: &mut String) {
        let (sx, sy) = self.corner(self.process.start);
        let id = format!("{}_start", self.pid);
        let _ = writeln!(semantic, r#"    <startEvent id="{id}"/>"#);
        shape(shapes, &id, (POOL_HEADER + 30, sy + BOX_H / 2 - 18, 36, 36));
        let target = self.node(self.process.start);
        self.flows.push(PendingFlow {
            source: id,
            target,
            condition: None,
            from: (POOL_HEADER + 66, sy + BOX_H / 2),
            to: (sx, sy + BOX_H / 2),
        });
    }

    fn step(&mut self, i: usize, semantic: &mut String, shapes: &mut String) {
        let step = &self.process.steps[i];
        let (x, y) = self.corner(i);
        let id = self.node(i);
        let actor = &self.act.roles[step.actor];
        let element = if actor.kind == RoleKind::Portal { "serviceTask" } else { "userTask" };
        let mut attrs = format!(
            r#" reglament:step="{}" reglament:actor="{}" reglament:cite="{}""#,
            esc(&step.id),
            esc(&actor.id),
            esc(&step.cite.reference.to_compact())
        );
        if let Some(term) = &step.term {
            let _ = write!(attrs, r#" reglament:term="{}""#, term.term);
        }
        if step.hearing {
            attrs.push_str(r#" reglament:hearing="true""#);
        }
        let _ = writeln!(semantic, r#"    <{element} id="{id}" name="{}"{attrs}/>"#, esc(step.action.get(self.lang)));
        shape(shapes, &id, (x, y, BOX_W, BOX_H));
        if let Some(term) = &step.term {
            let _ = writeln!(
                semantic,
                r#"    <boundaryEvent id="{id}_timer" name="{}" attachedToRef="{id}" cancelActivity="false"><timerEventDefinition id="{id}_timer_def"><timeDuration xsi:type="tFormalExpression" language="{TERM_LANGUAGE}">{}</timeDuration></timerEventDefinition></boundaryEvent>"#,
                term.term, term.term
            );
            shape(shapes, &format!("{id}_timer"), (x + BOX_W - 50, y + BOX_H - 18, 36, 36));
        }
        let middle = y + BOX_H / 2;
        let (out, out_at) = if step.branches.is_empty() {
            (id.clone(), (x + BOX_W, middle))
        } else {
            let gateway = format!("{id}_gateway");
            let _ = writeln!(semantic, r#"    <exclusiveGateway id="{gateway}"/>"#);
            shape(shapes, &gateway, (x + BOX_W + 20, middle - 25, 50, 50));
            self.flows.push(PendingFlow {
                source: id.clone(),
                target: gateway.clone(),
                condition: None,
                from: (x + BOX_W, middle),
                to: (x + BOX_W + 20, middle),
            });
            (gateway, (x + BOX_W + 70, middle))
        };
        let successors = step
            .next
            .iter()
            .map(|&n| (n, None))
            .chain(step.branches.iter().map(|(w, n)| (*n, Some(w.get(self.lang).to_owned()))));
        let pending: Vec<PendingFlow> = successors
            .map(|(n, condition)| {
                let (tx, ty) = self.corner(n);
                PendingFlow {
                    source: out.clone(),
                    target: self.node(n),
                    condition,
                    from: out_at,
                    to: (tx, ty + BOX_H / 2),
                }
            })
            .collect();
        self.flows.extend(pending);
        if let Some(end) = step.end {
            let end_id = format!("{id}_end");
            let kind = if end == EndKind::Result { "result" } else { "refusal" };
            let _ = writeln!(semantic, r#"    <endEvent id="{end_id}" name="{kind}" reglament:end="{kind}"/>"#);
            shape(shapes, &end_id, (x + BOX_W + 40, middle - 18, 36, 36));
            self.flows.push(PendingFlow {
                source: id,
                target: end_id,
                condition: None,
                from: (x + BOX_W, middle),
                to: (x + BOX_W + 40, middle),
            });
        }
    }

    fn write_flows(&self, semantic: &mut String, shapes: &mut String) {
        for (k, f) in self.flows.iter().enumerate() {
            let fid = format!("{}_flow{k}", self.pid);
            let (source, target) = (&f.source, &f.target);
            match &f.condition {
                Some(c) => {
                    let _ = writeln!(
                        semantic,
                        r#"    <sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}" name="{}"><conditionExpression xsi:type="tFormalExpression">{}</conditionExpression></sequenceFlow>"#,
                        esc(c),
                        esc(c)
                    );
                }
                None => {
                    let _ = writeln!(
                        semantic,
                        r#"    <sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}"/>"#
                    );
                }
            }
            let mid = i64::midpoint(f.from.0, f.to.0);
            let _ = writeln!(
                shapes,
                r#"      <bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}"><di:waypoint x="{}" y="{}"/><di:waypoint x="{mid}" y="{}"/><di:waypoint x="{mid}" y="{}"/><di:waypoint x="{}" y="{}"/></bpmndi:BPMNEdge>"#,
                f.from.0, f.from.1, f.from.1, f.to.1, f.to.0, f.to.1
            );
        }
    }
}

fn shape(shapes: &mut String, id: &str, (x, y, w, h): (i64, i64, i64, i64)) {
    let _ = writeln!(
        shapes,
        r#"      <bpmndi:BPMNShape id="{id}_di" bpmnElement="{id}"><dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>"#
    );
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX / 4)
}

/// An XML id (an `NCName`) from a prefix and Reglament ids: `s_issuance.review`.
fn xml_id(prefix: &str, a: &str, b: &str) -> String {
    let clean =
        |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect::<String>();
    if b.is_empty() { format!("{prefix}_{}", clean(a)) } else { format!("{prefix}_{}.{}", clean(a), clean(b)) }
}

/// Escapes text for XML attributes and content.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
