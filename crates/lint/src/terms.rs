//! The service term against the worst-case path: every route through the process, its steps'
//! longest terms added one after another on the working calendar, compared with the variant's
//! term (extended by the hearing's extension on routes through the hearing).

use chrono::{DateTime, Utc};
use reglament_calendar::{Budget, CalendarError, DayCounting, WorkingTime};
use reglament_regulation::model::{Act, Process, Variant};
use reglament_regulation::{Diagnostic, Severity};

use crate::samples::filing_instants;
use crate::{Clocks, finding, paths};

/// Adds a finding for every route that can end after the service term.
pub fn check(act: &Act, clocks: &Clocks, out: &mut Vec<Diagnostic>) {
    for service in &act.services {
        let wt = match clocks.get(&service.schedule) {
            Ok(wt) => wt,
            Err(e) => return calendar_finding(&e, &service.cite.at, out),
        };
        for variant in &service.variants {
            let process = &act.processes[variant.process];
            let samples = filing_instants(act, wt);
            if samples.is_empty() {
                out.push(finding(
                    "lint.outside_calendar",
                    Severity::Info,
                    &variant.term.at,
                    "Акт күшінде болған кезең жұмыс күнтізбесінде жоқ: мерзімдер тексерілмеді".into(),
                    "Период действия акта не покрыт рабочим календарём: сроки не проверены".into(),
                    &[&variant.term_cite],
                ));
                continue;
            }
            let mut overruns = Vec::new();
            for path in paths::complete(process) {
                match overrun(wt, variant, process, &path, &samples) {
                    Ok(Some(o)) => overruns.push((o, path)),
                    Ok(None) => {}
                    Err(e) => calendar_finding(&e, &variant.term.at, out),
                }
            }
            report(wt, variant, process, &overruns, out);
        }
    }
}

/// The instant a route ends when its steps take their longest terms, starting at `start`.
pub fn walk(
    wt: &WorkingTime,
    process: &Process,
    path: &[usize],
    start: DateTime<Utc>,
) -> Result<DateTime<Utc>, CalendarError> {
    path.iter().try_fold(start, |t, &i| match &process.steps[i].term {
        Some(term) => wt.add(t, term.term.max, DayCounting::EndOfDay),
        None => Ok(t),
    })
}

/// The service term's end for a filing at `t`, extended when the route goes through the hearing.
pub fn term_end(
    wt: &WorkingTime,
    variant: &Variant,
    through_hearing: bool,
    t: DateTime<Utc>,
) -> Result<DateTime<Utc>, CalendarError> {
    let end = wt.add(t, variant.term.term.max, DayCounting::EndOfDay)?;
    match variant.hearing.as_ref().and_then(|h| h.extends_term_by.as_ref()) {
        Some(ext) if through_hearing => extend(wt, end, ext.term.max),
        _ => Ok(end),
    }
}

fn extend(wt: &WorkingTime, end: DateTime<Utc>, by: Budget) -> Result<DateTime<Utc>, CalendarError> {
    wt.add(end, by, DayCounting::EndOfDay)
}

/// How far a route ends past the term, for the filing that shows it worst.
struct Overrun {
    over: i64,
    filed: DateTime<Utc>,
    ends: DateTime<Utc>,
    due: DateTime<Utc>,
}

/// The worst overrun of one route over the sampled filings, if it ever ends after the term.
fn overrun(
    wt: &WorkingTime,
    variant: &Variant,
    process: &Process,
    path: &[usize],
    samples: &[DateTime<Utc>],
) -> Result<Option<Overrun>, CalendarError> {
    let through_hearing = path.iter().any(|&i| process.steps[i].hearing);
    let mut worst: Option<Overrun> = None;
    for &filed in samples {
        let (ends, due) = (walk(wt, process, path, filed)?, term_end(wt, variant, through_hearing, filed)?);
        if ends > due {
            let over = wt.between(due, ends)?.working_seconds;
            if worst.as_ref().is_none_or(|w| over > w.over) {
                worst = Some(Overrun { over, filed, ends, due });
            }
        }
    }
    Ok(worst)
}

/// One finding per variant: the route that overruns the most, and how many others overrun.
fn report(
    wt: &WorkingTime,
    variant: &Variant,
    process: &Process,
    overruns: &[(Overrun, Vec<usize>)],
    out: &mut Vec<Diagnostic>,
) {
    let Some((worst, path)) = overruns.iter().max_by_key(|(o, _)| o.over) else { return };
    let others = overruns.len() - 1;
    let zone = wt.calendar().zone();
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
    let route = paths::describe(process, path);
    let term = variant.term.term;
    let hours = worst.over / 3600;
    let (filed, ends, due) = (local(worst.filed), local(worst.ends), local(worst.due));
    let mut cites = vec![&variant.term_cite];
    cites.extend(path.iter().map(|&i| &process.steps[i].cite));
    out.push(finding(
        "lint.term_exceeded",
        Severity::Error,
        &variant.term.at,
        format!(
            "`{}` нұсқасы: {route} жолы қызмет мерзімінен ({term}) кейін аяқталуы мүмкін — {filed} берілгенде {ends} аяқталады, мерзім {due} (асып кетуі {hours} жұмыс сағаты; тағы {others} жол асып кетеді)",
            variant.id
        ),
        format!(
            "вариант `{}`: путь {route} может закончиться позже срока услуги ({term}) — при подаче {filed} окончание {ends}, срок {due} (превышение {hours} рабочих часов; ещё путей с превышением: {others})",
            variant.id
        ),
        &cites,
    ));
}

pub(crate) fn calendar_finding(e: &CalendarError, at: &reglament_regulation::Location, out: &mut Vec<Diagnostic>) {
    out.push(finding(
        "lint.calendar",
        Severity::Info,
        at,
        format!("жұмыс күнтізбесі бойынша есептеу мүмкін емес: {e}"),
        format!("расчёт по рабочему календарю невозможен: {e}"),
        &[],
    ));
}
