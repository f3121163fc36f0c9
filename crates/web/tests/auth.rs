//! Signing in, on the real application started on port 0 over a fresh database of every backend:
//! by IIN and password (session cookie, the cabinet, sign-out), the rate limit, CSRF, and by an
//! NCA key of the development PKI signing the page's challenge (applicant and official), with a
//! replayed challenge, an official of another provider and an applicant at the back office refused.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use std::fmt::Write as _;

use base64ct::{Base64, Encoding};
use chrono::Utc;
use common::{Response, encode, serve};
use reglament_pki::issue::TestPki;
use reglament_pki::sign_cms;
use reglament_store::testing::fresh_stores;
use reglament_store::{Account, AnyStore, StaffMember, Store};
use reglament_web::AppState;
use reglament_web::auth::password;

async fn spawn(store: AnyStore, pki: &TestPki) -> String {
    serve(AppState::new(store, &[]).unwrap().with_trust(pki.trust().unwrap())).await
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

/// `method path` with `cookies` and, for a POST, a urlencoded `body`.
async fn send(addr: &str, method: &str, path: &str, cookies: &[(&str, &str)], body: Option<String>) -> Response {
    let cookie = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let mut headers = Vec::new();
    if !cookie.is_empty() {
        headers.push(("Cookie", cookie.as_str()));
    }
    if method == "POST" {
        headers.push(("Content-Type", "application/x-www-form-urlencoded"));
    }
    common::send(addr, method, path, &headers, body.unwrap_or_default().as_bytes()).await
}

/// Opens a sign-in page: the pre-session CSRF token (cookie and field) and the challenge.
async fn open(addr: &str, path: &str) -> (String, String) {
    let page = send(addr, "GET", path, &[], None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.cookie("reglament_csrf").unwrap();
    assert_eq!(page.input("csrf"), csrf);
    (csrf, page.input("nonce"))
}

fn pki() -> TestPki {
    TestPki::generate(Utc::now(), "http://127.0.0.1:9/pki").unwrap()
}

const IIN: &str = "870412301008";

async fn with_password_account(store: &AnyStore) {
    let hash = password::hash("верный пароль").unwrap();
    let account =
        Account {
            iin: IIN.into(), name: "Төлегенов Асқар".into(), password_hash: Some(hash), created_at: Utc::now()
        };
    store.put_account(&account).await.unwrap();
}

async fn password_sign_in(addr: &str, csrf: &str, iin: &str, password: &str) -> Response {
    let body = form(&[("csrf", csrf), ("iin", iin), ("password", password), ("next", "")]);
    send(addr, "POST", "/ru/sign-in", &[("reglament_csrf", csrf)], Some(body)).await
}

#[test]
fn passwords_hash_with_a_random_salt_and_verify() {
    let one = password::hash("пароль").unwrap();
    let two = password::hash("пароль").unwrap();
    assert_ne!(one, two, "a fresh salt each time");
    assert!(one.starts_with("pbkdf2-sha256$100000$"), "{one}");
    assert!(password::verify(&one, "пароль") && password::verify(&two, "пароль"));
    assert!(!password::verify(&one, "Пароль"));
    assert!(!password::verify("pbkdf2-sha256$0$AA==$AA==", "пароль"), "malformed");
    assert!(!password::verify("", ""));
}

async fn password_story(store: &AnyStore, addr: &str) {
    with_password_account(store).await;
    let (csrf, _) = open(addr, "/ru/sign-in").await;
    let signed = password_sign_in(addr, &csrf, IIN, "верный пароль").await;
    assert_eq!(signed.status, 303, "{}", signed.body);
    assert_eq!(signed.header("location").as_deref(), Some("/ru/cabinet"));
    let set = signed.head.lines().find(|l| l.contains("reglament_session=")).unwrap().to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=28800"] {
        assert!(set.contains(attribute), "{set}");
    }
    let token = signed.cookie("reglament_session").unwrap();
    // The store keeps the token's SHA-256 only.
    let mut hash = String::new();
    for b in ring::digest::digest(&ring::digest::SHA256, token.as_bytes()).as_ref() {
        write!(hash, "{b:02x}").unwrap();
    }
    let session = store.session(&hash, Utc::now()).await.unwrap().unwrap();
    assert_eq!(session.iin, IIN);
    let me = [("reglament_session", token.as_str())];

    let cabinet = send(addr, "GET", "/kk/cabinet", &me, None).await;
    assert_eq!(cabinet.status, 200);
    assert!(cabinet.body.contains("Төлегенов Асқар") && cabinet.body.contains("Жеке кабинет"), "{}", cabinet.body);
    assert_eq!(cabinet.input("csrf"), session.csrf, "the sign-out form carries the session's token");

    let anonymous = send(addr, "GET", "/kk/cabinet?x=1", &[], None).await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.header("location").as_deref(), Some("/kk/sign-in?next=/kk/cabinet%3Fx%3D1"));
    let office = send(addr, "GET", "/ru/office", &me, None).await;
    assert_eq!(office.status, 303, "an applicant is not an official");
    assert_eq!(office.header("location").as_deref(), Some("/ru/office/sign-in?next=/ru/office"));

    for bad in [None, Some("wrong")] {
        let body = bad.map(|c| form(&[("csrf", c)]));
        let out = send(addr, "POST", "/ru/sign-out", &me, body).await;
        assert_eq!(out.status, 403, "{}", out.body);
        assert!(out.body.contains("auth.csrf"));
    }
    let out = send(addr, "POST", "/ru/sign-out", &me, Some(form(&[("csrf", &session.csrf)]))).await;
    assert_eq!(out.status, 303);
    assert_eq!(out.cookie("reglament_session").as_deref(), Some(""));
    assert_eq!(send(addr, "GET", "/ru/cabinet", &me, None).await.status, 303, "the session has ended");
}

/// After signing in, `next` leads only to a path on this site: a tab, a vertical tab, a
/// backslash or a second slash (which browsers turn into another site) falls back to the cabinet.
async fn next_story(addr: &str) {
    let (csrf, _) = open(addr, "/ru/sign-in").await;
    for (next, to) in [
        ("/ru/services", "/ru/services"),
        ("/\t/evil.example", "/ru/cabinet"),
        ("/\u{b}/evil.example", "/ru/cabinet"),
        ("//evil.example", "/ru/cabinet"),
        ("/\\evil.example", "/ru/cabinet"),
        ("https://evil.example/", "/ru/cabinet"),
        ("/ru/\nSet-Cookie: x", "/ru/cabinet"),
    ] {
        let body = form(&[("csrf", &csrf), ("iin", IIN), ("password", "верный пароль"), ("next", next)]);
        let out = send(addr, "POST", "/ru/sign-in", &[("reglament_csrf", &csrf)], Some(body)).await;
        assert_eq!((out.status, out.header("location").as_deref()), (303, Some(to)), "next={next:?}");
    }
}

async fn csrf_story(addr: &str) {
    let (csrf, _) = open(addr, "/ru/sign-in").await;
    let missing = form(&[("iin", IIN), ("password", "верный пароль")]);
    let out = send(addr, "POST", "/ru/sign-in", &[("reglament_csrf", &csrf)], Some(missing)).await;
    assert_eq!(out.status, 403);
    assert!(out.body.contains("auth.csrf"));
    let wrong = form(&[("csrf", "another"), ("iin", IIN), ("password", "верный пароль")]);
    assert_eq!(send(addr, "POST", "/ru/sign-in", &[("reglament_csrf", &csrf)], Some(wrong)).await.status, 403);
    let no_cookie = form(&[("csrf", &csrf), ("iin", IIN), ("password", "верный пароль")]);
    assert_eq!(send(addr, "POST", "/ru/sign-in", &[], Some(no_cookie)).await.status, 403);
}

async fn rate_limit_story(addr: &str) {
    let (csrf, _) = open(addr, "/ru/sign-in").await;
    let bad_iin = password_sign_in(addr, &csrf, "870412301009", "x").await;
    assert_eq!(bad_iin.status, 400, "a wrong check digit is shown at the IIN");
    assert!(bad_iin.body.contains("контрольным разрядом"));
    for attempt in 1..=5 {
        let out = password_sign_in(addr, &csrf, IIN, "неверный").await;
        assert_eq!(out.status, 401, "attempt {attempt}");
        assert!(out.body.contains("Неверный ИИН или пароль"));
        assert!(out.body.contains("aria-invalid=\"true\""));
    }
    let out = password_sign_in(addr, &csrf, IIN, "неверный").await;
    assert_eq!(out.status, 429);
    assert!(out.body.contains("Слишком много неудачных попыток входа"), "{}", out.body);
    let out = password_sign_in(addr, &csrf, IIN, "верный пароль").await;
    assert_eq!(out.status, 429, "even the right password waits");
}

#[tokio::test]
async fn password_sign_in_session_cabinet_and_sign_out_on_every_backend() {
    let pki = pki();
    for test in fresh_stores().await.unwrap() {
        let addr = spawn(test.store.clone(), &pki).await;
        password_story(&test.store, &addr).await;
        next_story(&addr).await;
        csrf_story(&addr).await;
        test.finish().await.unwrap();
    }
}

#[tokio::test]
async fn six_wrong_passwords_are_refused_with_429_on_every_backend() {
    let pki = pki();
    for test in fresh_stores().await.unwrap() {
        let addr = spawn(test.store.clone(), &pki).await;
        with_password_account(&test.store).await;
        rate_limit_story(&addr).await;
        test.finish().await.unwrap();
    }
}

/// Signs the page's challenge with roster subject `id` and posts it to `action`.
async fn key_sign_in(addr: &str, pki: &TestPki, page: &str, action: &str, id: &str) -> (Response, String) {
    let (csrf, nonce) = open(addr, page).await;
    let key = pki.subject(id).unwrap().signing_key(pki.ca.certificate()).unwrap();
    let cms = Base64::encode_string(&sign_cms(nonce.as_bytes(), &key, Utc::now(), false).unwrap());
    let body = form(&[("csrf", &csrf), ("nonce", &nonce), ("cms", &cms), ("next", "")]);
    let out = send(addr, "POST", action, &[("reglament_csrf", &csrf)], Some(body.clone())).await;
    (out, body + "&csrf_cookie=" + &csrf)
}

async fn key_story(store: &AnyStore, addr: &str, pki: &TestPki) {
    let (out, replay) = key_sign_in(addr, pki, "/ru/sign-in", "/ru/sign-in/key", "individual-valid").await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.header("location").as_deref(), Some("/ru/cabinet"));
    let token = out.cookie("reglament_session").unwrap();
    let cabinet = send(addr, "GET", "/ru/cabinet", &[("reglament_session", &token)], None).await;
    assert!(cabinet.body.contains("ТЕСТОВ ТЕСТ") && cabinet.body.contains("123456789011"), "{}", cabinet.body);
    assert!(store.account("123456789011").await.unwrap().is_some(), "the account is made at the first sign-in");

    let csrf = replay.rsplit("csrf_cookie=").next().unwrap().to_owned();
    let again = send(addr, "POST", "/ru/sign-in/key", &[("reglament_csrf", &csrf)], Some(replay)).await;
    assert_eq!(again.status, 401, "a challenge is used once");
    assert!(again.body.contains("Одноразовый запрос истёк или уже использован"), "{}", again.body);

    let executor = |iin: &str, bin: &str| StaffMember {
        iin: iin.into(),
        provider_bin: bin.into(),
        role: "executor".into(),
        name: "—".into(),
    };
    store.put_staff(&executor("890315300125", "960240000025")).await.unwrap();
    let (out, _) = key_sign_in(addr, pki, "/kk/office/sign-in", "/kk/office/sign-in/key", "moj-executor").await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.header("location").as_deref(), Some("/kk/office"));
    let token = out.cookie("reglament_session").unwrap();
    let office = send(addr, "GET", "/kk/office", &[("reglament_session", &token)], None).await;
    assert_eq!(office.status, 200);
    assert!(office.body.contains("СМАГУЛОВ АРМАН") && office.body.contains("960240000025"), "{}", office.body);
    assert!(office.body.contains("executor"));

    // The provider official's certificate names another organisation than the staff row.
    store.put_staff(&executor("831228400676", "960240000025")).await.unwrap();
    let (out, _) = key_sign_in(addr, pki, "/ru/office/sign-in", "/ru/office/sign-in/key", "provider-official").await;
    assert_eq!(out.status, 401);
    assert!(out.body.contains("БИН организации в сертификате не совпадает"), "{}", out.body);
    let (out, _) = key_sign_in(addr, pki, "/ru/office/sign-in", "/ru/office/sign-in/key", "entity-head").await;
    assert_eq!(out.status, 401);
    assert!(out.body.contains("Этого ИИН нет в штатном списке"), "{}", out.body);
    let (out, _) = key_sign_in(addr, pki, "/ru/sign-in", "/ru/sign-in/key", "individual-revoked").await;
    assert_eq!(out.status, 401);
    assert!(out.body.contains("сертификат отозван"), "{}", out.body);
}

#[tokio::test]
async fn nca_key_sign_in_for_applicants_and_officials_on_every_backend() {
    let pki = pki();
    for test in fresh_stores().await.unwrap() {
        let addr = spawn(test.store.clone(), &pki).await;
        key_story(&test.store, &addr, &pki).await;
        test.finish().await.unwrap();
    }
}

/// In production (strict numbers) the NCA test IINs are not IINs: an applicant cannot sign in
/// with one, by password or by key.
#[tokio::test]
async fn production_refuses_the_nca_test_numbers_on_every_backend() {
    let pki = pki();
    for test in fresh_stores().await.unwrap() {
        let state = AppState::new(test.store.clone(), &[]).unwrap().with_trust(pki.trust().unwrap()).strict_numbers();
        let addr = serve(state).await;
        let (csrf, _) = open(&addr, "/ru/sign-in").await;
        let out = password_sign_in(&addr, &csrf, "123456789011", "верный пароль").await;
        assert_eq!(out.status, 400, "{}", out.body);
        let (out, _) = key_sign_in(&addr, &pki, "/ru/sign-in", "/ru/sign-in/key", "individual-valid").await;
        assert_ne!(out.status, 303, "a test certificate's IIN signs nobody in: {}", out.body);
        test.finish().await.unwrap();
    }
}
