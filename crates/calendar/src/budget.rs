//! Terms as the acts state them: an amount and a unit of working or calendar time.

use std::fmt;
use std::str::FromStr;

use reglament_domain::Language;
use serde::{Deserialize, Serialize};

use crate::error::CalendarError;

/// The unit of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Working days (`wd`).
    WorkingDays,
    /// Hours of working time (`wh`).
    WorkingHours,
    /// Minutes of working time (`wmin`).
    WorkingMinutes,
    /// Seconds of working time (`ws`).
    WorkingSeconds,
    /// Calendar days (`cd`).
    CalendarDays,
}

impl Unit {
    /// The suffix used in the text form, e.g. `wd` in `15wd`.
    #[must_use]
    pub fn suffix(self) -> &'static str {
        match self {
            Self::WorkingDays => "wd",
            Self::WorkingHours => "wh",
            Self::WorkingMinutes => "wmin",
            Self::WorkingSeconds => "ws",
            Self::CalendarDays => "cd",
        }
    }

    /// Seconds of working time per unit, for the units measured in working time.
    #[must_use]
    pub fn working_seconds(self) -> Option<i64> {
        match self {
            Self::WorkingHours => Some(3600),
            Self::WorkingMinutes => Some(60),
            Self::WorkingSeconds => Some(1),
            Self::WorkingDays | Self::CalendarDays => None,
        }
    }

    /// "`n` units" in words, with the Russian plural form for `n` (Kazakh has none after numerals).
    #[must_use]
    pub fn phrase(self, n: u32, lang: Language) -> String {
        let (kk, ru) = match self {
            Self::WorkingDays => ("жұмыс күні", ["рабочий день", "рабочих дня", "рабочих дней"]),
            Self::WorkingHours => ("жұмыс сағаты", ["рабочий час", "рабочих часа", "рабочих часов"]),
            Self::WorkingMinutes => ("жұмыс минуты", ["рабочая минута", "рабочие минуты", "рабочих минут"]),
            Self::WorkingSeconds => ("жұмыс секунды", ["рабочая секунда", "рабочие секунды", "рабочих секунд"]),
            Self::CalendarDays => ("күнтізбелік күн", ["календарный день", "календарных дня", "календарных дней"]),
        };
        match lang {
            Language::Kk => format!("{n} {kk}"),
            Language::Ru => format!("{n} {}", ru[russian_plural(n)]),
        }
    }

    const ALL: [Self; 5] =
        [Self::WorkingDays, Self::WorkingHours, Self::WorkingMinutes, Self::WorkingSeconds, Self::CalendarDays];
}

/// How a term in days is counted.
///
/// * `EndOfDay` (the default; Civil Code of the Republic of Kazakhstan, arts. 170 and 173):
///   counting starts on the day after the day of receipt, and the term ends when the provider
///   closes on its last day. "15 working days" filed on Monday ends at 18:30 on the 15th working day after Monday.
/// * `FromInstant`: the same time of day N working days later ("within 2 working days of the
///   notice" at 11:00 ends at 11:00 two working days later).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCounting {
    /// Ends at closing time of the N-th day after the day of receipt.
    #[default]
    EndOfDay,
    /// Ends N days later at the time of day of receipt.
    FromInstant,
}

impl FromStr for DayCounting {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "end-of-day" => Ok(Self::EndOfDay),
            "from-instant" => Ok(Self::FromInstant),
            _ => Err(CalendarError::Budget {
                input: s.to_owned(),
                reason: "day counting must be `end-of-day` or `from-instant`".into(),
            }),
        }
    }
}

/// A term: an amount of a unit, such as `15wd` (15 working days) or `30wmin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Budget {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
}

impl Budget {
    /// A term of `amount` `unit`s.
    #[must_use]
    pub fn new(amount: u32, unit: Unit) -> Self {
        Self { amount, unit }
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

impl FromStr for Budget {
    type Err = CalendarError;

    /// Reads `<amount><unit>` with unit `wd`, `wh`, `wmin`, `ws` or `cd`. A bare `d` or `h` is
    /// refused: "one day" is ambiguous between a working and a calendar day, and an hour between
    /// a working and a clock hour.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| CalendarError::Budget { input: s.to_owned(), reason: reason.to_owned() };
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(|| {
            err("no unit: write e.g. `15wd` (working days), `8wh` (working hours), `30wmin`, `45ws` or `10cd` (calendar days)")
        })?;
        let (digits, suffix) = s.split_at(split);
        if digits.is_empty() {
            return Err(err("the term must start with a whole number, e.g. `15wd`"));
        }
        let amount = digits.parse().map_err(|_| err("the amount is too large"))?;
        if let Some(unit) = Unit::ALL.into_iter().find(|u| u.suffix() == suffix) {
            return Ok(Self { amount, unit });
        }
        Err(err(match suffix {
            "d" | "D" | "day" | "days" => "`d` is ambiguous: write `wd` for working days or `cd` for calendar days",
            "h" | "H" => "`h` is ambiguous: write `wh` for hours of working time",
            _ => "unknown unit: use `wd`, `wh`, `wmin`, `ws` or `cd`",
        }))
    }
}

/// Which Russian form follows the numeral `n`: 0 for 1, 21…; 1 for 2–4, 22–24…; 2 otherwise.
fn russian_plural(n: u32) -> usize {
    match (n % 10, n % 100) {
        (1, h) if h != 11 => 0,
        (2..=4, h) if !(12..=14).contains(&h) => 1,
        _ => 2,
    }
}
