//! Commands: what officials, the applicant, the portal and the timers ask of a case.

use chrono::{DateTime, Utc};
use reglament_domain::{Bin, Finding, Iin, StateSystem};
use serde::{Deserialize, Serialize};

/// Which way a step goes when it is completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The unconditional successors (`next`).
    Next,
    /// The conditional successor number `index` (0-based, in the order of the act file).
    Branch {
        /// Which branch.
        index: usize,
    },
}

/// When and where a hearing is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// When.
    pub at: DateTime<Utc>,
    /// Where (an address, or "online" with the link).
    pub place: String,
}

/// A command to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// The applicant files an application (through the portal or at the office).
    File {
        /// The applicant.
        applicant: Iin,
        /// The legal entity the applicant files for, if any (its data is fetched by BIN).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity: Option<Bin>,
        /// The provider the case goes to (the one the deployment binds to the service, or the
        /// territorial body the applicant chose among those it binds).
        provider: Bin,
        /// When it was filed (received later if after hours).
        filed_at: DateTime<Utc>,
    },
    /// The office registers the application under an incoming number.
    Register {
        /// The incoming number.
        number: String,
    },
    /// A resolution assigns a step to an executor, optionally with a shorter term.
    Assign {
        /// The step.
        step: String,
        /// The executor (an official's id).
        executor: String,
    },
    /// A step is done, going the chosen way.
    CompleteStep {
        /// The step.
        step: String,
        /// Which way.
        outcome: Outcome,
    },
    /// The document the step issues was signed by the official acting and recorded under its
    /// number (with its registry row, in the same transaction as this command's events).
    IssueDocument {
        /// The step that issues it.
        step: String,
        /// The act's document id.
        document: String,
        /// Its number.
        number: String,
        /// The SHA-256 (hex) of the signed bytes.
        sha256: String,
        /// Who signed it (the certificate's IIN).
        #[serde(with = "reglament_domain::recorded_iin")]
        signer: Iin,
    },
    /// A state system's answer is recorded (its evidence kept in the case file).
    RecordRegistryData {
        /// Which system.
        system: StateSystem,
        /// What it answered.
        data: serde_json::Value,
        /// The SHA-256 (hex) of the answer's exact bytes, as kept in the evidence.
        evidence: String,
        /// What the answer says that may be a ground for refusal.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        findings: Vec<Finding>,
    },
    /// A state system stayed unavailable past the retries: the case is escalated (its legal
    /// clocks keep running; nothing is paused).
    RecordRegistryFailure {
        /// Which system.
        system: StateSystem,
        /// The last failure's stable code (`gateway.timeout`, …).
        code: String,
        /// Calls made so far.
        attempts: u32,
    },
    /// The fee is paid.
    RecordPayment {
        /// Amount in tiyn.
        tiyn: i64,
        /// Payment reference.
        reference: String,
    },
    /// The step finds grounds for refusal: the branch that leads to the hearing is taken.
    ProposeRefusal {
        /// The step that found the grounds.
        step: String,
        /// The grounds (ids of the act's refusal grounds).
        grounds: Vec<String>,
    },
    /// The applicant is notified of the preliminary decision and of the hearing, with when and
    /// where it is held, if set (it must fall within the hearing's term).
    NotifyHearing {
        /// When and where the hearing is held.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        appointment: Option<Appointment>,
    },

    /// The applicant's objection to the preliminary decision is recorded.
    RecordObjection {
        /// The objection's text.
        text: String,
    },
    /// The hearing (or the consideration of the objection) ends.
    RecordHearingResult {
        /// `true`: the grounds fell away, the result is given; `false`: reasoned refusal.
        positive: bool,
    },
    /// The applicant withdraws the application.
    Withdraw,
    /// A timer fired: check the clocks for approaching and breached terms.
    Tick,
}
