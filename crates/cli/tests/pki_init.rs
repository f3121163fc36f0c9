//! `reglament pki init` as a user runs it: the directory it writes, the roster it lists, and
//! `reglament pki verify` against its CA and CRL — valid accepted, revoked and expired refused by
//! code; a second run into the same directory is refused.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn reglament(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglament")).args(args).env_remove("REGLAMENT_DATABASE_URL").output().unwrap()
}

/// A fresh directory under the target's temporary directory.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    dir
}

fn verify(dir: &Path, subject: &str, at: Option<&str>) -> Output {
    let cert = dir.join(subject).join("cert.cer");
    let anchor = dir.join("ca.cer");
    let crl = dir.join("ca.crl");
    let mut args = vec![
        "pki",
        "verify",
        cert.to_str().unwrap(),
        "--anchor",
        anchor.to_str().unwrap(),
        "--crl",
        crl.to_str().unwrap(),
    ];
    if let Some(at) = at {
        args.extend(["--at", at]);
    }
    reglament(&args)
}

#[test]
fn init_writes_a_pki_that_verify_accepts_and_refuses_by_standing() {
    let dir = fresh_dir("pki-init");
    let out = reglament(&["pki", "init", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for id in [
        "individual-valid",
        "individual-auth",
        "individual-expired",
        "individual-revoked",
        "entity-head",
        "entity-employee",
        "provider-official",
        "platform-gateway",
        "moj-executor",
        "moj-head",
        "moj-registrar",
    ] {
        assert!(stdout.contains(&format!("issued {id}")), "{stdout}");
        for file in ["cert.cer", "cert.pem", "key.p12", "key.pem", "ocsp.der"] {
            assert!(dir.join(id).join(file).is_file(), "{id}/{file}");
        }
    }
    for file in ["ca.cer", "ca.pem", "ca.crl", "README.txt"] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let roster: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("roster.json")).unwrap()).unwrap();
    let subjects = roster["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 11);
    let head = subjects.iter().find(|s| s["id"] == "entity-head").unwrap();
    assert_eq!(head["iin"], "750901300451");
    assert_eq!(head["bin"], "123456789021");
    assert_eq!(head["roles"], serde_json::json!(["legal_entity", "first_head"]));
    let revoked = subjects.iter().find(|s| s["standing"] == "revoked").unwrap();
    assert!(revoked["revoked_since"].is_string());

    // Now (the default instant): valid ones pass, the others fail with their codes.
    for id in ["individual-valid", "entity-head", "provider-official"] {
        let out = verify(&dir, id, None);
        assert!(out.status.success(), "{id}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8(out.stdout).unwrap().contains("не отозван"));
    }
    for (id, code) in [("individual-revoked", "[pki.revoked]"), ("individual-expired", "[pki.expired]")] {
        let out = verify(&dir, id, None);
        assert!(!out.status.success(), "{id}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(code), "{id}: {stderr}");
    }

    // The recorded OCSP answers stand in for the CRL.
    for (id, ok) in [("entity-employee", true), ("individual-revoked", false)] {
        let (cert, anchor, ocsp) = (dir.join(id).join("cert.cer"), dir.join("ca.cer"), dir.join(id).join("ocsp.der"));
        let out = reglament(&[
            "pki",
            "verify",
            cert.to_str().unwrap(),
            "--anchor",
            anchor.to_str().unwrap(),
            "--ocsp",
            ocsp.to_str().unwrap(),
        ]);
        assert_eq!(out.status.success(), ok, "{id}: {}", String::from_utf8_lossy(&out.stderr));
        if !ok {
            assert!(String::from_utf8(out.stderr).unwrap().contains("[pki.revoked]"));
        }
    }

    // The official signs a result with the key store; it verifies against the CA and its CRL.
    let result = dir.join("result.txt");
    std::fs::write(&result, "ЛИЦЕНЗИЯ № 1 выдана.\n").unwrap();
    let store = dir.join("provider-official/key.p12");
    let out = reglament(&[
        "pki",
        "sign",
        result.to_str().unwrap(),
        "--key",
        store.to_str().unwrap(),
        "--password",
        roster["password"].as_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (signature, anchor, crl) = (dir.join("result.txt.p7s"), dir.join("ca.cer"), dir.join("ca.crl"));
    let out = reglament(&[
        "pki",
        "verify",
        signature.to_str().unwrap(),
        "--anchor",
        anchor.to_str().unwrap(),
        "--crl",
        crl.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("BIN 010340600017"));

    // Keys are never overwritten.
    let again = reglament(&["pki", "init", "--out", dir.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8(again.stderr).unwrap().contains("is not empty"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn init_at_an_instant_sets_validity_around_it() {
    let dir = fresh_dir("pki-init-at");
    let out = reglament(&[
        "pki",
        "init",
        "--out",
        dir.to_str().unwrap(),
        "--at",
        "2026-03-02 11:00",
        "--base-url",
        "http://sandbox.local:9000/",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let roster: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("roster.json")).unwrap()).unwrap();
    assert_eq!(roster["issued_at"], "2026-03-02T06:00:00Z");
    let cert = std::fs::read(dir.join("individual-valid/cert.cer")).unwrap();
    let url = b"http://sandbox.local:9000/ocsp";
    assert!(cert.windows(url.len()).any(|w| w == url));
    // The revoked certificate was good before its revocation, ten days before issue.
    assert!(verify(&dir, "individual-revoked", Some("2026-02-15 12:00")).status.success());
    let out = verify(&dir, "individual-revoked", Some("2026-03-02 12:00"));
    assert!(String::from_utf8(out.stderr).unwrap().contains("[pki.revoked]"));
    // Bad instants are named.
    let bad = reglament(&["pki", "init", "--out", fresh_dir("pki-init-bad").to_str().unwrap(), "--at", "soon"]);
    assert!(String::from_utf8(bad.stderr).unwrap().contains("argument <at>"));
    std::fs::remove_dir_all(&dir).unwrap();
}
