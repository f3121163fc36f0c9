//! The sign-in rate limit: more than five failed sign-ins for one IIN or one client address
//! within 15 minutes and further attempts are refused (429). Failures are kept in the store, so
//! the limit holds across instances.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use chrono::{DateTime, TimeDelta, Utc};
use reglament_store::Store;

use crate::error::WebError;
use crate::state::AppState;

/// Failed sign-ins allowed within [`WINDOW`].
pub const MAX_FAILURES: i64 = 5;
/// The window failures are counted in.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);

/// The connection's peer address, when the server was started with connect info.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

/// The subjects a sign-in attempt is counted against.
pub(crate) fn subjects(iin: Option<&str>, client: ClientAddress) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(iin) = iin {
        out.push(format!("iin:{iin}"));
    }
    if let Some(addr) = client.0 {
        out.push(format!("addr:{addr}"));
    }
    out
}

/// Whether any subject has used up its failures within the window before `now`.
pub(crate) async fn blocked(state: &AppState, subjects: &[String], now: DateTime<Utc>) -> Result<bool, WebError> {
    for subject in subjects {
        if state.store().sign_in_failures(subject, now - WINDOW).await? >= MAX_FAILURES {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Records a failed sign-in against every subject.
pub(crate) async fn failed(state: &AppState, subjects: &[String], now: DateTime<Utc>) -> Result<(), WebError> {
    for subject in subjects {
        state.store().record_sign_in_failure(subject, now).await?;
    }
    Ok(())
}
