//! The state registries the provider asks (contracts: `crates/sandbox/contracts/`): what can be
//! asked ([`Query`]), the typed answers ([`Person`], [`Company`], [`CriminalRecord`],
//! [`DispensaryRecord`], [`LicenceList`]) and the dyn-compatible [`Registries`] trait the
//! runtime holds as `Arc<dyn Registries>`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use chrono::NaiveDate;
use reglament_domain::{Bin, IdPolicy, Iin, StateSystem};
use serde::{Deserialize, Serialize};

use crate::GatewayError;

/// Serde for the IINs and BINs in answers: read under [`IdPolicy::AllowNcaTestNumbers`], since
/// the platform may ask about the NCA test numbers its entry points accepted under that policy
/// and the registry answers with them (every other number is checked in full).
pub(crate) mod wire {
    use reglament_domain::{Bin, IdPolicy};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the 12 digits.
    pub fn serialize<S: Serializer>(bin: &Bin, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&bin.as_string())
    }

    /// Reads a BIN under [`IdPolicy::AllowNcaTestNumbers`].
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Bin, D::Error> {
        let text = String::deserialize(deserializer)?;
        Bin::parse_with(IdPolicy::AllowNcaTestNumbers, &text).map_err(serde::de::Error::custom)
    }
}

/// A boxed, sendable future: what the dyn-compatible traits return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Whose licences are asked for: an individual (IIN) or a legal entity (BIN). On the wire the
/// 12 digits; an IIN's fifth digit (the tens of the birth day, 0–3) tells it from a BIN's
/// (the entity type, 4–6). Read under [`IdPolicy::AllowNcaTestNumbers`], whose test IINs and
/// test BIN differ too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Holder {
    /// An individual (or an individual entrepreneur).
    Individual(Iin),
    /// A legal entity.
    Entity(Bin),
}

impl Holder {
    /// The 12 digits.
    #[must_use]
    pub fn digits(&self) -> String {
        match self {
            Self::Individual(iin) => iin.as_string(),
            Self::Entity(bin) => bin.as_string(),
        }
    }
}

impl TryFrom<String> for Holder {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let policy = IdPolicy::AllowNcaTestNumbers;
        if let Ok(iin) = Iin::parse_with(policy, &value) {
            return Ok(Self::Individual(iin));
        }
        Bin::parse_with(policy, &value).map(Self::Entity).map_err(|_| format!("`{value}` is neither an IIN nor a BIN"))
    }
}

impl From<Holder> for String {
    fn from(value: Holder) -> Self {
        value.digits()
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits())
    }
}

/// A question to a state registry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Query {
    /// The person and their identity document (state database of individuals).
    Person(Iin),
    /// The company's registration (state database of legal entities).
    Company(Bin),
    /// Convictions and pre-trial investigations (the committee on legal statistics).
    CriminalRecord(Iin),
    /// Registration at the narcological and psychiatric dispensaries.
    Dispensaries(Iin),
    /// Licences already issued to the holder (e-licensing).
    Licences(Holder),
}

impl Query {
    /// The system that answers it.
    #[must_use]
    pub const fn system(&self) -> StateSystem {
        match self {
            Self::Person(_) => StateSystem::Individuals,
            Self::Company(_) => StateSystem::LegalEntities,
            Self::CriminalRecord(_) => StateSystem::LegalStatistics,
            Self::Dispensaries(_) => StateSystem::Dispensaries,
            Self::Licences(_) => StateSystem::Licences,
        }
    }

    /// The path under the system's base URL.
    #[must_use]
    pub fn path(&self) -> String {
        match self {
            Self::Person(iin) | Self::Dispensaries(iin) => format!("/persons/{iin}"),
            Self::Company(bin) => format!("/companies/{bin}"),
            Self::CriminalRecord(iin) => format!("/persons/{iin}/record"),
            Self::Licences(holder) => format!("/holders/{holder}/licences"),
        }
    }

    /// The 12 digits the query is about (an answer must be about the same).
    #[must_use]
    pub fn subject(&self) -> String {
        match self {
            Self::Person(iin) | Self::CriminalRecord(iin) | Self::Dispensaries(iin) => iin.as_string(),
            Self::Company(bin) => bin.as_string(),
            Self::Licences(holder) => holder.digits(),
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Person(iin) => write!(f, "person {iin}"),
            Self::Company(bin) => write!(f, "company {bin}"),
            Self::CriminalRecord(iin) => write!(f, "criminal record of {iin}"),
            Self::Dispensaries(iin) => write!(f, "dispensary registrations of {iin}"),
            Self::Licences(holder) => write!(f, "licences of {holder}"),
        }
    }
}

/// A typed answer: what the registry said, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// To [`Query::Person`].
    Person(Person),
    /// To [`Query::Company`].
    Company(Company),
    /// To [`Query::CriminalRecord`].
    CriminalRecord(CriminalRecord),
    /// To [`Query::Dispensaries`].
    Dispensaries(DispensaryRecord),
    /// To [`Query::Licences`].
    Licences(LicenceList),
}

/// A registry's answer with what the evidence of it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The system that answered.
    pub system: StateSystem,
    /// The answer, parsed.
    pub answer: Answer,
    /// The exact bytes answered (to hash and keep as evidence).
    pub body: Vec<u8>,
    /// The call's request id (the envelope's message id).
    pub request_id: String,
    /// The attempts the call took (1 when the first was answered).
    pub attempts: u32,
}

/// The state registries, as the engine's actions call them. Dyn-compatible: the runtime holds
/// an `Arc<dyn Registries>`, tests a fake.
pub trait Registries: Send + Sync {
    /// Asks the registry of `query`: its answer, or the failure (`gateway.not_found` when the
    /// registry does not know the subject).
    fn ask(&self, query: &Query) -> BoxFuture<'_, Result<Answered, GatewayError>>;
}

/// What an answer is about (checked against what was asked).
pub(crate) trait About {
    /// The 12 digits of the IIN or BIN the answer is about.
    fn about(&self) -> String;
}

/// The kind of an identity document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The identity card of a citizen of Kazakhstan.
    IdentityCard,
    /// The passport of a citizen of Kazakhstan.
    Passport,
}

/// A person's identity document, as the registry of individuals holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityDocument {
    /// Its kind.
    pub kind: DocumentKind,
    /// Its number.
    pub number: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The last day it is valid.
    pub valid_until: NaiveDate,
    /// Who issued it.
    pub issuer: String,
}

/// A person as the registry of individuals answers (`GET /persons/{iin}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The person's IIN (checked: a structurally invalid one makes the answer malformed).
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// Surname.
    pub surname: String,
    /// Given name.
    pub name: String,
    /// Patronymic, when the person has one.
    #[serde(default)]
    pub patronymic: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// The identity document in force.
    pub document: IdentityDocument,
}

impl About for Person {
    fn about(&self) -> String {
        self.iin.as_string()
    }
}

/// Whether a company is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyStatus {
    /// Registered and active.
    Active,
    /// Liquidated.
    Liquidated,
}

/// A company's head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyHead {
    /// The head's IIN.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// The head's full name.
    pub full_name: String,
}

/// A company as the registry of legal entities answers (`GET /companies/{bin}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    /// Its BIN.
    #[serde(with = "wire")]
    pub bin: Bin,
    /// Its registered name.
    pub name: String,
    /// The day it was registered.
    pub registered_on: NaiveDate,
    /// Active or liquidated.
    pub status: CompanyStatus,
    /// Its head.
    pub head: CompanyHead,
    /// Its registered address.
    pub address: String,
}

impl About for Company {
    fn about(&self) -> String {
        self.bin.as_string()
    }
}

/// One conviction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conviction {
    /// The article of the Criminal Code.
    pub article: String,
    /// The court that sentenced.
    pub court: String,
    /// The day of the sentence.
    pub sentenced_on: NaiveDate,
    /// Whether the conviction is expunged (spent).
    pub expunged: bool,
}

/// Whether a pre-trial investigation is under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestigationStatus {
    /// Under way.
    Open,
    /// Closed.
    Closed,
}

/// One pre-trial investigation in the unified register (ЕРДР).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Investigation {
    /// The register number.
    pub erdr_number: String,
    /// The article of the Criminal Code.
    pub article: String,
    /// The day it was registered.
    pub registered_on: NaiveDate,
    /// Open or closed.
    pub status: InvestigationStatus,
}

/// A person's criminal record as the committee on legal statistics answers
/// (`GET /persons/{iin}/record`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriminalRecord {
    /// The person's IIN.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// Convictions, spent or not.
    pub convictions: Vec<Conviction>,
    /// Pre-trial investigations, open or closed.
    pub investigations: Vec<Investigation>,
}

impl CriminalRecord {
    /// Whether a conviction is not expunged.
    #[must_use]
    pub fn has_unspent_conviction(&self) -> bool {
        self.convictions.iter().any(|c| !c.expunged)
    }

    /// Whether an investigation is open.
    #[must_use]
    pub fn has_open_investigation(&self) -> bool {
        self.investigations.iter().any(|i| i.status == InvestigationStatus::Open)
    }
}

impl About for CriminalRecord {
    fn about(&self) -> String {
        self.iin.as_string()
    }
}

/// A registration at one dispensary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// Whether the person is registered.
    pub registered: bool,
    /// Since when, if registered.
    #[serde(default)]
    pub since: Option<NaiveDate>,
}

/// A person's registrations at the dispensaries (`GET /persons/{iin}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispensaryRecord {
    /// The person's IIN.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// At the narcological dispensary.
    pub narcological: Registration,
    /// At the psychiatric dispensary.
    pub psychiatric: Registration,
}

impl About for DispensaryRecord {
    fn about(&self) -> String {
        self.iin.as_string()
    }
}

/// Whether a licence is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    /// In force.
    Valid,
    /// Suspended.
    Suspended,
    /// Terminated.
    Terminated,
}

/// One licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    /// Its number.
    pub number: String,
    /// The licensed activity.
    pub activity: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// Who issued it.
    pub licensor: String,
    /// Valid, suspended or terminated.
    pub status: LicenceStatus,
}

/// The licences issued to a holder (`GET /holders/{iin_or_bin}/licences`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceList {
    /// The holder.
    pub holder: Holder,
    /// Their licences (empty when none).
    pub licences: Vec<Licence>,
}

impl About for LicenceList {
    fn about(&self) -> String {
        self.holder.digits()
    }
}
