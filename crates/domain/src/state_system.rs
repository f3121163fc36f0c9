//! The external state systems a provider asks through the e-government gateway, and the
//! gateway envelope's signed text, shared by the platform that signs a request and the
//! sandbox (or a real adapter) that verifies it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::localized::Localized;

/// A state information system the seed acts have the provider ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateSystem {
    /// The state database "Individuals" (ГБД ФЛ): identity documents.
    Individuals,
    /// The state database "Legal entities" (ГБД ЮЛ): registration of a company by BIN.
    LegalEntities,
    /// The Prosecutor General's committee on legal statistics and special records (КПСиСУ):
    /// criminal records and the unified register of pre-trial investigations (ЕРДР).
    LegalStatistics,
    /// The narcological and psychiatric dispensaries' registers (their certificates).
    Dispensaries,
    /// The state database "E-licensing": licences already issued.
    Licences,
    /// The e-government payment gateway (ПШЭП): invoices and fee payments.
    Payments,
}

impl StateSystem {
    /// Every system, in this order.
    pub const ALL: [Self; 6] = [
        Self::Individuals,
        Self::LegalEntities,
        Self::LegalStatistics,
        Self::Dispensaries,
        Self::Licences,
        Self::Payments,
    ];

    /// The stable name (`individuals`, `legal_entities`, …), as the sandbox's paths, the
    /// encoded acts and the stored evidence spell it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Individuals => "individuals",
            Self::LegalEntities => "legal_entities",
            Self::LegalStatistics => "legal_statistics",
            Self::Dispensaries => "dispensaries",
            Self::Licences => "licences",
            Self::Payments => "payments",
        }
    }

    /// The system's name for people, in Kazakh and Russian.
    #[must_use]
    pub fn title(self) -> Localized {
        let (kk, ru) = match self {
            Self::Individuals => ("«Жеке тұлғалар» мемлекеттік дерекқоры", "ГБД «Физические лица»"),
            Self::LegalEntities => ("«Заңды тұлғалар» мемлекеттік дерекқоры", "ГБД «Юридические лица»"),
            Self::LegalStatistics => (
                "Құқықтық статистика және арнайы есепке алу жөніндегі комитет (соттылық, СДТБТ)",
                "Комитет по правовой статистике и специальным учётам (судимость, ЕРДР)",
            ),
            Self::Dispensaries => {
                ("Наркологиялық және психиатриялық диспансерлер", "Наркологический и психиатрический диспансеры")
            }
            Self::Licences => ("«Е-лицензиялау» мемлекеттік дерекқоры", "ГБД «Е-лицензирование»"),
            Self::Payments => ("«Электрондық үкіметтің» төлем шлюзі", "Платёжный шлюз «электронного правительства»"),
        };
        Localized::new_static(kk, ru)
    }
}

impl fmt::Display for StateSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StateSystem {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|system| system.as_str() == s).ok_or_else(|| DomainError::UnknownStateSystem {
            input: s.to_owned(),
            expected: Self::ALL.map(Self::as_str).join(", "),
        })
    }
}

/// What a state system's answer says that may be a ground for refusal. An encoded act links
/// its refusal grounds to findings (`indicated_by`); the official decides, after the hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// The individuals registry does not know the applicant's IIN.
    UnknownPerson,
    /// A conviction not expunged.
    UnspentConviction,
    /// A pre-trial investigation still open.
    OpenInvestigation,
    /// Registered at the narcological dispensary.
    NarcologicalRegistration,
    /// Registered at the psychiatric dispensary.
    PsychiatricRegistration,
    /// The company is not active (liquidated) or unknown.
    CompanyNotActive,
    /// The fee is not paid, or not in full.
    FeeUnpaid,
}

impl Finding {
    /// The finding for people, in Kazakh and Russian.
    #[must_use]
    pub const fn title(self) -> Localized {
        let (kk, ru) = match self {
            Self::UnknownPerson => {
                ("ЖСН «Жеке тұлғалар» дерекқорында табылмады", "ИИН не найден в ГБД «Физические лица»")
            }
            Self::UnspentConviction => ("Өтелмеген сотталғандығы бар", "Имеется непогашенная судимость"),
            Self::OpenInvestigation => {
                ("Аяқталмаған сотқа дейінгі тергеп-тексеру бар", "Имеется незавершённое досудебное расследование")
            }
            Self::NarcologicalRegistration => {
                ("Наркологиялық диспансерде есепте тұр", "Состоит на учёте в наркологическом диспансере")
            }
            Self::PsychiatricRegistration => {
                ("Психиатриялық диспансерде есепте тұр", "Состоит на учёте в психиатрическом диспансере")
            }
            Self::CompanyNotActive => {
                ("Заңды тұлға әрекет етпейді немесе табылмады", "Юридическое лицо не действует или не найдено")
            }
            Self::FeeUnpaid => ("Алым төленбеген немесе толық төленбеген", "Сбор не оплачен или оплачен не полностью"),
        };
        Localized::new_static(kk, ru)
    }
}

/// The gateway envelope: every request to a state system carries these headers, and
/// [`HEADER_SIGNATURE`] holds a detached CMS signature of [`envelope_text`] by the platform's
/// key (base64, its certificate inside).
pub mod envelope {
    /// Who sends (the platform's registered sender id).
    pub const HEADER_SENDER: &str = "x-gateway-sender";
    /// The message id (the call's request id; the same on every attempt).
    pub const HEADER_MESSAGE_ID: &str = "x-gateway-message-id";
    /// When the attempt was sent, RFC 3339 in UTC.
    pub const HEADER_SENT_AT: &str = "x-gateway-sent-at";
    /// The detached CMS signature of [`envelope_text`], base64.
    pub const HEADER_SIGNATURE: &str = "x-gateway-signature";

    /// The exact bytes the platform signs: a version line, then method, path (with query),
    /// sender, message id and sent-at, each on its own line, then the body as sent.
    #[must_use]
    pub fn envelope_text(
        method: &str,
        path: &str,
        sender: &str,
        message_id: &str,
        sent_at: &str,
        body: &[u8],
    ) -> Vec<u8> {
        let head = format!("REGLAMENT-GATEWAY-1\n{method}\n{path}\n{sender}\n{message_id}\n{sent_at}\n");
        let mut text = Vec::with_capacity(head.len() + body.len());
        text.extend_from_slice(head.as_bytes());
        text.extend_from_slice(body);
        text
    }
}
