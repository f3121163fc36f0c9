//! The official's inbox (`/{lang}/office`): the open cases of the official's provider with an
//! active step of one of the official's roles, each with the step, the working time left to its due instant (the step's
//! own term, else the service term) on the working calendar, and the marks of a case waiting on
//! a state system or with refusal grounds indicated; the nearest due first.

use axum::extract::{Path, State};
use axum::response::Html;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use reglament_domain::Language;
use reglament_engine::{Case, ClockId};
use reglament_runtime::Runtime;
use reglament_store::{CaseFilter, Store};

use super::texts as t;
use crate::auth::Official;
use crate::error::WebError;
use crate::pages::{PageError, PageResult, language, layout};
use crate::state::AppState;

/// One line of the inbox.
struct Line {
    id: String,
    service: String,
    step: String,
    due: Option<DateTime<Utc>>,
    left_seconds: Option<i64>,
    waiting: Vec<String>,
    indicated: bool,
}

/// The due instant of `clock` in `case`.
pub(crate) fn due(runtime: &Runtime, case: &Case, clock: &ClockId) -> Option<DateTime<Utc>> {
    let law = runtime.law_of(case).ok()?;
    reglament_engine::clocks::clocks(case, &law)
        .into_iter()
        .find(|(c, _)| c == clock)
        .and_then(|(_, legal)| legal.due(law.wt).ok().flatten())
}

/// Working time left from `now` to `due` in words (`12 ч 30 мин`, or overdue).
pub(crate) fn left_words(seconds: i64, lang: Language) -> String {
    if seconds < 0 {
        return t::OVERDUE.get(lang).to_owned();
    }
    format!("{} {} {} {}", seconds / 3600, t::HOURS.get(lang), (seconds % 3600) / 60, t::MINUTES.get(lang))
}

async fn lines(state: &AppState, official: &Official, now: DateTime<Utc>) -> Result<Vec<Line>, WebError> {
    let mut out = Vec::new();
    // A server without cases has an empty inbox.
    let Ok(runtime) = state.runtime() else { return Ok(out) };
    let mut seen = std::collections::BTreeSet::new();
    for role in &official.roles {
        let filter = CaseFilter {
            role: Some(role.clone()),
            open_only: true,
            provider: Some(official.provider_bin.clone()),
            ..CaseFilter::default()
        };
        for row in state.store().cases(&filter).await? {
            if !seen.insert(row.id.clone()) {
                continue;
            }
            let (_, case) = runtime.load(&row.id).await?;
            let law = runtime.law_of(&case)?;
            for step in case.active.keys() {
                let Some(i) = law.step(step) else { continue };
                let actor = &law.act.roles[law.process().steps[i].actor].id;
                if !official.roles.contains(actor) {
                    continue;
                }
                let due = due(runtime, &case, &ClockId::Step(step.clone()))
                    .or_else(|| due(runtime, &case, &ClockId::Service));
                let left_seconds = due.and_then(|d| law.wt.between(now, d).ok()).map(|e| e.working_seconds);
                out.push(Line {
                    id: row.id.clone(),
                    service: format!("{} / {}", case.service, case.variant),
                    step: law.process().steps[i].action.get(Language::Ru).to_owned(),
                    due,
                    left_seconds,
                    waiting: row.waiting.clone(),
                    indicated: !case.indicated.is_empty(),
                });
            }
        }
    }
    out.sort_by_key(|l| (l.due.is_none(), l.due));
    Ok(out)
}

fn table(lines: &[Line], lang: Language) -> Markup {
    let l = lang.code();
    html! {
        table #inbox {
            tr { th { (t::CASE.get(lang)) } th { (t::STEP.get(lang)) } th { (t::LEFT.get(lang)) } th { "" } }
            @for line in lines {
                tr {
                    td { a href={ "/" (l) "/office/cases/" (line.id) } { (line.id) } br; small { (line.service) } }
                    td { (line.step) }
                    td.left.overdue[line.left_seconds.is_some_and(|s| s < 0)] {
                        (line.left_seconds.map(|s| left_words(s, lang)).unwrap_or_default())
                    }
                    td {
                        @if !line.waiting.is_empty() {
                            span.waiting title=(line.waiting.join(" ")) {
                                (t::WAITING.get(lang))
                                @if line.waiting.iter().any(|w| w.ends_with('!')) { " — " (t::ESCALATED.get(lang)) }
                            }
                        }
                        @if line.indicated { " " span.indicated { (t::GROUNDS_INDICATED.get(lang)) } }
                    }
                }
            }
        }
    }
}

/// `GET /{lang}/office`.
pub async fn page(State(state): State<AppState>, Path(lang): Path<String>, official: Official) -> PageResult {
    let lang = language(&lang)?;
    let lines = lines(&state, &official, state.now()).await.map_err(|e| PageError(e, lang))?;
    let l = lang.code();
    let content = html! {
        h1 { (t::INBOX.get(lang)) }
        p { strong { (official.name) } " · " (official.provider_bin) " · " (t::ROLES.get(lang)) ": " (official.roles.join(", ")) " · " a href={ "/" (l) "/office/journal" } { (t::JOURNAL.get(lang)) } }
        p { (t::INBOX_ABOUT.get(lang)) }
        @if lines.is_empty() { p { (t::EMPTY.get(lang)) } } @else { (table(&lines, lang)) }
    };
    let viewer = layout::Viewer { name: &official.name, csrf: &official.csrf };
    Ok(Html(layout::page_as(lang, t::INBOX.get(lang), "/office", &content, Some(viewer)).into_string()))
}
