//! The OpenAPI 3 contracts of the played systems (`contracts/*.json`), compiled in and served at
//! `/contracts/{name}`.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use reglament_domain::StateSystem;

use crate::SandboxError;

/// The individuals registry's contract.
pub const INDIVIDUALS_CONTRACT: &str = include_str!("../contracts/individuals.json");
/// The legal entities registry's contract.
pub const LEGAL_ENTITIES_CONTRACT: &str = include_str!("../contracts/legal_entities.json");
/// The legal statistics committee's contract.
pub const LEGAL_STATISTICS_CONTRACT: &str = include_str!("../contracts/legal_statistics.json");
/// The dispensaries' contract.
pub const DISPENSARIES_CONTRACT: &str = include_str!("../contracts/dispensaries.json");
/// The e-licensing database's contract.
pub const LICENCES_CONTRACT: &str = include_str!("../contracts/licences.json");
/// The payment gateway's contract.
pub const PAYMENTS_CONTRACT: &str = include_str!("../contracts/payments.json");
/// The test PKI's contract.
pub const PKI_CONTRACT: &str = include_str!("../contracts/pki.json");

/// The contract of `system`; it is served at `/contracts/{system}.json`.
#[must_use]
pub const fn contract_of(system: StateSystem) -> &'static str {
    match system {
        StateSystem::Individuals => INDIVIDUALS_CONTRACT,
        StateSystem::LegalEntities => LEGAL_ENTITIES_CONTRACT,
        StateSystem::LegalStatistics => LEGAL_STATISTICS_CONTRACT,
        StateSystem::Dispensaries => DISPENSARIES_CONTRACT,
        StateSystem::Licences => LICENCES_CONTRACT,
        StateSystem::Payments => PAYMENTS_CONTRACT,
    }
}

/// `GET /contracts/{name}`: `{system}.json` or `pki.json`.
pub(crate) async fn contract(Path(name): Path<String>) -> Result<Response, SandboxError> {
    let text = match name.strip_suffix(".json") {
        Some("pki") => PKI_CONTRACT,
        Some(system) => system
            .parse::<StateSystem>()
            .map(contract_of)
            .map_err(|_| SandboxError::NotFound(format!("contract {name}")))?,
        None => return Err(SandboxError::NotFound(format!("contract {name}"))),
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}
