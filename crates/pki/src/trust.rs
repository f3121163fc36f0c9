//! Trust: anchors, intermediate certificates and CRLs; a certificate's chain to an anchor,
//! its validity at an instant and its revocation status.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cert::Certificate;
use crate::crl::Crl;
use crate::error::PkiError;
use crate::ocsp::{CertStatus, OcspOptions, OcspResponse, ResponseStatus, RevocationReason, VerifiedOcsp};
use crate::verify::certificate as verify_certificate;

/// What to do when neither a current CRL nor a verified OCSP response covers a certificate (no
/// CRL at hand and the OCSP responder could not be reached): chosen per use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownStatus {
    /// Refuse (the default for applicants' signatures).
    #[default]
    Refuse,
    /// Accept, reporting the status as unknown.
    Accept,
}

/// The revocation status found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A current CRL of the issuer does not list it, or a current verified OCSP response says
    /// it is good.
    Good,
    /// Neither a current CRL of the issuer nor a current verified OCSP response was available.
    Unknown,
}

/// The outcome of checking a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Subjects from the certificate to the anchor.
    pub chain: Vec<String>,
    /// The revocation status of the certificate.
    pub status: Status,
}

/// Trust anchors, intermediates, CRLs and verified OCSP responses.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: Vec<Crl>,
    ocsp: Vec<VerifiedOcsp>,
}

impl Trust {
    /// Trust in `anchors`.
    #[must_use]
    pub fn new(anchors: Vec<Certificate>) -> Self {
        Self { anchors, intermediates: Vec::new(), crls: Vec::new(), ocsp: Vec::new() }
    }

    /// Adds an intermediate certificate (used to build chains, not trusted by itself).
    pub fn add_intermediate(&mut self, cert: Certificate) {
        self.intermediates.push(cert);
    }

    /// Adds a CRL, complete or delta: a delta CRL counts only together with a current complete
    /// CRL of the same issuer that it updates (see [`Trust::verify`]).
    pub fn add_crl(&mut self, crl: Crl) {
        self.crls.push(crl);
    }

    /// Adds a verified OCSP response (see [`OcspResponse::verify`] and [`Trust::verify_ocsp`]):
    /// [`Trust::verify`] takes a revocation from it, and its "good" when no current CRL speaks.
    pub fn add_ocsp(&mut self, response: VerifiedOcsp) {
        self.ocsp.push(response);
    }

    /// Verifies `response` at `at` against the anchor or intermediate whose certificates it
    /// answers about (see [`OcspResponse::verify`]).
    pub fn verify_ocsp(
        &self,
        response: &OcspResponse,
        at: DateTime<Utc>,
        options: &OcspOptions,
    ) -> Result<VerifiedOcsp, PkiError> {
        if response.status() != ResponseStatus::Successful {
            return Err(PkiError::OcspUnsuccessful(response.status().name().to_owned()));
        }
        let issuer = self
            .anchors
            .iter()
            .chain(&self.intermediates)
            .find(|ca| response.responses().iter().any(|r| r.cert_id.matches_issuer(ca)));
        match issuer {
            Some(ca) => response.verify(ca, at, options),
            None => Err(PkiError::OcspMismatch("the certificates of any trusted issuer".to_owned())),
        }
    }

    fn issuer_of(&self, cert: &Certificate) -> Result<Option<(&Certificate, bool)>, PkiError> {
        let issuer = cert.issuer_der()?;
        for (list, anchor) in [(&self.anchors, true), (&self.intermediates, false)] {
            for candidate in list {
                if candidate.subject_der()? == issuer && verify_certificate(cert, candidate).is_ok() {
                    return Ok(Some((candidate, anchor)));
                }
            }
        }
        Ok(None)
    }

    /// Checks `cert` at `at`: validity of every certificate up to an anchor, the signatures, and
    /// the revocation of `cert` by a current CRL of its issuer (updated by a current delta CRL
    /// whose base it is) or a verified OCSP response.
    pub fn verify(&self, cert: &Certificate, at: DateTime<Utc>, unknown: UnknownStatus) -> Result<Verdict, PkiError> {
        let mut chain = vec![cert.subject_label()];
        let mut current = cert.clone();
        let mut first_issuer: Option<Certificate> = None;
        loop {
            current.check_validity(at)?;
            let Some((issuer, is_anchor)) = self.issuer_of(&current)? else {
                return Err(PkiError::UntrustedIssuer {
                    subject: current.subject_label(),
                    issuer: current.issuer_label(),
                });
            };
            chain.push(issuer.subject_label());
            first_issuer.get_or_insert_with(|| issuer.clone());
            if is_anchor {
                break;
            }
            if chain.len() > 8 {
                return Err(PkiError::UntrustedIssuer {
                    subject: current.subject_label(),
                    issuer: current.issuer_label(),
                });
            }
            current = issuer.clone();
        }
        let status = match first_issuer {
            Some(issuer) => self.status(cert, &issuer, at)?,
            None => Status::Unknown,
        };
        if status == Status::Unknown && unknown == UnknownStatus::Refuse {
            return Err(PkiError::UnknownStatus { issuer: issuer_name(cert), subject: cert.subject_label() });
        }
        Ok(Verdict { chain, status })
    }

    /// Revocation of `cert` by a current, verified CRL of `issuer` (with the delta CRL that
    /// updates it, if one is current), or by a verified OCSP response about it. A revocation (by
    /// either) on or before `at` refuses; otherwise a current CRL, or else an OCSP response
    /// current at `at` (one produced after `at` speaks for it too, as a later CRL does), says
    /// good.
    fn status(&self, cert: &Certificate, issuer: &Certificate, at: DateTime<Utc>) -> Result<Status, PkiError> {
        let crl_good = match self.crl_status(cert, issuer, at)? {
            CrlSays::Revoked(since) => {
                return Err(PkiError::Revoked { serial: cert.serial(), subject: cert.subject_label(), since });
            }
            CrlSays::Good => true,
            CrlSays::Nothing => false,
        };
        let mut ocsp_good = false;
        for response in &self.ocsp {
            let Some(single) = response.status_of(cert, issuer) else { continue };
            match single.status {
                status if status.is_non_issued() => {
                    return Err(PkiError::NotIssued {
                        serial: cert.serial(),
                        subject: cert.subject_label(),
                        responder: response.responder().to_owned(),
                    });
                }
                CertStatus::Revoked { since, .. } if since <= at => {
                    return Err(PkiError::Revoked { serial: cert.serial(), subject: cert.subject_label(), since });
                }
                CertStatus::Good | CertStatus::Revoked { .. } if at <= response.valid_until() => ocsp_good = true,
                _ => {}
            }
        }
        Ok(if crl_good || ocsp_good { Status::Good } else { Status::Unknown })
    }
}

/// What the CRLs of an issuer say about a certificate at an instant.
enum CrlSays {
    /// Revoked or on hold since then.
    Revoked(DateTime<Utc>),
    /// A current CRL (with its delta, if any) does not list it as revoked.
    Good,
    /// No current CRL.
    Nothing,
}

impl Trust {
    /// The revocation status of `cert` by the CRLs of `issuer` whose signature verifies and whose
    /// critical extensions are all understood (RFC 5280 §5.2, §5.2.4, §6.3.3).
    ///
    /// The current view is the complete CRL with the highest number among those current at `at`,
    /// updated by the current delta CRL with the highest number whose base is at most that
    /// number and whose own number is above it (a delta older than the complete CRL adds
    /// nothing). The delta's entry, if it lists the serial, replaces the complete CRL's: revoked
    /// or on hold refuses, `removeFromCRL` takes a hold off. Any other delta (stale, its base
    /// missing or too new, unreadable) is ignored. A complete CRL outside the current view still
    /// refuses by a revocation it lists, but not by a hold (which the current view has the last
    /// word on, when there is one).
    fn crl_status(&self, cert: &Certificate, issuer: &Certificate, at: DateTime<Utc>) -> Result<CrlSays, PkiError> {
        let issuer_der = issuer.subject_der()?;
        let mut complete = Vec::new();
        let mut deltas = Vec::new();
        for crl in &self.crls {
            if crl.issuer_der()? != issuer_der || !crl.is_supported() || crl.verify(issuer).is_err() {
                continue;
            }
            if crl.is_delta() { deltas.push(crl) } else { complete.push(crl) }
        }
        let serial = cert.serial_bytes();
        let base = complete.iter().copied().filter(|c| c.is_fresh(at)).max_by_key(|c| (c.number(), c.this_update()));
        let delta = base.and_then(|base| {
            let number = base.number()?;
            deltas
                .iter()
                .copied()
                .filter(|d| d.is_fresh(at))
                .filter(|d| d.delta_base().is_some_and(|b| b <= number) && d.number().is_some_and(|n| n > number))
                .max_by_key(|d| (d.number(), d.this_update()))
        });
        for other in complete.iter().copied().filter(|c| base.is_none_or(|b| !std::ptr::eq(*c, b))) {
            if let Some(entry) = other.entry(serial)
                && !entry.is_removal()
                && entry.since <= at
                && (base.is_none() || entry.reason != Some(RevocationReason::CertificateHold))
            {
                return Ok(CrlSays::Revoked(entry.since));
            }
        }
        let Some(base) = base else { return Ok(CrlSays::Nothing) };
        let entry = delta.and_then(|d| d.entry(serial)).or_else(|| base.entry(serial));
        Ok(match entry {
            Some(entry) if !entry.is_removal() && entry.since <= at => CrlSays::Revoked(entry.since),
            _ => CrlSays::Good,
        })
    }
}

fn issuer_name(cert: &Certificate) -> String {
    cert.issuer_label()
}

impl Trust {
    /// The NCA *test* PKI (its three test CAs and their CRLs), compiled in for the demo and the
    /// tests. Never to be used in production.
    pub fn nca_test() -> Result<Self, PkiError> {
        let mut trust = Self::new(vec![
            Certificate::parse(include_bytes!("../anchors/nca-test/nca_rsa_test.crt"))?,
            Certificate::parse(include_bytes!("../anchors/nca-test/nca_gost_test.crt"))?,
            Certificate::parse(include_bytes!("../anchors/nca-test/nca_gost2015_test.cer"))?,
        ]);
        for crl in [
            &include_bytes!("../anchors/nca-test/nca_rsa_test.crl")[..],
            &include_bytes!("../anchors/nca-test/nca_gost_test.crl")[..],
            &include_bytes!("../anchors/nca-test/nca_gost2022_test.crl")[..],
        ] {
            trust.add_crl(Crl::parse(crl)?);
        }
        Ok(trust)
    }
}
