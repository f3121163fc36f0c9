//! Random and mutated input never panics the parsers or the verification: fixture certificates,
//! CRLs, CMS signatures and the signed XML document, truncated and with bytes flipped at seeded
//! positions. (`fuzz/` holds the `cargo fuzz` targets that explore the same parsers further.)

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::{Certificate, Crl, Trust, UnknownStatus, verify_cms, verify_xml};
use reglament_testkit::Mutations;

const NCA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nca");

#[test]
fn mutated_and_truncated_der_never_panics() {
    let ca = Certificate::parse(&std::fs::read(format!("{NCA}/ca/nca_gost2015_test.cer")).unwrap()).unwrap();
    let trust = Trust::new(vec![ca]);
    let at: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    let files =
        ["ca/nca_gost2015_test.cer", "crl/nca_gost2022_test.crl", "crl/nca_rsa_test.crl", "keys/nca_2015_cert.cer"];
    let mut mutations = Mutations::new(0x9E37_79B9_7F4A_7C15);
    for file in files {
        let bytes = std::fs::read(format!("{NCA}/{file}")).unwrap();
        for cut in (0..bytes.len()).step_by(7) {
            let _ = Certificate::parse(&bytes[..cut]);
            let _ = Crl::parse(&bytes[..cut]);
        }
        for _ in 0..400 {
            let mut m = bytes.clone();
            let (i, seed) = mutations.pick(m.len());
            m[i] ^= u8::try_from(seed >> 56).unwrap() | 1;
            if let Ok(c) = Certificate::parse(&m) {
                let _ = (c.subject(), c.roles(), c.key_usage(), c.validity(), c.public_key());
                let _ = trust.verify(&c, at, UnknownStatus::Accept);
            }
            let _ = Crl::parse(&m).map(|c| (c.len(), c.this_update(), c.next_update()));
        }
    }
    let mut random = vec![0u8; 512];
    for _ in 0..2000 {
        for b in &mut random {
            *b = mutations.draw().to_le_bytes()[0];
        }
        random[0] = 0x30;
        let _ = Certificate::parse(&random);
        let _ = Crl::parse(&random);
    }
}

#[test]
fn mutated_and_truncated_cms_and_xml_never_panic() {
    let trust = Trust::nca_test().unwrap();
    let at: DateTime<Utc> = "2026-09-02T12:00:00Z".parse().unwrap();
    let mut mutations = Mutations::new(0x2545_F491_4F6C_DD1D);
    let cms = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cms/attached_two_signers.p7s")).unwrap();
    let xml = include_bytes!("nca/xades/xades-test-signed-b.xml");
    for cut in (0..cms.len()).step_by(11) {
        let _ = verify_cms(&cms[..cut], None, &trust, at, UnknownStatus::Accept);
    }
    for cut in (0..xml.len()).step_by(13) {
        let _ = verify_xml(&xml[..cut], &trust, at, UnknownStatus::Accept);
    }
    for _ in 0..300 {
        let _ = verify_cms(&mutations.mutate(&cms), None, &trust, at, UnknownStatus::Accept);
        let _ = verify_xml(&mutations.mutate(xml), &trust, at, UnknownStatus::Accept);
    }
}
