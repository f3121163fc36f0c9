//! Kazakh 12-digit identification numbers: [`Iin`] (individuals) and [`Bin`] (legal entities).
//!
//! Both share the length/digit rules and the two-pass check digit
//! ([`compute_check_digit`]). Which extra numbers are tolerated is an explicit
//! [`IdPolicy`] argument, never a global switch.

mod bin;
mod check_digit;
mod digits;
mod iin;
mod policy;

use std::fmt;

pub use bin::{Bin, BinEntityType, BinUnit};
pub use check_digit::{CheckDigitPass, compute_check_digit, compute_check_digit_with_pass};
pub use iin::{Iin, Sex, recorded as recorded_iin};
pub use policy::IdPolicy;

/// Which kind of identification number an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// Individual identification number (ИИН / ЖСН).
    Iin,
    /// Business identification number (БИН / БСН).
    Bin,
}

impl IdKind {
    /// Chooses between two values by kind (used for error codes).
    pub(crate) const fn pick(self, iin: &'static str, bin: &'static str) -> &'static str {
        match self {
            Self::Iin => iin,
            Self::Bin => bin,
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pick("IIN", "BIN"))
    }
}
