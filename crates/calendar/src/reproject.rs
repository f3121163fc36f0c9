//! Re-projecting open clocks when the calendar changes: which due instants moved, and why.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::calendar::Day;
use crate::clock::LegalClock;
use crate::error::CalendarError;
use crate::working_time::WorkingTime;

/// A clock whose due instant moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved<K> {
    /// The caller's key for the clock.
    pub key: K,
    /// The due instant on the old calendar (`None` while suspended).
    pub before: Option<DateTime<Utc>>,
    /// The due instant on the new calendar.
    pub after: Option<DateTime<Utc>>,
    /// The days between the anchor and the later due day whose kind changed: (old, new).
    pub because: Vec<(Day, Day)>,
}

/// Recomputes every clock on `old` and `new` and reports those whose due instant moved.
pub fn reproject<'a, K: Clone + 'a>(
    clocks: impl IntoIterator<Item = (&'a K, &'a LegalClock)>,
    old: &WorkingTime,
    new: &WorkingTime,
) -> Result<Vec<Moved<K>>, CalendarError> {
    let changed = old.calendar().differences(new.calendar());
    let mut moved = Vec::new();
    for (key, clock) in clocks {
        let (before, after) = (clock.due(old)?, clock.due(new)?);
        if before == after {
            continue;
        }
        let zone = new.calendar().zone();
        let from = clock.anchor.with_timezone(&zone).date_naive();
        let until = before.max(after).map(|t| t.with_timezone(&zone).date_naive());
        let because = changed
            .iter()
            .filter(|(a, _)| a.date >= from && until.is_none_or(|u| a.date <= u))
            .map(|(a, b)| ((*a).clone(), (*b).clone()))
            .collect();
        moved.push(Moved { key: key.clone(), before, after, because });
    }
    Ok(moved)
}
