//! Reading instants as people write them: with an offset, or as local time in the calendar's zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::CalendarError;

/// Reads `2026-03-20T19:40:00+05:00` (RFC 3339), or local time in `zone` as `2026-03-20T19:40`,
/// `2026-03-20 19:40[:ss]`, or a bare date `2026-03-20` (its midnight).
pub fn parse_instant(input: &str, zone: Tz) -> Result<DateTime<Utc>, CalendarError> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)));
    let Some(local) = local else {
        return Err(CalendarError::Instant {
            input: input.to_owned(),
            reason: "expected 2026-03-20T19:40:00+05:00, or local time as 2026-03-20T19:40 or 2026-03-20".into(),
        });
    };
    zone.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).ok_or_else(|| CalendarError::Instant {
        input: input.to_owned(),
        reason: format!("this local time does not exist in {zone}"),
    })
}
