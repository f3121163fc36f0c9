//! [`Designator`]: the number of an appendix, clause, sub-clause, table or row, as written in the act.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Longest accepted designator.
const MAX_LEN: usize = 32;

/// The label of a structural unit as the act writes it: `"3"`, `"2)"`, `"3-1"`, `"а)"`.
///
/// At most 32 characters; no whitespace, control characters, `/`, `#` or `,`;
/// must not start with an ASCII letter (Cyrillic letters are fine). These
/// limits keep the compact form of [`crate::LegalRef`] unambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Designator(String);

impl Designator {
    /// The designator text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Designator {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| DomainError::Designator { input: s.to_owned(), reason };
        let Some(first) = s.chars().next() else {
            return Err(fail("it is empty".to_owned()));
        };
        let len = s.chars().count();
        if len > MAX_LEN {
            return Err(fail(format!("it has {len} characters, at most {MAX_LEN} allowed")));
        }
        if first.is_ascii_alphabetic() {
            return Err(fail(format!(
                "it starts with the ASCII letter {first:?}, which the compact form reserves for part keys"
            )));
        }
        if let Some((index, ch)) = s
            .chars()
            .enumerate()
            .find(|&(_, ch)| ch.is_whitespace() || ch.is_control() || matches!(ch, '/' | '#' | ','))
        {
            return Err(fail(format!("character {ch:?} at position {} is not allowed", index + 1)));
        }
        Ok(Self(s.to_owned()))
    }
}

impl TryFrom<String> for Designator {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Designator> for String {
    fn from(value: Designator) -> Self {
        value.0
    }
}

impl fmt::Display for Designator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
