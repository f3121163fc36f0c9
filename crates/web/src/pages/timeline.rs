//! A case's course drawn against its terms (shown in the cabinet and the case file): the days from
//! filing to the last due instant, days off shaded, one bar per step from its start to its end
//! (or now) coloured by whether it kept its own term, a tick at each step's due instant, and lines
//! for the service's due instant and for now.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use maud::{Markup, html};
use reglament_calendar::words;
use reglament_domain::{Language, Localized};
use reglament_engine::Law;
use reglament_engine::timeline::{Span, Timeline};

use super::chart;
use crate::texts as t;

/// The width of the steps' names.
const LABEL: f64 = 230.0;
/// The height of a step's row.
const ROW: f64 = 26.0;
/// Where the first row starts (below the days' numbers).
const TOP: f64 = 38.0;
/// The days drawn at most (a longer course is cut at its end).
const MOST_DAYS: i64 = 92;

/// The colour and the name of a span's standing.
fn standing(span: &Span) -> (&'static str, Localized) {
    match (span.done, span.late()) {
        (true, false) => (chart::KEPT, t::STEP_DONE),
        (true, true) => (chart::BROKEN, t::STEP_DONE_LATE),
        (false, false) => (chart::RUNNING, t::STEP_RUNNING),
        (false, true) => (chart::OVERDUE, t::STEP_RUNNING_LATE),
    }
}

/// Maps instants to the drawing's x.
struct Scale {
    zone: chrono_tz::Tz,
    first: NaiveDate,
    day: f64,
    days: i64,
}

impl Scale {
    fn x(&self, t: DateTime<Utc>) -> f64 {
        let local = t.with_timezone(&self.zone);
        let days = (local.date_naive() - self.first).num_days().clamp(0, self.days);
        let fraction = f64::from(local.num_seconds_from_midnight()) / 86_400.0;
        LABEL + (f64::from(i32::try_from(days).unwrap_or(0)) + fraction) * self.day
    }
}

/// The drawing of `timeline` under `law`.
pub(crate) fn draw(timeline: &Timeline, law: &Law<'_>, lang: Language) -> Markup {
    let wt = law.wt;
    let zone = wt.calendar().zone();
    let first = timeline.filed.with_timezone(&zone).date_naive();
    let last = timeline.last().with_timezone(&zone).date_naive();
    let days = (last - first).num_days().clamp(0, MOST_DAYS - 1) + 1;
    let day = (680.0 / f64::from(i32::try_from(days).unwrap_or(1))).clamp(10.0, 44.0);
    let scale = Scale { zone, first, day, days };
    let rows = f64::from(u32::try_from(timeline.spans.len()).unwrap_or(0));
    let height = TOP + rows * ROW + 10.0;
    let width = LABEL + day * f64::from(i32::try_from(days).unwrap_or(1)) + 12.0;
    let name = |id: &str| law.step_action(id, lang);
    let dates: Vec<NaiveDate> = first.iter_days().take(usize::try_from(days).unwrap_or(0)).collect();
    let summary: Vec<String> = timeline
        .spans
        .iter()
        .map(|s| format!("{}: {}", chart::shortened(&name(&s.step), 60), standing(s).1.get(lang)))
        .collect();
    let label = format!("{}. {}", t::COURSE.get(lang), summary.join("; "));
    html! {
        figure #course {
            svg xmlns="http://www.w3.org/2000/svg" width=(format!("{width:.0}")) height=(format!("{height:.0}")) role="img" aria-label=(label) {
                @for (i, date) in dates.iter().enumerate() {
                    @let x = LABEL + f64::from(u32::try_from(i).unwrap_or(0)) * day;
                    @let off = wt.calendar().day(*date).is_ok_and(|d| !d.kind.is_working());
                    @if off {
                        rect x=(format!("{x:.1}")) y="18" width=(format!("{day:.1}")) height=(format!("{:.0}", height - 18.0)) fill="#fde8e8" {
                            title { (words::date(*date, lang)) }
                        }
                    }
                    @if day >= 16.0 || date.day() % 5 == 1 {
                        text x=(format!("{:.1}", x + day / 2.0)) y="30" font-size="10" text-anchor="middle" fill=(if off { "#a33" } else { "#52606d" }) {
                            (date.day())
                        }
                    }
                    @if i == 0 || date.day() == 1 {
                        text x=(format!("{x:.1}")) y="12" font-size="10" fill="#1f2933" { (words::month_name(date.month(), lang)) }
                    }
                }
                @for (i, span) in timeline.spans.iter().enumerate() {
                    @let y = TOP + f64::from(u32::try_from(i).unwrap_or(0)) * ROW;
                    @let (colour, what) = standing(span);
                    @let (from, to) = (scale.x(span.from), scale.x(span.to));
                    text x="4" y=(format!("{:.1}", y + 16.0)) font-size="12" fill="#1f2933" {
                        title { (name(&span.step)) }
                        (chart::shortened(&name(&span.step), 34))
                    }
                    rect.span data-span=(span.step) x=(format!("{from:.1}")) y=(format!("{:.1}", y + 5.0)) width=(format!("{:.1}", (to - from).max(3.0))) height="14" rx="2" fill=(colour) {
                        title { (name(&span.step)) " — " (what.get(lang)) ": " (words::instant(span.from, zone, lang)) " — " (words::instant(span.to, zone, lang)) }
                    }
                    @if let Some(due) = span.due {
                        @let x = scale.x(due);
                        path d=(format!("M{x:.1} {:.1} l-4 -5 h8 z M{x:.1} {:.1} v14", y + 5.0, y + 5.0)) stroke="#111" fill="#111" {
                            title { (t::STEP_DUE.get(lang)) ": " (words::instant(due, zone, lang)) }
                        }
                    }
                }
                @if let Some(due) = timeline.service_due {
                    @let x = scale.x(due);
                    line #service-due-line x1=(format!("{x:.1}")) x2=(format!("{x:.1}")) y1="16" y2=(format!("{height:.0}")) stroke="#8b0000" stroke-width="2" {
                        title { (t::SERVICE_DUE.get(lang)) ": " (words::instant(due, zone, lang)) }
                    }
                }
                @if timeline.ended.is_none() {
                    @let x = scale.x(timeline.now);
                    line #now-line x1=(format!("{x:.1}")) x2=(format!("{x:.1}")) y1="16" y2=(format!("{height:.0}")) stroke="#0b5394" stroke-width="2" stroke-dasharray="4 3" {
                        title { (t::NOW.get(lang)) ": " (words::instant(timeline.now, zone, lang)) }
                    }
                }
            }
            ul.legend {
                @for (colour, what) in [(chart::KEPT, t::STEP_DONE), (chart::BROKEN, t::STEP_DONE_LATE), (chart::RUNNING, t::STEP_RUNNING), (chart::OVERDUE, t::STEP_RUNNING_LATE), ("#fde8e8", t::DAY_OFF)] {
                    (chart::swatch(colour, what.get(lang)))
                }
                li { svg width="12" height="12" aria-hidden="true" { path d="M6 0 v12" stroke="#8b0000" stroke-width="2" {} } " " (t::SERVICE_DUE.get(lang)) }
                li { svg width="12" height="12" aria-hidden="true" { path d="M2 1 h8 l-4 6 z M6 7 v5" stroke="#111" fill="#111" {} } " " (t::STEP_DUE.get(lang)) }
                @if timeline.ended.is_none() {
                    li { svg width="12" height="12" aria-hidden="true" { path d="M6 0 v12" stroke="#0b5394" stroke-width="2" stroke-dasharray="3 2" {} } " " (t::NOW.get(lang)) }
                }
            }
            figcaption { (t::COURSE.get(lang)) }
        }
    }
}
