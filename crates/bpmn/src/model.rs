//! What the importer reads: pools with their lanes, flow nodes and flows, and what it skipped.

use std::collections::BTreeMap;

use serde::Serialize;

/// The kinds of flow node Reglament can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    /// `startEvent`.
    StartEvent,
    /// `endEvent`.
    EndEvent,
    /// `intermediateCatchEvent` or `intermediateThrowEvent` with a message (or none).
    IntermediateEvent,
    /// `task` (a manual step).
    Task,
    /// `userTask`.
    UserTask,
    /// `serviceTask`.
    ServiceTask,
    /// `exclusiveGateway`.
    ExclusiveGateway,
    /// `boundaryEvent` with a timer.
    TimerBoundaryEvent,
}

impl NodeKind {
    /// The element's local name.
    #[must_use]
    pub fn element(self) -> &'static str {
        match self {
            Self::StartEvent => "startEvent",
            Self::EndEvent => "endEvent",
            Self::IntermediateEvent => "intermediateEvent",
            Self::Task => "task",
            Self::UserTask => "userTask",
            Self::ServiceTask => "serviceTask",
            Self::ExclusiveGateway => "exclusiveGateway",
            Self::TimerBoundaryEvent => "timerBoundaryEvent",
        }
    }
}

/// A flow node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: NodeKind,
    /// Its name.
    pub name: Option<String>,
    /// The lane it is in.
    pub lane: Option<String>,
    /// For a timer boundary event: the activity it is attached to and the duration text.
    pub timer: Option<(String, String)>,
    /// `reglament:` extension attributes (local name → value).
    pub extensions: BTreeMap<String, String>,
}

/// A sequence or message flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// Its id.
    pub id: String,
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Its name (the condition as written).
    pub name: Option<String>,
    /// Its condition expression.
    pub condition: Option<String>,
}

/// A process (a pool when it has a participant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pool {
    /// The process id.
    pub id: String,
    /// The participant's or the process's name.
    pub name: Option<String>,
    /// Lanes: id and name.
    pub lanes: Vec<(String, Option<String>)>,
    /// Flow nodes.
    pub nodes: Vec<Node>,
    /// Sequence flows.
    pub flows: Vec<Flow>,
}

/// An element the importer did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The element's local name.
    pub element: String,
    /// Its id, if it has one.
    pub id: Option<String>,
    /// 1-based line.
    pub line: u32,
    /// Why it is outside the supported subset.
    pub reason: String,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Imported {
    /// Processes.
    pub pools: Vec<Pool>,
    /// Message flows between pools.
    pub message_flows: Vec<Flow>,
    /// Elements outside the supported subset.
    pub skipped: Vec<Skipped>,
}

impl Imported {
    /// How many elements of each supported kind were read (`lane`, `participant`,
    /// `sequenceFlow`, `messageFlow` included).
    #[must_use]
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for pool in &self.pools {
            for node in &pool.nodes {
                *counts.entry(node.kind.element()).or_insert(0) += 1;
            }
            *counts.entry("sequenceFlow").or_insert(0) += pool.flows.len();
            *counts.entry("lane").or_insert(0) += pool.lanes.len();
        }
        *counts.entry("messageFlow").or_insert(0) += self.message_flows.len();
        counts.retain(|_, n| *n > 0);
        counts
    }
}
