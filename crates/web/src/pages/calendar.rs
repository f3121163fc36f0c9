//! The calendar's year view: twelve months, every notable day coloured with its reason on hover,
//! the monthly totals and the list of holidays and transfers with their legal sources.

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use chrono::{Datelike, NaiveDate, Utc};
use maud::{Markup, html};
use reglament_calendar::{Day, DayKind, day_line, hhmm, words};
use reglament_domain::Language;

use super::{PageError, PageResult, language, layout};
use crate::state::AppState;
use crate::texts;

/// `/{lang}/calendar`: the current year.
pub async fn current(Path(lang): Path<String>) -> Result<Redirect, PageError> {
    let lang = language(&lang)?;
    Ok(Redirect::to(&format!("/{}/calendar/{}", lang.code(), Utc::now().year())))
}

/// `/{lang}/calendar/{year}`.
pub async fn year(State(state): State<AppState>, Path((lang, year)): Path<(String, i32)>) -> PageResult {
    let lang = language(&lang)?;
    let wt = state.working_time().await.map_err(|e| PageError(e, lang))?;
    let summary = wt.year_summary(year).map_err(|e| PageError(e.into(), lang))?;
    let days = wt.calendar().year(year).map_err(|e| PageError(e.into(), lang))?;
    let (first, last) = (wt.calendar().first_year(), wt.calendar().last_year());
    let l = lang.code();
    let hours = wt.schedule().intervals().iter().map(|(s, e)| format!("{}–{}", hhmm(*s), hhmm(*e))).collect::<Vec<_>>();
    let title = format!("{} {year}", texts::CALENDAR.get(lang));
    let content = html! {
        h1 { (title) }
        p {
            @if year > first { a href={ "/" (l) "/calendar/" (year - 1) } { "← " (texts::PREVIOUS_YEAR.get(lang)) } " · " }
            (texts::WORKING_DAYS.get(lang)) ": " strong { (summary.working_days) } " · "
            (texts::WORKING_HOURS.get(lang)) ": " strong { (summary.working_seconds / 3600) } " · "
            (texts::SCHEDULE.get(lang)) ": " (hours.join(", "))
            @if year < last { " · " a href={ "/" (l) "/calendar/" (year + 1) } { (texts::NEXT_YEAR.get(lang)) " →" } }
        }
        (legend(lang))
        div.year {
            @for month in 1..=12u32 {
                (month_grid(lang, month, days, summary.months[month as usize - 1].working_days))
            }
        }
        h2 { (texts::TOTAL.get(lang)) }
        table {
            tr { th { (texts::MONTH.get(lang)) } th { (texts::CALENDAR_DAYS.get(lang)) } th { (texts::WORKING_DAYS.get(lang)) } th { (texts::WORKING_HOURS.get(lang)) } }
            @for m in &summary.months {
                tr { td { (words::month_name(m.month, lang)) } td { (m.calendar_days) } td { (m.working_days) } td { (m.working_seconds / 3600) } }
            }
            tr { th { (texts::TOTAL.get(lang)) } th { (days.len()) } th { (summary.working_days) } th { (summary.working_seconds / 3600) } }
        }
        h2 { (texts::NOTABLE.get(lang)) }
        ul {
            @for day in &summary.notable { li { (day_line(day, lang)) } }
        }
    };
    Ok(Html(layout::page(lang, &title, &format!("/calendar/{year}"), &content).into_string()))
}

fn legend(lang: Language) -> Markup {
    let kinds = [
        DayKind::Working,
        DayKind::RestDay,
        DayKind::Holiday,
        DayKind::MovedDayOff,
        DayKind::TransferredDayOff,
        DayKind::TransferredWorkingDay,
        DayKind::ExtraDayOff,
    ];
    html! {
        p.legend { (texts::LEGEND.get(lang)) ": " @for k in kinds { span class=(kind_class(k)) { (k.label().get(lang)) } } }
    }
}

/// The CSS class of a day kind (its serde name).
pub(crate) fn kind_class(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Working => "working",
        DayKind::RestDay => "rest_day",
        DayKind::Holiday => "holiday",
        DayKind::MovedDayOff => "moved_day_off",
        DayKind::TransferredDayOff => "transferred_day_off",
        DayKind::TransferredWorkingDay => "transferred_working_day",
        DayKind::ExtraDayOff => "extra_day_off",
    }
}

fn month_grid(lang: Language, month: u32, days: &[Day], working: u32) -> Markup {
    let of_month: Vec<&Day> = days.iter().filter(|d| d.date.month() == month).collect();
    let offset = of_month.first().map_or(0, |d| d.date.weekday().num_days_from_monday());
    html! {
        section.month {
            h3 { span { (words::month_name(month, lang)) } small { (working) " " (texts::WORKING_DAYS.get(lang).to_lowercase()) } }
            div.grid {
                @for wd in words::weekday_names(lang) { span.wd { (wd) } }
                @for _ in 0..offset { span {} }
                @for day in of_month {
                    span class={ "d " (kind_class(day.kind)) } title=(day_line(day, lang)) data-date=(day.date) { (day.date.day()) }
                }
            }
        }
    }
}

/// A date's day-of-month cell for the deadline strip.
pub(crate) fn strip_cell(day: &Day, lang: Language, extra_class: &str) -> Markup {
    let label = NaiveDate::format(&day.date, "%d.%m").to_string();
    let wd = words::weekday_names(lang)[day.date.weekday().num_days_from_monday() as usize];
    html! {
        span class={ "d " (kind_class(day.kind)) " " (extra_class) } title=(day_line(day, lang)) { (wd) " " (label) }
    }
}
