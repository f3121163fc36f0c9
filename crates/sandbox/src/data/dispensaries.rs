//! The narcological and psychiatric dispensaries' registers: every known person, the fifth
//! seeded one registered at the narcological dispensary.

use chrono::NaiveDate;
use reglament_domain::Iin;
use serde::Serialize;

use super::{Person, ymd};

/// Whether a person is on one dispensary's register, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Registration {
    /// On the register.
    pub registered: bool,
    /// Since when (only when registered).
    pub since: Option<NaiveDate>,
}

impl Registration {
    const NONE: Self = Self { registered: false, since: None };
}

/// A person's standing at both dispensaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DispensaryRecord {
    /// The person.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// The narcological dispensary.
    pub narcological: Registration,
    /// The psychiatric dispensary.
    pub psychiatric: Registration,
}

/// The record of every person, in the persons' order.
#[must_use]
pub fn dispensaries(persons: &[Person]) -> Vec<DispensaryRecord> {
    persons
        .iter()
        .enumerate()
        .map(|(index, person)| DispensaryRecord {
            iin: person.iin,
            narcological: if index == 4 {
                Registration { registered: true, since: Some(ymd(2022, 5, 17)) }
            } else {
                Registration::NONE
            },
            psychiatric: Registration::NONE,
        })
        .collect()
}
