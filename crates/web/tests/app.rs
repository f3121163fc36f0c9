//! The real application, started on port 0 over a fresh database of every backend, answering
//! real HTTP requests: pages in both languages, the JSON API, errors that name the field, and a
//! calendar change recorded by one instance seen by another.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::{CalendarChange, Change};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{AnyStore, Store};
use reglament_web::AppState;

mod common;

use common::{get as get_with, post_json as post_json_with, regulation_files, serve};

/// Starts an instance on `url`'s database; returns its address.
async fn spawn(url: &str) -> String {
    serve(AppState::new(AnyStore::connect(url).await.unwrap(), &regulation_files()).unwrap()).await
}

/// A plain GET.
async fn get(addr: &str, path: &str) -> common::Response {
    get_with(addr, path, &[]).await
}

/// A POST of a JSON body.
async fn post_json(addr: &str, path: &str, body: &serde_json::Value) -> common::Response {
    post_json_with(addr, path, &[], body).await
}

fn json(r: &common::Response) -> serde_json::Value {
    assert!(r.headers.contains("content-type: application/json"), "{}", r.headers);
    serde_json::from_str(&r.body).unwrap()
}

async fn story(test_store: &TestStore) {
    let addr = spawn(&test_store.url).await;

    assert_eq!(get(&addr, "/healthz").await.body, "ok");
    let root = get(&addr, "/").await;
    assert_eq!(root.status, 303);
    assert!(root.headers.contains("location: /ru/"));

    let ru = get(&addr, "/ru/").await;
    assert_eq!(ru.status, 200);
    assert!(ru.body.contains("Производственный календарь") && ru.body.contains("lang=\"ru\""));
    let kk = get(&addr, "/kk/").await;
    assert!(kk.body.contains("Жұмыс күнтізбесі") && kk.body.contains("lang=\"kk\""));
    assert_eq!(get(&addr, "/en/").await.status, 404);

    let year = get(&addr, "/ru/calendar/2026").await;
    assert_eq!(year.status, 200);
    assert!(year.body.contains(r#"class="d moved_day_off" title="вт, 24 марта 2026 — перенесённый выходной день: Наурыз мейрамы, перенесён с сб, 21 марта 2026"#), "the moved Nauryz day with its reason on hover");
    assert!(year.body.contains("247"), "the year's working days");
    let year_kk = get(&addr, "/kk/calendar/2026").await;
    assert!(year_kk.body.contains("наурыз") && year_kk.body.contains("ауыстырылған демалыс күні"));
    let uncovered = get(&addr, "/ru/calendar/2031").await;
    assert_eq!(uncovered.status, 422);
    assert!(uncovered.body.contains("year 2031 is not covered"));

    let due = json(&get(&addr, "/api/deadline?start=2026-03-20T19:40&term=6wd").await);
    assert_eq!(due["due"], "2026-04-03T13:30:00Z");
    assert_eq!(due["received"][0], "2026-03-26T04:00:00Z");
    assert_eq!(due["explanation"].as_array().unwrap().len(), 7);

    let bad = get(&addr, "/api/deadline?start=2026-03-20T19:40&term=1d").await;
    assert_eq!(bad.status, 400);
    let bad = json(&bad);
    assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("calendar.budget"), Some("term")));
    let bad_start = json(&get(&addr, "/api/deadline?start=yesterday&term=1wd").await);
    assert_eq!(bad_start["field"], "start");

    let between = json(&get(&addr, "/api/between?from=2026-03-20T19:40&to=2026-04-03T18:30").await);
    assert_eq!((between["working_days"].as_i64(), between["working_seconds"].as_i64()), (Some(6), Some(56 * 3600)));

    let page = get(&addr, "/kk/deadline?start=2026-03-20T19:40&term=6wd&counting=end-of-day").await;
    assert!(page.body.contains("2026 ж. 3 сәуір, жм 18:30"), "the due instant in Kazakh");
    assert!(
        page.body.contains(r#"href="/ru/deadline?start=2026-03-20T19:40&amp;term=6wd&amp;counting=end-of-day""#),
        "the language switch keeps the question"
    );
    let page_err = get(&addr, "/ru/deadline?start=2026-03-20T19:40&term=P1D").await;
    assert!(page_err.body.contains("term: invalid term `P1D`"));

    let list = get(&addr, "/ru/regulations").await;
    assert!(list.body.contains("moj-754-2021") && list.body.contains("mhsd-401-2015"));
    let act = get(&addr, "/kk/regulations/moj-754-2021").await;
    assert_eq!(act.status, 200);
    assert!(act.body.contains("lint.term_exceeded") && act.body.contains("<svg"), "findings and diagrams");
    assert_eq!(get(&addr, "/ru/regulations/nope").await.status, 404);

    // A second instance on the same database sees a change recorded through the store at once.
    let other = spawn(&test_store.url).await;
    let before = json(&get(&other, "/api/deadline?start=2026-05-25T12:00&term=1wd").await);
    assert_eq!(before["due"], "2026-05-26T13:30:00Z");
    let change = CalendarChange {
        recorded_at: DateTime::parse_from_rfc3339("2026-05-20T09:00:00+05:00").unwrap().with_timezone(&Utc),
        change: Change::KurbanAit { date: "2026-05-26".parse().unwrap() },
        source: "пример".into(),
    };
    test_store.store.record_calendar_change(&change).await.unwrap();
    for instance in [&addr, &other] {
        let after = json(&get(instance, "/api/deadline?start=2026-05-25T12:00&term=1wd").await);
        assert_eq!(after["due"], "2026-05-27T13:30:00Z");
    }
}

#[tokio::test]
async fn the_application_serves_pages_and_api_on_every_backend() {
    for test_store in fresh_stores().await.unwrap() {
        story(&test_store).await;
        test_store.finish().await.unwrap();
    }
}

#[tokio::test]
async fn signatures_are_verified_over_the_api_with_the_failed_check_named() {
    use base64ct::{Base64, Encoding};
    let test_store = reglament_store::testing::fresh_sqlite().await.unwrap();
    let addr = spawn(&test_store.url).await;
    let pki = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/");
    let b64 = |file: &str| Base64::encode_string(&std::fs::read(format!("{pki}{file}")).unwrap());
    let cases = [
        (serde_json::json!({ "signature": b64("cms/attached_valid_rsa.p7s"), "at": "2021-06-01" }), 200, "cms"),
        (
            serde_json::json!({ "signature": b64("nca/xades/xades-test-signed-b.xml"), "at": "2026-09-03", "accept_unknown": true }),
            200,
            "xml",
        ),
        (
            serde_json::json!({ "signature": b64("cms/attached_revoked_rsa.p7s"), "at": "2022-06-01" }),
            422,
            "pki.revoked",
        ),
        (
            serde_json::json!({ "signature": b64("nca/xades/xades-test-signed-b.xml"), "at": "2026-09-03" }),
            422,
            "pki.unknown_status",
        ),
        (serde_json::json!({ "signature": "not base64!" }), 400, "web.invalid"),
    ];
    for (body, status, expected) in cases {
        let r = post_json(&addr, "/api/signatures/verify", &body).await;
        assert_eq!(r.status, status, "{}", r.body);
        let answer = json(&r);
        if status == 200 {
            assert_eq!(answer["format"], expected);
            assert_eq!(answer["signers"][0]["subject"]["iin"], "123456789011");
        } else {
            assert_eq!(answer["code"], expected, "{answer}");
        }
    }

    // The page for people: the form in both languages, the verdict as a fragment in words.
    let page = get(&addr, "/kk/signature").await;
    assert!(page.status == 200 && page.body.contains("Электрондық қолтаңбаны тексеру"), "{}", page.body);
    let valid = serde_json::json!({ "signature": b64("cms/attached_valid_rsa.p7s"), "at": "2021-06-01" });
    let r = post_json(&addr, "/ru/signature", &valid).await;
    assert!(r.body.contains("Подпись действительна") && r.body.contains("физическое лицо"), "{}", r.body);
    let revoked = serde_json::json!({ "signature": b64("cms/attached_revoked_rsa.p7s"), "at": "2022-06-01" });
    let r = post_json(&addr, "/kk/signature", &revoked).await;
    assert!(r.body.contains("Қолтаңба қабылданбады: тіркелгі куәлігі кері қайтарылған"), "{}", r.body);
    test_store.finish().await.unwrap();
}

#[tokio::test]
async fn a_fee_on_a_day_the_mci_table_does_not_cover_says_so_in_both_languages() {
    let test_store = reglament_store::testing::fresh_sqlite().await.unwrap();
    let state = AppState::new(AnyStore::connect(&test_store.url).await.unwrap(), &regulation_files()).unwrap();
    let beyond = DateTime::parse_from_rfc3339("2099-03-02T10:00:00+05:00").unwrap().with_timezone(&Utc);
    let addr = serve(state.with_fixed_now(beyond)).await;
    let ru = get(&addr, "/ru/services").await;
    assert!(ru.body.contains("значение МРП на эту дату ещё не внесено"), "{}", ru.body);
    let kk = get(&addr, "/kk/services").await;
    assert!(kk.body.contains("бұл күнгі АЕК мәні әлі енгізілмеген"), "{}", kk.body);
    test_store.finish().await.unwrap();
}
