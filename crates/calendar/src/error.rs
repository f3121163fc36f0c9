//! The calendar crate's one error type, with stable codes.

use chrono::NaiveDate;

/// Everything that can go wrong when loading calendar data or computing on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A computation needed a day of a year whose holidays and transfers are not loaded.
    #[error(
        "year {year} is not covered by the working calendar (covered: {first}–{last}); its holidays and transfers must be loaded before a deadline in it can be computed"
    )]
    YearNotCovered {
        /// The year that was needed.
        year: i32,
        /// First covered year.
        first: i32,
        /// Last covered year.
        last: i32,
    },
    /// A data file could not be read as TOML of the expected shape.
    #[error("{file}:{line}:{column}: {message}")]
    Data {
        /// The data file's name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// The data files contradict each other or themselves.
    #[error("{file}: {message}")]
    Inconsistent {
        /// The data file's name.
        file: String,
        /// What was contradictory.
        message: String,
    },
    /// A working schedule that cannot be used.
    #[error("invalid working schedule: {0}")]
    Schedule(String),
    /// A budget such as `5wd` that could not be read.
    #[error("invalid term `{input}`: {reason}")]
    Budget {
        /// The text given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// An instant that could not be read.
    #[error("invalid instant `{input}`: {reason}")]
    Instant {
        /// The text given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A change to the calendar that cannot be applied.
    #[error("calendar change for {date} cannot be applied: {reason}")]
    Change {
        /// The day the change is about.
        date: NaiveDate,
        /// Why it was refused.
        reason: String,
    },
}

impl CalendarError {
    /// A stable, machine-readable code for this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::YearNotCovered { .. } => "calendar.year_not_covered",
            Self::Data { .. } => "calendar.data",
            Self::Inconsistent { .. } => "calendar.inconsistent",
            Self::Schedule(_) => "calendar.schedule",
            Self::Budget { .. } => "calendar.budget",
            Self::Change { .. } => "calendar.change",
            Self::Instant { .. } => "calendar.instant",
        }
    }
}
