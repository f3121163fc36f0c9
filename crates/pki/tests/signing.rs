//! Signing results: the NCA RSA test key store (legacy PKCS#12) and OpenSSL 3 stores (PBES2, see
//! `signing/README.md`) open; a result signed with them verifies with `verify_cms` and the trust
//! anchors alone (attached, and detached with the content); a changed content fails; a wrong
//! password is `pki.key_store`, a GOST store `pki.unsupported_algorithm`; damaged stores never
//! panic; OpenSSL accepts the signatures when it is installed.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, Utc};
use reglament_pki::{
    Certificate, PkiError, Signed, SigningKey, SoftwareKey, Status, Trust, UnknownStatus, check_signer, oid, sign_cms,
    verify_cms,
};
use reglament_testkit::Mutations;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
const NCA_STORE: &str = "nca/keys/key_individual_valid_sign_2004.p12";
const RESULT: &str = "ЛИЦЕНЗИЯ № 21000001 на занятие образовательной деятельностью выдана.\n\
                      ЛИЦЕНЗИЯ № 21000001 білім беру қызметімен айналысуға берілді.\n";

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{path}")).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn nca_key() -> SoftwareKey {
    SoftwareKey::from_pkcs12(&read(NCA_STORE), "Qwerty12").unwrap()
}

fn verify_nca(der: &[u8], detached: Option<&[u8]>) -> Result<Signed, PkiError> {
    verify_cms(der, detached, &Trust::nca_test()?, at("2021-06-01T00:00:00Z"), UnknownStatus::Refuse)
}

#[test]
fn the_nca_key_store_opens_with_its_certificate() {
    let key = nca_key();
    assert_eq!(key.algorithm(), oid::RSA_SHA256);
    assert_eq!(key.certificate().subject().iin.as_deref(), Some("123456789011"));
    assert!(key.certificate().is_signing());
    let (from, until) = key.certificate().validity();
    assert_eq!(
        (from.date_naive().to_string(), until.date_naive().to_string()),
        ("2021-01-18".into(), "2022-01-18".into())
    );
    assert!(format!("{key:?}").contains("123456789011"));
}

#[test]
fn a_signed_result_verifies_with_the_document_and_the_trust_anchors_alone() {
    let key = nca_key();
    let time = at("2021-06-01T09:30:00Z");
    let der = sign_cms(RESULT.as_bytes(), &key, time, false).unwrap();
    let signed = verify_nca(&der, None).unwrap();
    assert_eq!(signed.content, RESULT.as_bytes());
    let first = &signed.signers[0];
    assert_eq!(first.subject.iin.as_deref(), Some("123456789011"));
    assert_eq!(first.status, Status::Good);
    assert_eq!(first.chain.len(), 2);
    assert_eq!(first.signing_time, Some(time));
    check_signer(first, "123456789011", None).unwrap();
    // Deterministic RSA: the same inputs give the same bytes.
    assert_eq!(sign_cms(RESULT.as_bytes(), &key, time, false).unwrap(), der);
}

#[test]
fn a_detached_signature_verifies_with_the_content_only() {
    let key = nca_key();
    let der = sign_cms(RESULT.as_bytes(), &key, at("2021-06-01T09:30:00Z"), true).unwrap();
    let signed = verify_nca(&der, Some(RESULT.as_bytes())).unwrap();
    assert_eq!(signed.signers[0].subject.iin.as_deref(), Some("123456789011"));
    assert_eq!(verify_nca(&der, None).unwrap_err().code(), "pki.parse");
    let changed = RESULT.replace("21000001", "21000002");
    assert_eq!(verify_nca(&der, Some(changed.as_bytes())).unwrap_err().code(), "pki.bad_signature");
}

#[test]
fn a_changed_content_or_signature_fails() {
    let key = nca_key();
    let der = sign_cms(RESULT.as_bytes(), &key, at("2021-06-01T09:30:00Z"), false).unwrap();
    // The content is inside: change one byte of the licence number in place.
    let needle = "21000001".as_bytes();
    let i = der.windows(needle.len()).position(|w| w == needle).unwrap();
    let mut changed = der.clone();
    changed[i + 7] = b'2';
    assert_eq!(verify_nca(&changed, None).unwrap_err().code(), "pki.bad_signature");
    // The signature is the last element: flip a bit of its last byte.
    let mut forged = der.clone();
    *forged.last_mut().unwrap() ^= 0x01;
    assert_eq!(verify_nca(&forged, None).unwrap_err().code(), "pki.bad_signature");
    // Outside the certificate's validity the signature is refused, as any other.
    let later = verify_cms(&der, None, &Trust::nca_test().unwrap(), at("2022-06-01T00:00:00Z"), UnknownStatus::Refuse);
    assert_eq!(later.unwrap_err().code(), "pki.expired");
}

#[test]
fn an_openssl3_store_with_pbes2_opens_to_the_same_key() {
    let key = SoftwareKey::from_pkcs12(&read("signing/rsa_pbes2.p12"), "Qwerty12").unwrap();
    assert_eq!(key.certificate().der(), nca_key().certificate().der());
    let time = at("2021-06-01T09:30:00Z");
    // The same RSA key signs the same bytes.
    assert_eq!(
        sign_cms(RESULT.as_bytes(), &key, time, false).unwrap(),
        sign_cms(RESULT.as_bytes(), &nca_key(), time, false).unwrap()
    );
}

#[test]
fn an_ecdsa_p256_result_round_trips() {
    let key = SoftwareKey::from_pkcs12(&read("signing/ecdsa_p256.p12"), "Qwerty12").unwrap();
    assert_eq!(key.algorithm(), oid::ECDSA_SHA256);
    assert_eq!(key.chain().len(), 1);
    let trust = Trust::new(vec![Certificate::parse(&read("signing/ecdsa_ca.pem")).unwrap()]);
    let when = at("2027-06-01T00:00:00Z");
    for detached in [false, true] {
        let der = sign_cms(RESULT.as_bytes(), &key, when, detached).unwrap();
        let content = detached.then_some(RESULT.as_bytes());
        let signed = verify_cms(&der, content, &trust, when, UnknownStatus::Accept).unwrap();
        assert_eq!(signed.signers[0].subject.iin.as_deref(), Some("123456789011"));
        assert_eq!(signed.signers[0].status, Status::Unknown);
        let err = verify_cms(&der, Some(b"another result"), &trust, when, UnknownStatus::Accept).unwrap_err();
        assert_eq!(err.code(), "pki.bad_signature");
    }
}

#[test]
fn a_key_and_certificate_from_pkcs8_must_match() {
    let key = nca_key();
    let ecdsa = SoftwareKey::from_pkcs12(&read("signing/ecdsa_p256.p12"), "Qwerty12").unwrap();
    // An RSA certificate does not go with the ECDSA test key: read the key back out through OpenSSL
    // only when it is installed, so this test has no hard dependency on it.
    let Some(pkcs8) = openssl(&[
        "pkcs12",
        "-in",
        &format!("{DIR}/signing/ecdsa_p256.p12"),
        "-passin",
        "pass:Qwerty12",
        "-nocerts",
        "-nodes",
    ]) else {
        return;
    };
    let pem = String::from_utf8(pkcs8).unwrap();
    let body: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN PRIVATE KEY"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    let der = base64_decode(&body);
    let wrong = SoftwareKey::from_pkcs8(&der, key.certificate().clone(), Vec::new()).unwrap_err();
    assert_eq!(wrong.code(), "pki.key_store");
    let right = SoftwareKey::from_pkcs8(&der, ecdsa.certificate().clone(), ecdsa.chain().to_vec()).unwrap();
    assert_eq!(right.algorithm(), oid::ECDSA_SHA256);
}

#[test]
fn a_wrong_password_is_a_key_store_error() {
    for store in [NCA_STORE, "signing/rsa_pbes2.p12", "signing/ecdsa_p256.p12"] {
        let err = SoftwareKey::from_pkcs12(&read(store), "qwerty12").unwrap_err();
        assert_eq!(err.code(), "pki.key_store", "{store}: {err}");
        assert!(err.to_string().contains("wrong password"), "{err}");
    }
}

#[test]
fn gost_key_stores_are_refused_by_algorithm() {
    for (store, password) in
        [("nca/keys/key_individual_valid_2015.p12", "Aa123456"), ("nca/gokalkan/gost1.p12", "Qwerty12")]
    {
        let err = SoftwareKey::from_pkcs12(&read(store), password).unwrap_err();
        assert_eq!(err.code(), "pki.unsupported_algorithm", "{store}: {err}");
        assert!(err.to_string().contains("GOST"), "{err}");
    }
}

#[test]
fn damaged_or_random_key_stores_never_panic() {
    let mut mutations = Mutations::new(0x9E37_79B9_7F4A_7C15);
    let mut next = || mutations.draw();
    for store in [NCA_STORE, "signing/ecdsa_p256.p12"] {
        let bytes = read(store);
        for _ in 0..150 {
            let mut m = bytes.clone();
            let i = usize::try_from(next() % m.len() as u64).unwrap();
            m[i] ^= 1 << (next() % 8);
            // A changed byte is caught by the MAC or the parser; never a panic, never a key.
            assert!(SoftwareKey::from_pkcs12(&m, "Qwerty12").is_err() || m == bytes);
        }
        for len in [0, 1, 2, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(SoftwareKey::from_pkcs12(&bytes[..len], "Qwerty12").is_err());
        }
    }
    for len in [0usize, 3, 64, 1000] {
        let random: Vec<u8> = (0..len).map(|_| (next() & 0xff) as u8).collect();
        assert!(SoftwareKey::from_pkcs12(&random, "Qwerty12").is_err());
    }
    // Deep indefinite-length nesting is refused, not followed down the stack.
    let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 100_000).flatten().collect();
    assert!(SoftwareKey::from_pkcs12(&deep, "Qwerty12").is_err());
}

#[test]
fn openssl_accepts_the_signatures_when_installed() {
    let dir = std::env::temp_dir().join(format!("reglament-signing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let content = dir.join("result.txt");
    std::fs::write(&content, RESULT).unwrap();
    let time = at("2021-06-01T09:30:00Z");
    for (name, key) in
        [("rsa", nca_key()), ("ecdsa", SoftwareKey::from_pkcs12(&read("signing/ecdsa_p256.p12"), "Qwerty12").unwrap())]
    {
        for detached in [false, true] {
            let file = dir.join(format!("{name}-{detached}.p7s"));
            std::fs::write(&file, sign_cms(RESULT.as_bytes(), &key, time, detached).unwrap()).unwrap();
            let file = file.to_string_lossy().into_owned();
            let mut args = vec!["cms", "-verify", "-binary", "-inform", "DER", "-noverify", "-in", &file, "-out"];
            let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
            args.push(null);
            let content = content.to_string_lossy().into_owned();
            if detached {
                args.extend(["-content", &content]);
            }
            assert_ne!(openssl_status(&args), Some(false), "openssl refused {file}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `openssl` with `args`: its output when it succeeded, `None` when it is absent or failed.
fn openssl(args: &[&str]) -> Option<Vec<u8>> {
    let out = std::process::Command::new("openssl").args(args).output().ok()?;
    out.status.success().then_some(out.stdout)
}

/// Whether `openssl` accepted (`None` when it is not installed).
fn openssl_status(args: &[&str]) -> Option<bool> {
    let out = std::process::Command::new("openssl").args(args).output().ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    Some(out.status.success())
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = u32::try_from(ALPHABET.iter().position(|&a| a == c).unwrap()).unwrap();
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap());
        }
    }
    out
}
