//! Documents issued at once by several processes sharing one database get unique numbers without
//! gaps: each process drafts the next number, signs the PDF and issues it, and drafts again when
//! another process took the number first. On SQLite (one file) and PostgreSQL.
//!
//! The parent test starts copies of this test binary as the issuing processes (`issuing_process`
//! does the work only when `REGLAMENT_ISSUER_STORE` is set).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use std::process::{Command as Process, Stdio};

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_domain::Localized;
use reglament_engine::Command;
use reglament_pki::issue::TestPki;
use reglament_pki::{SoftwareKey, UnknownStatus, sign_cms, verify_cms};
use reglament_regulation::model::Act;
use reglament_runtime::Runtime;
use reglament_runtime::RuntimeError;
use reglament_runtime::documents::{Facts, Holder, Signatory};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{AnyStore, Store, StoreError};

const PROCESSES: usize = 4;
const EACH: usize = 12;
const CASE: &str = "N-1";
const PASSWORD: &str = "issuer";

fn acts() -> Vec<Act> {
    reglament_testkit::regulation_files()
        .iter()
        .map(|(name, text)| reglament_regulation::read(name, text).0.unwrap())
        .collect()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

async fn runtime(url: &str) -> Runtime {
    Runtime::new(AnyStore::connect(url).await.unwrap(), acts(), &Calendar::builtin().unwrap()).unwrap().with_providers(reglament_runtime::Providers::test_stand("010340600017".parse().unwrap()))
}

/// Issues `EACH` licences of case `CASE`, retrying a number another process took; how many times
/// it had to.
async fn issue_all(url: &str, key: &SoftwareKey) -> usize {
    let rt = runtime(url).await;
    let (_, case) = rt.load(CASE).await.unwrap();
    let facts = Facts::of_case(
        &case,
        Holder { name: "Әлиева Айгүл".into(), iin: case.applicant, entity: None },
        Signatory {
            name: "Head".into(),
            iin: "850312300121".parse().unwrap(),
            provider: "960240000025".parse().unwrap(),
        },
        Localized::new_static("Басшы", "Руководитель"),
        chrono_tz::Asia::Almaty,
    );
    let now = at("2026-11-27T10:00:00+05:00");
    let (mut issued, mut retried) = (0, 0);
    while issued < EACH {
        let draft = rt.draft(&case, "sign-licence", &facts, now.date_naive(), "https://r.example.kz").await.unwrap();
        let signature = sign_cms(&draft.pdf, key, now, true).unwrap();
        match rt.issue(&draft, signature, "850312300121".parse().unwrap(), &reglament_engine::Actor::Official { iin: "850312300121".parse().unwrap(), provider: "010340600017".parse().unwrap(), roles: vec!["authorised-person".into()] }, now).await {
            Ok(_) => issued += 1,
            Err(RuntimeError::Store(StoreError::NumberTaken { .. })) => retried += 1,
            Err(e) => panic!("{e}"),
        }
    }
    retried
}

/// The issuing process's body; a no-op when the test runs on its own.
#[tokio::test]
async fn issuing_process() {
    let (Ok(url), Ok(key)) = (std::env::var("REGLAMENT_ISSUER_STORE"), std::env::var("REGLAMENT_ISSUER_KEY")) else {
        return;
    };
    let key = SoftwareKey::from_pkcs12(&std::fs::read(key).unwrap(), PASSWORD).unwrap();
    let retried = issue_all(&url, &key).await;
    #[allow(clippy::print_stdout, reason = "the parent reads it")]
    {
        println!("retried {retried}");
    }
}

async fn story(t: &TestStore, pki: &TestPki, key_file: &std::path::Path) {
    let rt = runtime(&t.url).await;
    let filed = at("2026-11-23T10:00:00+05:00");
    let file = Command::File { applicant: "871008401427".parse().unwrap(), entity: None, provider: "010340600017".parse().unwrap(), filed_at: filed };
    rt.file(CASE, "forensic-licence", "issuance-portal", &file, &test_actor(&file), filed, None).await.unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Process::new(std::env::current_exe().unwrap())
                .args(["--exact", "issuing_process", "--nocapture", "--test-threads", "1"])
                .env("REGLAMENT_ISSUER_STORE", &t.url)
                .env("REGLAMENT_ISSUER_KEY", key_file)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut retried = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}: an issuing process failed", t.url);
        let text = String::from_utf8_lossy(&out.stdout);
        retried +=
            text.split("retried ").nth(1).and_then(|r| r.split_whitespace().next()?.parse::<usize>().ok()).unwrap();
    }
    assert!(retried > 0, "{}: the processes did compete for numbers", t.url);
    let documents = t.store.documents_of(CASE).await.unwrap();
    let mut seqs: Vec<i64> = documents.iter().map(|d| d.seq).collect();
    seqs.sort_unstable();
    let all = i64::try_from(PROCESSES * EACH).unwrap();
    assert_eq!(seqs, (1..=all).collect::<Vec<_>>(), "{}: unique and without gaps", t.url);
    let trust = pki.trust().unwrap();
    for d in &documents {
        assert_eq!(d.number, format!("L-2026-960240000025-{:06}", d.seq));
        verify_cms(&d.signature, Some(&d.pdf), &trust, at("2026-11-27T10:00:00+05:00"), UnknownStatus::Accept).unwrap();
        let entry = t.store.registry_entry(&d.number).await.unwrap().unwrap();
        assert_eq!(entry.sha256, d.sha256);
    }
    assert_eq!(t.store.registry_count().await.unwrap(), all);
}

#[tokio::test]
async fn several_processes_issue_unique_numbers_without_gaps() {
    if std::env::var("REGLAMENT_ISSUER_STORE").is_ok() {
        return;
    }
    let pki = TestPki::generate(at("2026-11-23T09:00:00+05:00"), "http://127.0.0.1:9").unwrap();
    let head = pki.subject("moj-head").unwrap();
    let key_file = std::env::temp_dir().join(format!("reglament-issuer-{}.p12", std::process::id()));
    std::fs::write(&key_file, head.pkcs12(pki.ca.certificate(), PASSWORD).unwrap()).unwrap();
    for t in fresh_stores().await.unwrap() {
        story(&t, &pki, &key_file).await;
        t.finish().await.unwrap();
    }
    std::fs::remove_file(key_file).unwrap();
}

/// The actor a test gives `command` as: the applicant files (and objects, and withdraws), the
/// platform records what systems answer and ticks, an official of the test stand's provider
/// holding every role acts on the steps.
#[allow(dead_code, reason = "not every test file gives every kind of command")]
fn test_actor(command: &reglament_engine::Command) -> reglament_engine::Actor {
    use reglament_engine::{Actor, Command};
    match command {
        Command::File { applicant, entity, .. } => Actor::Applicant { iin: *applicant, entity: *entity },
        Command::RecordObjection { .. } | Command::Withdraw => {
            Actor::Applicant { iin: "871008401427".parse().unwrap(), entity: None }
        }
        Command::RecordRegistryData { .. }
        | Command::RecordRegistryFailure { .. }
        | Command::RecordPayment { .. }
        | Command::Tick => Actor::System,
        _ => Actor::Official {
            iin: "760212350620".parse().unwrap(),
            provider: "010340600017".parse().unwrap(),
            roles: ["executor", "authorised-person", "registrar", "provider", "licensor", "office", "head", "director"]
                .map(str::to_owned)
                .to_vec(),
        },
    }
}
