//! [`FeeFormula`]: a composable fee rule evaluated exactly against the MCI table.
//!
//! Rounding rule (the only one): every intermediate value is an exact rational
//! number of tiyn; the final result is rounded once to a whole tiyn, half up
//! (a remainder of exactly ½ tiyn rounds up). Caps and floors compare exact,
//! unrounded values.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::percent::Percent;
use super::wire::WireFormula;
use crate::error::DomainError;
use crate::mci::{MciAmount, MciTable};
use crate::money::Money;
use crate::ratio::Ratio;

/// A fee rule as written in a service standard.
///
/// Serialised internally tagged by `kind` (snake case), amounts as decimal strings:
///
/// ```json
/// {"kind": "at_most",
///  "formula": {"kind": "percent", "percent": "10", "of": {"kind": "mci", "mci": "6"}},
///  "cap": {"kind": "mci", "mci": "4"}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "WireFormula", into = "WireFormula")]
pub enum FeeFormula {
    /// A fixed number of MCI at the value in force on the evaluation date.
    Mci(MciAmount),
    /// A percentage of another formula's (exact, unrounded) result.
    Percent {
        /// The percentage, e.g. `10`.
        percent: Percent,
        /// The base it is taken of.
        of: Box<FeeFormula>,
    },
    /// The smaller of `formula` and `cap` ("but not more than").
    AtMost {
        /// The uncapped rule.
        formula: Box<FeeFormula>,
        /// The maximum.
        cap: Box<FeeFormula>,
    },
    /// The larger of `formula` and `floor` ("but not less than").
    AtLeast {
        /// The rule before the floor.
        formula: Box<FeeFormula>,
        /// The minimum.
        floor: Box<FeeFormula>,
    },
    /// No fee.
    Free,
}

impl FeeFormula {
    /// `amount` MCI.
    #[must_use]
    pub const fn mci(amount: MciAmount) -> Self {
        Self::Mci(amount)
    }

    /// `percent` % of `of`.
    #[must_use]
    pub fn percent(percent: Percent, of: FeeFormula) -> Self {
        Self::Percent { percent, of: Box::new(of) }
    }

    /// `formula`, but not more than `cap`.
    #[must_use]
    pub fn at_most(formula: FeeFormula, cap: FeeFormula) -> Self {
        Self::AtMost { formula: Box::new(formula), cap: Box::new(cap) }
    }

    /// `formula`, but not less than `floor`.
    #[must_use]
    pub fn at_least(formula: FeeFormula, floor: FeeFormula) -> Self {
        Self::AtLeast { formula: Box::new(formula), floor: Box::new(floor) }
    }

    /// The fee on date `on`, using the MCI value in force that day, rounded
    /// once to the tiyn, half up.
    pub fn evaluate(&self, table: &MciTable, on: NaiveDate) -> Result<Money, DomainError> {
        if matches!(self, Self::Free) {
            return Ok(Money::ZERO);
        }
        let mci_tiyn = Ratio::integer(i128::from(table.value_on(on)?.tiyn()));
        let exact = self.exact_tiyn(mci_tiyn)?;
        exact.round_half_up("fee rounding").map(Money::from_tiyn)
    }

    /// The exact fee in tiyn, given one MCI in tiyn.
    fn exact_tiyn(&self, mci_tiyn: Ratio) -> Result<Ratio, DomainError> {
        const CONTEXT: &str = "fee formula";
        match self {
            Self::Mci(amount) => amount.to_ratio()?.checked_mul(mci_tiyn, CONTEXT),
            Self::Percent { percent, of } => percent.to_fraction()?.checked_mul(of.exact_tiyn(mci_tiyn)?, CONTEXT),
            Self::AtMost { formula, cap } => {
                let (value, cap) = (formula.exact_tiyn(mci_tiyn)?, cap.exact_tiyn(mci_tiyn)?);
                Ok(if value.checked_cmp(cap, CONTEXT)?.is_gt() { cap } else { value })
            }
            Self::AtLeast { formula, floor } => {
                let (value, floor) = (formula.exact_tiyn(mci_tiyn)?, floor.exact_tiyn(mci_tiyn)?);
                Ok(if value.checked_cmp(floor, CONTEXT)?.is_lt() { floor } else { value })
            }
            Self::Free => Ok(Ratio::ZERO),
        }
    }
}
