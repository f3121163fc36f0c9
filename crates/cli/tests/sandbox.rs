//! `reglament sandbox --port 0` as a user (or a test driving it) runs it: exactly one line on
//! standard output with its address, then with `--trace` one line per request as it is received;
//! unsigned requests refused; a request signed with a roster key of its test PKI (fetched from
//! `/pki`) accepted; and with `--state` the platform losing nothing and paying once when the
//! sandbox is killed mid-request and restarted.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail the test by panicking")]

use reglament_testkit::actor_for;
use std::io::{BufRead, BufReader, Lines, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use reglament_calendar::Calendar;
use reglament_domain::Iin;
use reglament_domain::envelope::{HEADER_MESSAGE_ID, HEADER_SENDER, HEADER_SENT_AT, HEADER_SIGNATURE, envelope_text};
use reglament_gateway::{GatewayConfig, HttpGateway, ManualClock, RetryPolicy, SplitMix64};
use reglament_pki::issue::PASSWORD;
use reglament_pki::{SoftwareKey, sign_cms};
use reglament_runtime::{Gateway, RegistryRetry, Runtime};
use reglament_store::Store;
use reglament_store::testing::{TestStore, fresh_stores};

struct Running {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    addr: String,
}

impl Running {
    fn start(extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reglament"))
            .args(["sandbox", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let addr = first.strip_prefix("sandbox on http://").expect("the address line").trim_end_matches('/').to_owned();
        assert!(addr.starts_with("127.0.0.1:"), "{first}");
        Self { child, lines, addr }
    }

    fn next_line(&mut self) -> String {
        self.lines.next().unwrap().unwrap()
    }

    fn stop(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// One request; the status line and the body.
fn request(addr: &str, method: &str, path: &str, headers: &[(String, String)], body: &[u8]) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head = format!("{head}{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&response[..split]).lines().next().unwrap().to_owned();
    (status, response[split + 4..].to_vec())
}

fn base64(bytes: &[u8]) -> String {
    use base64ct::Encoding as _;
    base64ct::Base64::encode_string(bytes)
}

/// The envelope headers of `method path body`, signed with the sandbox's `provider-official` key.
fn signed(addr: &str, method: &str, path: &str, body: &[u8]) -> Vec<(String, String)> {
    let (status, store) = request(addr, "GET", "/pki/provider-official/key.p12", &[], b"");
    assert!(status.contains(" 200 "), "{status}");
    let key = SoftwareKey::from_pkcs12(&store, PASSWORD).unwrap();
    let sent_at = "2026-03-02T10:00:00Z";
    let text = envelope_text(method, path, "reglament", "m-1", sent_at, body);
    let signature = sign_cms(&text, &key, Utc::now(), true).unwrap();
    [(HEADER_SENDER, "reglament"), (HEADER_MESSAGE_ID, "m-1"), (HEADER_SENT_AT, sent_at)]
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .chain([(HEADER_SIGNATURE.to_owned(), base64(&signature))])
        .collect()
}

#[test]
fn the_sandbox_prints_its_address_traces_and_requires_the_envelope() {
    let mut sandbox = Running::start(&["--trace"]);
    let person = "/individuals/v1/persons/870412301008";
    let ids = [("X-Request-Id".to_owned(), "r-1".to_owned()), ("X-Attempt".to_owned(), "1".to_owned())];
    let (status, body) = request(&sandbox.addr, "GET", person, &ids, b"");
    assert!(status.contains(" 401 "), "{status}");
    assert!(String::from_utf8_lossy(&body).contains("sandbox.unsigned"));
    assert_eq!(sandbox.next_line(), format!("request individuals GET {person} key=- id=r-1 attempt=1"));

    let (status, body) = request(&sandbox.addr, "GET", person, &signed(&sandbox.addr, "GET", person, b""), b"");
    assert!(status.contains(" 200 "), "{status}: {}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("\"iin\":\"870412301008\""));
    assert!(sandbox.next_line().starts_with("request individuals GET"));
    let (_, counters) = request(&sandbox.addr, "GET", "/admin/stats", &[], b"");
    assert!(String::from_utf8_lossy(&counters).contains("\"individuals\":2"));
    sandbox.stop();
}

/// The platform's key, as the sandbox's test PKI issued it at this start.
fn platform_key(addr: &str) -> SoftwareKey {
    let (status, store) = request(addr, "GET", "/pki/platform-gateway/key.p12", &[], b"");
    assert!(status.contains(" 200 "), "{status}");
    SoftwareKey::from_pkcs12(&store, PASSWORD).unwrap()
}

/// The sandbox's counters as JSON.
fn stats(addr: &str) -> serde_json::Value {
    serde_json::from_slice(&request(addr, "GET", "/admin/stats", &[], b"").1).unwrap()
}

/// The platform's runtime on `t`, calling the sandbox at `addr` with its key: one attempt per
/// call and a timeout longer than the test, so a call ends only when its answer comes or its
/// connection dies.
fn platform(t: &TestStore, addr: &str) -> Runtime {
    let key = Arc::new(platform_key(addr));
    let mut config = GatewayConfig::under(&format!("http://{addr}"), "reglament");
    for settings in config.systems.values_mut() {
        settings.timeout = Duration::from_mins(10);
        settings.retry = RetryPolicy { attempts: 1, base_delay: Duration::ZERO, max_delay: Duration::ZERO };
    }
    let clock = Arc::new(ManualClock::new(Instant::now(), Utc::now()));
    let http =
        Arc::new(HttpGateway::new(config, clock.clone(), Box::new(SplitMix64::new(5)), Some(key.clone())).unwrap());
    let acts = reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect();
    Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()))
        .with_gateway(Gateway {
            registries: http.clone(),
            payments: http,
            platform: key,
            clock,
            retry: RegistryRetry::default(),
        })
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The sandbox is killed while the platform waits for the answer to its invoice request (the
/// invoice already created, the answer lost) and while the case's registry calls are queued;
/// restarted with its state file, it answers the repeated request with the same invoice — one
/// invoice in all — and the queued calls, tried again, are all answered and kept as evidence.
async fn killed_mid_request(t: &TestStore) {
    let dir = std::env::temp_dir().join(format!("reglament-cli-kill-{}-{}", std::process::id(), t.store.backend()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let state = state.to_str().unwrap();

    let mut first = Running::start(&["--trace", "--state", state]);
    // Payments hold their next answer for ten minutes (the request is processed first).
    let fault = br#"{"system":"payments","kind":{"latency":600000},"count":1}"#;
    let (status, _) = request(&first.addr, "POST", "/admin/faults", &[], fault);
    assert!(status.contains(" 204 "), "{status}");
    let rt = Arc::new(platform(t, &first.addr));
    let applicant: Iin = "870412301008".parse().unwrap();
    let filed_at = at("2026-03-26T10:00:00+05:00");
    let file = reglament_engine::Command::File {
        applicant,
        entity: None,
        provider: "960240000025".parse().unwrap(),
        filed_at,
    };
    rt.file("P-1", "forensic-licence", "issuance-portal", &file, &actor_for(&file), filed_at, None).await.unwrap();

    let billing = {
        let rt = rt.clone();
        tokio::spawn(async move { rt.bill("P-1", "forensic-licence", "issuance-portal", applicant, filed_at).await })
    };
    let line = first.next_line();
    assert!(line.starts_with("request payments POST /payments/v1/invoices key=fee-"), "{line}");
    // Kill only once the invoice exists: the answer, not the request, is what gets lost.
    let created = (0..10_000).any(|_| stats(&first.addr)["invoices_created"] == 1);
    assert!(created, "the invoice was created");
    first.stop();
    let lost = billing.await.unwrap().unwrap_err();
    assert!(lost.code().starts_with("gateway."), "{lost:?}");
    // While the sandbox is down the registry calls fail and stay queued; only the payment
    // lookup is answered, from the store (the application has no invoice: nothing to ask).
    reglament_testkit::done(rt.run_jobs("w", filed_at + TimeDelta::seconds(1), 50).await.unwrap());
    let kept: Vec<String> =
        rt.store().evidence("P-1").await.unwrap().into_iter().map(|e| format!("{} {}", e.system, e.outcome)).collect();
    assert_eq!(kept, ["payments no_invoice"]);
    assert_eq!(rt.load("P-1").await.unwrap().1.awaiting.len(), 4);

    let mut second = Running::start(&["--state", state]);
    // The platform restarts too, with the key the new test PKI issued.
    let rt = platform(t, &second.addr);
    let invoice = rt.bill("P-1", "forensic-licence", "issuance-portal", applicant, filed_at).await.unwrap();
    assert_eq!(stats(&second.addr)["invoices_created"], 1, "one invoice in all");
    assert_eq!(invoice.reference, "INV-000004");
    reglament_testkit::done(rt.run_jobs("w", filed_at + TimeDelta::minutes(2), 50).await.unwrap());
    let evidence = rt.store().evidence("P-1").await.unwrap();
    let systems: Vec<&str> = evidence.iter().map(|e| e.system.as_str()).collect();
    assert_eq!(systems.len(), 5, "{systems:?}");
    assert_eq!(evidence.iter().filter(|e| e.outcome == "answered").count(), 4, "{evidence:?}");
    assert!(rt.load("P-1").await.unwrap().1.awaiting.is_empty());
    second.child.kill().unwrap();
    second.child.wait().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_lost_or_paid_twice_when_the_sandbox_dies_mid_request() {
    for t in fresh_stores().await.unwrap() {
        killed_mid_request(&t).await;
        t.finish().await.unwrap();
    }
}
