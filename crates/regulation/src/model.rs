//! The resolved act: every reference checked and turned into an index, every term, citation and
//! schedule parsed, every element still carrying its place in the file and in the act.

use chrono::NaiveDate;
use reglament_calendar::Schedule;
use reglament_domain::{ActId, FeeFormula, LegalRef, Localized};

use crate::diagnostic::Location;
pub use crate::mirror::{ActKind, Channel, CheckKind, DocumentKind, EndKind, NoteKind, RoleKind};
use crate::term::Term;

/// A citation of the act with the place in the file that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    /// The clause cited.
    pub reference: LegalRef,
    /// Where the file cites it.
    pub at: Location,
}

/// A term with the place in the file that states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermAt {
    /// The term.
    pub term: Term,
    /// Where.
    pub at: Location,
}

/// An encoded act version.
#[derive(Debug, Clone, PartialEq)]
pub struct Act {
    /// The file it was read from.
    pub file: String,
    /// Stable id.
    pub id: ActId,
    /// Kind of act.
    pub kind: ActKind,
    /// Issuer.
    pub issuer: Localized,
    /// Number.
    pub number: String,
    /// Date.
    pub date: NaiveDate,
    /// State registration number and date.
    pub registration: Option<(String, NaiveDate)>,
    /// Title.
    pub title: Localized,
    /// First day in force.
    pub in_force_from: NaiveDate,
    /// Last day in force.
    pub in_force_until: Option<NaiveDate>,
    /// Where the file states the period in force.
    pub in_force_at: Location,
    /// The repealing act.
    pub repealed_by: Option<String>,
    /// The act amended or replaced.
    pub amends: Option<String>,
    /// The text file in `regulations/acts/`.
    pub source_file: String,
    /// Later changes.
    pub amendments: Vec<Amendment>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Services.
    pub services: Vec<Service>,
    /// Processes.
    pub processes: Vec<Process>,
    /// Notes on silence, garbling and contradictions.
    pub notes: Vec<Note>,
}

/// A later change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// The amending act.
    pub by: String,
    /// When it took effect.
    pub effective: NaiveDate,
    /// What it changed.
    pub summary: Localized,
}

/// A role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Localized,
    /// Kind.
    pub kind: RoleKind,
    /// Citation.
    pub cite: Cited,
}

/// A document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Localized,
    /// Input or output.
    pub kind: DocumentKind,
    /// When required.
    pub condition: Option<Localized>,
    /// What an output is (every output has one).
    pub form: Option<reglament_domain::DocumentForm>,
    /// How long a grant is valid, as the act says.
    pub validity: Option<Localized>,
    /// Whether the public registry shows and searches the holder's IIN.
    pub iin_public: bool,
    /// Fields (id, name).
    pub fields: Vec<(String, Localized)>,
    /// Citation.
    pub cite: Cited,
}

/// A service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Localized,
    /// Provider.
    pub provider: Localized,
    /// The licensed or permitted activity a grant names.
    pub activity: Option<Localized>,
    /// Results.
    pub results: Localized,
    /// Form of delivery.
    pub delivery: Localized,
    /// The provider's hours (the seed standard's when the act gives none).
    pub schedule: Schedule,
    /// Data fetched by the provider.
    pub fetched: Vec<Fetched>,
    /// Refusal grounds.
    pub refusal_grounds: Vec<RefusalGround>,
    /// Complaint route.
    pub complaint: Option<Complaint>,
    /// Variants.
    pub variants: Vec<Variant>,
    /// Citation of the standard.
    pub cite: Cited,
}

/// Data the provider obtains itself from state systems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// What.
    pub what: Localized,
    /// The source as the act names it.
    pub source: String,
    /// The state systems the platform asks for it (never empty).
    pub systems: Vec<reglament_domain::StateSystem>,
    /// Where the act says so.
    pub cite: Cited,
}

/// A refusal ground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalGround {
    /// Id.
    pub id: String,
    /// The act's own number and where the file states it.
    pub number: Option<(String, Location)>,
    /// Text.
    pub text: Localized,
    /// What in the state systems' answers indicates it.
    pub indicated_by: Vec<reglament_domain::Finding>,
    /// Citation.
    pub cite: Cited,
}

/// Complaint terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// At the provider.
    pub provider_term: TermAt,
    /// At the quality-control body.
    pub quality_body_term: TermAt,
    /// Forwarding.
    pub forward_within: Option<TermAt>,
    /// Citation.
    pub cite: Cited,
}

/// A variant of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Localized,
    /// Channels.
    pub channels: Vec<Channel>,
    /// The service term.
    pub term: TermAt,
    /// Where the act states the term.
    pub term_cite: Cited,
    /// Fee and its citation.
    pub fee: Option<(FeeFormula, Option<Cited>)>,
    /// Input documents (indices into [`Act::documents`]).
    pub documents: Vec<usize>,
    /// The process (index into [`Act::processes`]).
    pub process: usize,
    /// The hearing.
    pub hearing: Option<Hearing>,
    /// Where the variant is written.
    pub at: Location,
}

/// Hearing terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hearing {
    /// Notice at least this long before the term ends.
    pub notice_before_end: TermAt,
    /// Hearing held within this of the notice.
    pub hold_within: Option<TermAt>,
    /// Objections within this of the notice.
    pub objections_within: Option<TermAt>,
    /// Term extension when a hearing is held.
    pub extends_term_by: Option<TermAt>,
    /// Citation.
    pub cite: Cited,
}

/// A process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Localized,
    /// First step (index into `steps`).
    pub start: usize,
    /// Checks.
    pub checks: Vec<Check>,
    /// Steps.
    pub steps: Vec<Step>,
    /// Citation.
    pub cite: Cited,
    /// Where the process is written.
    pub at: Location,
}

/// A check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: CheckKind,
    /// Message on failure.
    pub message: Localized,
    /// Citation.
    pub cite: Cited,
}

/// A step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Id.
    pub id: String,
    /// The act's own number and where the file states it.
    pub number: Option<(String, Location)>,
    /// Actor (index into [`Act::roles`]).
    pub actor: usize,
    /// Action.
    pub action: Localized,
    /// Term.
    pub term: Option<TermAt>,
    /// What it produces.
    pub produces: Option<Localized>,
    /// Output documents (indices into [`Act::documents`]).
    pub documents: Vec<usize>,
    /// Unconditional successors (indices into the process's steps).
    pub next: Vec<usize>,
    /// Conditional successors.
    pub branches: Vec<(Localized, usize)>,
    /// Whether it ends the process.
    pub end: Option<EndKind>,
    /// Whether it belongs to the hearing.
    pub hearing: bool,
    /// Citation.
    pub cite: Cited,
    /// Where the step is written.
    pub at: Location,
}

impl Step {
    /// Every successor, unconditional first.
    pub fn successors(&self) -> impl Iterator<Item = usize> + '_ {
        self.next.iter().copied().chain(self.branches.iter().map(|(_, s)| *s))
    }
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What it is about.
    pub about: String,
    /// Where.
    pub at: Location,
    /// Kind.
    pub kind: NoteKind,
    /// The problem.
    pub text: Localized,
    /// The reading chosen.
    pub chosen: Localized,
    /// Other readings.
    pub alternatives: Vec<(Localized, Cited)>,
    /// Clauses involved.
    pub cites: Vec<Cited>,
}
