//! The sandbox on port 0 over raw HTTP/1.1: the payment service (idempotent invoices, short
//! payments, the statement) with every answer checked against its OpenAPI contract, faults
//! switched through `POST /admin/faults` for any system and per request through
//! `X-Sandbox-Fault`.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use common::{conforms, send, spawn};
use reglament_domain::StateSystem;
use reglament_sandbox::{PAYMENTS_CONTRACT, data};
use serde_json::{Value, json};

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
    let seeded = send(&addr, "GET", "/payments/v1/invoices/INV-000001", &[], None).await.json();
    assert_eq!((&seeded["status"], &seeded["paid_tiyn"]), (&json!("paid"), &json!(259_500)));
    assert_eq!(invoice["paid_tiyn"], Value::Null);
    let paid = send(&addr, "POST", &format!("/admin/invoices/{reference}/pay"), &[], None).await;
    let paid = conforms(PAYMENTS_CONTRACT, "/invoices/{reference}", "get", &paid);
    assert_eq!((&paid["status"], &paid["paid_tiyn"]), (&json!("paid"), &json!(259_500)));
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

#[tokio::test]
async fn short_payments_and_the_statement_serve_reconciliation() {
    let (_, addr) = spawn().await;
    let short = json!({ "amount_tiyn": 100_000, "paid_at": "2026-02-03T09:15:00Z" });
    let paid = send(&addr, "POST", "/admin/invoices/INV-000002/pay", &[], Some(&short)).await;
    let paid = conforms(PAYMENTS_CONTRACT, "/invoices/{reference}", "get", &paid);
    assert_eq!((&paid["amount_tiyn"], &paid["paid_tiyn"]), (&json!(129_750), &json!(100_000)));
    assert_eq!(paid["paid_at"], "2026-02-03T09:15:00Z");
    let again = send(&addr, "POST", "/admin/invoices/INV-000002/pay", &[], Some(&json!({ "amount_tiyn": 5 }))).await;
    assert_eq!(again.json(), paid, "a paid invoice stays as paid");
    let bad = send(&addr, "POST", "/admin/invoices/INV-000002/pay", &[], Some(&json!({ "tiyn": 5 }))).await;
    assert_eq!((bad.status, bad.json()["code"].as_str()), (400, Some("sandbox.bad_request")));

    let january = send(&addr, "GET", "/payments/v1/statement?from=2026-01-01&to=2026-01-31", &[], None).await;
    assert_eq!(january.status, 200);
    let january = conforms(PAYMENTS_CONTRACT, "/statement", "get", &january);
    let references: Vec<_> = january["payments"].as_array().unwrap().iter().map(|p| p["reference"].clone()).collect();
    assert_eq!(references, [json!("INV-000001"), json!("INV-000003")], "the paid one and the orphan");
    let persons = data::persons();
    assert_eq!(january["payments"][1]["payer"], persons[4].iin.to_string());
    let day = send(&addr, "GET", "/payments/v1/statement?from=2026-02-03&to=2026-02-03", &[], None).await.json();
    assert_eq!(
        day["payments"],
        json!([{
            "reference": "INV-000002", "payer": persons[1].iin.to_string(), "paid_tiyn": 100_000,
            "paid_at": "2026-02-03T09:15:00Z"
        }])
    );
    for bad in ["", "?from=2026-01-01", "?from=2026-02-01&to=2026-01-01", "?from=01.01.2026&to=2026-01-31"] {
        let answer = send(&addr, "GET", &format!("/payments/v1/statement{bad}"), &[], None).await;
        assert_eq!(answer.status, 400, "{bad}");
        conforms(PAYMENTS_CONTRACT, "/statement", "get", &answer);
    }
}

#[tokio::test]
async fn faults_switch_for_every_system() {
    let (sandbox, addr) = spawn().await;
    let persons = data::persons();
    let iin = persons[0].iin.to_string();
    let paths = [
        (StateSystem::Individuals, format!("/individuals/v1/persons/{iin}")),
        (StateSystem::LegalEntities, format!("/legal_entities/v1/companies/{}", data::companies(&persons)[0].bin)),
        (StateSystem::LegalStatistics, format!("/legal_statistics/v1/persons/{iin}/record")),
        (StateSystem::Dispensaries, format!("/dispensaries/v1/persons/{iin}")),
        (StateSystem::Licences, format!("/licences/v1/holders/{iin}/licences")),
        (StateSystem::Payments, "/payments/v1/invoices/INV-000001".to_owned()),
    ];
    for (system, path) in &paths {
        let spec = json!({ "system": system.as_str(), "kind": { "status": 503 }, "count": 1 });
        assert_eq!(send(&addr, "POST", "/admin/faults", &[], Some(&spec)).await.status, 204);
        let faulted = send(&addr, "GET", path, &[], None).await;
        assert_eq!(faulted.status, 503, "{system}");
        conforms(reglament_sandbox::contract_of(*system), &path_template(path), "get", &faulted);
        assert_eq!(send(&addr, "GET", path, &[], None).await.status, 200, "{system}: the count is used up");
    }
    let stats = sandbox.stats();
    for system in StateSystem::ALL {
        assert_eq!(stats.requests.get(&system), Some(&2), "{system}");
    }
}

/// The contract's path template of a served path (the id segment replaced).
fn path_template(path: &str) -> String {
    let within = path.splitn(4, '/').nth(3).unwrap();
    let segments: Vec<String> = within
        .split('/')
        .map(|segment| match segment {
            s if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) => "{id}".to_owned(),
            s if s.starts_with("INV-") => "{reference}".to_owned(),
            s => s.to_owned(),
        })
        .collect();
    let template = format!("/{}", segments.join("/"));
    template.replace("persons/{id}", "persons/{iin}").replace("companies/{id}", "companies/{bin}")
}

#[tokio::test]
async fn every_state_system_request_is_traced_as_it_is_received() {
    let (lines, mut received) = tokio::sync::mpsc::unbounded_channel();
    let sandbox = reglament_sandbox::Sandbox::new().with_trace(move |line| {
        lines.send(line.to_owned()).unwrap();
    });
    let addr = common::serve(sandbox).await;
    let body = json!({ "payer": data::persons()[0].iin.to_string(), "amount_tiyn": 100, "purpose": "fee" });
    let headers = [("Idempotency-Key", "k-7"), ("X-Request-Id", "req-7"), ("X-Attempt", "2")];
    send(&addr, "POST", "/payments/v1/invoices", &headers, Some(&body)).await;
    assert_eq!(
        received.recv().await.unwrap(),
        "request payments POST /payments/v1/invoices key=k-7 id=req-7 attempt=2"
    );
    send(&addr, "GET", "/payments/v1/statement?from=2026-01-01&to=2026-01-02", &[], None).await;
    assert_eq!(
        received.recv().await.unwrap(),
        "request payments GET /payments/v1/statement?from=2026-01-01&to=2026-01-02 key=- id=- attempt=-"
    );
    send(&addr, "GET", "/admin/stats", &[], None).await;
    assert!(received.try_recv().is_err(), "admin routes are not traced");
}
