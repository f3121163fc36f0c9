//! The `reglament` binary as a user runs it: calendar output compared with reviewed snapshots,
//! errors that name the argument, and the demo server answering on the address it prints.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail the test by panicking")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};

fn reglament(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglament")).args(args).env_remove("REGLAMENT_DATABASE_URL").output().unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = reglament(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn calendar_years_match_their_snapshots() {
    for year in ["2024", "2025", "2026"] {
        let text = stdout(&["calendar", "year", year]);
        reglament_testkit::assert_snapshot(
            env!("CARGO_MANIFEST_DIR"),
            &format!("tests/snapshots/year-{year}.txt"),
            &text,
        );
    }
    let kk = stdout(&["calendar", "year", "2026", "--lang", "kk"]);
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/year-2026-kk.txt", &kk);
    let json: serde_json::Value = serde_json::from_str(&stdout(&["calendar", "year", "2025", "--json"])).unwrap();
    assert_eq!(json["working_days"], 246);
    assert_eq!(json["months"].as_array().unwrap().len(), 12);
}

#[test]
fn adding_and_counting_explain_themselves() {
    let text = stdout(&["calendar", "add", "2026-03-20 19:40", "6wd"]);
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/add-nauryz.txt", &text);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["calendar", "add", "2026-03-20T19:40:00+05:00", "6wd", "--json"])).unwrap();
    assert_eq!(json["due"], "2026-04-03T13:30:00Z");
    let between = stdout(&["calendar", "between", "2026-03-20T19:40", "2026-04-03T18:30"]);
    assert_eq!(between, "Полных рабочих дней: 6\nРабочего времени: 56:00:00\nКалендарных дней: 14\n");
}

#[test]
fn bad_arguments_are_named() {
    for (args, expected) in [
        (&["calendar", "add", "2026-03-20", "1d"][..], "argument <term>: invalid term `1d`"),
        (&["calendar", "add", "20.03.2026", "1wd"][..], "argument <instant>: invalid instant `20.03.2026`"),
        (&["calendar", "year", "2031"][..], "argument <year>: year 2031 is not covered"),
        (&["calendar", "year", "2026", "--hours", "18:00-09:00"][..], "argument <hours>: invalid working schedule"),
        (&["calendar", "add", "2026-03-20", "1wd", "--counting", "soon"][..], "argument <counting>"),
    ] {
        let out = reglament(args);
        assert!(!out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn the_demo_creates_its_database_and_serves_on_the_address_it_prints() {
    let dir = std::env::temp_dir().join(format!("reglament-demo-test-{}", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(["demo", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut first).unwrap();
    let addr = first.split("http://").nth(1).and_then(|s| s.split_whitespace().next()).expect("address").to_owned();
    for (path, needle) in
        [("/healthz", "ok"), ("/ru/calendar/2026", "Производственный календарь 2026"), ("/kk/", "Reglament")]
    {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{path}: {response}");
        assert!(response.contains(needle), "{path}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dir.join("reglament.sqlite3").exists(), "the SQLite file was created");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_recorded_announcement_changes_the_calendar_and_says_which_days() {
    let path = std::env::temp_dir().join(format!("reglament-record-test-{}.sqlite3", std::process::id()));
    let url = format!("sqlite://{}", path.display());
    let recorded = stdout(&[
        "calendar",
        "record",
        "--database-url",
        &url,
        "--source",
        "ДУМК (пример)",
        "kurban-ait",
        "2026-05-26",
    ]);
    assert!(recorded.starts_with("#1: {\"kind\":\"kurban_ait\",\"date\":\"2026-05-26\"}"), "{recorded}");
    assert!(
        recorded.contains(
            "вт, 26 мая 2026 — рабочий день  →  вт, 26 мая 2026 — праздничный день: Курбан айт (ДУМК (пример))"
        )
    );
    assert!(recorded.contains("ср, 27 мая 2026 — праздничный день"));
    let due = stdout(&["calendar", "add", "2026-05-25T12:00", "1wd", "--database-url", &url]);
    assert!(due.starts_with("ср, 27 мая 2026 18:30"), "{due}");
    let refused = reglament(&[
        "calendar",
        "record",
        "--database-url",
        &url,
        "--source",
        "x",
        "transfer",
        "--working",
        "2026-05-25",
        "--day-off",
        "2026-05-26",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("argument <change>"));
    let none_added = stdout(&["calendar", "add", "2026-05-25T12:00", "1wd", "--database-url", &url]);
    assert_eq!(none_added, due, "the refused change was not recorded");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[test]
fn simulate_forecasts_every_step_of_a_seed_act() {
    let regulations = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regulations/moj-754-2021.toml");
    let text = stdout(&[
        "simulate",
        "forensic-licence",
        "issuance-portal",
        "--filed",
        "2026-03-20 19:40",
        "--regulations",
        regulations,
    ]);
    reglament_testkit::assert_snapshot(env!("CARGO_MANIFEST_DIR"), "tests/snapshots/simulate-forensic-2021.txt", &text);
    let before = reglament(&[
        "simulate",
        "forensic-licence",
        "issuance-portal",
        "--filed",
        "2020-03-20",
        "--regulations",
        regulations,
    ]);
    assert!(String::from_utf8_lossy(&before.stderr).contains("no encoded act in force on 2020-03-20"));
}

#[test]
fn lint_prints_every_diagnostic_and_fails_on_errors() {
    let broken = concat!(env!("CARGO_MANIFEST_DIR"), "/../regulation/tests/broken/many-faults.toml");
    let out = reglament(&["lint", broken]);
    assert!(!out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 12, "{text}");
    assert!(text.contains("many-faults.toml:50:8: error [resolve.term]"));
}

#[test]
fn pki_verify_accepts_a_valid_signature_and_names_a_revoked_one() {
    let cms = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/cms/");
    let valid = stdout(&["pki", "verify", &format!("{cms}attached_valid_rsa.p7s"), "--at", "2021-06-01", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&valid).unwrap();
    assert!(json["verified"]["signers"].as_array().is_some_and(|s| s.len() == 1), "{valid}");
    let out = reglament(&["pki", "verify", &format!("{cms}attached_revoked_rsa.p7s"), "--at", "2022-06-01"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("[pki.revoked]"), "{stderr}");
}

#[test]
fn pki_verify_reads_a_signed_xml_document() {
    let xml = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/nca/xades/xades-test-signed-b.xml");
    let text = stdout(&["pki", "verify", xml, "--at", "2026-09-03", "--accept-unknown"]);
    for expected in
        ["подписант 1: ТЕСТОВ ТЕСТ (IIN 123456789011)", "подписано: весь документ", "итог: подпись действительна"]
    {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    let out = reglament(&["pki", "verify", xml, "--at", "2026-09-03"]);
    assert!(!out.status.success(), "an unknown revocation status is refused by default");
}

#[test]
fn pki_verify_takes_the_status_from_a_recorded_ocsp_response() {
    let nca = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/nca/");
    let cert = format!("{nca}derived/individual_valid_2015_gost.cer");
    let ocsp = format!("{nca}ocsp/ocsp_response_individual_2015.bin");
    let out = reglament(&["pki", "verify", &cert, "--at", "2022-09-02T23:00", "--ocsp", &ocsp]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("[pki.not_issued]") && stderr.contains("OCSP RESPONDER"), "{stderr}");
}

#[test]
fn pki_sign_makes_a_signature_anyone_can_verify() {
    let dir = std::env::temp_dir().join(format!("reglament-sign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let licence = dir.join("licence.txt");
    std::fs::write(&licence, "Лицензия № 21-001 / Лицензия № 21-001").unwrap();
    let store = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/nca/keys/key_individual_valid_sign_2004.p12");
    let licence = licence.to_str().unwrap();
    for detached in [false, true] {
        let mut args =
            vec!["pki", "sign", licence, "--key", store, "--password", "Qwerty12", "--at", "2021-06-01T12:00"];
        if detached {
            args.push("--detached");
        }
        assert!(stdout(&args).contains("ТЕСТОВ ТЕСТ (IIN 123456789011)"));
        let signature = format!("{licence}.p7s");
        let mut verify = vec!["pki", "verify", &signature, "--at", "2021-06-02", "--json"];
        if detached {
            verify.extend(["--content", licence]);
        }
        let json: serde_json::Value = serde_json::from_str(&stdout(&verify)).unwrap();
        assert_eq!(json["verified"]["signers"][0]["signing_time"], "2021-06-01T06:00:00Z");
    }
    let wrong = reglament(&["pki", "sign", licence, "--key", store, "--password", "nope"]);
    assert!(String::from_utf8(wrong.stderr).unwrap().contains("[pki.key_store]"));
    std::fs::remove_dir_all(&dir).unwrap();
}
