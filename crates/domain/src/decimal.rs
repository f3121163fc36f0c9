//! Exact non-negative decimals with up to six fractional digits, shared by
//! [`crate::MciAmount`] and [`crate::Percent`].
//!
//! Grammar: `DIGITS [ ("." | ",") DIGITS ]`, at least one digit on each side of
//! the separator, at most 6 fractional digits, no sign, no exponent, no spaces.
//! The canonical text uses `.` and drops trailing fractional zeros (`"0,50"` → `"0.5"`).

use std::fmt;

use crate::error::DomainError;
use crate::ratio::Ratio;

/// Fractional digits kept exactly.
const SCALE_DIGITS: u32 = 6;
/// `10^SCALE_DIGITS`.
const SCALE: u64 = 1_000_000;

/// A non-negative decimal stored as an integer count of millionths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Decimal6 {
    micros: u64,
}

impl Decimal6 {
    /// Parses the grammar above; `what` names the value in errors.
    pub(crate) fn parse(what: &'static str, input: &str) -> Result<Self, DomainError> {
        let syntax = |reason| DomainError::DecimalSyntax { what, input: input.to_owned(), reason };
        let range = || DomainError::DecimalRange { what, input: input.to_owned() };
        let (whole, fraction) = match input.split_once(['.', ',']) {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (input, None),
        };
        if whole.is_empty() {
            return Err(syntax("no digit before the decimal separator"));
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax("only ASCII digits and one '.' or ',' are allowed"));
        }
        let mut micros: u64 = 0;
        for b in whole.bytes() {
            micros = micros.checked_mul(10).and_then(|m| m.checked_add(u64::from(b - b'0'))).ok_or_else(range)?;
        }
        micros = micros.checked_mul(SCALE).ok_or_else(range)?;
        if let Some(fraction) = fraction {
            if fraction.is_empty() {
                return Err(syntax("no digit after the decimal separator"));
            }
            if !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax("only ASCII digits and one '.' or ',' are allowed"));
            }
            if fraction.len() > SCALE_DIGITS as usize {
                return Err(syntax("more than 6 fractional digits"));
            }
            let mut place = SCALE;
            let mut fractional: u64 = 0;
            for b in fraction.bytes() {
                place /= 10;
                fractional += u64::from(b - b'0') * place;
            }
            micros = micros.checked_add(fractional).ok_or_else(range)?;
        }
        Ok(Self { micros })
    }

    /// The exact value as a fraction.
    pub(crate) fn to_ratio(self) -> Result<Ratio, DomainError> {
        Ratio::new(i128::from(self.micros), i128::from(SCALE), "decimal value")
    }

    /// Whether the value is zero.
    pub(crate) const fn is_zero(self) -> bool {
        self.micros == 0
    }
}

impl fmt::Display for Decimal6 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.micros / SCALE;
        let fraction = self.micros % SCALE;
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{fraction:06}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}
