//! The quality-control body's report on a period (`/{lang}/quality/report?from=…&to=…`, role
//! `quality-control`): per service and provider, what became of the applications and complaints
//! filed in it, drawn as one bar per service (decided in time, decided late, open within the
//! term, open past it, withdrawn) and tabled with the refusal grounds cited and the steps past
//! their terms; the same as CSV at `/{lang}/quality/report.csv`.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};
use reglament_calendar::words;
use reglament_domain::Language;
use reglament_runtime::report::{Line, Period, Report, Tally};
use serde::Deserialize;

use super::quality::ROLE;
use super::texts as t;
use crate::auth::Official;
use crate::error::WebError;
use crate::pages::{PageError, PageResult, chart, language, layout};
use crate::state::AppState;

/// The report's query: both days optional (the current month up to today).
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// The first day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    pub to: Option<String>,
}

fn day(field: &'static str, text: &str) -> Result<NaiveDate, WebError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| WebError::Invalid { field, reason: format!("`{text}` is not a date YYYY-MM-DD: {e}") })
}

/// The period asked for, or the current month up to today.
pub(crate) fn period(state: &AppState, q: &ReportQuery) -> Result<Period, WebError> {
    let today = state.today();
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => day("from", text)?,
        None => today.with_day(1).unwrap_or(today),
    };
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => day("to", text)?,
        None => today,
    };
    Ok(Period::new(from, to)?)
}

async fn report(state: &AppState, official: &Official, q: &ReportQuery) -> Result<Report, WebError> {
    if !official.roles.iter().any(|r| r == ROLE) {
        return Err(WebError::Forbidden);
    }
    let period = period(state, q)?;
    Ok(state.runtime()?.report(period, state.now()).await?)
}

/// `GET /{lang}/quality/report`.
pub async fn page(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<ReportQuery>,
    official: Official,
) -> PageResult {
    let lang = language(&lang)?;
    let result = report(&state, &official, &q).await;
    if let Err(WebError::Forbidden) = result {
        return Err(PageError(WebError::Forbidden, lang));
    }
    let l = lang.code();
    let content = html! {
        h1 { (t::REPORT.get(lang)) }
        p { (t::REPORT_ABOUT.get(lang)) }
        (form(lang, &q, &result))
        @match &result {
            Ok(report) => {
                p { (t::AS_OF.get(lang)) " " (words::instant(report.as_of, chrono_tz::Asia::Almaty, lang)) " · "
                    a #csv href={ "/" (l) "/quality/report.csv?from=" (report.from) "&to=" (report.to) } { (t::DOWNLOAD_CSV.get(lang)) } }
                @if report.lines.is_empty() {
                    p { (t::NOTHING_FILED.get(lang)) }
                } @else {
                    (chart(report, lang))
                    (table(report, lang))
                    @for line in &report.lines { (details(line, lang)) }
                }
            }
            Err(_) => {},
        }
    };
    let viewer = layout::Viewer { name: &official.name, csrf: &official.csrf };
    Ok(Html(layout::page_as(lang, t::REPORT.get(lang), "/quality/report", &content, Some(viewer)).into_string()))
}

/// `GET /{lang}/quality/report.csv`.
pub async fn csv(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<ReportQuery>,
    official: Official,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let report = report(&state, &official, &q).await.map_err(|e| PageError(e, lang))?;
    let name = format!("quality-{}-{}.csv", report.from, report.to);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        report.to_csv(lang),
    )
        .into_response())
}

/// The period's form: the days asked for, or those the report covers; an error next to its field.
fn form(lang: Language, q: &ReportQuery, result: &Result<Report, WebError>) -> Markup {
    let error = result.as_ref().err();
    let at_fault = error.map(|e| e.body().field);
    let (from, to) = match result {
        Ok(r) => (Some(r.from.to_string()), Some(r.to.to_string())),
        Err(_) => (q.from.clone(), q.to.clone()),
    };
    let field = |name: &'static str, label: &str, value: Option<&str>| {
        let wrong = at_fault == Some(Some(name));
        html! {
            label for=(name) { (label) }
            input #(name) name=(name) type="date" value=(value.unwrap_or(""))
                aria-invalid=[wrong.then_some("true")] aria-describedby=[wrong.then_some("report-error")];
        }
    };
    html! {
        form method="get" {
            (field("from", t::PERIOD_FROM.get(lang), from.as_deref()))
            (field("to", t::PERIOD_TO.get(lang), to.as_deref()))
            p { button type="submit" { (t::SHOW.get(lang)) } }
            @if let Some(e) = error {
                p.error #report-error data-code=(e.body().code) { (crate::texts::ERROR.get(lang)) ": " (e.to_string()) }
            }
        }
    }
}

/// The parts of a bar, in the order drawn, with their colours.
fn parts(t: &Tally) -> [(u32, &'static str, reglament_domain::Localized); 5] {
    [
        (t.on_time, chart::KEPT, t::ON_TIME),
        (t.late, chart::BROKEN, t::LATE),
        (t.in_term(), chart::RUNNING, t::IN_TERM),
        (t.overdue, chart::OVERDUE, t::OVERDUE_OPEN),
        (t.withdrawn, chart::NEUTRAL, t::WITHDRAWN),
    ]
}

/// One bar per service: its applications by how they stand against the term.
fn chart(report: &Report, lang: Language) -> Markup {
    const LEFT: u32 = 10;
    const WIDTH: u32 = 700;
    const BAR: u32 = 22;
    const ROW: u32 = 56;
    let most = report.lines.iter().map(|l| l.applications.filed).max().unwrap_or(0).max(1);
    let height = ROW * u32::try_from(report.lines.len()).unwrap_or(u32::MAX);
    let label = format!(
        "{}: {}",
        t::CHART.get(lang),
        report.lines.iter().map(|l| summary(l, lang)).collect::<Vec<_>>().join("; ")
    );
    html! {
        figure #chart {
            svg xmlns="http://www.w3.org/2000/svg" width=(WIDTH + 2 * LEFT) height=(height) role="img" aria-label=(label) {
                @for (i, line) in report.lines.iter().enumerate() {
                    @let y = ROW * u32::try_from(i).unwrap_or(0);
                    text x=(LEFT) y=(y + 16) font-size="13" fill="#1f2933" {
                        title { (line.name.get(lang)) }
                        (chart::shortened(line.name.get(lang), 80)) " — " (crate::texts::CASES.count(u64::from(line.applications.filed), lang))
                    }
                    @for (x, w, n, colour, what) in segments(&line.applications, most, LEFT, WIDTH) {
                        rect x=(x) y=(y + 24) width=(w) height=(BAR) fill=(colour) {
                            title { (what.get(lang)) ": " (n) }
                        }
                        @if w >= 18 {
                            text x=(x + w / 2) y=(y + 40) font-size="12" fill="#fff" text-anchor="middle" { (n) }
                        }
                    }
                }
            }
            ul.legend {
                @for (_, colour, what) in parts(&Tally::default()) {
                    (chart::swatch(colour, what.get(lang)))
                }
            }
            figcaption { (t::CHART.get(lang)) }
        }
    }
}

/// The drawn parts of a bar: where each starts, how wide it is, its count, colour and name.
fn segments(
    t: &Tally,
    most: u32,
    left: u32,
    width: u32,
) -> Vec<(u32, u32, u32, &'static str, reglament_domain::Localized)> {
    let mut x = left;
    let mut out = Vec::new();
    for (n, colour, what) in parts(t) {
        if n > 0 {
            let w = width * n / most;
            out.push((x, w, n, colour, what));
            x += w;
        }
    }
    out
}

fn summary(line: &Line, lang: Language) -> String {
    let parts: Vec<String> = parts(&line.applications)
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, _, what)| format!("{} {n}", what.get(lang)))
        .collect();
    format!("{} ({})", line.name.get(lang), parts.join(", "))
}

fn table(report: &Report, lang: Language) -> Markup {
    let head =
        [t::FILED, t::GRANTED, t::REFUSED, t::WITHDRAWN, t::ON_TIME, t::LATE, t::IN_TERM, t::OVERDUE_OPEN, t::MEDIAN];
    let row = |kind: &str, tally: &Tally| {
        html! {
            td { (kind) }
            td { (tally.filed) } td { (tally.granted) } td { (tally.refused) } td { (tally.withdrawn) }
            td { (tally.on_time) } td.breached[tally.late > 0] { (tally.late) }
            td { (tally.in_term()) } td.breached[tally.overdue > 0] { (tally.overdue) }
            td { (tally.median_days().map(|d| d.to_string()).unwrap_or_default()) }
        }
    };
    html! {
        table #report {
            tr { th { (crate::texts::SERVICES.get(lang)) } th { (t::PROVIDER.get(lang)) } th {} @for h in head { th { (h.get(lang)) } } }
            @for line in &report.lines {
                tr data-service=(line.service) { td rowspan="2" { (line.name.get(lang)) } td rowspan="2" { (line.provider.get(lang)) } (row(t::APPLICATIONS.get(lang), &line.applications)) }
                tr { (row(t::COMPLAINTS.get(lang), &line.complaints)) }
            }
            tr #totals { td colspan="2" { strong { (crate::texts::TOTAL.get(lang)) } } (row(t::APPLICATIONS.get(lang), &report.applications)) }
            tr { td colspan="2" {} (row(t::COMPLAINTS.get(lang), &report.complaints)) }
        }
    }
}

fn details(line: &Line, lang: Language) -> Markup {
    let l = lang.code();
    let breached = line.applications.breached.iter().chain(&line.complaints.breached).collect::<Vec<_>>();
    html! {
        @if !line.grounds.is_empty() || !line.late_steps.is_empty() || !breached.is_empty() {
            section data-service=(line.service) {
                h2 { (line.name.get(lang)) }
                @if !breached.is_empty() {
                    h3 { (t::BREACHED_CASES.get(lang)) }
                    ul.breached-cases { @for id in &breached { li { a href={ "/" (l) "/office/cases/" (id) } { (id) } } } }
                }
                @if !line.grounds.is_empty() {
                    h3 { (t::GROUNDS_CITED.get(lang)) }
                    ul.grounds { @for g in &line.grounds { li { (g.text.get(lang)) " (" code { (g.cite) } "): " (crate::texts::CASES.count(u64::from(g.cases), lang)) } } }
                }
                @if !line.late_steps.is_empty() {
                    h3 { (t::LATE_STEPS.get(lang)) }
                    ul.late-steps { @for s in &line.late_steps { li { (s.text.get(lang)) " (" code { (s.cite) } "): " (crate::texts::CASES.count(u64::from(s.cases), lang)) } } }
                }
            }
        }
    }
}
