//! The HTML pages: start page, the calendar's year view, the deadline calculator, sign-in, and
//! the placeholders of the cabinet and the back office.

pub mod calendar;
pub(crate) mod chart;
pub mod deadline;
pub mod home;
pub(crate) mod layout;
pub mod office;
pub mod regulations;
pub mod sign_in;
pub mod signature;
pub(crate) mod timeline;

use axum::response::{Html, IntoResponse, Response};
use reglament_domain::Language;

use crate::error::WebError;

/// An error shown as a page in the reader's language.
pub struct PageError(pub WebError, pub Language);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(error, lang) = self;
        let status = error.status();
        let body = error.body();
        let page = layout::page(
            lang,
            crate::texts::ERROR.get(lang),
            "",
            &maud::html! {
                h1 { (crate::texts::ERROR.get(lang)) }
                p.error { (body.message) }
                p { small { code { (body.code) } } }
            },
        );
        (status, Html(page.into_string())).into_response()
    }
}

/// Reads the language segment of a path.
pub(crate) fn language(segment: &str) -> Result<Language, PageError> {
    segment.parse().map_err(|_| PageError(WebError::NotFound, Language::Ru))
}

/// A page answer.
pub(crate) type PageResult = Result<Html<String>, PageError>;
