//! [`Percent`]: an exact non-negative percentage used in fee formulas.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal6;
use crate::error::DomainError;
use crate::ratio::Ratio;

/// An exact, non-negative percentage (`"10"` means 10 %).
///
/// Parsed from a decimal string with the same grammar as [`crate::MciAmount`];
/// serialised as its canonical string. Values above 100 are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Percent(Decimal6);

impl Percent {
    /// The exact fraction this percentage stands for (`10` → `1/10`).
    pub(crate) fn to_fraction(self) -> Result<Ratio, DomainError> {
        self.0.to_ratio()?.checked_mul(Ratio::new(1, 100, "percent")?, "percent")
    }
}

impl FromStr for Percent {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal6::parse("percent", s).map(Self)
    }
}

impl TryFrom<String> for Percent {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Percent> for String {
    fn from(value: Percent) -> Self {
        value.to_string()
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
