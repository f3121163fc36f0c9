//! A job is its worker's only while its lease runs: once the lease has run out and another worker
//! has taken the job, the first can neither finish it, nor release it, nor record its effect —
//! on every store backend.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, TimeDelta, Utc};
use reglament_calendar::Calendar;
use reglament_engine::Command;
use reglament_runtime::{Providers, Runtime};
use reglament_store::testing::fresh_stores;
use reglament_store::{Store, StoreError};
use reglament_testkit::actor_for;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn a_worker_whose_lease_ran_out_records_nothing_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        let acts = reglament_testkit::acts();
        let rt = Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap())
            .unwrap()
            .with_providers(Providers::test_stand(reglament_testkit::actors::STAND_PROVIDER.parse().unwrap()));
        let filed = at("2026-03-20T19:40:00+05:00");
        let file = Command::File {
            applicant: "871008401427".parse().unwrap(),
            entity: None,
            provider: reglament_testkit::actors::STAND_PROVIDER.parse().unwrap(),
            filed_at: filed,
        };
        rt.file("L-1", "forensic-licence", "issuance-portal", &file, &actor_for(&file), filed, None).await.unwrap();

        let now = at("2026-03-23T10:00:00+05:00");
        let slow = t.store.claim_jobs("slow", now, now + TimeDelta::seconds(30), 100).await.unwrap();
        assert!(!slow.is_empty());
        assert!(t.store.claim_jobs("other", now, now + TimeDelta::seconds(30), 100).await.unwrap().is_empty());
        let later = now + TimeDelta::seconds(31);
        let taken = t.store.claim_jobs("other", later, later + TimeDelta::seconds(30), 100).await.unwrap();
        assert_eq!(taken.len(), slow.len(), "the lease ran out: the other worker holds them now");
        let job = slow[0].id;
        assert!(!t.store.finish_job(job, "slow", later).await.unwrap(), "not the slow worker's to finish");
        assert!(!t.store.retry_job(job, "slow", later).await.unwrap(), "nor to release");
        assert!(!t.store.renew_job(job, "slow", later).await.unwrap(), "nor to renew");
        assert!(t.store.renew_job(job, "other", later + TimeDelta::seconds(60)).await.unwrap());

        // A job's effect recorded by a worker that lost its lease is refused whole.
        let paid = Command::RecordPayment { tiyn: 2_595_000, reference: "P-1".into() };
        let effect = rt.prepare("L-1", &paid, &actor_for(&paid), later).await.unwrap();
        let before = t.store.events("L-1").await.unwrap().len();
        match rt.commit(&effect, None, Some((job, "slow"))).await {
            Err(reglament_runtime::RuntimeError::Store(StoreError::LeaseLost { job: lost })) => assert_eq!(lost, job),
            other => panic!("expected the lease lost, got {other:?}"),
        }
        assert_eq!(t.store.events("L-1").await.unwrap().len(), before, "nothing recorded");
        assert!(t.store.finish_job(job, "other", later).await.unwrap(), "the holder finishes it");
        t.finish().await.unwrap();
    }
}
