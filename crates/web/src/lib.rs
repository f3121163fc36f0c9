//! HTTP: the portal pages (Kazakh and Russian) and the JSON API. The only crate that knows HTTP.
//!
//! Invariants: handlers hold no state between requests beyond caches derived from the store
//! ([`AppState`]); every error answers with a stable code and, for bad input, the field at fault.

mod api;
mod api_cases;
mod api_reports;
mod assets;
pub mod auth;
mod catalog;
mod error;
pub mod integrator;
pub mod ncalayer;
mod office;
mod openapi;
mod pages;
mod portal;
mod registry;
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
        .route("/api/openapi.json", get(openapi::document))
        .route("/assets/htmx.min.js", get(assets::htmx))
        .route("/api/v1/services", get(api_cases::services))
        .route("/api/v1/cases", get(api_cases::cases))
        .route("/api/v1/applications", post(api_cases::file))
        .route("/api/v1/cases/{id}", get(api_cases::case))
        .route("/api/v1/reports/quality", get(api_reports::quality))
        .route("/api/v1/registry", get(registry::api::search_api))
        .route("/api/v1/registry/export.csv", get(registry::export::csv))
        .route("/api/v1/registry/export.json", get(registry::export::json))
        .route(
            "/api/v1/registry/verify",
            post(registry::api::verify_api).layer(axum::extract::DefaultBodyLimit::max(registry::MAX_UPLOAD)),
        )
        .route("/api/v1/registry/{number}", get(registry::api::entry_api))
        .route("/{lang}/api", get(openapi::reader))
        .route("/{lang}/", get(pages::home::home))
        .route("/{lang}/calendar", get(pages::calendar::current))
        .route("/{lang}/calendar/{year}", get(pages::calendar::year))
        .route("/{lang}/deadline", get(pages::deadline::page))
        .route("/{lang}/regulations", get(pages::regulations::list))
        .route("/{lang}/signature", get(pages::signature::page).post(pages::signature::verdict))
        .route("/{lang}/regulations/{act}", get(pages::regulations::act))
        .route("/{lang}/registry", get(registry::pages::search_page))
        .route(
            "/{lang}/registry/verify",
            get(registry::pages::verify_page)
                .post(registry::pages::verify_upload)
                .layer(axum::extract::DefaultBodyLimit::max(registry::MAX_UPLOAD)),
        )
        .route("/{lang}/registry/{number}", get(registry::pages::entry_page))
        .route("/{lang}/registry/{number}/{file}", get(registry::pages::entry_file))
        .route("/{lang}/sign-in", get(pages::sign_in::page).post(pages::sign_in::by_password))
        .route("/{lang}/sign-in/key", post(pages::sign_in::by_key))
        .route("/{lang}/sign-out", post(pages::sign_in::sign_out))
        .route("/{lang}/services", get(portal::services::catalogue))
        .route(
            "/{lang}/services/{service}/{variant}",
            get(portal::services::service)
                .post(portal::services::apply)
                .layer(axum::extract::DefaultBodyLimit::max(portal::services::MAX_BODY)),
        )
        .route("/{lang}/applications/{id}", get(portal::application::page))
        .route("/{lang}/applications/{id}/pay", post(portal::application::pay))
        .route("/{lang}/applications/{id}/submit", post(portal::application::submit))
        .route("/{lang}/cabinet", get(portal::cabinet::list))
        .route("/{lang}/cabinet/{id}", get(portal::cabinet::case))
        .route("/{lang}/cabinet/{id}/objection", post(portal::cabinet::object))
        .route("/{lang}/cabinet/{id}/complaint", post(portal::cabinet::complain))
        .route("/{lang}/cabinet/{id}/documents/{file}", get(portal::cabinet::document))
        .route("/{lang}/office", get(office::inbox::page))
        .route("/{lang}/office/journal", get(office::journal::page))
        .route("/{lang}/quality", get(office::quality::page))
        .route("/{lang}/quality/report", get(office::report::page))
        .route("/{lang}/quality/report.csv", get(office::report::csv))
        .route("/{lang}/office/cases/{id}", get(office::case_file::page))
        .route("/{lang}/office/cases/{id}/act", post(office::actions::act))
        .route("/{lang}/office/cases/{id}/registry", post(office::registry::change))
        .route("/{lang}/office/cases/{id}/attachments/{document}", get(office::case_file::attachment))
        .route("/{lang}/office/sign-in", get(pages::office::sign_in))
        .route("/{lang}/office/sign-in/key", post(pages::office::by_key))
        .fallback(|| async { WebError::NotFound })
        .with_state(state)
}

async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> Result<&'static str, WebError> {
    state.store().ping().await?;
    Ok("ok")
}

/// Serves the application on `listener` until the process receives Ctrl-C (with each
/// connection's peer address, which the sign-in rate limit counts by).
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
