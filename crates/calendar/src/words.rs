//! Dates and times written out in Kazakh and Russian.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use reglament_domain::Language;

const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];
const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_RU: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const WEEKDAYS_KK: [&str; 7] = ["дс", "сс", "ср", "бс", "жм", "сб", "жс"];
const WEEKDAYS_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];

/// The month's name (nominative), `month` 1–12.
#[must_use]
pub fn month_name(month: u32, lang: Language) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Language::Kk => MONTHS_KK[i],
        Language::Ru => MONTHS_RU[i],
    }
}

/// Short weekday names, Monday first.
#[must_use]
pub fn weekday_names(lang: Language) -> [&'static str; 7] {
    match lang {
        Language::Kk => WEEKDAYS_KK,
        Language::Ru => WEEKDAYS_RU,
    }
}

/// A date as written in the language: "пт, 20 марта 2026" / "2026 ж. 20 наурыз, жм".
#[must_use]
pub fn date(d: NaiveDate, lang: Language) -> String {
    let m = d.month0() as usize;
    let wd = weekday_names(lang)[d.weekday().num_days_from_monday() as usize];
    match lang {
        Language::Kk => format!("{} ж. {} {}, {wd}", d.year(), d.day(), MONTHS_KK[m]),
        Language::Ru => format!("{wd}, {} {} {}", d.day(), MONTHS_RU_GENITIVE[m], d.year()),
    }
}

/// An instant as a local date and time in `zone`.
#[must_use]
pub fn instant(t: DateTime<Utc>, zone: Tz, lang: Language) -> String {
    let local = t.with_timezone(&zone);
    format!("{} {}", date(local.date_naive(), lang), local.format("%H:%M"))
}
