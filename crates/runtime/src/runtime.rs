//! Loading, deciding and recording a command on a case.

use chrono::{DateTime, DurationRound, NaiveDate, TimeDelta, Utc};
use reglament_calendar::{Calendar, Schedule, WorkingTime};
use reglament_domain::MciTable;
use reglament_engine::chain::{GENESIS, Link, link, verify};
use reglament_engine::complaint;
use reglament_engine::law::{in_force, pinned};
use reglament_engine::timeline::{Timeline, timeline};
use reglament_engine::{
    Action, Actor, Case, Command, Decision, Event, Law, Status, apply, migrate, reproject, timers_for,
};
use reglament_regulation::model::{Act, EndKind, Service, Variant};
use reglament_store::{AnyStore, Append, Appended, CaseFilter, CaseRow, EventRow, NewJob, Store};

use crate::error::RuntimeError;

/// Runs cases of the encoded acts on a store.
pub struct Runtime {
    store: AnyStore,
    acts: Vec<Act>,
    /// The working time of each provider schedule the acts use.
    clocks: Vec<(Schedule, WorkingTime)>,
    /// The zone the calendar's days are reckoned in.
    pub(crate) zone: chrono_tz::Tz,
    /// The MCI values by date that fees are computed with (read once).
    pub(crate) mci: MciTable,
    /// The external systems the worker calls (none: their jobs are only journaled).
    pub(crate) gateway: Option<std::sync::Arc<crate::registry::Gateway>>,
    /// The bodies that provide the services in this deployment.
    providers: crate::providers::Providers,
}

/// A command decided on a loaded case, not yet recorded.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The case id.
    pub id: String,
    /// The case before the command (`None` for a filing).
    pub before: Option<Case>,
    /// The case after it.
    pub after: Case,
    /// What the engine decided.
    pub decision: Decision,
    /// Who gave the command (recorded with each of its events).
    pub actor: Actor,
    /// The instant, truncated to microseconds.
    pub now: DateTime<Utc>,
    /// The head of the hash chain before the command.
    head: String,
}

/// The rows one command writes.
struct Rows {
    case: CaseRow,
    events: Vec<EventRow>,
    jobs: Vec<NewJob>,
    expected: i64,
}

/// An instant at the precision both stores keep.
pub(crate) fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

impl Runtime {
    /// A runtime for `acts` on `store`, with working time built from `calendar` for every provider
    /// schedule the acts use.
    pub fn new(store: AnyStore, mut acts: Vec<Act>, calendar: &Calendar) -> Result<Self, RuntimeError> {
        let complaints: Vec<Act> = acts
            .iter()
            .filter(|a| !a.id.as_str().ends_with(complaint::SUFFIX))
            .flat_map(|a| a.services.iter().filter_map(move |s| complaint::complaint_act(a, s)))
            .collect();
        acts.extend(complaints);
        let mut clocks: Vec<(Schedule, WorkingTime)> = Vec::new();
        for service in acts.iter().flat_map(|a| a.services.iter()) {
            if !clocks.iter().any(|(s, _)| *s == service.schedule) {
                clocks.push((service.schedule.clone(), WorkingTime::new(calendar.clone(), service.schedule.clone())?));
            }
        }
        Ok(Self {
            store,
            acts,
            clocks,
            zone: calendar.zone(),
            mci: MciTable::embedded()?,
            gateway: None,
            providers: crate::providers::Providers::default(),
        })
    }

    /// The same runtime, with the bodies that provide the services in this deployment.
    #[must_use]
    pub fn with_providers(mut self, providers: crate::providers::Providers) -> Self {
        self.providers = providers;
        self
    }

    /// The bodies that provide the services in this deployment.
    #[must_use]
    pub fn providers(&self) -> &crate::providers::Providers {
        &self.providers
    }

    /// The same runtime, calling the external systems through `gateway`.
    #[must_use]
    pub fn with_gateway(mut self, gateway: crate::registry::Gateway) -> Self {
        self.gateway = Some(std::sync::Arc::new(gateway));
        self
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> &AnyStore {
        &self.store
    }

    /// The encoded acts.
    #[must_use]
    pub fn acts(&self) -> &[Act] {
        &self.acts
    }

    /// The law of `variant` of `service` under `act`, with its provider's working time.
    pub(crate) fn law<'a>(
        &'a self,
        act: &'a Act,
        service: &'a Service,
        variant: &'a Variant,
    ) -> Result<Law<'a>, RuntimeError> {
        let (_, wt) = self.clocks.iter().find(|(s, _)| *s == service.schedule).ok_or_else(|| RuntimeError::NoLaw {
            service: service.id.clone(),
            variant: variant.id.clone(),
            detail: format!(": no working time for the schedule {}", service.schedule),
        })?;
        Ok(Law { act, service, variant, wt })
    }

    /// The law a loaded case runs under: the act version it is pinned to.
    pub fn law_of<'a>(&'a self, case: &Case) -> Result<Law<'a>, RuntimeError> {
        let (a, s, v) =
            pinned(&self.acts, &case.act, &case.service, &case.variant).ok_or_else(|| RuntimeError::NoLaw {
                service: case.service.clone(),
                variant: case.variant.clone(),
                detail: format!(" under act `{}`", case.act),
            })?;
        self.law(a, s, v)
    }

    /// Loads a case: the fold of its events, and the head of its hash chain.
    pub async fn load(&self, id: &str) -> Result<(String, Case), RuntimeError> {
        fold(id, &self.store.events(id).await?)
    }

    /// Case `id` and its course against its terms as it stands at `now`: each step's span with
    /// its own due instant, and the service's.
    pub async fn course(&self, id: &str, now: DateTime<Utc>) -> Result<(Case, Timeline), RuntimeError> {
        self.course_of(id, &self.store.events(id).await?, now)
    }

    /// [`Self::course`] from the case's stored events already read (`rows`, as
    /// [`Store::events`] gives them).
    pub fn course_of(&self, id: &str, rows: &[EventRow], now: DateTime<Utc>) -> Result<(Case, Timeline), RuntimeError> {
        if rows.is_empty() {
            return Err(RuntimeError::UnknownCase(id.to_owned()));
        }
        let (case, events) = replay(id, rows)?;
        let timeline = timeline(&case, &events, &self.law_of(&case)?, now)?;
        Ok((case, timeline))
    }

    /// The act version, service and variant in force on the filing day (in the calendar's zone)
    /// of an application filed at `filed_at`, and that day.
    pub(crate) fn in_force_on(
        &self,
        service: &str,
        variant: &str,
        filed_at: DateTime<Utc>,
    ) -> Result<((&Act, &Service, &Variant), NaiveDate), RuntimeError> {
        let on = filed_at.with_timezone(&self.zone).date_naive();
        let found = in_force(&self.acts, service, variant, on).ok_or_else(|| RuntimeError::NoLaw {
            service: service.to_owned(),
            variant: variant.to_owned(),
            detail: format!(" in force on {on}"),
        })?;
        Ok((found, on))
    }

    /// Decides a filing of `service`/`variant` by `actor` under the act version in force on the
    /// filing day; the provider it names must be one this deployment binds to the service.
    pub fn prepare_filing(
        &self,
        id: &str,
        service: &str,
        variant: &str,
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Prepared, RuntimeError> {
        let Command::File { filed_at, provider, .. } = command else {
            return Err(reglament_engine::EngineError::NoCase(id.to_owned()).into());
        };
        self.providers.choose(service, Some(*provider))?;
        let ((a, s, v), _) = self.in_force_on(service, variant, *filed_at)?;
        Self::prepare_new(id, &self.law(a, s, v)?, command, actor, now, None)
    }

    /// Decides the filing `command` of a new case under `law`; a complaint also records the case
    /// it `concerns`, right after the filing event.
    fn prepare_new(
        id: &str,
        law: &Law<'_>,
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
        concerns: Option<&str>,
    ) -> Result<Prepared, RuntimeError> {
        let now = micros(now);
        let mut decision = apply(None, id, command, actor, now, law)?;
        if let Some(about) = concerns {
            decision.events.insert(1, Event::Concerns { case: about.to_owned() });
        }
        let after = Case::replay(id, &decision.events).ok_or_else(|| RuntimeError::UnknownCase(id.to_owned()))?;
        let actor = actor.clone();
        Ok(Prepared { id: id.to_owned(), before: None, after, decision, actor, now, head: GENESIS.to_owned() })
    }

    /// Loads the case and decides `command` given by `actor` on it.
    pub async fn prepare(
        &self,
        id: &str,
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Prepared, RuntimeError> {
        let rows = self.store.events(id).await?;
        self.decide(id, &rows, command, actor, now)
    }

    /// Decides `command` given by `actor` on the case whose stored events are `rows`.
    fn decide(
        &self,
        id: &str,
        rows: &[EventRow],
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Prepared, RuntimeError> {
        let (head, case) = fold(id, rows)?;
        let law = self.law_of(&case)?;
        let now = micros(now);
        let decision = apply(Some(&case), id, command, actor, now, &law)?;
        let mut after = case.clone();
        for e in &decision.events {
            after.evolve(e);
        }
        Ok(Prepared { id: id.to_owned(), before: Some(case), after, decision, actor: actor.clone(), now, head })
    }

    /// What a prepared command writes: the case row, the chained events, the jobs, and the
    /// version it was decided on; refused when it issues a document that is not `issuing` with it.
    fn rows(&self, p: &Prepared, issuing: bool) -> Result<Rows, RuntimeError> {
        if !issuing && p.decision.events.iter().any(|e| matches!(e, Event::DocumentIssued { .. })) {
            return Err(RuntimeError::UnsignedIssue(p.id.clone()));
        }
        let law = self.law_of(&p.after)?;
        let expected = p.before.as_ref().map_or(0, |c| i64::try_from(c.version).unwrap_or(i64::MAX));
        let mut head = p.head.clone();
        let mut events = Vec::with_capacity(p.decision.events.len());
        for (k, event) in p.decision.events.iter().enumerate() {
            let seq = expected + i64::try_from(k).unwrap_or(0) + 1;
            let recorded = Recorded { event, actor: &p.actor };
            let json = serde_json::to_string(&recorded).map_err(|e| RuntimeError::Corrupt {
                case: p.id.clone(),
                seq,
                reason: e.to_string(),
            })?;
            let hash = link(&head, &p.id, seq, p.now, &json);
            events.push(EventRow { seq, at: p.now, event: json, prev: head.clone(), hash: hash.clone() });
            head = hash;
        }
        let process = law.process();
        let mut roles: Vec<String> = p
            .after
            .active
            .keys()
            .filter_map(|s| law.step(s))
            .map(|i| law.act.roles[process.steps[i].actor].id.clone())
            .collect();
        roles.sort();
        roles.dedup();
        let case = CaseRow {
            id: p.id.clone(),
            act: p.after.act.clone(),
            service: p.after.service.clone(),
            variant: p.after.variant.clone(),
            status: status_text(p.after.status).to_owned(),
            roles,
            waiting: p
                .after
                .awaiting
                .iter()
                .map(|(system, w)| format!("{system}{}", if w.escalated.is_some() { "!" } else { "" }))
                .collect(),
            version: i64::try_from(p.after.version).unwrap_or(i64::MAX),
            head,
            updated_at: p.now,
            filed_at: p.after.filed_at,
            provider: p.after.provider.map(|b| b.to_string()),
        };
        let jobs = p.decision.actions.iter().map(|a| job(a, p.now)).collect();
        Ok(Rows { case, events, jobs, expected })
    }

    /// Records a prepared command: events chained to the head, the case row, the jobs; refused
    /// when the case changed since it was loaded.
    pub async fn commit(
        &self,
        p: &Prepared,
        idempotency_key: Option<&str>,
        done_job: Option<(i64, &str)>,
    ) -> Result<Appended, RuntimeError> {
        self.record(p, idempotency_key, done_job, None, None).await
    }

    /// Records a prepared command with, when it issues one, the document and its registry row,
    /// and, when it files one, the application, all in one transaction.
    pub(crate) async fn record(
        &self,
        p: &Prepared,
        idempotency_key: Option<&str>,
        done_job: Option<(i64, &str)>,
        issued: Option<(&reglament_store::IssuedDocument, Option<&reglament_store::RegistryEntry>)>,
        filed: Option<&reglament_store::Application>,
    ) -> Result<Appended, RuntimeError> {
        let r = self.rows(p, issued.is_some())?;
        let append = Append {
            case: &r.case,
            expected_version: r.expected,
            events: &r.events,
            jobs: &r.jobs,
            done_job,
            idempotency_key,
            issued,
            filed,
        };
        Ok(self.store.append(&append).await?)
    }

    /// Decides and records several commands in one transaction (each under its own savepoint):
    /// the batching that lets a worker go past the one-commit-per-transition ceiling. A command
    /// that is refused or conflicts is reported in its place; the others are recorded.
    pub async fn command_batch(
        &self,
        commands: &[(String, Command)],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<Appended, RuntimeError>>, RuntimeError> {
        let mut results: Vec<Option<Result<Appended, RuntimeError>>> = Vec::with_capacity(commands.len());
        let mut ids: Vec<String> = commands.iter().map(|(id, _)| id.clone()).collect();
        ids.sort();
        ids.dedup();
        let mut stored: std::collections::HashMap<String, Vec<EventRow>> = std::collections::HashMap::new();
        for (id, row) in self.store.events_of(&ids).await? {
            stored.entry(id).or_default().push(row);
        }
        let mut rows = Vec::new();
        for (id, command) in commands {
            let events = stored.get(id).map_or(&[][..], Vec::as_slice);
            match self.decide(id, events, command, actor, now).and_then(|p| self.rows(&p, false)) {
                Ok(r) => {
                    rows.push(r);
                    results.push(None);
                }
                Err(e) => results.push(Some(Err(e))),
            }
        }
        let appends: Vec<Append<'_>> = rows
            .iter()
            .map(|r| Append {
                case: &r.case,
                expected_version: r.expected,
                events: &r.events,
                jobs: &r.jobs,
                done_job: None,
                idempotency_key: None,
                issued: None,
                filed: None,
            })
            .collect();
        let mut recorded = self.store.append_batch(&appends).await?.into_iter();
        Ok(results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| recorded.next().map_or(Ok(Appended::Recorded), |a| a.map_err(Into::into))))
            .collect())
    }

    /// Files a new case.
    #[allow(
        clippy::too_many_arguments,
        reason = "the case id, what is applied for (service, variant), the command and who gives it, the instant and the request's key"
    )]
    pub async fn file(
        &self,
        id: &str,
        service: &str,
        variant: &str,
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
        idempotency_key: Option<&str>,
    ) -> Result<(Case, Appended), RuntimeError> {
        let p = self.prepare_filing(id, service, variant, command, actor, now)?;
        let appended = self.commit(&p, idempotency_key, None).await?;
        Ok((p.after, appended))
    }

    /// Files a complaint about case `about`: a case of its own under the complaint route of the
    /// act version `about` runs under, linked to it.
    pub async fn file_complaint(
        &self,
        id: &str,
        about: &str,
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
        idempotency_key: Option<&str>,
    ) -> Result<(Case, Appended), RuntimeError> {
        let (_, original) = self.load(about).await?;
        if let Command::File { provider, .. } = command
            && original.provider != Some(*provider)
        {
            // A complaint goes to the provider of the case it is about.
            return Err(RuntimeError::UnknownProvider { service: original.service, bin: provider.to_string() });
        }
        let act = format!("{}-{}", original.act, complaint::SUFFIX);
        let service = complaint::service_id(&original.service);
        let (a, s, v) = pinned(&self.acts, &act, &service, complaint::SUFFIX).ok_or_else(|| RuntimeError::NoLaw {
            service: service.clone(),
            variant: complaint::SUFFIX.to_owned(),
            detail: format!(": the standard under `{}` has no complaint route", original.act),
        })?;
        let p = Self::prepare_new(id, &self.law(a, s, v)?, command, actor, now, Some(about))?;
        let appended = self.commit(&p, idempotency_key, None).await?;
        Ok((p.after, appended))
    }

    /// Loads, decides and records a command given by `actor`.
    pub async fn command(
        &self,
        id: &str,
        command: &Command,
        actor: &Actor,
        now: DateTime<Utc>,
        idempotency_key: Option<&str>,
    ) -> Result<(Case, Appended), RuntimeError> {
        let p = self.prepare(id, command, actor, now).await?;
        let appended = self.commit(&p, idempotency_key, None).await?;
        Ok((p.after, appended))
    }

    /// Moves an open case to another version of its act: explicit and audited (an event names
    /// who and why), refused where an active step has no counterpart in the new version.
    pub async fn migrate(
        &self,
        id: &str,
        to_act: &str,
        by: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Appended, RuntimeError> {
        let (head, case) = self.load(id).await?;
        let (a, s, v) =
            pinned(&self.acts, to_act, &case.service, &case.variant).ok_or_else(|| RuntimeError::NoLaw {
                service: case.service.clone(),
                variant: case.variant.clone(),
                detail: format!(" under act `{to_act}`"),
            })?;
        let to = self.law(a, s, v)?;
        let decision = migrate(&case, &to, by, reason)?;
        let mut after = case.clone();
        for e in &decision.events {
            after.evolve(e);
        }
        let now = micros(now);
        let p = Prepared { id: id.to_owned(), before: Some(case), after, decision, actor: Actor::System, now, head };
        self.commit(&p, None, None).await
    }

    /// Re-projects the clocks of every open case onto `calendar` (a calendar with a change this
    /// runtime's does not have yet) and records, in each case's history, which due instants moved
    /// and which days moved them, with new timers. Returns the cases and their events.
    pub async fn reproject_open_cases(
        &self,
        calendar: &Calendar,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, Vec<Event>)>, RuntimeError> {
        let newer = Self::new(self.store.clone(), self.acts.clone(), calendar)?;
        let now = micros(now);
        let mut moved = Vec::new();
        for row in self.store.cases(&CaseFilter { open_only: true, ..CaseFilter::default() }).await? {
            let (head, case) = self.load(&row.id).await?;
            let (old, new) = (self.law_of(&case)?, newer.law_of(&case)?);
            let events = reproject(&case, &old, &new)?;
            if events.is_empty() {
                continue;
            }
            let mut after = case.clone();
            for e in &events {
                after.evolve(e);
            }
            let actions = timers_for(&after, now, &new)?;
            let decision = Decision { events: events.clone(), actions };
            let p =
                Prepared { id: row.id.clone(), before: Some(case), after, decision, actor: Actor::System, now, head };
            newer.commit(&p, None, None).await?;
            moved.push((row.id, events));
        }
        Ok(moved)
    }

    /// Checks the hash chain of a case; the first broken link, if any.
    pub async fn verify(&self, id: &str) -> Result<Option<(i64, String)>, RuntimeError> {
        let rows = self.store.events(id).await?;
        let links: Vec<Link> = rows
            .into_iter()
            .map(|r| Link { seq: r.seq, at: r.at, json: r.event, prev: r.prev, hash: r.hash })
            .collect();
        Ok(verify(id, &links))
    }
}

/// An event as the history records it: the event and who gave the command that decided it (in
/// the hashed text, so the chain covers who did what).
#[derive(serde::Serialize)]
struct Recorded<'a> {
    #[serde(flatten)]
    event: &'a Event,
    actor: &'a Actor,
}

/// The fold of a case's stored events, and the head of its hash chain.
fn fold(id: &str, rows: &[EventRow]) -> Result<(String, Case), RuntimeError> {
    let head = rows.last().map(|r| r.hash.clone()).ok_or_else(|| RuntimeError::UnknownCase(id.to_owned()))?;
    let (case, _) = replay(id, rows)?;
    Ok((head, case))
}

/// The case folded from its stored events, and those events.
fn replay(id: &str, rows: &[EventRow]) -> Result<(Case, Vec<Event>), RuntimeError> {
    let events = rows
        .iter()
        .map(|r| {
            serde_json::from_str::<Event>(&r.event).map_err(|e| RuntimeError::Corrupt {
                case: id.to_owned(),
                seq: r.seq,
                reason: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let case = Case::replay(id, &events).ok_or_else(|| RuntimeError::Corrupt {
        case: id.to_owned(),
        seq: 1,
        reason: "the history does not start with a filing".into(),
    })?;
    Ok((case, events))
}

/// The status as the store keeps it.
#[must_use]
pub fn status_text(status: Status) -> &'static str {
    match status {
        Status::Open => "open",
        Status::Closed(EndKind::Result) => "result",
        Status::Closed(EndKind::Refusal) => "refusal",
        Status::Withdrawn => "withdrawn",
    }
}

/// The job that carries out an action.
fn job(action: &Action, now: DateTime<Utc>) -> NewJob {
    match action {
        Action::ScheduleTimer { at, clock, level } => NewJob {
            kind: "timer".into(),
            payload: serde_json::json!({ "clock": clock, "level": level }).to_string(),
            due_at: micros(*at),
        },
        other => {
            NewJob { kind: "action".into(), payload: serde_json::to_string(other).unwrap_or_default(), due_at: now }
        }
    }
}
