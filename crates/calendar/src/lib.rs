//! The Kazakh working calendar and the arithmetic of legal terms on it.
//!
//! Layers, each built from the one before:
//! * [`Dataset`]: the data files (statutory holidays, per-year Kurban Ait, transfers, amendments),
//!   every entry with its legal source; changes recorded later are [`CalendarChange`]s.
//! * [`Calendar`]: the kind of every covered day ([`DayKind`]) and why ([`Reason`]).
//! * [`WorkingTime`]: a calendar with a provider's [`Schedule`]; receipt of filings, adding
//!   [`Budget`]s, counting [`Elapsed`] time, explaining a [`Deadline`], summarising a year.
//! * [`LegalClock`]: a term with suspensions and extensions whose due instant is derived, and
//!   [`reproject`] to tell which due instants a calendar change moves.
//!
//! Invariants: no IO (the data is compiled in with `include_str!`), no clock reading (every
//! instant is an argument), and no silent answer outside the covered years
//! ([`CalendarError::YearNotCovered`]).

mod budget;
mod calendar;
mod change;
mod clock;
mod dataset;
mod error;
mod explain;
mod instant;
mod reproject;
mod schedule;
pub mod words;
mod working_time;
mod year;

pub use budget::{Budget, DayCounting, Unit};
pub use calendar::{Calendar, Day, DayKind, Reason};
pub use change::{CalendarChange, Change};
pub use clock::{ClockState, Extension, LegalClock, Suspension};
pub use dataset::{Dataset, YEAR_FILES};
pub use error::CalendarError;
pub use explain::{Deadline, Deferral, day_line};
pub use instant::parse_instant;
pub use reproject::{Moved, reproject};
pub use schedule::{SEED_STANDARD_HOURS, Schedule, SecondOfDay, hhmm};
pub use working_time::{Elapsed, WorkingTime};
pub use year::{MonthTotals, YearSummary};
