//! The state systems seen from the worker: a `call_registry` job asks its system through the
//! gateway, keeps the answer as evidence (hashed, signed by the platform) and records it on the
//! case in the transaction that finishes the job. A failed call releases the job to be tried
//! again later — a request is never dropped — and a system still down after
//! [`RegistryRetry::escalate_after`] tries escalates the case once; its legal clocks keep running.

use std::fmt::Write as _;
use std::sync::Arc;

use base64ct::{Base64, Encoding as _};
use chrono::{DateTime, TimeDelta, Utc};
use reglament_domain::{Finding, Money, StateSystem};
use reglament_engine::{Case, Command};
use reglament_gateway::{
    Answer, Clock, CompanyStatus, GatewayError, Holder, InvoiceStatus, PaymentGateway, Query, Registries,
};
use reglament_pki::SigningKey;
use reglament_store::{Evidence, Job, Store, StoreError};
use sha2::{Digest, Sha256};

use crate::error::RuntimeError;
use crate::runtime::Runtime;

/// The external systems the worker calls, and the platform key that signs the evidence.
pub struct Gateway {
    /// The state registries.
    pub registries: Arc<dyn Registries>,
    /// The payment gateway.
    pub payments: Arc<dyn PaymentGateway>,
    /// The platform's key: signs every kept answer.
    pub platform: Arc<dyn SigningKey + Send + Sync>,
    /// The time an answer came (an input, like the gateway's own clock).
    pub clock: Arc<dyn Clock>,
    /// When failed calls are tried again and escalated.
    pub retry: RegistryRetry,
}

/// When a failed registry call is tried again, and when the case is escalated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistryRetry {
    /// The pause after the first failed try; it doubles after each further one.
    pub first: TimeDelta,
    /// The longest pause.
    pub cap: TimeDelta,
    /// Failed tries after which the case is escalated (the tries go on).
    pub escalate_after: u32,
}

impl Default for RegistryRetry {
    /// One minute, doubling up to fifteen; escalated after five failed tries (about half an hour).
    fn default() -> Self {
        Self { first: TimeDelta::minutes(1), cap: TimeDelta::minutes(15), escalate_after: 5 }
    }
}

impl RegistryRetry {
    /// The pause after `tries` failed tries (1-based).
    #[must_use]
    pub fn pause(&self, tries: u32) -> TimeDelta {
        let factor = 1_i32 << tries.saturating_sub(1).min(20);
        (self.first * factor).min(self.cap)
    }
}

/// What a system said, before it is kept.
struct Observation {
    query: String,
    request_id: String,
    attempts: u32,
    outcome: &'static str,
    body: String,
    findings: Vec<Finding>,
}

/// What a registry's answer says that may be a ground for refusal.
fn findings(answer: &Answer) -> Vec<Finding> {
    let mut out = Vec::new();
    match answer {
        Answer::Person(_) | Answer::Licences(_) => {}
        Answer::Company(company) => {
            if company.status != CompanyStatus::Active {
                out.push(Finding::CompanyNotActive);
            }
        }
        Answer::CriminalRecord(record) => {
            if record.has_unspent_conviction() {
                out.push(Finding::UnspentConviction);
            }
            if record.has_open_investigation() {
                out.push(Finding::OpenInvestigation);
            }
        }
        Answer::Dispensaries(record) => {
            if record.narcological.registered {
                out.push(Finding::NarcologicalRegistration);
            }
            if record.psychiatric.registered {
                out.push(Finding::PsychiatricRegistration);
            }
        }
    }
    out
}

/// What the job achieved.
pub(crate) enum Carried {
    /// Recorded (or nothing left to do): the job is done.
    Done,
    /// The case changed meanwhile: the lease runs out and the job is tried again.
    Later,
}

/// The question to `system` about `case`'s applicant (or the entity filed for).
fn query(system: StateSystem, case: &Case) -> Option<Query> {
    match system {
        StateSystem::Individuals => Some(Query::Person(case.applicant)),
        StateSystem::LegalEntities => case.entity.map(Query::Company),
        StateSystem::LegalStatistics => Some(Query::CriminalRecord(case.applicant)),
        StateSystem::Dispensaries => Some(Query::Dispensaries(case.applicant)),
        StateSystem::Licences => {
            Some(Query::Licences(case.entity.map_or(Holder::Individual(case.applicant), Holder::Entity)))
        }
        StateSystem::Payments => None,
    }
}

/// The SHA-256 of `bytes`, lower-case hex (how evidence and idempotency keys name content).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// The text the platform signs for a kept answer.
fn evidence_text(e: &Evidence) -> String {
    let mut text = String::from("REGLAMENT-EVIDENCE-1\n");
    for field in [&e.case_id, &e.system, &e.query, &e.request_id, &e.outcome, &e.sha256] {
        let _ = writeln!(text, "{field}");
    }
    let _ = writeln!(text, "{}\n{}", e.asked_at.to_rfc3339(), e.answered_at.to_rfc3339());
    text
}

impl Runtime {
    /// Asks `system` about `case`: its answer, an answered refusal (`gateway.not_found`), or the
    /// failure to try again.
    async fn observe(
        gateway: &Gateway,
        system: StateSystem,
        case: &Case,
        invoice: Option<&reglament_store::InvoiceRecord>,
    ) -> Result<Observation, GatewayError> {
        let json = |value: &serde_json::Value| value.to_string();
        if system == StateSystem::Payments {
            let Some(invoice) = invoice else {
                return Ok(Observation {
                    query: "invoice of the case".into(),
                    request_id: "-".into(),
                    attempts: 0,
                    outcome: "no_invoice",
                    body: json(&serde_json::json!({ "invoice": null })),
                    findings: vec![Finding::FeeUnpaid],
                });
            };
            let reference = reglament_gateway::InvoiceRef::new(&invoice.reference).ok_or_else(|| {
                GatewayError::Config { system, cause: format!("stored invoice reference `{}`", invoice.reference) }
            })?;
            let answer = gateway.payments.status(&reference).await?;
            let paid = answer.status == InvoiceStatus::Paid && answer.paid.unwrap_or(Money::ZERO) >= answer.amount;
            return Ok(Observation {
                query: format!("invoice {reference}"),
                request_id: "-".into(),
                attempts: 1,
                outcome: "answered",
                body: serde_json::to_string(&answer).unwrap_or_default(),
                findings: if paid { Vec::new() } else { vec![Finding::FeeUnpaid] },
            });
        }
        let Some(query) = query(system, case) else {
            return Ok(Observation {
                query: "company of the application".into(),
                request_id: "-".into(),
                attempts: 0,
                outcome: "not_asked",
                body: json(&serde_json::json!({ "not_asked": "the application names no BIN" })),
                findings: Vec::new(),
            });
        };
        match gateway.registries.ask(&query).await {
            Ok(answered) => Ok(Observation {
                query: query.to_string(),
                request_id: answered.request_id,
                attempts: answered.attempts,
                outcome: "answered",
                body: String::from_utf8_lossy(&answered.body).into_owned(),
                findings: findings(&answered.answer),
            }),
            Err(e @ GatewayError::NotFound { .. }) => Ok(Observation {
                query: query.to_string(),
                request_id: "-".into(),
                attempts: e.attempts(),
                outcome: "gateway.not_found",
                body: json(&serde_json::json!({ "code": e.code(), "message": e.to_string() })),
                findings: match system {
                    StateSystem::LegalEntities => vec![Finding::CompanyNotActive],
                    _ => vec![Finding::UnknownPerson],
                },
            }),
            Err(e) => Err(e),
        }
    }

    /// Carries out a `call_registry` job for `system` at `now`.
    pub(crate) async fn call_registry(
        &self,
        gateway: &Gateway,
        worker: &str,
        job: &Job,
        system: StateSystem,
        now: DateTime<Utc>,
    ) -> Result<Carried, RuntimeError> {
        let (_, case) = self.load(&job.case_id).await?;
        if !case.is_open() || !case.awaiting.contains_key(&system) {
            let held = self.store().finish_job(job.id, worker, now).await?;
            return Ok(if held { Carried::Done } else { Carried::Later });
        }
        // The payment service is asked about the invoice the store keeps (a store failure stops
        // the job here, it is not an answer).
        let invoice = match system {
            StateSystem::Payments => self.store().invoice(&case.id).await?,
            _ => None,
        };
        match self.observe_held(gateway, worker, job, system, &case, invoice.as_ref()).await? {
            Ok(observation) => self.keep(gateway, worker, job, system, observation, now).await,
            Err(failure) => {
                let tries = u32::try_from(job.attempts).unwrap_or(u32::MAX).saturating_add(1);
                if tries >= gateway.retry.escalate_after {
                    let cmd = Command::RecordRegistryFailure { system, code: failure.code().into(), attempts: tries };
                    let prepared = self.prepare(&job.case_id, &cmd, &reglament_engine::Actor::System, now).await?;
                    if !prepared.decision.events.is_empty() {
                        match self.commit(&prepared, None, None).await {
                            Ok(_) | Err(RuntimeError::Store(StoreError::Conflict { .. })) => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                self.store().retry_job(job.id, worker, now + gateway.retry.pause(tries)).await?;
                Ok(Carried::Later)
            }
        }
    }

    /// Asks `system` about `case`, renewing `worker`'s lease on `job` while the call runs (the
    /// gateway's retries and back-off may outlast one lease); `store.lease_lost` when another
    /// worker took the job meanwhile.
    async fn observe_held(
        &self,
        gateway: &Gateway,
        worker: &str,
        job: &Job,
        system: StateSystem,
        case: &Case,
        invoice: Option<&reglament_store::InvoiceRecord>,
    ) -> Result<Result<Observation, GatewayError>, RuntimeError> {
        let call = Self::observe(gateway, system, case, invoice);
        tokio::pin!(call);
        let renew_every = (crate::worker::LEASE / 3).to_std().unwrap_or(std::time::Duration::from_secs(10));
        loop {
            tokio::select! {
                answer = &mut call => return Ok(answer),
                () = tokio::time::sleep(renew_every) => {
                    let until = gateway.clock.utc() + crate::worker::LEASE;
                    if !self.store().renew_job(job.id, worker, until).await? {
                        return Err(StoreError::LeaseLost { job: job.id }.into());
                    }
                }
            }
        }
    }

    /// Keeps the evidence and records the answer on the case, finishing the job.
    async fn keep(
        &self,
        gateway: &Gateway,
        worker: &str,
        job: &Job,
        system: StateSystem,
        o: Observation,
        asked_at: DateTime<Utc>,
    ) -> Result<Carried, RuntimeError> {
        let answered_at = gateway.clock.utc().max(asked_at);
        let sha256 = sha256_hex(o.body.as_bytes());
        let mut evidence = Evidence {
            id: 0,
            case_id: job.case_id.clone(),
            job_id: Some(job.id),
            system: system.as_str().to_owned(),
            query: o.query,
            request_id: o.request_id,
            attempts: i64::from(o.attempts),
            asked_at: crate::runtime::micros(asked_at),
            answered_at: crate::runtime::micros(answered_at),
            outcome: o.outcome.to_owned(),
            body: o.body,
            sha256,
            signature: String::new(),
        };
        let signature =
            reglament_pki::sign_cms(evidence_text(&evidence).as_bytes(), &*gateway.platform, answered_at, true)
                .map_err(RuntimeError::Pki)?;
        evidence.signature = Base64::encode_string(&signature);
        self.store().record_evidence(&evidence).await?;
        let data = serde_json::from_str(&evidence.body).unwrap_or(serde_json::Value::String(evidence.body.clone()));
        let cmd = Command::RecordRegistryData { system, data, evidence: evidence.sha256.clone(), findings: o.findings };
        let prepared = self.prepare(&job.case_id, &cmd, &reglament_engine::Actor::System, asked_at).await?;
        match self.commit(&prepared, None, Some((job.id, worker))).await {
            Ok(_) => Ok(Carried::Done),
            Err(RuntimeError::Store(StoreError::Conflict { .. })) => Ok(Carried::Later),
            Err(e) => Err(e),
        }
    }

    /// Checks a kept answer: its hash matches its text, and the platform's signature of the
    /// record is valid under `trust` at the time of the answer. `None` when both hold, else why not.
    #[must_use]
    pub fn check_evidence(evidence: &Evidence, trust: &reglament_pki::Trust) -> Option<String> {
        let sha256 = sha256_hex(evidence.body.as_bytes());
        if sha256 != evidence.sha256 {
            return Some(format!("the answer's hash is {sha256}, the kept hash {}", evidence.sha256));
        }
        let signature = match Base64::decode_vec(&evidence.signature) {
            Ok(bytes) => bytes,
            Err(e) => return Some(format!("the signature is not base64: {e}")),
        };
        let text = evidence_text(evidence);
        reglament_pki::verify_cms(
            &signature,
            Some(text.as_bytes()),
            trust,
            evidence.answered_at,
            reglament_pki::UnknownStatus::Accept,
        )
        .err()
        .map(|e| e.to_string())
    }
}
