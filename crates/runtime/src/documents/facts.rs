//! The facts of a case a document states: who holds it, the application, the grounds chosen, the
//! hearing and who signs — gathered by the caller (from the case, the state systems' answers and
//! the signed-in official), never read here.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use reglament_domain::{Bin, Iin, Localized};
use reglament_engine::Case;

/// Whom the document is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The person's full name (from the individuals' register).
    pub name: String,
    /// The person's IIN.
    pub iin: Iin,
    /// The legal entity, if the application is for one: its name and BIN.
    pub entity: Option<(String, Bin)>,
}

/// The official who signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    /// Full name.
    pub name: String,
    /// IIN.
    pub iin: Iin,
    /// The provider, by BIN (the numbering key).
    pub provider: Bin,
}

/// A case's facts, as of the day the document is issued.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// Whom the document is about.
    pub holder: Holder,
    /// The application's number (the incoming registration, else the case id).
    pub application: String,
    /// When it was filed, on the provider's calendar.
    pub filed_on: NaiveDate,
    /// The refusal grounds chosen (ids of the act's grounds), empty when none.
    pub grounds: Vec<String>,
    /// The hearing's appointment (when, local time, and where), if one is set.
    pub hearing: Option<(String, String)>,
    /// The official who signs, with the position the act gives the signing role.
    pub signatory: Signatory,
    /// The signing role's name in the act.
    pub position: Localized,
    /// Where the document is issued.
    pub place: Localized,
    /// The day the licence was first issued, when this document re-registers or duplicates it.
    pub first_issued: Option<NaiveDate>,
}

impl Facts {
    /// The facts of `case` as the engine knows them, with the names the caller found.
    #[must_use]
    pub fn of_case(case: &Case, holder: Holder, signatory: Signatory, position: Localized, zone: Tz) -> Self {
        Self {
            holder,
            application: case.registration.clone().unwrap_or_else(|| case.id.clone()),
            filed_on: case.filed_at.with_timezone(&zone).date_naive(),
            grounds: case.refusal.clone().unwrap_or_default(),
            hearing: case
                .hearing
                .as_ref()
                .and_then(|h| h.appointment.as_ref())
                .map(|a| (local(a.at, zone), a.place.clone())),
            signatory,
            position,
            place: Localized::new_static("Астана қаласы", "город Астана"),
            first_issued: None,
        }
    }
}

/// An instant as the provider's people write it, on the provider's clock.
fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%d.%m.%Y %H:%M").to_string()
}
