//! The encoded acts: a list with their services and the count of findings, and a page per act
//! with its variants, every finding of the checks, and each process drawn.

use axum::extract::{Path, State};
use axum::response::Html;
use maud::{Markup, PreEscaped, html};
use reglament_domain::Language;
use reglament_regulation::Severity;
use reglament_regulation::model::{Act, Channel};

use super::{PageError, PageResult, language, layout};
use crate::error::WebError;
use crate::state::AppState;
use crate::texts;

/// `/{lang}/regulations`.
pub async fn list(State(state): State<AppState>, Path(lang): Path<String>) -> PageResult {
    let lang = language(&lang)?;
    let catalog = state.catalog();
    let l = lang.code();
    let content = html! {
        h1 { (texts::REGULATIONS.get(lang)) }
        p { (texts::REGULATIONS_ABOUT.get(lang)) }
        table {
            tr { th { (texts::ACT.get(lang)) } th { (texts::IN_FORCE.get(lang)) } th { (texts::SERVICES.get(lang)) } th { (texts::FINDINGS.get(lang)) } }
            @for act in &catalog.acts {
                tr {
                    td { a href={ "/" (l) "/regulations/" (act.id.as_str()) } { (act.id.as_str()) } br; small { (act.title.get(lang)) } }
                    td { (period(act)) }
                    td { ul { @for s in &act.services { li { (s.name.get(lang)) } } } }
                    td { (counts(&state, act, lang)) }
                }
            }
        }
    };
    Ok(Html(layout::page(lang, texts::REGULATIONS.get(lang), "/regulations", &content).into_string()))
}

/// `/{lang}/regulations/{act}`.
pub async fn act(State(state): State<AppState>, Path((lang, id)): Path<(String, String)>) -> PageResult {
    let lang = language(&lang)?;
    let catalog = state.catalog();
    let act = catalog.act(&id).ok_or(PageError(WebError::NotFound, lang))?;
    let content = html! {
        h1 { (act.id.as_str()) }
        p { (act.title.get(lang)) }
        p { (texts::IN_FORCE.get(lang)) ": " (period(act)) }
        @for service in &act.services {
            h2 { (service.name.get(lang)) }
            table {
                tr { th { (texts::VARIANT.get(lang)) } th { (texts::CHANNELS.get(lang)) } th { (texts::TERM.get(lang)) } th { (texts::FEE.get(lang)) } }
                @for v in &service.variants {
                    tr {
                        td { (v.name.get(lang)) }
                        td { (v.channels.iter().map(|c| channel(*c).get(lang).to_owned()).collect::<Vec<_>>().join(", ")) }
                        td { (v.term.term) " " small { "(" (v.term_cite.reference.display(lang)) ")" } }
                        td { @if let Some((fee, _)) = &v.fee { code { (fee_text(fee)) } } @else { "—" } }
                    }
                }
            }
        }
        h2 { (texts::FINDINGS.get(lang)) ": " (counts(&state, act, lang)) }
        ul {
            @for f in catalog.findings_of(act) {
                li class=(f.severity.label()) { strong { (f.severity.label()) } " " code { (f.code) } " " (f.message.get(lang)) " " small { (f.location.line) ":" (f.location.column) } }
            }
        }
        h2 { (texts::PROCESSES.get(lang)) }
        @for (i, process) in act.processes.iter().enumerate() {
            h3 { (process.name.get(lang)) " " small { code { (process.id) } } }
            h4 { (texts::SWIMLANES.get(lang)) }
            div.diagram { (PreEscaped(reglament_diagram::swimlane(act, process, lang))) }
            @if let Some(service) = act.services.iter().find(|s| s.variants.iter().any(|v| v.process == i)) {
                h4 { (texts::INTERACTION.get(lang)) }
                div.diagram { (PreEscaped(reglament_diagram::interaction(act, service, process, lang))) }
            }
        }
    };
    Ok(Html(layout::page(lang, act.id.as_str(), &format!("/regulations/{}", act.id.as_str()), &content).into_string()))
}

fn channel(c: Channel) -> reglament_domain::Localized {
    match c {
        Channel::InPerson => texts::IN_PERSON,
        Channel::Portal => texts::PORTAL,
        Channel::StateCorporation => texts::STATE_CORPORATION,
    }
}

fn period(act: &Act) -> String {
    format!("{} — {}", act.in_force_from, act.in_force_until.map_or_else(|| "…".to_owned(), |d| d.to_string()))
}

fn fee_text(fee: &reglament_domain::FeeFormula) -> String {
    use reglament_domain::FeeFormula as F;
    match fee {
        F::Mci(m) => format!("{m} MCI"),
        F::Percent { percent, of } => format!("{percent}% × ({})", fee_text(of)),
        F::AtMost { formula, cap } => format!("min({}, {})", fee_text(formula), fee_text(cap)),
        F::AtLeast { formula, floor } => format!("max({}, {})", fee_text(formula), fee_text(floor)),
        F::Free => "0".to_owned(),
    }
}

fn counts(state: &AppState, act: &Act, lang: Language) -> Markup {
    let findings: Vec<_> = state.catalog().findings_of(act).collect();
    let n = |s: Severity| u64::try_from(findings.iter().filter(|f| f.severity == s).count()).unwrap_or(u64::MAX);
    html! {
        span.error { (texts::ERRORS.count(n(Severity::Error), lang)) } ", "
        (texts::WARNINGS.count(n(Severity::Warning), lang)) ", "
        (texts::NOTES.count(n(Severity::Info), lang))
    }
}
