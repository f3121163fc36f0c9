//! The lookup systems — individuals, legal entities, legal statistics, dispensaries, licences —
//! each a `GET` by a 12-digit IIN or BIN answered from the seed through one helper, [`lookup`]:
//! 400 when the id is not 12 digits, 404 when nobody has it.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use reglament_domain::StateSystem;
use serde::Serialize;

use crate::call::Incoming;
use crate::data::is_twelve_digits;
use crate::{Sandbox, SandboxError};

/// What `find` finds for `id` as JSON; `what` names it in the refusals.
fn lookup<T: Serialize>(id: &str, what: &str, find: impl FnOnce(&str) -> Option<T>) -> Result<Response, SandboxError> {
    if !is_twelve_digits(id) {
        return Err(SandboxError::BadRequest(format!("{what} `{id}`: expected 12 digits")));
    }
    find(id).map(|found| Json(found).into_response()).ok_or_else(|| SandboxError::NotFound(format!("{what} {id}")))
}

/// `GET /individuals/v1/persons/{iin}`.
pub(crate) async fn person(State(sandbox): State<Sandbox>, Path(iin): Path<String>, call: Incoming) -> Response {
    sandbox.handle(StateSystem::Individuals, call, |s, _| lookup(&iin, "person", |id| s.seed.person(id))).await
}

/// `GET /legal_entities/v1/companies/{bin}`.
pub(crate) async fn company(State(sandbox): State<Sandbox>, Path(bin): Path<String>, call: Incoming) -> Response {
    sandbox.handle(StateSystem::LegalEntities, call, |s, _| lookup(&bin, "company", |id| s.seed.company(id))).await
}

/// `GET /legal_statistics/v1/persons/{iin}/record`.
pub(crate) async fn record(State(sandbox): State<Sandbox>, Path(iin): Path<String>, call: Incoming) -> Response {
    sandbox.handle(StateSystem::LegalStatistics, call, |s, _| lookup(&iin, "person", |id| s.seed.record(id))).await
}

/// `GET /dispensaries/v1/persons/{iin}`.
pub(crate) async fn dispensary(State(sandbox): State<Sandbox>, Path(iin): Path<String>, call: Incoming) -> Response {
    sandbox.handle(StateSystem::Dispensaries, call, |s, _| lookup(&iin, "person", |id| s.seed.dispensary(id))).await
}

/// `GET /licences/v1/holders/{id}/licences` (an empty list for a holder with none).
pub(crate) async fn licences(State(sandbox): State<Sandbox>, Path(id): Path<String>, call: Incoming) -> Response {
    sandbox.handle(StateSystem::Licences, call, |s, _| lookup(&id, "holder", |id| Some(s.seed.licences(id)))).await
}
