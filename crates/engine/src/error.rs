//! The engine's one error type: why a command is refused, with stable codes.

/// Why a command cannot be applied to a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The case does not exist yet (only `File` creates one).
    #[error("case `{0}` does not exist")]
    NoCase(String),
    /// `File` for a case that exists.
    #[error("case `{0}` is already filed")]
    AlreadyFiled(String),
    /// The case is closed (result delivered, refused, or withdrawn).
    #[error("case `{0}` is closed")]
    Closed(String),
    /// The step is not one the case is waiting for.
    #[error("step `{step}` is not active in case `{case}` (active: {active})")]
    StepNotActive {
        /// The case.
        case: String,
        /// The step asked for.
        step: String,
        /// The steps that are active.
        active: String,
    },
    /// The outcome chosen is not one the step has.
    #[error("step `{step}` has no outcome {outcome}")]
    NoSuchOutcome {
        /// The step.
        step: String,
        /// The outcome asked for.
        outcome: String,
    },
    /// The command does not fit the step (e.g. a hearing result on a step that is not a hearing).
    #[error("{0}")]
    NotApplicable(String),
    /// A term could not be computed on the calendar.
    #[error("calendar: {0}")]
    Calendar(#[from] reglament_calendar::CalendarError),
}

impl EngineError {
    /// A stable code for officials and applicants.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoCase(_) => "engine.no_case",
            Self::AlreadyFiled(_) => "engine.already_filed",
            Self::Closed(_) => "engine.closed",
            Self::StepNotActive { .. } => "engine.step_not_active",
            Self::NoSuchOutcome { .. } => "engine.no_such_outcome",
            Self::NotApplicable(_) => "engine.not_applicable",
            Self::Calendar(_) => "engine.calendar",
        }
    }
}
