//! A document's number: its series by form, the provider's BIN, the year and a sequence without
//! gaps, written `L-2026-000140000123-000017`.

use std::fmt;

use reglament_domain::{Bin, DocumentForm};

/// The number of an issued document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentNumber {
    /// The series (`L` grants, `R` refusals, `D` other documents).
    pub series: &'static str,
    /// The year of issue.
    pub year: i32,
    /// The provider, by BIN.
    pub provider: Bin,
    /// The place in the series, from 1.
    pub seq: i64,
}

impl DocumentNumber {
    /// The number of the `seq`-th document of `form` that `provider` issues in `year`.
    #[must_use]
    pub fn new(form: DocumentForm, year: i32, provider: Bin, seq: i64) -> Self {
        Self { series: form.series(), year, provider, seq }
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}-{:06}", self.series, self.year, self.provider, self.seq)
    }
}
