//! Filing instants to try: every day of the first year the act is in force (within the covered
//! calendar), in the morning, in the lunch break and just before closing.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use reglament_calendar::WorkingTime;
use reglament_regulation::model::Act;

/// Days sampled after the act enters into force.
const DAYS: i64 = 366;
/// Days kept free at the end of the calendar so that terms starting on a sampled day fit.
const MARGIN: i64 = 120;

/// The sampled filing instants, in order.
#[must_use]
pub fn filing_instants(act: &Act, wt: &WorkingTime) -> Vec<DateTime<Utc>> {
    let calendar = wt.calendar();
    let (Some(first), Some(last)) =
        (NaiveDate::from_ymd_opt(calendar.first_year(), 1, 1), NaiveDate::from_ymd_opt(calendar.last_year(), 12, 31))
    else {
        return Vec::new();
    };
    let from = act.in_force_from.max(first);
    let until = act
        .in_force_until
        .unwrap_or(NaiveDate::MAX)
        .min(from + Duration::days(DAYS))
        .min(last - Duration::days(MARGIN));
    let times = [(9, 0), (13, 30), (18, 0)].map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN));
    from.iter_days()
        .take_while(|d| *d <= until)
        .filter(|d| d.year() >= first.year())
        .flat_map(|d| times.map(|t| d.and_time(t)))
        .filter_map(|local| calendar.zone().from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)))
        .collect()
}
