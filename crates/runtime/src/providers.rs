//! The bodies that provide each service in this deployment, by BIN. An act names its provider in
//! words ("the Ministry of Justice", "the justice departments of the regions and cities"); which
//! registered body that is — its BIN — is the deployment's fact, configured by the operator and
//! never invented by the platform. Where several bodies provide one service (territorial
//! departments), the applicant chooses one at filing and that body's officials see the case.

use reglament_domain::{Bin, Localized};
use serde::Deserialize;

use crate::error::RuntimeError;

/// One body that provides services in this deployment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderBody {
    /// Its BIN (the organisation its officials' certificates name).
    pub bin: Bin,
    /// Its name, as the applicant chooses it.
    pub name: Localized,
    /// The services it provides (service ids of the acts; `*` for every service, as a test
    /// stand or the demo chooses).
    pub services: Vec<String>,
}

/// Every provider body of the deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Providers {
    /// The bodies.
    #[serde(default, rename = "provider")]
    pub bodies: Vec<ProviderBody>,
}

impl Providers {
    /// The bodies that provide `service` (a complaint's service is its service's).
    #[must_use]
    pub fn of(&self, service: &str) -> Vec<&ProviderBody> {
        let service = reglament_engine::complaint::complained_service(service).unwrap_or(service);
        self.bodies.iter().filter(|b| b.services.iter().any(|s| s == service || s == "*")).collect()
    }

    /// The test stand's one body, BIN `bin`, providing every service.
    #[must_use]
    pub fn test_stand(bin: Bin) -> Self {
        Self::single(
            bin,
            Localized::new_static(
                "Сынақ стенді: барлық қызметтерді көрсетуші",
                "Тестовый стенд: услугодатель всех услуг",
            ),
        )
    }

    /// One body providing every service (a test stand's or the demo's choice, never an act's).
    #[must_use]
    pub fn single(bin: Bin, name: Localized) -> Self {
        Self { bodies: vec![ProviderBody { bin, name, services: vec!["*".to_owned()] }] }
    }

    /// The body a filing of `service` goes to: the one chosen, which must provide it; else the
    /// only one that does.
    pub fn choose(&self, service: &str, chosen: Option<Bin>) -> Result<Bin, RuntimeError> {
        let offered = self.of(service);
        match (chosen, offered.as_slice()) {
            (_, []) => Err(RuntimeError::NoProvider { service: service.to_owned() }),
            (Some(bin), _) if offered.iter().any(|b| b.bin == bin) => Ok(bin),
            (Some(bin), _) => Err(RuntimeError::UnknownProvider { service: service.to_owned(), bin: bin.to_string() }),
            (None, [only]) => Ok(only.bin),
            (None, _) => Err(RuntimeError::ProviderChoice {
                service: service.to_owned(),
                offered: offered.iter().map(|b| b.bin.to_string()).collect::<Vec<_>>().join(", "),
            }),
        }
    }
}
