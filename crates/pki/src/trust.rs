//! Trust: anchors, intermediate certificates and CRLs; a certificate's chain to an anchor,
//! its validity at an instant and its revocation status.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cert::Certificate;
use crate::crl::Crl;
use crate::error::PkiError;
use crate::verify::certificate as verify_certificate;

/// What to do when no current CRL covers a certificate.
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
    /// A current CRL of the issuer does not list it.
    Good,
    /// No current CRL of the issuer was available.
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

/// Trust anchors, intermediates and CRLs.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: Vec<Crl>,
}

impl Trust {
    /// Trust in `anchors`.
    #[must_use]
    pub fn new(anchors: Vec<Certificate>) -> Self {
        Self { anchors, intermediates: Vec::new(), crls: Vec::new() }
    }

    /// Adds an intermediate certificate (used to build chains, not trusted by itself).
    pub fn add_intermediate(&mut self, cert: Certificate) {
        self.intermediates.push(cert);
    }

    /// Adds a CRL.
    pub fn add_crl(&mut self, crl: Crl) {
        self.crls.push(crl);
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
    /// the revocation of `cert` by a current CRL of its issuer.
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
            return Err(PkiError::Parse {
                what: "revocation status",
                reason: format!(
                    "no current CRL of {} covers the certificate of {}",
                    issuer_name(cert),
                    cert.subject_label()
                ),
            });
        }
        Ok(Verdict { chain, status })
    }

    /// Revocation of `cert` by a current, verified CRL of `issuer`.
    fn status(&self, cert: &Certificate, issuer: &Certificate, at: DateTime<Utc>) -> Result<Status, PkiError> {
        let issuer_der = issuer.subject_der()?;
        for crl in &self.crls {
            if crl.issuer_der()? != issuer_der || crl.verify(issuer).is_err() {
                continue;
            }
            if let Some(since) = crl.revoked(cert.serial_bytes())
                && since <= at
            {
                return Err(PkiError::Revoked { serial: cert.serial(), subject: cert.subject_label(), since });
            }
            if crl.is_fresh(at) {
                return Ok(Status::Good);
            }
        }
        Ok(Status::Unknown)
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
