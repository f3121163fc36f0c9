//! Test support: a sandbox on port 0, one raw HTTP/1.1 request per connection, and a checker
//! of answers against the OpenAPI contracts (a subset of JSON Schema: `$ref`, type, required,
//! properties, items, enum, nullable, the date formats and simple anchored patterns).

#![allow(dead_code, reason = "each test file uses a part of the support")]

use reglament_sandbox::Sandbox;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// An answer as received.
pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Serves `sandbox` on a fresh port; its address.
pub async fn serve(sandbox: Sandbox) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(reglament_sandbox::serve(listener, sandbox, std::future::pending()));
    addr
}

/// A fresh in-memory sandbox served on a fresh port.
pub async fn spawn() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let addr = serve(sandbox.clone()).await;
    (sandbox, addr)
}

/// One request over a fresh connection with a raw body; the body is what arrived before the
/// server closed.
pub async fn send_raw(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() && !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head = format!("{head}{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = headers.split(' ').nth(1).unwrap().parse().unwrap();
    Answer { status, headers, body: raw[split + 4..].to_vec() }
}

/// One request with an optional JSON body.
pub async fn send(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&Value>) -> Answer {
    let body = body.map(Value::to_string).unwrap_or_default();
    send_raw(addr, method, path, headers, body.as_bytes()).await
}

/// One atom of a pattern: a set of characters.
fn atom(pattern: &[char]) -> (Vec<(char, char)>, usize) {
    if pattern[0] != '[' {
        return (vec![(pattern[0], pattern[0])], 1);
    }
    let end = pattern.iter().position(|&c| c == ']').unwrap();
    let inner = &pattern[1..end];
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        if i + 2 < inner.len() && inner[i + 1] == '-' {
            ranges.push((inner[i], inner[i + 2]));
            i += 3;
        } else {
            ranges.push((inner[i], inner[i]));
            i += 1;
        }
    }
    (ranges, end + 1)
}

/// Whether `text` matches an anchored pattern of atoms (a character or `[...]` class) each with
/// an optional `{n}` or `{m,n}`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.trim_start_matches('^').trim_end_matches('$').chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    while p < pattern.len() {
        let (set, used) = atom(&pattern[p..]);
        p += used;
        let (mut min, mut max) = (1, 1);
        if pattern.get(p) == Some(&'{') {
            let end = p + pattern[p..].iter().position(|&c| c == '}').unwrap();
            let spec: String = pattern[p + 1..end].iter().collect();
            (min, max) = match spec.split_once(',') {
                Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
                None => (spec.parse().unwrap(), spec.parse().unwrap()),
            };
            p = end + 1;
        }
        let mut count = 0;
        while count < max && t < text.len() && set.iter().any(|&(a, b)| (a..=b).contains(&text[t])) {
            count += 1;
            t += 1;
        }
        if count < min {
            return false;
        }
    }
    t == text.len()
}

/// Checks `value` against `schema` (with `$ref`s into `contract`), pushing every violation with
/// its path.
pub fn violations(contract: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        let target = contract.pointer(pointer).unwrap_or_else(|| panic!("dangling {reference}"));
        return violations(contract, target, value, at, out);
    }
    if value.is_null() {
        if schema.get("nullable") != Some(&Value::Bool(true)) {
            out.push(format!("{at}: null"));
        }
        return;
    }
    let ok = match schema.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        _ => true,
    };
    if !ok {
        out.push(format!("{at}: {value} is not {}", schema["type"]));
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        out.push(format!("{at}: {value} not in {allowed:?}"));
    }
    if let Some(text) = value.as_str() {
        let format_ok = match schema.get("format").and_then(Value::as_str) {
            Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
            Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            _ => true,
        };
        if !format_ok {
            out.push(format!("{at}: `{text}` is not a {}", schema["format"]));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && !matches(pattern, text)
        {
            out.push(format!("{at}: `{text}` does not match {pattern}"));
        }
    }
    for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        if value.get(name.as_str().unwrap()).is_none() {
            out.push(format!("{at}: missing {name}"));
        }
    }
    if let (Some(properties), Some(object)) = (schema.get("properties").and_then(Value::as_object), value.as_object()) {
        for (name, field) in object {
            match properties.get(name) {
                Some(sub) => violations(contract, sub, field, &format!("{at}.{name}"), out),
                None => out.push(format!("{at}: {name} is not in the contract")),
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (index, item) in array.iter().enumerate() {
            violations(contract, items, item, &format!("{at}[{index}]"), out);
        }
    }
}

/// Asserts that `answer` is what `contract` promises for `method template` and its status (the
/// exact status, else its `NXX` range), and returns its JSON.
pub fn conforms(contract: &str, template: &str, method: &str, answer: &Answer) -> Value {
    let contract: Value = serde_json::from_str(contract).unwrap();
    let responses = &contract["paths"][template][method]["responses"];
    let status = answer.status.to_string();
    let range = format!("{}XX", &status[..1]);
    let declared = [&responses[&status], &responses[&range]].into_iter().find(|r| r.is_object());
    let declared = declared.unwrap_or_else(|| panic!("{method} {template} does not declare {status}"));
    let schema = &declared["content"]["application/json"]["schema"];
    assert!(answer.headers.contains("content-type: application/json"), "{}", answer.headers);
    let value = answer.json();
    let mut out = Vec::new();
    violations(&contract, schema, &value, "$", &mut out);
    assert!(out.is_empty(), "{method} {template} {status}: {out:?}\n{value:#}");
    value
}
