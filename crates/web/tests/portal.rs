//! An application from filing to licence over real HTTP, on every store backend, against the
//! sandbox's state systems and payment gateway (requiring the platform's signed envelope) and its
//! test PKI: the applicant fills in the form generated from the 2021 act (posting it twice makes
//! one application), pays on the gateway's hosted page, signs the application with the key and
//! files it; another applicant cannot open it; the worker keeps the registries' answers as
//! evidence; the executor sees it in the inbox with the evidence checked, completes the steps,
//! and cannot sign the licence in the head's place nor sign a number other than the next; the
//! head signs its PDF with the key; the cabinet shows the licence, whose files verify.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use base64ct::{Base64, Encoding as _};
use chrono::{TimeDelta, Utc};
use common::cases::{People, fixed_now, runtime, sandbox};
use common::{Response, bind, element_text, encode, get, input_value, post_form, regulation_files, send, serve_on};
use reglament_pki::{SigningKey as _, SoftwareKey};
use reglament_store::testing::{TestStore, fresh_stores};
use reglament_store::{AnyStore, Session, SessionKind, Store};
use reglament_web::AppState;

/// Sessions made so far (each gets a token of its own).
static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A session for `key`'s holder kept in the store; the cookie header and the CSRF token.
async fn session(store: &AnyStore, key: &SoftwareKey, kind: SessionKind, roles: &[&str]) -> (String, String) {
    let subject = key.certificate().subject();
    let iin = subject.iin.clone().unwrap();
    let token = format!("token-{iin}-{kind:?}-{}", SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let now = Utc::now();
    let csrf = format!("csrf-{iin}");
    if kind == SessionKind::Official {
        // The back office reads the official's roles from the staff list on every request.
        for role in roles {
            let member = reglament_store::StaffMember {
                iin: iin.clone(),
                provider_bin: subject.bin.clone().unwrap_or_default(),
                role: (*role).to_owned(),
                name: subject.common_name.clone().unwrap_or_default(),
            };
            store.put_staff(&member).await.unwrap();
        }
    }
    store
        .create_session(&Session {
            token_hash: reglament_web::integrator::token_hash(&token),
            kind,
            iin,
            name: subject.common_name.clone().unwrap_or_default(),
            provider_bin: subject.bin.clone(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            csrf: csrf.clone(),
            created_at: now,
            expires_at: now + TimeDelta::hours(1),
        })
        .await
        .unwrap();
    (format!("reglament_session={token}"), csrf)
}

fn location(answer: &Response) -> String {
    assert_eq!(answer.status, 303, "{}", answer.body);
    answer.header("location").unwrap()
}

/// The multipart body of the application form with two PDF attachments.
fn form_body(csrf: &str, token: &str) -> (String, Vec<u8>) {
    use std::fmt::Write as _;
    let boundary = "XBOUNDARYX";
    let mut body = String::new();
    for (name, value) in [("csrf", csrf), ("form_token", token)] {
        let _ = write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    }
    for document in ["application-issuance", "qualification-form"] {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file:{document}\"; filename=\"{document}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 {document}\r\n"
        );
    }
    let _ = write!(body, "--{boundary}--\r\n");
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}

fn sign(bytes: &[u8], key: &SoftwareKey) -> String {
    encode(&Base64::encode_string(&reglament_pki::sign_cms(bytes, key, Utc::now(), true).unwrap()))
}

/// The document the case file offers to sign: its PDF and its number's place in the series.
fn document_to_sign(html: &str) -> (Vec<u8>, String) {
    let at = html.find("class=\"document-data\"").unwrap();
    let tag = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
    let value = tag.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
    (Base64::decode_vec(value).unwrap(), input_value(html, "seq").unwrap())
}

/// The portal on its port over `t`'s store, calling the sandbox; its address, the gateway's
/// address and the people.
async fn stand(t: &TestStore) -> (String, String, People) {
    let (gateway, trust, people, _) = sandbox().await;
    let (listener, addr) = bind().await;
    let state = AppState::new(t.store.clone(), &regulation_files()).unwrap().with_trust(trust).with_runtime(
        runtime(&t.store, &gateway, &people.platform),
        Some(gateway.clone()),
        format!("http://{addr}"),
    );
    serve_on(listener, state.with_fixed_now(fixed_now()));
    (addr, gateway, people)
}

async fn story(t: &TestStore) {
    let (addr, gateway, people) = stand(t).await;
    let (me, csrf) = session(&t.store, &people.applicant, SessionKind::Applicant, &[]).await;
    let cookie = [("Cookie", me.as_str())];

    // The form generated from the act, posted twice: one application.
    let page = get(&addr, "/ru/services/forensic-licence/issuance-portal", &cookie).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let token = input_value(&page.body, "form_token").unwrap();
    let (content_type, body) = form_body(&csrf, &token);
    let headers = [("Cookie", me.as_str()), ("Content-Type", content_type.as_str())];
    let first = location(&send(&addr, "POST", "/ru/services/forensic-licence/issuance-portal", &headers, &body).await);
    let again = location(&send(&addr, "POST", "/ru/services/forensic-licence/issuance-portal", &headers, &body).await);
    assert_eq!(first, again);
    let id = first.rsplit('/').next().unwrap().to_owned();
    assert_eq!(t.store.applications_of("123456789011").await.unwrap().len(), 1);

    // Another applicant cannot see it by its id.
    let (other, _) = session(&t.store, &people.executor, SessionKind::Applicant, &[]).await;
    assert_eq!(get(&addr, &first, &[("Cookie", other.as_str())]).await.status, 404);

    // Unpaid, the filing is refused; paid on the gateway's page, the payer comes back.
    let page = get(&addr, &first, &cookie).await;
    let text = element_text(&page.body, "id=\"signed-text\"").unwrap_or_else(|| panic!("{}", page.body));
    let refused = post_form(
        &addr,
        &format!("{first}/submit"),
        &cookie,
        &format!("csrf={csrf}&signature={}", sign(text.as_bytes(), &people.applicant)),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("payment.unpaid"), "{}", refused.body);
    let checkout = location(&post_form(&addr, &format!("{first}/pay"), &cookie, &format!("csrf={csrf}")).await);
    let (checkout_path, back) = checkout.strip_prefix(&gateway).unwrap().split_once("?return=").unwrap();
    let back = back.split('&').next().unwrap();
    let paid =
        post_form(gateway.trim_start_matches("http://"), checkout_path, &[], &format!("return={back}&lang=ru")).await;
    assert!(location(&paid).starts_with(&format!("http://{addr}/ru/applications/{id}?invoice=")));
    let page = get(&addr, &first, &cookie).await;
    assert!(page.body.contains("Оплачено"), "{}", page.body);

    // Signed by someone else: refused; signed by the applicant: filed.
    let foreign = post_form(
        &addr,
        &format!("{first}/submit"),
        &cookie,
        &format!("csrf={csrf}&signature={}", sign(text.as_bytes(), &people.executor)),
    )
    .await;
    assert_eq!(foreign.status, 422, "{}", foreign.body);
    let filed = post_form(
        &addr,
        &format!("{first}/submit"),
        &cookie,
        &format!("csrf={csrf}&signature={}", sign(text.as_bytes(), &people.applicant)),
    )
    .await;
    assert_eq!(location(&filed), format!("/ru/cabinet/{id}"));
    let cabinet = get(&addr, "/ru/cabinet", &cookie).await;
    assert!(cabinet.body.contains(&id) && cabinet.body.contains("Открыто"), "{}", cabinet.body);

    // The worker asks the state systems; the executor sees the case and the evidence checked.
    let worker = runtime(&t.store, &gateway, &people.platform);
    reglament_testkit::done(worker.run_jobs("w", fixed_now() + TimeDelta::seconds(1), 50).await.unwrap());
    let (executor, executor_csrf) = session(&t.store, &people.executor, SessionKind::Official, &["executor"]).await;
    let executor_cookie = [("Cookie", executor.as_str())];
    let inbox = get(&addr, "/ru/office", &executor_cookie).await;
    assert!(inbox.body.contains(&id), "{}", inbox.body);
    let file = get(&addr, &format!("/ru/office/cases/{id}"), &executor_cookie).await;
    assert_eq!(file.body.matches("действительна, хэш совпадает").count(), 5, "{}", file.body);
    let act = format!("/ru/office/cases/{id}/act");
    for step in ["completeness", "review"] {
        let done =
            post_form(&addr, &act, &executor_cookie, &format!("csrf={executor_csrf}&step={step}&action=complete"))
                .await;
        location(&done);
    }
    // The executor cannot sign the licence in the head's place.
    let usurped =
        post_form(&addr, &act, &executor_cookie, &format!("csrf={executor_csrf}&step=sign-licence&action=sign")).await;
    assert_eq!(usurped.status, 403, "{}", usurped.body);

    // The head signs the licence with the key; the cabinet shows the result.
    head_signs(t, &addr, &id, &people).await;
    let result = get(&addr, &format!("/ru/cabinet/{id}"), &cookie).await;
    assert!(result.body.contains("Результат оказан"), "{}", result.body);

    result_verifies(&addr, &id, &me, &other).await;
}

/// The head signs case `id`'s licence with the key — after a signature by another key (400) and
/// one of a number other than the next (409) are refused.
async fn head_signs(t: &TestStore, addr: &str, id: &str, people: &People) {
    let act = format!("/ru/office/cases/{id}/act");
    let (head, head_csrf) = session(&t.store, &people.head, SessionKind::Official, &["authorised-person"]).await;
    let head_cookie = [("Cookie", head.as_str())];
    let file = get(addr, &format!("/ru/office/cases/{id}"), &head_cookie).await;
    let (pdf, seq) = document_to_sign(&file.body);
    assert!(file.body.contains("Лицензия на занятие судебно-экспертной деятельностью"), "{}", file.body);
    let wrong = post_form(
        addr,
        &act,
        &head_cookie,
        &format!("csrf={head_csrf}&step=sign-licence&action=sign&seq={seq}&signature={}", sign(&pdf, &people.executor)),
    )
    .await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    let unsigned =
        post_form(addr, &act, &head_cookie, &format!("csrf={head_csrf}&step=sign-licence&action=complete")).await;
    assert_eq!(unsigned.status, 400, "a step that issues a document completes only signed: {}", unsigned.body);
    let stale = post_form(
        addr,
        &act,
        &head_cookie,
        &format!("csrf={head_csrf}&step=sign-licence&action=sign&seq=7&signature={}", sign(&pdf, &people.head)),
    )
    .await;
    assert_eq!(stale.status, 409, "a number other than the next is refused: {}", stale.body);
    let signed = post_form(
        addr,
        &act,
        &head_cookie,
        &format!("csrf={head_csrf}&step=sign-licence&action=sign&seq={seq}&signature={}", sign(&pdf, &people.head)),
    )
    .await;
    location(&signed);
    registry_status(t, addr, id, people, &head_cookie, &head_csrf).await;
}

/// The head who signed the licence suspends and reinstates it from the case file, giving the
/// decision; without one the change is refused, and an executor may not change it at all.
async fn registry_status(t: &TestStore, addr: &str, id: &str, people: &People, head: &[(&str, &str)], csrf: &str) {
    let path = format!("/ru/office/cases/{id}/registry");
    let number = t.store.documents_of(id).await.unwrap()[0].number.clone();
    let change =
        |status: &str, reason: &str| format!("csrf={csrf}&number={number}&status={status}&reason={}", encode(reason));
    assert_eq!(
        post_form(addr, &path, head, &change("suspended", " ")).await.status,
        400,
        "a change needs its decision"
    );
    location(&post_form(addr, &path, head, &change("suspended", "Приказ № 12 от 30.11.2026")).await);
    let entry = t.store.registry_entry(&number).await.unwrap().unwrap();
    assert_eq!(entry.status, reglament_store::RegistryStatus::Suspended);
    let page = get(addr, &format!("/ru/registry/{number}"), &[]).await;
    assert!(page.body.contains("Приказ № 12 от 30.11.2026"), "the public sees why: {}", page.body);
    location(&post_form(addr, &path, head, &change("active", "Приказ № 13 от 01.12.2026")).await);
    let (executor, executor_csrf) = session(&t.store, &people.executor, SessionKind::Official, &["executor"]).await;
    let by_executor = format!("csrf={executor_csrf}&number={number}&status=terminated&reason=x");
    let refused = post_form(addr, &path, &[("Cookie", executor.as_str())], &by_executor).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(t.store.registry_changes(&number).await.unwrap().len(), 2);
}

/// The number of the first document the cabinet's page shows.
fn document_number(page: &str) -> &str {
    let at = page.find("data-number=\"").unwrap_or_else(|| panic!("no document: {page}")) + 13;
    &page[at..at + page[at..].find('"').unwrap()]
}

/// The licence issued in case `id` is in the cabinet; its PDF and `.p7s` download and verify with
/// nothing but themselves and the trust anchors, and the registry finds them genuine; another
/// applicant (`other`'s cookie) cannot download them.
async fn result_verifies(addr: &str, id: &str, cookie: &str, other: &str) {
    let page = get(addr, &format!("/ru/cabinet/{id}"), &[("Cookie", cookie)]).await;
    let number = document_number(&page.body);
    let files = format!("/ru/cabinet/{id}/documents/{number}");
    let pdf = get(addr, &format!("{files}.pdf"), &[("Cookie", cookie)]).await;
    assert!(pdf.status == 200 && pdf.bytes.starts_with(b"%PDF-"), "{}", pdf.head);
    let signature = get(addr, &format!("{files}.p7s"), &[("Cookie", cookie)]).await;
    assert_eq!(signature.status, 200);
    let verdict = common::post_json(
        addr,
        "/api/signatures/verify",
        &[],
        &serde_json::json!({ "signature": Base64::encode_string(&signature.bytes), "content": Base64::encode_string(&pdf.bytes) }),
    )
    .await;
    assert_eq!(verdict.status, 200, "{}", verdict.body);
    let registry = get(addr, &format!("/ru/registry/{number}"), &[]).await;
    assert!(registry.body.contains("Документ подлинный"), "{}", registry.body);
    assert_eq!(get(addr, &format!("{files}.p7s"), &[("Cookie", other)]).await.status, 404);
}

/// A GIF where a PDF is wanted: the form comes back with the error next to the file's input, and
/// nothing is kept.
async fn wrong_file_type(addr: &str, cookie: &str, csrf: &str) {
    let page = get(addr, "/ru/services/forensic-licence/issuance-portal", &[("Cookie", cookie)]).await;
    let (content_type, body) = form_body(csrf, &input_value(&page.body, "form_token").unwrap());
    let body = String::from_utf8(body).unwrap().replacen("application/pdf", "image/gif", 1);
    let headers = [("Cookie", cookie), ("Content-Type", content_type.as_str())];
    let refused = send(addr, "POST", "/ru/services/forensic-licence/issuance-portal", &headers, body.as_bytes()).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    let error = element_text(&refused.body, "id=\"error-file-application-issuance\"").unwrap();
    assert!(error.contains("Только PDF, JPEG или PNG (image/gif)"), "{error}");
    assert!(refused.body.contains("aria-invalid=\"true\""));
}

/// Files an application of `key`'s holder through the form, the gateway's page and the
/// signature; its id.
async fn file(addr: &str, gateway: &str, cookie: &str, csrf: &str, key: &SoftwareKey) -> String {
    let headers = [("Cookie", cookie)];
    let page = get(addr, "/ru/services/forensic-licence/issuance-portal", &headers).await;
    let (content_type, body) = form_body(csrf, &input_value(&page.body, "form_token").unwrap());
    let posted = [("Cookie", cookie), ("Content-Type", content_type.as_str())];
    let at = location(&send(addr, "POST", "/ru/services/forensic-licence/issuance-portal", &posted, &body).await);
    let checkout = location(&post_form(addr, &format!("{at}/pay"), &headers, &format!("csrf={csrf}")).await);
    let (path, back) = checkout.strip_prefix(gateway).unwrap().split_once("?return=").unwrap();
    let back = back.split('&').next().unwrap();
    location(&post_form(gateway.trim_start_matches("http://"), path, &[], &format!("return={back}&lang=ru")).await);
    let text = element_text(&get(addr, &at, &headers).await.body, "id=\"signed-text\"").unwrap();
    location(
        &post_form(
            addr,
            &format!("{at}/submit"),
            &headers,
            &format!("csrf={csrf}&signature={}", sign(text.as_bytes(), key)),
        )
        .await,
    );
    at.rsplit('/').next().unwrap().to_owned()
}

/// The refusal path: the executor proposes a refusal on a ground of the act's list, notifies the
/// hearing; the applicant objects in the cabinet; the objection is in the case file; the hearing
/// ends negative; the head signs the reasoned refusal; the applicant complains, and the
/// complaint is a case of its own.
async fn refusal(t: &TestStore) {
    let (addr, gateway, people) = stand(t).await;
    let (me, csrf) = session(&t.store, &people.applicant, SessionKind::Applicant, &[]).await;
    let cookie = [("Cookie", me.as_str())];
    wrong_file_type(&addr, &me, &csrf).await;
    let id = file(&addr, &gateway, &me, &csrf, &people.applicant).await;
    let (executor, executor_csrf) = session(&t.store, &people.executor, SessionKind::Official, &["executor"]).await;
    let as_executor = [("Cookie", executor.as_str())];
    let act = format!("/ru/office/cases/{id}/act");
    let post = |form: String| {
        let (addr, act, headers) = (addr.clone(), act.clone(), as_executor);
        async move { post_form(&addr, &act, &headers, &form).await }
    };
    location(&post(format!("csrf={executor_csrf}&step=completeness&action=complete")).await);
    let file_page = get(&addr, &format!("/ru/office/cases/{id}"), &as_executor).await;
    assert!(file_page.body.contains("requirements-not-met"), "the act's grounds are offered");
    location(
        &post(format!("csrf={executor_csrf}&step=review&action=propose_refusal&ground=requirements-not-met")).await,
    );
    let late = format!("csrf={executor_csrf}&step=hearing-notice&action=notify_hearing&hearing_at=2099-01-05T10%3A00");
    assert_eq!(post(late).await.status, 422, "a hearing after its term is refused");
    let at = fixed_now().with_timezone(&chrono_tz::Asia::Almaty) + TimeDelta::minutes(30);
    let at = encode(&at.format("%Y-%m-%dT%H:%M").to_string());
    let place = encode("Астана, ул. Орынбор, 8, каб. 301");
    location(
        &post(format!(
            "csrf={executor_csrf}&step=hearing-notice&action=notify_hearing&hearing_at={at}&hearing_place={place}"
        ))
        .await,
    );
    let notice = get(&addr, &format!("/ru/cabinet/{id}"), &cookie).await;
    assert!(notice.body.contains("Несоответствие квалификационным требованиям"), "{}", notice.body);
    assert!(notice.body.contains("Заслушивание состоится") && notice.body.contains("каб. 301"), "{}", notice.body);
    assert!(
        notice.body.contains("id=\"course\"")
            && notice.body.contains("data-span=\"completeness\"")
            && notice.body.contains("id=\"service-due-line\""),
        "the course drawn against the terms: {}",
        notice.body
    );
    let objected = post_form(
        &addr,
        &format!("/ru/cabinet/{id}/objection"),
        &cookie,
        &format!("csrf={csrf}&text={}", encode("Диплом приложен повторно")),
    )
    .await;
    location(&objected);
    let file_page = get(&addr, &format!("/ru/office/cases/{id}"), &as_executor).await;
    assert!(file_page.body.contains("Диплом приложен повторно"), "{}", file_page.body);
    let hearing_step = file_page.body.split("data-step=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    location(&post(format!("csrf={executor_csrf}&step={hearing_step}&action=hearing_negative")).await);
    let (head, head_csrf) = session(&t.store, &people.head, SessionKind::Official, &["authorised-person"]).await;
    let as_head = [("Cookie", head.as_str())];
    let page = get(&addr, &format!("/ru/office/cases/{id}"), &as_head).await.body;
    assert!(page.contains("Несоответствие квалификационным требованиям"), "the ground in the draft: {page}");
    let (pdf, seq) = document_to_sign(&page);
    let signed = post_form(
        &addr,
        &act,
        &as_head,
        &format!("csrf={head_csrf}&step=sign-refusal&action=sign&seq={seq}&signature={}", sign(&pdf, &people.head)),
    )
    .await;
    location(&signed);
    let refused = get(&addr, &format!("/ru/cabinet/{id}"), &cookie).await;
    assert!(refused.body.contains("Мотивированный отказ"), "{}", refused.body);
    // The refusal is not in the public registry: its QR page verifies it and shows nothing else.
    let number = document_number(&refused.body);
    assert!(number.starts_with("R-"), "{number}");
    let public = get(&addr, &format!("/kk/registry/{number}"), &[]).await;
    assert!(
        public.body.contains("id=\"not-registered\"") && public.body.contains("class=\"valid\""),
        "{}",
        public.body
    );
    assert!(!public.body.contains("123456789011"), "no applicant's data: {}", public.body);
    assert_eq!(get(&addr, &format!("/kk/registry/{number}/document.pdf"), &[]).await.status, 404);
    location(&post_form(&addr, &format!("/ru/cabinet/{id}/complaint"), &cookie, &format!("csrf={csrf}")).await);
    let complained = get(&addr, &format!("/ru/cabinet/{id}"), &cookie).await;
    assert!(complained.body.contains("Жалоба подана"), "{}", complained.body);
    let missing_csrf = post_form(&addr, &format!("/ru/cabinet/{id}/complaint"), &cookie, "").await;
    assert_eq!(missing_csrf.status, 403);

    // The quality-control body sees the complaint with its clock; an executor may not look.
    let (quality, quality_csrf) =
        session(&t.store, &people.platform, SessionKind::Official, &["quality-control"]).await;
    let view = get(&addr, "/ru/quality", &[("Cookie", quality.as_str())]).await;
    assert_eq!(view.status, 200, "{}", view.body);
    assert!(view.body.contains(&format!("{id}-K")), "{}", view.body);
    assert_eq!(get(&addr, "/ru/quality", &as_executor).await.status, 403);
    quality_report(&addr, &quality, &as_executor).await;
    case_file_read_only(&addr, &quality, &quality_csrf, &id).await;
}

/// The quality-control body reads any case file, and acts on none of its steps.
async fn case_file_read_only(addr: &str, quality: &str, quality_csrf: &str, id: &str) {
    let act = format!("/ru/office/cases/{id}/act");
    let file_page = get(addr, &format!("/ru/office/cases/{id}"), &[("Cookie", quality)]).await;
    assert_eq!(file_page.status, 200, "{}", file_page.body);
    assert!(file_page.body.contains("id=\"course\""), "{}", file_page.body);
    let acting = post_form(
        addr,
        &act,
        &[("Cookie", quality)],
        &format!("csrf={quality_csrf}&step=sign-refusal&action=complete"),
    )
    .await;
    assert_eq!(acting.status, 403, "{}", acting.body);
}

/// The quality-control body's report on the current month: the refusal decided, the complaint
/// open, drawn and tabled, and the same as CSV; a period that ends before it begins is named at
/// its field; an executor may not look.
async fn quality_report(addr: &str, quality: &str, as_executor: &[(&str, &str)]) {
    let as_quality = [("Cookie", quality)];
    let report = get(addr, "/ru/quality/report", &as_quality).await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert!(report.body.contains("id=\"chart\"") && report.body.contains("<svg"), "{}", report.body);
    assert!(report.body.contains("Решено в срок: 1"), "the refusal, decided in time: {}", report.body);
    assert!(report.body.contains("Несоответствие квалификационным требованиям"), "the ground cited: {}", report.body);
    let kk = get(addr, "/kk/quality/report", &as_quality).await;
    assert!(kk.body.contains("Мерзімінде шешілді: 1"), "{}", kk.body);
    let month = fixed_now().with_timezone(&chrono_tz::Asia::Almaty).format("%Y-%m").to_string();
    let csv = get(addr, &format!("/ru/quality/report.csv?from={month}-01&to={month}-28"), &as_quality).await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(csv.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].starts_with("услуга,наименование,услугодатель,вид,подано"), "{}", csv.body);
    assert!(
        lines.iter().any(|l| l.starts_with("forensic-licence,") && l.contains(",заявления,1,0,1,0,1,0,0,0,0,")),
        "{}",
        csv.body
    );
    assert!(
        lines.iter().any(|l| l.starts_with("forensic-licence,") && l.contains(",жалобы,1,0,0,0,0,0,1,0,0,")),
        "{}",
        csv.body
    );
    let backwards = get(addr, &format!("/ru/quality/report?from={month}-20&to={month}-01"), &as_quality).await;
    assert!(
        backwards.body.contains("data-code=\"report.bad_period\"") && backwards.body.contains("aria-invalid=\"true\""),
        "{}",
        backwards.body
    );
    let garbled = get(addr, "/ru/quality/report?from=31.11.2026", &as_quality).await;
    assert!(
        garbled.body.contains("data-code=\"web.invalid\"") && garbled.body.contains("31.11.2026"),
        "{}",
        garbled.body
    );
    assert_eq!(get(addr, "/ru/quality/report", as_executor).await.status, 403);
    assert_eq!(get(addr, "/ru/quality/report.csv", as_executor).await.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_goes_from_the_form_to_the_licence_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        story(&t).await;
        t.finish().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_goes_through_the_hearing_and_the_objection_then_a_complaint_on_every_backend() {
    for t in fresh_stores().await.unwrap() {
        refusal(&t).await;
        t.finish().await.unwrap();
    }
}
