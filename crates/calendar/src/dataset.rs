//! The calendar's source data as read from its TOML files: a faithful mirror, unknown fields refused.
//!
//! `data/kz/holidays.toml` holds the statutory holidays (with the years each applied) and the move
//! rule; `data/kz/years/YYYY.toml` holds what is announced per year (the first day of Kurban Ait,
//! discretionary transfers). Every entry carries its legal source.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::change::{CalendarChange, Change};
use crate::error::CalendarError;

/// `holidays.toml`: the statutory holidays and the move rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HolidaysFile {
    /// The IANA time zone the calendar's days are reckoned in.
    pub zone: String,
    /// First year the data covers.
    pub first_year: i32,
    /// Last year the data covers.
    pub last_year: i32,
    /// The rule that moves a public holiday falling on a rest day.
    pub move_rule: Sourced,
    /// Statutory holidays, one entry per day.
    pub holiday: Vec<StatutoryHoliday>,
}

/// Something that only needs its legal source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    /// The legal source.
    pub source: String,
}

/// Whether a holiday that falls on a rest day moves to the next working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HolidayKind {
    /// A public holiday: a day off, moved when it falls on a rest day.
    Public,
    /// A religious day off: never moved.
    Religious,
}

/// One statutory holiday day, recurring on the same month and day.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatutoryHoliday {
    /// Month, 1–12.
    pub month: u32,
    /// Day of month.
    pub day: u32,
    /// Public (moved) or religious (never moved).
    pub kind: HolidayKind,
    /// Name in Kazakh.
    pub name_kk: String,
    /// Name in Russian.
    pub name_ru: String,
    /// First year it applies, if not before the data starts.
    pub first_year: Option<i32>,
    /// Last year it applies, if no longer in force.
    pub last_year: Option<i32>,
    /// The legal source.
    pub source: String,
}

impl StatutoryHoliday {
    /// Whether the holiday applies in `year`.
    #[must_use]
    pub fn applies_in(&self, year: i32) -> bool {
        self.first_year.is_none_or(|f| f <= year) && self.last_year.is_none_or(|l| year <= l)
    }
}

/// Whether a year's data is official or still awaiting announcements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum YearStatus {
    /// All holidays and transfers of the year are officially announced.
    Official,
    /// Some dates (typically Kurban Ait) are expected, not yet announced.
    Provisional,
}

/// `years/YYYY.toml`: what is announced per year.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    /// The year.
    pub year: i32,
    /// Official or provisional.
    pub status: YearStatus,
    /// The first day of Kurban Ait, a religious day off.
    pub kurban_ait: DatedSource,
    /// Discretionary transfers of days off.
    #[serde(default)]
    pub transfer: Vec<Transfer>,
    /// Extra one-off days off declared for the year.
    #[serde(default)]
    pub day_off: Vec<ExtraDayOff>,
    /// Changes announced after the year's calendar was first published, in the order recorded.
    #[serde(default)]
    pub amendment: Vec<CalendarChange>,
    /// Statutory holidays that do not apply this year (set only by amendments).
    #[serde(skip)]
    pub repealed: Vec<DatedSource>,
}

/// A date with its legal source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatedSource {
    /// The date.
    pub date: NaiveDate,
    /// The legal source.
    pub source: String,
}

/// A discretionary transfer: a rest day becomes working, a working day becomes a day off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The rest day that becomes a working day.
    pub working: NaiveDate,
    /// The working day that becomes a day off.
    pub day_off: NaiveDate,
    /// The legal source.
    pub source: String,
}

/// A one-off day off declared for a year (not a statutory holiday, not a transfer).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraDayOff {
    /// The day.
    pub date: NaiveDate,
    /// Name in Kazakh.
    pub name_kk: String,
    /// Name in Russian.
    pub name_ru: String,
    /// The legal source.
    pub source: String,
}

/// The whole calendar dataset: statutory holidays plus one file per covered year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// The statutory holidays and the move rule.
    pub holidays: HolidaysFile,
    /// Per-year announcements, keyed by year; one for every covered year.
    pub years: BTreeMap<i32, YearFile>,
}

const HOLIDAYS_FILE: (&str, &str) = ("holidays.toml", include_str!("../data/kz/holidays.toml"));

/// The per-year files compiled into the binary; `tests/dataset_files.rs` checks none is missing.
pub const YEAR_FILES: &[(&str, &str)] = &[
    ("years/2015.toml", include_str!("../data/kz/years/2015.toml")),
    ("years/2016.toml", include_str!("../data/kz/years/2016.toml")),
    ("years/2017.toml", include_str!("../data/kz/years/2017.toml")),
    ("years/2018.toml", include_str!("../data/kz/years/2018.toml")),
    ("years/2019.toml", include_str!("../data/kz/years/2019.toml")),
    ("years/2020.toml", include_str!("../data/kz/years/2020.toml")),
    ("years/2021.toml", include_str!("../data/kz/years/2021.toml")),
    ("years/2022.toml", include_str!("../data/kz/years/2022.toml")),
    ("years/2023.toml", include_str!("../data/kz/years/2023.toml")),
    ("years/2024.toml", include_str!("../data/kz/years/2024.toml")),
    ("years/2025.toml", include_str!("../data/kz/years/2025.toml")),
    ("years/2026.toml", include_str!("../data/kz/years/2026.toml")),
    ("years/2027.toml", include_str!("../data/kz/years/2027.toml")),
];

impl Dataset {
    /// The Kazakh dataset compiled into the binary, with every amendment in its files applied.
    pub fn builtin() -> Result<Self, CalendarError> {
        Self::builtin_unamended()?.as_known_at(DateTime::<Utc>::MAX_UTC)
    }

    /// The Kazakh dataset compiled into the binary as first published, before any amendment.
    pub fn builtin_unamended() -> Result<Self, CalendarError> {
        Self::parse(HOLIDAYS_FILE, YEAR_FILES)
    }

    /// The dataset as it was known at `t`: only the amendments recorded by then are applied.
    pub fn as_known_at(&self, t: DateTime<Utc>) -> Result<Self, CalendarError> {
        let mut amendments: Vec<CalendarChange> =
            self.years.values().flat_map(|y| y.amendment.iter()).filter(|a| a.recorded_at <= t).cloned().collect();
        amendments.sort_by_key(|a| a.recorded_at);
        self.with_changes(&amendments)
    }

    /// The amendments carried in the year files, in the order recorded.
    #[must_use]
    pub fn amendments(&self) -> Vec<&CalendarChange> {
        let mut all: Vec<&CalendarChange> = self.years.values().flat_map(|y| y.amendment.iter()).collect();
        all.sort_by_key(|a| a.recorded_at);
        all
    }

    /// Reads a dataset from `(file name, text)` pairs, checking that it is complete and consistent.
    pub fn parse(holidays: (&str, &str), years: &[(&str, &str)]) -> Result<Self, CalendarError> {
        let holidays_file: HolidaysFile = parse_toml(holidays.0, holidays.1)?;
        let mut year_files = BTreeMap::new();
        for (name, text) in years {
            let file: YearFile = parse_toml(name, text)?;
            check_year_file(name, &file)?;
            if year_files.insert(file.year, file).is_some() {
                return Err(inconsistent(name, "a second file for the same year"));
            }
        }
        for year in holidays_file.first_year..=holidays_file.last_year {
            if !year_files.contains_key(&year) {
                return Err(inconsistent(
                    holidays.0,
                    &format!("year {year} is inside first_year..last_year but has no years/{year}.toml"),
                ));
            }
        }
        for h in &holidays_file.holiday {
            if NaiveDate::from_ymd_opt(2024, h.month, h.day).is_none() {
                return Err(inconsistent(
                    holidays.0,
                    &format!("holiday `{}` has no such day: month {} day {}", h.name_ru, h.month, h.day),
                ));
            }
        }
        Ok(Self { holidays: holidays_file, years: year_files })
    }

    /// First covered year.
    #[must_use]
    pub fn first_year(&self) -> i32 {
        self.holidays.first_year
    }

    /// Last covered year.
    #[must_use]
    pub fn last_year(&self) -> i32 {
        self.holidays.last_year
    }

    /// This dataset with recorded changes applied in the order given.
    pub fn with_changes<'a>(
        &self,
        changes: impl IntoIterator<Item = &'a CalendarChange>,
    ) -> Result<Self, CalendarError> {
        let mut next = self.clone();
        for change in changes {
            next.apply(change)?;
        }
        Ok(next)
    }

    fn apply(&mut self, change: &CalendarChange) -> Result<(), CalendarError> {
        let date = change.change.date();
        let (first, last) = (self.first_year(), self.last_year());
        let year =
            self.years.get_mut(&date.year()).ok_or(CalendarError::YearNotCovered { year: date.year(), first, last })?;
        match &change.change {
            Change::KurbanAit { date } => {
                year.kurban_ait = DatedSource { date: *date, source: change.source.clone() };
            }
            Change::Transfer { working, day_off } => {
                if working.year() != day_off.year() {
                    return Err(CalendarError::Change {
                        date: *working,
                        reason: "a transfer must stay within one year".into(),
                    });
                }
                year.transfer.push(Transfer { working: *working, day_off: *day_off, source: change.source.clone() });
            }
            Change::DayOff { date, name_kk, name_ru } => year.day_off.push(ExtraDayOff {
                date: *date,
                name_kk: name_kk.clone(),
                name_ru: name_ru.clone(),
                source: change.source.clone(),
            }),
            Change::Repeal { date } => {
                year.repealed.push(DatedSource { date: *date, source: change.source.clone() });
            }
        }
        check_year_file("recorded change", year)
    }
}

fn check_year_file(name: &str, file: &YearFile) -> Result<(), CalendarError> {
    let in_year = |d: NaiveDate| d.year() == file.year;
    if !in_year(file.kurban_ait.date) {
        return Err(inconsistent(name, "kurban_ait.date is not in the file's year"));
    }
    for t in &file.transfer {
        if !in_year(t.working) || !in_year(t.day_off) {
            return Err(inconsistent(name, &format!("transfer {} → {} leaves the year", t.working, t.day_off)));
        }
        if is_weekend(t.day_off) {
            return Err(inconsistent(
                name,
                &format!("transfer makes {} a day off, but it already is a rest day", t.day_off),
            ));
        }
    }
    for a in &file.amendment {
        if a.change.date().year() != file.year {
            return Err(inconsistent(name, &format!("amendment about {} is not in the file's year", a.change.date())));
        }
    }
    for d in &file.day_off {
        if !in_year(d.date) {
            return Err(inconsistent(name, &format!("day off {} is not in the file's year", d.date)));
        }
    }
    Ok(())
}

/// Whether `date` is a Saturday or Sunday.
#[must_use]
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn inconsistent(file: &str, message: &str) -> CalendarError {
    CalendarError::Inconsistent { file: file.to_owned(), message: message.to_owned() }
}

/// Parses TOML, reporting the file, line and column of the first problem.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, CalendarError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_column(text, span.start));
        CalendarError::Data { file: file.to_owned(), line, column, message: e.message().to_owned() }
    })
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
