//! Sessions: a 32-byte random token in the `reglament_session` cookie (kept in the store only as
//! its SHA-256), eight hours long, with a CSRF token of its own; the [`Applicant`] and [`Official`]
//! extractors; the pre-session CSRF cookie of the sign-in forms (double submit).

use std::fmt::Write as _;

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use base64ct::{Base64UrlUnpadded, Encoding};
use chrono::{DateTime, TimeDelta, Utc};
use reglament_domain::{Bin, IdPolicy, Iin};
use reglament_engine::Actor;
use reglament_store::{Session, SessionKind, Store};
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::WebError;
use crate::state::AppState;

/// The session cookie.
pub const COOKIE_NAME: &str = "reglament_session";
/// The pre-session CSRF cookie of the sign-in forms.
pub const PRE_COOKIE_NAME: &str = "reglament_csrf";
/// How long a session lasts.
pub const LIFETIME: TimeDelta = TimeDelta::hours(8);

/// A signed-in applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// The IIN.
    pub iin: String,
    /// The name.
    pub name: String,
    /// The session's CSRF token: every form that changes state carries it in a hidden `csrf` field.
    pub csrf: String,
}

/// A signed-in official of a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    /// The IIN.
    pub iin: String,
    /// The name.
    pub name: String,
    /// The provider's BIN (the certificate's organisation, equal to the staff list's).
    pub provider_bin: String,
    /// The roles of the staff list (`executor`, `authorised-person`, …).
    pub roles: Vec<String>,
    /// The session's CSRF token.
    pub csrf: String,
}

/// 32 random bytes as unpadded base64url (43 characters).
pub(crate) fn random_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| WebError::Invalid { field: "session", reason: "no random token could be made".into() })?;
    Ok(Base64UrlUnpadded::encode_string(&bytes))
}

/// The SHA-256 of a token, hex: what the store keeps.
pub(crate) fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The SHA-256 of `bytes`, lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest.as_ref().iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Compares two tokens in constant time (for equal lengths).
pub(crate) fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a form's `csrf` field against the session's token: a missing or wrong one is a 403
/// with code `auth.csrf`.
pub fn verify_csrf(session_csrf: &str, form_value: Option<&str>) -> Result<(), WebError> {
    match form_value {
        Some(given) if !session_csrf.is_empty() && same_token(session_csrf, given) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

/// The value of cookie `name` in the request's headers.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value.
fn set_cookie(name: &str, value: &str, same_site: &str, max_age: i64) -> String {
    format!("{name}={value}; HttpOnly; Secure; SameSite={same_site}; Path=/; Max-Age={max_age}")
}

/// `response` with a `Set-Cookie` header added.
pub(crate) fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// The pre-session CSRF token of the sign-in forms: the cookie's when it is well formed, else a
/// new one with the `Set-Cookie` value that sets it.
pub(crate) fn pre_session_csrf(headers: &HeaderMap) -> Result<(String, Option<String>), WebError> {
    match cookie(headers, PRE_COOKIE_NAME) {
        Some(token)
            if token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            Ok((token.to_owned(), None))
        }
        _ => {
            let token = random_token()?;
            let cookie = set_cookie(PRE_COOKIE_NAME, &token, "Strict", LIFETIME.num_seconds());
            Ok((token, Some(cookie)))
        }
    }
}

/// Checks a sign-in form's `csrf` field against the pre-session cookie.
pub(crate) fn verify_pre_session_csrf(headers: &HeaderMap, form_value: Option<&str>) -> Result<(), WebError> {
    verify_csrf(cookie(headers, PRE_COOKIE_NAME).unwrap_or(""), form_value)
}

/// Who a new session is for.
pub(crate) struct NewSession {
    pub kind: SessionKind,
    pub iin: String,
    pub name: String,
    pub provider_bin: Option<String>,
    pub roles: Vec<String>,
}

/// Starts a session at `now`; returns the `Set-Cookie` value carrying its token.
pub(crate) async fn start(state: &AppState, who: NewSession, now: DateTime<Utc>) -> Result<String, WebError> {
    let token = random_token()?;
    let session = Session {
        token_hash: token_hash(&token),
        kind: who.kind,
        iin: who.iin,
        name: who.name,
        provider_bin: who.provider_bin,
        roles: who.roles,
        csrf: random_token()?,
        created_at: now,
        expires_at: now + LIFETIME,
    };
    state.store().create_session(&session).await?;
    Ok(set_cookie(COOKIE_NAME, &token, "Lax", LIFETIME.num_seconds()))
}

/// The `Set-Cookie` value that removes the session cookie.
pub(crate) fn end_cookie() -> String {
    set_cookie(COOKIE_NAME, "", "Lax", 0)
}

/// The request's session, if its cookie names one that has not expired.
pub(crate) async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, WebError> {
    let Some(token) = cookie(headers, COOKIE_NAME) else { return Ok(None) };
    Ok(state.store().session(&token_hash(token), Utc::now()).await?)
}

/// What a request without the session it needs gets: a page, a 303 to the sign-in page (with
/// `next`); the API, a 401 with code `auth.required`.
fn rejection(parts: &Parts, office: bool) -> Response {
    let path = parts.uri.path();
    if path.starts_with("/api/") {
        return WebError::Unauthenticated.into_response();
    }
    let lang = if path.starts_with("/kk/") || path == "/kk" { "kk" } else { "ru" };
    let next = parts.uri.path_and_query().map_or(path, axum::http::uri::PathAndQuery::as_str);
    let page = if office { "office/sign-in" } else { "sign-in" };
    Redirect::to(&format!("/{lang}/{page}?next={}", super::encode_component(next))).into_response()
}

impl FromRequestParts<AppState> for Applicant {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match current(state, &parts.headers).await.map_err(IntoResponse::into_response)? {
            Some(s) if s.kind == SessionKind::Applicant => Ok(Self { iin: s.iin, name: s.name, csrf: s.csrf }),
            _ => Err(rejection(parts, false)),
        }
    }
}

impl FromRequestParts<AppState> for Official {
    type Rejection = Response;

    /// The official of the session, with the roles the staff list gives them at the session's
    /// provider now: a staff change takes effect on the next request, and an official no longer
    /// on the list is signed out.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(s) = current(state, &parts.headers).await.map_err(IntoResponse::into_response)? else {
            return Err(rejection(parts, true));
        };
        if s.kind != SessionKind::Official {
            return Err(rejection(parts, true));
        }
        let provider_bin = s.provider_bin.unwrap_or_default();
        let staff = state.store().staff(&s.iin).await.map_err(|e| WebError::from(e).into_response())?;
        // The staff rows come by provider and role: the roles are in order.
        let roles: Vec<String> = staff.into_iter().filter(|r| r.provider_bin == provider_bin).map(|r| r.role).collect();
        if roles.is_empty() {
            return Err(rejection(parts, true));
        }
        Ok(Self { iin: s.iin, name: s.name, provider_bin, roles, csrf: s.csrf })
    }
}

impl Official {
    /// The official as the engine knows who acts ([`Actor::of_staff`]).
    pub fn actor(&self) -> Result<Actor, WebError> {
        let iin = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &self.iin)
            .map_err(|e| WebError::Invalid { field: "official", reason: e.to_string() })?;
        let provider = Bin::parse_with(IdPolicy::AllowNcaTestNumbers, &self.provider_bin)
            .map_err(|e| WebError::Invalid { field: "provider", reason: e.to_string() })?;
        Ok(Actor::of_staff(iin, provider, self.roles.clone()))
    }
}
