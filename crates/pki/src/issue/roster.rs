//! The fixed roster of the development PKI: who is issued a certificate, in which role, and
//! whether it is valid, expired or revoked at the instant of issue.

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use serde::Serialize;

use super::{Holder, Issued, IssuedKey, Revocation, TestCa, Usage};
use crate::cert::{Certificate, Role};
use crate::crl::Crl;
use crate::error::PkiError;
use crate::ocsp::{OcspRequest, RevocationReason};
use crate::sign::SoftwareKey;
use crate::trust::Trust;

/// The CA's common name: plainly not the NCA.
pub const CA_NAME: &str = "REGLAMENT LOCAL TEST CA (NCA PROFILE)";
/// The password of every key store of the roster (that of the NCA test key stores).
pub const PASSWORD: &str = "Qwerty12";
/// The NCA test BIN of the roster's company.
const COMPANY: (&str, &str) = ("ТОО «ТЕСТОВАЯ КОМПАНИЯ»", "123456789021");
/// The provider (a state body) whose official signs results.
const PROVIDER: (&str, &str) = ("ГУ «ОТДЕЛ ОБРАЗОВАНИЯ ГОРОДА АСТАНЫ»", "010340600017");
/// The platform's operator, whose system certificate signs the gateway envelope of every request
/// the platform sends to a state system (a valid BIN: registered May 2024, resident, head office).
const OPERATOR: (&str, &str) = ("ТОО «РЕГЛАМЕНТ ТЕХНОЛОГИИ»", "240540008715");
/// The provider of the forensic-expert licence, whose officials register, review and sign (a
/// valid BIN: registered February 1996, resident legal entity, head office).
const MINISTRY_OF_JUSTICE: (&str, &str) = ("РГУ «МИНИСТЕРСТВО ЮСТИЦИИ РЕСПУБЛИКИ КАЗАХСТАН»", "960240000025");
/// The first serial number of the subjects (the CA's is 1).
const FIRST_SERIAL: u64 = 0x4B5A_0001;

/// Where a certificate stands at the instant of issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Valid from 30 days before to a year after.
    Valid,
    /// Valid from two years to one year before: expired.
    Expired,
    /// Valid from 60 days before to a year after, revoked 10 days before (key compromise).
    Revoked,
}

/// One line of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
    /// A short name, used for its files.
    pub id: &'static str,
    /// Who it is, in English.
    pub description: &'static str,
    /// The holder as the certificate names them.
    pub holder: Holder,
    /// Valid, expired or revoked.
    pub standing: Standing,
}

fn holder(
    (surname, given, patronymic): (&str, &str, &str),
    iin: &str,
    organisation: Option<(&str, &str)>,
    roles: &[Role],
    usage: Usage,
) -> Holder {
    Holder {
        surname: surname.to_owned(),
        given: given.to_owned(),
        patronymic: Some(patronymic.to_owned()),
        iin: iin.to_owned(),
        organisation: organisation.map(|(o, b)| (o.to_owned(), b.to_owned())),
        roles: roles.to_vec(),
        usage,
    }
}

/// The roster, in issue order (serial numbers follow it). The IINs 123456789011 and
/// 123456789012 and the BIN 123456789021 are the NCA test numbers (accepted under
/// `IdPolicy::AllowNcaTestNumbers`); the other IINs and BINs carry valid check digits. The
/// last entry, `platform-gateway`, is the platform's own system certificate (its IIN that of the
/// operator's responsible employee); then the three officials of the Ministry of Justice (the
/// forensic-expert licence's provider): executor, head and registrar. New entries are appended
/// last so that the earlier serial numbers stay.
#[must_use]
pub fn roster() -> Vec<RosterEntry> {
    use Role::{Employee, FirstHead, Individual, LegalEntity, RightOfSignature};
    use Standing::{Expired, Revoked, Valid};
    use Usage::{Authentication, Signing};
    let test = ("ТЕСТОВ", "ТЕСТ", "ТЕСТОВИЧ");
    let entry = |id, description, holder, standing| RosterEntry { id, description, holder, standing };
    vec![
        entry(
            "individual-valid",
            "an individual applicant, signing certificate, valid",
            holder(test, "123456789011", None, &[Individual], Signing),
            Valid,
        ),
        entry(
            "individual-auth",
            "the same individual, authentication certificate, valid",
            holder(test, "123456789011", None, &[Individual], Authentication),
            Valid,
        ),
        entry(
            "individual-expired",
            "an individual applicant, signing certificate, expired",
            holder(("ТЕСТОВА", "ТЕСТА", "ТЕСТОВНА"), "123456789012", None, &[Individual], Signing),
            Expired,
        ),
        entry(
            "individual-revoked",
            "an individual applicant, signing certificate, revoked (key compromise)",
            holder(("АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ"), "850312300121", None, &[Individual], Signing),
            Revoked,
        ),
        entry(
            "entity-head",
            "the first head of a legal entity (the NCA test BIN), signing, valid",
            holder(
                ("ЖУМАБЕКОВ", "АСХАТ", "НУРЛАНОВИЧ"),
                "750901300451",
                Some(COMPANY),
                &[LegalEntity, FirstHead],
                Signing,
            ),
            Valid,
        ),
        entry(
            "entity-employee",
            "an employee of the same legal entity, signing, valid",
            holder(
                ("СЕЙТКАЛИЕВА", "АЙГЕРИМ", "МАРАТОВНА"),
                "880425400782",
                Some(COMPANY),
                &[LegalEntity, Employee],
                Signing,
            ),
            Valid,
        ),
        entry(
            "provider-official",
            "an official of the service provider with the right of signature (signs results), valid",
            holder(
                ("ОМАРОВА", "ДИНАРА", "БОЛАТОВНА"),
                "831228400676",
                Some(PROVIDER),
                &[LegalEntity, RightOfSignature],
                Signing,
            ),
            Valid,
        ),
        entry(
            "platform-gateway",
            "the platform itself as the gateway's sender: the operator's system certificate, signing, valid",
            Holder {
                surname: "REGLAMENT".to_owned(),
                given: "GATEWAY".to_owned(),
                patronymic: None,
                iin: "910711300540".to_owned(),
                organisation: Some((OPERATOR.0.to_owned(), OPERATOR.1.to_owned())),
                roles: vec![LegalEntity, RightOfSignature],
                usage: Signing,
            },
            Valid,
        ),
    ]
    .into_iter()
    .chain(ministry_of_justice())
    .collect()
}

/// The three officials of the Ministry of Justice (the forensic-expert licence's provider):
/// executor, head and registrar, all valid signing certificates.
fn ministry_of_justice() -> Vec<RosterEntry> {
    use Role::{Employee, LegalEntity, RightOfSignature};
    use Standing::Valid;
    use Usage::Signing;
    let entry = |id, description, holder, standing| RosterEntry { id, description, holder, standing };
    vec![
        entry(
            "moj-executor",
            "an executor of the Ministry of Justice (reviews forensic-expert licence applications), signing, valid",
            holder(
                ("СМАГУЛОВ", "АРМАН", "ЕРЛАНОВИЧ"),
                "890315300125",
                Some(MINISTRY_OF_JUSTICE),
                &[LegalEntity, Employee],
                Signing,
            ),
            Valid,
        ),
        entry(
            "moj-head",
            "the authorised head of the Ministry of Justice's department (signs results), signing, valid",
            holder(
                ("БЕКОВА", "ГУЛЬНАРА", "КАЙРАТОВНА"),
                "720621400330",
                Some(MINISTRY_OF_JUSTICE),
                &[LegalEntity, RightOfSignature],
                Signing,
            ),
            Valid,
        ),
        entry(
            "moj-registrar",
            "a registrar of the Ministry of Justice (registers incoming applications), signing, valid",
            holder(
                ("НУРЛАНОВА", "АЙЖАН", "САКЕНОВНА"),
                "941108400517",
                Some(MINISTRY_OF_JUSTICE),
                &[LegalEntity, Employee],
                Signing,
            ),
            Valid,
        ),
    ]
}

/// One issued subject of the roster: its key and certificate.
#[derive(Debug)]
pub struct TestSubject {
    /// The roster line.
    pub entry: RosterEntry,
    /// The private key.
    pub key: IssuedKey,
    /// The certificate.
    pub certificate: Certificate,
}

impl TestSubject {
    /// The key and certificate as a signing key (with the CA certificate as its chain).
    pub fn signing_key(&self, ca: &Certificate) -> Result<SoftwareKey, PkiError> {
        SoftwareKey::from_pkcs8(self.key.pkcs8_der(), self.certificate.clone(), vec![ca.clone()])
    }

    /// The key, the certificate and the CA certificate as a PKCS#12 key store protected by
    /// `password` (see [`pkcs12`](super::pkcs12)).
    pub fn pkcs12(&self, ca: &Certificate, password: &str) -> Result<Vec<u8>, PkiError> {
        super::pkcs12(self.key.pkcs8_der(), &self.certificate, std::slice::from_ref(ca), password)
    }
}

/// A development PKI: one [`TestCa`], the [`roster`] issued by it at an instant, and its CRL.
#[derive(Debug)]
pub struct TestPki {
    /// The certificate authority.
    pub ca: TestCa,
    /// The subjects, in roster order.
    pub subjects: Vec<TestSubject>,
    /// What the CA issued and revoked (the source of the CRL and the OCSP answers).
    pub issued: Vec<Issued>,
    /// The CRL (DER): this update at the instant of issue, next update a year later.
    pub crl: Vec<u8>,
    /// The instant of issue (whole seconds).
    pub at: DateTime<Utc>,
}

impl TestPki {
    /// Issues the roster at `at` (truncated to whole seconds), the distribution points under
    /// `base_url`: the CA valid from three years before `at` to ten years after; the
    /// certificates as [`Standing`] says; the CRL listing the revoked one.
    pub fn generate(at: DateTime<Utc>, base_url: &str) -> Result<Self, PkiError> {
        Self::generate_with(at, base_url, |_| {})
    }

    /// [`TestPki::generate`], calling `progress` after each subject is issued.
    pub fn generate_with(
        at: DateTime<Utc>,
        base_url: &str,
        mut progress: impl FnMut(&TestSubject),
    ) -> Result<Self, PkiError> {
        let at = at.with_nanosecond(0).unwrap_or(at);
        let days = TimeDelta::days;
        let ca = TestCa::new(CA_NAME, at - days(3 * 365), at + days(10 * 365), base_url)?;
        let mut subjects = Vec::new();
        let mut issued = Vec::new();
        for (serial, entry) in (FIRST_SERIAL..).zip(roster()) {
            let (from, until, revoked) = match entry.standing {
                Standing::Valid => (at - days(30), at + days(365), None),
                Standing::Expired => (at - days(2 * 365), at - days(365), None),
                Standing::Revoked => (
                    at - days(60),
                    at + days(365),
                    Some(Revocation { since: at - days(10), reason: Some(RevocationReason::KeyCompromise) }),
                ),
            };
            let key = IssuedKey::generate()?;
            let certificate = ca.issue(&entry.holder, &key, serial, from, until)?;
            issued.push(Issued { serial: certificate.serial_bytes().to_vec(), revoked });
            let subject = TestSubject { entry, key, certificate };
            progress(&subject);
            subjects.push(subject);
        }
        let crl = ca.crl(&issued, 1, at, at + days(365))?;
        Ok(Self { ca, subjects, issued, crl, at })
    }

    /// The subject with roster id `id`.
    #[must_use]
    pub fn subject(&self, id: &str) -> Option<&TestSubject> {
        self.subjects.iter().find(|s| s.entry.id == id)
    }

    /// Trust in the CA, with its CRL.
    pub fn trust(&self) -> Result<Trust, PkiError> {
        let mut trust = Trust::new(vec![self.ca.certificate().clone()]);
        trust.add_crl(Crl::parse(&self.crl)?);
        Ok(trust)
    }

    /// The CA's OCSP response (DER) to `request`, produced at `produced_at`, without
    /// `nextUpdate` as the NCA responder answers.
    pub fn respond(&self, request: &OcspRequest, produced_at: DateTime<Utc>) -> Result<Vec<u8>, PkiError> {
        self.ca.respond(request, &self.issued, produced_at, None)
    }

    /// A recorded OCSP response (DER) about `subject`, as `reglament pki verify --ocsp` takes
    /// it: its `CertID` hashed with SHA-256, no nonce, produced at `at` and current for 30 days
    /// (`nextUpdate`), so that it can stand in for the responder.
    pub fn recorded_ocsp(&self, subject: &TestSubject) -> Result<Vec<u8>, PkiError> {
        let request =
            OcspRequest::new(&subject.certificate, self.ca.certificate(), crate::ocsp::CertIdHash::Sha256, None)?;
        self.ca.respond(&request, &self.issued, self.at, Some(self.at + TimeDelta::days(30)))
    }
}
