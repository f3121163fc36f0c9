//! Kazakh domain values for Reglament: identification numbers (IIN, BIN),
//! money in tiyn, the monthly calculation index (MCI) and fee formulas,
//! interface languages and bilingual texts, and references into legal acts.
//!
//! # Invariants
//!
//! - **Parse, don't validate.** Every value type has private fields and is
//!   built only by parsing (`FromStr` / `TryFrom`) or by constructors that
//!   check their rules; serde goes through the same parsers, so a value that
//!   exists is valid.
//! - **One error type.** Every failure is a [`DomainError`] with a stable
//!   machine code ([`DomainError::code`]) and a message naming the failed rule
//!   and the offending input or position.
//! - **No IO, no clock.** The crate never touches the file system, network or
//!   environment and never reads the current time: dates are arguments. The
//!   MCI table is compiled in from `data/mci.toml`.
//! - **Exact money.** Amounts are integer tiyn; fee formulas compute with
//!   exact fractions and round once, half up, to the tiyn. Overflow is an
//!   error, never a wrap.
//! - **No panics.** No `unwrap`, `expect` or `panic!` outside tests.
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use reglament_domain::{FeeFormula, Iin, MciTable};
//!
//! # fn main() -> Result<(), reglament_domain::DomainError> {
//! let applicant: Iin = "871008401427".parse()?;
//! assert_eq!(applicant.birth_date(), NaiveDate::from_ymd_opt(1987, 10, 8));
//!
//! // Re-registration: 10 % of 6 MCI, but not more than 4 MCI.
//! let fee = FeeFormula::at_most(
//!     FeeFormula::percent("10".parse()?, FeeFormula::mci("6".parse()?)),
//!     FeeFormula::mci("4".parse()?),
//! );
//! let on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
//! let amount = fee.evaluate(&MciTable::embedded()?, on)?;
//! assert_eq!(amount.to_string(), "2 595,00 ₸");
//! # Ok(())
//! # }
//! ```

mod decimal;
mod document_form;
mod error;
pub mod fee;
pub mod id;
mod language;
pub mod legal_ref;
mod localized;
pub mod mci;
mod money;
mod plural;
mod ratio;
mod state_system;

pub use document_form::DocumentForm;
pub use error::DomainError;
pub use fee::{FeeFormula, Percent};
pub use id::{
    Bin, BinEntityType, BinUnit, CheckDigitPass, IdKind, IdPolicy, Iin, Sex, compute_check_digit,
    compute_check_digit_with_pass, recorded_iin,
};
pub use language::Language;
pub use legal_ref::{ActId, Designator, LegalRef};
pub use localized::Localized;
pub use mci::{MciAmount, MciEntry, MciTable};
pub use money::Money;
pub use plural::Counted;
pub use state_system::{Finding, StateSystem, envelope};
