//! The registry's JSON API (public, no token): search by exactly one of `number`, `bin` or `iin`
//! (the IIN matches only rows whose IIN is public), one entry with its status changes and its
//! document re-verified now, and the verification of an uploaded PDF (with or without its
//! `.p7s`). Rows carry the public fields only, as the open-data export writes them.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use reglament_runtime::documents::open_data::json_row;
use reglament_runtime::documents::{verify_document, verify_number};
use reglament_store::{RegistryQuery, Store};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{change_json, search, upload, verdict_json};
use crate::error::WebError;
use crate::state::AppState;

/// Query of `GET /api/v1/registry`: exactly one of the three.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    /// A document number.
    number: Option<String>,
    /// The holder's BIN.
    bin: Option<String>,
    /// The holder's IIN (public rows only).
    iin: Option<String>,
}

/// Twelve digits, or the parameter's error.
fn twelve_digits(field: &'static str, value: &str) -> Result<String, WebError> {
    let value = value.trim();
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_owned())
    } else {
        Err(WebError::Invalid { field, reason: format!("`{value}`: expected 12 digits") })
    }
}

/// The one query the parameters ask, or the error naming the parameter at fault.
fn query(p: &SearchParams) -> Result<RegistryQuery, WebError> {
    let given: Vec<(&'static str, &str)> = [("number", &p.number), ("bin", &p.bin), ("iin", &p.iin)]
        .into_iter()
        .filter_map(|(name, v)| v.as_deref().map(|v| (name, v)))
        .collect();
    match given.as_slice() {
        [] => Err(WebError::Invalid { field: "number", reason: "give exactly one of `number`, `bin` or `iin`".into() }),
        [("number", v)] if v.trim().is_empty() => {
            Err(WebError::Invalid { field: "number", reason: "the document number is empty".into() })
        }
        [("number", v)] => Ok(RegistryQuery::Number(v.trim().to_uppercase())),
        [("bin", v)] => Ok(RegistryQuery::Bin(twelve_digits("bin", v)?)),
        [(_, v)] => Ok(RegistryQuery::Iin(twelve_digits("iin", v)?)),
        [_, (second, _), ..] => Err(WebError::Invalid {
            field: second,
            reason: format!("give exactly one of `number`, `bin` or `iin`, not `{second}` as well"),
        }),
    }
}

/// `GET /api/v1/registry?number=|bin=|iin=`.
pub async fn search_api(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Value>, WebError> {
    let q = query(&params)?;
    let rows = search(state.store(), std::slice::from_ref(&q)).await?;
    Ok(Json(json!({ "entries": rows.iter().map(json_row).collect::<Vec<_>>() })))
}

/// `GET /api/v1/registry/{number}`: the registered document, its status changes and its
/// verification now; 404 for a number the registry does not hold.
pub async fn entry_api(State(state): State<AppState>, Path(number): Path<String>) -> Result<Json<Value>, WebError> {
    let store = state.store();
    let entry = store.registry_entry(&number).await?.ok_or(WebError::NotFound)?;
    let changes = store.registry_changes(&number).await?;
    let verification = verify_number(store, state.trust(), state.now(), &number).await?;
    Ok(Json(json!({
        "entry": json_row(&entry),
        "changes": changes.iter().map(change_json).collect::<Vec<_>>(),
        "verification": verification.as_ref().map(verdict_json),
    })))
}

/// `POST /api/v1/registry/verify` (`multipart/form-data`: `pdf`, optional `p7s`): the verdict,
/// answered 200 whether the document is valid or not (`valid`, `failures`).
pub async fn verify_api(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, WebError> {
    let u = upload(&headers, &body)?;
    let v = verify_document(state.store(), state.trust(), state.now(), &u.pdf, u.p7s.as_deref()).await?;
    Ok(Json(verdict_json(&v)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

    use super::*;

    fn params(number: Option<&str>, bin: Option<&str>, iin: Option<&str>) -> SearchParams {
        SearchParams { number: number.map(Into::into), bin: bin.map(Into::into), iin: iin.map(Into::into) }
    }

    fn field(r: Result<RegistryQuery, WebError>) -> &'static str {
        match r {
            Err(WebError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exactly_one_parameter_is_taken() {
        assert_eq!(query(&params(Some("l-1"), None, None)).unwrap(), RegistryQuery::Number("L-1".into()));
        assert_eq!(
            query(&params(None, Some("123456789021"), None)).unwrap(),
            RegistryQuery::Bin("123456789021".into())
        );
        assert_eq!(field(query(&params(None, None, None))), "number");
        assert_eq!(field(query(&params(Some("L-1"), None, Some("871008401427")))), "iin");
        assert_eq!(field(query(&params(None, Some("12"), None))), "bin");
    }
}
