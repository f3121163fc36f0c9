//! The test PKI served by the sandbox on port 0 over raw HTTP/1.1: the CA certificate and CRL
//! read and verified with `reglament_pki`, OCSP requests for roster certificates fetched from the
//! sandbox answered good and revoked, and a key store opened with the roster's password.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::issue::{PASSWORD, TestPki};
use reglament_pki::{
    CertIdHash, CertStatus, Certificate, Crl, OcspOptions, OcspRequest, OcspResponse, ResponseStatus, RevocationReason,
    SigningKey as _, SoftwareKey, Trust,
};
use reglament_sandbox::{PKI_CONTRACT, Sandbox, pki};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

/// A sandbox serving a test PKI generated now, with its base URL at the sandbox's own address.
async fn spawn() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let test_pki = TestPki::generate(now(), &pki::base_url(addr)).unwrap();
    let sandbox = Sandbox::new().with_pki(test_pki);
    tokio::spawn(reglament_sandbox::serve(listener, sandbox, std::future::pending()));
    addr.to_string()
}

/// One request over a fresh connection.
async fn send(addr: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> Answer {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Answer { status, headers, body: raw[split + 4..].to_vec() }
}

/// `GET path`, expecting 200 with `content_type`.
async fn fetch(addr: &str, path: &str, content_type: &str) -> Vec<u8> {
    let answer = send(addr, "GET", path, "text/plain", b"").await;
    assert_eq!(answer.status, 200, "{path}: {}", String::from_utf8_lossy(&answer.body));
    assert!(answer.headers.contains(&format!("content-type: {content_type}")), "{path}: {}", answer.headers);
    answer.body
}

async fn roster(addr: &str) -> Value {
    serde_json::from_slice(&fetch(addr, "/pki/roster.json", "application/json").await).unwrap()
}

/// The roster's subject `id`, as the sandbox lists it.
fn subject<'a>(roster: &'a Value, id: &str) -> &'a Value {
    roster["subjects"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

/// Asks the sandbox's responder about `cert` and verifies the answer against the CA.
async fn ocsp_status(addr: &str, ca: &Certificate, cert: &Certificate) -> CertStatus {
    let request = OcspRequest::new(cert, ca, CertIdHash::Sha256, Some(b"sandbox-nonce-01")).unwrap();
    let answer = send(addr, "POST", "/pki/ocsp", "application/ocsp-request", request.der()).await;
    assert_eq!(answer.status, 200);
    assert!(answer.headers.contains("content-type: application/ocsp-response"), "{}", answer.headers);
    let response = OcspResponse::parse(&answer.body).unwrap();
    let verified =
        Trust::new(vec![ca.clone()]).verify_ocsp(&response, now(), &OcspOptions::for_request(&request)).unwrap();
    let [single] = verified.responses() else { panic!("one answer expected") };
    assert_eq!(single.cert_id.serial, cert.serial_bytes());
    single.status
}

#[tokio::test]
async fn the_ca_certificate_and_crl_are_served_and_verify() {
    let addr = spawn().await;
    let ca = Certificate::parse(&fetch(&addr, "/pki/ca.cer", "application/pkix-cert").await).unwrap();
    assert_eq!(ca.subject_der().unwrap(), ca.issuer_der().unwrap(), "a self-signed root");
    let crl = Crl::parse(&fetch(&addr, "/pki/ca.crl", "application/pkix-crl").await).unwrap();
    crl.verify(&ca).unwrap();
    assert!(crl.is_fresh(now()));
    let roster = roster(&addr).await;
    assert_eq!(roster["ca"], format!("http://{addr}/pki/ca.cer"));
    assert_eq!(roster["crl"], format!("http://{addr}/pki/ca.crl"));
    assert_eq!(roster["ocsp"], format!("http://{addr}/pki/ocsp"));
    assert_eq!(roster["password"], PASSWORD);
    for (id, listed) in [("individual-revoked", true), ("individual-valid", false)] {
        let path = subject(&roster, id)["certificate"].as_str().unwrap().to_owned();
        let cert = Certificate::parse(&fetch(&addr, &path, "application/pkix-cert").await).unwrap();
        assert_eq!(crl.revoked(cert.serial_bytes()).is_some(), listed, "{id}");
    }
}

#[tokio::test]
async fn the_ocsp_responder_answers_good_and_revoked() {
    let addr = spawn().await;
    let ca = Certificate::parse(&fetch(&addr, "/pki/ca.cer", "application/pkix-cert").await).unwrap();
    let roster = roster(&addr).await;
    let cert_of = |id: &str| subject(&roster, id)["certificate"].as_str().unwrap().to_owned();
    let valid = Certificate::parse(&fetch(&addr, &cert_of("individual-valid"), "application/pkix-cert").await).unwrap();
    assert_eq!(ocsp_status(&addr, &ca, &valid).await, CertStatus::Good);
    let revoked =
        Certificate::parse(&fetch(&addr, &cert_of("individual-revoked"), "application/pkix-cert").await).unwrap();
    let status = ocsp_status(&addr, &ca, &revoked).await;
    assert!(matches!(status, CertStatus::Revoked { reason: Some(RevocationReason::KeyCompromise), .. }), "{status:?}");
    let garbage = send(&addr, "POST", "/pki/ocsp", "application/ocsp-request", b"not a request").await;
    assert_eq!(garbage.status, 200);
    assert_eq!(OcspResponse::parse(&garbage.body).unwrap().status(), ResponseStatus::MalformedRequest);
}

#[tokio::test]
async fn a_key_store_opens_with_the_roster_password() {
    let addr = spawn().await;
    let roster = roster(&addr).await;
    let entry = subject(&roster, "entity-head");
    let store = fetch(&addr, entry["key_store"].as_str().unwrap(), "application/x-pkcs12").await;
    let key = SoftwareKey::from_pkcs12(&store, PASSWORD).unwrap();
    let cert = fetch(&addr, entry["certificate"].as_str().unwrap(), "application/pkix-cert").await;
    assert_eq!(key.certificate().der(), cert.as_slice());
    assert!(SoftwareKey::from_pkcs12(&store, "wrong").is_err());
    let missing = send(&addr, "GET", "/pki/nobody/key.p12", "text/plain", b"").await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn the_roster_follows_the_contract() {
    let addr = spawn().await;
    let roster = roster(&addr).await;
    let contract: Value = serde_json::from_str(PKI_CONTRACT).unwrap();
    let served: Value = serde_json::from_slice(&fetch(&addr, "/contracts/pki.json", "application/json").await).unwrap();
    assert_eq!(served, contract);
    let schemas = &contract["components"]["schemas"];
    let required = |name: &str| -> Vec<String> {
        schemas[name]["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
    };
    let properties = |name: &str| schemas[name]["properties"].as_object().unwrap().clone();
    for field in required("Roster") {
        assert!(roster.get(&field).is_some(), "roster lacks {field}");
    }
    assert_eq!(roster.as_object().unwrap().len(), properties("Roster").len());
    let subjects = roster["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), reglament_pki::issue::roster().len());
    let standings = schemas["Subject"]["properties"]["standing"]["enum"].as_array().unwrap();
    for subject in subjects {
        for field in required("Subject") {
            assert!(subject.get(&field).is_some(), "{subject}: lacks {field}");
        }
        assert_eq!(subject.as_object().unwrap().len(), properties("Subject").len(), "{subject}");
        assert!(standings.contains(&subject["standing"]), "{subject}");
    }
}

#[tokio::test]
async fn without_a_pki_the_routes_answer_not_found() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(reglament_sandbox::serve(listener, Sandbox::new(), std::future::pending()));
    for path in ["/pki/ca.cer", "/pki/ca.crl", "/pki/roster.json", "/pki/individual-valid/key.p12"] {
        let answer = send(&addr, "GET", path, "text/plain", b"").await;
        assert_eq!(answer.status, 404, "{path}");
        let error: Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(error["code"], "sandbox.not_found");
    }
}
