//! Documents issued at once by several processes sharing one database get unique numbers without
//! gaps: each process drafts the licence of each of its cases — leasing the lowest place of the
//! provider's series no other draft holds —, signs the PDF and issues it, waiting for the places
//! leased ahead of it to be issued; no licence is signed more than once again. Eight officials
//! signing at once on two instances all finish, none signing more than once again. On SQLite
//! (one file) and PostgreSQL.
//!
//! The parent test starts copies of this test binary as the issuing processes (`issuing_process`
//! does the work only when `REGLAMENT_ISSUER_STORE` is set).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use reglament_testkit::actor_for;
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

/// Case `k` of issuing process `p`.
fn case_id(p: usize, k: usize) -> String {
    format!("N-{p}-{k}")
}
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
    Runtime::new(AnyStore::connect(url).await.unwrap(), acts(), &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()))
}

/// Issues the licences of process `p`'s `EACH` cases, signing again when a number could not be
/// issued; the most times any one licence had to be signed again.
async fn issue_all(url: &str, key: &SoftwareKey, p: usize) -> usize {
    let rt = runtime(url).await;
    let head = reglament_engine::Actor::Official {
        iin: "850312300121".parse().unwrap(),
        provider: "960240000025".parse().unwrap(),
        roles: vec!["authorised-person".into()],
    };
    let mut most = 0;
    for k in 0..EACH {
        most = most.max(issue_one(&rt, key, &head, &case_id(p, k)).await);
    }
    most
}

/// Issues the licence of case `id`, drafting and signing again while other processes take the
/// number; how many times it had to.
async fn issue_one(rt: &Runtime, key: &SoftwareKey, head: &reglament_engine::Actor, id: &str) -> usize {
    let (_, case) = rt.load(id).await.unwrap();
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
    let mut retried = 0;
    loop {
        let draft =
            rt.draft(&case, "sign-licence", &facts, now, now.date_naive(), "https://r.example.kz").await.unwrap();
        let signature = sign_cms(&draft.pdf, key, now, true).unwrap();
        match rt.issue(&draft, signature, "850312300121".parse().unwrap(), head, now).await {
            Ok(_) => return retried,
            Err(RuntimeError::Store(StoreError::NumberTaken { .. })) => retried += 1,
            Err(e) => panic!("{e}"),
        }
    }
}

/// The issuing process's body; a no-op when the test runs on its own.
#[tokio::test]
async fn issuing_process() {
    let (Ok(url), Ok(key), Ok(p)) = (
        std::env::var("REGLAMENT_ISSUER_STORE"),
        std::env::var("REGLAMENT_ISSUER_KEY"),
        std::env::var("REGLAMENT_ISSUER_INDEX"),
    ) else {
        return;
    };
    let key = SoftwareKey::from_pkcs12(&std::fs::read(key).unwrap(), PASSWORD).unwrap();
    let retried = issue_all(&url, &key, p.parse().unwrap()).await;
    #[allow(clippy::print_stdout, reason = "the parent reads it")]
    {
        println!("retried {retried}");
    }
}

async fn story(t: &TestStore, pki: &TestPki, key_file: &std::path::Path) {
    let rt = runtime(&t.url).await;
    let filed = at("2026-11-23T10:00:00+05:00");
    let file = Command::File {
        applicant: "871008401427".parse().unwrap(),
        entity: None,
        provider: "960240000025".parse().unwrap(),
        filed_at: filed,
    };
    let ids: Vec<String> = (0..PROCESSES).flat_map(|p| (0..EACH).map(move |k| case_id(p, k))).collect();
    for id in &ids {
        rt.file(id, "forensic-licence", "issuance-portal", &file, &actor_for(&file), filed, None).await.unwrap();
        for step in ["completeness", "review"] {
            let complete = Command::CompleteStep { step: step.into(), outcome: reglament_engine::Outcome::Next };
            reglament_testkit::give(&rt, id, &complete, filed).await.unwrap();
        }
    }
    let children: Vec<_> = (0..PROCESSES)
        .map(|p| {
            Process::new(std::env::current_exe().unwrap())
                .args(["--exact", "issuing_process", "--nocapture", "--test-threads", "1"])
                .env("REGLAMENT_ISSUER_STORE", &t.url)
                .env("REGLAMENT_ISSUER_INDEX", p.to_string())
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
        retried = retried.max(
            text.split("retried ").nth(1).and_then(|r| r.split_whitespace().next()?.parse::<usize>().ok()).unwrap(),
        );
    }
    assert!(retried <= 1, "{}: a licence signed again {retried} times", t.url);
    let mut documents = Vec::new();
    for id in &ids {
        let issued = t.store.documents_of(id).await.unwrap();
        assert_eq!(issued.len(), 1, "{id}: its licence, once");
        let (_, case) = rt.load(id).await.unwrap();
        assert_eq!(case.issued.get("sign-licence").map(|(_, n)| n), Some(&issued[0].number), "in the history");
        assert_eq!(rt.verify(id).await.unwrap(), None, "{id}: and in its hash chain");
        documents.extend(issued);
    }
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

/// Eight officials, four on each of two instances, draft, sign and issue the licences of eight
/// cases at once.
async fn eight_signers(t: &TestStore, key: &SoftwareKey) {
    let (one, two) = (runtime(&t.url).await, runtime(&t.url).await);
    let filed = at("2026-11-23T10:00:00+05:00");
    for k in 0..8 {
        let id = format!("P-{k}");
        let file = Command::File {
            applicant: "871008401427".parse().unwrap(),
            entity: None,
            provider: "960240000025".parse().unwrap(),
            filed_at: filed,
        };
        one.file(&id, "forensic-licence", "issuance-portal", &file, &actor_for(&file), filed, None).await.unwrap();
        for step in ["completeness", "review"] {
            let complete = Command::CompleteStep { step: step.into(), outcome: reglament_engine::Outcome::Next };
            reglament_testkit::give(&one, &id, &complete, filed).await.unwrap();
        }
    }
    let head = reglament_engine::Actor::Official {
        iin: "850312300121".parse().unwrap(),
        provider: "960240000025".parse().unwrap(),
        roles: vec!["authorised-person".into()],
    };
    let signers = (0..8).map(|k| {
        let (rt, head) = (if k % 2 == 0 { &one } else { &two }, &head);
        async move { issue_one(rt, key, head, &format!("P-{k}")).await }
    });
    let again = futures_util::future::join_all(signers).await;
    assert!(again.iter().all(|n| *n <= 1), "{}: signed again {again:?}", t.url);
    let mut seqs = Vec::new();
    for k in 0..8 {
        seqs.extend(t.store.documents_of(&format!("P-{k}")).await.unwrap().iter().map(|d| d.seq));
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=8).collect::<Vec<i64>>(), "{}: unique and without gaps", t.url);
}

#[tokio::test]
async fn eight_officials_on_two_instances_sign_at_once_and_all_finish() {
    let pki = TestPki::generate(at("2026-11-23T09:00:00+05:00"), "http://127.0.0.1:9").unwrap();
    let key = pki.subject("moj-head").unwrap().signing_key(pki.ca.certificate()).unwrap();
    for t in fresh_stores().await.unwrap() {
        eight_signers(&t, &key).await;
        t.finish().await.unwrap();
    }
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
