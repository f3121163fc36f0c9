//! A year at a glance: working days and hours per month, and the notable days.

use chrono::Datelike;
use serde::Serialize;

use crate::calendar::Day;
use crate::error::CalendarError;
use crate::working_time::WorkingTime;

/// One month's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthTotals {
    /// Month, 1–12.
    pub month: u32,
    /// Calendar days.
    pub calendar_days: u32,
    /// Working days.
    pub working_days: u32,
    /// Seconds of working time under the schedule.
    pub working_seconds: i64,
}

/// A year's totals and its notable days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearSummary {
    /// The year.
    pub year: i32,
    /// Per month.
    pub months: Vec<MonthTotals>,
    /// Working days in the year.
    pub working_days: u32,
    /// Seconds of working time in the year.
    pub working_seconds: i64,
    /// Holidays, moved and transferred days, in order.
    pub notable: Vec<Day>,
}

impl WorkingTime {
    /// Totals and notable days of `year`.
    pub fn year_summary(&self, year: i32) -> Result<YearSummary, CalendarError> {
        let days = self.calendar().year(year)?;
        let day_length = self.schedule().day_length();
        let months: Vec<MonthTotals> = (1..=12)
            .map(|month| {
                let of_month = days.iter().filter(|d| d.date.month() == month);
                let working = u32::try_from(of_month.clone().filter(|d| d.kind.is_working()).count()).unwrap_or(0);
                MonthTotals {
                    month,
                    calendar_days: u32::try_from(of_month.count()).unwrap_or(0),
                    working_days: working,
                    working_seconds: i64::from(working) * day_length,
                }
            })
            .collect();
        Ok(YearSummary {
            year,
            working_days: months.iter().map(|m| m.working_days).sum(),
            working_seconds: months.iter().map(|m| m.working_seconds).sum(),
            months,
            notable: days.iter().filter(|d| d.kind.is_notable()).cloned().collect(),
        })
    }
}
