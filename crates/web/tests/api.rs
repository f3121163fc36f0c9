//! The OpenAPI document against the application, on every store backend: the document is
//! well-formed OpenAPI 3.1 (every `$ref` resolves, every operation has an id and answers), every
//! documented operation and answer status is exercised here — the set exercised must equal the
//! set documented — and every JSON answer carries the properties its schema requires.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use reglament_testkit::actor_for;
use std::collections::BTreeSet;

use base64ct::{Base64, Encoding as _};
use chrono::{DateTime, Utc};
use common::cases::{self, fixed_now, sandbox};
use common::{Response, documents, get, post_json, regulation_files, send, serve};
use reglament_engine::Command;
use reglament_pki::SoftwareKey;
use reglament_store::Store;
use reglament_store::testing::fresh_stores;
use reglament_web::AppState;
use serde_json::Value;

const DOCUMENT: &str = include_str!("../openapi.json");

/// Follows a local `$ref`.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let target = r.strip_prefix("#/").unwrap().split('/').fold(doc, |v, key| &v[key]);
            assert!(!target.is_null(), "unresolved $ref {r}");
            resolve(doc, target)
        }
        None => value,
    }
}

/// Every `$ref` anywhere in `value` resolves.
fn refs_resolve(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                resolve(doc, value);
            }
            map.values().for_each(|v| refs_resolve(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| refs_resolve(doc, v)),
        _ => {}
    }
}

/// The answer's JSON has what `schema` requires (objects: required properties, recursively into
/// arrays' items).
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(doc, schema);
    if let Some(items) = schema.get("items") {
        for (i, item) in value.as_array().unwrap_or_else(|| panic!("{at}: not an array")).iter().enumerate() {
            conforms(doc, items, item, &format!("{at}[{i}]"));
        }
    }
    for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        let key = required.as_str().unwrap();
        assert!(value.get(key).is_some(), "{at}: `{key}` is required: {value}");
        if let Some(property) = schema["properties"].get(key) {
            conforms(doc, property, &value[key], &format!("{at}.{key}"));
        }
    }
}

/// What the document promises: `(path, method, status)`.
fn documented(doc: &Value) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(op["operationId"].is_string(), "{method} {path}: operationId");
            for status in op["responses"].as_object().unwrap().keys() {
                out.insert((path.clone(), method.clone(), status.clone()));
            }
        }
    }
    out
}

struct Exercise<'a> {
    doc: &'a Value,
    done: BTreeSet<(String, String, String)>,
}

impl Exercise<'_> {
    /// Records `answer` for the documented `path` template and `method`, checks its status is
    /// `status` and its body against the documented schema.
    fn saw(&mut self, path: &str, method: &str, status: u16, answer: &Response) {
        assert_eq!(answer.status, status, "{method} {path}: {}", answer.body);
        let response = &self.doc["paths"][path][method]["responses"][status.to_string()];
        assert!(!response.is_null(), "{method} {path} {status} is not documented");
        let response = resolve(self.doc, response);
        let schema = &response["content"]["application/json"]["schema"];
        if !schema.is_null() {
            conforms(self.doc, schema, &answer.json(), &format!("{method} {path} {status}"));
        }
        self.done.insert((path.to_owned(), method.to_owned(), status.to_string()));
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The public registry's operations, over a licence issued through the runtime in case `C-API-1`.
async fn registry(x: &mut Exercise<'_>, addr: &str, runtime: &reglament_runtime::Runtime, head: &SoftwareKey) {
    let (_, licence) = documents::issue(runtime, "C-API-1", head, "").await;
    let number = &licence.number;
    let found = get(addr, &format!("/api/v1/registry?number={number}"), &[]).await;
    x.saw("/api/v1/registry", "get", 200, &found);
    assert_eq!(found.json()["entries"][0]["number"], number.as_str());
    let neither = get(addr, "/api/v1/registry", &[]).await;
    x.saw("/api/v1/registry", "get", 400, &neither);
    assert_eq!(neither.json()["field"], "number");
    let entry = get(addr, &format!("/api/v1/registry/{number}"), &[]).await;
    x.saw("/api/v1/registry/{number}", "get", 200, &entry);
    assert_eq!(entry.json()["verification"]["valid"], true, "{}", entry.body);
    x.saw(
        "/api/v1/registry/{number}",
        "get",
        404,
        &get(addr, "/api/v1/registry/L-2026-000000000000-000001", &[]).await,
    );
    let (content_type, body) = documents::multipart(&[("pdf", "licence.pdf", &licence.pdf)]);
    let verdict =
        send(addr, "POST", "/api/v1/registry/verify", &[("Content-Type", content_type.as_str())], &body).await;
    x.saw("/api/v1/registry/verify", "post", 200, &verdict);
    assert_eq!(verdict.json()["valid"], true, "{}", verdict.body);
    let (content_type, body) = documents::multipart(&[("p7s", "licence.p7s", &licence.signature)]);
    let no_pdf = send(addr, "POST", "/api/v1/registry/verify", &[("Content-Type", content_type.as_str())], &body).await;
    x.saw("/api/v1/registry/verify", "post", 400, &no_pdf);
    assert_eq!(no_pdf.json()["field"], "pdf");
    let csv = get(addr, "/api/v1/registry/export.csv", &[]).await;
    x.saw("/api/v1/registry/export.csv", "get", 200, &csv);
    assert!(csv.body.contains(number.as_str()));
    let json = get(addr, "/api/v1/registry/export.json", &[]).await;
    x.saw("/api/v1/registry/export.json", "get", 200, &json);
    assert_eq!(json.json()[0]["number"], number.as_str());
}

/// The integrators' tokens: one that files, one that reads, one limited to another provider,
/// one expired at the stand's instant and one revoked.
async fn tokens(store: &reglament_store::AnyStore) {
    let kept = |name: &str, scope: &str, provider: Option<&str>, expires_at| reglament_store::ApiToken {
        name: name.into(),
        scope: scope.into(),
        provider: provider.map(str::to_owned),
        created_at: Utc::now(),
        expires_at,
        revoked_at: None,
    };
    let hash = reglament_web::integrator::token_hash;
    store.add_api_token(&hash("t0ken"), &kept("test", "file", None, None)).await.unwrap();
    store.add_api_token(&hash("reader"), &kept("reader", "read", None, None)).await.unwrap();
    store.add_api_token(&hash("elsewhere"), &kept("elsewhere", "file", Some("010340600017"), None)).await.unwrap();
    store.add_api_token(&hash("stale"), &kept("stale", "file", None, Some(fixed_now()))).await.unwrap();
    store.add_api_token(&hash("revoked"), &kept("revoked", "file", None, None)).await.unwrap();
    store.revoke_api_tokens("revoked", Utc::now()).await.unwrap();
}

/// Filings on the applicant's behalf through `POST /api/v1/applications`; the runtime that billed
/// them.
async fn filings(
    x: &mut Exercise<'_>,
    addr: &str,
    token: &[(&str, &str)],
    t: &reglament_store::testing::TestStore,
    gateway: &str,
    people: &cases::People,
    sandbox: &reglament_sandbox::Sandbox,
) -> reglament_runtime::Runtime {
    // Filing on the applicant's behalf: the signature must be the applicant's, over this
    // application's own text, the fee of this application paid.
    let text = |id: &str| {
        format!(
            "Reglament application\nid: {id}\nservice: forensic-licence\nvariant: issuance-portal\napplicant: 123456789011\n"
        )
    };
    let detached = reglament_pki::sign_cms(text("EXT-1").as_bytes(), &people.applicant, Utc::now(), true).unwrap();
    let filing_of = |id: &str, applicant: &str, signature: &str| {
        serde_json::json!({ "id": id, "service": "forensic-licence", "variant": "issuance-portal",
            "applicant": applicant, "signature": signature })
    };
    let filing = |signature: &str| filing_of("EXT-1", "123456789011", signature);
    let good = filing(&Base64::encode_string(&detached));
    let url = "/api/v1/applications";
    x.saw(url, "post", 401, &post_json(addr, url, &[], &good).await);
    // A token's rights: read-only files nothing; an expired or revoked one is no token; one
    // limited to another provider sees none of this provider's cases.
    let reader = post_json(addr, url, &[("Authorization", "Bearer reader")], &good).await;
    x.saw(url, "post", 403, &reader);
    assert_eq!(reader.json()["code"], "engine.not_the_applicant");
    for gone in ["Bearer stale", "Bearer revoked"] {
        x.saw(url, "post", 401, &post_json(addr, url, &[("Authorization", gone)], &good).await);
    }
    let elsewhere = [("Authorization", "Bearer elsewhere")];
    x.saw("/api/v1/cases/{id}", "get", 404, &get(addr, "/api/v1/cases/C-API-1", &elsewhere).await);
    assert_eq!(get(addr, "/api/v1/cases", &elsewhere).await.json(), serde_json::json!([]));
    x.saw(url, "post", 400, &post_json(addr, url, token, &filing("not base64!")).await);
    let bad_id = post_json(addr, url, token, &filing_of("ext 1", "123456789011", "AA==")).await;
    x.saw(url, "post", 400, &bad_id);
    assert_eq!((bad_id.json()["code"].as_str(), bad_id.json()["field"].as_str()), (Some("case.bad_id"), Some("id")));
    let mut other_text = good.clone();
    other_text["content"] = Base64::encode_string(b"anything at all").into();
    let refused = post_json(addr, url, token, &other_text).await;
    x.saw(url, "post", 400, &refused);
    assert_eq!(refused.json()["field"], "content", "a signed text that is not this application's");
    // One signature files one application: under another id it covers nothing.
    let again =
        post_json(addr, url, token, &filing_of("EXT-9", "123456789011", &Base64::encode_string(&detached))).await;
    x.saw(url, "post", 422, &again);
    assert!(again.json()["code"].as_str().unwrap().starts_with("pki."), "{}", again.body);
    assert!(t.store.application("EXT-9").await.unwrap().is_none(), "a refused filing leaves no draft");
    let unpaid = post_json(addr, url, token, &good).await;
    x.saw(url, "post", 422, &unpaid);
    assert_eq!(unpaid.json()["code"], "payment.unpaid");
    let billing = cases::runtime(&t.store, gateway, &people.platform);
    let payer =
        reglament_domain::Iin::parse_with(reglament_domain::IdPolicy::AllowNcaTestNumbers, "123456789011").unwrap();
    let invoice = billing.bill("EXT-1", "forensic-licence", "issuance-portal", payer, fixed_now()).await.unwrap();
    sandbox.pay(&invoice.reference, None, Utc::now()).unwrap();
    // Another applicant's filing under this id is refused, and this applicant's payment is
    // never theirs.
    let theirs = post_json(addr, url, token, &filing_of("EXT-1", "123456789012", "AA==")).await;
    x.saw(url, "post", 409, &theirs);
    assert_eq!(theirs.json()["code"], "case.id_taken");
    let accepted = post_json(addr, url, token, &good).await;
    x.saw(url, "post", 201, &accepted);
    assert_eq!(accepted.json()["status"], "open");
    let cabinet = t.store.applications_of("123456789011").await.unwrap();
    assert!(cabinet.iter().any(|a| a.id == "EXT-1" && a.filed_at.is_some()), "the API's filing is in the cabinet");
    let recorded = t.store.events("EXT-1").await.unwrap().len();
    assert_eq!(post_json(addr, url, token, &good).await.json()["id"], "EXT-1", "filed once, answered again");
    assert_eq!(t.store.events("EXT-1").await.unwrap().len(), recorded, "the second filing recorded nothing");
    billing
}

#[tokio::test]
async fn every_documented_operation_answers_as_documented_on_every_backend() {
    let doc: Value = serde_json::from_str(DOCUMENT).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    refs_resolve(&doc, &doc);
    let promised = documented(&doc);
    for t in fresh_stores().await.unwrap() {
        let (gateway, trust, people, sandbox) = sandbox().await;
        let signature = reglament_pki::sign_cms(b"application", &people.applicant, Utc::now(), false).unwrap();
        let files = regulation_files();
        let runtime = cases::runtime(&t.store, &gateway, &people.platform);
        let filed_at = at("2026-03-20T19:40:00+05:00");
        let file = Command::File {
            applicant: "871008401427".parse().unwrap(),
            entity: None,
            provider: "960240000025".parse().unwrap(),
            filed_at,
        };
        runtime
            .file("C-API-1", "forensic-licence", "issuance-portal", &file, &actor_for(&file), filed_at, None)
            .await
            .unwrap();
        tokens(&t.store).await;
        let state = AppState::new(t.store.clone(), &files).unwrap().with_trust(trust).with_runtime(
            runtime,
            None,
            String::new(),
        );
        let addr = serve(state.with_fixed_now(fixed_now())).await;
        let token = [("Authorization", "Bearer t0ken")];
        let mut x = Exercise { doc: &doc, done: BTreeSet::new() };

        x.saw("/api/calendar/{year}", "get", 200, &get(&addr, "/api/calendar/2026", &[]).await);
        x.saw("/api/calendar/{year}", "get", 422, &get(&addr, "/api/calendar/1990", &[]).await);
        x.saw("/api/deadline", "get", 200, &get(&addr, "/api/deadline?start=2026-03-20T19:40&term=6wd", &[]).await);
        x.saw("/api/deadline", "get", 400, &get(&addr, "/api/deadline?start=2026-03-20T19:40&term=6", &[]).await);
        let between = "/api/between?from=2026-03-20T19:40&to=2026-04-03T18:30";
        x.saw("/api/between", "get", 200, &get(&addr, between, &[]).await);
        x.saw("/api/between", "get", 400, &get(&addr, "/api/between?from=x&to=2026-04-03T18:30", &[]).await);
        let good = serde_json::json!({ "signature": Base64::encode_string(&signature) });
        x.saw("/api/signatures/verify", "post", 200, &post_json(&addr, "/api/signatures/verify", &[], &good).await);
        let garbled = serde_json::json!({ "signature": "not base64!" });
        x.saw("/api/signatures/verify", "post", 400, &post_json(&addr, "/api/signatures/verify", &[], &garbled).await);
        let mut changed = signature.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        let bad = serde_json::json!({ "signature": Base64::encode_string(&changed) });
        x.saw("/api/signatures/verify", "post", 422, &post_json(&addr, "/api/signatures/verify", &[], &bad).await);
        let services = get(&addr, "/api/v1/services?on=2026-03-20", &[]).await;
        x.saw("/api/v1/services", "get", 200, &services);
        assert!(services.body.contains("forensic-licence"), "{}", services.body);
        x.saw("/api/v1/services", "get", 400, &get(&addr, "/api/v1/services?on=20-03-2026", &[]).await);
        let cases = get(&addr, "/api/v1/cases?role=executor&open=true", &token).await;
        x.saw("/api/v1/cases", "get", 200, &cases);
        assert!(cases.body.contains("C-API-1"));
        x.saw("/api/v1/cases", "get", 401, &get(&addr, "/api/v1/cases", &[("Authorization", "Bearer nope")]).await);
        let case = get(&addr, "/api/v1/cases/C-API-1", &token).await;
        x.saw("/api/v1/cases/{id}", "get", 200, &case);
        assert_eq!(case.json()["service_due"], "2026-04-03T13:30:00Z");
        x.saw("/api/v1/cases/{id}", "get", 401, &get(&addr, "/api/v1/cases/C-API-1", &[]).await);
        x.saw("/api/v1/cases/{id}", "get", 404, &get(&addr, "/api/v1/cases/C-NONE", &token).await);
        let reports = "/api/v1/reports/quality";
        let march = get(&addr, &format!("{reports}?from=2026-03-01&to=2026-03-31"), &token).await;
        x.saw(reports, "get", 200, &march);
        assert_eq!(march.json()["applications"]["filed"], 1, "C-API-1: {}", march.body);
        assert_eq!(march.json()["applications"]["overdue"], 1, "still open in November: {}", march.body);
        assert_eq!(march.json()["lines"][0]["name"]["kk"].as_str().map(|n| n.starts_with("Сот-сараптама")), Some(true));
        let garbled = get(&addr, &format!("{reports}?from=01.03.2026"), &token).await;
        x.saw(reports, "get", 400, &garbled);
        assert_eq!(garbled.json()["field"], "from");
        x.saw(reports, "get", 401, &get(&addr, reports, &[]).await);
        let backwards = get(&addr, &format!("{reports}?from=2026-03-31&to=2026-03-01"), &token).await;
        x.saw(reports, "get", 422, &backwards);
        assert_eq!(backwards.json()["code"], "report.bad_period");
        assert_eq!(backwards.json()["field"], "to", "the error names the field at fault");

        let billing = filings(&mut x, &addr, &token, &t, &gateway, &people, &sandbox).await;
        registry(&mut x, &addr, &billing, &people.head).await;
        assert_eq!(x.done, promised, "exercised vs documented");

        let served = get(&addr, "/api/openapi.json", &[]).await;
        assert_eq!(served.json(), doc);
        let reader = get(&addr, "/kk/api", &[]).await;
        assert!(reader.status == 200 && reader.body.contains("/api/v1/cases/{id}"));
        t.finish().await.unwrap();
    }
}
