//! Who gives a command: the applicant, an official of a provider with the roles of that
//! provider's staff list at the time of the command, the quality-control body, an integrator's
//! token, or the platform itself (the worker, the timers). Every command carries one, the engine
//! decides by it ([`crate::authority`]) and every recorded event names it.

use reglament_domain::{Bin, Iin};
use serde::{Deserialize, Serialize};

/// The role of a staff list that makes an official one of the quality-control body's (it reads
/// every case and acts only on the complaints sent to it).
pub const QUALITY_CONTROL: &str = "quality-control";

/// What an integrator's token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read services and cases (of its provider, when it is limited to one).
    Read,
    /// Also file applications signed by their applicants.
    File,
}

/// Who gives a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// The applicant, for themselves or for the legal entity `entity`.
    Applicant {
        /// The applicant's IIN (NCA test numbers allowed on a test stand).
        #[serde(with = "reglament_domain::recorded_iin")]
        iin: Iin,
        /// The legal entity filed for, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity: Option<Bin>,
    },
    /// An official of the provider `provider` holding `roles` on its staff list.
    Official {
        /// The official's IIN.
        #[serde(with = "reglament_domain::recorded_iin")]
        iin: Iin,
        /// The provider the official works for.
        provider: Bin,
        /// The role ids of the acts the staff list gives the official at that provider.
        roles: Vec<String>,
    },
    /// An official of the quality-control body (reads every case; acts only on complaints sent
    /// to it).
    QualityControl {
        /// The official's IIN.
        #[serde(with = "reglament_domain::recorded_iin")]
        iin: Iin,
    },
    /// An integrator's system through its API token.
    Integrator {
        /// The token's name (never the token).
        token: String,
        /// The provider the token is limited to, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<Bin>,
        /// What the token may do.
        scope: Scope,
    },
    /// The platform itself: the worker carrying out actions, the timers, the payment check.
    System,
}

impl Actor {
    /// The staff member `iin` of `provider` with `roles` on its staff list: of the
    /// quality-control body when that is the only role the list gives them, else an official of
    /// the provider.
    #[must_use]
    pub fn of_staff(iin: Iin, provider: Bin, roles: Vec<String>) -> Self {
        if !roles.is_empty() && roles.iter().all(|r| r == QUALITY_CONTROL) {
            Self::QualityControl { iin }
        } else {
            Self::Official { iin, provider, roles }
        }
    }

    /// Who did it, as the history's `by` fields name them: the IIN of a person, the token's name,
    /// or `system`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Applicant { iin, .. } | Self::Official { iin, .. } | Self::QualityControl { iin } => iin.as_string(),
            Self::Integrator { token, .. } => format!("token:{token}"),
            Self::System => "system".to_owned(),
        }
    }

    /// The person's IIN, for actors that are a person.
    #[must_use]
    pub fn iin(&self) -> Option<Iin> {
        match self {
            Self::Applicant { iin, .. } | Self::Official { iin, .. } | Self::QualityControl { iin } => Some(*iin),
            Self::Integrator { .. } | Self::System => None,
        }
    }
}
