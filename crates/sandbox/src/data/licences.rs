//! The e-licensing database: licences by holder (IIN or BIN) — the first person's valid
//! forensic-expert licence, the medical centre's medical licence, the liquidated builder's
//! terminated licence.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Company, Person, ymd};

/// Where a licence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Licence {
    /// The licence number.
    pub number: String,
    /// The licensed activity.
    pub activity: String,
    /// Issued on.
    pub issued_on: NaiveDate,
    /// The licensing body.
    pub licensor: String,
    /// Valid, suspended or terminated.
    pub status: LicenceStatus,
}

/// `GET /licences/v1/holders/{id}/licences`'s body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Licences {
    /// The IIN or BIN asked for.
    pub holder: String,
    /// Its licences (empty for a holder with none).
    pub licences: Vec<Licence>,
}

/// The licences by holder's 12 digits.
#[must_use]
pub fn licences(persons: &[Person], companies: &[Company]) -> BTreeMap<String, Vec<Licence>> {
    let licence = |number: &str, activity: &str, issued_on, licensor: &str, status| Licence {
        number: number.to_owned(),
        activity: activity.to_owned(),
        issued_on,
        licensor: licensor.to_owned(),
        status,
    };
    let mut out = BTreeMap::new();
    if let Some(first) = persons.first() {
        out.insert(
            first.iin.to_string(),
            vec![licence(
                "19018842",
                "Судебно-экспертная деятельность",
                ymd(2019, 9, 2),
                "Министерство юстиции Республики Казахстан",
                LicenceStatus::Valid,
            )],
        );
    }
    if let Some(medical) = companies.get(1) {
        out.insert(
            medical.bin.to_string(),
            vec![licence(
                "17004521",
                "Медицинская деятельность",
                ymd(2017, 2, 20),
                "Управление общественного здравоохранения города Алматы",
                LicenceStatus::Valid,
            )],
        );
    }
    if let Some(builder) = companies.get(2) {
        out.insert(
            builder.bin.to_string(),
            vec![licence(
                "10007713",
                "Изыскательская и проектная деятельность, строительно-монтажные работы",
                ymd(2010, 4, 5),
                "Управление государственного архитектурно-строительного контроля Карагандинской области",
                LicenceStatus::Terminated,
            )],
        );
    }
    out
}
