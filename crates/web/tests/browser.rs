//! The portal in a real browser: headless Chromium driven over `WebDriver`
//! (`reglament_testkit::browser`) against the real application, started on port 0 over a fresh
//! store of every backend. Each test saves a screenshot of every page it passes through, in
//! `target/screenshots/<test>-<backend>/`.
//!
//! Skipped with a printed line when Chromium and `chromedriver` are not installed, unless
//! `REGLAMENT_REQUIRE_BROWSER=1` (as in `.ci/run`), which makes that a failure.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

mod common;

use std::sync::Arc;

use chrono::Utc;
use common::cases::{fixed_now, runtime};
use reglament_pki::SoftwareKey;
use reglament_pki::issue::TestPki;
use reglament_sandbox::Sandbox;
use reglament_store::testing::fresh_stores;
use reglament_store::{Account, AnyStore, StaffMember, Store};
use reglament_testkit::browser::{Browser, Element};
use reglament_web::AppState;
use reglament_web::ncalayer::{NcaLayer, bind_ncalayer, serve_ncalayer};
use serde_json::json;
use tokio::runtime::Runtime;

/// What a story gets: the browser, the runtime the app runs on, and the app's base URL.
struct Portal<'a> {
    browser: &'a Browser,
    runtime: &'a Runtime,
    base: String,
}

impl Portal<'_> {
    /// Opens `path` of the app and saves a screenshot named `shot`.
    fn visit(&self, path: &str, shot: &str) {
        self.browser.goto(&format!("{}{path}", self.base)).unwrap();
        self.shot(shot);
    }

    fn shot(&self, name: &str) {
        self.browser.screenshot(name).unwrap();
    }

    fn find(&self, css: &str) -> Element<'_> {
        self.browser.find(css).unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    fn text(&self, css: &str) -> String {
        self.find(css).text().unwrap()
    }

    /// Clicks the element and saves a screenshot of the page it leads to, once `then` is there.
    fn click(&self, css: &str, then: &str, shot: &str) {
        self.find(css).click().unwrap();
        self.find(then);
        self.shot(shot);
    }

    fn path(&self) -> String {
        self.browser.current_url().unwrap().strip_prefix(&self.base).unwrap().to_owned()
    }
}

/// Runs `story` against the app on a fresh store of every backend, with a browser each, whose
/// screenshots go to `target/screenshots/<test>-<backend>/`.
fn on_every_backend(test: &str, story: impl Fn(&Portal<'_>)) {
    if !Browser::check().unwrap() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    for store in runtime.block_on(fresh_stores()).unwrap() {
        let backend = store.url.split(':').next().unwrap().to_owned();
        let base = runtime.block_on(async {
            let state =
                AppState::new(AnyStore::connect(&store.url).await.unwrap(), &reglament_testkit::regulation_files())
                    .unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { reglament_web::serve(listener, state).await });
            format!("http://{addr}")
        });
        let browser = Browser::start(&format!("{test}-{backend}")).unwrap();
        story(&Portal { browser: &browser, runtime: &runtime, base });
        drop(browser);
        runtime.block_on(store.finish()).unwrap();
    }
}

#[test]
fn an_applicant_reads_the_calendar_and_computes_a_deadline_in_both_languages() {
    on_every_backend("calendar_and_deadline", |portal| {
        portal.visit("/", "start-ru");
        assert_eq!(portal.path(), "/ru/");
        portal.find("html[lang=ru]");
        assert!(portal.text("main").contains("Производственный календарь"));

        portal.click("header .lang a[href='/kk/']", "html[lang=kk]", "start-kk");
        assert_eq!(portal.path(), "/kk/");
        assert!(portal.text("main").contains("Жұмыс күнтізбесі"));

        portal.visit("/ru/calendar/2026", "calendar-2026-ru");
        let nauryz = portal.find(".month .d.holiday[data-date='2026-03-21']");
        let tooltip = nauryz.attribute("title").unwrap().unwrap();
        assert!(tooltip.contains("Наурыз") && tooltip.contains("«О праздниках в Республике Казахстан»"), "{tooltip}");
        let moved = portal.find(".month .d.moved_day_off[data-date='2026-03-24']").attribute("title").unwrap().unwrap();
        assert!(
            moved.starts_with(
                "вт, 24 марта 2026 — перенесённый выходной день: Наурыз мейрамы, перенесён с сб, 21 марта 2026 ("
            ) && moved.contains("ст. 5"),
            "the moved day with its reason and legal source on hover: {moved}"
        );
        assert!(portal.text("main").contains("247"), "the year's working days");

        portal.click("header a[href='/ru/deadline']", "form #start", "deadline-form-ru");
        portal.find("#start").type_text("2026-03-20T19:40").unwrap();
        portal.find("#term").type_text("6wd").unwrap();
        portal.click("form button[type=submit]", "p.due-at", "deadline-due-ru");
        assert!(portal.path().starts_with("/ru/deadline?start=2026-03-20T19%3A40&term=6wd"), "{}", portal.path());
        let due = portal.text("p.due-at");
        assert!(due.contains("3 апреля 2026") && due.contains("18:30"), "{due}");
        assert!(!portal.browser.find_all(".strip .d.due").unwrap().is_empty(), "the due day marked on the strip");

        portal.click("header .lang a[href^='/kk/deadline?']", "html[lang=kk]", "deadline-due-kk");
        assert_eq!(portal.text("p.due-at"), "2026 ж. 3 сәуір, жм 18:30");
    });
}

/// The page's side of NCALayer, as the portal's signing script speaks it: connect, read the
/// greeting, ask `createCMSSignatureFromBase64` for the text, and put the answer into the form's
/// file input as `application.p7s`. Calls back `signed` or what went wrong.
const SIGN_THROUGH_NCALAYER: &str = r"
const [port, text, done] = arguments;
const socket = new WebSocket('ws://127.0.0.1:' + port + '/');
let greeted = false;
socket.onerror = () => done('no connection to the signer on port ' + port);
socket.onmessage = event => {
  const answer = JSON.parse(event.data);
  if (!greeted) {
    greeted = true;
    const data = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
    socket.send(JSON.stringify({ module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCMSSignatureFromBase64', args: ['PKCS12', 'SIGNATURE', data, true] }));
    return;
  }
  socket.close();
  if (answer.code !== '200') { done('refused: ' + event.data); return; }
  const bytes = Uint8Array.from(atob(answer.responseObject), c => c.charCodeAt(0));
  const files = new DataTransfer();
  files.items.add(new File([bytes], 'application.p7s', { type: 'application/pkcs7-signature' }));
  document.getElementById('signature').files = files.files;
  done('signed');
};
";

/// Starts the NCALayer-compatible signer with a test key store of the NCA test PKI on a free
/// loopback port; answers the port.
fn signer(runtime: &Runtime, store: &str) -> u16 {
    let pki = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/nca/keys/");
    let key = SoftwareKey::from_pkcs12(&std::fs::read(format!("{pki}{store}")).unwrap(), "Qwerty12").unwrap();
    runtime.block_on(async {
        let listener = bind_ncalayer(0).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(serve_ncalayer(listener, NcaLayer::new(Arc::new(key))));
        port
    })
}

/// On the signature page in `lang`: signs `text` through the signer on `port`, checks it at
/// `at`, and answers the verdict's text once it is shown.
fn sign_and_check(portal: &Portal<'_>, lang: &str, port: u16, text: &str, at: &str) -> String {
    portal.visit(&format!("/{lang}/signature"), &format!("signature-form-{lang}"));
    let outcome = portal.browser.execute_async(SIGN_THROUGH_NCALAYER, &[json!(port), json!(text)]).unwrap();
    assert_eq!(outcome, json!("signed"));
    portal.find("#at").type_text(at).unwrap();
    portal.click("#check button[type=submit]", "#verdict p", &format!("signature-verdict-{lang}"));
    portal.text("#verdict")
}

#[test]
fn a_signature_made_through_the_ncalayer_compatible_signer_is_checked_on_the_page() {
    on_every_backend("signature", |portal| {
        let valid = signer(portal.runtime, "key_individual_valid_sign_2004.p12");
        // The test certificate is valid 2021-01-18..2022-01-18: check inside it.
        let verdict = sign_and_check(portal, "ru", valid, "Заявление № 1 / Өтініш № 1", "2021-06-01");
        assert!(verdict.contains("Подпись действительна") && verdict.contains("физическое лицо"), "{verdict}");
        portal.find("#verdict p.valid");

        let revoked = signer(portal.runtime, "key_individual_sign_revoked_2004.p12");
        let verdict = sign_and_check(portal, "kk", revoked, "Өтініш № 2", "2022-06-01");
        assert!(verdict.contains("Қолтаңба қабылданбады: тіркелгі куәлігі кері қайтарылған"), "{verdict}");
        assert!(verdict.contains("pki.revoked"), "{verdict}");
    });
}

/// A stand that runs cases: the sandbox (the state systems, the payment gateway and its hosted
/// page, the test PKI), the portal running cases through it and trusting its PKI, an
/// NCALayer-compatible signer per person on a free port, and the worker.
struct Stand {
    /// The signer's address of each person (`ws://127.0.0.1:PORT`).
    signers: Vec<(&'static str, String)>,
    /// The worker: the same store and gateway as the portal.
    worker: reglament_runtime::Runtime,
}

impl Stand {
    fn signer(&self, who: &str) -> &str {
        &self.signers.iter().find(|(w, _)| *w == who).unwrap().1
    }
}

/// The password of the demo applicant in the stories.
const PASSWORD: &str = "Portal-2026!";

/// Builds the stand on `url`'s store; the portal's base URL and the stand.
async fn stand(url: &str) -> (String, Stand) {
    let sandbox_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sandbox_addr = sandbox_listener.local_addr().unwrap();
    let gateway = format!("http://{sandbox_addr}");
    let pki = TestPki::generate(fixed_now(), &reglament_sandbox::pki::base_url(sandbox_addr)).unwrap();
    let key = |id: &str| Arc::new(pki.subject(id).unwrap().signing_key(pki.ca.certificate()).unwrap());
    let store = AnyStore::connect(url).await.unwrap();
    let store_for_cases = store.clone();
    let applicant = pki.subject("individual-valid").unwrap().entry.holder.clone();
    let hash = reglament_web::auth::password::hash(PASSWORD).unwrap();
    let name = format!("{} {}", applicant.surname, applicant.given);
    store
        .put_account(&Account { iin: applicant.iin.clone(), name, password_hash: Some(hash), created_at: Utc::now() })
        .await
        .unwrap();
    for (id, role) in
        [("moj-executor", "executor"), ("moj-head", "authorised-person"), ("provider-official", "quality-control")]
    {
        let holder = &pki.subject(id).unwrap().entry.holder;
        let member = StaffMember {
            iin: holder.iin.clone(),
            provider_bin: holder.organisation.clone().unwrap().1,
            role: role.to_owned(),
            name: format!("{} {}", holder.surname, holder.given),
        };
        store.put_staff(&member).await.unwrap();
    }
    let mut signers = Vec::new();
    for (who, id) in [
        ("applicant", "individual-valid"),
        ("executor", "moj-executor"),
        ("head", "moj-head"),
        ("quality", "provider-official"),
    ] {
        let listener = bind_ncalayer(0).await.unwrap();
        signers.push((who, format!("ws://127.0.0.1:{}", listener.local_addr().unwrap().port())));
        tokio::spawn(serve_ncalayer(listener, NcaLayer::new(key(id))));
    }
    let platform = key("platform-gateway");
    let trust = pki.trust().unwrap();
    tokio::spawn(reglament_sandbox::serve(
        sandbox_listener,
        Sandbox::new().with_pki(pki).requiring_envelopes(),
        std::future::pending(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store, &reglament_testkit::regulation_files()).unwrap().with_trust(trust).with_runtime(
        runtime(&store_for_cases, &gateway, &platform),
        Some(gateway.clone()),
        base.clone(),
    );
    let state = state.with_fixed_now(fixed_now());
    tokio::spawn(async move { reglament_web::serve(listener, state).await });
    (base, Stand { signers, worker: runtime(&store_for_cases, &gateway, &platform) })
}

impl Portal<'_> {
    /// Points the page's NCALayer client(s) at `signer` (each person has NCALayer on their own
    /// computer; here each has a signer on its own port).
    fn use_signer(&self, signer: &str) {
        self.browser
            .execute(
                "document.querySelectorAll('[data-ncalayer]').forEach(e => { e.dataset.ncalayer = arguments[0]; });",
                &[json!(signer)],
            )
            .unwrap();
    }

    fn sign_out(&self, shot: &str) {
        self.click("header form[action$='/sign-out'] button", "header a[href$='/sign-in']", shot);
    }

    /// Signs in at the office with `signer`'s key; lands in the inbox.
    fn office_sign_in(&self, signer: &str, shot: &str) {
        self.visit("/ru/office/sign-in", &format!("{shot}-sign-in"));
        self.use_signer(signer);
        self.click("#key-sign-in button[type=submit]", "#inbox, main p", shot);
    }
}

/// A file to attach: a small PDF written under the target directory.
fn attachment(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("reglament-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, b"%PDF-1.7\n% a test attachment\n").unwrap();
    path.display().to_string()
}

/// Runs `story` on a stand over a fresh store of every backend.
fn with_stand(test: &str, story: impl Fn(&Portal<'_>, &Stand)) {
    if !Browser::check().unwrap() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    for store in runtime.block_on(fresh_stores()).unwrap() {
        let backend = store.url.split(':').next().unwrap().to_owned();
        let (base, stand) = runtime.block_on(stand(&store.url));
        let browser = Browser::start(&format!("{test}-{backend}")).unwrap();
        story(&Portal { browser: &browser, runtime: &runtime, base }, &stand);
        drop(browser);
        runtime.block_on(store.finish()).unwrap();
    }
}

#[test]
fn an_applicant_files_pays_and_signs_and_the_officials_grant_the_licence() {
    with_stand("licence", |portal, stand| {
        portal.applicant_sign_in("cabinet-empty");
        portal.visit("/ru/services", "catalogue");
        portal.click("a[href='/ru/services/forensic-licence/issuance-portal']", "#fee", "service");
        assert!(portal.text("#fee").contains("25 950,00"), "6 MCI of 2026");
        let id = portal.file_licence(stand, "filed");
        assert_eq!(portal.text("#case-status"), "Открыто");
        reglament_testkit::done(
            portal
                .runtime
                .block_on(stand.worker.run_jobs("w", fixed_now() + chrono::TimeDelta::seconds(1), 50))
                .unwrap(),
        );
        portal.sign_out("signed-out");

        portal.office_sign_in(stand.signer("executor"), "executor-inbox");
        portal.click(&format!("#inbox a[href$='/office/cases/{id}']"), "#evidence", "case-file");
        assert_eq!(portal.browser.find_all("#evidence .seal .valid").unwrap().len(), 5, "every answer's seal checked");
        // The actions update the case file in place (htmx): the page is not reloaded.
        portal.browser.execute("window.sameDocument = true;", &[]).unwrap();
        portal.click("#complete-completeness", "#complete-review", "completeness-done");
        assert_eq!(portal.browser.execute("return window.sameDocument === true;", &[]).unwrap(), json!(true));
        portal.click("#complete-review", "#case-status", "review-done");
        assert!(
            portal.browser.find_all("#sign-sign-licence").unwrap().is_empty(),
            "the executor is not offered the head's step"
        );
        portal.sign_out("executor-out");

        portal.office_sign_in(stand.signer("head"), "head-inbox");
        portal.click(&format!("#inbox a[href$='/office/cases/{id}']"), "#sign-sign-licence", "head-case-file");
        portal.use_signer(stand.signer("head"));
        portal.click("#sign-sign-licence", "#case-status", "licence-signed");
        assert_eq!(portal.text("#case-status"), "Результат оказан");
        portal.sign_out("head-out");

        portal.applicant_sign_in("cabinet");
        portal.visit(&format!("/kk/cabinet/{id}"), "result-kk");
        assert_eq!(portal.text("#case-status"), "Нәтиже берілді");
        // The licence itself, in Kazakh, and its public page (the QR code's target) re-checked.
        assert!(portal.text("#documents .rendition h1").contains("лицензия"), "{}", portal.text("#documents"));
        portal.click("#documents a[href^='/kk/registry/']", "#verdict", "registry-entry");
        assert!(portal.browser.find_all("#verdict .valid").unwrap().len() == 1, "{}", portal.text("#verdict"));
        assert_eq!(portal.text("#holder-iin"), "123456789011");
    });
}

impl Portal<'_> {
    /// Signs the applicant in with the password; lands in the cabinet.
    fn applicant_sign_in(&self, shot: &str) {
        self.visit("/ru/sign-in", &format!("{shot}-form"));
        self.find("#iin").type_text("123456789011").unwrap();
        self.find("#password").type_text(PASSWORD).unwrap();
        self.click("form[action$='/sign-in'] button[type=submit]", "h1", shot);
    }

    /// Files the forensic-expert licence through the form, the gateway's page and the signature;
    /// the case id.
    fn file_licence(&self, stand: &Stand, shot: &str) -> String {
        self.visit("/ru/services/forensic-licence/issuance-portal", &format!("{shot}-service"));
        self.find("#file-application-issuance").type_text(&attachment("application.pdf")).unwrap();
        self.find("#file-qualification-form").type_text(&attachment("qualification.pdf")).unwrap();
        self.click("#save-application", "#payment-status", &format!("{shot}-application"));
        self.click("#pay", "#amount", &format!("{shot}-checkout"));
        self.click("#pay", "#payment-status.valid", &format!("{shot}-paid"));
        self.use_signer(stand.signer("applicant"));
        self.click("#sign-submit", "#case-status", shot);
        self.path().rsplit('/').next().unwrap().to_owned()
    }
}

#[test]
fn a_refusal_goes_through_the_hearing_and_the_objection_and_the_applicant_complains() {
    with_stand("refusal", |portal, stand| {
        portal.applicant_sign_in("cabinet");
        let id = portal.file_licence(stand, "filed");
        portal.sign_out("applicant-out");

        portal.office_sign_in(stand.signer("executor"), "executor-inbox");
        portal.visit(&format!("/ru/office/cases/{id}"), "case-file");
        portal.click("#complete-completeness", "#case-status", "completeness-done");
        portal.find("input[name=ground][value=requirements-not-met]").click().unwrap();
        portal.click("#propose-refusal-review", "#notify-hearing", "refusal-proposed");
        portal.click("#notify-hearing", "#hearing-negative", "hearing-notified");
        portal.sign_out("executor-out");

        portal.applicant_sign_in("cabinet-again");
        portal.visit(&format!("/ru/cabinet/{id}"), "hearing-notice");
        assert!(portal.text("#hearing").contains("Несоответствие квалификационным требованиям"));
        portal.find("#objection").type_text("Диплом эксперта приложен повторно").unwrap();
        portal.click("#send-objection", "#hearing", "objection-sent");
        assert!(portal.text("#hearing").contains("Диплом эксперта приложен повторно"));
        portal.sign_out("applicant-out-again");

        portal.office_sign_in(stand.signer("executor"), "executor-inbox-again");
        portal.visit(&format!("/ru/office/cases/{id}"), "objection-in-case-file");
        assert!(portal.find("#course rect.span[data-span=completeness] title").text().is_ok());
        assert!(portal.text("#objection").contains("Диплом эксперта приложен повторно"));
        portal.click("#hearing-negative", "#case-status", "hearing-negative");
        portal.sign_out("executor-out-again");

        portal.office_sign_in(stand.signer("head"), "head-inbox");
        portal.visit(&format!("/ru/office/cases/{id}"), "head-case-file");
        portal.use_signer(stand.signer("head"));
        portal.click("#sign-sign-refusal", "#case-status", "refusal-signed");
        assert_eq!(portal.text("#case-status"), "Мотивированный отказ");
        portal.sign_out("head-out");

        portal.applicant_sign_in("cabinet-last");
        portal.visit(&format!("/kk/cabinet/{id}"), "refusal-kk");
        assert_eq!(portal.text("#case-status"), "Дәлелді бас тарту");
        portal.click("#complain", "#complaint", "complaint-filed");
        assert_eq!(portal.text("#complaint"), "Шағым берілді");
        portal.sign_out("applicant-out-last");

        // The quality-control body's report on the month: the refusal decided in time, drawn.
        portal.office_sign_in(stand.signer("quality"), "quality-sign-in");
        portal.visit("/ru/quality", "quality");
        portal.click("#to-report", "#chart", "quality-report");
        assert!(portal.find("#chart svg rect title").text().is_ok());
        assert!(portal.text("#report").contains("Заявления"), "{}", portal.text("#report"));
    });
}
