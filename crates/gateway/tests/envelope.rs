//! The gateway without the sandbox: the signed envelope as a bare HTTP server receives it
//! (verified here with `reglament-pki`), answers checked against what was asked, the
//! configuration checks, the back-off arithmetic, and the traits used as trait objects.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64ct::{Base64, Encoding as _};
use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::envelope::{HEADER_MESSAGE_ID, HEADER_SENDER, HEADER_SENT_AT, HEADER_SIGNATURE, envelope_text};
use reglament_domain::{Bin, Iin, Money};
use reglament_gateway::{
    Answer, Answered, BoxFuture, ClientConfig, EnvelopeSigner, GatewayConfig, GatewayError, Holder, HttpGateway,
    IdempotencyKey, Invoice, InvoiceRef, InvoiceRequest, InvoiceStatus, ManualClock, Payment, PaymentGateway, Query,
    Registries, RetryPolicy, SplitMix64, StateSystem, SystemClock,
};
use reglament_pki::issue::TestPki;
use reglament_pki::{UnknownStatus, verify_cms};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const SENDER: &str = "reglament-platform";
const IIN: &str = "871008401427";

/// One request as the bare server read it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

/// A bare HTTP/1.1 server on port 0 that answers the `n`-th request with `answers[n]` (the last
/// one repeated) and records what it read.
async fn bare_server(answers: Vec<(u16, String)>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            let mut buffer = Vec::new();
            let mut chunk = [0_u8; 4096];
            let head_end = loop {
                if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    break at;
                }
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            };
            let head = String::from_utf8(buffer[..head_end].to_vec()).unwrap();
            let mut lines = head.split("\r\n");
            let mut request_line = lines.next().unwrap().split(' ');
            let (method, target) = (request_line.next().unwrap().to_owned(), request_line.next().unwrap().to_owned());
            let headers: BTreeMap<String, String> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            let length: usize = headers.get("content-length").map_or(0, |l| l.parse().unwrap());
            let mut body = buffer[head_end + 4..].to_vec();
            while body.len() < length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => body.extend_from_slice(&chunk[..n]),
                }
            }
            let index = {
                let mut log = log.lock().unwrap();
                log.push(Seen { method, target, headers, body });
                log.len() - 1
            };
            let (status, text) = answers[index.min(answers.len() - 1)].clone();
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (base, seen)
}

fn person_json(iin: &str) -> String {
    format!(
        r#"{{"iin":"{iin}","surname":"Төлегенов","name":"Асқар","patronymic":null,"birth_date":"1987-10-08",
        "document":{{"kind":"identity_card","number":"045123789","issued_on":"2018-05-14",
        "valid_until":"2028-05-13","issuer":"МВД РК"}}}}"#
    )
}

/// Every system under `base` (all at the one bare server), fast retries.
fn config(base: &str, attempts: u32) -> GatewayConfig {
    let mut config = GatewayConfig::under(base, SENDER);
    for settings in config.systems.values_mut() {
        settings.timeout = Duration::from_secs(5);
        settings.retry = RetryPolicy { attempts, base_delay: Duration::ZERO, max_delay: Duration::ZERO };
    }
    config
}

fn platform_key(pki: &TestPki) -> EnvelopeSigner {
    let subject = pki.subject("platform-gateway").unwrap();
    Arc::new(subject.signing_key(pki.ca.certificate()).unwrap())
}

fn at() -> DateTime<Utc> {
    "2026-11-02T06:00:00Z".parse().unwrap()
}

#[tokio::test]
async fn every_attempt_carries_a_signed_envelope_that_verifies() {
    let pki = TestPki::generate(at(), "http://127.0.0.1:1").unwrap();
    let (base, seen) = bare_server(vec![(503, "{}".into()), (200, person_json(IIN))]).await;
    let clock = ManualClock::new(Instant::now(), at() + chrono::TimeDelta::milliseconds(1_250));
    let gateway =
        HttpGateway::new(config(&base, 3), Arc::new(clock), Box::new(SplitMix64::new(5)), Some(platform_key(&pki)))
            .unwrap();
    let iin: Iin = IIN.parse().unwrap();
    let answered = gateway.ask(&Query::Person(iin)).await.unwrap();
    assert_eq!((answered.system, answered.attempts), (StateSystem::Individuals, 2));
    let Answer::Person(person) = &answered.answer else { panic!("{answered:?}") };
    assert_eq!(person.iin, iin);
    assert_eq!(answered.body, person_json(IIN).into_bytes(), "the exact bytes answered");

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    let trust = pki.trust().unwrap();
    for request in &seen {
        assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", "/individuals/v1/persons/871008401427"));
        let header = |name: &str| request.headers.get(name).map(String::as_str).unwrap();
        assert_eq!(header(HEADER_SENDER), SENDER);
        assert_eq!(header(HEADER_MESSAGE_ID), answered.request_id, "the message id is the request id");
        assert_eq!(header("x-request-id"), answered.request_id);
        assert_eq!(header(HEADER_SENT_AT), "2026-11-02T06:00:01.250Z", "sent-at from the injected clock");
        let signature = Base64::decode_vec(header(HEADER_SIGNATURE)).unwrap();
        let text = envelope_text("GET", &request.target, SENDER, &answered.request_id, header(HEADER_SENT_AT), b"");
        let signed = verify_cms(&signature, Some(&text), &trust, at(), UnknownStatus::Refuse).unwrap();
        assert_eq!(signed.signers.len(), 1);
        assert_eq!(signed.signers[0].subject.bin.as_deref(), Some("240540008715"));
        // The signature is over this request's text only.
        let other = envelope_text("GET", "/individuals/v1/persons/000000000000", SENDER, "x", "y", b"");
        assert!(verify_cms(&signature, Some(&other), &trust, at(), UnknownStatus::Refuse).is_err());
    }
    assert_eq!(
        seen.iter().map(|r| r.headers["x-attempt"].as_str()).collect::<Vec<_>>(),
        ["1", "2"],
        "one message id over both attempts"
    );
}

#[tokio::test]
async fn a_posted_body_and_a_query_are_signed_as_sent() {
    let pki = TestPki::generate(at(), "http://127.0.0.1:1").unwrap();
    let invoice = format!(
        r#"{{"reference":"INV-000009","payer":"{IIN}","amount_tiyn":259500,"purpose":"Сбор","status":"unpaid","paid_tiyn":null,"paid_at":null}}"#
    );
    let statement = format!(
        r#"{{"payments":[{{"reference":"INV-000001","payer":"{IIN}","paid_tiyn":100,"paid_at":"2026-11-01T10:00:00Z"}}]}}"#
    );
    let (base, seen) = bare_server(vec![(201, invoice), (200, statement)]).await;
    let clock = ManualClock::new(Instant::now(), at());
    let gateway =
        HttpGateway::new(config(&base, 1), Arc::new(clock), Box::new(SplitMix64::new(6)), Some(platform_key(&pki)))
            .unwrap();
    let request = InvoiceRequest {
        payer: IIN.parse().unwrap(),
        amount: Money::from_tiyn(259_500),
        purpose: "Сбор".into(),
        idempotency_key: IdempotencyKey::new("case-1-fee").unwrap(),
    };
    let created = gateway.invoice(&request).await.unwrap();
    assert_eq!((created.status, created.paid), (InvoiceStatus::Unpaid, None));
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let payments = gateway.statement(day(1), day(2)).await.unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!((payments[0].paid, payments[0].reference.as_str()), (Money::from_tiyn(100), "INV-000001"));

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].target, "/payments/v1/invoices");
    assert_eq!(seen[0].headers["idempotency-key"], "case-1-fee");
    assert_eq!(seen[1].target, "/payments/v1/statement?from=2026-11-01&to=2026-11-02");
    let trust = pki.trust().unwrap();
    for request in &seen {
        let header = |name: &str| request.headers[name].clone();
        let text = envelope_text(
            &request.method,
            &request.target,
            SENDER,
            &header(HEADER_MESSAGE_ID),
            &header(HEADER_SENT_AT),
            &request.body,
        );
        let signature = Base64::decode_vec(&header(HEADER_SIGNATURE)).unwrap();
        verify_cms(&signature, Some(&text), &trust, at(), UnknownStatus::Refuse).unwrap();
    }
    assert!(!seen[0].body.is_empty());
}

#[tokio::test]
async fn without_a_signer_the_envelope_goes_unsigned() {
    let (base, seen) = bare_server(vec![(200, person_json(IIN))]).await;
    let gateway =
        HttpGateway::new(config(&base, 1), Arc::new(SystemClock), Box::new(SplitMix64::new(1)), None).unwrap();
    gateway.ask(&Query::Person(IIN.parse().unwrap())).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].headers[HEADER_SENDER], SENDER);
    assert!(seen[0].headers.contains_key(HEADER_SENT_AT));
    assert!(!seen[0].headers.contains_key(HEADER_SIGNATURE));
}

#[tokio::test]
async fn an_answer_about_someone_else_is_malformed() {
    let other = "900101300017";
    assert!(other.parse::<Iin>().is_ok());
    let (base, seen) = bare_server(vec![(200, person_json(other))]).await;
    let gateway =
        HttpGateway::new(config(&base, 2), Arc::new(SystemClock), Box::new(SplitMix64::new(1)), None).unwrap();
    let err = gateway.ask(&Query::Person(IIN.parse().unwrap())).await.unwrap_err();
    assert_eq!((err.code(), err.attempts(), err.system()), ("gateway.malformed", 2, StateSystem::Individuals));
    assert!(err.to_string().contains(other), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 2);
    // A document kind outside the contract is malformed too.
    let (base, _) = bare_server(vec![(200, person_json(IIN).replace("identity_card", "library_card"))]).await;
    let gateway =
        HttpGateway::new(config(&base, 1), Arc::new(SystemClock), Box::new(SplitMix64::new(1)), None).unwrap();
    assert_eq!(gateway.ask(&Query::Person(IIN.parse().unwrap())).await.unwrap_err().code(), "gateway.malformed");
}

/// A key that cannot sign (a hardware module gone away).
struct BrokenKey(reglament_pki::Certificate);

impl reglament_pki::SigningKey for BrokenKey {
    fn certificate(&self) -> &reglament_pki::Certificate {
        &self.0
    }

    fn algorithm(&self) -> der::asn1::ObjectIdentifier {
        reglament_pki::oid::ECDSA_SHA256
    }

    fn sign(&self, _message: &[u8]) -> Result<Vec<u8>, reglament_pki::PkiError> {
        Err(reglament_pki::PkiError::KeyStore("the token was removed".into()))
    }
}

#[tokio::test]
async fn a_key_that_cannot_sign_sends_nothing() {
    let pki = TestPki::generate(at(), "http://127.0.0.1:1").unwrap();
    let certificate = pki.subject("platform-gateway").unwrap().certificate.clone();
    let (base, seen) = bare_server(vec![(200, person_json(IIN))]).await;
    let gateway = HttpGateway::new(
        config(&base, 3),
        Arc::new(SystemClock),
        Box::new(SplitMix64::new(1)),
        Some(Arc::new(BrokenKey(certificate))),
    )
    .unwrap();
    let err = gateway.ask(&Query::Person(IIN.parse().unwrap())).await.unwrap_err();
    assert_eq!((err.code(), err.attempts(), err.system()), ("gateway.signing", 0, StateSystem::Individuals));
    assert!(err.to_string().contains("the token was removed"), "{err}");
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(gateway.breaker_state(StateSystem::Individuals), Some(reglament_gateway::BreakerState::Closed));
}

#[test]
fn queries_name_their_system_and_path() {
    let iin: Iin = IIN.parse().unwrap();
    let bin: Bin = "240540008715".parse().unwrap();
    let cases = [
        (Query::Person(iin), StateSystem::Individuals, "/persons/871008401427"),
        (Query::Company(bin), StateSystem::LegalEntities, "/companies/240540008715"),
        (Query::CriminalRecord(iin), StateSystem::LegalStatistics, "/persons/871008401427/record"),
        (Query::Dispensaries(iin), StateSystem::Dispensaries, "/persons/871008401427"),
        (Query::Licences(Holder::Entity(bin)), StateSystem::Licences, "/holders/240540008715/licences"),
        (Query::Licences(Holder::Individual(iin)), StateSystem::Licences, "/holders/871008401427/licences"),
    ];
    for (query, system, path) in cases {
        assert_eq!((query.system(), query.path().as_str()), (system, path));
    }
    // The holder on the wire is told apart by its fifth digit.
    let read = |text: &str| serde_json::from_str::<Holder>(&format!("\"{text}\"")).unwrap();
    assert_eq!(read("871008401427"), Holder::Individual(iin));
    assert_eq!(read("240540008715"), Holder::Entity(bin));
    assert!(serde_json::from_str::<Holder>("\"000000000000\"").is_err());
    let config = GatewayConfig::under("http://127.0.0.1:8081/", SENDER);
    assert_eq!(config.systems.len(), StateSystem::ALL.len());
    assert_eq!(config.systems[&StateSystem::LegalStatistics].base_url, "http://127.0.0.1:8081/legal_statistics/v1");
    assert_eq!(config.systems[&StateSystem::Payments], ClientConfig::new("http://127.0.0.1:8081/payments/v1"));
}

#[tokio::test]
async fn configuration_is_checked() {
    let new = |config: GatewayConfig| {
        HttpGateway::new(config, Arc::new(SystemClock), Box::new(SplitMix64::new(0)), None).err().unwrap()
    };
    for base in ["https://127.0.0.1:1", "not a url", "/relative"] {
        let err = new(GatewayConfig::under(base, SENDER));
        assert_eq!((err.code(), err.system()), ("gateway.config", StateSystem::Individuals), "{base}");
    }
    for sender in ["", "two words", "line\nbreak"] {
        assert_eq!(new(GatewayConfig::under("http://127.0.0.1:1", sender)).code(), "gateway.config", "{sender:?}");
    }
    let mut partial = GatewayConfig::under("http://127.0.0.1:1", SENDER);
    partial.systems.retain(|system, _| *system == StateSystem::Individuals);
    let gateway = HttpGateway::new(partial, Arc::new(SystemClock), Box::new(SplitMix64::new(0)), None).unwrap();
    let err = gateway.status(&InvoiceRef::new("INV-000001").unwrap()).await.unwrap_err();
    assert_eq!((err.code(), err.system(), err.attempts()), ("gateway.config", StateSystem::Payments, 0));
    let err = gateway.ask(&Query::Company("240540008715".parse().unwrap())).await.unwrap_err();
    assert_eq!((err.code(), err.system()), ("gateway.config", StateSystem::LegalEntities));
    assert!(gateway.breaker_state(StateSystem::Payments).is_none());
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

/// A fake of both traits, as the runtime's tests will write them.
struct Fake;

impl Registries for Fake {
    fn ask(&self, query: &Query) -> BoxFuture<'_, Result<Answered, GatewayError>> {
        let system = query.system();
        let what = query.to_string();
        Box::pin(async move { Err(GatewayError::NotFound { system, attempts: 1, what }) })
    }
}

impl PaymentGateway for Fake {
    fn invoice(&self, request: &InvoiceRequest) -> BoxFuture<'_, Result<Invoice, GatewayError>> {
        let invoice = Invoice {
            reference: InvoiceRef::new("FAKE-1").unwrap(),
            payer: request.payer,
            amount: request.amount,
            purpose: request.purpose.clone(),
            status: InvoiceStatus::Unpaid,
            paid: None,
            paid_at: None,
        };
        Box::pin(async move { Ok(invoice) })
    }

    fn status(&self, reference: &InvoiceRef) -> BoxFuture<'_, Result<Invoice, GatewayError>> {
        let what = format!("invoice {reference}");
        Box::pin(async move { Err(GatewayError::NotFound { system: StateSystem::Payments, attempts: 1, what }) })
    }

    fn statement(&self, _from: NaiveDate, _to: NaiveDate) -> BoxFuture<'_, Result<Vec<Payment>, GatewayError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

#[tokio::test]
async fn both_traits_are_used_as_trait_objects() {
    let registries: Vec<Arc<dyn Registries>> = vec![
        Arc::new(Fake),
        Arc::new(
            HttpGateway::new(
                GatewayConfig::under("http://127.0.0.1:1", SENDER),
                Arc::new(SystemClock),
                Box::new(SplitMix64::new(0)),
                None,
            )
            .unwrap(),
        ),
    ];
    let err = registries[0].ask(&Query::Dispensaries(IIN.parse().unwrap())).await.unwrap_err();
    assert_eq!((err.code(), err.system()), ("gateway.not_found", StateSystem::Dispensaries));
    let payments: Arc<dyn PaymentGateway> = Arc::new(Fake);
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert!(payments.statement(day, day).await.unwrap().is_empty());
    let request = InvoiceRequest {
        payer: IIN.parse().unwrap(),
        amount: Money::from_tiyn(1),
        purpose: "x".into(),
        idempotency_key: IdempotencyKey::new("k").unwrap(),
    };
    assert_eq!(payments.invoice(&request).await.unwrap().amount, Money::from_tiyn(1));
}
