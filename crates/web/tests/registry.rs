//! The public registry over real HTTP, on every store backend: licences issued through the
//! runtime (signed by the Ministry of Justice's head with the sandbox's test PKI) are found by
//! number, BIN and — only where it is public — IIN; the entry page (the QR code's target) shows
//! the entry re-verified with its history and downloads; an upload verifies when it is the
//! original (with its `.p7s`, with the signature embedded, or alone) and fails with a stable
//! code and a clear reason when a byte changed (`document.unknown`, naming the number), when the
//! `.p7s` comes from an untrusted PKI (`document.untrusted`) or when the licence is suspended;
//! the open-data export streams every row (over several keyset pages) as CSV and JSON; the
//! applicant's cabinet shows the documents of their own case only.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use chrono::{TimeDelta, Utc};
use common::cases::{fixed_now, runtime, sandbox};
use common::documents::{HEAD_IIN, file, issue, multipart};
use common::{Response, bind, get, send, serve_on};
use reglament_pki::issue::TestPki;
use reglament_pki::{SigningKey as _, SoftwareKey};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{
    AnyStore, Application, IssuedDocument, RegistryChange, RegistryEntry, RegistryKind, RegistryStatus, Session,
    SessionKind, Store,
};
use reglament_web::AppState;
use serde_json::Value;

/// The person holding the first licence (their IIN is public on it).
const PERSON: &str = "123456789011";
/// The head of the company holding the second licence (not public: it is the company's).
const HEAD_OF_COMPANY: &str = "750901300451";
/// The company.
const COMPANY: &str = "000140000121";

/// A session for `key`'s holder; the cookie header.
async fn session(store: &AnyStore, key: &SoftwareKey) -> String {
    let subject = key.certificate().subject();
    let iin = subject.iin.clone().unwrap();
    let token = format!("token-registry-{iin}");
    let now = Utc::now();
    store
        .create_session(&Session {
            token_hash: reglament_web::integrator::token_hash(&token),
            kind: SessionKind::Applicant,
            iin,
            name: subject.common_name.clone().unwrap_or_default(),
            provider_bin: None,
            roles: Vec::new(),
            csrf: "csrf".into(),
            created_at: now,
            expires_at: now + TimeDelta::hours(1),
        })
        .await
        .unwrap();
    format!("reglament_session={token}")
}

/// Posts `files` to `path` as the verification form does.
async fn upload(addr: &str, path: &str, files: &[(&str, &str, &[u8])]) -> Response {
    let (content_type, body) = multipart(files);
    send(addr, "POST", path, &[("Content-Type", content_type.as_str())], &body).await
}

/// The failure codes of a verdict.
fn codes(verdict: &Value) -> Vec<String> {
    verdict["failures"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

/// `count` registry rows of another provider kept directly, so that the export spans pages.
async fn filler(store: &AnyStore, count: i64) {
    for seq in 1..=count {
        let number = format!("D-2026-000000000000-{seq:06}");
        let document = IssuedDocument {
            number: number.clone(),
            provider: "000000000000".into(),
            year: 2026,
            series: "D".into(),
            seq,
            case_id: "FILLER".into(),
            step: "step".into(),
            document: "permit".into(),
            act: "act".into(),
            sheets: "[]".into(),
            pdf: format!("%PDF filler {seq}").into_bytes(),
            sha256: format!("{seq:064x}"),
            signature: Vec::new(),
            signer: "000000000000".into(),
            issued_at: fixed_now(),
        };
        let entry = RegistryEntry {
            number: number.clone(),
            licence: number,
            kind: RegistryKind::Issued,
            status: RegistryStatus::Active,
            act: "act".into(),
            service: "service".into(),
            document: "permit".into(),
            holder_name: "ТОО \"Толтырғыш\", Алматы".into(),
            holder_bin: None,
            holder_iin: Some("990101300000".into()),
            iin_public: false,
            activity_kk: "қызмет".into(),
            activity_ru: "деятельность".into(),
            provider_kk: "орган".into(),
            provider_ru: "орган".into(),
            issued_on: fixed_now().date_naive(),
            valid_until: None,
            sha256: format!("{seq:064x}"),
        };
        store.issue_document(&document, Some(&entry)).await.unwrap();
    }
}

async fn searches(addr: &str, person: &str, company: &str) {
    let link = |lang: &str, number: &str| format!("href=\"/{lang}/registry/{number}\"");
    let by_number = get(addr, &format!("/ru/registry?q={}", person.to_lowercase()), &[]).await;
    assert_eq!(by_number.status, 200, "{}", by_number.body);
    assert!(
        by_number.body.contains("id=\"results\"") && by_number.body.contains(&link("ru", person)),
        "{}",
        by_number.body
    );
    let individual = get(addr, &format!("/kk/registry?q={PERSON}"), &[]).await;
    assert!(individual.body.contains(&link("kk", person)) && !individual.body.contains(company), "{}", individual.body);
    let entity = get(addr, &format!("/ru/registry?q={COMPANY}"), &[]).await;
    assert!(entity.body.contains(&link("ru", company)) && !entity.body.contains(person), "{}", entity.body);
    let hidden = get(addr, &format!("/ru/registry?q={HEAD_OF_COMPANY}"), &[]).await;
    assert!(hidden.body.contains("id=\"nothing\"") && !hidden.body.contains(company), "the IIN is not public");

    let api = get(addr, &format!("/api/v1/registry?number={person}"), &[]).await.json();
    assert_eq!(api["entries"][0]["number"], person);
    assert_eq!(api["entries"][0]["holder_iin"], PERSON);
    let api = get(addr, &format!("/api/v1/registry?bin={COMPANY}"), &[]).await.json();
    assert_eq!(api["entries"][0]["number"], company);
    assert!(api["entries"][0]["holder_iin"].is_null(), "{api}");
    let api = get(addr, &format!("/api/v1/registry?iin={HEAD_OF_COMPANY}"), &[]).await.json();
    assert_eq!(api["entries"].as_array().unwrap().len(), 0);
    let both = get(addr, &format!("/api/v1/registry?number={person}&bin={COMPANY}"), &[]).await;
    assert_eq!((both.status, both.json()["field"].as_str()), (400, Some("bin")));
}

async fn entry_page(addr: &str, draft: &reglament_runtime::documents::Draft, document: &IssuedDocument) {
    let number = &document.number;
    let qr = &draft.sheets[0].verify_url;
    assert_eq!(qr, &format!("http://{addr}/kk/registry/{number}"));
    let page = get(addr, qr.strip_prefix(&format!("http://{addr}")).unwrap(), &[]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for wanted in ["id=\"status\"", "күшінде", "class=\"valid\"", &document.sha256, "БЕКОВА", PERSON] {
        assert!(page.body.contains(wanted), "{wanted}: {}", page.body);
    }
    let base = format!("/ru/registry/{number}");
    assert_eq!(get(addr, &format!("{base}/document.pdf"), &[]).await.bytes, document.pdf);
    assert_eq!(get(addr, &format!("{base}/document.p7s"), &[]).await.bytes, document.signature);
    let signed = get(addr, &format!("{base}/signed.pdf"), &[]).await.bytes;
    let (original, p7s) = reglament_document::split_signed(&signed).unwrap();
    assert_eq!((original, p7s.as_slice()), (document.pdf.as_slice(), document.signature.as_slice()));
    assert_eq!(get(addr, "/ru/registry/L-2026-000000000000-999999", &[]).await.status, 404);
    let api = get(addr, &format!("/api/v1/registry/{number}"), &[]).await.json();
    assert_eq!(api["verification"]["valid"], true, "{api}");
}

async fn verifications(addr: &str, document: &IssuedDocument, stranger: &SoftwareKey) {
    let pdf = document.pdf.as_slice();
    let api = "/api/v1/registry/verify";
    let original = upload(addr, api, &[("pdf", "l.pdf", pdf)]).await.json();
    assert_eq!(
        (original["valid"].as_bool(), original["signature"].as_str()),
        (Some(true), Some("stored")),
        "{original}"
    );
    let with_p7s = upload(addr, api, &[("pdf", "l.pdf", pdf), ("p7s", "l.p7s", &document.signature)]).await.json();
    assert_eq!((with_p7s["valid"].as_bool(), with_p7s["signature"].as_str()), (Some(true), Some("uploaded")));
    assert_eq!(with_p7s["signer"]["iin"], HEAD_IIN);
    let signed = reglament_document::with_signature(pdf, &document.signature).unwrap();
    let embedded = upload(addr, api, &[("pdf", "signed.pdf", &signed)]).await.json();
    assert_eq!((embedded["valid"].as_bool(), embedded["signature"].as_str()), (Some(true), Some("embedded")));

    // One byte changed: not the issued document, and the reason names the number it claims.
    let mut changed = pdf.to_vec();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x20;
    let verdict = upload(addr, api, &[("pdf", "l.pdf", &changed)]).await.json();
    assert_eq!(verdict["valid"], false);
    assert_eq!(codes(&verdict)[0], "document.unknown", "{verdict}");
    let page = upload(addr, "/ru/registry/verify", &[("pdf", "l.pdf", &changed)]).await;
    assert!(page.body.contains("data-code=\"document.unknown\""), "{}", page.body);
    assert!(page.body.contains(&format!("отличается от выданного документа № {}", document.number)), "{}", page.body);

    // The exact bytes, but a signature by a key of a PKI the portal does not trust.
    let foreign = reglament_pki::sign_cms(pdf, stranger, fixed_now(), true).unwrap();
    let verdict = upload(addr, api, &[("pdf", "l.pdf", pdf), ("p7s", "x.p7s", &foreign)]).await.json();
    assert_eq!(codes(&verdict), ["document.untrusted"], "{verdict}");
    let page = upload(addr, "/kk/registry/verify", &[("pdf", "l.pdf", pdf), ("p7s", "x.p7s", &foreign)]).await;
    assert!(page.body.contains("data-code=\"document.untrusted\"") && page.body.contains("сенімді"), "{}", page.body);

    // A signature of other bytes.
    let other = reglament_pki::sign_cms(b"other", stranger, fixed_now(), true).unwrap();
    let verdict = upload(addr, api, &[("pdf", "l.pdf", pdf), ("p7s", "x.p7s", &other)]).await.json();
    assert_eq!(codes(&verdict), ["document.signature_mismatch"], "{verdict}");

    // The page answers the verdict in its language; without a PDF, 400 with the field's error.
    let page = upload(addr, "/ru/registry/verify", &[("pdf", "l.pdf", &signed)]).await;
    assert!(page.status == 200 && page.body.contains("Документ подлинный"), "{}", page.body);
    assert_eq!(upload(addr, "/ru/registry/verify", &[("p7s", "x.p7s", &other)]).await.status, 400);
}

async fn exports(addr: &str, rows: usize, person: &str) {
    let csv = get(addr, "/api/v1/registry/export.csv", &[]).await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers.contains("transfer-encoding: chunked"), "streamed: {}", csv.head);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].starts_with("number,licence,kind,status"));
    assert_eq!(lines.len(), rows + 1, "the header and every row");
    assert!(lines.iter().any(|l| l.starts_with(person) && l.contains(PERSON)));
    assert!(!csv.body.contains(HEAD_OF_COMPANY) && !csv.body.contains("990101300000"), "no IIN that is not public");
    let json = get(addr, "/api/v1/registry/export.json", &[]).await;
    assert!(json.headers.contains("transfer-encoding: chunked"));
    let all = json.json();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), rows);
    let mut numbers: Vec<&str> = all.iter().map(|r| r["number"].as_str().unwrap()).collect();
    numbers.dedup();
    assert_eq!(numbers.len(), rows, "each row once");
}

async fn cabinet(t: &TestStore, addr: &str, document: &IssuedDocument, me: &SoftwareKey, other: &SoftwareKey) {
    t.store
        .create_application(&Application {
            id: document.case_id.clone(),
            iin: PERSON.into(),
            service: "forensic-licence".into(),
            variant: "issuance-portal".into(),
            form: "{}".into(),
            form_token: "registry-form".into(),
            created_at: fixed_now(),
            filed_at: Some(fixed_now()),
        })
        .await
        .unwrap();
    let mine = session(&t.store, me).await;
    let cookie = [("Cookie", mine.as_str())];
    let case = format!("/ru/cabinet/{}", document.case_id);
    let page = get(addr, &case, &cookie).await;
    assert!(page.body.contains("id=\"documents\"") && page.body.contains(&document.number), "{}", page.body);
    // The accessible rendition, exactly what was signed, in the page's language.
    assert!(page.body.contains("<article class=\"document\" lang=\"ru\""), "{}", page.body);
    assert!(page.body.contains("равнозначен документу на бумажном носителе") && !page.body.contains("<object"));
    let files = format!("{case}/documents/{}", document.number);
    assert_eq!(get(addr, &format!("{files}.pdf"), &cookie).await.bytes, document.pdf);
    assert_eq!(get(addr, &format!("{files}.p7s"), &cookie).await.bytes, document.signature);
    let signed = get(addr, &format!("{files}-signed.pdf"), &cookie).await.bytes;
    assert!(reglament_document::split_signed(&signed).is_some());
    let theirs = session(&t.store, other).await;
    assert_eq!(get(addr, &format!("{files}.pdf"), &[("Cookie", theirs.as_str())]).await.status, 404);
}

async fn story(t: &TestStore, stranger: &SoftwareKey) {
    let (gateway, trust, people, _) = sandbox().await;
    let (listener, addr) = bind().await;
    let base = format!("http://{addr}");
    let rt = runtime(&t.store, &gateway, &people.platform);
    file(&rt, "C-REG-1", PERSON, None).await;
    file(&rt, "C-REG-2", HEAD_OF_COMPANY, Some(COMPANY)).await;
    let (draft, person) = issue(&rt, "C-REG-1", &people.head, &base).await;
    let (_, company) = issue(&rt, "C-REG-2", &people.head, &base).await;
    let state = AppState::new(t.store.clone(), &common::regulation_files()).unwrap().with_trust(trust).with_runtime(
        rt,
        None,
        base.clone(),
    );
    serve_on(listener, state.with_fixed_now(fixed_now()));

    searches(&addr, &person.number, &company.number).await;
    entry_page(&addr, &draft, &person).await;
    verifications(&addr, &person, stranger).await;

    // Suspended, the company's licence no longer verifies, and its page shows why.
    let change = RegistryChange {
        number: company.number.clone(),
        status: RegistryStatus::Suspended,
        at: fixed_now(),
        reason: "приказ № 17".into(),
    };
    assert!(t.store.change_registry_status(&change).await.unwrap());
    let verdict = upload(&addr, "/api/v1/registry/verify", &[("pdf", "c.pdf", &company.pdf)]).await.json();
    assert_eq!(codes(&verdict), ["registry.suspended"], "{verdict}");
    let page = get(&addr, &format!("/ru/registry/{}", company.number), &[]).await;
    assert!(
        page.body.contains("id=\"changes\"")
            && page.body.contains("приказ № 17")
            && page.body.contains("приостановлен")
    );

    filler(&t.store, 1000).await;
    exports(&addr, 1002, &person.number).await;
    cabinet(t, &addr, &person, &people.applicant, &people.executor).await;
}

#[tokio::test]
async fn the_public_registry_finds_verifies_and_exports_issued_licences_on_every_backend() {
    let foreign = TestPki::generate(fixed_now(), "http://127.0.0.1:9").unwrap();
    let stranger = foreign.subject("moj-head").unwrap().signing_key(foreign.ca.certificate()).unwrap();
    for t in fresh_stores().await.unwrap() {
        story(&t, &stranger).await;
        t.finish().await.unwrap();
    }
}
