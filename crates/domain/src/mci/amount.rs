//! [`MciAmount`]: an exact count of monthly calculation indices (e.g. `6`, `0.5`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal6;
use crate::error::DomainError;
use crate::ratio::Ratio;

/// An exact, non-negative number of MCI (МРП / АЕК), as written in a legal act.
///
/// Parsed from a decimal string (`"6"`, `"0.5"`, `"0,5"`; at most six
/// fractional digits; see the crate's decimal grammar). Serialised as its
/// canonical string (`"0.5"`), so a data file cannot smuggle in a binary float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MciAmount(Decimal6);

impl MciAmount {
    /// Whether the amount is zero MCI.
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The exact value as a fraction.
    pub(crate) fn to_ratio(self) -> Result<Ratio, DomainError> {
        self.0.to_ratio()
    }
}

impl FromStr for MciAmount {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal6::parse("MCI amount", s).map(Self)
    }
}

impl TryFrom<String> for MciAmount {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<MciAmount> for String {
    fn from(value: MciAmount) -> Self {
        value.to_string()
    }
}

impl fmt::Display for MciAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
