//! The committee on legal statistics and special records (КПСиСУ): convictions and pre-trial
//! investigations (ЕРДР) of every known person — the third seeded person has an unexpunged
//! conviction, the fourth an open investigation, everyone else is clean.

use chrono::NaiveDate;
use reglament_domain::Iin;
use serde::Serialize;

use super::{Person, ymd};

/// One conviction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conviction {
    /// The article of the Criminal Code.
    pub article: String,
    /// The court that sentenced.
    pub court: String,
    /// Sentenced on.
    pub sentenced_on: NaiveDate,
    /// Whether the conviction is expunged (погашена или снята).
    pub expunged: bool,
}

/// Where a pre-trial investigation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestigationStatus {
    /// Under way.
    Open,
    /// Ended (discontinued or sent to court).
    Closed,
}

/// One pre-trial investigation in the unified register (ЕРДР).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Investigation {
    /// The register number (15 digits).
    pub erdr_number: String,
    /// The article of the Criminal Code.
    pub article: String,
    /// Registered on.
    pub registered_on: NaiveDate,
    /// Open or closed.
    pub status: InvestigationStatus,
}

/// A person's record (empty lists when clean).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriminalRecord {
    /// The person.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// Convictions, oldest first.
    pub convictions: Vec<Conviction>,
    /// Pre-trial investigations, oldest first.
    pub investigations: Vec<Investigation>,
}

/// The record of every person, in the persons' order.
#[must_use]
pub fn criminal_records(persons: &[Person]) -> Vec<CriminalRecord> {
    persons
        .iter()
        .enumerate()
        .map(|(index, person)| {
            let mut record = CriminalRecord { iin: person.iin, convictions: Vec::new(), investigations: Vec::new() };
            match index {
                2 => record.convictions.push(Conviction {
                    article: "УК РК ст. 188 ч. 2".to_owned(),
                    court: "Сарыаркинский районный суд г. Астаны".to_owned(),
                    sentenced_on: ymd(2015, 6, 11),
                    expunged: false,
                }),
                3 => record.investigations.push(Investigation {
                    erdr_number: "257510031000412".to_owned(),
                    article: "УК РК ст. 190 ч. 1".to_owned(),
                    registered_on: ymd(2025, 11, 3),
                    status: InvestigationStatus::Open,
                }),
                _ => {}
            }
            record
        })
        .collect()
}
