//! The serde shape of [`FeeFormula`]: an internally tagged mirror enum, needed
//! because internal tagging cannot carry the string-valued `Mci(MciAmount)` variant.

use serde::{Deserialize, Serialize};

use super::formula::FeeFormula;
use super::percent::Percent;
use crate::mci::MciAmount;

/// Wire form of [`FeeFormula`], tagged by `kind`.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum WireFormula {
    /// See [`FeeFormula::Mci`].
    Mci { mci: MciAmount },
    /// See [`FeeFormula::Percent`].
    Percent { percent: Percent, of: Box<FeeFormula> },
    /// See [`FeeFormula::AtMost`].
    AtMost { formula: Box<FeeFormula>, cap: Box<FeeFormula> },
    /// See [`FeeFormula::AtLeast`].
    AtLeast { formula: Box<FeeFormula>, floor: Box<FeeFormula> },
    /// See [`FeeFormula::Free`].
    Free,
}

impl From<WireFormula> for FeeFormula {
    fn from(wire: WireFormula) -> Self {
        match wire {
            WireFormula::Mci { mci } => Self::Mci(mci),
            WireFormula::Percent { percent, of } => Self::Percent { percent, of },
            WireFormula::AtMost { formula, cap } => Self::AtMost { formula, cap },
            WireFormula::AtLeast { formula, floor } => Self::AtLeast { formula, floor },
            WireFormula::Free => Self::Free,
        }
    }
}

impl From<FeeFormula> for WireFormula {
    fn from(formula: FeeFormula) -> Self {
        match formula {
            FeeFormula::Mci(mci) => Self::Mci { mci },
            FeeFormula::Percent { percent, of } => Self::Percent { percent, of },
            FeeFormula::AtMost { formula, cap } => Self::AtMost { formula, cap },
            FeeFormula::AtLeast { formula, floor } => Self::AtLeast { formula, floor },
            FeeFormula::Free => Self::Free,
        }
    }
}
