//! The platform's two interface languages: Kazakh (state language) and Russian.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// An interface language of the platform.
///
/// Serialised as its lowercase ISO 639-1 code (`"kk"`, `"ru"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Kazakh (қазақ тілі), the state language.
    Kk,
    /// Russian (русский язык).
    Ru,
}

impl Language {
    /// All languages, Kazakh first (the state language leads in bilingual documents).
    pub const ALL: [Language; 2] = [Language::Kk, Language::Ru];

    /// The ISO 639-1 code: `"kk"` or `"ru"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Kk => "kk",
            Self::Ru => "ru",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = DomainError;

    /// Parses `"kk"` or `"ru"`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(s))
            .ok_or_else(|| DomainError::UnknownLanguage { input: s.to_owned() })
    }
}
