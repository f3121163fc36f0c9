//! Issued documents and the public registry, run on every backend: a document issued and read
//! back byte for byte; a stale seq refused with nothing written; registry search by number, BIN
//! and public IIN; status changes recorded; keyset pages covering every row once; and 4 stores
//! (separate connections) × 16 tasks racing for one numbering, which ends gap-free.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, NaiveDate, Utc};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{
    AnyStore, IssuedDocument, RegistryChange, RegistryEntry, RegistryKind, RegistryQuery, RegistryStatus, Store,
    StoreError,
};

const PROVIDER: &str = "000740000015";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn number(series: &str, year: i32, provider: &str, seq: i64) -> String {
    format!("{series}-{year}-{provider}-{seq:06}")
}

fn doc(provider: &str, seq: i64, case_id: &str, issued_at: DateTime<Utc>) -> IssuedDocument {
    let pdf: Vec<u8> = format!("%PDF-1.7\n{case_id} {seq}\n").bytes().chain([0, 0xff, 0x80, b'\n']).collect();
    IssuedDocument {
        number: number("L", 2026, provider, seq),
        provider: provider.into(),
        year: 2026,
        series: "L".into(),
        seq,
        case_id: case_id.into(),
        step: "issue".into(),
        document: "licence".into(),
        act: "moj-754-2021".into(),
        sheets: "[]".into(),
        sha256: format!("{seq:064x}"),
        pdf,
        signature: vec![0x30, 0x82, 0x01, 0x00, seq.to_le_bytes()[0]],
        signer: "780512300152".into(),
        issued_at,
    }
}

fn entry(number: &str, bin: Option<&str>, iin: Option<&str>, iin_public: bool, issued_on: &str) -> RegistryEntry {
    RegistryEntry {
        number: number.into(),
        licence: number.into(),
        kind: RegistryKind::Issued,
        status: RegistryStatus::Active,
        act: "moj-754-2021".into(),
        service: "licence".into(),
        document: "licence".into(),
        holder_name: "ТОО «Әділет Құқық»".into(),
        holder_bin: bin.map(str::to_owned),
        holder_iin: iin.map(str::to_owned),
        iin_public,
        activity_kk: "Адвокаттық қызмет".into(),
        activity_ru: "Адвокатская деятельность".into(),
        provider_kk: "Қазақстан Республикасының Әділет министрлігі".into(),
        provider_ru: "Министерство юстиции Республики Казахстан".into(),
        issued_on: day(issued_on),
        valid_until: Some(day("2031-12-31")),
        sha256: "ab".repeat(32),
    }
}

async fn issue_and_read_back(store: &AnyStore) {
    assert_eq!(store.next_document_seq(PROVIDER, 2026, "L").await.unwrap(), 1);
    let first = doc(PROVIDER, 1, "case-1", at("2026-03-20T10:00:00.123456+05:00"));
    let registered = entry(&first.number, Some("120340009999"), None, false, "2026-03-20");
    store.issue_document(&first, Some(&registered)).await.unwrap();
    assert_eq!(store.next_document_seq(PROVIDER, 2026, "L").await.unwrap(), 2);
    // Other numberings are not moved.
    assert_eq!(store.next_document_seq(PROVIDER, 2026, "R").await.unwrap(), 1);
    assert_eq!(store.next_document_seq(PROVIDER, 2027, "L").await.unwrap(), 1);
    let second = doc(PROVIDER, 2, "case-1", at("2026-03-20T10:05:00+05:00"));
    store.issue_document(&second, None).await.unwrap();

    let read = store.document(&first.number).await.unwrap().unwrap();
    assert_eq!(read, first);
    assert_eq!(read.pdf, first.pdf, "the PDF bytes are kept exactly");
    assert_eq!(store.document_by_sha256(&second.sha256).await.unwrap(), Some(second.clone()));
    assert_eq!(store.document_by_sha256(&"00".repeat(32)).await.unwrap(), None);
    assert_eq!(store.document("L-2026-000740000015-000099").await.unwrap(), None);
    assert_eq!(store.documents_of("case-1").await.unwrap(), vec![first.clone(), second.clone()]);
    assert!(store.documents_of("case-2").await.unwrap().is_empty());
    assert_eq!(store.registry_entry(&first.number).await.unwrap(), Some(registered));
    assert_eq!(store.registry_entry(&second.number).await.unwrap(), None, "issued without a registry entry");
}

async fn stale_seq_is_refused(store: &AnyStore) {
    // Seq 2 is taken; seq 1 is stale, seq 5 skips ahead: both refused, nothing written.
    for seq in [1, 2, 5, 0] {
        let mut stale = doc(PROVIDER, seq, "case-2", at("2026-03-21T10:00:00Z"));
        stale.sha256 = format!("{seq:064}");
        let registered = entry(&stale.number, Some("999999999999"), None, false, "2026-03-21");
        match store.issue_document(&stale, Some(&registered)).await {
            Err(StoreError::NumberTaken { number }) => assert_eq!(number, stale.number),
            other => panic!("seq {seq}: expected NumberTaken, got {other:?}"),
        }
    }
    // The next seq under a number already kept: refused by the number's uniqueness, rolled back.
    let mut reused = doc(PROVIDER, 3, "case-2", at("2026-03-21T10:00:00Z"));
    reused.number = number("L", 2026, PROVIDER, 1);
    match store.issue_document(&reused, None).await {
        Err(StoreError::NumberTaken { number }) => assert_eq!(number, reused.number),
        other => panic!("a kept number: expected NumberTaken, got {other:?}"),
    }
    assert_eq!(store.next_document_seq(PROVIDER, 2026, "L").await.unwrap(), 3);
    assert!(store.documents_of("case-2").await.unwrap().is_empty());
    assert!(store.registry_search(&RegistryQuery::Bin("999999999999".into()), 10).await.unwrap().is_empty());
    // A new numbering refused leaves no counter behind either.
    let fresh = doc("111111111111", 2, "case-2", at("2026-03-21T10:00:00Z"));
    assert!(matches!(store.issue_document(&fresh, None).await, Err(StoreError::NumberTaken { .. })));
    assert_eq!(store.next_document_seq("111111111111", 2026, "L").await.unwrap(), 1);
    let err = StoreError::NumberTaken { number: "L-1".into() };
    assert_eq!(err.code(), "store.number_taken");
    assert_eq!(err.to_string(), "document number `L-1` is taken: read the next number and issue again");
}

async fn registry_search(store: &AnyStore) {
    let provider = "000140000123";
    let rows = [
        entry(&number("L", 2026, provider, 1), Some("120340001234"), None, false, "2026-01-10"),
        entry(&number("L", 2026, provider, 2), Some("120340001234"), None, false, "2026-02-10"),
        entry(&number("L", 2026, provider, 3), Some("120340001234"), None, false, "2026-02-10"),
        entry(&number("L", 2026, provider, 4), None, Some("870412301008"), true, "2026-03-01"),
        entry(&number("L", 2026, provider, 5), None, Some("910101400123"), false, "2026-03-02"),
    ];
    for (i, row) in rows.iter().enumerate() {
        let seq = i64::try_from(i).unwrap() + 1;
        let mut d = doc(provider, seq, "case-r", at("2026-03-01T09:00:00Z"));
        d.sha256 = format!("{seq:064}");
        store.issue_document(&d, Some(row)).await.unwrap();
    }
    let numbers = |found: Vec<RegistryEntry>| found.into_iter().map(|e| e.number).collect::<Vec<_>>();
    let by_number = store.registry_search(&RegistryQuery::Number(rows[1].number.clone()), 10).await.unwrap();
    assert_eq!(by_number, vec![rows[1].clone()]);
    assert!(store.registry_search(&RegistryQuery::Number("L-2026".into()), 10).await.unwrap().is_empty());
    // Newest first, then by number.
    let of_company = store.registry_search(&RegistryQuery::Bin("120340001234".into()), 10).await.unwrap();
    assert_eq!(numbers(of_company), vec![rows[1].number.clone(), rows[2].number.clone(), rows[0].number.clone()]);
    let limited = store.registry_search(&RegistryQuery::Bin("120340001234".into()), 2).await.unwrap();
    assert_eq!(limited.len(), 2);
    let of_person = store.registry_search(&RegistryQuery::Iin("870412301008".into()), 10).await.unwrap();
    assert_eq!(of_person, vec![rows[3].clone()]);
    let hidden = store.registry_search(&RegistryQuery::Iin("910101400123".into()), 10).await.unwrap();
    assert!(hidden.is_empty(), "an IIN that may not be published is not searchable");
    // The IIN of a row is not a BIN.
    assert!(store.registry_search(&RegistryQuery::Bin("870412301008".into()), 10).await.unwrap().is_empty());
}

async fn status_changes(store: &AnyStore) {
    let number = number("L", 2026, "000140000123", 2);
    let suspend = RegistryChange {
        number: number.clone(),
        status: RegistryStatus::Suspended,
        at: at("2026-04-01T10:00:00.123456789+05:00"),
        reason: "Приказ № 12 от 01.04.2026".into(),
    };
    assert!(store.change_registry_status(&suspend).await.unwrap());
    let reinstate = RegistryChange {
        status: RegistryStatus::Active,
        at: at("2026-05-01T10:00:00+05:00"),
        reason: "Приказ № 20".into(),
        ..suspend.clone()
    };
    let terminate = RegistryChange {
        status: RegistryStatus::Terminated,
        at: at("2026-06-01T10:00:00+05:00"),
        reason: "Решение суда".into(),
        ..suspend.clone()
    };
    assert!(store.change_registry_status(&reinstate).await.unwrap());
    assert!(store.change_registry_status(&terminate).await.unwrap());
    let unknown = RegistryChange { number: "L-2026-000000000000-000001".into(), ..suspend.clone() };
    assert!(!store.change_registry_status(&unknown).await.unwrap());
    assert!(store.registry_changes(&unknown.number).await.unwrap().is_empty());

    let entry = store.registry_entry(&number).await.unwrap().unwrap();
    assert_eq!(entry.status, RegistryStatus::Terminated);
    let changes = store.registry_changes(&number).await.unwrap();
    let suspended_at = at("2026-04-01T10:00:00.123456+05:00");
    assert_eq!(changes, vec![RegistryChange { at: suspended_at, ..suspend }, reinstate, terminate]);
    for (name, status) in [
        ("active", RegistryStatus::Active),
        ("suspended", RegistryStatus::Suspended),
        ("terminated", RegistryStatus::Terminated),
    ] {
        assert_eq!(status.as_str(), name);
        assert_eq!(name.parse::<RegistryStatus>().unwrap(), status);
    }
    for kind in [RegistryKind::Issued, RegistryKind::Reregistered, RegistryKind::Duplicate] {
        assert_eq!(kind.as_str().parse::<RegistryKind>().unwrap(), kind);
    }
    assert!("revoked".parse::<RegistryStatus>().is_err());
}

async fn keyset_pages(store: &AnyStore) {
    let total = store.registry_count().await.unwrap();
    assert_eq!(total, 6, "one entry from the first issue and five from the search story");
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.registry_page(after.as_deref(), 4).await.unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 4);
        after = page.last().map(|e| e.number.clone());
        seen.extend(page.into_iter().map(|e| e.number));
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "every row once, in number order");
    assert_eq!(i64::try_from(seen.len()).unwrap(), total);
}

#[tokio::test]
async fn documents_and_registry_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        issue_and_read_back(&t.store).await;
        stale_seq_is_refused(&t.store).await;
        registry_search(&t.store).await;
        status_changes(&t.store).await;
        keyset_pages(&t.store).await;
        t.finish().await.unwrap();
    }
}

const STORES: usize = 4;
const TASKS: usize = 16;
const DOCUMENTS: i64 = 64;

/// Issues documents of one numbering until `DOCUMENTS` are issued in all; returns its seqs.
async fn issue_until_done(store: AnyStore, task: usize) -> Vec<i64> {
    let provider = "000940000777";
    let mut mine = Vec::new();
    loop {
        let seq = store.next_document_seq(provider, 2026, "L").await.unwrap();
        if seq > DOCUMENTS {
            return mine;
        }
        let mut d = doc(provider, seq, &format!("race-{task}"), Utc::now());
        d.sha256 = format!("{seq:064}");
        let registered = entry(&d.number, Some("120340001234"), None, false, "2026-03-20");
        match store.issue_document(&d, Some(&registered)).await {
            Ok(()) => mine.push(seq),
            Err(StoreError::NumberTaken { .. }) => {}
            Err(e) => panic!("task {task}: {e}"),
        }
    }
}

async fn race(t: &TestStore) {
    let mut stores = Vec::new();
    for _ in 0..STORES {
        stores.push(AnyStore::connect(&t.url).await.unwrap());
    }
    let mut handles = Vec::new();
    for (s, store) in stores.iter().enumerate() {
        for task in 0..TASKS {
            handles.push(tokio::spawn(issue_until_done(store.clone(), s * TASKS + task)));
        }
    }
    let mut seqs = Vec::new();
    for handle in handles {
        seqs.extend(handle.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=DOCUMENTS).collect::<Vec<_>>(), "{}: seqs 1..=64, each issued once", t.store.backend());
    let mut kept = Vec::new();
    for task in 0..STORES * TASKS {
        kept.extend(t.store.documents_of(&format!("race-{task}")).await.unwrap().into_iter().map(|d| d.seq));
    }
    kept.sort_unstable();
    assert_eq!(kept, seqs, "{}: the documents kept are those reported issued", t.store.backend());
    assert_eq!(t.store.registry_count().await.unwrap(), DOCUMENTS);
    assert_eq!(t.store.next_document_seq("000940000777", 2026, "L").await.unwrap(), DOCUMENTS + 1);
    for store in stores {
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn separate_connections_issue_gap_free_numbers() {
    for t in fresh_stores().await.unwrap() {
        race(&t).await;
        t.finish().await.unwrap();
    }
}
