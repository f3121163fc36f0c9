//! The form of an output document — what it is for, which decides its fields when the act gives
//! none, its number series and whether it enters the public registry.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::localized::Localized;

/// What an output document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentForm {
    /// A licence, certificate, permit or conclusion granting a right: it enters the registry.
    Grant,
    /// A reasoned refusal (of the service or of further consideration).
    Refusal,
    /// A notice to the applicant (the preliminary decision and hearing, an assessment's date).
    Notice,
    /// The minutes (protocol) of a commission's meeting.
    Minutes,
    /// An order of the provider.
    Order,
    /// A receipt confirming the documents were received.
    Receipt,
    /// A letter (a cover letter, a message of an information system).
    Letter,
}

impl DocumentForm {
    /// Every form, in this order.
    pub const ALL: [Self; 7] =
        [Self::Grant, Self::Refusal, Self::Notice, Self::Minutes, Self::Order, Self::Receipt, Self::Letter];

    /// The stable name, as the encoded acts spell it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Grant => "grant",
            Self::Refusal => "refusal",
            Self::Notice => "notice",
            Self::Minutes => "minutes",
            Self::Order => "order",
            Self::Receipt => "receipt",
            Self::Letter => "letter",
        }
    }

    /// The number series: grants `L`, refusals `R`, every other document `D`. Each series is
    /// numbered without gaps per provider and year.
    #[must_use]
    pub const fn series(self) -> &'static str {
        match self {
            Self::Grant => "L",
            Self::Refusal => "R",
            _ => "D",
        }
    }

    /// Whether a document of this form enters the public registry.
    #[must_use]
    pub const fn registered(self) -> bool {
        matches!(self, Self::Grant)
    }

    /// The form's name for people.
    #[must_use]
    pub const fn title(self) -> Localized {
        let (kk, ru) = match self {
            Self::Grant => ("Рұқсат беру құжаты", "Разрешительный документ"),
            Self::Refusal => ("Дәлелді бас тарту", "Мотивированный отказ"),
            Self::Notice => ("Хабарлама", "Уведомление"),
            Self::Minutes => ("Хаттама", "Протокол"),
            Self::Order => ("Бұйрық", "Приказ"),
            Self::Receipt => ("Қолхат", "Расписка"),
            Self::Letter => ("Хат", "Письмо"),
        };
        Localized::new_static(kk, ru)
    }
}

impl fmt::Display for DocumentForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentForm {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|form| form.as_str() == s).ok_or_else(|| DomainError::UnknownDocumentForm {
            input: s.to_owned(),
            expected: Self::ALL.map(Self::as_str).join(", "),
        })
    }
}
