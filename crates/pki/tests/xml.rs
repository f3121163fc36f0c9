//! XML signatures: the XAdES-B fixture NCALayer made with the GOST 2015-512 test key verifies,
//! and a one-byte change in the document, the signed properties or the signature value fails
//! with a reason that names what changed.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::{PkiError, Status, Trust, UnknownStatus, XmlSignature, verify_xml};

const SIGNED: &str = include_str!("nca/xades/xades-test-signed-b.xml");

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn verify(xml: &str) -> Result<Vec<XmlSignature>, PkiError> {
    verify_xml(xml.as_bytes(), &Trust::nca_test().unwrap(), at("2026-09-02T12:00:00Z"), UnknownStatus::Accept)
}

#[test]
fn the_xades_b_fixture_verifies() {
    let signatures = verify(SIGNED).unwrap();
    assert_eq!(signatures.len(), 1);
    let signature = &signatures[0];
    assert!(signature.xades && signature.covers_document());
    assert_eq!(signature.signer.subject.iin.as_deref(), Some("123456789011"));
    assert_eq!(signature.signer.signing_time, Some(at("2026-09-02T10:04:52Z")));
    assert_eq!(signature.signer.chain.len(), 2);
    // The test CA's last CRL is from 2022: the status is unknown, accepted only when asked.
    assert_eq!(signature.signer.status, Status::Unknown);
    let refused =
        verify_xml(SIGNED.as_bytes(), &Trust::nca_test().unwrap(), at("2026-09-02T12:00:00Z"), UnknownStatus::Refuse);
    assert!(refused.is_err());
}

#[test]
fn each_change_fails_with_its_reason() {
    let cases = [
        ("Тестовый документ", "Тестовый докумеnт", "the document was changed after signing"),
        ("<xades:MimeType>text/xml", "<xades:MimeType>text/xmL", "was changed after signing"),
        ("<ds:SignatureValue>VbFM", "<ds:SignatureValue>VbFN", "does not verify"),
        ("2026-09-02T10:04:52Z", "2026-09-02T10:04:53Z", "-signedprops was changed after signing"),
        ("<ds:Signature ", "<!DOCTYPE d [<!ENTITY x 'y'>]><ds:Signature ", "XML cannot be read"),
        ("<ds:SignatureMethod Algorithm=\"urn", "<ds:SignatureMethod Algorithm=\"x-urn", "unsupported algorithm"),
    ];
    for (from, to, reason) in cases {
        assert!(SIGNED.contains(from), "{from}");
        let changed = SIGNED.replacen(from, to, 1);
        let err = verify(&changed).unwrap_err();
        assert!(err.to_string().contains(reason), "{from} → {to}: {err}");
    }
}

#[test]
fn the_signature_is_refused_outside_the_certificate_validity() {
    let err =
        verify_xml(SIGNED.as_bytes(), &Trust::nca_test().unwrap(), at("2027-06-01T00:00:00Z"), UnknownStatus::Accept)
            .unwrap_err();
    assert_eq!(err.code(), "pki.expired");
}
