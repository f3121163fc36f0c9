//! The API's OpenAPI 3.1 document (`crates/web/openapi.json`, compiled in), served as JSON at
//! `/api/openapi.json`, and its reader at `/{lang}/api`: a server-rendered page listing every
//! operation with its parameters and answers (no script, nothing fetched).

use axum::extract::Path;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde_json::Value;

use crate::pages::{PageError, PageResult, language, layout};

/// The document.
pub const DOCUMENT: &str = include_str!("../openapi.json");

/// `GET /api/openapi.json`.
pub async fn document() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT).into_response()
}

/// `GET /{lang}/api`.
pub async fn reader(Path(lang): Path<String>) -> PageResult {
    let lang = language(&lang)?;
    let doc: Value =
        serde_json::from_str(DOCUMENT).map_err(|e| PageError(crate::error::WebError::Catalog(e.to_string()), lang))?;
    let empty = serde_json::Map::new();
    let paths = doc["paths"].as_object().unwrap_or(&empty);
    let (title, about) = match lang {
        reglament_domain::Language::Kk => (
            "Интеграторларға арналған API",
            "OpenAPI 3.1 құжаты: /api/openapi.json. Істер туралы сұраулар үшін токен керек (reglament api-token add АТЫ).",
        ),
        reglament_domain::Language::Ru => (
            "API для интеграторов",
            "Документ OpenAPI 3.1: /api/openapi.json. Запросы о делах требуют токена (reglament api-token add ИМЯ).",
        ),
    };
    let content = html! {
        h1 { (title) }
        p { (about) " " a href="/api/openapi.json" { "openapi.json" } }
        @for (path, item) in paths {
            @for (method, op) in item.as_object().unwrap_or(&empty) {
                section.card {
                    h2 { code { (method.to_uppercase()) " " (path) } }
                    p { (op["summary"].as_str().unwrap_or_default()) }
                    @if op.get("security").is_some() { p { small { "Authorization: Bearer …" } } }
                    ul {
                        @for p in op["parameters"].as_array().into_iter().flatten() {
                            li { code { (p["name"].as_str().unwrap_or_default()) } " (" (p["in"].as_str().unwrap_or_default()) ")" }
                        }
                    }
                    p { @for (status, _) in op["responses"].as_object().unwrap_or(&empty) { code { (status) } " " } }
                }
            }
        }
    };
    Ok(Html(layout::page(lang, title, "/api", &content).into_string()))
}
