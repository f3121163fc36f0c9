//! [`Localized`]: a user-facing text in both Kazakh and Russian.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::language::Language;

/// A user-facing text given in every platform language.
///
/// Every text the platform shows to a person is a `Localized`, so no screen
/// can silently lack a translation. Serialised as `{ "kk": "...", "ru": "..." }`;
/// deserialising rejects a blank text in either language. The
/// [`Localized::new_static`] constructor is `const` so that texts can be
/// declared as constants; it trusts its (compile-time) arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawLocalized")]
pub struct Localized {
    kk: Cow<'static, str>,
    ru: Cow<'static, str>,
}

/// Unvalidated serde shape of [`Localized`].
#[derive(Deserialize)]
struct RawLocalized {
    kk: String,
    ru: String,
}

impl TryFrom<RawLocalized> for Localized {
    type Error = DomainError;

    fn try_from(raw: RawLocalized) -> Result<Self, Self::Error> {
        Self::new(raw.kk, raw.ru)
    }
}

impl Localized {
    /// A text from two string literals; usable in `const` items.
    #[must_use]
    pub const fn new_static(kk: &'static str, ru: &'static str) -> Self {
        Self { kk: Cow::Borrowed(kk), ru: Cow::Borrowed(ru) }
    }

    /// A text from owned strings; rejects a blank (empty or whitespace-only) text.
    pub fn new(kk: impl Into<String>, ru: impl Into<String>) -> Result<Self, DomainError> {
        let (kk, ru) = (kk.into(), ru.into());
        for (language, text) in [(Language::Kk, &kk), (Language::Ru, &ru)] {
            if text.trim().is_empty() {
                return Err(DomainError::BlankLocalizedText { language });
            }
        }
        Ok(Self { kk: Cow::Owned(kk), ru: Cow::Owned(ru) })
    }

    /// The text in `language`.
    #[must_use]
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Kk => &self.kk,
            Language::Ru => &self.ru,
        }
    }

    /// The Kazakh text.
    #[must_use]
    pub fn kk(&self) -> &str {
        &self.kk
    }

    /// The Russian text.
    #[must_use]
    pub fn ru(&self) -> &str {
        &self.ru
    }
}
