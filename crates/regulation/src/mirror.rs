//! The act file as written: a faithful mirror of the TOML, unknown fields refused. Everything a
//! later phase must point back to is `Spanned`, so resolution can name the line and column.

use reglament_domain::{FeeFormula, Localized};
use serde::Deserialize;
use toml::Spanned;

/// A string with its place in the file.
pub type S = Spanned<String>;

/// A TOML date literal (`2021-08-31`, unquoted) with its place in the file.
pub type Date = Spanned<toml::value::Datetime>;

/// The top-level tables of an act file, each read on its own so one bad entry does not hide
/// the others.
pub const SECTIONS: &[&str] = &["act", "amendment", "role", "document", "service", "process", "note"];

/// `[act]`: the legal act itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Act {
    /// Stable id, e.g. `moj-754-2021`.
    pub id: S,
    /// `order`, `joint_order`, `decree` or `law`.
    pub kind: ActKind,
    /// Who issued it.
    pub issuer: Localized,
    /// Its number as written.
    pub number: String,
    /// Its date.
    pub date: Date,
    /// State registration in the register of normative legal acts.
    pub registration: Option<Registration>,
    /// Its title.
    pub title: Localized,
    /// First day in force.
    pub in_force_from: Date,
    /// Last day in force, if it lost force.
    pub in_force_until: Option<Date>,
    /// The act that repealed it.
    pub repealed_by: Option<String>,
    /// The act this one amends or replaces, if any.
    pub amends: Option<String>,
    /// The text the encoding cites.
    pub source: Source,
}

/// Kinds of act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActKind {
    /// A minister's order.
    Order,
    /// A joint order of several bodies.
    JointOrder,
    /// A government decree.
    Decree,
    /// A law.
    Law,
}

/// State registration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// Registration number.
    pub number: String,
    /// Registration date.
    pub date: Date,
}

/// Where the act's text is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The text file in `regulations/acts/`.
    pub file: String,
    /// Languages of the text.
    pub languages: Vec<String>,
    /// Where the text was taken from.
    pub origin: String,
}

/// `[[amendment]]`: a later act that changed this one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// The amending act.
    pub by: String,
    /// When the change took effect.
    pub effective: Date,
    /// What it changed.
    pub summary: Localized,
    /// Where the act notes it.
    pub cite: Option<S>,
}

/// `[[role]]`: a structural unit or official that performs steps.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Stable id.
    pub id: S,
    /// Name.
    pub name: Localized,
    /// Whether the role is the applicant, the portal, the provider's staff, or another body.
    pub kind: RoleKind,
    /// Where the act names it.
    pub cite: S,
}

/// Who a role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// The applicant.
    Applicant,
    /// The provider's unit or official.
    Provider,
    /// The e-government portal (an automated actor).
    Portal,
    /// The State Corporation "Government for Citizens".
    StateCorporation,
    /// Another body (a commission, another ministry).
    Other,
}

/// `[[document]]`: a document the service takes or produces.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Stable id.
    pub id: S,
    /// Name.
    pub name: Localized,
    /// Taken from the applicant, or produced.
    pub kind: DocumentKind,
    /// When it is required (for inputs).
    pub condition: Option<Localized>,
    /// What an output is (a grant, a refusal, a notice …); required for outputs.
    pub form: Option<reglament_domain::DocumentForm>,
    /// How long a grant is valid, as the act says (a licence: without limit).
    pub validity: Option<Localized>,
    /// Whether the public registry shows and searches the holder's IIN (a register the law makes
    /// public, such as the registers of forensic experts and of private bailiffs).
    #[serde(default)]
    pub iin_public: bool,
    /// Its fields (for outputs and forms).
    #[serde(default)]
    pub field: Vec<Field>,
    /// Where the act defines it.
    pub cite: S,
}

/// Direction of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Submitted by the applicant.
    Input,
    /// Produced by the service (a licence, a reasoned refusal, a notice).
    Output,
}

/// A field of a document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: Localized,
}

/// `[[service]]`: a state service with its standard and variants.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable id, e.g. `forensic-licence`.
    pub id: S,
    /// Name.
    pub name: Localized,
    /// The provider.
    pub provider: Localized,
    /// The licensed or permitted activity, as a grant names it (the service's name when absent).
    pub activity: Option<Localized>,
    /// What the applicant receives.
    pub results: Localized,
    /// Form in which the result is delivered.
    pub delivery: Localized,
    /// The provider's working hours (`09:00-13:00,14:30-18:30`).
    pub schedule: Option<S>,
    /// Data the provider obtains itself, and from which state systems.
    #[serde(default)]
    pub fetched: Vec<Fetched>,
    /// Grounds for refusal.
    #[serde(default)]
    pub refusal_ground: Vec<RefusalGround>,
    /// The complaint route.
    pub complaint: Option<Complaint>,
    /// Variants (issuance, re-registration, duplicate; by channel).
    pub variant: Vec<Variant>,
    /// Where the act defines the service (its standard).
    pub cite: S,
}

/// Data fetched by the provider.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fetched {
    /// What.
    pub what: Localized,
    /// From which state system, as the act names it.
    pub system: String,
    /// The state systems asked, as the platform's clients know them.
    pub systems: Vec<reglament_domain::StateSystem>,
    /// Where the act says so.
    pub cite: S,
}

/// A ground for refusal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalGround {
    /// Stable id.
    pub id: S,
    /// The act's own number of the ground, e.g. `1)`.
    pub number: Option<S>,
    /// The ground.
    pub text: Localized,
    /// What in the state systems' answers indicates the ground (for the official to weigh).
    #[serde(default)]
    pub indicated_by: Vec<reglament_domain::Finding>,
    /// Where.
    pub cite: S,
}

/// The complaint route and its terms.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// Term of consideration by the provider.
    pub provider_term: S,
    /// Term of consideration by the quality-control body.
    pub quality_body_term: S,
    /// Term within which a complaint lodged with the provider is forwarded.
    pub forward_within: Option<S>,
    /// Where.
    pub cite: S,
}

/// `[[service.variant]]`: one way the service is given.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Stable id within the service, e.g. `issuance-portal`.
    pub id: S,
    /// Name.
    pub name: Localized,
    /// Channels.
    pub channels: Vec<Channel>,
    /// The service term for this variant.
    pub term: S,
    /// Where the term is stated.
    pub term_cite: S,
    /// The fee.
    pub fee: Option<FeeFormula>,
    /// Where the fee is stated.
    pub fee_cite: Option<S>,
    /// Documents the applicant submits (ids of input documents).
    #[serde(default)]
    pub documents: Vec<S>,
    /// The process that runs this variant.
    pub process: S,
    /// The hearing before a refusal, with its terms.
    pub hearing: Option<Hearing>,
}

/// Channels through which a service is requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// At the provider's office.
    InPerson,
    /// Through the e-government portal.
    Portal,
    /// Through the State Corporation.
    StateCorporation,
}

/// The hearing before a refusal (Administrative Procedural Code, art. 73).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hearing {
    /// The notice goes out at least this long before the service term ends.
    pub notice_before_end: S,
    /// The hearing is held within this term of the notice.
    pub hold_within: Option<S>,
    /// Objections are accepted within this term of the notice.
    pub objections_within: Option<S>,
    /// The service term is extended by this much when a hearing is held.
    pub extends_term_by: Option<S>,
    /// Where.
    pub cite: S,
}

/// `[[process]]`: the steps of a variant (or several variants).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Stable id.
    pub id: S,
    /// Name.
    pub name: Localized,
    /// The first step.
    pub start: S,
    /// The portal's checks.
    #[serde(default)]
    pub check: Vec<Check>,
    /// The steps.
    pub step: Vec<Step>,
    /// Where the act describes the process.
    pub cite: S,
}

/// A check the portal (or the provider) makes, with the message formed when it fails.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Stable id.
    pub id: S,
    /// What is checked.
    pub kind: CheckKind,
    /// The message the applicant receives when it fails.
    pub message: Localized,
    /// Where.
    pub cite: S,
}

/// Kinds of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// Authentication of the applicant (login and password, or an e-signature certificate).
    Authentication,
    /// Payment of the fee.
    Payment,
    /// Validity of the e-signature.
    Signature,
    /// The IIN/BIN in the request matches the certificate.
    IinMatch,
    /// Data confirmed in a state registry.
    Registry,
    /// Completeness of the documents.
    Completeness,
}

/// `[[process.step]]`: one procedure of the regulation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id within the process.
    pub id: S,
    /// The act's own number of the step, e.g. `1)` or `5.2`.
    pub number: Option<S>,
    /// The role that performs it.
    pub actor: S,
    /// What is done.
    pub action: Localized,
    /// How long it may take; absent when the act gives no term for it.
    pub term: Option<S>,
    /// What the step produces.
    pub produces: Option<Localized>,
    /// Output documents it produces (ids).
    #[serde(default)]
    pub documents: Vec<S>,
    /// Steps that follow unconditionally.
    #[serde(default)]
    pub next: Vec<S>,
    /// Steps that follow under a condition.
    #[serde(default)]
    pub branch: Vec<Branch>,
    /// When the step ends the process.
    pub end: Option<EndKind>,
    /// The step is (part of) the hearing before a refusal.
    #[serde(default)]
    pub hearing: bool,
    /// Where the act states it.
    pub cite: S,
}

/// A conditional successor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The condition.
    pub when: Localized,
    /// The step that follows.
    pub to: S,
}

/// How a process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    /// The positive result is delivered.
    Result,
    /// A reasoned refusal is delivered.
    Refusal,
}

/// `[[note]]`: where the act is silent, garbled or contradicts itself, and the reading chosen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// What the note is about, as a path: `process.issuance.step.review.term`.
    pub about: S,
    /// What kind of problem.
    pub kind: NoteKind,
    /// The problem.
    pub text: Localized,
    /// The reading the encoding uses.
    pub chosen: Localized,
    /// The other readings, with their sources.
    #[serde(default)]
    pub alternative: Vec<Alternative>,
    /// The clauses involved.
    pub cites: Vec<S>,
}

/// Kinds of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The act says two different things (e.g. text vs table).
    Contradiction,
    /// The act says nothing where it must.
    Silent,
    /// The extracted text is garbled.
    Garbled,
    /// A reading had to be chosen.
    Interpretation,
}

/// Another reading.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    /// The reading.
    pub reading: Localized,
    /// Where it comes from.
    pub cite: S,
}
