//! A provider's working hours: the intervals of a working day during which the office works.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::CalendarError;

/// Seconds since local midnight.
pub type SecondOfDay = i64;

/// The working intervals of a working day, ordered and disjoint, e.g. 09:00–13:00 and 14:30–18:30.
///
/// Intervals are closed at their end: an instant exactly at 18:30 is still "today" (a filing at
/// 18:30:00 is received that day; a deadline that uses up the day ends at 18:30, not at 09:00 the
/// next morning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Schedule {
    intervals: Vec<(SecondOfDay, SecondOfDay)>,
}

/// The hours of the seed standards: Monday–Friday 09:00–18:30, lunch 13:00–14:30.
pub const SEED_STANDARD_HOURS: &str = "09:00-13:00,14:30-18:30";

impl Schedule {
    /// The hours of the providers in the seed standards.
    #[must_use]
    pub fn seed_standard() -> Self {
        Self { intervals: vec![(9 * 3600, 13 * 3600), (14 * 3600 + 1800, 18 * 3600 + 1800)] }
    }

    /// The working intervals.
    #[must_use]
    pub fn intervals(&self) -> &[(SecondOfDay, SecondOfDay)] {
        &self.intervals
    }

    /// Opening time.
    #[must_use]
    pub fn open(&self) -> SecondOfDay {
        self.intervals.first().map_or(0, |i| i.0)
    }

    /// Closing time.
    #[must_use]
    pub fn close(&self) -> SecondOfDay {
        self.intervals.last().map_or(0, |i| i.1)
    }

    /// Working seconds in one working day.
    #[must_use]
    pub fn day_length(&self) -> i64 {
        self.intervals.iter().map(|(s, e)| e - s).sum()
    }

    /// Working seconds of the day before `sec`.
    #[must_use]
    pub fn worked_before(&self, sec: SecondOfDay) -> i64 {
        self.intervals.iter().map(|&(s, e)| (sec.min(e) - s).max(0)).sum()
    }

    /// The second of the day at which `worked` working seconds of the day have passed.
    /// `worked` = 0 is the opening; the end of an interval is returned rather than the next start.
    #[must_use]
    pub fn at_worked(&self, mut worked: i64) -> SecondOfDay {
        for &(s, e) in &self.intervals {
            if worked <= e - s {
                return s + worked;
            }
            worked -= e - s;
        }
        self.close()
    }

    /// The earliest working second at or after `sec` on a working day, if any.
    #[must_use]
    pub fn next_working_second(&self, sec: SecondOfDay) -> Option<SecondOfDay> {
        self.intervals.iter().find(|(_, e)| sec <= *e).map(|&(s, _)| sec.max(s))
    }
}

impl FromStr for Schedule {
    type Err = CalendarError;

    /// Reads `HH:MM-HH:MM[,HH:MM-HH:MM…]` (an en dash is accepted too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: String| CalendarError::Schedule(format!("`{s}`: {why}"));
        let mut intervals = Vec::new();
        for part in s.split(',').map(str::trim) {
            let (a, b) = part.split_once(['-', '–']).ok_or_else(|| bad(format!("`{part}` is not HH:MM-HH:MM")))?;
            let (a, b) = (parse_hhmm(a.trim()).map_err(&bad)?, parse_hhmm(b.trim()).map_err(&bad)?);
            if a >= b {
                return Err(bad(format!("`{part}` ends before it starts")));
            }
            if intervals.last().is_some_and(|&(_, end)| a <= end) {
                return Err(bad(format!("`{part}` overlaps or touches the previous interval")));
            }
            intervals.push((a, b));
        }
        Ok(Self { intervals })
    }
}

impl TryFrom<String> for Schedule {
    type Error = CalendarError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Schedule> for String {
    fn from(s: Schedule) -> Self {
        s.to_string()
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (s, e)) in self.intervals.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}-{}", hhmm(*s), hhmm(*e))?;
        }
        Ok(())
    }
}

/// Formats a second of the day as `HH:MM`.
#[must_use]
pub fn hhmm(sec: SecondOfDay) -> String {
    format!("{:02}:{:02}", sec / 3600, sec % 3600 / 60)
}

fn parse_hhmm(s: &str) -> Result<SecondOfDay, String> {
    let (h, m) = s.split_once(':').ok_or_else(|| format!("`{s}` is not HH:MM"))?;
    let h: i64 = h.parse().map_err(|_| format!("hour `{h}` is not a number"))?;
    let m: i64 = m.parse().map_err(|_| format!("minute `{m}` is not a number"))?;
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m > 0) {
        return Err(format!("`{s}` is not a time of day"));
    }
    Ok(h * 3600 + m * 60)
}
