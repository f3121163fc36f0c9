//! The web crate's error type: what a request got wrong (named field) or what failed behind it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reglament_calendar::CalendarError;
use reglament_pki::PkiError;
use reglament_store::StoreError;
use serde::Serialize;

/// An error answered to a request.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A request field that could not be used.
    #[error("{field}: {source}")]
    BadField {
        /// The query or form field.
        field: &'static str,
        /// What was wrong with it.
        source: CalendarError,
    },
    /// A calendar computation that could not be done (e.g. a year not covered).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such page.
    #[error("not found")]
    NotFound,
    /// A request field that is malformed (not a calendar value).
    #[error("{field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A signature or certificate was refused.
    #[error(transparent)]
    Signature(#[from] PkiError),
    /// The encoded acts could not be prepared.
    #[error("regulations: {0}")]
    Catalog(String),
}

/// The JSON body of an error.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// Stable code, e.g. `calendar.budget`.
    pub code: &'static str,
    /// The request field at fault, if any.
    pub field: Option<&'static str>,
    /// What was wrong.
    pub message: String,
}

impl WebError {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadField { .. } | Self::Invalid { .. } => StatusCode::BAD_REQUEST,
            Self::Signature(_) | Self::Calendar(CalendarError::YearNotCovered { .. }) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Calendar(_) | Self::Store(_) | Self::Catalog(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The body describing the error.
    #[must_use]
    pub fn body(&self) -> ErrorBody {
        let (code, field) = match self {
            Self::BadField { field, source } => (source.code(), Some(*field)),
            Self::Calendar(e) => (e.code(), None),
            Self::Store(e) => (e.code(), None),
            Self::NotFound => ("web.not_found", None),
            Self::Invalid { field, .. } => ("web.invalid", Some(*field)),
            Self::Signature(e) => (e.code(), None),
            Self::Catalog(_) => ("web.catalog", None),
        };
        ErrorBody { code, field, message: self.to_string() }
    }

    /// A bad request field.
    pub(crate) fn field(field: &'static str) -> impl FnOnce(CalendarError) -> Self {
        move |source| Self::BadField { field, source }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}
