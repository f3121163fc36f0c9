//! The monthly calculation index (MCI; МРП in Russian, АЕК in Kazakh): amounts
//! expressed in MCI and the dated table of its tenge value.

mod amount;
mod table;

pub use amount::MciAmount;
pub use table::{MciEntry, MciTable};
