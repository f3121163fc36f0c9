//! The gateway envelope on port 0 over raw HTTP/1.1: requests signed with a roster key of the
//! sandbox's test PKI (its key store fetched from `/pki`, as a client does; a detached CMS
//! signature of the envelope text) are accepted and journaled as verified; a changed body byte,
//! another path, a foreign or revoked signer, a missing header are refused
//! `401 sandbox.bad_envelope`; a sandbox requiring envelopes refuses unsigned requests
//! (`401 sandbox.unsigned`) but never its admin, contract and PKI routes.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use base64ct::{Base64, Encoding as _};
use chrono::{DateTime, Utc};
use common::{Answer, conforms, send, send_raw};
use reglament_domain::envelope::{HEADER_MESSAGE_ID, HEADER_SENDER, HEADER_SENT_AT, HEADER_SIGNATURE, envelope_text};
use reglament_pki::issue::{PASSWORD, TestPki};
use reglament_pki::{SigningKey, SoftwareKey, sign_cms};
use reglament_sandbox::{INDIVIDUALS_CONTRACT, PAYMENTS_CONTRACT, Sandbox, data, pki};
use serde_json::json;
use tokio::net::TcpListener;

fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

/// A sandbox serving its own test PKI (requiring envelopes or not), and its address.
async fn spawn(requiring: bool) -> (Sandbox, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut sandbox = Sandbox::new().with_pki(TestPki::generate(now(), &pki::base_url(addr)).unwrap());
    if requiring {
        sandbox = sandbox.requiring_envelopes();
    }
    tokio::spawn(reglament_sandbox::serve(listener, sandbox.clone(), std::future::pending()));
    (sandbox, addr.to_string())
}

/// The key of roster subject `id`, from the sandbox's key store.
async fn roster_key(addr: &str, id: &str) -> SoftwareKey {
    let store = send(addr, "GET", &format!("/pki/{id}/key.p12"), &[], None).await;
    assert_eq!(store.status, 200);
    SoftwareKey::from_pkcs12(&store.body, PASSWORD).unwrap()
}

/// The envelope headers of `method path body`, signed by `key`.
fn envelope(key: &dyn SigningKey, method: &str, path: &str, body: &[u8]) -> Vec<(String, String)> {
    let sent_at = "2026-03-02T10:00:00Z";
    let text = envelope_text(method, path, "reglament-test", "msg-1", sent_at, body);
    let signature = sign_cms(&text, key, now(), true).unwrap();
    vec![
        (HEADER_SENDER.to_owned(), "reglament-test".to_owned()),
        (HEADER_MESSAGE_ID.to_owned(), "msg-1".to_owned()),
        (HEADER_SENT_AT.to_owned(), sent_at.to_owned()),
        (HEADER_SIGNATURE.to_owned(), Base64::encode_string(&signature)),
    ]
}

async fn call(addr: &str, method: &str, path: &str, headers: &[(String, String)], body: &[u8]) -> Answer {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    send_raw(addr, method, path, &headers, body).await
}

fn person_path() -> String {
    format!("/individuals/v1/persons/{}", data::persons()[0].iin)
}

#[tokio::test]
async fn a_request_signed_with_a_roster_key_is_accepted_and_journaled() {
    let (sandbox, addr) = spawn(true).await;
    let key = roster_key(&addr, "provider-official").await;
    let path = person_path();
    let answer = call(&addr, "GET", &path, &envelope(&key, "GET", &path, b""), b"").await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    conforms(INDIVIDUALS_CONTRACT, "/persons/{iin}", "get", &answer);

    let body = json!({ "payer": "123456789011", "amount_tiyn": 259_500, "purpose": "fee" }).to_string();
    let mut headers = envelope(&key, "POST", "/payments/v1/invoices", body.as_bytes());
    headers.push(("Idempotency-Key".into(), "k-signed".into()));
    let created = call(&addr, "POST", "/payments/v1/invoices", &headers, body.as_bytes()).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));

    let query = "/payments/v1/statement?from=2026-01-01&to=2026-01-31";
    let statement = call(&addr, "GET", query, &envelope(&key, "GET", query, b""), b"").await;
    assert_eq!(statement.status, 200, "the query is part of the signed path");

    let journal = sandbox.journal();
    assert_eq!(journal.len(), 3);
    for entry in &journal {
        assert!(entry.envelope_verified, "{entry:?}");
        assert_eq!(entry.sender.as_deref(), Some("reglament-test"));
        assert_eq!(entry.message_id.as_deref(), Some("msg-1"));
        assert_eq!(entry.signer.as_deref(), Some("ОМАРОВА ДИНАРА"));
    }
}

#[tokio::test]
async fn a_changed_byte_another_path_or_a_missing_header_is_refused() {
    let (sandbox, addr) = spawn(false).await;
    let key = roster_key(&addr, "individual-valid").await;
    let body = json!({ "payer": "123456789011", "amount_tiyn": 259_500, "purpose": "fee" }).to_string();
    let mut headers = envelope(&key, "POST", "/payments/v1/invoices", body.as_bytes());
    headers.push(("Idempotency-Key".into(), "k-1".into()));
    let changed = body.replace("259500", "259501");
    let refused = call(&addr, "POST", "/payments/v1/invoices", &headers, changed.as_bytes()).await;
    assert_eq!(refused.status, 401);
    let error = conforms(PAYMENTS_CONTRACT, "/invoices", "post", &refused);
    assert_eq!(error["code"], "sandbox.bad_envelope");
    assert!(error["message"].as_str().unwrap().contains("does not match the request"), "{error}");
    assert_eq!(sandbox.stats().invoices_created, 0, "a refused request creates nothing");

    let path = person_path();
    let signed_for_other = envelope(&key, "GET", "/individuals/v1/persons/123456789011", b"");
    let other = call(&addr, "GET", &path, &signed_for_other, b"").await;
    assert_eq!(other.status, 401);
    assert_eq!(conforms(INDIVIDUALS_CONTRACT, "/persons/{iin}", "get", &other)["code"], "sandbox.bad_envelope");

    for missing in [HEADER_SENDER, HEADER_MESSAGE_ID, HEADER_SENT_AT] {
        let headers: Vec<_> = envelope(&key, "GET", &path, b"").into_iter().filter(|(n, _)| n != missing).collect();
        let answer = call(&addr, "GET", &path, &headers, b"").await;
        assert_eq!(answer.status, 401, "{missing}");
        assert!(answer.json()["message"].as_str().unwrap().contains(missing), "{missing}");
    }
    let mut garbage = envelope(&key, "GET", &path, b"");
    garbage[3].1 = "not base64!".into();
    assert_eq!(call(&addr, "GET", &path, &garbage, b"").await.json()["code"], "sandbox.bad_envelope");

    let journal = sandbox.journal();
    assert!(journal.iter().all(|e| !e.envelope_verified));
    assert_eq!(journal[0].sender.as_deref(), Some("reglament-test"));
}

#[tokio::test]
async fn foreign_and_revoked_signers_are_not_trusted() {
    let (_, addr) = spawn(false).await;
    let path = person_path();
    let foreign_pki = TestPki::generate(now(), "http://127.0.0.1:1/pki").unwrap();
    let foreign = foreign_pki.subject("provider-official").unwrap().signing_key(foreign_pki.ca.certificate()).unwrap();
    let revoked = roster_key(&addr, "individual-revoked").await;
    let expired = roster_key(&addr, "individual-expired").await;
    for (who, key) in [("foreign", &foreign), ("revoked", &revoked), ("expired", &expired)] {
        let answer = call(&addr, "GET", &path, &envelope(key, "GET", &path, b""), b"").await;
        assert_eq!(answer.status, 401, "{who}");
        let error = answer.json();
        assert_eq!(error["code"], "sandbox.bad_envelope", "{who}");
        assert!(error["message"].as_str().unwrap().contains("not trusted"), "{who}: {error}");
    }
}

#[tokio::test]
async fn unsigned_requests_are_refused_only_where_envelopes_are_required() {
    let (_, addr) = spawn(true).await;
    let path = person_path();
    let unsigned = send(&addr, "GET", &path, &[], None).await;
    assert_eq!(unsigned.status, 401);
    assert_eq!(conforms(INDIVIDUALS_CONTRACT, "/persons/{iin}", "get", &unsigned)["code"], "sandbox.unsigned");
    for free in ["/admin/stats", "/admin/journal", "/contracts/payments.json", "/pki/roster.json", "/pki/ca.cer"] {
        assert_eq!(send(&addr, "GET", free, &[], None).await.status, 200, "{free}");
    }
    assert_eq!(send(&addr, "POST", "/admin/invoices/INV-000002/pay", &[], None).await.status, 200);

    let (sandbox, lenient) = spawn(false).await;
    assert_eq!(send(&lenient, "GET", &path, &[], None).await.status, 200);
    assert!(!sandbox.journal()[0].envelope_verified);
}

#[tokio::test]
async fn faults_still_spoil_a_verified_request() {
    let (sandbox, addr) = spawn(true).await;
    let key = roster_key(&addr, "provider-official").await;
    let path = person_path();
    let mut headers = envelope(&key, "GET", &path, b"");
    headers.push(("X-Sandbox-Fault".into(), "status=503".into()));
    assert_eq!(call(&addr, "GET", &path, &headers, b"").await.status, 503);
    assert!(sandbox.journal()[0].envelope_verified);
}
