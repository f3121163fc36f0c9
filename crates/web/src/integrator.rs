//! Integrators: a bearer token (`Authorization: Bearer …`, issued by `reglament api-token`, kept
//! as its SHA-256) identifies the system calling the case API, with what it may do (read, or also
//! file applications signed by their applicants) and the provider it is limited to; an unknown,
//! expired or revoked token is answered `401 api.unauthorized` in JSON.

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
    /// What it may do.
    pub scope: reglament_engine::Scope,
    /// The provider it is limited to, if any.
    pub provider: Option<reglament_domain::Bin>,
}

impl Integrator {
    /// The integrator as the engine knows who acts.
    #[must_use]
    pub fn actor(&self) -> reglament_engine::Actor {
        reglament_engine::Actor::Integrator { token: self.name.clone(), provider: self.provider, scope: self.scope }
    }

    /// Whether the token may read the cases of `provider` (a token without a provider reads all).
    #[must_use]
    pub fn reads(&self, provider: Option<reglament_domain::Bin>) -> bool {
        self.provider.is_none() || self.provider == provider
    }
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
        let Some(kept) = state.store().api_token(&token_hash(token), state.now()).await? else {
            return Err(WebError::ApiUnauthorized);
        };
        let scope = match kept.scope.as_str() {
            "file" => reglament_engine::Scope::File,
            _ => reglament_engine::Scope::Read,
        };
        let policy = reglament_domain::IdPolicy::AllowNcaTestNumbers;
        // A provider that cannot be read limits the token to nothing, never to everything.
        let provider = match kept.provider.as_deref().map(|b| reglament_domain::Bin::parse_with(policy, b)) {
            None => None,
            Some(Ok(bin)) => Some(bin),
            Some(Err(_)) => return Err(WebError::ApiUnauthorized),
        };
        Ok(Self { name: kept.name, scope, provider })
    }
}
