//! The vendored assets (`crates/web/assets/`), compiled in and served under `/assets/` with a
//! long cache lifetime: nothing is fetched from a third party.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// htmx 2.0.4 (Zero-Clause BSD), for the back office's partial updates.
const HTMX: &str = include_str!("../assets/htmx.min.js");

/// `GET /assets/htmx.min.js`.
pub async fn htmx() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")], HTMX)
        .into_response()
}
