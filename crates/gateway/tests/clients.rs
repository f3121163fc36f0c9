//! The gateway against the sandbox on port 0 over real HTTP, the sandbox requiring signed
//! envelopes and verifying each against its test PKI: every system's normal answer, every fault
//! kind (retry then success, and exhausted), the circuit breaker on an injected clock, the
//! envelope refused when unsigned or signed by a stranger, the payment idempotency key across
//! retries, and the statement. No sleeps: back-off is configured to zero, and the only waits
//! are the clients' own short timeouts.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::{Bin, Iin, Money};
use reglament_gateway::{
    Answer, Answered, BreakerPolicy, BreakerState, CompanyStatus, DocumentKind, EnvelopeSigner, GatewayConfig,
    GatewayError, Holder, HttpGateway, IdempotencyKey, InvestigationStatus, InvoiceRef, InvoiceRequest, InvoiceStatus,
    LicenceStatus, ManualClock, PaymentGateway, Query, Registries, RetryPolicy, SplitMix64, StateSystem,
};
use reglament_pki::issue::TestPki;
use reglament_sandbox::{FaultCount, FaultKind, FaultSpec, Sandbox, data};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const TIMEOUT: Duration = Duration::from_millis(200);
const SENDER: &str = "reglament-platform";

/// A sandbox served on port 0, its test PKI generated now, and the platform's key from it.
struct Stand {
    sandbox: Sandbox,
    base: String,
    signer: EnvelopeSigner,
    at: DateTime<Utc>,
}

async fn start(requiring: bool) -> Stand {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let at = DateTime::<Utc>::from(SystemTime::now());
    let pki = TestPki::generate(at, &reglament_sandbox::pki::base_url(addr)).unwrap();
    let signer = platform_key(&pki);
    let mut sandbox = Sandbox::new().with_pki(pki);
    if requiring {
        sandbox = sandbox.requiring_envelopes();
    }
    tokio::spawn(reglament_sandbox::serve(listener, sandbox.clone(), std::future::pending()));
    Stand { sandbox, base: format!("http://{addr}"), signer, at }
}

fn platform_key(pki: &TestPki) -> EnvelopeSigner {
    let subject = pki.subject("platform-gateway").unwrap();
    Arc::new(subject.signing_key(pki.ca.certificate()).unwrap())
}

impl Stand {
    /// A gateway to every system with `attempts` attempts, no back-off, the breaker opening
    /// after 3 failed calls, on `clock`.
    fn gateway_on(&self, attempts: u32, clock: &ManualClock, signer: Option<EnvelopeSigner>) -> HttpGateway {
        let mut config = GatewayConfig::under(&self.base, SENDER);
        for settings in config.systems.values_mut() {
            settings.timeout = TIMEOUT;
            settings.retry = RetryPolicy { attempts, base_delay: Duration::ZERO, max_delay: Duration::ZERO };
            settings.breaker = BreakerPolicy { failure_threshold: 3, cool_down: Duration::from_secs(30) };
        }
        HttpGateway::new(config, Arc::new(clock.clone()), Box::new(SplitMix64::new(7)), signer).unwrap()
    }

    fn clock(&self) -> ManualClock {
        ManualClock::new(Instant::now(), self.at)
    }

    fn gateway(&self, attempts: u32) -> HttpGateway {
        self.gateway_on(attempts, &self.clock(), Some(self.signer.clone()))
    }

    fn fault(&self, system: StateSystem, kind: FaultKind, count: FaultCount) {
        self.sandbox.set_fault(FaultSpec { system, kind, count }).unwrap();
    }

    /// `POST {path}` to the sandbox's admin routes with a JSON body; the answer's body.
    async fn admin_post(&self, path: &str, body: &str) -> String {
        let addr = self.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let request = format!(
            "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        answer.split_once("\r\n\r\n").unwrap().1.to_owned()
    }
}

fn always() -> FaultCount {
    FaultCount::Always(reglament_sandbox::Always::Always)
}

fn persons() -> Vec<Iin> {
    data::persons().into_iter().map(|p| p.iin).collect()
}

fn companies() -> Vec<Bin> {
    data::companies(&data::persons()).into_iter().map(|c| c.bin).collect()
}

/// One query per registry, each about a seeded subject.
fn one_query_per_registry() -> Vec<Query> {
    let (persons, companies) = (persons(), companies());
    vec![
        Query::Person(persons[0]),
        Query::Company(companies[0]),
        Query::CriminalRecord(persons[2]),
        Query::Dispensaries(persons[4]),
        Query::Licences(Holder::Individual(persons[0])),
    ]
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

fn parsed(answered: &Answered) -> serde_json::Value {
    serde_json::from_slice(&answered.body).unwrap()
}

#[tokio::test]
async fn every_registry_answers_by_its_contract() {
    let stand = start(true).await;
    let gateway = stand.gateway(3);
    let (persons, companies) = (persons(), companies());

    let answered = gateway.ask(&Query::Person(persons[0])).await.unwrap();
    assert_eq!((answered.system, answered.attempts), (StateSystem::Individuals, 1));
    let Answer::Person(person) = &answered.answer else { panic!("{answered:?}") };
    assert_eq!((person.iin, person.surname.as_str()), (persons[0], "Төлегенов"));
    assert_eq!(person.document.kind, DocumentKind::IdentityCard);
    assert!(person.document.valid_until > person.document.issued_on);
    assert_eq!(parsed(&answered)["document"]["number"], person.document.number.as_str(), "the body is the answer");
    let Answer::Person(omarov) = gateway.ask(&Query::Person(persons[4])).await.unwrap().answer else { panic!() };
    assert_eq!(omarov.patronymic, None);

    let answered = gateway.ask(&Query::Company(companies[0])).await.unwrap();
    assert_eq!(answered.system, StateSystem::LegalEntities);
    let Answer::Company(company) = &answered.answer else { panic!("{answered:?}") };
    assert_eq!((company.bin, company.status), (companies[0], CompanyStatus::Active));
    assert_eq!(company.head.iin, persons[0]);
    let Answer::Company(liquidated) = gateway.ask(&Query::Company(companies[2])).await.unwrap().answer else {
        panic!()
    };
    assert_eq!(liquidated.status, CompanyStatus::Liquidated);

    let record = |iin| {
        let gateway = &gateway;
        async move {
            let answered = gateway.ask(&Query::CriminalRecord(iin)).await.unwrap();
            assert_eq!(answered.system, StateSystem::LegalStatistics);
            let Answer::CriminalRecord(record) = answered.answer else { panic!("{answered:?}") };
            record
        }
    };
    let clean = record(persons[0]).await;
    assert!(clean.convictions.is_empty() && clean.investigations.is_empty(), "{clean:?}");
    let convicted = record(persons[2]).await;
    assert_eq!(convicted.convictions.len(), 1, "{convicted:?}");
    let investigated = record(persons[3]).await;
    assert!(investigated.has_open_investigation(), "{investigated:?}");
    assert_eq!(investigated.investigations[0].status, InvestigationStatus::Open);

    let dispensary = |iin| {
        let gateway = &gateway;
        async move {
            let answered = gateway.ask(&Query::Dispensaries(iin)).await.unwrap();
            assert_eq!(answered.system, StateSystem::Dispensaries);
            let Answer::Dispensaries(record) = answered.answer else { panic!("{answered:?}") };
            record
        }
    };
    let registered = dispensary(persons[4]).await;
    assert!(registered.narcological.registered && registered.narcological.since.is_some(), "{registered:?}");
    assert!(!registered.psychiatric.registered);
    assert!(!dispensary(persons[0]).await.narcological.registered);

    let licences = |holder| {
        let gateway = &gateway;
        async move {
            let answered = gateway.ask(&Query::Licences(holder)).await.unwrap();
            assert_eq!(answered.system, StateSystem::Licences);
            let Answer::Licences(list) = answered.answer else { panic!("{answered:?}") };
            assert_eq!(list.holder, holder);
            list.licences
        }
    };
    let held = licences(Holder::Individual(persons[0])).await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].status, LicenceStatus::Valid);
    assert_eq!(licences(Holder::Entity(companies[1])).await.len(), 1);
    assert!(licences(Holder::Individual(persons[1])).await.is_empty(), "a holder with none: an empty list");

    // Unknown subjects: not found, at once.
    let stranger: Iin = "871008401427".parse().unwrap();
    let no_company: Bin = "240540012347".parse().unwrap();
    for query in [
        Query::Person(stranger),
        Query::Company(no_company),
        Query::CriminalRecord(stranger),
        Query::Dispensaries(stranger),
    ] {
        let err = gateway.ask(&query).await.unwrap_err();
        assert_eq!((err.code(), err.attempts(), err.system()), ("gateway.not_found", 1, query.system()), "{err}");
    }

    // Every request carried a verified envelope; each call has its own UUID-shaped id, which is
    // the envelope's message id.
    let journal = stand.sandbox.journal();
    assert_eq!(journal.len(), 16);
    for entry in &journal {
        assert!(entry.envelope_verified, "{entry:?}");
        assert_eq!(entry.signer.as_deref(), Some("REGLAMENT GATEWAY"));
        assert_eq!(entry.sender.as_deref(), Some(SENDER));
        assert_eq!(entry.message_id, entry.request_id);
        assert_eq!(entry.attempt.as_deref(), Some("1"));
        let id = entry.request_id.as_deref().unwrap();
        assert!(id.len() == 36 && id.as_bytes()[14] == b'4', "{id}");
    }
    assert!(journal.windows(2).all(|w| w[0].request_id != w[1].request_id));
}

#[tokio::test]
async fn every_system_retries_each_fault_then_succeeds() {
    let stand = start(true).await;
    let gateway = stand.gateway(3);
    let paid = InvoiceRef::new("INV-000001").unwrap();
    for kind in transient_faults() {
        for system in StateSystem::ALL {
            stand.fault(system, kind, FaultCount::Times(1));
            let before = stand.sandbox.journal().len();
            let attempts = if system == StateSystem::Payments {
                gateway.status(&paid).await.map(|invoice| assert_eq!(invoice.reference, paid)).map(|()| 2)
            } else {
                let query = one_query_per_registry().into_iter().find(|q| q.system() == system).unwrap();
                gateway.ask(&query).await.map(|answered| answered.attempts)
            };
            assert_eq!(attempts.unwrap_or_else(|e| panic!("{system} {kind:?}: {e}")), 2, "{system} {kind:?}");
            let journal = &stand.sandbox.journal()[before..];
            assert_eq!(journal.iter().map(|e| e.fault).collect::<Vec<_>>(), [Some(kind), None], "{system} {kind:?}");
            assert_eq!(journal.iter().map(|e| e.attempt.clone().unwrap()).collect::<Vec<_>>(), ["1", "2"]);
            assert!(journal.iter().all(|e| e.system == system && e.envelope_verified));
            assert_eq!(journal[0].request_id, journal[1].request_id, "one call, one request id");
        }
    }
    // A latency below the timeout is just a slower answer.
    stand.fault(StateSystem::Individuals, FaultKind::Latency(20), FaultCount::Times(1));
    assert_eq!(gateway.ask(&one_query_per_registry()[0]).await.unwrap().attempts, 1);
    for system in StateSystem::ALL {
        assert_eq!(gateway.breaker_state(system), Some(BreakerState::Closed));
    }
}

#[tokio::test]
async fn exhausted_faults_have_their_codes_on_every_system() {
    let cases = [
        (FaultKind::Timeout, "gateway.timeout"),
        (FaultKind::Latency(2_000), "gateway.timeout"),
        (FaultKind::Status(503), "gateway.unavailable"),
        (FaultKind::Status(502), "gateway.unavailable"),
        (FaultKind::Malformed, "gateway.malformed"),
        (FaultKind::Truncated, "gateway.malformed"),
    ];
    let stand = start(true).await;
    for (kind, code) in cases {
        let gateway = Arc::new(stand.gateway(2));
        for system in StateSystem::ALL {
            stand.fault(system, kind, always());
        }
        // Every system at once: the timeouts run side by side.
        let mut calls = Vec::new();
        for query in one_query_per_registry() {
            let gateway = gateway.clone();
            calls.push(tokio::spawn(async move { gateway.ask(&query).await.map(|_| ()) }));
        }
        let payments = gateway.clone();
        calls.push(tokio::spawn(
            async move { payments.status(&InvoiceRef::new("INV-000002").unwrap()).await.map(|_| ()) },
        ));
        let mut systems = Vec::new();
        for call in calls {
            let err = call.await.unwrap().unwrap_err();
            assert_eq!((err.code(), err.attempts()), (code, 2), "{kind:?}: {err}");
            let text = err.to_string();
            assert!(text.starts_with(&format!("{}: ", err.system())) && text.contains('2'), "{text}");
            if kind == FaultKind::Truncated {
                assert!(text.contains("truncated"), "{text}");
            }
            systems.push(err.system());
        }
        assert_eq!(systems, StateSystem::ALL);
        stand.sandbox.clear_faults();
    }
    assert_eq!(stand.sandbox.journal().len(), cases.len() * StateSystem::ALL.len() * 2);
}

#[tokio::test]
async fn an_unreachable_system_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut config = GatewayConfig::under(&base, SENDER);
    for settings in config.systems.values_mut() {
        settings.timeout = TIMEOUT;
        settings.retry = RetryPolicy { attempts: 2, base_delay: Duration::ZERO, max_delay: Duration::ZERO };
    }
    let gateway =
        HttpGateway::new(config, Arc::new(reglament_gateway::SystemClock), Box::new(SplitMix64::new(1)), None).unwrap();
    let err = gateway.ask(&one_query_per_registry()[1]).await.unwrap_err();
    assert_eq!((err.code(), err.attempts(), err.system()), ("gateway.unavailable", 2, StateSystem::LegalEntities));
}

#[tokio::test]
async fn the_circuit_opens_per_system_and_recovers_half_open() {
    let stand = start(true).await;
    let clock = stand.clock();
    let gateway = stand.gateway_on(1, &clock, Some(stand.signer.clone()));
    let query = Query::CriminalRecord(persons()[0]);
    let system = StateSystem::LegalStatistics;

    stand.fault(system, FaultKind::Status(503), always());
    for _ in 0..3 {
        assert_eq!(gateway.ask(&query).await.unwrap_err().code(), "gateway.unavailable");
    }
    assert_eq!(gateway.breaker_state(system), Some(BreakerState::Open));
    let err = gateway.ask(&query).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.circuit_open", 0));
    assert!(matches!(err, GatewayError::CircuitOpen { retry_after, .. } if retry_after == Duration::from_secs(30)));
    assert_eq!(stand.sandbox.journal().len(), 3, "an open breaker sends nothing");
    // One breaker per system: the others still answer.
    assert!(gateway.ask(&Query::Dispensaries(persons()[0])).await.is_ok());
    assert_eq!(gateway.breaker_state(StateSystem::Dispensaries), Some(BreakerState::Closed));

    // Cool-down passes; the probe fails: open again, for a new cool-down.
    clock.advance(Duration::from_secs(30));
    assert_eq!(gateway.ask(&query).await.unwrap_err().code(), "gateway.unavailable");
    assert_eq!(gateway.breaker_state(system), Some(BreakerState::Open));
    clock.advance(Duration::from_secs(29));
    assert_eq!(gateway.ask(&query).await.unwrap_err().code(), "gateway.circuit_open");
    assert_eq!(stand.sandbox.journal().len(), 5);

    // The system recovers; after the cool-down the probe succeeds and the breaker closes.
    stand.sandbox.clear_faults();
    clock.advance(Duration::from_secs(1));
    assert!(gateway.ask(&query).await.is_ok());
    assert_eq!(gateway.breaker_state(system), Some(BreakerState::Closed));

    // "Not found" is an answer, not a failure: it never opens the breaker.
    let unknown = Query::CriminalRecord("871008401427".parse().unwrap());
    for _ in 0..4 {
        assert_eq!(gateway.ask(&unknown).await.unwrap_err().code(), "gateway.not_found");
    }
    assert_eq!(gateway.breaker_state(system), Some(BreakerState::Closed));
}

#[tokio::test]
async fn the_sandbox_refuses_an_unsigned_or_foreign_envelope() {
    let stand = start(true).await;
    let clock = stand.clock();
    let query = one_query_per_registry()[0].clone();

    let unsigned = stand.gateway_on(3, &clock, None);
    let err = unsigned.ask(&query).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.rejected", 1), "refused, not retried: {err}");
    let text = err.to_string();
    assert!(text.contains("401") && text.contains("sandbox.unsigned"), "{text}");
    assert_eq!(unsigned.breaker_state(StateSystem::Individuals), Some(BreakerState::Closed), "an answer");

    // A key of another CA: the signature does not verify.
    let stranger = TestPki::generate(stand.at, "http://127.0.0.1:1/pki").unwrap();
    let foreign = stand.gateway_on(3, &clock, Some(platform_key(&stranger)));
    let err = foreign.ask(&query).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.rejected", 1), "{err}");
    assert!(err.to_string().contains("sandbox.bad_envelope"), "{err}");

    // The platform's own key passes.
    assert!(stand.gateway_on(3, &clock, Some(stand.signer.clone())).ask(&query).await.is_ok());
    let verified: Vec<bool> = stand.sandbox.journal().iter().map(|e| e.envelope_verified).collect();
    assert_eq!(verified, [false, false, true]);

    // A sandbox that does not require envelopes takes an unsigned request.
    let lenient = start(false).await;
    let unsigned = lenient.gateway_on(1, &lenient.clock(), None);
    assert!(unsigned.ask(&query).await.is_ok());
    assert!(!lenient.sandbox.journal()[0].envelope_verified);
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
async fn invoices_are_created_once_per_key_and_read_back() {
    let stand = start(true).await;
    let gateway = stand.gateway(3);
    let payer = persons()[3];
    let invoice = gateway.invoice(&request(payer, "case-1-fee")).await.unwrap();
    assert_eq!(
        (invoice.status, invoice.payer, invoice.amount, invoice.paid),
        (InvoiceStatus::Unpaid, payer, Money::from_tiyn(259_500), None)
    );
    let again = gateway.invoice(&request(payer, "case-1-fee")).await.unwrap();
    assert_eq!(again, invoice, "the same key answers the same invoice");
    let other = gateway.invoice(&request(payer, "case-2-fee")).await.unwrap();
    assert_ne!(other.reference, invoice.reference);
    assert_eq!(stand.sandbox.stats().invoices_created, 2);
    assert_eq!(gateway.status(&invoice.reference).await.unwrap(), invoice);

    let paid = gateway.status(&InvoiceRef::new("INV-000001").unwrap()).await.unwrap();
    assert_eq!((paid.status, paid.payer, paid.paid), (InvoiceStatus::Paid, persons()[0], Some(paid.amount)));
    assert!(paid.paid_at.is_some());
    let unpaid = gateway.status(&InvoiceRef::new("INV-000002").unwrap()).await.unwrap();
    assert_eq!((unpaid.status, unpaid.paid), (InvoiceStatus::Unpaid, None));
    let err = gateway.status(&InvoiceRef::new("INV-999999").unwrap()).await.unwrap_err();
    assert_eq!((err.code(), err.system()), ("gateway.not_found", StateSystem::Payments));

    // The same key for another amount is refused, not retried, and creates nothing.
    let mut changed = request(payer, "case-1-fee");
    changed.amount = Money::from_tiyn(1);
    let err = gateway.invoice(&changed).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.rejected", 1), "{err}");
    assert_eq!(stand.sandbox.stats().invoices_created, 2);
    assert!(stand.sandbox.journal().iter().all(|e| e.envelope_verified));
}

#[tokio::test]
async fn payment_retries_never_create_a_second_invoice() {
    let stand = start(true).await;
    let gateway = stand.gateway(3);
    for (n, kind) in transient_faults().into_iter().enumerate() {
        // The sandbox creates the invoice, then loses the answer — twice.
        stand.fault(StateSystem::Payments, kind, FaultCount::Times(2));
        let before = stand.sandbox.journal().len();
        let key = format!("case-{n}-fee");
        let invoice = gateway.invoice(&request(persons()[1], &key)).await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(invoice.status, InvoiceStatus::Unpaid);
        let journal = &stand.sandbox.journal()[before..];
        assert_eq!(journal.len(), 3, "{kind:?}");
        assert!(journal.iter().all(|e| e.idempotency_key.as_deref() == Some(key.as_str())));
        assert!(journal.iter().all(|e| e.request_id == journal[0].request_id && e.envelope_verified));
        assert_eq!(stand.sandbox.stats().invoices_created, n as u64 + 1, "{kind:?}: three requests, one invoice");
        assert_eq!(gateway.status(&invoice.reference).await.unwrap(), invoice);
    }
}

#[tokio::test]
async fn payments_exhausted_open_the_payments_breaker_only() {
    let stand = start(true).await;
    let gateway = stand.gateway(2);
    stand.fault(StateSystem::Payments, FaultKind::Status(503), always());
    for _ in 0..3 {
        let err = gateway.invoice(&request(persons()[0], "case-9-fee")).await.unwrap_err();
        assert_eq!((err.code(), err.attempts()), ("gateway.unavailable", 2), "{err}");
        assert!(err.to_string().starts_with("payments: "), "{err}");
    }
    assert_eq!(gateway.breaker_state(StateSystem::Payments), Some(BreakerState::Open));
    let err = gateway.invoice(&request(persons()[0], "case-9-fee")).await.unwrap_err();
    assert_eq!(err.code(), "gateway.circuit_open");
    assert_eq!(stand.sandbox.stats().invoices_created, 1, "six requests under one key, one invoice");
    // Faults on one system leave the others alone.
    assert!(gateway.ask(&one_query_per_registry()[0]).await.is_ok());
}

#[tokio::test]
async fn the_statement_lists_the_payments_of_the_days_asked() {
    let stand = start(true).await;
    let gateway = stand.gateway(3);
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();

    let january = gateway.statement(day(1, 1), day(1, 31)).await.unwrap();
    let references: Vec<&str> = january.iter().map(|p| p.reference.as_str()).collect();
    assert_eq!(references, ["INV-000001", "INV-000003"]);
    assert_eq!((january[0].payer, january[0].paid), (persons()[0], Money::from_tiyn(259_500)));
    assert!(gateway.statement(day(1, 16), day(1, 19)).await.unwrap().is_empty());

    // A new invoice paid short on 3 February shows in February's statement with what was paid.
    let invoice = gateway.invoice(&request(persons()[2], "case-5-fee")).await.unwrap();
    let path = format!("/admin/invoices/{}/pay", invoice.reference);
    stand.admin_post(&path, r#"{"amount_tiyn": 100000, "paid_at": "2026-02-03T09:00:00Z"}"#).await;
    let paid = gateway.status(&invoice.reference).await.unwrap();
    assert_eq!((paid.status, paid.paid), (InvoiceStatus::Paid, Some(Money::from_tiyn(100_000))));
    let february = gateway.statement(day(2, 1), day(2, 28)).await.unwrap();
    assert_eq!(february.len(), 1);
    assert_eq!(
        (&february[0].reference, february[0].payer, february[0].paid),
        (&invoice.reference, persons()[2], Money::from_tiyn(100_000))
    );
    assert_eq!(february[0].paid_at, "2026-02-03T09:00:00Z".parse::<DateTime<Utc>>().unwrap());

    // Days the wrong way round are refused by the service.
    let err = gateway.statement(day(2, 1), day(1, 1)).await.unwrap_err();
    assert_eq!((err.code(), err.attempts()), ("gateway.rejected", 1), "{err}");
    assert!(stand.sandbox.journal().iter().all(|e| e.envelope_verified));
}
