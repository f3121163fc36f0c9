//! [`ActId`]: a short, stable identifier of a legal act, e.g. `moj-754-2021`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Longest accepted act id.
const MAX_LEN: usize = 64;

/// A stable id of a legal act: lowercase ASCII letters, digits and single
/// inner hyphens, at most 64 characters (e.g. `moj-754-2021` for Order of the
/// Minister of Justice No. 754 of 2021). Serialised as the string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActId(String);

impl ActId {
    /// The id text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ActId {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| DomainError::ActId { input: s.to_owned(), reason };
        if s.is_empty() {
            return Err(fail("it is empty".to_owned()));
        }
        let len = s.chars().count();
        if len > MAX_LEN {
            return Err(fail(format!("it has {len} characters, at most {MAX_LEN} allowed")));
        }
        let mut previous = None;
        for (index, ch) in s.chars().enumerate() {
            let position = index + 1;
            if !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-') {
                return Err(fail(format!(
                    "character {ch:?} at position {position} is not a lowercase ASCII letter, digit or '-'"
                )));
            }
            if ch == '-' && (position == 1 || position == len || previous == Some('-')) {
                return Err(fail(format!("'-' at position {position} must stand between two letters or digits")));
            }
            previous = Some(ch);
        }
        Ok(Self(s.to_owned()))
    }
}

impl TryFrom<String> for ActId {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<ActId> for String {
    fn from(value: ActId) -> Self {
        value.0
    }
}

impl fmt::Display for ActId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
