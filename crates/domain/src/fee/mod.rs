//! Fee formulas: how a state fee is computed from the MCI, exactly.

mod formula;
mod percent;
mod wire;

pub use formula::FeeFormula;
pub use percent::Percent;
