//! The calendar proper: what kind of day every date of the covered years is, and why.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use reglament_domain::Localized;
use serde::Serialize;

use crate::dataset::{Dataset, HolidayKind, is_weekend};
use crate::error::CalendarError;

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A Monday–Friday working day.
    Working,
    /// A Saturday or Sunday.
    RestDay,
    /// A public or religious holiday (whatever the weekday).
    Holiday,
    /// The working day that became a day off because a public holiday fell on a rest day.
    MovedDayOff,
    /// A working day made a day off by a discretionary transfer.
    TransferredDayOff,
    /// A rest day made a working day by a discretionary transfer.
    TransferredWorkingDay,
    /// A one-off day off declared for the year.
    ExtraDayOff,
}

impl DayKind {
    /// Whether work is done on such a day.
    #[must_use]
    pub fn is_working(self) -> bool {
        matches!(self, Self::Working | Self::TransferredWorkingDay)
    }

    /// Whether the day differs from what its weekday alone would make it.
    #[must_use]
    pub fn is_notable(self) -> bool {
        !matches!(self, Self::Working | Self::RestDay)
    }

    /// The kind's name.
    #[must_use]
    pub fn label(self) -> Localized {
        let (kk, ru) = match self {
            Self::Working => ("жұмыс күні", "рабочий день"),
            Self::RestDay => ("демалыс күні", "выходной день"),
            Self::Holiday => ("мереке күні", "праздничный день"),
            Self::MovedDayOff => ("ауыстырылған демалыс күні", "перенесённый выходной день"),
            Self::TransferredDayOff => ("ауыстыру бойынша демалыс күні", "выходной день по переносу"),
            Self::TransferredWorkingDay => ("ауыстыру бойынша жұмыс күні", "рабочий день по переносу"),
            Self::ExtraDayOff => ("қосымша демалыс күні", "дополнительный выходной день"),
        };
        Localized::new_static(kk, ru)
    }
}

/// Why a day is what it is, with its legal source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The holiday's (or transfer's) name.
    pub title: Localized,
    /// The legal source.
    pub source: String,
    /// The other day involved: the holiday a day off was moved from, or a transfer's pair.
    pub linked: Option<NaiveDate>,
}

/// One date of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Its kind.
    pub kind: DayKind,
    /// Why, unless it is an ordinary weekday or weekend.
    pub reason: Option<Reason>,
}

/// The working calendar over the covered years, built from a [`Dataset`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    zone: Tz,
    first_year: i32,
    last_year: i32,
    days: Vec<Day>,
}

impl Calendar {
    /// The Kazakh calendar compiled into the binary.
    pub fn builtin() -> Result<Self, CalendarError> {
        Self::new(&Dataset::builtin()?)
    }

    /// Builds the day table: weekdays, then holidays, then the move rule, then transfers.
    pub fn new(data: &Dataset) -> Result<Self, CalendarError> {
        let zone: Tz = data.holidays.zone.parse().map_err(|_| CalendarError::Inconsistent {
            file: "holidays.toml".into(),
            message: format!("unknown time zone `{}`", data.holidays.zone),
        })?;
        let (first_year, last_year) = (data.first_year(), data.last_year());
        let start = jan_first(first_year)?;
        let end = jan_first(last_year + 1)?;
        let mut calendar = Self {
            zone,
            first_year,
            last_year,
            days: start
                .iter_days()
                .take_while(|d| *d < end)
                .map(|d| Day {
                    date: d,
                    kind: if is_weekend(d) { DayKind::RestDay } else { DayKind::Working },
                    reason: None,
                })
                .collect(),
        };
        for (year, file) in &data.years {
            let name = format!("years/{year}.toml");
            let mut to_move = Vec::new();
            let repealed = |d: NaiveDate| file.repealed.iter().any(|r| r.date == d);
            for h in data.holidays.holiday.iter().filter(|h| h.applies_in(*year)) {
                let on = NaiveDate::from_ymd_opt(*year, h.month, h.day).ok_or_else(|| CalendarError::Inconsistent {
                    file: "holidays.toml".into(),
                    message: format!("{} has no day {}-{}", year, h.month, h.day),
                })?;
                if repealed(on) {
                    continue;
                }
                let reason = Reason {
                    title: names(&h.name_kk, &h.name_ru, "holidays.toml")?,
                    source: h.source.clone(),
                    linked: None,
                };
                calendar.set(on, DayKind::Holiday, reason, &name)?;
                if h.kind == HolidayKind::Public && is_weekend(on) {
                    to_move.push((on, names(&h.name_kk, &h.name_ru, "holidays.toml")?));
                }
            }
            let kurban = Reason {
                title: Localized::new_static("Құрбан айт", "Курбан айт"),
                source: file.kurban_ait.source.clone(),
                linked: None,
            };
            calendar.set(file.kurban_ait.date, DayKind::Holiday, kurban, &name)?;
            for extra in &file.day_off {
                let reason = Reason {
                    title: names(&extra.name_kk, &extra.name_ru, &name)?,
                    source: extra.source.clone(),
                    linked: None,
                };
                calendar.set(extra.date, DayKind::ExtraDayOff, reason, &name)?;
            }
            to_move.sort_by_key(|(date, _)| *date);
            for (holiday, title) in to_move {
                let target = calendar.next_plain_working_day(holiday, &name)?;
                let reason = Reason { title, source: data.holidays.move_rule.source.clone(), linked: Some(holiday) };
                calendar.set(target, DayKind::MovedDayOff, reason, &name)?;
            }
            for t in &file.transfer {
                let title = Localized::new_static("Демалыс күнін ауыстыру", "Перенос выходного дня");
                calendar.expect_kind(t.day_off, &[DayKind::Working], &name)?;
                calendar.expect_kind(t.working, &[DayKind::RestDay, DayKind::MovedDayOff], &name)?;
                let off = Reason { title: title.clone(), source: t.source.clone(), linked: Some(t.working) };
                calendar.set(t.day_off, DayKind::TransferredDayOff, off, &name)?;
                let on = Reason { title, source: t.source.clone(), linked: Some(t.day_off) };
                calendar.set(t.working, DayKind::TransferredWorkingDay, on, &name)?;
            }
        }
        Ok(calendar)
    }

    /// The time zone the days are reckoned in.
    #[must_use]
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// First covered year.
    #[must_use]
    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    /// Last covered year.
    #[must_use]
    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// Every covered day, in order.
    #[must_use]
    pub fn days(&self) -> &[Day] {
        &self.days
    }

    /// The day at `date`, or an error naming the uncovered year.
    pub fn day(&self, date: NaiveDate) -> Result<&Day, CalendarError> {
        self.index(date).map(|i| &self.days[i])
    }

    /// The covered days of `year`.
    pub fn year(&self, year: i32) -> Result<&[Day], CalendarError> {
        let from = self.index(jan_first(year)?)?;
        let to = self.index(jan_first(year + 1)?).unwrap_or(self.days.len());
        Ok(&self.days[from..to])
    }

    /// The days whose kind or reason differ between two calendars of the same coverage.
    #[must_use]
    pub fn differences<'a>(&'a self, other: &'a Self) -> Vec<(&'a Day, &'a Day)> {
        self.days.iter().zip(&other.days).filter(|(a, b)| a != b).collect()
    }

    /// The index of `date` in [`Self::days`].
    pub fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        let first = self.days.first().map_or(date, |d| d.date);
        usize::try_from((date - first).num_days())
            .ok()
            .filter(|i| *i < self.days.len())
            .ok_or_else(|| self.not_covered(date.year()))
    }

    /// The error for a computation that needed `year`.
    #[must_use]
    pub fn not_covered(&self, year: i32) -> CalendarError {
        CalendarError::YearNotCovered { year, first: self.first_year, last: self.last_year }
    }

    fn set(&mut self, date: NaiveDate, kind: DayKind, reason: Reason, file: &str) -> Result<(), CalendarError> {
        let i = self.index(date).map_err(|_| CalendarError::Inconsistent {
            file: file.to_owned(),
            message: format!("{date} is outside the covered years"),
        })?;
        self.days[i].kind = kind;
        self.days[i].reason = Some(reason);
        Ok(())
    }

    fn expect_kind(&self, date: NaiveDate, kinds: &[DayKind], file: &str) -> Result<(), CalendarError> {
        let day = self.day(date)?;
        if kinds.contains(&day.kind) {
            return Ok(());
        }
        Err(CalendarError::Inconsistent {
            file: file.to_owned(),
            message: format!("a transfer expects {date} to be one of {kinds:?}, but it is {:?}", day.kind),
        })
    }

    /// The first ordinary working day after `date` (the target of the move rule).
    fn next_plain_working_day(&self, date: NaiveDate, file: &str) -> Result<NaiveDate, CalendarError> {
        let i = self.index(date)?;
        self.days[i + 1..].iter().find(|d| d.kind == DayKind::Working).map(|d| d.date).ok_or_else(|| {
            CalendarError::Inconsistent {
                file: file.to_owned(),
                message: format!("the day off for {date} moves past the last covered year"),
            }
        })
    }
}

fn jan_first(year: i32) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(year, 1, 1).ok_or(CalendarError::YearNotCovered { year, first: year, last: year })
}

fn names(kk: &str, ru: &str, file: &str) -> Result<Localized, CalendarError> {
    Localized::new(kk, ru).map_err(|e| CalendarError::Inconsistent { file: file.to_owned(), message: e.to_string() })
}
