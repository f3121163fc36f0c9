//! `reglament sandbox --port 0` as a user (or a test driving it) runs it: exactly one line on
//! standard output with its address, then with `--trace` one line per request as it is received;
//! unsigned requests refused; a request signed with a roster key of its test PKI (fetched from
//! `/pki`) accepted; and with `--state` an invoice surviving a kill and restart.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail the test by panicking")]

use std::io::{BufRead, BufReader, Lines, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use reglament_domain::envelope::{HEADER_MESSAGE_ID, HEADER_SENDER, HEADER_SENT_AT, HEADER_SIGNATURE, envelope_text};
use reglament_pki::issue::PASSWORD;
use reglament_pki::{SoftwareKey, sign_cms};

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
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0_u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The envelope headers of `method path body`, signed with the sandbox's `provider-official` key.
fn signed(addr: &str, method: &str, path: &str, body: &[u8]) -> Vec<(String, String)> {
    let (status, store) = request(addr, "GET", "/pki/provider-official/key.p12", &[], b"");
    assert!(status.contains(" 200 "), "{status}");
    let key = SoftwareKey::from_pkcs12(&store, PASSWORD).unwrap();
    let sent_at = "2026-03-02T10:00:00Z";
    let text = envelope_text(method, path, "reglament", "m-1", sent_at, body);
    let signature = sign_cms(&text, &key, chrono::Utc::now(), true).unwrap();
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

#[test]
fn an_invoice_survives_a_restart_with_the_state_file() {
    let dir = std::env::temp_dir().join(format!("reglament-cli-sandbox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let state_arg = state.to_str().unwrap();
    let create = |sandbox: &mut Running| {
        let path = "/payments/v1/invoices";
        let body = br#"{"payer":"123456789011","amount_tiyn":259500,"purpose":"fee"}"#;
        let mut headers = signed(&sandbox.addr, "POST", path, body);
        headers.push(("Idempotency-Key".to_owned(), "k-restart".to_owned()));
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        let answer = request(&sandbox.addr, "POST", path, &headers, body);
        assert_eq!(sandbox.next_line(), format!("request payments POST {path} key=k-restart id=- attempt=-"));
        answer
    };
    let mut first = Running::start(&["--trace", "--state", state_arg]);
    let (status, invoice) = create(&mut first);
    assert!(status.contains(" 201 "), "{status}");
    first.stop();
    assert!(Path::new(&state).exists());

    let mut second = Running::start(&["--trace", "--state", state_arg]);
    let (status, again) = create(&mut second);
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(again, invoice);
    let (_, counters) = request(&second.addr, "GET", "/admin/stats", &[], b"");
    let counters = String::from_utf8_lossy(&counters);
    assert!(counters.contains("\"invoices_created\":1"), "{counters}");
    second.stop();
    std::fs::remove_dir_all(&dir).unwrap();
}
