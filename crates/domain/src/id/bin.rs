//! [`Bin`]: the business identification number (БИН / БСН).
//!
//! Layout (positions 1-based): 1–4 registration `YYMM`; 5 entity type digit
//! (4 resident legal entity, 5 non-resident, 6 joint individual
//! entrepreneurship); 6 unit digit (0 head office, 1 branch, 2 representative
//! office, 3 peasant/farm enterprise); 7–11 serial; 12 check digit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::digits::{self, LEN, pair};
use super::{IdKind, IdPolicy, check_digit};
use crate::error::DomainError;

/// The NCA test-PKI BIN, accepted only under [`IdPolicy::AllowNcaTestNumbers`].
const NCA_TEST_BINS: [[u8; LEN]; 1] = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 2, 1]];

/// What kind of entity a BIN belongs to (position 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinEntityType {
    /// Digit 4: legal entity, resident of Kazakhstan.
    ResidentLegalEntity,
    /// Digit 5: legal entity, non-resident.
    NonResidentLegalEntity,
    /// Digit 6: joint individual entrepreneurship.
    JointIndividualEntrepreneurship,
}

impl BinEntityType {
    const fn from_digit(digit: u8) -> Option<Self> {
        match digit {
            4 => Some(Self::ResidentLegalEntity),
            5 => Some(Self::NonResidentLegalEntity),
            6 => Some(Self::JointIndividualEntrepreneurship),
            _ => None,
        }
    }
}

/// Which unit of the entity a BIN designates (position 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinUnit {
    /// Digit 0: the head organisation.
    Head,
    /// Digit 1: a branch.
    Branch,
    /// Digit 2: a representative office.
    RepresentativeOffice,
    /// Digit 3: a peasant (farm) enterprise.
    Farm,
}

impl BinUnit {
    const fn from_digit(digit: u8) -> Option<Self> {
        match digit {
            0 => Some(Self::Head),
            1 => Some(Self::Branch),
            2 => Some(Self::RepresentativeOffice),
            3 => Some(Self::Farm),
            _ => None,
        }
    }
}

/// A valid business identification number.
///
/// Constructed only by parsing: [`FromStr`] / serde apply [`IdPolicy::Strict`];
/// [`Bin::parse_with`] takes the policy explicitly. Serialised as its 12-digit string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bin {
    digits: [u8; LEN],
}

impl Bin {
    /// Parses `input` under `policy`.
    ///
    /// Rules are checked in this order and the first failure is reported:
    /// length, digits, check digit, registration month, type digit, unit digit.
    /// Under [`IdPolicy::AllowNcaTestNumbers`] exactly the NCA test BIN
    /// `123456789021` bypasses the check digit and structure rules.
    pub fn parse_with(policy: IdPolicy, input: &str) -> Result<Self, DomainError> {
        let digits = digits::parse(IdKind::Bin, input)?;
        if policy.allows_nca_test_numbers() && NCA_TEST_BINS.contains(&digits) {
            return Ok(Self { digits });
        }
        check_digit::verify(IdKind::Bin, input, &digits)?;
        let bin = Self { digits };
        let month = bin.month_digits();
        if !(1..=12).contains(&month) {
            return Err(DomainError::BinMonth { input: input.to_owned(), month });
        }
        if BinEntityType::from_digit(digits[4]).is_none() {
            return Err(DomainError::BinTypeDigit { input: input.to_owned(), digit: digits[4] });
        }
        if BinUnit::from_digit(digits[5]).is_none() {
            return Err(DomainError::BinUnitDigit { input: input.to_owned(), digit: digits[5] });
        }
        Ok(bin)
    }

    /// Whether this is the NCA test-PKI number (only possible under
    /// [`IdPolicy::AllowNcaTestNumbers`]).
    #[must_use]
    pub fn is_nca_test(&self) -> bool {
        NCA_TEST_BINS.contains(&self.digits)
    }

    /// Two-digit registration year `YY` (positions 1–2), as written.
    ///
    /// The century is not encoded; callers that need a full year must decide it.
    /// `None` exactly for the NCA test number.
    #[must_use]
    pub fn registration_year_yy(&self) -> Option<u8> {
        (!self.is_nca_test()).then(|| pair(self.digits[0], self.digits[1]))
    }

    /// Registration month 1–12 (positions 3–4); `None` exactly for the NCA test number.
    #[must_use]
    pub fn registration_month(&self) -> Option<u8> {
        (!self.is_nca_test()).then(|| self.month_digits())
    }

    /// Entity type (position 5); `None` exactly for the NCA test number.
    #[must_use]
    pub fn entity_type(&self) -> Option<BinEntityType> {
        if self.is_nca_test() {
            return None;
        }
        BinEntityType::from_digit(self.digits[4])
    }

    /// Unit of the entity (position 6); `None` exactly for the NCA test number.
    #[must_use]
    pub fn unit(&self) -> Option<BinUnit> {
        if self.is_nca_test() {
            return None;
        }
        BinUnit::from_digit(self.digits[5])
    }

    /// The 12-digit text.
    #[must_use]
    pub fn as_string(&self) -> String {
        digits::to_text(&self.digits)
    }

    fn month_digits(&self) -> u8 {
        pair(self.digits[2], self.digits[3])
    }
}

impl FromStr for Bin {
    type Err = DomainError;

    /// Parses under [`IdPolicy::Strict`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_with(IdPolicy::Strict, s)
    }
}

impl TryFrom<String> for Bin {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Bin> for String {
    fn from(value: Bin) -> Self {
        value.as_string()
    }
}

impl fmt::Display for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl fmt::Debug for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bin({self})")
    }
}
