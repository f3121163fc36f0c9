//! [`IdPolicy`]: which numbers beyond the strictly valid ones an IIN/BIN parser accepts.

/// Whether to accept the NCA test-PKI numbers that fail the checksum.
///
/// The National Certification Authority's test certificates carry IIN
/// `123456789011` / `123456789012` and BIN `123456789021`, which are not valid
/// numbers. A test stand signing with those certificates must opt in with
/// [`IdPolicy::AllowNcaTestNumbers`]; production uses [`IdPolicy::Strict`],
/// which is also what `FromStr` and serde use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IdPolicy {
    /// Only numbers that pass every structural rule and the check digit.
    #[default]
    Strict,
    /// Additionally exactly the listed NCA test numbers (nothing else).
    AllowNcaTestNumbers,
}

impl IdPolicy {
    /// Whether this policy accepts the NCA test numbers.
    #[must_use]
    pub const fn allows_nca_test_numbers(self) -> bool {
        matches!(self, Self::AllowNcaTestNumbers)
    }
}
