//! Delta CRLs (RFC 5280 §5.2.4): the test CA issues a complete CRL numbered 10 and deltas
//! numbered 11 on base 10. A delta listing a newly revoked certificate refuses it; a delta's
//! `removeFromCRL` takes a hold of the complete CRL off; a delta whose base is missing, a stale
//! delta, a delta whose signature does not verify and a delta without a current complete CRL are
//! ignored; mutated delta DER never panics.

#![allow(clippy::unwrap_used, reason = "test helpers fail the test by panicking")]

use chrono::{DateTime, TimeDelta, Utc};
use reglament_pki::issue::{Issued, Revocation, TestPki};
use reglament_pki::{Certificate, Crl, CrlEntry, PkiError, RevocationReason, Status, Trust, UnknownStatus};
use reglament_testkit::Mutations;

fn at() -> DateTime<Utc> {
    "2026-03-02T06:00:00Z".parse().unwrap()
}

fn hours(n: i64) -> TimeDelta {
    TimeDelta::hours(n)
}

/// The roster's PKI, and what its certificates are called here.
struct Fixture {
    pki: TestPki,
}

impl Fixture {
    fn new() -> Self {
        Self { pki: TestPki::generate(at(), "http://127.0.0.1:8081").unwrap() }
    }

    fn cert(&self, id: &str) -> &Certificate {
        &self.pki.subject(id).unwrap().certificate
    }

    fn change(&self, id: &str, since: DateTime<Utc>, reason: RevocationReason) -> Issued {
        Issued {
            serial: self.cert(id).serial_bytes().to_vec(),
            revoked: Some(Revocation { since, reason: Some(reason) }),
        }
    }

    /// The complete CRL number 10: the roster's revocations and `extra`, current for 30 days.
    fn base(&self, extra: &[Issued]) -> Vec<u8> {
        let issued: Vec<Issued> = self.pki.issued.iter().chain(extra).cloned().collect();
        self.pki.ca.crl(&issued, 10, at() - hours(24), at() + hours(24 * 30)).unwrap()
    }

    /// A delta numbered `number` on `base`, current from an hour before `at()` for a day.
    fn delta(&self, changes: &[Issued], number: u64, base: u64) -> Vec<u8> {
        self.pki.ca.delta_crl(changes, number, base, at() - hours(1), at() + hours(24)).unwrap()
    }

    fn trust(&self, crls: &[&[u8]]) -> Trust {
        let mut trust = Trust::new(vec![self.pki.ca.certificate().clone()]);
        for der in crls {
            trust.add_crl(Crl::parse(der).unwrap());
        }
        trust
    }

    /// The code of the verdict on `id` at `at()`: `None` when good.
    fn code(&self, trust: &Trust, id: &str) -> Option<&'static str> {
        match trust.verify(self.cert(id), at(), UnknownStatus::Refuse) {
            Ok(verdict) => {
                assert_eq!(verdict.status, Status::Good, "{id}");
                None
            }
            Err(e) => Some(e.code()),
        }
    }
}

#[test]
fn numbers_base_and_reasons_read_back() {
    let f = Fixture::new();
    let base = Crl::parse(&f.base(&[])).unwrap();
    assert_eq!((base.number(), base.delta_base(), base.is_delta()), (Some(10), None, false));
    let hold = f.change("entity-head", at() - hours(48), RevocationReason::CertificateHold);
    let removal = f.change("entity-employee", at() - hours(2), RevocationReason::RemoveFromCrl);
    let delta = Crl::parse(&f.delta(&[hold, removal], 11, 10)).unwrap();
    delta.verify(f.pki.ca.certificate()).unwrap();
    assert_eq!((delta.number(), delta.delta_base(), delta.is_delta()), (Some(11), Some(10), true));
    assert!(delta.is_supported());
    assert_eq!(
        delta.entry(f.cert("entity-head").serial_bytes()),
        Some(CrlEntry { since: at() - hours(48), reason: Some(RevocationReason::CertificateHold) })
    );
    let removed = delta.entry(f.cert("entity-employee").serial_bytes()).unwrap();
    assert!(removed.is_removal());
    // A removal is no revocation.
    assert_eq!(delta.revoked(f.cert("entity-employee").serial_bytes()), None);
    assert_eq!(delta.revoked(f.cert("entity-head").serial_bytes()), Some(at() - hours(48)));
    assert_eq!(delta.entry(f.cert("individual-valid").serial_bytes()), None);
    // The roster's revocation in the complete CRL keeps its reason.
    let revoked = base.entry(f.cert("individual-revoked").serial_bytes()).unwrap();
    assert_eq!(revoked.reason, Some(RevocationReason::KeyCompromise));
}

#[test]
fn a_delta_listing_a_new_revocation_refuses() {
    let f = Fixture::new();
    let base = f.base(&[]);
    let delta = f.delta(&[f.change("individual-valid", at() - hours(1), RevocationReason::KeyCompromise)], 11, 10);
    assert_eq!(f.code(&f.trust(&[&base]), "individual-valid"), None);
    let trust = f.trust(&[&base, &delta]);
    let err = trust.verify(f.cert("individual-valid"), at(), UnknownStatus::Refuse).unwrap_err();
    assert!(matches!(err, PkiError::Revoked { since, .. } if since == at() - hours(1)), "{err}");
    // Before the revocation it was good; the base's revocation still refuses; others stay good.
    let before = trust.verify(f.cert("individual-valid"), at() - hours(2), UnknownStatus::Refuse).unwrap();
    assert_eq!(before.status, Status::Good);
    assert_eq!(f.code(&trust, "individual-revoked"), Some("pki.revoked"));
    assert_eq!(f.code(&trust, "entity-head"), None);
    // The order the CRLs are added in does not matter.
    assert_eq!(f.code(&f.trust(&[&delta, &base]), "individual-valid"), Some("pki.revoked"));
    // A delta on its own says nothing: the status is unknown.
    assert_eq!(f.code(&f.trust(&[&delta]), "entity-head"), Some("pki.unknown_status"));
}

#[test]
fn remove_from_crl_in_the_delta_takes_the_hold_off() {
    let f = Fixture::new();
    let hold = f.change("entity-head", at() - hours(48), RevocationReason::CertificateHold);
    let base = f.base(&[hold]);
    assert_eq!(f.code(&f.trust(&[&base]), "entity-head"), Some("pki.revoked"), "on hold in the base");
    let removal = f.delta(&[f.change("entity-head", at() - hours(2), RevocationReason::RemoveFromCrl)], 11, 10);
    let trust = f.trust(&[&base, &removal]);
    assert_eq!(f.code(&trust, "entity-head"), None, "taken off hold by the delta");
    assert_eq!(f.code(&trust, "individual-revoked"), Some("pki.revoked"));
    // A hold placed by the delta refuses too.
    let on_hold = f.delta(&[f.change("entity-employee", at() - hours(1), RevocationReason::CertificateHold)], 11, 10);
    assert_eq!(f.code(&f.trust(&[&f.base(&[]), &on_hold]), "entity-employee"), Some("pki.revoked"));
    // The newest delta wins: hold in 11, removed in 12 (both on base 10).
    let later = f.pki.ca.delta_crl(
        &[f.change("entity-employee", at() - hours(1), RevocationReason::RemoveFromCrl)],
        12,
        10,
        at() - hours(1),
        at() + hours(24),
    );
    let trust = f.trust(&[&f.base(&[]), &on_hold, &later.unwrap()]);
    assert_eq!(f.code(&trust, "entity-employee"), None);
}

#[test]
fn a_delta_without_its_base_or_stale_is_ignored() {
    let f = Fixture::new();
    let base = f.base(&[]);
    let revoke = [f.change("individual-valid", at() - hours(1), RevocationReason::KeyCompromise)];
    // Its base (12) is newer than the complete CRL at hand (10): ignored, the base alone speaks.
    let too_new = f.delta(&revoke, 13, 12);
    assert_eq!(Crl::parse(&too_new).unwrap().delta_base(), Some(12));
    assert_eq!(f.code(&f.trust(&[&base, &too_new]), "individual-valid"), None);
    // Stale at the instant: ignored; the base still says good, and refuses the roster's revoked.
    let stale = f.pki.ca.delta_crl(&revoke, 11, 10, at() - hours(30), at() - hours(6)).unwrap();
    assert!(!Crl::parse(&stale).unwrap().is_fresh(at()));
    let trust = f.trust(&[&base, &stale]);
    assert_eq!(f.code(&trust, "individual-valid"), None);
    assert_eq!(f.code(&trust, "individual-revoked"), Some("pki.revoked"));
    // A delta no newer than the complete CRL (number 10 on base 9) adds nothing.
    let old = f.delta(&revoke, 10, 9);
    assert_eq!(f.code(&f.trust(&[&base, &old]), "individual-valid"), None);
    // A stale base with a current delta: no current complete CRL, the status is unknown.
    let stale_base = f.pki.ca.crl(&f.pki.issued, 10, at() - hours(72), at() - hours(1)).unwrap();
    let current = f.delta(&[], 11, 10);
    let trust = f.trust(&[&stale_base, &current]);
    assert_eq!(f.code(&trust, "entity-head"), Some("pki.unknown_status"));
    let verdict = trust.verify(f.cert("entity-head"), at(), UnknownStatus::Accept).unwrap();
    assert_eq!(verdict.status, Status::Unknown);
    // The stale base's revocation still refuses.
    assert_eq!(f.code(&trust, "individual-revoked"), Some("pki.revoked"));
}

#[test]
fn a_delta_whose_signature_does_not_verify_is_ignored() {
    let f = Fixture::new();
    let base = f.base(&[]);
    let mut tampered =
        f.delta(&[f.change("individual-valid", at() - hours(1), RevocationReason::KeyCompromise)], 11, 10);
    // The last octet belongs to the signature's INTEGER s.
    *tampered.last_mut().unwrap() ^= 0x01;
    let crl = Crl::parse(&tampered).unwrap();
    assert_eq!(crl.verify(f.pki.ca.certificate()).unwrap_err().code(), "pki.bad_signature");
    assert_eq!(f.code(&f.trust(&[&base, &tampered]), "individual-valid"), None);
    // Another CA's delta under its own name does not update this CA's base either.
    let other = TestPki::generate(at(), "http://127.0.0.1:8081").unwrap();
    let foreign = other
        .ca
        .delta_crl(
            &[f.change("individual-valid", at() - hours(1), RevocationReason::KeyCompromise)],
            11,
            10,
            at(),
            at() + hours(1),
        )
        .unwrap();
    assert_eq!(f.code(&f.trust(&[&base, &foreign]), "individual-valid"), None);
}

#[test]
fn mutated_delta_der_never_panics() {
    let f = Fixture::new();
    let base = f.base(&[f.change("entity-head", at() - hours(48), RevocationReason::CertificateHold)]);
    let delta = f.delta(
        &[
            f.change("entity-head", at() - hours(2), RevocationReason::RemoveFromCrl),
            f.change("individual-valid", at() - hours(1), RevocationReason::KeyCompromise),
        ],
        11,
        10,
    );
    let serials: Vec<Vec<u8>> = f.pki.subjects.iter().map(|s| s.certificate.serial_bytes().to_vec()).collect();
    let mut mutations = Mutations::new(0x2545_F491_4F6C_DD1D);
    let check = |der: &[u8]| {
        let Ok(crl) = Crl::parse(der) else { return };
        let _ = (crl.number(), crl.delta_base(), crl.is_delta(), crl.is_supported(), crl.len());
        let _ = crl.verify(f.pki.ca.certificate());
        for serial in &serials {
            let _ = (crl.entry(serial), crl.revoked(serial));
        }
        let mut trust = f.trust(&[&base]);
        trust.add_crl(crl);
        for subject in &f.pki.subjects {
            let _ = trust.verify(&subject.certificate, at(), UnknownStatus::Accept);
        }
    };
    for cut in 0..delta.len() {
        check(&delta[..cut]);
    }
    for _ in 0..1500 {
        let mut m = delta.clone();
        let (i, seed) = mutations.pick(m.len());
        m[i] ^= u8::try_from(seed >> 56).unwrap() | 1;
        check(&m);
    }
}
