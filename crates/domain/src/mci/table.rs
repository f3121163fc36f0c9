//! [`MciTable`]: the dated table of the MCI's tenge value, with the legal source of each value.
//!
//! The embedded table lives in `crates/domain/data/mci.toml` and is compiled into
//! the binary (`include_str!`); nothing is read from disk at run time.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::DomainError;
use crate::money::Money;

/// The embedded MCI data file.
const EMBEDDED_TOML: &str = include_str!("../../data/mci.toml");

/// One value of the MCI, in force from `valid_from` until the next entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MciEntry {
    valid_from: NaiveDate,
    value: Money,
    source: String,
}

impl MciEntry {
    /// An entry; the value must be positive and the source non-blank.
    pub fn new(valid_from: NaiveDate, value: Money, source: impl Into<String>) -> Result<Self, DomainError> {
        let source = source.into();
        if value.tiyn() <= 0 {
            return Err(DomainError::MciTableData {
                reason: format!("value {value} from {valid_from} is not positive"),
            });
        }
        if source.trim().is_empty() {
            return Err(DomainError::MciTableData { reason: format!("entry from {valid_from} has no legal source") });
        }
        Ok(Self { valid_from, value, source })
    }

    /// First day this value applies.
    #[must_use]
    pub const fn valid_from(&self) -> NaiveDate {
        self.valid_from
    }

    /// The tenge value of one MCI.
    #[must_use]
    pub const fn value(&self) -> Money {
        self.value
    }

    /// The legal act that set this value.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// A dated table of MCI values, sorted by `valid_from`, known complete up to `covered_until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MciTable {
    entries: Vec<MciEntry>,
    covered_until: NaiveDate,
}

/// Serde shape of the data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    covered_until: NaiveDate,
    entry: Vec<RawEntry>,
}

/// Serde shape of one `[[entry]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    valid_from: NaiveDate,
    tenge: i64,
    source: String,
}

impl MciTable {
    /// A table from entries; they must be non-empty, strictly increasing by
    /// `valid_from`, and `covered_until` must not precede the last entry.
    pub fn new(entries: Vec<MciEntry>, covered_until: NaiveDate) -> Result<Self, DomainError> {
        let Some(last) = entries.last() else {
            return Err(DomainError::MciTableData { reason: "the table has no entries".to_owned() });
        };
        if covered_until < last.valid_from {
            return Err(DomainError::MciTableData {
                reason: format!(
                    "covered_until {covered_until} precedes the last entry's valid_from {}",
                    last.valid_from
                ),
            });
        }
        for (earlier, later) in entries.iter().zip(entries.iter().skip(1)) {
            if later.valid_from <= earlier.valid_from {
                return Err(DomainError::MciTableData {
                    reason: format!(
                        "entry from {} does not come strictly after entry from {}",
                        later.valid_from, earlier.valid_from
                    ),
                });
            }
        }
        Ok(Self { entries, covered_until })
    }

    /// Parses a table in the data-file format (see `data/mci.toml`).
    pub fn from_toml_str(text: &str) -> Result<Self, DomainError> {
        let raw: RawTable = toml::from_str(text).map_err(|e| DomainError::MciTableData { reason: e.to_string() })?;
        let entries = raw
            .entry
            .into_iter()
            .map(|e| MciEntry::new(e.valid_from, Money::from_tenge(e.tenge)?, e.source))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(entries, raw.covered_until)
    }

    /// The table compiled into this crate from `data/mci.toml`.
    pub fn embedded() -> Result<Self, DomainError> {
        Self::from_toml_str(EMBEDDED_TOML)
    }

    /// All entries, oldest first.
    #[must_use]
    pub fn entries(&self) -> &[MciEntry] {
        &self.entries
    }

    /// The last date the table is known to be complete for.
    #[must_use]
    pub const fn covered_until(&self) -> NaiveDate {
        self.covered_until
    }

    /// The entry in force on `date`.
    pub fn entry_on(&self, date: NaiveDate) -> Result<&MciEntry, DomainError> {
        if date > self.covered_until {
            return Err(DomainError::MciAfterTable { date, covered_until: self.covered_until });
        }
        let in_force = self.entries.partition_point(|e| e.valid_from <= date);
        match in_force.checked_sub(1).and_then(|i| self.entries.get(i)) {
            Some(entry) => Ok(entry),
            None => Err(DomainError::MciBeforeTable {
                date,
                first: self.entries.first().map_or(self.covered_until, |e| e.valid_from),
            }),
        }
    }

    /// The tenge value of one MCI on `date`.
    pub fn value_on(&self, date: NaiveDate) -> Result<Money, DomainError> {
        self.entry_on(date).map(MciEntry::value)
    }
}
