//! The hearing before a refusal: can the notice go out "at least N working days before the term
//! ends" after the steps that lead to it, and can the hearing (or the objections) end inside the
//! term?

use chrono::{DateTime, Utc};
use reglament_calendar::{CalendarError, DayCounting, Unit, WorkingTime};
use reglament_regulation::model::{Act, Hearing, Process, Variant};
use reglament_regulation::{Diagnostic, Severity};

use crate::samples::filing_instants;
use crate::terms::{calendar_finding, term_end, walk};
use crate::{Clocks, finding, paths};

/// Adds the hearing findings of every variant that has a hearing.
pub fn check(act: &Act, clocks: &Clocks, out: &mut Vec<Diagnostic>) {
    for service in &act.services {
        let Ok(wt) = clocks.get(&service.schedule) else { continue };
        for variant in &service.variants {
            let Some(hearing) = &variant.hearing else { continue };
            let process = &act.processes[variant.process];
            if let Err(e) = variant_hearing(act, wt, variant, hearing, process, out) {
                calendar_finding(&e, &hearing.cite.at, out);
            }
        }
    }
}

/// Steps that open the hearing: hearing steps entered from a step outside it.
fn entries(process: &Process) -> Vec<usize> {
    (0..process.steps.len())
        .filter(|&i| {
            process.steps[i].hearing && process.steps.iter().any(|s| !s.hearing && s.successors().any(|n| n == i))
        })
        .collect()
}

/// A filing that shows a finding: the instant reached, the limit it passes, the route taken.
struct Example {
    filed: DateTime<Utc>,
    reached: DateTime<Utc>,
    limit: DateTime<Utc>,
    route: String,
}

/// The first example of each hearing finding.
#[derive(Default)]
struct Findings {
    before_filing: Option<Example>,
    late_always: Option<Example>,
    late_if_full: Option<Example>,
    after_term: Option<(Example, &'static str)>,
}

fn variant_hearing(
    act: &Act,
    wt: &WorkingTime,
    variant: &Variant,
    hearing: &Hearing,
    process: &Process,
    out: &mut Vec<Diagnostic>,
) -> Result<(), CalendarError> {
    let entry_steps = entries(process);
    if entry_steps.is_empty() {
        out.push(finding(
            "lint.hearing_missing",
            Severity::Warning,
            &hearing.cite.at,
            format!(
                "`{}` нұсқасында тыңдау мерзімдері бар, бірақ `{}` процесінде тыңдау қадамы жоқ",
                variant.id, process.id
            ),
            format!(
                "у варианта `{}` есть сроки заслушивания, но в процессе `{}` нет шага заслушивания",
                variant.id, process.id
            ),
            &[&hearing.cite],
        ));
        return Ok(());
    }
    let notice = hearing.notice_before_end.term.max;
    if notice.unit != Unit::WorkingDays {
        return Ok(());
    }
    let routes: Vec<Vec<usize>> = entry_steps.iter().flat_map(|&e| paths::prefixes(process, |i| i == e)).collect();
    let mut found = Findings::default();
    for t in filing_instants(act, wt) {
        let received = wt.received(t)?;
        let end = term_end(wt, variant, true, t)?;
        let deadline = wt.subtract_working_days(end, notice.amount)?;
        if deadline < received {
            found.before_filing.get_or_insert(Example {
                filed: t,
                reached: received,
                limit: deadline,
                route: String::new(),
            });
        }
        for route in &routes {
            let before_entry = &route[..route.len() - 1];
            let full = walk(wt, process, before_entry, t)?;
            let quickest = walk(wt, process, &before_entry[..before_entry.len().saturating_sub(1)], t)?;
            if quickest > deadline {
                let route = paths::describe(process, route);
                found.late_always.get_or_insert(Example { filed: t, reached: quickest, limit: deadline, route });
            } else if full > deadline {
                let route = paths::describe(process, route);
                found.late_if_full.get_or_insert(Example { filed: t, reached: full, limit: deadline, route });
            }
        }
        for (within, what) in [(&hearing.hold_within, "hold"), (&hearing.objections_within, "objections")] {
            if let Some(within) = within {
                let ends = wt.add(deadline, within.term.max, DayCounting::EndOfDay)?;
                if ends > end {
                    let example = Example { filed: t, reached: ends, limit: end, route: String::new() };
                    found.after_term.get_or_insert((example, what));
                }
            }
        }
    }
    report(wt, variant, hearing, &found, out);
    Ok(())
}

fn report(wt: &WorkingTime, variant: &Variant, hearing: &Hearing, found: &Findings, out: &mut Vec<Diagnostic>) {
    let zone = wt.calendar().zone();
    let local = |t: &DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
    let n = hearing.notice_before_end.term;
    let v = &variant.id;
    let cites = [&hearing.cite, &variant.term_cite];
    if let Some(Example { filed: t, reached: received, limit: deadline, .. }) = &found.before_filing {
        out.push(finding(
            "lint.hearing_notice_before_filing",
            Severity::Error,
            &hearing.notice_before_end.at,
            format!("`{v}`: хабарлама мерзім аяқталғанға дейін кемінде {n} бұрын жіберілуі тиіс, яғни {} дейін — бұл өтініш түскенге ({}; берілген {}) дейін", local(deadline), local(received), local(t)),
            format!("`{v}`: уведомление должно уйти не менее чем за {n} до окончания срока, то есть до {} — это раньше поступления заявления ({}; подано {})", local(deadline), local(received), local(t)),
            &cites,
        ));
    }
    if let Some(Example { filed: t, reached: arrives, limit: deadline, route }) = &found.late_always {
        out.push(finding(
            "lint.hearing_notice_late",
            Severity::Error,
            &hearing.notice_before_end.at,
            format!("`{v}`: {route} жолы бойынша хабарламаны уақытында жіберу мүмкін емес: алдыңғы қадамдар {} аяқталады, ал хабарлама {} дейін кетуі тиіс (берілген {})", local(arrives), local(deadline), local(t)),
            format!("`{v}`: по пути {route} уведомление нельзя направить вовремя: предшествующие шаги заканчиваются {}, а уведомление должно уйти до {} (подано {})", local(arrives), local(deadline), local(t)),
            &cites,
        ));
    }
    if let Some(Example { filed: t, reached: arrives, limit: deadline, route }) = &found.late_if_full {
        out.push(finding(
            "lint.hearing_notice_late",
            Severity::Warning,
            &hearing.notice_before_end.at,
            format!("`{v}`: {route} жолында бас тарту негізін табатын қадам өз мерзімін толық пайдаланса, хабарлама кешігеді: {} аяқталады, хабарлама {} дейін (берілген {})", local(arrives), local(deadline), local(t)),
            format!("`{v}`: на пути {route}, если шаг, выявляющий основание отказа, использует свой срок полностью, уведомление опоздает: шаг заканчивается {}, а уведомление должно уйти до {} (подано {})", local(arrives), local(deadline), local(t)),
            &cites,
        ));
    }
    if let Some((Example { filed: t, reached: ends, limit: end, .. }, what)) = &found.after_term {
        let (kk, ru) = if *what == "hold" {
            ("тыңдау", "заслушивание")
        } else {
            ("қарсылық беру мерзімі", "срок возражений")
        };
        out.push(finding(
            "lint.hearing_after_term",
            Severity::Error,
            &hearing.cite.at,
            format!("`{v}`: соңғы мүмкін хабарламадан кейін {kk} {} аяқталады — қызмет мерзімінен ({}) кейін (берілген {})", local(ends), local(end), local(t)),
            format!("`{v}`: после последнего возможного уведомления {ru} заканчивается {} — позже срока услуги ({}) (подано {})", local(ends), local(end), local(t)),
            &cites,
        ));
    }
}
