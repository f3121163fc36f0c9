//! Working-time arithmetic on a calendar and a schedule: receipt, adding terms, counting between.
//!
//! All instants are UTC; days are reckoned in the calendar's zone. Construction precomputes, for
//! every covered day, the UTC instant of local midnight and prefix sums of working days and working
//! seconds, so that adding working days is two array lookups and adding working time one binary
//! search.

use chrono::{DateTime, Datelike, NaiveTime, TimeZone, Utc};

use crate::budget::{Budget, DayCounting, Unit};
use crate::calendar::Calendar;
use crate::error::CalendarError;
use crate::schedule::{Schedule, SecondOfDay};

/// A calendar together with a provider's working hours, ready for arithmetic.
#[derive(Debug, Clone)]
pub struct WorkingTime {
    calendar: Calendar,
    schedule: Schedule,
    /// UTC seconds of each covered day's local midnight, plus one past the last day.
    midnight: Vec<i64>,
    /// Working days strictly before each day index (one more entry than days).
    days_before: Vec<u32>,
    /// Index of the k-th working day.
    working_days: Vec<u32>,
    /// Working seconds strictly before each day index (one more entry than days).
    seconds_before: Vec<i64>,
}

/// A position in the calendar: a day index and a second of that local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) day: usize,
    pub(crate) sec: SecondOfDay,
}

/// Working time elapsed between two instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Elapsed {
    /// Working days that ended completely after the day of receipt of the first instant and
    /// no later than the second (the inverse of adding working days, end-of-day counting).
    pub working_days: i64,
    /// Seconds of working time between the two instants.
    pub working_seconds: i64,
    /// Calendar days between the two local dates.
    pub calendar_days: i64,
}

impl WorkingTime {
    /// Prepares the arithmetic for `calendar` and `schedule`.
    pub fn new(calendar: Calendar, schedule: Schedule) -> Result<Self, CalendarError> {
        if schedule.intervals().is_empty() {
            return Err(CalendarError::Schedule("a working day needs at least one interval".into()));
        }
        let zone = calendar.zone();
        let n = calendar.days().len();
        let mut midnight = Vec::with_capacity(n + 1);
        let mut days_before = Vec::with_capacity(n + 1);
        let mut working_days = Vec::new();
        let mut seconds_before = Vec::with_capacity(n + 1);
        let (mut count, mut seconds) = (0u32, 0i64);
        let last_date = calendar.days().last().map(|d| d.date);
        let dates = calendar.days().iter().map(|d| d.date).chain(last_date.and_then(|d| d.succ_opt()));
        for (i, date) in dates.enumerate() {
            let local = |sec: SecondOfDay| {
                let t = NaiveTime::MIN + chrono::Duration::seconds(sec);
                zone.from_local_datetime(&date.and_time(t)).earliest().map(|t| t.timestamp())
            };
            let start = local(0).ok_or_else(|| CalendarError::Inconsistent {
                file: "holidays.toml".into(),
                message: format!("local midnight of {date} does not exist in {zone}"),
            })?;
            if local(schedule.close()).map(|c| c - start) != Some(schedule.close()) {
                return Err(CalendarError::Inconsistent {
                    file: "holidays.toml".into(),
                    message: format!("{zone} changes its offset during working hours on {date}"),
                });
            }
            midnight.push(start);
            days_before.push(count);
            seconds_before.push(seconds);
            if calendar.days().get(i).is_some_and(|d| d.kind.is_working()) {
                working_days.push(u32::try_from(i).unwrap_or(u32::MAX));
                count += 1;
                seconds += schedule.day_length();
            }
        }
        Ok(Self { calendar, schedule, midnight, days_before, working_days, seconds_before })
    }

    /// The calendar.
    #[must_use]
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The working hours.
    #[must_use]
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// When a filing made at `t` is received: `t` itself during working hours, otherwise the next
    /// opening (after hours, in the lunch break, on a rest day or a holiday).
    pub fn received(&self, t: DateTime<Utc>) -> Result<DateTime<Utc>, CalendarError> {
        let at = self.receive(self.locate(t.timestamp())?)?;
        Ok(self.instant(at))
    }

    /// Whether `t` lies in working time (interval ends included).
    pub fn is_working_time(&self, t: DateTime<Utc>) -> Result<bool, CalendarError> {
        let at = self.locate(t.timestamp())?;
        Ok(self.is_working(at.day) && self.schedule.intervals().iter().any(|&(s, e)| (s..=e).contains(&at.sec)))
    }

    /// Adds a term to `t` (see [`DayCounting`] for how days are counted).
    pub fn add(&self, t: DateTime<Utc>, budget: Budget, counting: DayCounting) -> Result<DateTime<Utc>, CalendarError> {
        let at = self.locate(t.timestamp())?;
        let due = match budget.unit.working_seconds() {
            Some(per) => self.add_seconds(at, i64::from(budget.amount) * per)?,
            None if budget.unit == Unit::CalendarDays => self.add_calendar_days(at, budget.amount)?,
            None => self.add_working_days(at, budget.amount, counting)?,
        };
        Ok(self.instant(due))
    }

    /// The close of the working day that lies `n` working days before the working day of `t`
    /// (the last working day at or before `t`): the latest moment to act "at least `n` working
    /// days before" a deadline. A notice due "3 working days before" a term ending on Friday
    /// must go out by the close of Tuesday, leaving Wednesday, Thursday and Friday.
    pub fn subtract_working_days(&self, t: DateTime<Utc>, n: u32) -> Result<DateTime<Utc>, CalendarError> {
        let at = self.locate(t.timestamp())?;
        let through = self.days_before[at.day + 1] as usize;
        let day = through
            .checked_sub(1 + n as usize)
            .and_then(|k| self.working_days.get(k))
            .ok_or_else(|| self.calendar.not_covered(self.calendar.first_year() - 1))?;
        Ok(self.instant(At { day: *day as usize, sec: self.schedule.close() }))
    }

    /// Working time between `a` and `b`; negative when `b` is before `a`.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Result<Elapsed, CalendarError> {
        if b < a {
            let e = self.between(b, a)?;
            return Ok(Elapsed {
                working_days: -e.working_days,
                working_seconds: -e.working_seconds,
                calendar_days: -e.calendar_days,
            });
        }
        let (a, b) = (self.locate(a.timestamp())?, self.locate(b.timestamp())?);
        let received = self.receive(a)?;
        let close = self.schedule.close();
        let last_full = if self.is_working(b.day) && b.sec >= close { b.day + 1 } else { b.day };
        let days = i64::from(self.days_before[last_full]) - i64::from(self.days_before[received.day + 1]);
        Ok(Elapsed {
            working_days: days.max(0),
            working_seconds: self.worked_until(b) - self.worked_until(a),
            calendar_days: i64::try_from(b.day).unwrap_or(0) - i64::try_from(a.day).unwrap_or(0),
        })
    }

    pub(crate) fn locate(&self, t: i64) -> Result<At, CalendarError> {
        let n = self.midnight.len() - 1;
        if t < self.midnight[0] || t >= self.midnight[n] {
            let year = DateTime::from_timestamp(t, 0).map_or(0, |u| u.with_timezone(&self.calendar.zone()).year());
            return Err(self.calendar.not_covered(year));
        }
        let mut day = usize::try_from((t - self.midnight[0]) / 86_400).unwrap_or(0).min(n - 1);
        while self.midnight[day] > t {
            day -= 1;
        }
        while self.midnight[day + 1] <= t {
            day += 1;
        }
        Ok(At { day, sec: t - self.midnight[day] })
    }

    pub(crate) fn instant(&self, at: At) -> DateTime<Utc> {
        DateTime::from_timestamp(self.midnight[at.day] + at.sec, 0).unwrap_or_default()
    }

    pub(crate) fn is_working(&self, day: usize) -> bool {
        self.calendar.days().get(day).is_some_and(|d| d.kind.is_working())
    }

    pub(crate) fn receive(&self, at: At) -> Result<At, CalendarError> {
        if self.is_working(at.day)
            && let Some(sec) = self.schedule.next_working_second(at.sec)
        {
            return Ok(At { day: at.day, sec });
        }
        let k = self.days_before[at.day + 1] as usize;
        let day = self.nth_working_day(k)?;
        Ok(At { day, sec: self.schedule.open() })
    }

    fn nth_working_day(&self, k: usize) -> Result<usize, CalendarError> {
        self.working_days
            .get(k)
            .map(|d| *d as usize)
            .ok_or_else(|| self.calendar.not_covered(self.calendar.last_year() + 1))
    }

    fn add_working_days(&self, at: At, n: u32, counting: DayCounting) -> Result<At, CalendarError> {
        let received = self.receive(at)?;
        let k = self.days_before[received.day] as usize;
        let day = self.nth_working_day(k + n as usize)?;
        let sec = match counting {
            DayCounting::EndOfDay => self.schedule.close(),
            DayCounting::FromInstant => received.sec,
        };
        Ok(At { day, sec })
    }

    fn add_seconds(&self, at: At, seconds: i64) -> Result<At, CalendarError> {
        let received = self.receive(at)?;
        if seconds == 0 {
            return Ok(received);
        }
        let target = self.worked_until(received) + seconds;
        let next = self.seconds_before.partition_point(|s| *s < target);
        if next >= self.seconds_before.len() {
            return Err(self.calendar.not_covered(self.calendar.last_year() + 1));
        }
        let day = next - 1;
        Ok(At { day, sec: self.schedule.at_worked(target - self.seconds_before[day]) })
    }

    fn add_calendar_days(&self, at: At, n: u32) -> Result<At, CalendarError> {
        let last = at.day + n as usize;
        if last >= self.days_before.len() - 1 {
            return Err(self.calendar.not_covered(self.calendar.last_year() + 1));
        }
        let day = if self.is_working(last) { last } else { self.nth_working_day(self.days_before[last] as usize)? };
        Ok(At { day, sec: self.schedule.close() })
    }

    /// Working seconds from the start of the covered range to `at`.
    fn worked_until(&self, at: At) -> i64 {
        let today = if self.is_working(at.day) { self.schedule.worked_before(at.sec) } else { 0 };
        self.seconds_before[at.day] + today
    }
}
