//! The command's one error type.

use reglament_calendar::CalendarError;
use reglament_store::StoreError;
use reglament_web::WebError;

/// What can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An argument that could not be used, named.
    #[error("argument <{argument}>: {source}")]
    Argument {
        /// The argument's name.
        argument: &'static str,
        /// What was wrong.
        source: CalendarError,
    },
    /// A calendar computation failed.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The web application could not be set up.
    #[error(transparent)]
    Web(#[from] WebError),
    /// Input or output failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The failure.
        source: std::io::Error,
    },
    /// No encoded act in force on the day has this service and variant.
    #[error("no encoded act in force on {on} has service `{service}` with variant `{variant}`")]
    NotInForce {
        /// The service asked for.
        service: String,
        /// The variant asked for.
        variant: String,
        /// The day.
        on: chrono::NaiveDate,
    },
    /// The act file does not resolve, or has no such process.
    #[error("{0}")]
    NotFound(String),
    /// Checked acts have errors (the findings were printed).
    #[error("{0} error(s) found")]
    Findings(usize),
    /// A case operation failed.
    #[error("[{code}] {source}", code = .source.code())]
    Case {
        /// What failed.
        #[from]
        source: reglament_runtime::RuntimeError,
    },
    /// A certificate or signature was refused.
    #[error("[{code}] {source}", code = .source.code())]
    Pki {
        /// Why.
        #[from]
        source: reglament_pki::PkiError,
    },
    /// Output could not be written as JSON.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// A bad argument.
    pub fn argument(argument: &'static str) -> impl FnOnce(CalendarError) -> Self {
        move |source| Self::Argument { argument, source }
    }
}
