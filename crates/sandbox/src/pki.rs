//! The test PKI served under `/pki`: a [`TestPki`] generated at start (the instant and the base
//! URL are arguments), its CA certificate, CRL and OCSP responder, the roster, and each subject's
//! certificate and PKCS#12 key store — test keys only, for loopback development, never for
//! anything real.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use reglament_pki::issue::{PASSWORD, Standing, TestPki, TestSubject};
use serde::Serialize;

use crate::{Sandbox, SandboxError};

/// The base URL of the test PKI served by a sandbox at `address` (`http://{address}/pki`), as
/// [`TestPki::generate`] takes it: its certificates then point at this sandbox's CRL and OCSP.
#[must_use]
pub fn base_url(address: std::net::SocketAddr) -> String {
    format!("http://{address}/pki")
}

/// One subject of `GET /pki/roster.json`.
#[derive(Debug, Clone, Serialize)]
struct RosterItem {
    id: &'static str,
    description: &'static str,
    standing: Standing,
    common_name: String,
    iin: String,
    bin: Option<String>,
    serial: String,
    not_before: chrono::DateTime<Utc>,
    not_after: chrono::DateTime<Utc>,
    certificate: String,
    key_store: String,
}

/// `GET /pki/roster.json`'s body.
#[derive(Debug, Clone, Serialize)]
struct Roster {
    issued_at: chrono::DateTime<Utc>,
    ca: String,
    crl: String,
    ocsp: String,
    password: &'static str,
    subjects: Vec<RosterItem>,
}

fn the_pki(sandbox: &Sandbox) -> Result<Arc<TestPki>, SandboxError> {
    sandbox.pki.clone().ok_or_else(|| SandboxError::NotFound("this sandbox was started without a test PKI".into()))
}

fn the_subject<'a>(pki: &'a TestPki, id: &str) -> Result<&'a TestSubject, SandboxError> {
    pki.subject(id).ok_or_else(|| SandboxError::NotFound(format!("test subject {id}")))
}

fn binary(content_type: &'static str, body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn failed(e: &reglament_pki::PkiError) -> SandboxError {
    SandboxError::Pki(format!("{}: {e}", e.code()))
}

pub(crate) async fn ca_certificate(State(sandbox): State<Sandbox>) -> Result<Response, SandboxError> {
    let pki = the_pki(&sandbox)?;
    Ok(binary("application/pkix-cert", pki.ca.certificate().der().to_vec()))
}

pub(crate) async fn crl(State(sandbox): State<Sandbox>) -> Result<Response, SandboxError> {
    let pki = the_pki(&sandbox)?;
    Ok(binary("application/pkix-crl", pki.crl.clone()))
}

/// Answers a DER OCSP request, produced now (the sandbox is an edge: it reads the clock); bytes
/// that are not a request get a `malformedRequest` response, as a responder answers.
pub(crate) async fn ocsp(State(sandbox): State<Sandbox>, body: Bytes) -> Result<Response, SandboxError> {
    let pki = the_pki(&sandbox)?;
    let answer = pki
        .ca
        .respond_to_der(&body, &pki.issued, chrono::DateTime::<Utc>::from(std::time::SystemTime::now()))
        .map_err(|e| failed(&e))?;
    Ok(binary("application/ocsp-response", answer))
}

pub(crate) async fn roster(State(sandbox): State<Sandbox>) -> Result<Response, SandboxError> {
    let pki = the_pki(&sandbox)?;
    let subjects = pki
        .subjects
        .iter()
        .map(|s| {
            let (not_before, not_after) = s.certificate.validity();
            RosterItem {
                id: s.entry.id,
                description: s.entry.description,
                standing: s.entry.standing,
                common_name: s.entry.holder.common_name(),
                iin: s.entry.holder.iin.clone(),
                bin: s.entry.holder.organisation.as_ref().map(|(_, bin)| bin.clone()),
                serial: s.certificate.serial(),
                not_before,
                not_after,
                certificate: format!("/pki/{}/cert.cer", s.entry.id),
                key_store: format!("/pki/{}/key.p12", s.entry.id),
            }
        })
        .collect();
    let roster = Roster {
        issued_at: pki.at,
        ca: pki.ca.certificate_url(),
        crl: pki.ca.crl_url(),
        ocsp: pki.ca.ocsp_url(),
        password: PASSWORD,
        subjects,
    };
    Ok(axum::Json(roster).into_response())
}

pub(crate) async fn certificate(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
) -> Result<Response, SandboxError> {
    let pki = the_pki(&sandbox)?;
    let subject = the_subject(&pki, &id)?;
    Ok(binary("application/pkix-cert", subject.certificate.der().to_vec()))
}

/// The subject's PKCS#12 key store, protected by [`PASSWORD`].
pub(crate) async fn key_store(
    State(sandbox): State<Sandbox>,
    Path(id): Path<String>,
) -> Result<Response, SandboxError> {
    let pki = the_pki(&sandbox)?;
    let subject = the_subject(&pki, &id)?;
    let store = subject.pkcs12(pki.ca.certificate(), PASSWORD).map_err(|e| failed(&e))?;
    Ok(binary("application/x-pkcs12", store))
}
