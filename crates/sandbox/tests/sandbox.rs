//! The sandbox on port 0 over raw HTTP/1.1: seeded data with valid IINs, every answer checked
//! against the OpenAPI contracts in `contracts/` (required fields, types, enums), faults
//! switched through `POST /admin/faults` and per request through `X-Sandbox-Fault`.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use reglament_domain::Iin;
use reglament_sandbox::{INDIVIDUALS_CONTRACT, PAYMENTS_CONTRACT, Sandbox, data};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

async fn spawn() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(reglament_sandbox::serve(listener, sandbox.clone(), std::future::pending()));
    (sandbox, addr)
}

/// One request over a fresh connection; the body is what arrived before the server closed.
async fn send(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&Value>) -> Answer {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head = format!("{head}{name}: {value}\r\n");
    }
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(format!("{head}\r\n{body}").as_bytes()).await.unwrap();
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

/// Checks `value` against `schema` (with `$ref`s into `contract`): type, required, properties,
/// enum, nullable. Returns every violation with its path.
fn violations(contract: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
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
}

/// Asserts that `answer` is what `contract` promises for `method path-template` and its status.
fn conforms(contract: &str, template: &str, method: &str, answer: &Answer) -> Value {
    let contract: Value = serde_json::from_str(contract).unwrap();
    let responses = &contract["paths"][template][method]["responses"];
    let declared = &responses[answer.status.to_string()];
    assert!(declared.is_object(), "{method} {template} does not declare {}", answer.status);
    let schema = &declared["content"]["application/json"]["schema"];
    assert!(answer.headers.contains("content-type: application/json"), "{}", answer.headers);
    let value = answer.json();
    let mut out = Vec::new();
    violations(&contract, schema, &value, "$", &mut out);
    assert!(out.is_empty(), "{method} {template} {}: {out:?}", answer.status);
    value
}

#[test]
fn seeded_data_is_deterministic_with_valid_iins() {
    let persons = data::persons();
    assert_eq!(persons, data::persons());
    assert_eq!(persons.len(), 5);
    for person in &persons {
        let reparsed: Iin = person.iin.to_string().parse().unwrap();
        assert_eq!(reparsed.birth_date(), Some(person.birth_date), "{}", person.iin);
    }
    let mut iins: Vec<_> = persons.iter().map(|p| p.iin).collect();
    iins.dedup();
    assert_eq!(iins.len(), 5);
    assert_eq!(persons.iter().filter(|p| p.criminal_record).count(), 1);
    let invoices = data::invoices(&persons);
    assert_eq!(
        invoices.iter().map(|i| i.status).collect::<Vec<_>>(),
        [data::InvoiceStatus::Paid, data::InvoiceStatus::Unpaid]
    );
}

#[test]
fn contracts_are_openapi_3_and_served_routes_are_declared() {
    for (text, paths) in [
        (INDIVIDUALS_CONTRACT, vec![("/persons/{iin}", "get")]),
        (PAYMENTS_CONTRACT, vec![("/invoices", "post"), ("/invoices/{reference}", "get")]),
    ] {
        let contract: Value = serde_json::from_str(text).unwrap();
        assert!(contract["openapi"].as_str().unwrap().starts_with("3."));
        for (path, method) in paths {
            assert!(contract["paths"][path][method]["responses"].is_object(), "{path} {method}");
        }
    }
}

#[tokio::test]
async fn individuals_answers_conform_to_the_contract() {
    let (_, addr) = spawn().await;
    for person in data::persons() {
        let answer = send(&addr, "GET", &format!("/individuals/v1/persons/{}", person.iin), &[], None).await;
        assert_eq!(answer.status, 200);
        let value = conforms(INDIVIDUALS_CONTRACT, "/persons/{iin}", "get", &answer);
        assert_eq!(value["iin"], person.iin.to_string());
    }
    let missing = send(&addr, "GET", "/individuals/v1/persons/871008401427", &[], None).await;
    assert_eq!(missing.status, 404);
    assert_eq!(conforms(INDIVIDUALS_CONTRACT, "/persons/{iin}", "get", &missing)["code"], "sandbox.not_found");
    let faulted =
        send(&addr, "GET", "/individuals/v1/persons/871008401427", &[("X-Sandbox-Fault", "status=503")], None).await;
    assert_eq!(faulted.status, 503);
    conforms(INDIVIDUALS_CONTRACT, "/persons/{iin}", "get", &faulted);
}

#[tokio::test]
async fn payments_answers_conform_and_keys_are_idempotent() {
    let (sandbox, addr) = spawn().await;
    let payer = data::persons()[0].iin.to_string();
    let body = json!({ "payer": payer, "amount_tiyn": 259_500, "purpose": "fee" });
    let key = [("Idempotency-Key", "k-1")];
    let created = send(&addr, "POST", "/payments/v1/invoices", &key, Some(&body)).await;
    assert_eq!(created.status, 201);
    let invoice = conforms(PAYMENTS_CONTRACT, "/invoices", "post", &created);
    let repeated = send(&addr, "POST", "/payments/v1/invoices", &key, Some(&body)).await;
    assert_eq!(repeated.status, 200);
    assert_eq!(conforms(PAYMENTS_CONTRACT, "/invoices", "post", &repeated), invoice);
    let other = json!({ "payer": payer, "amount_tiyn": 1, "purpose": "fee" });
    let conflict = send(&addr, "POST", "/payments/v1/invoices", &key, Some(&other)).await;
    assert_eq!(conflict.status, 409);
    conforms(PAYMENTS_CONTRACT, "/invoices", "post", &conflict);
    let keyless = send(&addr, "POST", "/payments/v1/invoices", &[], Some(&body)).await;
    assert_eq!(keyless.status, 400);
    conforms(PAYMENTS_CONTRACT, "/invoices", "post", &keyless);
    assert_eq!(sandbox.stats().invoices_created, 1);

    let reference = invoice["reference"].as_str().unwrap();
    for path in [format!("/payments/v1/invoices/{reference}"), "/payments/v1/invoices/INV-000001".into()] {
        let answer = send(&addr, "GET", &path, &[], None).await;
        assert_eq!(answer.status, 200);
        conforms(PAYMENTS_CONTRACT, "/invoices/{reference}", "get", &answer);
    }
    assert_eq!(send(&addr, "GET", "/payments/v1/invoices/INV-000001", &[], None).await.json()["status"], "paid");
    let paid = send(&addr, "POST", &format!("/admin/invoices/{reference}/pay"), &[], None).await;
    assert_eq!(paid.json()["status"], "paid");
    let missing = send(&addr, "GET", "/payments/v1/invoices/NOPE", &[], None).await;
    assert_eq!(missing.status, 404);
    conforms(PAYMENTS_CONTRACT, "/invoices/{reference}", "get", &missing);
    let served = send(&addr, "GET", "/contracts/payments.json", &[], None).await;
    assert_eq!(served.json(), serde_json::from_str::<Value>(PAYMENTS_CONTRACT).unwrap());
}

#[tokio::test]
async fn faults_switch_through_the_admin_endpoint_per_system() {
    let (sandbox, addr) = spawn().await;
    let person = format!("/individuals/v1/persons/{}", data::persons()[1].iin);
    let set = |kind: Value, count: Value| json!({ "system": "individuals", "kind": kind, "count": count });
    let answer = send(&addr, "POST", "/admin/faults", &[], Some(&set(json!({ "status": 502 }), json!(2)))).await;
    assert_eq!(answer.status, 204);
    assert_eq!(send(&addr, "GET", &person, &[], None).await.status, 502);
    assert_eq!(
        send(&addr, "GET", "/payments/v1/invoices/INV-000001", &[], None).await.status,
        200,
        "other systems untouched"
    );
    assert_eq!(send(&addr, "GET", &person, &[], None).await.status, 502);
    assert_eq!(send(&addr, "GET", &person, &[], None).await.status, 200, "the count is used up");

    send(&addr, "POST", "/admin/faults", &[], Some(&set(json!("malformed"), json!("always")))).await;
    for _ in 0..3 {
        let answer = send(&addr, "GET", &person, &[], None).await;
        assert_eq!(answer.status, 200);
        assert!(serde_json::from_slice::<Value>(&answer.body).is_err());
    }
    assert_eq!(send(&addr, "DELETE", "/admin/faults", &[], None).await.status, 204);
    assert_eq!(send(&addr, "GET", &person, &[], None).await.status, 200);

    send(&addr, "POST", "/admin/faults", &[], Some(&set(json!("truncated"), json!(1)))).await;
    let cut = send(&addr, "GET", &person, &[], None).await;
    let declared: usize =
        cut.headers.split("content-length: ").nth(1).unwrap().lines().next().unwrap().trim().parse().unwrap();
    assert!(cut.body.len() < declared, "{} of {declared}", cut.body.len());

    for bad in [
        set(json!({ "status": 200 }), json!(1)),
        set(json!("melted"), json!(1)),
        json!({ "system": "mars", "kind": "timeout", "count": 1 }),
    ] {
        let answer = send(&addr, "POST", "/admin/faults", &[], Some(&bad)).await;
        assert_eq!((answer.status, answer.json()["code"].as_str()), (400, Some("sandbox.bad_fault")), "{bad}");
    }
    let stats = send(&addr, "GET", "/admin/stats", &[], None).await.json();
    assert_eq!(stats["requests"]["individuals"], 8);
    assert_eq!(stats["requests"]["payments"], 1);
    let journal = sandbox.journal();
    assert_eq!(journal.len(), 9);
}

#[tokio::test]
async fn faults_apply_per_request_through_the_header() {
    let (sandbox, addr) = spawn().await;
    let person = format!("/individuals/v1/persons/{}", data::persons()[0].iin);
    let with = |fault: &'static str| [("X-Sandbox-Fault", fault), ("X-Request-Id", "req-1")];
    assert_eq!(send(&addr, "GET", &person, &with("status=500"), None).await.status, 500);
    assert_eq!(send(&addr, "GET", &person, &with("latency=5"), None).await.json()["surname"], "Төлегенов");
    assert!(
        serde_json::from_slice::<Value>(&send(&addr, "GET", &person, &with("malformed"), None).await.body).is_err()
    );
    let cut = send(&addr, "GET", &person, &with("truncated"), None).await;
    assert!(serde_json::from_slice::<Value>(&cut.body).is_err());
    let bad = send(&addr, "GET", &person, &with("explode"), None).await;
    assert_eq!((bad.status, bad.json()["code"].as_str()), (400, Some("sandbox.bad_fault")));
    assert_eq!(send(&addr, "GET", &person, &[], None).await.status, 200, "header faults do not stick");
    let journal = sandbox.journal();
    assert_eq!(journal[0].request_id.as_deref(), Some("req-1"));
    assert_eq!(journal[0].fault, Some(reglament_sandbox::FaultKind::Status(500)));
}
