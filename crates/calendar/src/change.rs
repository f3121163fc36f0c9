//! Effective-dated changes to the calendar: announcements that arrive after the data was written.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What an announcement changes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The first day of Kurban Ait is (re)announced for its year.
    KurbanAit {
        /// The announced day.
        date: NaiveDate,
    },
    /// A discretionary transfer: `working` (a rest day) is worked, `day_off` is not.
    Transfer {
        /// The rest day that becomes working.
        working: NaiveDate,
        /// The working day that becomes a day off.
        day_off: NaiveDate,
    },
    /// A one-off day off.
    DayOff {
        /// The day.
        date: NaiveDate,
        /// Name in Kazakh.
        name_kk: String,
        /// Name in Russian.
        name_ru: String,
    },
    /// The statutory holiday on `date` does not apply this year (nor is it moved).
    Repeal {
        /// The holiday's date.
        date: NaiveDate,
    },
}

impl Change {
    /// The day the change is about (for a transfer, the day off).
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::KurbanAit { date } | Self::DayOff { date, .. } | Self::Repeal { date } => *date,
            Self::Transfer { day_off, .. } => *day_off,
        }
    }
}

/// A change as recorded: when it became known and on what legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarChange {
    /// When the change was recorded; the calendar "as known at T" applies changes recorded before T.
    pub recorded_at: DateTime<Utc>,
    /// What changes.
    pub change: Change,
    /// The legal source of the change.
    pub source: String,
}
