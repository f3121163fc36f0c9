//! [`Iin`]: the individual identification number (ИИН / ЖСН).
//!
//! Layout (positions 1-based): 1–6 birth date `YYMMDD`; 7 century-and-sex digit
//! (1/2 → born 1800s male/female, 3/4 → 1900s, 5/6 → 2000s); 8–11 serial;
//! 12 check digit (see [`super::compute_check_digit`]).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::digits::{self, LEN, pair};
use super::{IdKind, IdPolicy, check_digit};
use crate::error::DomainError;

/// The NCA test-PKI IINs, accepted only under [`IdPolicy::AllowNcaTestNumbers`].
const NCA_TEST_IINS: [[u8; LEN]; 2] = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]];

/// Sex as encoded in the IIN's 7th digit (odd: male, even: female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Odd century digit (1, 3, 5).
    Male,
    /// Even century digit (2, 4, 6).
    Female,
}

/// A valid individual identification number.
///
/// Constructed only by parsing: [`FromStr`] / serde apply [`IdPolicy::Strict`];
/// [`Iin::parse_with`] takes the policy explicitly. Serialised as its 12-digit string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin {
    digits: [u8; LEN],
}

impl Iin {
    /// Parses `input` under `policy`.
    ///
    /// Rules are checked in this order and the first failure is reported:
    /// length, digits, check digit, century digit, birth date. Under
    /// [`IdPolicy::AllowNcaTestNumbers`] exactly the NCA test IINs
    /// `123456789011` and `123456789012` bypass the check digit and structure rules.
    pub fn parse_with(policy: IdPolicy, input: &str) -> Result<Self, DomainError> {
        let digits = digits::parse(IdKind::Iin, input)?;
        if policy.allows_nca_test_numbers() && NCA_TEST_IINS.contains(&digits) {
            return Ok(Self { digits });
        }
        check_digit::verify(IdKind::Iin, input, &digits)?;
        let iin = Self { digits };
        let century_digit = iin.century_digit();
        if iin.century_start().is_none() {
            return Err(DomainError::IinCenturyDigit { input: input.to_owned(), digit: century_digit });
        }
        if iin.decode_birth_date().is_none() {
            return Err(DomainError::IinBirthDate {
                input: input.to_owned(),
                yymmdd: input.chars().take(6).collect(),
                century_digit,
            });
        }
        Ok(iin)
    }

    /// Whether this is one of the NCA test-PKI numbers (only possible under
    /// [`IdPolicy::AllowNcaTestNumbers`]).
    #[must_use]
    pub fn is_nca_test(&self) -> bool {
        NCA_TEST_IINS.contains(&self.digits)
    }

    /// The birth date encoded in positions 1–6 and 7.
    ///
    /// Always `Some` for a number parsed under [`IdPolicy::Strict`]; `None`
    /// exactly for the NCA test numbers, whose date digits are not a date.
    #[must_use]
    pub fn birth_date(&self) -> Option<NaiveDate> {
        if self.is_nca_test() {
            return None;
        }
        self.decode_birth_date()
    }

    /// Sex encoded in position 7; `None` exactly for the NCA test numbers.
    #[must_use]
    pub fn sex(&self) -> Option<Sex> {
        if self.is_nca_test() || self.century_start().is_none() {
            return None;
        }
        Some(if self.century_digit() % 2 == 1 { Sex::Male } else { Sex::Female })
    }

    /// The 12-digit text.
    #[must_use]
    pub fn as_string(&self) -> String {
        digits::to_text(&self.digits)
    }

    fn century_digit(&self) -> u8 {
        self.digits[6]
    }

    /// First year of the birth century (1800, 1900, 2000), if the digit is 1–6.
    fn century_start(&self) -> Option<i32> {
        match self.century_digit() {
            1 | 2 => Some(1800),
            3 | 4 => Some(1900),
            5 | 6 => Some(2000),
            _ => None,
        }
    }

    fn decode_birth_date(&self) -> Option<NaiveDate> {
        let d = &self.digits;
        let year = self.century_start()? + i32::from(pair(d[0], d[1]));
        let month = u32::from(pair(d[2], d[3]));
        let day = u32::from(pair(d[4], d[5]));
        NaiveDate::from_ymd_opt(year, month, day)
    }
}

impl FromStr for Iin {
    type Err = DomainError;

    /// Parses under [`IdPolicy::Strict`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_with(IdPolicy::Strict, s)
    }
}

impl TryFrom<String> for Iin {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Iin> for String {
    fn from(value: Iin) -> Self {
        value.as_string()
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl fmt::Debug for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iin({self})")
    }
}

/// Serde for an IIN read back from a record it was accepted into: every number some
/// [`IdPolicy`] accepts (the NCA test IINs included), since the record was validated under the
/// policy of its entry point and must stay readable. Use with `#[serde(with = "…::recorded")]`
/// on stored fields only; input from outside parses strictly.
pub mod recorded {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::{IdPolicy, Iin};

    /// Writes the 12 digits.
    pub fn serialize<S: Serializer>(iin: &Iin, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&iin.as_string())
    }

    /// Reads the 12 digits under [`IdPolicy::AllowNcaTestNumbers`].
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Iin, D::Error> {
        let text = String::deserialize(deserializer)?;
        Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &text).map_err(serde::de::Error::custom)
    }
}
