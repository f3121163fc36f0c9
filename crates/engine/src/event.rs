//! Events: the facts a case's history is made of. A case is the fold of its events.

use chrono::{DateTime, Utc};
use reglament_domain::{Bin, Finding, Iin, StateSystem};
use reglament_regulation::model::EndKind;
use serde::{Deserialize, Serialize};

use crate::command::{Appointment, Outcome};

/// Which legal clock an escalation is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "clock", content = "id", rename_all = "snake_case")]
pub enum ClockId {
    /// The service term.
    Service,
    /// A step's term.
    Step(String),
    /// The hearing's (or the objections') term.
    Hearing,
    /// The notice of the hearing: due at least N working days before the service term ends.
    Notice,
}

/// How close a clock is to its due instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Most of the term is used up.
    Approaching,
    /// The term has passed.
    Breached,
}

/// A fact in a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The application was filed; the case is pinned to this act version.
    Filed {
        /// The act version in force on the filing day.
        act: String,
        /// The service.
        service: String,
        /// The variant.
        variant: String,
        /// The applicant (as accepted at filing, NCA test IINs included on a test stand).
        #[serde(with = "reglament_domain::recorded_iin")]
        applicant: Iin,
        /// The legal entity filed for, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity: Option<Bin>,
        /// The provider the case goes to (none in cases recorded before cases named it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<Bin>,
        /// When it was filed.
        filed_at: DateTime<Utc>,
        /// When it counts as received.
        received_at: DateTime<Utc>,
    },
    /// This case is a complaint about another case.
    Concerns {
        /// The case complained about.
        case: String,
    },
    /// A step became active.
    StepStarted {
        /// The step.
        step: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// The application got its incoming number.
    Registered {
        /// The number.
        number: String,
    },
    /// A step was assigned to an executor.
    Assigned {
        /// The step.
        step: String,
        /// The executor.
        executor: String,
    },
    /// A step was done.
    StepCompleted {
        /// The step.
        step: String,
        /// Which way it went.
        outcome: Outcome,
        /// Who did it.
        by: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// The document a step issues was signed and recorded under its number (the document and
    /// its registry row are written in the same transaction).
    DocumentIssued {
        /// The step that issued it.
        step: String,
        /// The act's document id.
        document: String,
        /// Its number.
        number: String,
        /// The SHA-256 (hex) of the signed bytes.
        sha256: String,
        /// Who signed it.
        #[serde(with = "reglament_domain::recorded_iin")]
        signer: Iin,
        /// When.
        at: DateTime<Utc>,
    },
    /// A state system was asked (the case waits for its answer).
    RegistryRequested {
        /// Which system.
        system: StateSystem,
        /// When.
        at: DateTime<Utc>,
    },
    /// A state system answered.
    RegistryDataRecorded {
        /// Which system.
        system: StateSystem,
        /// The answer.
        data: serde_json::Value,
        /// The SHA-256 (hex) of the answer's bytes, as kept in the evidence.
        evidence: String,
        /// What the answer says that may be a ground for refusal.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        findings: Vec<Finding>,
    },
    /// The state systems' answers indicate refusal grounds of the act: the official weighs them
    /// (a refusal goes through the hearing).
    GroundsIndicated {
        /// The act's refusal grounds indicated, each with the findings that indicate it.
        grounds: Vec<(String, Vec<Finding>)>,
        /// The system whose answer indicated them.
        system: StateSystem,
    },
    /// A state system stayed unavailable: escalated to the provider and quality control.
    RegistryUnavailable {
        /// Which system.
        system: StateSystem,
        /// The last failure's stable code.
        code: String,
        /// Calls made so far.
        attempts: u32,
        /// When it was escalated.
        at: DateTime<Utc>,
    },
    /// The fee was paid.
    PaymentRecorded {
        /// Amount in tiyn.
        tiyn: i64,
        /// Reference.
        reference: String,
    },
    /// Grounds for refusal were found.
    RefusalProposed {
        /// The step that found them.
        step: String,
        /// The grounds.
        grounds: Vec<String>,
        /// Who.
        by: String,
    },
    /// The applicant was notified of the preliminary decision and of the hearing.
    HearingNotified {
        /// When.
        at: DateTime<Utc>,
        /// The latest instant the notice was due ("at least N working days before the end").
        notice_deadline: DateTime<Utc>,
        /// When and where the hearing is held, if set.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        appointment: Option<Appointment>,
    },
    /// The applicant objected.
    ObjectionRecorded {
        /// The text.
        text: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// The hearing ended.
    HearingConcluded {
        /// Positive (result) or not (refusal).
        positive: bool,
        /// Who decided.
        by: String,
    },
    /// The case ended with the result or a reasoned refusal.
    Closed {
        /// How.
        end: EndKind,
        /// When.
        at: DateTime<Utc>,
    },
    /// The applicant withdrew.
    Withdrawn {
        /// When.
        at: DateTime<Utc>,
    },
    /// The case was moved to another version of the act (an explicit, audited migration).
    Migrated {
        /// The act version it ran under.
        from: String,
        /// The act version it runs under now.
        to: String,
        /// Who decided it.
        by: String,
        /// Why.
        reason: String,
    },
    /// The calendar changed and a clock's due instant moved.
    Reprojected {
        /// Which clock.
        clock: ClockId,
        /// The due instant before.
        before: DateTime<Utc>,
        /// The due instant now.
        after: DateTime<Utc>,
        /// The days whose kind changed in between, with the new kind.
        because: Vec<String>,
    },
    /// A clock approached or passed its due instant (fired once per clock and level).
    Escalated {
        /// Which clock.
        clock: ClockId,
        /// How close.
        level: Level,
        /// Its due instant.
        due: DateTime<Utc>,
    },
}
