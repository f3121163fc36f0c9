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
    /// A form that changes state came without its CSRF token, or with a wrong one.
    #[error("the form's security token is missing or wrong: reload the page and try again")]
    Csrf,
    /// A request that needs a session came without a valid one.
    #[error("sign in first")]
    Unauthenticated,
    /// Too many failed sign-ins for the IIN or the client address.
    #[error("too many failed sign-ins: try again in 15 minutes")]
    TooManyAttempts,
    /// The official's roles do not include the step's actor.
    #[error("this step belongs to another role")]
    Forbidden,
    /// An API request without a valid integrator's token.
    #[error("a valid bearer token is required (reglament api-token add NAME)")]
    ApiUnauthorized,
    /// The server runs without cases (no runtime).
    #[error("this server does not run cases")]
    NoRuntime,
    /// A case operation was refused or failed.
    #[error("{0}")]
    Case(Box<reglament_runtime::RuntimeError>),
    /// The encoded acts could not be prepared.
    #[error("regulations: {0}")]
    Catalog(String),
    /// An issued document could not be rendered or its signature embedded.
    #[error("document: {0}")]
    Document(#[from] reglament_document::DocumentError),
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
            Self::Csrf | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NoRuntime => StatusCode::SERVICE_UNAVAILABLE,
            Self::Case(e) => case_status(e),
            Self::Unauthenticated | Self::ApiUnauthorized => StatusCode::UNAUTHORIZED,
            Self::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Self::Calendar(_) | Self::Store(_) | Self::Catalog(_) | Self::Document(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
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
            Self::Document(_) => ("web.document", None),
            Self::Csrf => ("auth.csrf", Some("csrf")),
            Self::Forbidden => ("auth.forbidden_step", None),
            Self::ApiUnauthorized => ("api.unauthorized", Some("authorization")),
            Self::NoRuntime => ("web.no_runtime", None),
            // A report's period is wrong at its end (it ends before it begins).
            Self::Case(e) => {
                use reglament_runtime::RuntimeError as R;
                let field = match **e {
                    R::BadPeriod { .. } => Some("to"),
                    R::IdTaken(_) | R::BadId(_) => Some("id"),
                    _ => None,
                };
                (e.code(), field)
            }
            Self::Unauthenticated => ("auth.required", None),
            Self::TooManyAttempts => ("auth.rate_limited", None),
        };
        ErrorBody { code, field, message: self.to_string() }
    }

    /// A bad request field.
    pub(crate) fn field(field: &'static str) -> impl FnOnce(CalendarError) -> Self {
        move |source| Self::BadField { field, source }
    }
}

impl From<reglament_runtime::RuntimeError> for WebError {
    fn from(e: reglament_runtime::RuntimeError) -> Self {
        Self::Case(Box::new(e))
    }
}

/// The status of a case operation's failure: who may not act 403, refusals and engine refusals 422, an unknown case
/// 404, a concurrent change 409, external systems 502, the rest 500.
fn case_status(e: &reglament_runtime::RuntimeError) -> StatusCode {
    use reglament_runtime::RuntimeError as R;
    match e {
        R::Engine(e) if e.is_forbidden() => StatusCode::FORBIDDEN,
        R::Refused(_)
        | R::Engine(_)
        | R::NoFee { .. }
        | R::BadPeriod { .. }
        | R::NoProvider { .. }
        | R::ProviderChoice { .. }
        | R::UnknownProvider { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        R::UnknownCase(_) | R::NoLaw { .. } => StatusCode::NOT_FOUND,
        R::BadId(_) => StatusCode::BAD_REQUEST,
        R::IdTaken(_) | R::Store(StoreError::Conflict { .. } | StoreError::NumberTaken { .. }) => StatusCode::CONFLICT,
        R::Gateway(_) | R::NoGateway => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}
