//! The development PKI (`reglament_pki::issue`): every certificate of the roster reads back in
//! the NCA profile (IIN, BIN, roles, signing or authentication); trust in the CA with its CRL
//! finds the valid ones good, the revoked one `pki.revoked` and the expired one `pki.expired`;
//! a result signed by the provider's official verifies; OCSP responses of the CA verify and say
//! good, revoked or "not issued" as the roster says.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, TimeDelta, Utc};
use reglament_domain::{Bin, IdPolicy, Iin};
use reglament_pki::issue::{Holder, IssuedKey, Standing, TestPki, Usage, roster};
use reglament_pki::{
    CertIdHash, CertStatus, Certificate, Crl, OcspOptions, OcspRequest, OcspResponse, PkiError, ResponseStatus,
    RevocationReason, Role, Status, Trust, UnknownStatus, check_signer, sign_cms, verify_cms,
};

const BASE: &str = "http://127.0.0.1:8081";

fn at() -> DateTime<Utc> {
    "2026-03-02T06:00:00Z".parse().unwrap()
}

fn pki() -> TestPki {
    TestPki::generate(at(), BASE).unwrap()
}

/// One expected line of the roster: id, IIN, BIN, roles, signing, standing.
type Line = (&'static str, &'static str, Option<&'static str>, &'static [Role], bool, Standing);

/// The roster as the tests expect it.
const EXPECTED: &[Line] = &[
    ("individual-valid", "123456789011", None, &[Role::Individual], true, Standing::Valid),
    ("individual-auth", "123456789011", None, &[Role::Individual], false, Standing::Valid),
    ("individual-expired", "123456789012", None, &[Role::Individual], true, Standing::Expired),
    ("individual-revoked", "850312300121", None, &[Role::Individual], true, Standing::Revoked),
    ("entity-head", "750901300451", Some("123456789021"), &[Role::LegalEntity, Role::FirstHead], true, Standing::Valid),
    (
        "entity-employee",
        "880425400782",
        Some("123456789021"),
        &[Role::LegalEntity, Role::Employee],
        true,
        Standing::Valid,
    ),
    (
        "provider-official",
        "831228400676",
        Some("010340600017"),
        &[Role::LegalEntity, Role::RightOfSignature],
        true,
        Standing::Valid,
    ),
    (
        "platform-gateway",
        "910711300540",
        Some("240540008715"),
        &[Role::LegalEntity, Role::RightOfSignature],
        true,
        Standing::Valid,
    ),
    ("moj-executor", "890315300125", Some("960240000025"), &[Role::LegalEntity, Role::Employee], true, Standing::Valid),
    (
        "moj-head",
        "720621400330",
        Some("960240000025"),
        &[Role::LegalEntity, Role::RightOfSignature],
        true,
        Standing::Valid,
    ),
    (
        "moj-registrar",
        "941108400517",
        Some("960240000025"),
        &[Role::LegalEntity, Role::Employee],
        true,
        Standing::Valid,
    ),
];

#[test]
fn every_certificate_reads_back_in_the_nca_profile() {
    let pki = pki();
    assert_eq!(pki.subjects.len(), EXPECTED.len());
    let ca = pki.ca.certificate();
    assert_eq!(ca.subject().common_name.as_deref(), Some(reglament_pki::issue::CA_NAME));
    assert_eq!(ca.subject().country.as_deref(), Some("KZ"));
    for (subject, &(id, iin, bin, roles, signing, standing)) in pki.subjects.iter().zip(EXPECTED) {
        assert_eq!(subject.entry.id, id);
        assert_eq!(subject.entry.standing, standing, "{id}");
        // Reparse from the DER, as a relying party would.
        let cert = Certificate::parse(subject.certificate.der()).unwrap();
        let s = cert.subject();
        assert_eq!(s.iin.as_deref(), Some(iin), "{id}");
        assert_eq!(s.bin.as_deref(), bin, "{id}");
        assert_eq!(s.country.as_deref(), Some("KZ"), "{id}");
        assert_eq!(s.common_name, Some(subject.entry.holder.common_name()), "{id}");
        assert_eq!(s.surname.as_deref(), Some(subject.entry.holder.surname.as_str()), "{id}");
        assert_eq!(s.patronymic, subject.entry.holder.patronymic, "{id}");
        assert_eq!(s.organisation.is_some(), bin.is_some(), "{id}");
        assert_eq!(cert.roles(), roles, "{id}");
        assert_eq!(cert.is_signing(), signing, "{id}");
        assert_eq!(cert.key_usage().2, !signing, "{id}: key encipherment only for authentication");
        assert_eq!(cert.issuer_der().unwrap(), ca.subject_der().unwrap(), "{id}");
        assert!(cert.subject_key_id().is_some(), "{id}");
        // Every number is one our domain accepts under the test-number policy.
        Iin::parse_with(IdPolicy::AllowNcaTestNumbers, iin).unwrap();
        if let Some(bin) = bin {
            Bin::parse_with(IdPolicy::AllowNcaTestNumbers, bin).unwrap();
        }
        // The distribution points name the base URL.
        let der = cert.der();
        for url in ["http://127.0.0.1:8081/ca.crl", "http://127.0.0.1:8081/ocsp", "http://127.0.0.1:8081/ca.cer"] {
            assert!(der.windows(url.len()).any(|w| w == url.as_bytes()), "{id}: {url}");
        }
    }
    let serials: std::collections::BTreeSet<_> = pki.subjects.iter().map(|s| s.certificate.serial()).collect();
    assert_eq!(serials.len(), EXPECTED.len(), "serial numbers are distinct");
    // The roster of the library is the roster printed.
    assert_eq!(roster().len(), EXPECTED.len());
}

#[test]
fn trust_with_the_crl_gives_each_standing_its_verdict() {
    let pki = pki();
    let trust = pki.trust().unwrap();
    let crl = Crl::parse(&pki.crl).unwrap();
    crl.verify(pki.ca.certificate()).unwrap();
    assert_eq!(crl.len(), 1);
    assert!(crl.is_fresh(at() + TimeDelta::days(300)));
    for subject in &pki.subjects {
        let verdict = trust.verify(&subject.certificate, at(), UnknownStatus::Refuse);
        match subject.entry.standing {
            Standing::Valid => {
                let verdict = verdict.unwrap();
                assert_eq!(verdict.status, Status::Good, "{}", subject.entry.id);
                assert_eq!(verdict.chain.len(), 2);
            }
            Standing::Expired => assert_eq!(verdict.unwrap_err().code(), "pki.expired", "{}", subject.entry.id),
            Standing::Revoked => {
                let err = verdict.unwrap_err();
                assert_eq!(err.code(), "pki.revoked");
                assert!(matches!(err, PkiError::Revoked { since, .. } if since == at() - TimeDelta::days(10)));
                // Before its revocation it was good.
                let before = trust.verify(&subject.certificate, at() - TimeDelta::days(20), UnknownStatus::Refuse);
                assert_eq!(before.unwrap().status, Status::Good);
            }
        }
    }
    // Without the CRL the status is unknown, and another run's CA is not trusted.
    let bare = Trust::new(vec![pki.ca.certificate().clone()]);
    let valid = &pki.subject("individual-valid").unwrap().certificate;
    assert_eq!(bare.verify(valid, at(), UnknownStatus::Refuse).unwrap_err().code(), "pki.unknown_status");
    let other = TestPki::generate(at(), BASE).unwrap().trust().unwrap();
    assert_eq!(other.verify(valid, at(), UnknownStatus::Refuse).unwrap_err().code(), "pki.untrusted_issuer");
}

#[test]
fn a_result_signed_by_the_official_verifies() {
    let pki = pki();
    let trust = pki.trust().unwrap();
    let content = "Результат оказания услуги / Қызмет көрсету нәтижесі\n".as_bytes();
    let official = pki.subject("provider-official").unwrap();
    let key = official.signing_key(pki.ca.certificate()).unwrap();
    for detached in [false, true] {
        let der = sign_cms(content, &key, at(), detached).unwrap();
        let signed = verify_cms(&der, detached.then_some(content), &trust, at(), UnknownStatus::Refuse).unwrap();
        assert_eq!(signed.content, content);
        let first = &signed.signers[0];
        assert_eq!(first.subject.iin.as_deref(), Some("831228400676"));
        assert_eq!(first.subject.bin.as_deref(), Some("010340600017"));
        assert_eq!(first.status, Status::Good);
    }
    // An applicant's signature binds to the applicant; the revoked one's signature is refused.
    let head = pki.subject("entity-head").unwrap();
    let der = sign_cms(content, &head.signing_key(pki.ca.certificate()).unwrap(), at(), false).unwrap();
    let signed = verify_cms(&der, None, &trust, at(), UnknownStatus::Refuse).unwrap();
    check_signer(&signed.signers[0], "750901300451", Some("123456789021")).unwrap();
    // The employee has no right to sign for the entity.
    let employee = pki.subject("entity-employee").unwrap();
    let der = sign_cms(content, &employee.signing_key(pki.ca.certificate()).unwrap(), at(), false).unwrap();
    let signed = verify_cms(&der, None, &trust, at(), UnknownStatus::Refuse).unwrap();
    let err = check_signer(&signed.signers[0], "880425400782", Some("123456789021")).unwrap_err();
    assert_eq!(err.code(), "pki.wrong_signer");
    let revoked = pki.subject("individual-revoked").unwrap();
    let der = sign_cms(content, &revoked.signing_key(pki.ca.certificate()).unwrap(), at(), false).unwrap();
    let err = verify_cms(&der, None, &trust, at(), UnknownStatus::Refuse).unwrap_err();
    assert_eq!(err.code(), "pki.revoked");
}

#[test]
fn ocsp_responses_of_the_ca_verify_and_follow_the_roster() {
    let pki = pki();
    let ca = pki.ca.certificate();
    let produced = at() + TimeDelta::minutes(1);
    for subject in &pki.subjects {
        for (hash, nonce) in [(CertIdHash::Sha256, Some(&b"0123456789abcdef"[..])), (CertIdHash::Sha1, None)] {
            let request = OcspRequest::new(&subject.certificate, ca, hash, nonce).unwrap();
            let der = pki.respond(&request, produced).unwrap();
            let response = OcspResponse::parse(&der).unwrap();
            assert_eq!(response.status(), ResponseStatus::Successful);
            assert_eq!(response.produced_at(), Some(produced));
            assert_eq!(response.nonce(), nonce);
            let trust = Trust::new(vec![ca.clone()]);
            let verified = trust.verify_ocsp(&response, produced, &OcspOptions::for_request(&request)).unwrap();
            let single = verified.status_of(&subject.certificate, ca).unwrap();
            match subject.entry.standing {
                Standing::Revoked => assert_eq!(
                    single.status,
                    CertStatus::Revoked {
                        since: at() - TimeDelta::days(10),
                        reason: Some(RevocationReason::KeyCompromise)
                    }
                ),
                Standing::Valid | Standing::Expired => assert_eq!(single.status, CertStatus::Good),
            }
            // With OCSP alone (no CRL) the verdicts are those of the CRL.
            let mut trust = trust;
            trust.add_ocsp(verified);
            let verdict = trust.verify(&subject.certificate, produced, UnknownStatus::Refuse);
            let code = verdict.as_ref().err().map(PkiError::code);
            let expected = match subject.entry.standing {
                Standing::Valid => None,
                Standing::Expired => Some("pki.expired"),
                Standing::Revoked => Some("pki.revoked"),
            };
            assert_eq!(code, expected, "{}", subject.entry.id);
        }
    }
}

#[test]
fn ocsp_says_not_issued_for_a_forged_serial_and_unknown_for_a_foreign_issuer() {
    let pki = pki();
    let ca = pki.ca.certificate();
    // A certificate under this CA's name and key that the CA never recorded.
    let key = IssuedKey::generate().unwrap();
    let holder = Holder {
        surname: "ПОДДЕЛКИН".into(),
        given: "ИВАН".into(),
        patronymic: None,
        iin: "910517300893".into(),
        organisation: None,
        roles: vec![Role::Individual],
        usage: Usage::Signing,
    };
    let forged = pki.ca.issue(&holder, &key, 0x0BAD, at() - TimeDelta::days(1), at() + TimeDelta::days(1)).unwrap();
    let request = OcspRequest::new(&forged, ca, CertIdHash::Sha256, None).unwrap();
    let response = OcspResponse::parse(&pki.respond(&request, at()).unwrap()).unwrap();
    let mut trust = Trust::new(vec![ca.clone()]);
    trust.add_ocsp(trust.verify_ocsp(&response, at(), &OcspOptions::default()).unwrap());
    assert_eq!(trust.verify(&forged, at(), UnknownStatus::Refuse).unwrap_err().code(), "pki.not_issued");

    // Another CA's certificate: the answer is `unknown`, which is no answer for that issuer.
    let other = TestPki::generate(at(), BASE).unwrap();
    let theirs = &other.subject("individual-valid").unwrap().certificate;
    let request = OcspRequest::new(theirs, other.ca.certificate(), CertIdHash::Sha256, None).unwrap();
    let response = OcspResponse::parse(&pki.respond(&request, at()).unwrap()).unwrap();
    assert_eq!(response.responses()[0].status, CertStatus::Unknown);
    // Signed by the wrong CA for the issuer asked about.
    let err = response.verify(other.ca.certificate(), at(), &OcspOptions::default()).unwrap_err();
    assert_eq!(err.code(), "pki.bad_signature");

    // A recorded response (with nextUpdate) speaks for 30 days.
    let revoked = pki.subject("individual-revoked").unwrap();
    let recorded = OcspResponse::parse(&pki.recorded_ocsp(revoked).unwrap()).unwrap();
    assert_eq!(recorded.responses()[0].next_update, Some(at() + TimeDelta::days(30)));
    let later = at() + TimeDelta::days(29);
    let mut trust = Trust::new(vec![ca.clone()]);
    trust.add_ocsp(trust.verify_ocsp(&recorded, later, &OcspOptions::default()).unwrap());
    let err = trust.verify(&revoked.certificate, later, UnknownStatus::Refuse).unwrap_err();
    assert_eq!(err.code(), "pki.revoked");
    let stale = trust.verify_ocsp(&recorded, at() + TimeDelta::days(31), &OcspOptions::default());
    assert_eq!(stale.unwrap_err().code(), "pki.ocsp_stale");

    // Bytes that are no request get malformedRequest.
    let der = pki.ca.respond_to_der(b"not a request", &pki.issued, at()).unwrap();
    assert_eq!(OcspResponse::parse(&der).unwrap().status(), ResponseStatus::MalformedRequest);
}

#[test]
fn keys_are_fresh_and_usable_from_pkcs8() {
    let first = pki();
    let again = pki();
    let a = &first.subject("individual-valid").unwrap();
    let b = &again.subject("individual-valid").unwrap();
    assert_ne!(a.key.pkcs8_der(), b.key.pkcs8_der());
    assert_eq!(a.certificate.serial(), b.certificate.serial());
    // The PEM of a certificate reads back.
    let pem = reglament_pki::issue::pem("CERTIFICATE", a.certificate.der());
    assert_eq!(Certificate::parse(pem.as_bytes()).unwrap().der(), a.certificate.der());
    // A key does not pair with another's certificate.
    let wrong = reglament_pki::SoftwareKey::from_pkcs8(a.key.pkcs8_der(), b.certificate.clone(), vec![]);
    assert_eq!(wrong.unwrap_err().code(), "pki.key_store");
}

#[test]
fn key_stores_open_with_their_password_and_sign() {
    let pki = pki();
    let ca = pki.ca.certificate();
    let official = pki.subject("provider-official").unwrap();
    let store = official.pkcs12(ca, reglament_pki::issue::PASSWORD).unwrap();
    let key = reglament_pki::SoftwareKey::from_pkcs12(&store, "Qwerty12").unwrap();
    assert_eq!(reglament_pki::SigningKey::certificate(&key).der(), official.certificate.der());
    assert_eq!(reglament_pki::SigningKey::chain(&key)[0].der(), ca.der());
    let der = sign_cms(b"result", &key, at(), false).unwrap();
    let signed = verify_cms(&der, None, &pki.trust().unwrap(), at(), UnknownStatus::Refuse).unwrap();
    assert_eq!(signed.signers[0].subject.iin.as_deref(), Some("831228400676"));
    let wrong = reglament_pki::SoftwareKey::from_pkcs12(&store, "qwerty12").unwrap_err();
    assert_eq!(wrong.code(), "pki.key_store");
}
