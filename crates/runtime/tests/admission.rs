//! The portal's admission of a signed application: an NCA signature by the applicant is
//! admitted; a signature by someone else, by a revoked certificate or over changed content is
//! refused with the act's own message and clause, and the failed check's code.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_calendar::Calendar;
use reglament_domain::{IdPolicy, Iin, Language};
use reglament_pki::{Trust, UnknownStatus};
use reglament_runtime::{Expected, Runtime, RuntimeError, SignedApplication};
use reglament_store::testing::fresh_sqlite;

const CMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/tests/cms/");

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{CMS}{name}")).unwrap()
}

#[tokio::test]
async fn signatures_are_admitted_or_refused_with_the_acts_message() {
    let t = fresh_sqlite().await.unwrap();
    let acts = reglament_testkit::acts();
    let rt = Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap())
        .unwrap()
        .with_providers(reglament_runtime::Providers::test_stand("960240000025".parse().unwrap()));
    let trust = Trust::nca_test().unwrap();
    let test_iin = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, "123456789011").unwrap();
    let other_iin = "871008401427".parse().unwrap();
    let expected = |applicant| Expected { applicant, entity: None, trust: &trust, unknown: UnknownStatus::Refuse };
    let application = file("application.txt");
    let changed = b"another application".to_vec();
    let cases: [(&str, &str, SignedApplication<'_>, _, Option<&str>); 4] = [
        (
            "2021-12-01T10:00:00+05:00",
            "attached_valid_rsa.p7s",
            SignedApplication::Cms { signature: &file("attached_valid_rsa.p7s"), content: None },
            &test_iin,
            None,
        ),
        (
            "2021-12-01T10:00:00+05:00",
            "detached_valid_rsa.p7s",
            SignedApplication::Cms { signature: &file("detached_valid_rsa.p7s"), content: Some(&application) },
            &other_iin,
            Some("pki.wrong_signer"),
        ),
        (
            "2021-12-01T10:00:00+05:00",
            "detached_valid_rsa.p7s",
            SignedApplication::Cms { signature: &file("detached_valid_rsa.p7s"), content: Some(&changed) },
            &test_iin,
            Some("pki.bad_signature"),
        ),
        (
            "2022-06-01T10:00:00+05:00",
            "attached_revoked_rsa.p7s",
            SignedApplication::Cms { signature: &file("attached_revoked_rsa.p7s"), content: None },
            &test_iin,
            Some("pki.revoked"),
        ),
    ];
    for (when, name, signed, applicant, refusal) in cases {
        let at: DateTime<Utc> = DateTime::parse_from_rfc3339(when).unwrap().into();
        let result = rt.admit("forensic-licence", "issuance-portal", at, signed, expected(applicant));
        match (result, refusal) {
            (Ok(signer), None) => assert_eq!(signer.subject.iin.as_deref(), Some("123456789011"), "{name}"),
            (Err(RuntimeError::Refused(refusal)), Some(code)) => {
                assert_eq!(refusal.reason.code(), code, "{name}: {refusal}");
                assert_eq!(refusal.cite.as_deref(), Some("moj-754-2021#app1/p10/sp1)"), "{name}");
                let message = refusal.message.as_ref().unwrap();
                assert_eq!(message.get(Language::Ru), "ЭЦП недействительна: заявление не принято");
                assert_eq!(message.get(Language::Kk), "ЭЦҚ жарамсыз: өтініш қабылданбады");
            }
            (other, _) => panic!("{name}: {other:?}"),
        }
    }
}

/// An authentication certificate signs in; it does not sign an application (the NCA's signing
/// policy: a signing key has non-repudiation). The same holder's signing key is admitted.
#[tokio::test]
async fn an_authentication_certificate_cannot_sign_an_application() {
    let t = fresh_sqlite().await.unwrap();
    let acts = reglament_testkit::acts();
    let rt = Runtime::new(t.store.clone(), acts, &Calendar::builtin().unwrap()).unwrap();
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+05:00").unwrap().into();
    let pki = reglament_pki::issue::TestPki::generate(at - chrono::TimeDelta::hours(1), "http://127.0.0.1:9").unwrap();
    let trust = pki.trust().unwrap();
    let applicant = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, "123456789011").unwrap();
    let text = b"Reglament application\nid: A-1\n";
    for (id, refusal) in [("individual-auth", Some("pki.not_signing_key")), ("individual-valid", None)] {
        let key = pki.subject(id).unwrap().signing_key(pki.ca.certificate()).unwrap();
        let signature = reglament_pki::sign_cms(text, &key, at, true).unwrap();
        let signed = SignedApplication::Cms { signature: &signature, content: Some(text) };
        let expected = Expected { applicant: &applicant, entity: None, trust: &trust, unknown: UnknownStatus::Accept };
        match (rt.admit("forensic-licence", "issuance-portal", at, signed, expected), refusal) {
            (Ok(_), None) => {}
            (Err(RuntimeError::Refused(r)), Some(code)) => assert_eq!(r.reason.code(), code, "{id}"),
            (other, _) => panic!("{id}: {other:?}"),
        }
    }
}
