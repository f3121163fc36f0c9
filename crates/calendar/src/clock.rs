//! The legal clock: an anchor, a term, suspensions and extensions; the due instant is derived.

use chrono::{DateTime, Utc};
use reglament_domain::Localized;
use serde::{Deserialize, Serialize};

use crate::budget::{Budget, DayCounting, Unit};
use crate::error::CalendarError;
use crate::working_time::WorkingTime;

/// A pause of the clock, e.g. while the applicant remedies documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// When the clock stopped.
    pub from: DateTime<Utc>,
    /// When it resumed; `None` while still stopped.
    pub to: Option<DateTime<Utc>>,
    /// Why.
    pub reason: Localized,
    /// The legal basis.
    pub basis: String,
}

/// An extension of the term, in the clock's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// By how much; must be in the clock's unit.
    pub by: Budget,
    /// Why.
    pub reason: Localized,
    /// The legal basis.
    pub basis: String,
}

/// A legal term running on the working calendar. The due instant is never stored: it is derived
/// from the anchor, the budget, the suspensions and the extensions, so a changed calendar or a
/// recorded suspension moves it consistently.
///
/// Suspensions are measured in the clock's unit (complete working days, seconds of working time,
/// or calendar days between their ends) and added to the budget; they are expected to fall inside
/// the running term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalClock {
    /// When the term started (the filing, the notice…).
    pub anchor: DateTime<Utc>,
    /// The term.
    pub budget: Budget,
    /// How days are counted.
    pub counting: DayCounting,
    /// Pauses.
    pub suspensions: Vec<Suspension>,
    /// Extensions.
    pub extensions: Vec<Extension>,
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    /// Running towards `due`.
    Running {
        /// The due instant.
        due: DateTime<Utc>,
    },
    /// Stopped by an open suspension.
    Suspended {
        /// When it stopped.
        since: DateTime<Utc>,
    },
}

impl LegalClock {
    /// A clock with no suspensions or extensions.
    #[must_use]
    pub fn new(anchor: DateTime<Utc>, budget: Budget, counting: DayCounting) -> Self {
        Self { anchor, budget, counting, suspensions: Vec::new(), extensions: Vec::new() }
    }

    /// Where the clock stands on `wt`.
    pub fn state(&self, wt: &WorkingTime) -> Result<ClockState, CalendarError> {
        let mut amount = u64::from(self.budget.amount);
        for e in &self.extensions {
            if e.by.unit != self.budget.unit {
                return Err(CalendarError::Budget {
                    input: e.by.to_string(),
                    reason: format!("an extension must be in the clock's unit ({})", self.budget.unit.suffix()),
                });
            }
            amount += u64::from(e.by.amount);
        }
        for s in &self.suspensions {
            let Some(to) = s.to else { return Ok(ClockState::Suspended { since: s.from }) };
            let elapsed = wt.between(s.from, to)?;
            let lost = match self.budget.unit {
                Unit::WorkingDays => elapsed.working_days,
                Unit::CalendarDays => elapsed.calendar_days,
                unit => elapsed.working_seconds / unit.working_seconds().unwrap_or(1),
            };
            amount += u64::try_from(lost).unwrap_or(0);
        }
        let amount = u32::try_from(amount).map_err(|_| CalendarError::Budget {
            input: self.budget.to_string(),
            reason: "the term with its extensions and suspensions is too long".into(),
        })?;
        let due = wt.add(self.anchor, Budget::new(amount, self.budget.unit), self.counting)?;
        Ok(ClockState::Running { due })
    }

    /// The due instant, or `None` while suspended.
    pub fn due(&self, wt: &WorkingTime) -> Result<Option<DateTime<Utc>>, CalendarError> {
        Ok(match self.state(wt)? {
            ClockState::Running { due } => Some(due),
            ClockState::Suspended { .. } => None,
        })
    }
}
