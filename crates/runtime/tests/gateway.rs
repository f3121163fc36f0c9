//! The worker and billing against the sandbox over real HTTP, on every store backend, the
//! sandbox requiring the platform's signed envelope: every state system's answer kept as signed
//! evidence and recorded on the case; each fault kind retried by the client and answered; a
//! system that stays down released to be tried again and escalated once, the legal clock
//! running on, then answered; an unknown applicant kept as an answered "not found"; a conviction
//! indicating the act's refusal ground, which the official proposes into the hearing; the invoice
//! created once per application, the portal's payment check refusing with the act's message
//! until it is paid, and the reconciliation matching payments to cases. No sleeps: the worker is
//! driven with explicit instants, the clients with zero back-off.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use reglament_testkit::actor_for;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, TimeDelta, Utc};
use reglament_calendar::Calendar;
use reglament_domain::{Finding, Iin, Money, StateSystem};
use reglament_engine::{Command, Event, Outcome};
use reglament_gateway::{GatewayConfig, HttpGateway, ManualClock, RetryPolicy, SplitMix64};
use reglament_pki::issue::TestPki;
use reglament_pki::{Certificate, SoftwareKey, Trust};
use reglament_runtime::{Gateway, RegistryRetry, Runtime, RuntimeError, Standing};
use reglament_sandbox::{Always, FaultCount, FaultKind, FaultSpec, Sandbox};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{CaseFilter, Store};

const SERVICE: &str = "forensic-licence";
const VARIANT: &str = "issuance-portal";

/// The sandbox on port 0 with its test PKI, and what the runtime needs to call it.
struct Stand {
    sandbox: Sandbox,
    base: String,
    /// The test CA's certificate.
    ca: Certificate,
    /// The platform's key (`platform-gateway` of the roster).
    signer: Arc<SoftwareKey>,
}

async fn stand() -> Stand {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let at = DateTime::<Utc>::from(SystemTime::now());
    let pki = TestPki::generate(at, &reglament_sandbox::pki::base_url(addr)).unwrap();
    let ca = pki.ca.certificate().clone();
    let signer = Arc::new(pki.subject("platform-gateway").unwrap().signing_key(&ca).unwrap());
    let sandbox = Sandbox::new().with_pki(pki).requiring_envelopes();
    tokio::spawn(reglament_sandbox::serve(listener, sandbox.clone(), std::future::pending()));
    Stand { sandbox, base: format!("http://{addr}"), ca, signer }
}

impl Stand {
    /// The runtime on `t` calling the sandbox: two attempts per call, no back-off, retried
    /// jobs after 1, 2, 4 … minutes, escalated after 3 failed tries.
    fn runtime(&self, t: &TestStore) -> Runtime {
        let signer = self.signer.clone();
        let mut config = GatewayConfig::under(&self.base, "reglament-platform");
        for settings in config.systems.values_mut() {
            settings.timeout = Duration::from_millis(300);
            settings.retry = RetryPolicy { attempts: 2, base_delay: Duration::ZERO, max_delay: Duration::ZERO };
        }
        let clock = Arc::new(ManualClock::new(Instant::now(), DateTime::<Utc>::from(SystemTime::now())));
        let http = Arc::new(
            HttpGateway::new(config, clock.clone(), Box::new(SplitMix64::new(11)), Some(signer.clone())).unwrap(),
        );
        let acts = reglament_testkit::regulation_files()
            .iter()
            .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
            .collect();
        let retry = RegistryRetry { first: TimeDelta::minutes(1), cap: TimeDelta::minutes(15), escalate_after: 3 };
        Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap())
            .unwrap()
            .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()))
            .with_gateway(Gateway { registries: http.clone(), payments: http, platform: signer, clock, retry })
    }

    fn trust(&self) -> Trust {
        Trust::new(vec![self.ca.clone()])
    }

    fn fault(&self, system: StateSystem, kind: FaultKind, count: FaultCount) {
        self.sandbox.set_fault(FaultSpec { system, kind, count }).unwrap();
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The sandbox's seeded person number `n` (0-based).
fn person(n: usize) -> Iin {
    reglament_sandbox::data::persons()[n].iin
}

/// Files C-1 for `applicant` on Thu 26 Mar 2026 10:00 (received at once).
async fn file(rt: &Runtime, id: &str, applicant: Iin) {
    let filed_at = at("2026-03-26T10:00:00+05:00");
    let cmd = Command::File { applicant, entity: None, provider: "960240000025".parse().unwrap(), filed_at };
    rt.file(id, SERVICE, VARIANT, &cmd, &actor_for(&cmd), filed_at, None).await.unwrap();
}

async fn events(rt: &Runtime, id: &str) -> Vec<Event> {
    rt.store().events(id).await.unwrap().iter().map(|e| serde_json::from_str(&e.event).unwrap()).collect()
}

async fn answers_are_kept_as_signed_evidence(s: &Stand, t: &TestStore) {
    let rt = s.runtime(t);
    file(&rt, "C-1", person(0)).await;
    // Every lookup's first attempt is spoiled in a different way: the client's second answers.
    s.fault(StateSystem::Individuals, FaultKind::Timeout, FaultCount::Times(1));
    s.fault(StateSystem::LegalStatistics, FaultKind::Malformed, FaultCount::Times(1));
    s.fault(StateSystem::Dispensaries, FaultKind::Truncated, FaultCount::Times(1));
    s.fault(StateSystem::Licences, FaultKind::Status(502), FaultCount::Times(1));
    reglament_testkit::done(rt.run_jobs("w", at("2026-03-26T10:00:01+05:00"), 50).await.unwrap());
    let (_, case) = rt.load("C-1").await.unwrap();
    assert!(case.awaiting.is_empty(), "{:?}", case.awaiting);
    let systems: Vec<StateSystem> = case.registry.keys().copied().collect();
    assert_eq!(
        systems,
        [
            StateSystem::Individuals,
            StateSystem::LegalStatistics,
            StateSystem::Dispensaries,
            StateSystem::Licences,
            StateSystem::Payments
        ]
    );
    let evidence = rt.store().evidence("C-1").await.unwrap();
    assert_eq!(evidence.len(), 5);
    for e in &evidence {
        assert_eq!(Runtime::check_evidence(e, &s.trust()), None, "{e:?}");
        let expected = if e.system == "payments" { ("no_invoice", 0) } else { ("answered", 2) };
        assert_eq!((e.outcome.as_str(), e.attempts), expected, "{e:?}");
    }
    let individuals = evidence.iter().find(|e| e.system == "individuals").unwrap();
    assert!(individuals.body.contains(&person(0).as_string()), "{}", individuals.body);
    // Never billed: the payment lookup indicates the act's ground "fee not paid".
    let indicated: Vec<(&str, Vec<Finding>)> =
        case.indicated.iter().map(|(g, f)| (g.as_str(), f.iter().copied().collect())).collect();
    assert_eq!(indicated, [("fee-not-paid", vec![Finding::FeeUnpaid])]);
    // The evidence is what the case recorded.
    let recorded = events(&rt, "C-1").await.into_iter().any(|e| {
        matches!(e, Event::RegistryDataRecorded { system: StateSystem::Individuals, evidence, .. } if evidence == individuals.sha256)
    });
    assert!(recorded);
    // A changed answer, or a signature by another key, no longer checks.
    let mut changed = individuals.clone();
    changed.body = changed.body.replace("Төлегенов", "Тулегенов");
    assert!(Runtime::check_evidence(&changed, &s.trust()).unwrap().contains("hash"));
    let stranger = TestPki::generate(individuals.answered_at, "http://127.0.0.1:9").unwrap();
    assert!(Runtime::check_evidence(individuals, &Trust::new(vec![stranger.ca.certificate().clone()])).is_some());
}

async fn a_system_down_escalates_then_answers(s: &Stand, t: &TestStore) {
    let rt = s.runtime(t);
    file(&rt, "C-2", person(1)).await;
    let due = |case: &reglament_engine::Case| {
        let law = rt.law_of(case).unwrap();
        reglament_engine::clocks::clocks(case, &law)
            .into_iter()
            .find(|(c, _)| *c == reglament_engine::ClockId::Service)
            .and_then(|(_, clock)| clock.due(law.wt).unwrap())
    };
    let (_, before) = rt.load("C-2").await.unwrap();
    s.fault(StateSystem::LegalStatistics, FaultKind::Status(503), FaultCount::Always(Always::Always));
    let t0 = at("2026-03-26T10:00:01+05:00");
    // Tries 1 and 2 fail: the job is released for 1, then 2 minutes; the case waits, not escalated.
    for (minutes, escalated) in [(0, false), (1, false), (3, true)] {
        reglament_testkit::done(rt.run_jobs("w", t0 + TimeDelta::minutes(minutes), 50).await.unwrap());
        let (_, case) = rt.load("C-2").await.unwrap();
        let waiting = &case.awaiting[&StateSystem::LegalStatistics];
        assert_eq!(waiting.escalated.is_some(), escalated, "after the try at +{minutes} min");
        assert_eq!(case.awaiting.len(), 1);
    }
    // Between the tries only the escalation's notices (the executor, quality control) are due.
    assert_eq!(reglament_testkit::done(rt.run_jobs("w", t0 + TimeDelta::minutes(4), 50).await.unwrap()), 2);
    let row = rt.store().case("C-2").await.unwrap().unwrap();
    assert_eq!(row.waiting, ["legal_statistics!"]);
    let waiting = rt.store().cases(&CaseFilter { waiting_only: true, ..CaseFilter::default() }).await.unwrap();
    assert!(waiting.iter().any(|c| c.id == "C-2"));
    let escalations =
        events(&rt, "C-2").await.into_iter().filter(|e| matches!(e, Event::RegistryUnavailable { .. })).count();
    assert_eq!(escalations, 1);
    // The term was not paused.
    let (_, during) = rt.load("C-2").await.unwrap();
    assert_eq!(due(&during), due(&before));
    // The system comes back: the next try (+7 min) is answered and the wait ends.
    s.sandbox.clear_faults();
    reglament_testkit::done(rt.run_jobs("w", t0 + TimeDelta::minutes(7), 50).await.unwrap());
    let (_, after) = rt.load("C-2").await.unwrap();
    assert!(after.awaiting.is_empty());
    assert!(rt.store().case("C-2").await.unwrap().unwrap().waiting.is_empty());
}

async fn an_unknown_applicant_is_an_answer(s: &Stand, t: &TestStore) {
    let rt = s.runtime(t);
    file(&rt, "C-3", "871008401427".parse().unwrap()).await;
    reglament_testkit::done(rt.run_jobs("w", at("2026-03-26T10:00:01+05:00"), 50).await.unwrap());
    let evidence = rt.store().evidence("C-3").await.unwrap();
    let individuals = evidence.iter().find(|e| e.system == "individuals").unwrap();
    assert_eq!(individuals.outcome, "gateway.not_found");
    assert_eq!(Runtime::check_evidence(individuals, &s.trust()), None);
    assert!(rt.load("C-3").await.unwrap().1.awaiting.is_empty());
}

/// A paid application by a person with an unspent conviction: the answer indicates the act's
/// ground "requirements not met"; the executor proposes the refusal on it, which leads to the
/// hearing, not to a refusal without one.
async fn a_conviction_indicates_the_acts_ground(s: &Stand, t: &TestStore) {
    let rt = s.runtime(t);
    let filed_at = at("2026-03-26T10:00:00+05:00");
    let invoice = rt.bill("C-6", SERVICE, VARIANT, person(2), filed_at).await.unwrap();
    s.sandbox.pay(&invoice.reference, None, filed_at).unwrap();
    file(&rt, "C-6", person(2)).await;
    reglament_testkit::done(rt.run_jobs("w", filed_at + TimeDelta::seconds(1), 50).await.unwrap());
    let (_, case) = rt.load("C-6").await.unwrap();
    let indicated: Vec<(&str, Vec<Finding>)> =
        case.indicated.iter().map(|(g, f)| (g.as_str(), f.iter().copied().collect())).collect();
    assert_eq!(indicated, [("requirements-not-met", vec![Finding::UnspentConviction])]);
    let executor = |step: &str| Command::CompleteStep { step: step.into(), outcome: Outcome::Next };
    reglament_testkit::give(&rt, "C-6", &executor("completeness"), filed_at + TimeDelta::hours(1)).await.unwrap();
    let grounds: Vec<String> = case.indicated.keys().cloned().collect();
    let propose = Command::ProposeRefusal { step: "review".into(), grounds };
    let (case, _) = reglament_testkit::give(&rt, "C-6", &propose, filed_at + TimeDelta::hours(2)).await.unwrap();
    assert_eq!(case.refusal, Some(vec!["requirements-not-met".to_owned()]));
    assert!(case.is_open(), "the refusal waits for the hearing");
}

async fn the_fee_is_billed_once_checked_and_reconciled(s: &Stand, t: &TestStore) {
    let rt = s.runtime(t);
    let now = at("2026-03-26T09:30:00+05:00");
    let created = s.sandbox.stats().invoices_created;
    let first = rt.bill("C-4", SERVICE, VARIANT, person(3), now).await.unwrap();
    let again = rt.bill("C-4", SERVICE, VARIANT, person(3), now).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(s.sandbox.stats().invoices_created, created + 1);
    // 6 MCI of 2026 (4 325 ₸).
    assert_eq!(first.amount_tiyn, 2_595_000);
    // Unpaid: the portal refuses with the act's own message (the 2021 act has no payment
    // check of its own, so the message is absent and the code says why).
    let refused = rt.check_billed("C-4", SERVICE, VARIANT, now).await.unwrap_err();
    assert_eq!(refused.code(), "payment.unpaid");
    let RuntimeError::Refused(refusal) = &refused else { panic!("{refused:?}") };
    assert_eq!(refusal.message, None);
    // Paid short, then the portal still refuses.
    let paid_at = at("2026-03-26T09:40:00+05:00");
    s.sandbox.pay(&first.reference, Some(Money::from_tiyn(1_000_000)), paid_at).unwrap();
    assert_eq!(rt.check_billed("C-4", SERVICE, VARIANT, now).await.unwrap_err().code(), "payment.short");
    // A fully paid application files; the reconciliation records the payment on the case.
    let paid = rt.bill("C-5", SERVICE, VARIANT, person(0), now).await.unwrap();
    s.sandbox.pay(&paid.reference, None, paid_at).unwrap();
    assert_eq!(rt.check_billed("C-5", SERVICE, VARIANT, now).await.unwrap().amount, Money::from_tiyn(2_595_000));
    file(&rt, "C-5", person(0)).await;
    let day = now.date_naive();
    let report = rt.reconcile(day, day, at("2026-03-26T19:00:00+05:00")).await.unwrap();
    let line = |reference: &str| report.lines.iter().find(|l| l.reference == reference).unwrap();
    assert_eq!((line(&first.reference).standing, line(&first.reference).recorded), (Standing::Short, false));
    assert_eq!((line(&paid.reference).standing, line(&paid.reference).recorded), (Standing::Paid, true));
    let (_, case) = rt.load("C-5").await.unwrap();
    assert_eq!(case.payments, [(2_595_000, paid.reference.clone())]);
    // Reconciling again records nothing twice.
    rt.reconcile(day, day, at("2026-03-26T19:05:00+05:00")).await.unwrap();
    assert_eq!(rt.load("C-5").await.unwrap().1.payments.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_and_billing_hold_against_the_sandbox_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        // A sandbox per backend: the invoices are keyed by application id.
        let s = stand().await;
        answers_are_kept_as_signed_evidence(&s, &t).await;
        a_system_down_escalates_then_answers(&s, &t).await;
        s.sandbox.clear_faults();
        an_unknown_applicant_is_an_answer(&s, &t).await;
        a_conviction_indicates_the_acts_ground(&s, &t).await;
        the_fee_is_billed_once_checked_and_reconciled(&s, &t).await;
        t.finish().await.unwrap();
    }
}
