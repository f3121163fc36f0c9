//! The signature algorithms beside RSA: an ECDSA P-256 CMS signature made with OpenSSL (see
//! `cms/README.md`) verifies against its test CA and any changed signature or content byte is
//! refused; the GOST R 34.10-2015 512-bit certificate of the XAdES fixture verifies against the
//! NCA GOST 2015 test CA and a one-bit change of its signature or of its signed part fails.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::{Certificate, Status, Trust, UnknownStatus, check_signer, oid, verify_certificate, verify_cms};
use reglament_testkit::Mutations;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{path}")).unwrap()
}

fn cert(path: &str) -> Certificate {
    Certificate::parse(&read(path)).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn ecdsa_trust() -> Trust {
    Trust::new(vec![cert("cms/ecdsa_ca.pem")])
}

/// The fixtures' certificates were issued on 22 November 2026 for ten years.
const ECDSA_AT: &str = "2027-06-01T00:00:00Z";

#[test]
fn an_ecdsa_p256_cms_signature_verifies() {
    let signed =
        verify_cms(&read("cms/attached_valid_ecdsa.p7s"), None, &ecdsa_trust(), at(ECDSA_AT), UnknownStatus::Accept)
            .unwrap();
    assert_eq!(signed.content, read("cms/application.txt"));
    let first = &signed.signers[0];
    assert_eq!(first.subject.iin.as_deref(), Some("123456789011"));
    assert_eq!(first.status, Status::Unknown, "no CRL is configured");
    assert_eq!(first.chain.len(), 2);
    check_signer(first, "123456789011", None).unwrap();
    // Without a revocation source the default policy refuses.
    let err =
        verify_cms(&read("cms/attached_valid_ecdsa.p7s"), None, &ecdsa_trust(), at(ECDSA_AT), UnknownStatus::Refuse)
            .unwrap_err();
    assert_eq!(err.code(), "pki.unknown_status", "{err}");
}

#[test]
fn the_ecdsa_leaf_is_signed_by_its_ca_and_its_key_is_p256() {
    let leaf = cert("cms/ecdsa_leaf.pem");
    let ca = cert("cms/ecdsa_ca.pem");
    assert_eq!(leaf.signature_algorithm(), oid::ECDSA_SHA256);
    let (algorithm, curve, key) = leaf.public_key();
    assert_eq!((algorithm, curve, key.len()), (oid::EC_PUBLIC_KEY, Some(oid::PRIME256V1), 65));
    verify_certificate(&leaf, &ca).unwrap();
    verify_certificate(&ca, &ca).unwrap();
    assert_eq!(verify_certificate(&ca, &leaf).unwrap_err().code(), "pki.bad_signature");
}

#[test]
fn a_changed_ecdsa_signature_or_content_is_refused() {
    let bytes = read("cms/attached_valid_ecdsa.p7s");
    let check = |m: &[u8]| verify_cms(m, None, &ecdsa_trust(), at(ECDSA_AT), UnknownStatus::Accept);
    // The signature (a DER Ecdsa-Sig-Value) ends the message: change a bit of s.
    let mut m = bytes.clone();
    let last = m.len() - 1;
    m[last] ^= 0x01;
    assert_eq!(check(&m).unwrap_err().code(), "pki.bad_signature");
    // A bit of the attached content: its digest no longer matches the signed one.
    let content = read("cms/application.txt");
    let start = bytes.windows(content.len()).position(|w| w == content.as_slice()).unwrap();
    let mut m = bytes.clone();
    m[start + 3] ^= 0x01;
    assert_eq!(check(&m).unwrap_err().code(), "pki.bad_signature");
    // Other single-bit changes: every outcome but a panic or an acceptance is fine.
    let mut mutations = Mutations::new(0x9E37_79B9_7F4A_7C15);
    for _ in 0..120 {
        let mut m = bytes.clone();
        let (i, seed) = mutations.pick(m.len());
        m[i] ^= 1 << (seed % 8);
        if let Ok(signed) = check(&m) {
            // Only bytes outside the signed data (e.g. unsigned encoding details) may change.
            assert_eq!(signed.content, content, "byte {i}");
        }
    }
}

#[test]
fn the_gost_2015_512_xades_certificate_verifies_against_the_nca_test_ca() {
    let ca = cert("nca/ca/nca_gost2015_test.cer");
    let leaf_der = read("nca/derived/xades_signer_2015_gost.cer");
    let leaf = Certificate::parse(&leaf_der).unwrap();
    assert_eq!(leaf.signature_algorithm(), oid::GOST2015_512_SIGNATURE);
    verify_certificate(&leaf, &ca).unwrap();

    // One bit of the signature (the last byte of the DER is in the signature BIT STRING).
    let der = Certificate::parse(&leaf_der).unwrap().der().to_vec();
    let mut bad = der.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x01;
    let err = verify_certificate(&Certificate::from_der(&bad).unwrap(), &ca).unwrap_err();
    assert_eq!(err.code(), "pki.bad_signature", "{err}");

    // One bit of the signed part: the serial number's last byte.
    let serial = leaf.serial_bytes().to_vec();
    let at = der.windows(serial.len()).position(|w| w == serial.as_slice()).unwrap() + serial.len() - 1;
    let mut bad = der;
    bad[at] ^= 0x01;
    let changed = Certificate::from_der(&bad).unwrap();
    assert_ne!(changed.serial(), leaf.serial());
    assert_eq!(verify_certificate(&changed, &ca).unwrap_err().code(), "pki.bad_signature");
}
