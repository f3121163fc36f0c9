//! The worker's loop body: claim due jobs, carry them out, record their effect exactly once.
//!
//! A timer job becomes a `Tick` on its case, recorded in the same transaction that marks the job
//! done; if the worker dies before that commit, the lease runs out and another worker takes the
//! job again, and the `Tick` (whose escalations fire once each) gives the same result. An action
//! job calling a state system goes through the runtime's [`Gateway`](crate::Gateway) (see
//! [`registry`](crate::registry)): its answer is recorded in the transaction that finishes the
//! job, a failure releases the job to be tried again later. Other action jobs (notify, render,
//! deliver) are marked done — their carriers come with later issues — as are registry calls
//! when the runtime has no gateway.

use chrono::{DateTime, TimeDelta, Utc};
use reglament_engine::{Action, Actor, Command};
use reglament_store::{Store, StoreError};

use crate::error::RuntimeError;
use crate::registry::Carried;
use crate::runtime::Runtime;

/// How long a claimed job is reserved for its worker.
const LEASE: TimeDelta = TimeDelta::seconds(30);

impl Runtime {
    /// Claims and carries out up to `limit` jobs due at `now`; returns how many were done.
    pub async fn run_jobs(&self, worker: &str, now: DateTime<Utc>, limit: i64) -> Result<usize, RuntimeError> {
        let jobs = self.store().claim_jobs(worker, now, now + LEASE, limit).await?;
        let mut done = 0;
        for job in jobs {
            if job.kind == "timer" {
                let prepared = match self.prepare(&job.case_id, &Command::Tick, &Actor::System, now).await {
                    Ok(p) => p,
                    Err(RuntimeError::Engine(reglament_engine::EngineError::Closed(_))) => {
                        // The case is closed: nothing to escalate any more.
                        self.store().finish_job(job.id, now).await?;
                        done += 1;
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                if prepared.decision.events.is_empty() {
                    self.store().finish_job(job.id, now).await?;
                } else {
                    match self.commit(&prepared, None, Some(job.id)).await {
                        Ok(_) => {}
                        // Another command changed the case meanwhile: the lease runs out and the
                        // timer is tried again.
                        Err(RuntimeError::Store(StoreError::Conflict { .. })) => continue,
                        Err(e) => return Err(e),
                    }
                }
            } else if let (Some(gateway), Ok(Action::CallRegistry { system, .. })) =
                (self.gateway.as_deref(), serde_json::from_str::<Action>(&job.payload))
            {
                match self.call_registry(gateway, &job, system, now).await? {
                    Carried::Done => {}
                    Carried::Later => continue,
                }
            } else {
                self.store().finish_job(job.id, now).await?;
            }
            done += 1;
        }
        Ok(done)
    }
}
