//! CMS signatures made with the RSA test keys of the fixtures (see `cms/README.md`) verify;
//! signatures by a revoked, an expired, a wrong-IIN and an untrusted certificate are each refused
//! with their own error; a changed content or byte fails with a clear reason.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::{Certificate, Crl, Status, Trust, UnknownStatus, check_signer, verify_cms};
use reglament_testkit::Mutations;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{path}")).unwrap()
}

fn trust() -> Trust {
    let mut t = Trust::new(vec![Certificate::parse(&read("nca/ca/nca_rsa_test.crt")).unwrap()]);
    t.add_crl(Crl::parse(&read("nca/crl/nca_rsa_test.crl")).unwrap());
    t
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn check(file: &str, detached: Option<&[u8]>, when: &str) -> Result<reglament_pki::Signed, reglament_pki::PkiError> {
    verify_cms(&read(file), detached, &trust(), at(when), UnknownStatus::Refuse)
}

#[test]
fn valid_attached_and_detached_signatures_verify() {
    let content = read("cms/application.txt");
    for (file, detached) in
        [("cms/attached_valid_rsa.p7s", None), ("cms/detached_valid_rsa.p7s", Some(content.as_slice()))]
    {
        let signed = check(file, detached, "2021-06-01T00:00:00Z").unwrap();
        assert_eq!(signed.content, content, "{file}");
        let first = &signed.signers[0];
        assert_eq!((first.subject.iin.as_deref(), first.status), (Some("123456789011"), Status::Good));
        assert_eq!(first.chain.len(), 2);
        assert!(first.signing_time.is_some());
        check_signer(first, "123456789011", None).unwrap();
    }
}

#[test]
fn each_kind_of_bad_signature_is_refused_with_its_own_error() {
    let wrong_content = b"another application".to_vec();
    let cases: [(&str, Option<&[u8]>, &str, &str); 5] = [
        ("cms/attached_revoked_rsa.p7s", None, "2022-06-01T00:00:00Z", "pki.revoked"),
        ("cms/attached_valid_rsa.p7s", None, "2022-06-01T00:00:00Z", "pki.expired"),
        ("cms/attached_untrusted_rsa.p7s", None, "2027-01-01T00:00:00Z", "pki.untrusted_issuer"),
        ("cms/detached_valid_rsa.p7s", Some(&wrong_content), "2021-06-01T00:00:00Z", "pki.bad_signature"),
        // Both certificates are valid on 18 January 2022 at 10:00; the second was revoked at 04:40.
        ("cms/attached_two_signers.p7s", None, "2022-01-18T10:00:00Z", "pki.revoked"),
    ];
    for (file, detached, when, code) in cases {
        let err = check(file, detached, when).unwrap_err();
        assert_eq!(err.code(), code, "{file}: {err}");
    }
    let signed = check("cms/attached_valid_rsa.p7s", None, "2021-06-01T00:00:00Z").unwrap();
    let err = check_signer(&signed.signers[0], "871008401427", None).unwrap_err();
    assert_eq!(err.code(), "pki.wrong_signer");
    assert!(err.to_string().contains("IIN 123456789011"), "{err}");
}

#[test]
fn a_changed_byte_is_detected_or_refused_as_unreadable() {
    let bytes = read("cms/attached_valid_rsa.p7s");
    let content = read("cms/application.txt");
    let trust = trust();
    let mut mutations = Mutations::new(0x2545_F491_4F6C_DD1D);
    let mut refused = 0;
    for _ in 0..120 {
        let mut m = bytes.clone();
        let (i, _) = mutations.pick(m.len());
        m[i] ^= 0x01;
        // A change is refused, or it lies outside what is signed and the content is the same.
        match verify_cms(&m, None, &trust, at("2021-06-01T00:00:00Z"), UnknownStatus::Refuse) {
            Ok(signed) => assert_eq!(signed.content, content, "byte {i}"),
            Err(_) => refused += 1,
        }
    }
    assert!(refused > 100, "only {refused} of 120 changed bytes were refused");
}
