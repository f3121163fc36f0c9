//! The state file: a sandbox opened on a file creates an invoice, is dropped, and a sandbox
//! reopened from the same file answers the same invoice for the same `Idempotency-Key`, with its
//! counters and payments preserved; a damaged file is refused at open.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use common::{send, serve};
use reglament_domain::StateSystem;
use reglament_sandbox::{Sandbox, SandboxError};
use serde_json::json;

/// A fresh directory for this test's state file.
fn directory(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("reglament-sandbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn invoices_keys_and_counters_survive_a_restart() {
    let dir = directory("restart");
    let path = dir.join("state.json");
    let body = json!({ "payer": "123456789011", "amount_tiyn": 259_500, "purpose": "fee" });
    let key = [("Idempotency-Key", "k-restart")];

    let first = Sandbox::open(&path).unwrap();
    assert!(path.exists(), "the seeded world is written at open");
    let addr = serve(first.clone()).await;
    let created = send(&addr, "POST", "/payments/v1/invoices", &key, Some(&body)).await;
    assert_eq!(created.status, 201);
    let invoice = created.json();
    let paid = json!({ "amount_tiyn": 1000, "paid_at": "2026-02-01T00:00:00Z" });
    send(&addr, "POST", "/admin/invoices/INV-000002/pay", &[], Some(&paid)).await;
    drop(first);

    let second = Sandbox::open(&path).unwrap();
    assert_eq!(second.stats().invoices_created, 1);
    assert_eq!(second.stats().requests.get(&StateSystem::Payments), Some(&1));
    let addr = serve(second.clone()).await;
    let repeated = send(&addr, "POST", "/payments/v1/invoices", &key, Some(&body)).await;
    assert_eq!(repeated.status, 200, "the same key answers the invoice created before the restart");
    assert_eq!(repeated.json(), invoice);
    let conflict = json!({ "payer": "123456789011", "amount_tiyn": 1, "purpose": "fee" });
    assert_eq!(send(&addr, "POST", "/payments/v1/invoices", &key, Some(&conflict)).await.status, 409);
    let other = send(&addr, "POST", "/payments/v1/invoices", &[("Idempotency-Key", "k-2")], Some(&body)).await;
    assert_ne!(other.json()["reference"], invoice["reference"]);
    assert_eq!(second.stats().invoices_created, 2);
    let short = send(&addr, "GET", "/payments/v1/invoices/INV-000002", &[], None).await.json();
    assert_eq!((&short["paid_tiyn"], &short["paid_at"]), (&json!(1000), &json!("2026-02-01T00:00:00Z")));
    drop(second);

    let third = Sandbox::open(&path).unwrap();
    assert_eq!(third.stats().invoices_created, 2);
    assert_eq!(third.stats().requests.get(&StateSystem::Payments), Some(&5));
    assert!(!dir.join("state.json.tmp").exists(), "the temporary file was renamed");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_state_file_is_refused() {
    let dir = directory("damaged");
    let path = dir.join("state.json");
    std::fs::write(&path, "{\"version\": 1, \"invoices\": [").unwrap();
    let error = Sandbox::open(&path).unwrap_err();
    assert!(matches!(error, SandboxError::State(_)), "{error}");
    assert_eq!(error.code(), "sandbox.state");
    std::fs::write(
        &path,
        "{\"version\": 99, \"invoices\": [], \"keys\": {}, \"stats\": {\"requests\": {}, \"invoices_created\": 0}}",
    )
    .unwrap();
    assert!(Sandbox::open(&path).unwrap_err().to_string().contains("version 99"));
    std::fs::remove_dir_all(&dir).unwrap();
}
