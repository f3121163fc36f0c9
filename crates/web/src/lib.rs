//! HTTP: the portal pages (Kazakh and Russian) and the JSON API. The only crate that knows HTTP.
//!
//! Invariants: handlers hold no state between requests beyond caches derived from the store
//! ([`AppState`]); every error answers with a stable code and, for bad input, the field at fault.

mod api;
mod catalog;
mod error;
pub mod ncalayer;
mod pages;
mod signatures;
mod state;
mod texts;

use axum::Router;
use axum::routing::{get, post};
use reglament_store::Store;
use tokio::net::TcpListener;

pub use catalog::Catalog;
pub use error::{ErrorBody, WebError};
pub use state::AppState;

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::root))
        .route("/healthz", get(health))
        .route("/api/calendar/{year}", get(api::year))
        .route("/api/deadline", get(api::deadline))
        .route("/api/between", get(api::between))
        .route("/api/signatures/verify", post(signatures::verify))
        .route("/{lang}/", get(pages::home::home))
        .route("/{lang}/calendar", get(pages::calendar::current))
        .route("/{lang}/calendar/{year}", get(pages::calendar::year))
        .route("/{lang}/deadline", get(pages::deadline::page))
        .route("/{lang}/regulations", get(pages::regulations::list))
        .route("/{lang}/signature", get(pages::signature::page).post(pages::signature::verdict))
        .route("/{lang}/regulations/{act}", get(pages::regulations::act))
        .fallback(|| async { WebError::NotFound })
        .with_state(state)
}

async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> Result<&'static str, WebError> {
    state.store().ping().await?;
    Ok("ok")
}

/// Serves the application on `listener` until the process receives Ctrl-C.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
