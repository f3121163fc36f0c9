//! The functional-interaction diagram of a process: who sends what to whom along the route to
//! the result — the applicant, the portal with its checks, the provider's units, and the state
//! systems the provider fetches data from — drawn as lifelines with messages, as the regulations'
//! own appendices draw it.

use std::fmt::Write as _;

use reglament_domain::Language;
use reglament_regulation::model::{Act, EndKind, Process, RoleKind, Service};

use crate::svg::{escape, text_block};

const LIFELINE: i64 = 210;
const ROW: i64 = 46;
const TOP: i64 = 70;
const HEAD: i64 = 56;

/// A message between lifelines (or a check on one lifeline).
struct Message {
    from: usize,
    to: usize,
    text: String,
    failure: bool,
}

/// The interaction diagram of `process` (of `service`) in `lang`.
#[must_use]
pub fn interaction(act: &Act, service: &Service, process: &Process, lang: Language) -> String {
    // Lifelines: the roles in the order they act along the quickest route to a result, then the
    // state systems.
    let route = result_route(process);
    let mut lifelines: Vec<String> = Vec::new();
    let role_line = |role: usize, lifelines: &mut Vec<String>| {
        let name = act.roles[role].name.get(lang).to_owned();
        lifelines.iter().position(|l| *l == name).unwrap_or_else(|| {
            lifelines.push(name);
            lifelines.len() - 1
        })
    };
    let applicant = act.roles.iter().position(|r| r.kind == RoleKind::Applicant);
    let portal = act.roles.iter().position(|r| r.kind == RoleKind::Portal);
    let mut messages = Vec::new();
    let first = applicant.map(|a| role_line(a, &mut lifelines));
    let portal_line = (!process.checks.is_empty()).then(|| portal.map(|p| role_line(p, &mut lifelines))).flatten();
    if let (Some(a), Some(p)) = (first, portal_line) {
        messages.push(Message {
            from: a,
            to: p,
            text: step_label(process, route.first().copied(), lang),
            failure: false,
        });
        for check in &process.checks {
            let text = format!("{} ✗ {}", check_name(check.kind, lang), check.message.get(lang));
            messages.push(Message { from: p, to: a, text, failure: true });
        }
    }
    // The first step is the application itself, already drawn when a portal checks it.
    let skip = usize::from(portal_line.is_some() && first.is_some());
    let mut previous = portal_line.or(first);
    let mut fetched = service.fetched.is_empty();
    for &i in route.iter().skip(skip) {
        let step = &process.steps[i];
        let line = role_line(step.actor, &mut lifelines);
        let from = previous.unwrap_or(line);
        messages.push(Message { from, to: line, text: step_label(process, Some(i), lang), failure: false });
        previous = Some(line);
        if !fetched && act.roles[step.actor].kind == RoleKind::Provider {
            fetched = true;
            for fetched in &service.fetched {
                lifelines.push(fetched.source.clone());
                let s = lifelines.len() - 1;
                messages.push(Message { from: line, to: s, text: fetched.what.get(lang).to_owned(), failure: false });
            }
        }
    }
    if let (Some(last), Some(a)) = (previous, first)
        && last != a
    {
        let result = match lang {
            Language::Kk => "Нәтиже жеке кабинетке",
            Language::Ru => "Результат в личный кабинет",
        };
        messages.push(Message { from: last, to: a, text: result.to_owned(), failure: false });
    }
    draw(act, process, lang, &lifelines, &messages)
}

/// The quickest route from the start to a step that ends with the result (by step count).
fn result_route(process: &Process) -> Vec<usize> {
    let mut best: Vec<Vec<usize>> = vec![vec![process.start]];
    let mut seen = vec![false; process.steps.len()];
    while let Some(path) = best.first().cloned() {
        best.remove(0);
        let Some(&here) = path.last() else { break };
        if process.steps[here].end == Some(EndKind::Result) {
            return path;
        }
        if std::mem::replace(&mut seen[here], true) {
            continue;
        }
        for next in process.steps[here].successors() {
            let mut p = path.clone();
            p.push(next);
            best.push(p);
        }
    }
    vec![process.start]
}

fn step_label(process: &Process, step: Option<usize>, lang: Language) -> String {
    step.map(|i| {
        let s = &process.steps[i];
        match &s.term {
            Some(t) => format!("[{}] {}", t.term, s.action.get(lang)),
            None => s.action.get(lang).to_owned(),
        }
    })
    .unwrap_or_default()
}

fn check_name(kind: reglament_regulation::model::CheckKind, lang: Language) -> &'static str {
    use reglament_regulation::model::CheckKind as K;
    match (kind, lang) {
        (K::Authentication, _) => "аутентификация",
        (K::Payment, Language::Ru) => "оплата",
        (K::Payment, Language::Kk) => "төлем",
        (K::Signature, Language::Ru) => "ЭЦП",
        (K::Signature, Language::Kk) => "ЭЦҚ",
        (K::IinMatch, Language::Ru) => "ИИН",
        (K::IinMatch, Language::Kk) => "ЖСН",
        (K::Registry, Language::Ru) => "реестр",
        (K::Registry, Language::Kk) => "тізілім",
        (K::Completeness, Language::Ru) => "полнота",
        (K::Completeness, Language::Kk) => "толықтық",
    }
}

fn draw(act: &Act, process: &Process, lang: Language, lifelines: &[String], messages: &[Message]) -> String {
    let n = i64::try_from(lifelines.len()).unwrap_or(0);
    let rows = i64::try_from(messages.len()).unwrap_or(0);
    let width = 40 + n * LIFELINE;
    let height = TOP + HEAD + rows * ROW + 40;
    let x_of = |k: usize| 40 + i64::try_from(k).unwrap_or(0) * LIFELINE + LIFELINE / 2 - 20;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">
<defs><marker id="m" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>
<rect width="{width}" height="{height}" fill="#fff"/>
<text x="12" y="24" font-size="16" font-weight="bold">{}</text>
<text x="12" y="44" fill="#555">{} — {}</text>"##,
        escape(process.name.get(lang)),
        escape(act.id.as_str()),
        escape(&process.cite.reference.display(lang))
    );
    for (k, name) in lifelines.iter().enumerate() {
        let x = x_of(k);
        let _ = writeln!(
            svg,
            r##"<rect x="{}" y="{TOP}" width="{}" height="{HEAD}" rx="6" fill="#e3eaf3" stroke="#34495e"/><line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#8899aa" stroke-dasharray="4 4"/>"##,
            x - LIFELINE / 2 + 10,
            LIFELINE - 20,
            TOP + HEAD,
            height - 20
        );
        text_block(&mut svg, (x - LIFELINE / 2 + 16, TOP + 16), 28, name, "bold", 3);
    }
    for (r, m) in messages.iter().enumerate() {
        let y = TOP + HEAD + 30 + i64::try_from(r).unwrap_or(0) * ROW;
        let (x1, x2) = (x_of(m.from), x_of(m.to));
        let color = if m.failure { "#c0392b" } else { "#333" };
        let dash = if m.failure { r#" stroke-dasharray="5 3""# } else { "" };
        if x1 == x2 {
            // A step the same lifeline performs: a loop beside it.
            let _ = writeln!(
                svg,
                r#"<path d="M{x1},{} L{},{} L{},{y} L{x1},{y}" fill="none" stroke="{color}"{dash} marker-end="url(#m)"/>"#,
                y - 10,
                x1 + 24,
                y - 10,
                x1 + 24
            );
        } else {
            let _ = writeln!(
                svg,
                r#"<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{color}"{dash} marker-end="url(#m)"/>"#
            );
        }
        let left = if x1 == x2 { x1 + 30 } else { x1.min(x2) + 6 };
        let span = usize::try_from((x1 - x2).abs() / 6).unwrap_or(30).max(30);
        text_block(&mut svg, (left, y - 18), span, &m.text, "normal", 2);
    }
    svg.push_str("</svg>\n");
    svg
}
