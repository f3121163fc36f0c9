//! Every certificate of the NCA test fixtures parses with the right IIN, BIN, role and use, and
//! checks against the test CAs and their CRLs as expected (`certificates.toml`): the RSA and the
//! GOST R 34.10-2015 512-bit chains verify, expired and not-yet-valid certificates and the revoked
//! keys' certificates are refused with their own errors, and tampering breaks the signature.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::{Certificate, Crl, Status, Trust, UnknownStatus, verify_certificate};
use serde::Deserialize;

const NCA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nca");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{NCA}/{path}")).unwrap()
}

fn trust() -> Trust {
    let mut t = Trust::new(
        ["ca/nca_rsa_test.crt", "ca/nca_gost_test.crt", "ca/nca_gost2015_test.cer"]
            .iter()
            .map(|p| Certificate::parse(&read(p)).unwrap())
            .collect(),
    );
    for crl in ["crl/nca_rsa_test.crl", "crl/nca_gost_test.crl", "crl/nca_gost2022_test.crl"] {
        t.add_crl(Crl::parse(&read(crl)).unwrap());
    }
    t
}

#[derive(Deserialize)]
struct Expectations {
    cert: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    file: String,
    iin: String,
    bin: Option<String>,
    roles: Vec<String>,
    signing: bool,
    at: DateTime<Utc>,
    expect: String,
}

#[test]
fn every_fixture_certificate_reads_and_checks_as_expected() {
    let table: Expectations = toml::from_str(include_str!("certificates.toml")).unwrap();
    let trust = trust();
    let mut failures = Vec::new();
    for e in &table.cert {
        let cert = Certificate::parse(&read(&e.file)).unwrap_or_else(|err| panic!("{}: {err}", e.file));
        let s = cert.subject();
        let roles: Vec<String> =
            cert.roles().iter().map(|r| serde_json::to_value(r).unwrap().as_str().unwrap().to_owned()).collect();
        if s.iin.as_deref() != Some(e.iin.as_str())
            || s.bin != e.bin
            || roles != e.roles
            || cert.is_signing() != e.signing
        {
            failures.push(format!(
                "{}: iin {:?} bin {:?} roles {roles:?} signing {}",
                e.file,
                s.iin,
                s.bin,
                cert.is_signing()
            ));
        }
        let got = match trust.verify(&cert, e.at, UnknownStatus::Accept) {
            Ok(v) if v.status == Status::Good => "good".to_owned(),
            Ok(_) => "unknown".to_owned(),
            Err(err) => err.code().to_owned(),
        };
        if got != e.expect {
            failures.push(format!("{} at {}: {got}, expected {}", e.file, e.at, e.expect));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_gost_2015_leaf_verifies_against_its_ca_and_a_changed_byte_does_not() {
    let ca = Certificate::parse(&read("ca/nca_gost2015_test.cer")).unwrap();
    let leaf_pem = read("derived/xades_signer_2015_gost.cer");
    let leaf = Certificate::parse(&leaf_pem).unwrap();
    verify_certificate(&leaf, &ca).unwrap();
    let mut der = leaf.der().to_vec();
    let n = der.len();
    der[n / 2] ^= 0x01;
    let changed = Certificate::from_der(&der);
    match changed {
        Ok(c) => assert_eq!(verify_certificate(&c, &ca).unwrap_err().code(), "pki.bad_signature"),
        Err(e) => assert_eq!(e.code(), "pki.parse"),
    }
}

#[test]
fn unknown_status_is_refused_by_default() {
    let cert = Certificate::parse(&read("gokalkan/gost1.cer")).unwrap();
    let at: DateTime<Utc> = "2024-03-01T00:00:00Z".parse().unwrap();
    let err = trust().verify(&cert, at, UnknownStatus::default()).unwrap_err();
    assert!(err.to_string().contains("no current CRL"), "{err}");
}

#[test]
fn the_crls_verify_with_their_cas() {
    for (crl, ca, listed) in [
        ("crl/nca_rsa_test.crl", "ca/nca_rsa_test.crt", 126),
        ("crl/nca_gost2022_test.crl", "ca/nca_gost2015_test.cer", 6),
    ] {
        let crl = Crl::parse(&read(crl)).unwrap();
        crl.verify(&Certificate::parse(&read(ca)).unwrap()).unwrap();
        assert_eq!(crl.len(), listed);
    }
}
