//! A step's or a service's term as the act states it: one amount, or a range such as "10–15 s".

use std::fmt;
use std::str::FromStr;

use reglament_calendar::{Budget, CalendarError};
use serde::Serialize;

/// A term: `2wd`, or a range `10-15ws` (en dash accepted) whose worst case is the upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The shortest the act allows.
    pub min: Budget,
    /// The longest the act allows.
    pub max: Budget,
}

impl FromStr for Term {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let Some((low, high)) = s.split_once(['-', '–']) else {
            let b: Budget = s.trim().parse()?;
            return Ok(Self { min: b, max: b });
        };
        let max: Budget = high.trim().parse()?;
        let min_amount = low.trim().parse::<u32>().map_err(|_| CalendarError::Budget {
            input: s.to_owned(),
            reason: "a range is written `10-15ws`: two whole numbers and one unit".into(),
        })?;
        if min_amount > max.amount {
            return Err(CalendarError::Budget {
                input: s.to_owned(),
                reason: "the range's lower bound exceeds its upper".into(),
            });
        }
        Ok(Self { min: Budget::new(min_amount, max.unit), max })
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max { write!(f, "{}", self.max) } else { write!(f, "{}-{}", self.min.amount, self.max) }
    }
}
