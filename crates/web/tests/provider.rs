//! The provider boundary over real HTTP, on every store backend: an official of another provider
//! holding the same role id sees nothing of the Ministry of Justice's case (the inbox is empty,
//! the case file and its attachments are "not found") and is refused 403 on every action, on
//! signing and on registry status changes; the quality-control body cannot register an
//! application; a refusal ground the act does not list (markup included) is refused and nothing
//! is recorded; an official taken off the staff list loses access on the next request.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use std::fmt::Write as _;

use chrono::{TimeDelta, Utc};
use common::cases::{fixed_now, runtime, runtime_providing, sandbox};
use common::documents::{self, MINISTRY_BIN};
use common::{bind, encode, get, post_form, regulation_files, serve_on};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{Session, SessionKind, StaffMember, Store};
use reglament_web::AppState;

/// Another provider's BIN (the test PKI's education department).
const OTHER_BIN: &str = "010340600017";

/// A back-office session of `iin` at `provider` with `roles` on its staff list; the cookie
/// header and the CSRF token.
async fn official(t: &TestStore, iin: &str, provider: &str, roles: &[&str]) -> (String, String) {
    for role in roles {
        let member =
            StaffMember { iin: iin.into(), provider_bin: provider.into(), role: (*role).into(), name: "—".into() };
        t.store.put_staff(&member).await.unwrap();
    }
    let token = format!("token-{iin}-{provider}");
    let csrf = format!("csrf-{iin}");
    let now = Utc::now();
    let session = Session {
        token_hash: reglament_web::integrator::token_hash(&token),
        kind: SessionKind::Official,
        iin: iin.into(),
        name: "—".into(),
        provider_bin: Some(provider.into()),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        csrf: csrf.clone(),
        created_at: now,
        expires_at: now + TimeDelta::hours(1),
    };
    t.store.create_session(&session).await.unwrap();
    (format!("reglament_session={token}"), csrf)
}

async fn story(t: &TestStore) {
    let (gateway, trust, people, _) = sandbox().await;
    let (listener, addr) = bind().await;
    let rt = runtime(&t.store, &gateway, &people.platform);
    documents::file(&rt, "C-PB-1", "123456789011", None).await;
    // The application and one attachment of C-PB-1, for the other provider's official to miss.
    let application = reglament_store::Application {
        id: "C-PB-1".into(),
        iin: "123456789011".into(),
        service: "forensic-licence".into(),
        variant: "issuance-portal".into(),
        form: "{}".into(),
        form_token: "C-PB-1".into(),
        created_at: fixed_now(),
        filed_at: None,
    };
    t.store.create_application(&application).await.unwrap();
    let pdf = b"%PDF-1.7 application".to_vec();
    let attachment = reglament_store::Attachment {
        application_id: "C-PB-1".into(),
        document: "application-issuance".into(),
        file_name: "application.pdf".into(),
        content_type: "application/pdf".into(),
        sha256: String::new(),
        size: i64::try_from(pdf.len()).unwrap(),
        bytes: pdf,
    };
    t.store.put_attachment(&attachment).await.unwrap();
    documents::file(&rt, "C-PB-2", "123456789011", None).await;
    let (_, licence) = documents::issue(&rt, "C-PB-2", &people.head, &format!("http://{addr}")).await;
    let state = AppState::new(t.store.clone(), &regulation_files()).unwrap().with_trust(trust).with_runtime(
        runtime(&t.store, &gateway, &people.platform),
        Some(gateway.clone()),
        format!("http://{addr}"),
    );
    serve_on(listener, state.with_fixed_now(fixed_now()));

    let (ours, ours_csrf) = official(t, "890315300125", MINISTRY_BIN, &["executor"]).await;
    let (theirs, theirs_csrf) = official(t, "831228400676", OTHER_BIN, &["executor", "authorised-person"]).await;
    let ours = [("Cookie", ours.as_str())];
    let theirs = [("Cookie", theirs.as_str())];

    // The ministry's executor has the case; the other provider's sees nothing of it.
    assert!(get(&addr, "/ru/office", &ours).await.body.contains("C-PB-1"));
    let inbox = get(&addr, "/ru/office", &theirs).await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(!inbox.body.contains("C-PB-1") && !inbox.body.contains("C-PB-2"), "{}", inbox.body);
    assert_eq!(get(&addr, "/ru/office/cases/C-PB-1", &theirs).await.status, 404);
    let attachment = "/ru/office/cases/C-PB-1/attachments/application-issuance";
    assert_eq!(get(&addr, attachment, &ours).await.status, 200, "the provider's official opens it");
    assert_eq!(get(&addr, attachment, &theirs).await.status, 404);

    // Every action, signing and the registry: 403, and nothing recorded.
    let recorded = t.store.events("C-PB-1").await.unwrap().len();
    for form in [
        "step=completeness&action=complete",
        "step=completeness&action=branch&branch=0",
        "step=&action=register",
        "step=sign-licence&action=sign&seq=1&signature=AA%3D%3D",
    ] {
        let refused =
            post_form(&addr, "/ru/office/cases/C-PB-1/act", &theirs, &format!("csrf={theirs_csrf}&{form}")).await;
        assert_eq!(refused.status, 403, "{form}: {}", refused.body);
    }
    assert_eq!(t.store.events("C-PB-1").await.unwrap().len(), recorded, "nothing recorded");
    let change = format!("csrf={theirs_csrf}&number={}&status=terminated&reason={}", licence.number, encode("x"));
    let refused = post_form(&addr, "/ru/office/cases/C-PB-2/registry", &theirs, &change).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(t.store.registry_changes(&licence.number).await.unwrap().is_empty());

    // The quality-control body reads the case file and cannot register the application.
    let (quality, quality_csrf) = official(t, "750901300451", "123456789021", &["quality-control"]).await;
    let quality = [("Cookie", quality.as_str())];
    assert_eq!(get(&addr, "/ru/office/cases/C-PB-1", &quality).await.status, 200);
    let register = format!("csrf={quality_csrf}&step=&action=register");
    assert_eq!(post_form(&addr, "/ru/office/cases/C-PB-1/act", &quality, &register).await.status, 403);

    // A ground the act does not list is refused, markup and all.
    let act = "/ru/office/cases/C-PB-1/act";
    let done = post_form(&addr, act, &ours, &format!("csrf={ours_csrf}&step=completeness&action=complete")).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let forged = format!("csrf={ours_csrf}&step=review&action=propose_refusal&ground={}", encode("<b>forged</b>"));
    let refused = post_form(&addr, act, &ours, &forged).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("engine.unknown_ground"), "{}", refused.body);
    let events = t.store.events("C-PB-1").await.unwrap();
    assert!(!events.iter().any(|e| e.event.contains("forged")), "no markup in the history");

    // Taken off the staff list, the executor is signed out on the next request.
    assert!(t.store.remove_staff("890315300125", MINISTRY_BIN, "executor").await.unwrap());
    let after = get(&addr, "/ru/office", &ours).await;
    assert_eq!(after.status, 303, "{}", after.body);
    assert!(after.header("location").unwrap().starts_with("/ru/office/sign-in"));
}

#[tokio::test]
async fn another_providers_official_sees_and_does_nothing_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        story(&t).await;
        t.finish().await.unwrap();
    }
}

/// Where several bodies provide a service (the justice departments of the regions, for the
/// private bailiffs' licence), the application form asks which one, refuses a form without the
/// choice, and keeps the choice in the application the applicant signs.
async fn territorial(t: &TestStore) {
    let (gateway, trust, people, _) = sandbox().await;
    let (listener, addr) = bind().await;
    let body = |bin: &str, ru: &str, kk: &str| reglament_runtime::ProviderBody {
        bin: bin.parse().unwrap(),
        name: reglament_domain::Localized::new(kk, ru).unwrap(),
        services: vec!["bailiff-licence".into()],
    };
    let providers = reglament_runtime::Providers {
        bodies: vec![
            body("940140000385", "Департамент юстиции города Астаны", "Астана қаласының әділет департаменті"),
            body("961141000023", "Департамент юстиции города Алматы", "Алматы қаласының әділет департаменті"),
        ],
    };
    let state = AppState::new(t.store.clone(), &regulation_files()).unwrap().with_trust(trust).with_runtime(
        runtime_providing(&t.store, &gateway, &people.platform, providers),
        Some(gateway.clone()),
        format!("http://{addr}"),
    );
    serve_on(listener, state.with_fixed_now(fixed_now()));
    let (cookie, csrf) = applicant(t).await;
    let me = [("Cookie", cookie.as_str())];
    let path = "/ru/services/bailiff-licence/issuance-portal";
    let page = get(&addr, path, &me).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("name=\"provider\"") && page.body.contains("Департамент юстиции города Алматы"));
    let token = common::input_value(&page.body, "form_token").unwrap();
    let post = |choice: &str| {
        let boundary = "XBOUNDARYX";
        let mut body = String::new();
        for (name, value) in [("csrf", csrf.as_str()), ("form_token", token.as_str()), ("provider", choice)] {
            let _ = write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        // A PDF for every document the form asks to attach.
        for file in page.body.split("name=\"file:").skip(1).filter_map(|rest| rest.split('"').next()) {
            let _ = write!(
                body,
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file:{file}\"; filename=\"{file}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 {file}\r\n"
            );
        }
        let _ = write!(body, "--{boundary}--\r\n");
        (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
    };
    let (content_type, body) = post("");
    let headers = [("Cookie", cookie.as_str()), ("Content-Type", content_type.as_str())];
    let refused = common::send(&addr, "POST", path, &headers, &body).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("Выберите орган"), "{}", refused.body);
    let (content_type, body) = post("961141000023");
    let headers = [("Cookie", cookie.as_str()), ("Content-Type", content_type.as_str())];
    let kept = common::send(&addr, "POST", path, &headers, &body).await;
    assert_eq!(kept.status, 303, "{}", kept.body);
    let application = t.store.applications_of("123456789011").await.unwrap().pop().unwrap();
    assert!(application.form.contains("\"provider\":\"961141000023\""), "{}", application.form);
}

/// An applicant's session; the cookie header and the CSRF token.
async fn applicant(t: &TestStore) -> (String, String) {
    let token = "token-applicant";
    let now = Utc::now();
    let session = Session {
        token_hash: reglament_web::integrator::token_hash(token),
        kind: SessionKind::Applicant,
        iin: "123456789011".into(),
        name: "ТЕСТОВ ТЕСТ".into(),
        provider_bin: None,
        roles: Vec::new(),
        csrf: "csrf-applicant".into(),
        created_at: now,
        expires_at: now + TimeDelta::hours(1),
    };
    t.store.create_session(&session).await.unwrap();
    (format!("reglament_session={token}"), "csrf-applicant".into())
}

#[tokio::test]
async fn the_applicant_chooses_the_territorial_body_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        territorial(&t).await;
        t.finish().await.unwrap();
    }
}
