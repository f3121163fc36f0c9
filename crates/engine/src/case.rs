//! A case's state: the fold of its events. Evolving never fails and needs nothing but the events.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use reglament_domain::{Bin, Finding, Iin, StateSystem};
use reglament_regulation::model::EndKind;
use serde::{Deserialize, Serialize};

use crate::event::{ClockId, Event, Level};

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Steps are under way.
    Open,
    /// Ended with the result or a refusal.
    Closed(EndKind),
    /// Withdrawn by the applicant.
    Withdrawn,
}

/// An active step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Active {
    /// When it started.
    pub started: DateTime<Utc>,
    /// Who it is assigned to.
    pub executor: Option<String>,
}

/// A state system the case waits on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Awaiting {
    /// When it was asked.
    pub since: DateTime<Utc>,
    /// When it was escalated as unavailable, and the last failure's code.
    pub escalated: Option<(DateTime<Utc>, String)>,
}

/// The hearing, once notified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingState {
    /// When the applicant was notified.
    pub notified_at: DateTime<Utc>,
    /// The latest instant the notice was due.
    pub notice_deadline: DateTime<Utc>,
    /// When and where the hearing is held, if set.
    #[serde(default)]
    pub appointment: Option<crate::command::Appointment>,
    /// The objection, if any.
    pub objection: Option<String>,
    /// The result, once held.
    pub positive: Option<bool>,
}

/// A case: an application running through the process of the act version it was filed under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Its id.
    pub id: String,
    /// The act version (pinned at filing).
    pub act: String,
    /// The service.
    pub service: String,
    /// The variant.
    pub variant: String,
    /// The applicant.
    pub applicant: Iin,
    /// The legal entity filed for, if any.
    pub entity: Option<Bin>,
    /// The provider the case goes to (none in cases recorded before cases named it).
    pub provider: Option<Bin>,
    /// When filed.
    pub filed_at: DateTime<Utc>,
    /// When received.
    pub received_at: DateTime<Utc>,
    /// Status.
    pub status: Status,
    /// Active steps by id.
    pub active: BTreeMap<String, Active>,
    /// Completed steps, in order.
    pub done: Vec<String>,
    /// The documents issued, by the step that issued them: (document id, number).
    pub issued: BTreeMap<String, (String, String)>,
    /// Incoming number.
    pub registration: Option<String>,
    /// Payments (tiyn, reference).
    pub payments: Vec<(i64, String)>,
    /// State systems' answers by system.
    pub registry: BTreeMap<StateSystem, serde_json::Value>,
    /// State systems asked and not answered yet, since when, and whether escalated.
    pub awaiting: BTreeMap<StateSystem, Awaiting>,
    /// Refusal grounds the state systems' answers indicate, with the findings.
    pub indicated: BTreeMap<String, BTreeSet<Finding>>,
    /// The refusal grounds proposed, if any.
    pub refusal: Option<Vec<String>>,
    /// The hearing.
    pub hearing: Option<HearingState>,
    /// Escalations already fired.
    pub fired: BTreeSet<(ClockId, Level)>,
    /// For a complaint: the case it is about.
    pub concerns: Option<String>,
    /// When it was closed or withdrawn.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    /// Number of events folded.
    pub version: u64,
}

impl Case {
    /// The case created by its `Filed` event, or `None` for any other event.
    #[must_use]
    pub fn start(id: &str, event: &Event) -> Option<Self> {
        let Event::Filed { act, service, variant, applicant, entity, provider, filed_at, received_at } = event else {
            return None;
        };
        Some(Self {
            id: id.to_owned(),
            act: act.clone(),
            service: service.clone(),
            variant: variant.clone(),
            applicant: *applicant,
            entity: *entity,
            provider: *provider,
            filed_at: *filed_at,
            received_at: *received_at,
            status: Status::Open,
            active: BTreeMap::new(),
            done: Vec::new(),
            issued: BTreeMap::new(),
            registration: None,
            payments: Vec::new(),
            registry: BTreeMap::new(),
            awaiting: BTreeMap::new(),
            indicated: BTreeMap::new(),
            refusal: None,
            hearing: None,
            fired: BTreeSet::new(),
            concerns: None,
            ended_at: None,
            version: 1,
        })
    }

    /// Folds a list of events (the first must be `Filed`).
    #[must_use]
    pub fn replay<'a>(id: &str, events: impl IntoIterator<Item = &'a Event>) -> Option<Self> {
        let mut events = events.into_iter();
        let mut case = Self::start(id, events.next()?)?;
        for e in events {
            case.evolve(e);
        }
        Some(case)
    }

    /// Applies one event.
    pub fn evolve(&mut self, event: &Event) {
        self.version += 1;
        match event {
            Event::Filed { .. } => {}
            Event::Concerns { case } => self.concerns = Some(case.clone()),
            Event::StepStarted { step, at } => {
                self.active.insert(step.clone(), Active { started: *at, executor: None });
            }
            Event::Registered { number } => self.registration = Some(number.clone()),
            Event::Assigned { step, executor } => {
                if let Some(a) = self.active.get_mut(step) {
                    a.executor = Some(executor.clone());
                }
            }
            Event::StepCompleted { step, .. } => {
                self.active.remove(step);
                self.done.push(step.clone());
            }
            Event::DocumentIssued { step, document, number, .. } => {
                self.issued.insert(step.clone(), (document.clone(), number.clone()));
            }
            Event::RegistryRequested { system, at } => {
                self.awaiting.insert(*system, Awaiting { since: *at, escalated: None });
            }
            Event::RegistryDataRecorded { system, data, .. } => {
                self.awaiting.remove(system);
                self.registry.insert(*system, data.clone());
            }
            Event::GroundsIndicated { grounds, .. } => {
                for (ground, findings) in grounds {
                    self.indicated.entry(ground.clone()).or_default().extend(findings.iter().copied());
                }
            }
            Event::RegistryUnavailable { system, code, at, .. } => {
                if let Some(waiting) = self.awaiting.get_mut(system) {
                    waiting.escalated = Some((*at, code.clone()));
                }
            }
            Event::PaymentRecorded { tiyn, reference } => self.payments.push((*tiyn, reference.clone())),
            Event::RefusalProposed { grounds, .. } => self.refusal = Some(grounds.clone()),
            Event::HearingNotified { at, notice_deadline, appointment } => {
                self.hearing = Some(HearingState {
                    notified_at: *at,
                    notice_deadline: *notice_deadline,
                    appointment: appointment.clone(),
                    objection: None,
                    positive: None,
                });
            }
            Event::ObjectionRecorded { text, .. } => {
                if let Some(h) = &mut self.hearing {
                    h.objection = Some(text.clone());
                }
            }
            Event::HearingConcluded { positive, .. } => {
                if let Some(h) = &mut self.hearing {
                    h.positive = Some(*positive);
                }
            }
            Event::Closed { end, at } => {
                self.status = Status::Closed(*end);
                self.ended_at = Some(*at);
                self.active.clear();
            }
            Event::Withdrawn { at } => {
                self.status = Status::Withdrawn;
                self.ended_at = Some(*at);
                self.active.clear();
            }
            Event::Escalated { clock, level, .. } => {
                self.fired.insert((clock.clone(), *level));
            }
            Event::Migrated { to, .. } => self.act.clone_from(to),
            Event::Reprojected { clock, .. } => {
                // A moved due instant may be reached again.
                self.fired.retain(|(c, _)| c != clock);
            }
        }
    }

    /// Whether the case is still running.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }
}
