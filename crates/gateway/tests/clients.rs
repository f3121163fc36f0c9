//! Both clients against the sandbox on port 0 over real HTTP: normal answers, every fault kind
//! (retry then success, and exhausted), the circuit breaker on an injected clock, and the
//! payment idempotency key across retries. No sleeps: back-off is configured to zero, and the
//! only waits are the clients' own short timeouts.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use reglament_domain::{Iin, Money};
use reglament_gateway::{
    BreakerPolicy, BreakerState, ClientConfig, GatewayError, HttpIndividuals, HttpPayments, IdempotencyKey,
    IndividualsRegistry, InvoiceRef, InvoiceRequest, InvoiceStatus, ManualClock, PaymentGateway, RetryPolicy,
    SplitMix64, SystemClock,
};
use reglament_sandbox::{FaultCount, FaultKind, FaultSpec, Sandbox, System, data};

const TIMEOUT: Duration = Duration::from_millis(250);

async fn spawn() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(reglament_sandbox::serve(listener, sandbox.clone(), std::future::pending()));
    (sandbox, format!("http://{addr}"))
}

fn config(base: &str, prefix: &str, attempts: u32) -> ClientConfig {
    ClientConfig {
        base_url: format!("{base}/{prefix}/v1"),
        timeout: TIMEOUT,
        retry: RetryPolicy { attempts, base_delay: Duration::ZERO, max_delay: Duration::ZERO },
        breaker: BreakerPolicy { failure_threshold: 3, cool_down: Duration::from_secs(30) },
    }
}

fn individuals(base: &str, attempts: u32) -> HttpIndividuals {
    HttpIndividuals::new(config(base, "individuals", attempts), Arc::new(SystemClock), Box::new(SplitMix64::new(7)))
        .unwrap()
}

fn payments(base: &str, attempts: u32) -> HttpPayments {
    HttpPayments::new(config(base, "payments", attempts), Arc::new(SystemClock), Box::new(SplitMix64::new(11))).unwrap()
}

fn fault(sandbox: &Sandbox, system: System, kind: FaultKind, count: FaultCount) {
    sandbox.set_fault(FaultSpec { system, kind, count }).unwrap();
}

fn always() -> FaultCount {
    FaultCount::Always(reglament_sandbox::Always::Always)
}

fn seed(index: usize) -> data::SeedPerson {
    data::persons().swap_remove(index)
}

/// Every fault kind that a retry can get past, with the client's timeout in mind.
fn transient_faults() -> Vec<FaultKind> {
    vec![
        FaultKind::Status(503),
        FaultKind::Status(500),
        FaultKind::Malformed,
        FaultKind::Truncated,
        FaultKind::Timeout,
        FaultKind::Latency(2_000),
    ]
}

#[tokio::test]
async fn individuals_answers_persons_and_not_found() {
    let (sandbox, base) = spawn().await;
    let client = individuals(&base, 3);
    let first = seed(0);
    let person = client.person(&first.iin).await.unwrap();
    assert_eq!((person.iin, person.surname.as_str(), person.criminal_record), (first.iin, "Төлегенов", false));
    assert_eq!(person.birth_date, first.birth_date);
    let convicted = client.person(&seed(2).iin).await.unwrap();
    assert!(convicted.criminal_record);
    assert_eq!(client.person(&seed(4).iin).await.unwrap().patronymic, None);

    let unknown: Iin = "871008401427".parse().unwrap();
    let err = client.person(&unknown).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.not_found", 1), "{err}");

    // Each call has its own UUID-shaped request id, sent with its attempt number.
    let journal = sandbox.journal();
    assert_eq!(journal.len(), 4);
    let ids: Vec<_> = journal.iter().map(|e| e.request_id.clone().unwrap()).collect();
    assert!(ids.iter().all(|id| id.len() == 36 && id.as_bytes()[14] == b'4'), "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] != w[1]));
    assert!(journal.iter().all(|e| e.attempt.as_deref() == Some("1")));
    // A latency below the timeout is just a slower answer.
    fault(&sandbox, System::Individuals, FaultKind::Latency(20), FaultCount::Times(1));
    assert_eq!(client.person(&first.iin).await.unwrap().iin, first.iin);
    assert_eq!(sandbox.journal().len(), 5);
}

#[tokio::test]
async fn individuals_retries_each_fault_then_succeeds() {
    for kind in transient_faults() {
        let (sandbox, base) = spawn().await;
        let client = individuals(&base, 3);
        fault(&sandbox, System::Individuals, kind, FaultCount::Times(2));
        let person = client.person(&seed(1).iin).await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(person.iin, seed(1).iin);
        let journal = sandbox.journal();
        assert_eq!(journal.len(), 3, "{kind:?}");
        assert_eq!(journal.iter().map(|e| e.attempt.clone().unwrap()).collect::<Vec<_>>(), ["1", "2", "3"]);
        assert!(journal.iter().all(|e| e.request_id == journal[0].request_id), "one call, one request id");
        assert_eq!(journal.iter().map(|e| e.fault).collect::<Vec<_>>(), [Some(kind), Some(kind), None]);
    }
}

#[tokio::test]
async fn individuals_exhausted_faults_have_their_codes() {
    let cases = [
        (FaultKind::Timeout, "gateway.timeout"),
        (FaultKind::Latency(2_000), "gateway.timeout"),
        (FaultKind::Status(503), "gateway.unavailable"),
        (FaultKind::Status(502), "gateway.unavailable"),
        (FaultKind::Malformed, "gateway.malformed"),
        (FaultKind::Truncated, "gateway.malformed"),
    ];
    for (kind, code) in cases {
        let (sandbox, base) = spawn().await;
        let client = individuals(&base, 2);
        fault(&sandbox, System::Individuals, kind, always());
        let err = client.person(&seed(0).iin).await.unwrap_err();
        assert_eq!(
            (err.code(), err.attempts(), err.system()),
            (code, 2, reglament_gateway::System::Individuals),
            "{kind:?}: {err}"
        );
        let text = err.to_string();
        assert!(text.starts_with("individuals: ") && text.contains('2'), "{text}");
        if kind == FaultKind::Truncated {
            assert!(text.contains("truncated"), "{text}");
        }
        assert_eq!(sandbox.journal().len(), 2);
    }
}

#[tokio::test]
async fn unreachable_system_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = individuals(&base, 2).person(&seed(0).iin).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.unavailable", 2), "{err}");
}

#[tokio::test]
async fn circuit_opens_after_failed_calls_and_recovers_half_open() {
    let (sandbox, base) = spawn().await;
    let clock = ManualClock::new(Instant::now());
    let mut settings = config(&base, "individuals", 1);
    settings.breaker = BreakerPolicy { failure_threshold: 2, cool_down: Duration::from_secs(30) };
    let client = HttpIndividuals::new(settings, Arc::new(clock.clone()), Box::new(SplitMix64::new(1))).unwrap();
    let iin = seed(0).iin;

    fault(&sandbox, System::Individuals, FaultKind::Status(503), always());
    for _ in 0..2 {
        assert_eq!(client.person(&iin).await.unwrap_err().code(), "gateway.unavailable");
    }
    assert_eq!(client.breaker_state(), BreakerState::Open);
    let err = client.person(&iin).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.circuit_open", 0));
    assert!(matches!(err, GatewayError::CircuitOpen { retry_after, .. } if retry_after == Duration::from_secs(30)));
    assert_eq!(sandbox.journal().len(), 2, "an open breaker sends nothing");

    // Cool-down passes; the probe fails: open again, for a new cool-down.
    clock.advance(Duration::from_secs(30));
    assert_eq!(client.person(&iin).await.unwrap_err().code(), "gateway.unavailable");
    assert_eq!(client.breaker_state(), BreakerState::Open);
    clock.advance(Duration::from_secs(29));
    assert_eq!(client.person(&iin).await.unwrap_err().code(), "gateway.circuit_open");
    assert_eq!(sandbox.journal().len(), 3);

    // The system recovers; after the cool-down the probe succeeds and the breaker closes.
    sandbox.clear_faults();
    clock.advance(Duration::from_secs(1));
    assert_eq!(client.person(&iin).await.unwrap().iin, iin);
    assert_eq!(client.breaker_state(), BreakerState::Closed);
    assert_eq!(client.person(&iin).await.unwrap().iin, iin);

    // "Not found" is an answer, not a failure: it never opens the breaker.
    let unknown: Iin = "871008401427".parse().unwrap();
    for _ in 0..3 {
        assert_eq!(client.person(&unknown).await.unwrap_err().code(), "gateway.not_found");
    }
    assert_eq!(client.breaker_state(), BreakerState::Closed);
}

fn request(payer: Iin, key: &str) -> InvoiceRequest {
    InvoiceRequest {
        payer,
        amount: Money::from_tiyn(259_500),
        purpose: "Лицензионный сбор".into(),
        idempotency_key: IdempotencyKey::new(key).unwrap(),
    }
}

#[tokio::test]
async fn payments_create_and_read_invoices() {
    let (sandbox, base) = spawn().await;
    let client = payments(&base, 3);
    let payer = seed(3).iin;
    let invoice = client.invoice(&request(payer, "case-1-fee")).await.unwrap();
    assert_eq!(
        (invoice.status, invoice.payer, invoice.amount),
        (InvoiceStatus::Unpaid, payer, Money::from_tiyn(259_500))
    );
    let again = client.invoice(&request(payer, "case-1-fee")).await.unwrap();
    assert_eq!(again, invoice, "the same key answers the same invoice");
    let other = client.invoice(&request(payer, "case-2-fee")).await.unwrap();
    assert_ne!(other.reference, invoice.reference);
    assert_eq!(sandbox.stats().invoices_created, 2);
    assert_eq!(client.status(&invoice.reference).await.unwrap(), invoice);

    let paid = client.status(&InvoiceRef::new("INV-000001").unwrap()).await.unwrap();
    assert_eq!((paid.status, paid.payer), (InvoiceStatus::Paid, seed(0).iin));
    assert!(paid.paid_at.is_some());
    let unpaid = client.status(&InvoiceRef::new("INV-000002").unwrap()).await.unwrap();
    assert_eq!(unpaid.status, InvoiceStatus::Unpaid);
    let err = client.status(&InvoiceRef::new("INV-999999").unwrap()).await.unwrap_err();
    assert_eq!(err.code(), "gateway.not_found");

    // The same key for another amount is refused, not retried, and creates nothing.
    let mut changed = request(payer, "case-1-fee");
    changed.amount = Money::from_tiyn(1);
    let err = client.invoice(&changed).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.rejected", 1), "{err}");
    assert_eq!(sandbox.stats().invoices_created, 2);
}

#[tokio::test]
async fn payment_retries_never_create_a_second_invoice() {
    for kind in transient_faults() {
        let (sandbox, base) = spawn().await;
        let client = payments(&base, 3);
        // The sandbox creates the invoice, then loses the answer — twice.
        fault(&sandbox, System::Payments, kind, FaultCount::Times(2));
        let invoice =
            client.invoice(&request(seed(1).iin, "case-7-fee")).await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(invoice.status, InvoiceStatus::Unpaid);
        let journal = sandbox.journal();
        assert_eq!(journal.len(), 3, "{kind:?}");
        assert!(journal.iter().all(|e| e.idempotency_key.as_deref() == Some("case-7-fee")));
        assert!(journal.iter().all(|e| e.request_id == journal[0].request_id));
        assert_eq!(sandbox.stats().invoices_created, 1, "{kind:?}: three requests, one invoice");
        assert_eq!(client.status(&invoice.reference).await.unwrap(), invoice);
    }
}

#[tokio::test]
async fn payments_exhausted_and_breaker() {
    let (sandbox, base) = spawn().await;
    let client = payments(&base, 2);
    fault(&sandbox, System::Payments, FaultKind::Status(503), always());
    for _ in 0..3 {
        let err = client.invoice(&request(seed(0).iin, "case-9-fee")).await.unwrap_err();
        assert_eq!((err.code(), err.attempts()), ("gateway.unavailable", 2), "{err}");
        assert!(err.to_string().starts_with("payments: "), "{err}");
    }
    assert_eq!(client.breaker_state(), BreakerState::Open);
    assert_eq!(client.invoice(&request(seed(0).iin, "case-9-fee")).await.unwrap_err().code(), "gateway.circuit_open");
    assert_eq!(sandbox.stats().invoices_created, 1, "six requests under one key, one invoice");
    // Faults on one system leave the other alone.
    assert!(individuals(&base, 1).person(&seed(0).iin).await.is_ok());
}

#[test]
fn configuration_is_checked() {
    let clock = Arc::new(SystemClock);
    for base in ["https://127.0.0.1:1/x", "not a url", "/relative"] {
        let err =
            HttpIndividuals::new(ClientConfig::new(base), clock.clone(), Box::new(SplitMix64::new(0))).err().unwrap();
        assert_eq!(err.code(), "gateway.config", "{base}");
    }
    assert!(IdempotencyKey::new("").is_none());
    assert!(IdempotencyKey::new("a/b").is_none());
    assert!(InvoiceRef::new("../admin").is_none());
}

#[test]
fn backoff_doubles_is_capped_and_jitter_stays_in_the_upper_half() {
    let policy =
        RetryPolicy { attempts: 5, base_delay: Duration::from_millis(100), max_delay: Duration::from_millis(350) };
    assert_eq!(policy.backoff(1, 0), Duration::from_millis(50));
    assert_eq!(policy.backoff(1, u64::MAX), Duration::from_millis(100) - Duration::from_nanos(1));
    assert_eq!(policy.backoff(2, 0), Duration::from_millis(100));
    assert_eq!(policy.backoff(3, 0), Duration::from_millis(175), "capped at 350 ms");
    assert_eq!(policy.backoff(40, 0), Duration::from_millis(175));
    let mut entropy = SplitMix64::new(42);
    for attempt in 1..6 {
        let delay = policy.backoff(attempt, reglament_gateway::Entropy::next_u64(&mut entropy));
        assert!(delay >= policy.backoff(attempt, 0) && delay <= policy.backoff(attempt, u64::MAX), "{delay:?}");
    }
    let sequence = |seed| {
        let mut e = SplitMix64::new(seed);
        (0..4).map(|_| reglament_gateway::Entropy::next_u64(&mut e)).collect::<Vec<_>>()
    };
    assert_eq!(sequence(9), sequence(9));
    assert_ne!(sequence(9), sequence(10));
}
