//! The worker's loop body: claim due jobs, carry them out, record their effect exactly once.
//!
//! Each job is leased to its worker for [`LEASE`], renewed (when the runtime calls state systems,
//! whose answers take time) before the job is carried out and, while a state system is asked,
//! again and again until it answers; finishing, releasing or
//! recording a job's effect checks that this worker still holds it (`store.lease_lost` when
//! another took it after the lease ran out — the effect is then that worker's to record).
//!
//! A timer job becomes a `Tick` on its case, recorded in the same transaction that marks the job
//! done; if the worker dies before that commit, the lease runs out and another worker takes the
//! job again, and the `Tick` (whose escalations fire once each) gives the same result. An action
//! job calling a state system goes through the runtime's [`Gateway`](crate::Gateway) (see
//! [`registry`](crate::registry)): its answer is recorded in the transaction that finishes the
//! job, a failure releases the job to be tried again later. Other action jobs (notify, render,
//! deliver) are marked done — their carriers come with later issues — as are registry calls
//! when the runtime has no gateway. Only "the case is closed" ends a job the engine refuses; any
//! other refusal or failure leaves it to be tried again.

use chrono::{DateTime, TimeDelta, Utc};
use reglament_engine::{Action, Actor, Command, EngineError};
use reglament_store::{Job, Store, StoreError};

use crate::error::RuntimeError;
use crate::registry::Carried;
use crate::runtime::Runtime;

/// How long a claimed job is reserved for its worker unless renewed.
pub(crate) const LEASE: TimeDelta = TimeDelta::seconds(30);
/// When a job that failed is tried again.
const RETRY_FAILED: TimeDelta = TimeDelta::minutes(1);

/// What one round of the worker did.
#[derive(Debug, Default)]
#[must_use]
pub struct Round {
    /// Jobs carried out.
    pub done: usize,
    /// Jobs that failed, released to be tried again.
    pub failed: Vec<JobFailure>,
}

/// A job that failed in a round.
#[derive(Debug)]
pub struct JobFailure {
    /// The job.
    pub job: i64,
    /// Its case.
    pub case: String,
    /// The failure's stable code.
    pub code: &'static str,
    /// What failed.
    pub message: String,
}

impl Runtime {
    /// Claims and carries out up to `limit` jobs due at `now`: how many were done, and the ones
    /// that failed (each released to be tried again a minute later; the others go on). A store
    /// that cannot be reached fails the round.
    pub async fn run_jobs(&self, worker: &str, now: DateTime<Utc>, limit: i64) -> Result<Round, RuntimeError> {
        let jobs = self.store().claim_jobs(worker, now, now + LEASE, limit).await?;
        let mut round = Round::default();
        for job in jobs {
            // The batch was claimed at once and state systems may have kept the worker waiting:
            // each job's lease starts again, from the gateway's clock, as it is taken up.
            if let Some(gateway) = self.gateway.as_deref()
                && !self.store().renew_job(job.id, worker, gateway.clock.utc() + LEASE).await?
            {
                continue;
            }
            match self.carry_out(worker, &job, now).await {
                Ok(true) => round.done += 1,
                Ok(false) | Err(RuntimeError::Store(StoreError::LeaseLost { .. } | StoreError::Conflict { .. })) => {}
                Err(e @ RuntimeError::Store(StoreError::Database(_))) => return Err(e),
                Err(e) => {
                    self.store().retry_job(job.id, worker, now + RETRY_FAILED).await?;
                    round.failed.push(JobFailure {
                        job: job.id,
                        case: job.case_id.clone(),
                        code: e.code(),
                        message: e.to_string(),
                    });
                }
            }
        }
        Ok(round)
    }

    /// Carries out `job` as `worker` at `now`; whether it is done (not left to be tried again).
    async fn carry_out(&self, worker: &str, job: &Job, now: DateTime<Utc>) -> Result<bool, RuntimeError> {
        if job.kind == "timer" {
            let prepared = match self.prepare(&job.case_id, &Command::Tick, &Actor::System, now).await {
                Ok(p) => p,
                // The case is closed: nothing to escalate any more.
                Err(RuntimeError::Engine(EngineError::Closed(_))) => {
                    return Ok(self.store().finish_job(job.id, worker, now).await?);
                }
                Err(e) => return Err(e),
            };
            if prepared.decision.events.is_empty() {
                return Ok(self.store().finish_job(job.id, worker, now).await?);
            }
            // Another command changed the case meanwhile (a conflict): the lease runs out and
            // the timer is tried again.
            self.commit(&prepared, None, Some((job.id, worker))).await?;
            return Ok(true);
        }
        if let (Some(gateway), Ok(Action::CallRegistry { system, .. })) =
            (self.gateway.as_deref(), serde_json::from_str::<Action>(&job.payload))
        {
            return Ok(matches!(self.call_registry(gateway, worker, job, system, now).await?, Carried::Done));
        }
        Ok(self.store().finish_job(job.id, worker, now).await?)
    }
}
