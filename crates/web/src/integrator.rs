//! Integrators: a bearer token (`Authorization: Bearer …`, issued by `reglament api-token`, kept
//! as its SHA-256) identifies the system calling the case API; without a valid one the answer is
//! `401 api.unauthorized` in JSON.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use reglament_store::Store;

use crate::error::WebError;
use crate::state::AppState;

/// An integrator whose token was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrator {
    /// The name the token was issued to.
    pub name: String,
}

/// A new token: 32 random bytes, URL-safe base64.
pub fn new_token() -> Result<String, WebError> {
    crate::auth::session::random_token()
}

/// The SHA-256 (hex) a token is kept as.
#[must_use]
pub fn token_hash(token: &str) -> String {
    crate::auth::session::token_hash(token)
}

impl FromRequestParts<AppState> for Integrator {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(WebError::ApiUnauthorized)?;
        match state.store().api_token(&token_hash(token)).await? {
            Some(name) => Ok(Self { name }),
            None => Err(WebError::ApiUnauthorized),
        }
    }
}
