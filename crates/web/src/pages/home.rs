//! The start page.

use axum::extract::Path;
use axum::response::{Html, Redirect};
use maud::html;

use super::{PageResult, language, layout};
use crate::registry::texts as registry;
use crate::texts;

/// `/` sends the reader to the Russian start page (the language switch is on every page).
pub async fn root() -> Redirect {
    Redirect::to("/ru/")
}

/// `/{lang}/`.
pub async fn home(Path(lang): Path<String>) -> PageResult {
    let lang = language(&lang)?;
    let l = lang.code();
    let content = html! {
        h1 { (texts::PLATFORM.get(lang)) }
        p { (texts::TAGLINE.get(lang)) }
        div.cards {
            div.card {
                h2 { a href={ "/" (l) "/calendar" } { (texts::CALENDAR.get(lang)) } }
                p { (texts::CALENDAR_ABOUT.get(lang)) }
            }
            div.card {
                h2 { a href={ "/" (l) "/deadline" } { (texts::DEADLINE.get(lang)) } }
                p { (texts::DEADLINE_ABOUT.get(lang)) }
            }
            div.card {
                h2 { a href={ "/" (l) "/regulations" } { (texts::REGULATIONS.get(lang)) } }
                p { (texts::REGULATIONS_ABOUT.get(lang)) }
            }
            div.card {
                h2 { a href={ "/" (l) "/signature" } { (texts::SIGNATURE.get(lang)) } }
                p { (texts::SIGNATURE_ABOUT.get(lang)) }
            }
            div.card {
                h2 { a href={ "/" (l) "/registry" } { (registry::REGISTRY.get(lang)) } }
                p { (registry::REGISTRY_ABOUT.get(lang)) }
                p { a href={ "/" (l) "/registry/verify" } { (registry::VERIFY.get(lang)) } }
            }
            div.card {
                h2 { (texts::API.get(lang)) }
                ul {
                    li { code { a href="/api/calendar/2026" { "GET /api/calendar/{year}" } } }
                    li { code { a href="/api/deadline?start=2026-03-20T19:40&term=6wd" { "GET /api/deadline?start&term&counting" } } }
                    li { code { a href="/api/between?from=2026-03-20T19:40&to=2026-04-03T18:30" { "GET /api/between?from&to" } } }
                    li { code { "POST /api/signatures/verify" } }
                    li { code { a href="/api/v1/registry/export.json" { "GET /api/v1/registry/export.json" } } }
                }
            }
        }
    };
    Ok(Html(layout::page(lang, texts::PLATFORM.get(lang), "/", &content).into_string()))
}
