//! [`Money`]: an amount of Kazakhstani tenge held exactly in tiyn (1 ₸ = 100 tiyn).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// An exact amount of money in tiyn (`i64`; 1 tenge = 100 tiyn).
///
/// Arithmetic is checked: an overflow is a [`DomainError::MoneyOverflow`],
/// never a wrap or a saturation. Serialised as the bare integer number of tiyn.
///
/// `Display` writes the Kazakh/Russian convention with the tenge sign:
/// thousands grouped by a plain ASCII space (U+0020), a decimal comma, always
/// two tiyn digits, then a space and `₸` — e.g. `2 595,00 ₸`, `-0,50 ₸`.
/// HTML renderers that must not break the number may substitute U+00A0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money {
    tiyn: i64,
}

impl Money {
    /// Zero tenge.
    pub const ZERO: Money = Money { tiyn: 0 };

    /// Tiyn in one tenge.
    pub const TIYN_PER_TENGE: i64 = 100;

    /// An amount of `tiyn` tiyn.
    #[must_use]
    pub const fn from_tiyn(tiyn: i64) -> Self {
        Self { tiyn }
    }

    /// An amount of whole `tenge`; errors if it does not fit in `i64` tiyn.
    pub fn from_tenge(tenge: i64) -> Result<Self, DomainError> {
        tenge.checked_mul(Self::TIYN_PER_TENGE).map(Self::from_tiyn).ok_or(DomainError::MoneyOverflow {
            operation: "from_tenge",
            left: tenge,
            right: Self::TIYN_PER_TENGE,
        })
    }

    /// The amount in tiyn.
    #[must_use]
    pub const fn tiyn(self) -> i64 {
        self.tiyn
    }

    /// Whether the amount is zero.
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.tiyn == 0
    }

    /// `self + other`, or an overflow error.
    pub fn checked_add(self, other: Money) -> Result<Self, DomainError> {
        self.tiyn.checked_add(other.tiyn).map(Self::from_tiyn).ok_or(DomainError::MoneyOverflow {
            operation: "add",
            left: self.tiyn,
            right: other.tiyn,
        })
    }

    /// `self - other`, or an overflow error. The result may be negative.
    pub fn checked_sub(self, other: Money) -> Result<Self, DomainError> {
        self.tiyn.checked_sub(other.tiyn).map(Self::from_tiyn).ok_or(DomainError::MoneyOverflow {
            operation: "sub",
            left: self.tiyn,
            right: other.tiyn,
        })
    }

    /// `self × factor`, or an overflow error.
    pub fn checked_mul(self, factor: i64) -> Result<Self, DomainError> {
        self.tiyn.checked_mul(factor).map(Self::from_tiyn).ok_or(DomainError::MoneyOverflow {
            operation: "mul",
            left: self.tiyn,
            right: factor,
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.tiyn.unsigned_abs();
        let whole = (magnitude / 100).to_string();
        let fraction = magnitude % 100;
        // Build the digits right to left, inserting a space every three digits.
        let mut reversed = String::with_capacity(whole.len() + whole.len() / 3);
        let mut in_group = 0;
        for ch in whole.chars().rev() {
            if in_group == 3 {
                reversed.push(' ');
                in_group = 0;
            }
            reversed.push(ch);
            in_group += 1;
        }
        let grouped: String = reversed.chars().rev().collect();
        let sign = if self.tiyn < 0 { "-" } else { "" };
        write!(f, "{sign}{grouped},{fraction:02} ₸")
    }
}
