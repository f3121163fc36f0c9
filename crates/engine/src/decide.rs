//! `apply`: a command, the case it is for, the time and the law in; the events to record and the
//! actions to take out. No IO, no clock: the same inputs always give the same decision.

use chrono::{DateTime, Utc};
use reglament_domain::{Finding, StateSystem};
use reglament_regulation::model::{EndKind, Process, RoleKind};

use crate::action::Action;
use crate::actor::Actor;
use crate::authority::authorize;
use crate::case::Case;
use crate::clocks::{clocks, reaches};
use crate::command::{Command, Outcome};
use crate::error::EngineError;
use crate::event::{ClockId, Event, Level};
use crate::law::Law;

/// What a command decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
    /// Events to append to the case's history, in order.
    pub events: Vec<Event>,
    /// Actions to take after they are committed.
    pub actions: Vec<Action>,
}

/// Decides `command` given by `actor` for the case `id` (`case` is `None` before filing) at `now`
/// under `law`. Refused first when the actor may not give it ([`crate::authority`]).
pub fn apply(
    case: Option<&Case>,
    id: &str,
    command: &Command,
    actor: &Actor,
    now: DateTime<Utc>,
    law: &Law<'_>,
) -> Result<Decision, EngineError> {
    let mut d = Decision::default();
    let Some(case) = case else {
        let Command::File { applicant, entity, provider, filed_at } = command else {
            return Err(EngineError::NoCase(id.to_owned()));
        };
        authorize(None, command, actor, law)?;
        file(&mut d, law, applicant, *entity, *provider, *filed_at)?;
        let state = Case::replay(id, &d.events).ok_or_else(|| EngineError::NoCase(id.to_owned()))?;
        timers(&mut d, &state, now, law)?;
        return Ok(d);
    };
    if matches!(command, Command::File { .. }) {
        return Err(EngineError::AlreadyFiled(id.to_owned()));
    }
    authorize(Some(case), command, actor, law)?;
    if !case.is_open() {
        return Err(EngineError::Closed(id.to_owned()));
    }
    let by = &actor.label();
    match command {
        Command::File { .. } => {}
        Command::Register { number } => d.events.push(Event::Registered { number: number.clone() }),
        Command::Assign { step, executor } => {
            active(case, law, step)?;
            d.events.push(Event::Assigned { step: step.clone(), executor: executor.clone() });
        }
        Command::CompleteStep { step, outcome } => {
            active(case, law, step)?;
            if let Some(document) = law.signed_by_official(case, step) {
                return Err(EngineError::DocumentNotIssued { step: step.clone(), document: document.id.clone() });
            }
            complete(&mut d, case, law, step, outcome, by, now)?;
        }
        Command::IssueDocument { step, document, number, sha256, signer } => {
            active(case, law, step)?;
            if law.issued_by(case, step).is_none_or(|d| d.id != *document) {
                return Err(EngineError::NoDocumentToIssue { step: step.clone() });
            }
            d.events.push(Event::DocumentIssued {
                step: step.clone(),
                document: document.clone(),
                number: number.clone(),
                sha256: sha256.clone(),
                signer: *signer,
                at: now,
            });
        }
        Command::RecordRegistryData { system, data, evidence, findings } => {
            d.events.push(Event::RegistryDataRecorded {
                system: *system,
                data: data.clone(),
                evidence: evidence.clone(),
                findings: findings.clone(),
            });
            indicate(&mut d, case, law, *system, findings);
        }
        Command::RecordRegistryFailure { system, code, attempts } => {
            registry_failure(&mut d, case, law, *system, code, *attempts, now)?;
        }
        Command::RecordPayment { tiyn, reference } => {
            d.events.push(Event::PaymentRecorded { tiyn: *tiyn, reference: reference.clone() });
        }
        Command::ProposeRefusal { step, grounds } => propose_refusal(&mut d, case, law, step, grounds, by, now)?,
        Command::NotifyHearing { appointment } => notify_hearing(&mut d, case, law, by, appointment.as_ref(), now)?,
        Command::RecordObjection { text } => {
            if case.hearing.is_none() {
                return Err(EngineError::NoHearingNotified);
            }
            d.events.push(Event::ObjectionRecorded { text: text.clone(), at: now });
        }
        Command::RecordHearingResult { positive } => hearing_result(&mut d, case, law, *positive, by, now)?,
        Command::Withdraw => d.events.push(Event::Withdrawn { at: now }),
        Command::Tick => tick(&mut d, case, law, now)?,
    }
    // Issuing a document changes nothing the clocks depend on: its timers are those already set.
    if matches!(command, Command::IssueDocument { .. }) {
        return Ok(d);
    }
    let mut state = case.clone();
    for e in &d.events {
        state.evolve(e);
    }
    timers(&mut d, &state, now, law)?;
    Ok(d)
}

/// The step found grounds for refusal: record them and take the branch to the hearing (or,
/// when the act has none, to the refusal).
fn propose_refusal(
    d: &mut Decision,
    case: &Case,
    law: &Law<'_>,
    step: &str,
    grounds: &[String],
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), EngineError> {
    if grounds.is_empty() {
        return Err(EngineError::NoGround);
    }
    if let Some(unknown) = grounds.iter().find(|g| !law.service.refusal_grounds.iter().any(|r| r.id == **g)) {
        return Err(EngineError::UnknownGround { ground: unknown.clone(), service: law.service.id.clone() });
    }
    let process = law.process();
    let s = &process.steps[active(case, law, step)?];
    let branch = s
        .branches
        .iter()
        .position(|(_, to)| process.steps[*to].hearing)
        .or_else(|| s.branches.iter().position(|(_, to)| process.steps[*to].end == Some(EndKind::Refusal)))
        .ok_or_else(|| EngineError::NoWayTo { step: step.to_owned(), to: "a hearing or a refusal".into() })?;
    d.events.push(Event::RefusalProposed { step: step.to_owned(), grounds: grounds.to_vec(), by: by.to_owned() });
    complete(d, case, law, step, &Outcome::Branch { index: branch }, by, now)?;
    Ok(())
}

/// The applicant is notified of the preliminary decision: the notice deadline is derived from
/// the (extended) service term, a late notice is escalated at once.
fn notify_hearing(
    d: &mut Decision,
    case: &Case,
    law: &Law<'_>,
    by: &str,
    appointment: Option<&crate::command::Appointment>,
    now: DateTime<Utc>,
) -> Result<(), EngineError> {
    let process = law.process();
    let step = case
        .active
        .keys()
        .find(|s| law.step(s).is_some_and(|i| process.steps[i].hearing))
        .cloned()
        .ok_or(EngineError::NoHearingStep)?;
    let h = law.variant.hearing.as_ref().ok_or_else(|| EngineError::NoHearingInVariant(law.variant.id.clone()))?;
    let mut notified = case.clone();
    notified.hearing = Some(crate::case::HearingState {
        notified_at: now,
        notice_deadline: now,
        appointment: None,
        objection: None,
        positive: None,
    });
    let due_of = |clock: ClockId| -> Result<Option<DateTime<Utc>>, EngineError> {
        Ok(clocks(&notified, law)
            .into_iter()
            .find(|(c, _)| *c == clock)
            .map(|(_, c)| c.due(law.wt))
            .transpose()?
            .flatten())
    };
    let service_due = due_of(ClockId::Service)?.unwrap_or(now);
    if let Some(appointment) = appointment {
        let hold_by = due_of(ClockId::Hearing)?.unwrap_or(service_due);
        if appointment.at < now || appointment.at > hold_by {
            return Err(EngineError::HearingOutsideTerm {
                at: appointment.at.to_rfc3339(),
                from: now.to_rfc3339(),
                to: hold_by.to_rfc3339(),
            });
        }
    }
    let notice_deadline = law.wt.subtract_working_days(service_due, h.notice_before_end.term.max.amount)?;
    d.events.push(Event::HearingNotified { at: now, notice_deadline, appointment: appointment.cloned() });
    if now > notice_deadline {
        d.events.push(Event::Escalated { clock: ClockId::Notice, level: Level::Breached, due: notice_deadline });
    }
    d.actions.push(Action::Notify { to: "applicant".into(), about: "hearing_notified".into() });
    let notice = &process.steps[active(case, law, &step)?];
    let outcome = if notice.next.is_empty() { Outcome::Branch { index: 0 } } else { Outcome::Next };
    complete(d, case, law, &step, &outcome, by, now)?;
    Ok(())
}

/// The hearing ends: the branch to the result (positive) or to the refusal is taken.
fn hearing_result(
    d: &mut Decision,
    case: &Case,
    law: &Law<'_>,
    positive: bool,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), EngineError> {
    let process = law.process();
    if case.hearing.is_none() {
        return Err(EngineError::NoHearingNotified);
    }
    let step = case
        .active
        .keys()
        .find(|s| law.step(s).is_some_and(|i| process.steps[i].hearing))
        .cloned()
        .ok_or(EngineError::NoHearingStep)?;
    let i = active(case, law, &step)?;
    let want = if positive { EndKind::Result } else { EndKind::Refusal };
    let branch = process.steps[i]
        .branches
        .iter()
        .position(|(_, to)| first_end(process, *to) == Some(want))
        .ok_or_else(|| EngineError::NoWayTo { step: step.clone(), to: format!("{want:?}").to_lowercase() })?;
    d.events.push(Event::HearingConcluded { positive, by: by.to_owned() });
    complete(d, case, law, &step, &Outcome::Branch { index: branch }, by, now)?;
    Ok(())
}

fn file(
    d: &mut Decision,
    law: &Law<'_>,
    applicant: &reglament_domain::Iin,
    entity: Option<reglament_domain::Bin>,
    provider: reglament_domain::Bin,
    filed_at: DateTime<Utc>,
) -> Result<(), EngineError> {
    let received_at = law.wt.received(filed_at)?;
    d.events.push(Event::Filed {
        act: law.act.id.as_str().to_owned(),
        service: law.service.id.clone(),
        variant: law.variant.id.clone(),
        applicant: *applicant,
        entity,
        provider: Some(provider),
        filed_at,
        received_at,
    });
    let process = law.process();
    let start = &process.steps[process.start];
    if law.act.roles[start.actor].kind == RoleKind::Applicant {
        // The filing is the applicant's first step.
        d.events.push(Event::StepCompleted {
            step: start.id.clone(),
            outcome: Outcome::Next,
            by: applicant.as_string(),
            at: received_at,
        });
        for &n in &start.next {
            d.events.push(Event::StepStarted { step: process.steps[n].id.clone(), at: received_at });
        }
    } else {
        d.events.push(Event::StepStarted { step: start.id.clone(), at: received_at });
    }
    let mut asked = std::collections::BTreeSet::new();
    for fetched in &law.service.fetched {
        for &system in &fetched.systems {
            if asked.insert(system) {
                d.events.push(Event::RegistryRequested { system, at: received_at });
            }
            d.actions.push(Action::CallRegistry { system, what: fetched.what.ru().to_owned() });
        }
    }
    d.actions.push(Action::Notify { to: "applicant".into(), about: "filed".into() });
    Ok(())
}

/// The act's refusal grounds that `findings` indicate: recorded, and the executors of the
/// active steps told (the official decides; a refusal still goes through the hearing).
fn indicate(d: &mut Decision, case: &Case, law: &Law<'_>, system: StateSystem, findings: &[Finding]) {
    let grounds: Vec<(String, Vec<Finding>)> = law
        .service
        .refusal_grounds
        .iter()
        .filter_map(|g| {
            let hit: Vec<Finding> = g.indicated_by.iter().copied().filter(|f| findings.contains(f)).collect();
            (!hit.is_empty()).then(|| (g.id.clone(), hit))
        })
        .collect();
    if grounds.is_empty() {
        return;
    }
    d.events.push(Event::GroundsIndicated { grounds, system });
    for to in active_roles(case, law) {
        d.actions.push(Action::Notify { to, about: "grounds_indicated".into() });
    }
}

/// The roles of the case's active steps, each once, sorted.
fn active_roles(case: &Case, law: &Law<'_>) -> Vec<String> {
    let mut roles: Vec<String> = case
        .active
        .keys()
        .filter_map(|step| law.step(step))
        .map(|i| law.act.roles[law.process().steps[i].actor].id.clone())
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

/// A state system stayed unavailable: escalated once, to the roles of the active steps and to
/// quality control; no clock is paused.
fn registry_failure(
    d: &mut Decision,
    case: &Case,
    law: &Law<'_>,
    system: StateSystem,
    code: &str,
    attempts: u32,
    now: DateTime<Utc>,
) -> Result<(), EngineError> {
    match case.awaiting.get(&system) {
        None => {
            return Err(EngineError::NotAwaiting(system.to_string()));
        }
        Some(waiting) if waiting.escalated.is_some() => return Ok(()),
        Some(_) => {}
    }
    d.events.push(Event::RegistryUnavailable { system, code: code.to_owned(), attempts, at: now });
    let about = format!("registry_unavailable:{system}");
    let mut roles = active_roles(case, law);
    roles.push("quality-control".into());
    for to in roles {
        d.actions.push(Action::Notify { to, about: about.clone() });
    }
    Ok(())
}

/// The process index of `step` if it is active in `case`.
fn active(case: &Case, law: &Law<'_>, step: &str) -> Result<usize, EngineError> {
    match law.step(step) {
        Some(i) if case.active.contains_key(step) => Ok(i),
        _ => Err(EngineError::StepNotActive {
            case: case.id.clone(),
            step: step.to_owned(),
            active: case.active.keys().cloned().collect::<Vec<_>>().join(", "),
        }),
    }
}

fn complete(
    d: &mut Decision,
    case: &Case,
    law: &Law<'_>,
    step: &str,
    outcome: &Outcome,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), EngineError> {
    let process = law.process();
    let s = &process.steps[active(case, law, step)?];
    let next: Vec<usize> = match outcome {
        Outcome::Next if s.next.is_empty() && s.end.is_none() && !s.branches.is_empty() => {
            return Err(EngineError::NoSuchOutcome { step: step.to_owned(), outcome: "next (choose a branch)".into() });
        }
        Outcome::Next => s.next.clone(),
        Outcome::Branch { index } => {
            vec![s.branches.get(*index).map(|(_, to)| *to).ok_or_else(|| EngineError::NoSuchOutcome {
                step: step.to_owned(),
                outcome: format!("branch {index}"),
            })?]
        }
    };
    d.events.push(Event::StepCompleted { step: step.to_owned(), outcome: outcome.clone(), by: by.to_owned(), at: now });
    for n in next {
        let id = &process.steps[n].id;
        if !case.active.contains_key(id) {
            d.events.push(Event::StepStarted { step: id.clone(), at: now });
        }
    }
    if let Some(end) = s.end {
        d.events.push(Event::Closed { end, at: now });
        for &doc in &s.documents {
            let document = law.act.documents[doc].id.clone();
            d.actions.push(Action::RenderDocument { document: document.clone() });
            d.actions.push(Action::Deliver { document });
        }
        d.actions.push(Action::Notify { to: "applicant".into(), about: "closed".into() });
    }
    Ok(())
}

/// The end a step leads to first (itself, or following its successors breadth-first).
fn first_end(process: &Process, from: usize) -> Option<EndKind> {
    let mut queue = vec![from];
    let mut seen = vec![false; process.steps.len()];
    while !queue.is_empty() {
        let i = queue.remove(0);
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        if let Some(end) = process.steps[i].end {
            return Some(end);
        }
        queue.extend(process.steps[i].successors());
    }
    None
}

/// Fires every escalation whose instant has come and that has not fired before.
fn tick(d: &mut Decision, case: &Case, law: &Law<'_>, now: DateTime<Utc>) -> Result<(), EngineError> {
    for (id, clock) in clocks(case, law) {
        for level in [Level::Approaching, Level::Breached] {
            if case.fired.contains(&(id.clone(), level)) {
                continue;
            }
            if let (Some(at), Some(due)) = (reaches(&clock, level, law.wt)?, clock.due(law.wt)?)
                && at <= now
            {
                d.events.push(Event::Escalated { clock: id.clone(), level, due });
                if level == Level::Breached {
                    d.actions.push(Action::Notify { to: "quality-control".into(), about: "term_breached".into() });
                }
            }
        }
    }
    Ok(())
}

/// A timer for every escalation of the new state that has not fired and lies in the future.
fn timers(d: &mut Decision, state: &Case, now: DateTime<Utc>, law: &Law<'_>) -> Result<(), EngineError> {
    d.actions.extend(timers_for(state, now, law)?);
    Ok(())
}

/// The timers a case needs at `now`: one for every escalation (approaching, breached) of every
/// running clock that has not fired and lies in the future.
pub fn timers_for(state: &Case, now: DateTime<Utc>, law: &Law<'_>) -> Result<Vec<Action>, EngineError> {
    let mut out = Vec::new();
    if !state.is_open() {
        return Ok(out);
    }
    for (id, clock) in clocks(state, law) {
        for level in [Level::Approaching, Level::Breached] {
            if state.fired.contains(&(id.clone(), level)) {
                continue;
            }
            if let Some(at) = reaches(&clock, level, law.wt)?
                && at > now
            {
                out.push(Action::ScheduleTimer { at, clock: id.clone(), level });
            }
        }
    }
    Ok(out)
}
