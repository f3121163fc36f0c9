//! OCSP: the recorded responses of the NCA test responder (`nca/ocsp/`) parse and give the right
//! status, serial and production time, and their signatures verify with the responder
//! certificates the test CAs issued; a request built here carries exactly the `CertID` the
//! responder answered; premature, stale, nonce-mismatched, tampered and foreign responses, and
//! one naming an unknown responder, are refused with their own errors; `Trust` takes a
//! revocation from a verified response; the cache keeps responses until they stop being
//! current; mutated and truncated DER never panics.

#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, TimeDelta, Utc};
use reglament_pki::{
    CertIdHash, CertStatus, Certificate, Crl, OcspCache, OcspOptions, OcspRequest, OcspResponse, ResponseStatus,
    RevocationReason, Status, Trust, UnknownStatus,
};
use reglament_testkit::Mutations;

const NCA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nca");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{NCA}/{path}")).unwrap()
}

fn cert(path: &str) -> Certificate {
    Certificate::parse(&read(path)).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// A recorded response and what it must say.
struct Case {
    file: &'static str,
    /// The CA whose certificate the response is about.
    ca: &'static str,
    serial: &'static str,
    produced_at: &'static str,
    status: CertStatus,
    /// The nonce the request sent (echoed in the response).
    nonce: &'static str,
    /// The responder certificate's subject, as labelled.
    responder: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        // GOST R 34.10-2015 responder of the 2022 test CA. Revoked on hold at the epoch: the
        // RFC 6960 §2.2 answer for a certificate the responder does not know as issued.
        Case {
            file: "ocsp/ocsp_response_individual_2015.bin",
            ca: "ca/nca_gost2015_test.cer",
            serial: "0FF06211DC82BEB00253FFA000F1DE84ABEF454F",
            produced_at: "2022-09-02T16:58:34Z",
            status: CertStatus::Revoked {
                since: at("1970-01-01T00:00:00Z"),
                reason: Some(RevocationReason::CertificateHold),
            },
            nonce: "E408FFB790834AF2",
            responder: "OCSP RESPONDER",
        },
        // RSA responder of the RSA test CA.
        Case {
            file: "ocsp/ocsp_response_individual_sign_2004.bin",
            ca: "ca/nca_rsa_test.crt",
            serial: "4279390A141F5353A62947B61ED65E81741467D1",
            produced_at: "2022-09-02T16:53:59Z",
            status: CertStatus::Good,
            nonce: "B5E5C9B552CBCAC4",
            responder: "СЕРВИС ПРОВЕРКИ ОНЛАЙН СТАТУСА СЕРТИФИКАТА (IIN 123456789011)",
        },
    ]
}

fn options(nonce: &str) -> OcspOptions {
    OcspOptions { nonce: Some(unhex(nonce)), ..OcspOptions::default() }
}

const SHA256: &str = "2.16.840.1.101.3.4.2.1";
const SHA1: &str = "1.3.14.3.2.26";

#[test]
fn recorded_responses_parse_with_the_right_status() {
    for case in cases() {
        let r = OcspResponse::parse(&read(case.file)).unwrap();
        let ca = cert(case.ca);
        assert_eq!(r.status(), ResponseStatus::Successful, "{}", case.file);
        assert_eq!(r.produced_at(), Some(at(case.produced_at)), "{}", case.file);
        assert_eq!(r.nonce(), Some(unhex(case.nonce).as_slice()), "{}", case.file);
        let [single] = r.responses() else { panic!("{}: one single response expected", case.file) };
        assert_eq!(single.cert_id.serial_hex(), case.serial, "{}", case.file);
        assert_eq!(single.cert_id.hash_algorithm.to_string(), SHA256, "{}", case.file);
        assert!(single.cert_id.matches_issuer(&ca), "{}", case.file);
        assert_eq!(single.status, case.status, "{}", case.file);
        assert_eq!((single.this_update, single.next_update), (at(case.produced_at), None), "{}", case.file);
        let [responder] = r.certificates() else { panic!("{}: one certificate expected", case.file) };
        assert_eq!(responder.subject_label(), case.responder, "{}", case.file);
        assert!(r.responder_id().unwrap().names(responder), "{}", case.file);
        assert_eq!(r.der(), read(case.file).as_slice());
    }
    let gost = OcspResponse::parse(&read("ocsp/ocsp_response_individual_2015.bin")).unwrap();
    assert!(gost.responses()[0].status.is_non_issued());
}

#[test]
fn recorded_responses_verify_with_their_ca() {
    for case in cases() {
        let r = OcspResponse::parse(&read(case.file)).unwrap();
        let when = at(case.produced_at) + TimeDelta::minutes(1);
        let v = r.verify(&cert(case.ca), when, &options(case.nonce)).unwrap();
        assert_eq!(v.responder(), case.responder);
        assert_eq!(v.produced_at(), at(case.produced_at));
        assert_eq!(v.valid_until(), at(case.produced_at) + TimeDelta::hours(1));
        assert_eq!(v.responses(), r.responses());
        // No nonce sent: an echoed one does not matter.
        r.verify(&cert(case.ca), when, &OcspOptions::default()).unwrap();
    }
}

#[test]
fn a_request_carries_the_certid_the_responder_answers() {
    let (ee, ca) = (cert("derived/individual_valid_2015_gost.cer"), cert("ca/nca_gost2015_test.cer"));
    let answered = OcspResponse::parse(&read("ocsp/ocsp_response_individual_2015.bin")).unwrap();
    let nonce = unhex("E408FFB790834AF2");
    let request = OcspRequest::new(&ee, &ca, CertIdHash::Sha256, Some(&nonce)).unwrap();
    let back = OcspRequest::parse(request.der()).unwrap();
    assert_eq!(back, request);
    assert_eq!(back.cert_ids(), [answered.responses()[0].cert_id.clone()]);
    assert_eq!(back.nonce(), Some(nonce.as_slice()));
    assert_eq!(OcspOptions::for_request(&back).nonce, Some(nonce));
    answered.verify(&ca, at("2022-09-02T17:00:00Z"), &OcspOptions::for_request(&back)).unwrap();

    // SHA-1 CertIDs and requests without a nonce.
    let request = OcspRequest::new(&ee, &ca, CertIdHash::Sha1, None).unwrap();
    let back = OcspRequest::parse(request.der()).unwrap();
    let [id] = back.cert_ids() else { panic!("one CertID expected") };
    assert_eq!(id.hash_algorithm.to_string(), SHA1);
    assert_eq!((id.issuer_name_hash.len(), id.issuer_key_hash.len()), (20, 20));
    assert!(id.matches(&ee, &ca));
    assert!(!id.matches(&ee, &cert("ca/nca_rsa_test.crt")));
    assert_eq!(back.nonce(), None);

    // A request names the certificate's own issuer.
    let err = OcspRequest::new(&ee, &cert("ca/nca_rsa_test.crt"), CertIdHash::Sha256, None).unwrap_err();
    assert_eq!(err.code(), "pki.ocsp_mismatch", "{err}");
}

#[test]
fn freshness_nonce_issuer_and_responder_are_checked() {
    let r = OcspResponse::parse(&read("ocsp/ocsp_response_individual_2015.bin")).unwrap();
    let ca = cert("ca/nca_gost2015_test.cer");
    let produced = at("2022-09-02T16:58:34Z");
    let good = options("E408FFB790834AF2");
    let ten_years = good.clone().with_max_age(TimeDelta::days(3650));
    let cases: [(TimeDelta, &OcspOptions, &Certificate, Option<&str>); 9] = [
        (TimeDelta::minutes(1), &good, &ca, None),
        // Within the clock skew on both sides.
        (TimeDelta::minutes(-4), &good, &ca, None),
        (TimeDelta::minutes(64), &good, &ca, None),
        (TimeDelta::hours(-1), &good, &ca, Some("pki.ocsp_premature")),
        (TimeDelta::hours(2), &good, &ca, Some("pki.ocsp_stale")),
        (TimeDelta::hours(2), &good.clone().with_max_age(TimeDelta::hours(3)), &ca, None),
        // The responder's certificate expired on 12 August 2023.
        (TimeDelta::days(365), &ten_years, &ca, Some("pki.expired")),
        (TimeDelta::minutes(1), &options("FF02FD04FB06F908"), &ca, Some("pki.ocsp_nonce")),
        (TimeDelta::minutes(1), &good, &cert("ca/nca_rsa_test.crt"), Some("pki.ocsp_mismatch")),
    ];
    for (offset, opts, issuer, expected) in cases {
        let got = r.verify(issuer, produced + offset, opts);
        match expected {
            None => assert!(got.is_ok(), "{offset}: {got:?}"),
            Some(code) => assert_eq!(got.unwrap_err().code(), code, "{offset}"),
        }
    }
}

#[test]
fn a_tampered_response_fails_its_signature() {
    for case in cases() {
        let bytes = read(case.file);
        let nonce = unhex(case.nonce);
        let i = bytes.windows(nonce.len()).position(|w| w == nonce).unwrap();
        let mut m = bytes.clone();
        m[i] ^= 0x01;
        let r = OcspResponse::parse(&m).unwrap();
        let err = r.verify(&cert(case.ca), at(case.produced_at), &OcspOptions::default()).unwrap_err();
        assert_eq!(err.code(), "pki.bad_signature", "{}: {err}", case.file);
    }
}

#[test]
fn a_response_naming_another_responder_is_refused() {
    let mut m = read("ocsp/ocsp_response_individual_2015.bin");
    // The first "OCSP RESPONDER" is the responder ID's name, the second the certificate's.
    let i = m.windows(14).position(|w| w == b"OCSP RESPONDER").unwrap();
    m[i] = b'X';
    let r = OcspResponse::parse(&m).unwrap();
    let err =
        r.verify(&cert("ca/nca_gost2015_test.cer"), at("2022-09-02T17:00:00Z"), &OcspOptions::default()).unwrap_err();
    assert_eq!(err.code(), "pki.ocsp_responder", "{err}");
}

#[test]
fn unsuccessful_answers_parse_and_do_not_verify() {
    for (byte, status) in [
        (1, ResponseStatus::MalformedRequest),
        (2, ResponseStatus::InternalError),
        (3, ResponseStatus::TryLater),
        (5, ResponseStatus::SigRequired),
        (6, ResponseStatus::Unauthorized),
    ] {
        let r = OcspResponse::parse(&[0x30, 0x03, 0x0A, 0x01, byte]).unwrap();
        assert_eq!((r.status(), r.produced_at(), r.responses().len()), (status, None, 0));
        let err =
            r.verify(&cert("ca/nca_rsa_test.crt"), at("2022-09-02T17:00:00Z"), &OcspOptions::default()).unwrap_err();
        assert_eq!(err.code(), "pki.ocsp_unsuccessful", "{err}");
        let err = Trust::new(vec![cert("ca/nca_rsa_test.crt")])
            .verify_ocsp(&r, at("2022-09-02T17:00:00Z"), &OcspOptions::default())
            .unwrap_err();
        assert_eq!(err.code(), "pki.ocsp_unsuccessful", "{err}");
    }
    // Successful without a response, an unknown status, not a response at all.
    for der in [&[0x30, 0x03, 0x0A, 0x01, 0x00][..], &[0x30, 0x03, 0x0A, 0x01, 0x04], b"not DER"] {
        assert_eq!(OcspResponse::parse(der).unwrap_err().code(), "pki.parse");
    }
}

#[test]
fn trust_takes_the_status_of_a_verified_response_when_no_crl_gives_one() {
    let when = at("2022-09-02T17:00:00Z");
    let ee = cert("derived/individual_valid_2015_gost.cer");
    let mut trust = Trust::new(vec![cert("ca/nca_gost2015_test.cer")]);
    assert_eq!(trust.verify(&ee, when, UnknownStatus::Accept).unwrap().status, Status::Unknown);
    let err = trust.verify(&ee, when, UnknownStatus::Refuse).unwrap_err();
    assert!(err.to_string().contains("no current CRL or OCSP response"), "{err}");

    let r = OcspResponse::parse(&read("ocsp/ocsp_response_individual_2015.bin")).unwrap();
    let verified = trust.verify_ocsp(&r, when, &options("E408FFB790834AF2")).unwrap();
    trust.add_ocsp(verified);
    for unknown in [UnknownStatus::Accept, UnknownStatus::Refuse] {
        let err = trust.verify(&ee, when, unknown).unwrap_err();
        assert_eq!(err.code(), "pki.not_issued", "{err}");
    }

    // A current CRL not listing it says good; the responder's "not issued" still refuses.
    let mut trust = Trust::new(vec![cert("ca/nca_gost2015_test.cer")]);
    trust.add_crl(Crl::parse(&read("crl/nca_gost2022_test.crl")).unwrap());
    assert_eq!(trust.verify(&ee, when, UnknownStatus::Refuse).unwrap().status, Status::Good);
    trust.add_ocsp(trust.verify_ocsp(&r, when, &OcspOptions::default()).unwrap());
    assert_eq!(trust.verify(&ee, when, UnknownStatus::Refuse).unwrap_err().code(), "pki.not_issued");

    // A response about another certificate of the same CA leaves the status unknown.
    let ee = cert("certs/individual_valid_sign_2004_rsa.cer");
    let mut trust = Trust::new(vec![cert("ca/nca_rsa_test.crt")]);
    let r = OcspResponse::parse(&read("ocsp/ocsp_response_individual_sign_2004.bin")).unwrap();
    trust.add_ocsp(trust.verify_ocsp(&r, when, &options("B5E5C9B552CBCAC4")).unwrap());
    assert_eq!(trust.verify(&ee, when, UnknownStatus::Accept).unwrap().status, Status::Unknown);
    assert!(trust.verify(&ee, when, UnknownStatus::Refuse).is_err());

    // No anchor answers for the response's certificates.
    let err =
        Trust::new(vec![cert("ca/nca_gost_test.crt")]).verify_ocsp(&r, when, &OcspOptions::default()).unwrap_err();
    assert_eq!(err.code(), "pki.ocsp_mismatch", "{err}");
}

#[test]
fn the_cache_keeps_responses_until_they_stop_being_current() {
    let ee = cert("derived/individual_valid_2015_gost.cer");
    let ca = cert("ca/nca_gost2015_test.cer");
    let produced = at("2022-09-02T16:58:34Z");
    let r = OcspResponse::parse(&read("ocsp/ocsp_response_individual_2015.bin")).unwrap();
    let v = r.verify(&ca, produced, &OcspOptions::default()).unwrap();
    let rsa = OcspResponse::parse(&read("ocsp/ocsp_response_individual_sign_2004.bin")).unwrap();
    let rsa_id = rsa.responses()[0].cert_id.clone();
    let rsa_v = rsa.verify(&cert("ca/nca_rsa_test.crt"), produced, &OcspOptions::default()).unwrap();

    let mut cache = OcspCache::new();
    assert!(cache.is_empty());
    // Already stale when offered: not kept.
    assert!(!cache.insert(&v, produced + TimeDelta::hours(2)));
    assert!(cache.insert(&v, produced));
    assert!(cache.insert(&rsa_v, produced));
    assert_eq!(cache.len(), 2);
    assert_eq!(cache.get(&ee, &ca, produced + TimeDelta::minutes(30)), Some(&v));
    assert!(cache.get(&ee, &cert("ca/nca_rsa_test.crt"), produced).is_none());
    assert!(
        cache.get(&cert("certs/individual_valid_sign_2004_rsa.cer"), &cert("ca/nca_rsa_test.crt"), produced).is_none()
    );
    assert!(cache.get_by_id(&rsa_id, produced).is_some());
    assert!(cache.get(&ee, &ca, produced + TimeDelta::hours(2)).is_none());
    assert!(cache.get_by_id(&rsa_id, produced + TimeDelta::hours(2)).is_none());
    assert_eq!(cache.purge(produced + TimeDelta::minutes(30)), 0);
    assert_eq!(cache.purge(produced + TimeDelta::hours(2)), 2);
    assert!(cache.is_empty());
}

#[test]
fn mutated_and_truncated_responses_never_panic() {
    let cas = [cert("ca/nca_gost2015_test.cer"), cert("ca/nca_rsa_test.crt")];
    let when = at("2022-09-02T17:00:00Z");
    let request = OcspRequest::new(
        &cert("derived/individual_valid_2015_gost.cer"),
        &cas[0],
        CertIdHash::Sha256,
        Some(b"12345678"),
    )
    .unwrap();
    let mut mutations = Mutations::new(0x2545_F491_4F6C_DD1D);
    for bytes in [
        read("ocsp/ocsp_response_individual_2015.bin"),
        read("ocsp/ocsp_response_individual_sign_2004.bin"),
        request.der().to_vec(),
    ] {
        for cut in 0..bytes.len() {
            let _ = OcspResponse::parse(&bytes[..cut]);
            let _ = OcspRequest::parse(&bytes[..cut]);
        }
        for _ in 0..200 {
            let mut m = bytes.clone();
            let (i, seed) = mutations.pick(m.len());
            m[i] ^= u8::try_from(seed >> 56).unwrap() | 1;
            if let Ok(r) = OcspResponse::parse(&m) {
                for ca in &cas {
                    let _ = r.verify(ca, when, &OcspOptions::default());
                }
            }
            let _ = OcspRequest::parse(&m);
        }
    }
}
