//! Signature verifications per second on one core — RSA-2048, ECDSA P-256 and GOST R 34.10-2015
//! 512-bit — against `openssl speed` for the same algorithm, measured in the same run (the goal
//! of issue "Algorithms": at least 70 % of OpenSSL's verify rate for RSA and ECDSA; OpenSSL has
//! no GOST without an engine). Run with `cargo bench -p reglament-pki --bench verify`.
//!
//! Two figures per algorithm: a raw one (one signature: the CMS signer's over its signed
//! attributes, or for GOST the NCA test CA's over a certificate), which is what `openssl speed`
//! measures, and a whole CMS verification (parsing, content digest, signer's signature, chain to
//! the anchor and, for RSA, the CRL's signature too). A plain harness: one warm-up sample, then
//! 7 samples of at least 300 ms each; the median is reported, and a second round is measured when
//! the first misses the goal. The figures are reported, not gated: on a shared 2-core machine the
//! RSA share has ranged from 65 to 89 % between runs. The process fails only when the fixtures do
//! not verify.

#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::cast_precision_loss, reason = "operation counts are far below 2^52")]

use std::hint::black_box;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use reglament_pki::{
    Certificate, Crl, PkiError, Trust, UnknownStatus, oid, signed_by, verify_certificate, verify_cms, verify_xml,
};

const SAMPLES: usize = 7;
const SAMPLE_TIME: Duration = Duration::from_millis(300);
const GOAL: f64 = 0.70;
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(format!("{DIR}/{path}")).map_err(|e| format!("{path}: {e}"))
}

fn at(s: &str) -> Result<DateTime<Utc>, String> {
    s.parse().map_err(|e| format!("{s}: {e}"))
}

/// The first signer's signed attributes (DER), signature and certificate of a CMS message.
fn first_signer(der: &[u8]) -> Result<(Vec<u8>, Vec<u8>, Certificate), String> {
    let info = cms::content_info::ContentInfo::from_der(der).map_err(|e| e.to_string())?;
    let sd: cms::signed_data::SignedData = info.content.decode_as().map_err(|e| e.to_string())?;
    let si = sd.signer_infos.0.iter().next().ok_or("no signer")?;
    let attrs = si.signed_attrs.as_ref().ok_or("no signed attributes")?.to_der().map_err(|e| e.to_string())?;
    let cert = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .find_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => c.to_der().ok(),
            cms::cert::CertificateChoices::Other(_) => None,
        })
        .ok_or("no certificate")?;
    let cert = Certificate::from_der(&cert).map_err(|e| e.to_string())?;
    Ok((attrs, si.signature.as_bytes().to_vec(), cert))
}

/// Operations per second: the median of the samples.
fn measure(op: impl Fn() -> Result<(), PkiError>) -> Result<f64, String> {
    op().map_err(|e| format!("the operation fails before measuring: {e}"))?;
    let run = || {
        let start = Instant::now();
        let mut ops = 0u64;
        while start.elapsed() < SAMPLE_TIME {
            for _ in 0..16 {
                let _ = black_box(op());
            }
            ops += 16;
        }
        ops as f64 / start.elapsed().as_secs_f64()
    };
    run();
    let mut samples: Vec<f64> = (0..SAMPLES).map(|_| run()).collect();
    samples.sort_by(f64::total_cmp);
    Ok(samples[SAMPLES / 2])
}

/// `openssl speed -seconds 2 <algorithm>`'s verify/s column for the line containing `row`.
fn openssl_verify_rate(algorithm: &str, row: &str) -> Option<f64> {
    let out = Command::new("openssl").args(["speed", "-seconds", "2", algorithm]).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().filter(|l| l.contains(row)).find_map(|l| l.split_whitespace().last()?.parse().ok())
}

struct Figures {
    name: &'static str,
    raw: f64,
    /// A whole signed document: its kind (CMS, XAdES), rate and what it includes.
    whole: Option<(&'static str, f64, &'static str)>,
    openssl: Option<(&'static str, &'static str)>,
}

fn figures() -> Result<Vec<Figures>, String> {
    let rsa_cms = read("cms/attached_valid_rsa.p7s")?;
    let mut rsa_trust =
        Trust::new(vec![Certificate::parse(&read("nca/ca/nca_rsa_test.crt")?).map_err(|e| e.to_string())?]);
    rsa_trust.add_crl(Crl::parse(&read("nca/crl/nca_rsa_test.crl")?).map_err(|e| e.to_string())?);
    let rsa_at = at("2021-06-01T00:00:00Z")?;
    let (rsa_attrs, rsa_sig, rsa_cert) = first_signer(&rsa_cms)?;

    let ec_cms = read("cms/attached_valid_ecdsa.p7s")?;
    let ec_trust = Trust::new(vec![Certificate::parse(&read("cms/ecdsa_ca.pem")?).map_err(|e| e.to_string())?]);
    let ec_at = at("2027-06-01T00:00:00Z")?;
    let (ec_attrs, ec_sig, ec_cert) = first_signer(&ec_cms)?;

    let gost_ca = Certificate::parse(&read("nca/ca/nca_gost2015_test.cer")?).map_err(|e| e.to_string())?;
    let gost_leaf = Certificate::parse(&read("nca/derived/xades_signer_2015_gost.cer")?).map_err(|e| e.to_string())?;
    let xades = read("nca/xades/xades-test-signed-b.xml")?;
    let nca = Trust::nca_test().map_err(|e| e.to_string())?;
    let xades_at = at("2026-09-03T00:00:00Z")?;

    Ok(vec![
        Figures {
            name: "RSA-2048",
            raw: measure(|| signed_by(oid::RSA_SHA256, &rsa_attrs, &rsa_sig, &rsa_cert, "bench"))?,
            whole: Some((
                "CMS",
                measure(|| verify_cms(&rsa_cms, None, &rsa_trust, rsa_at, UnknownStatus::Refuse).map(|_| ()))?,
                "signer RSA-2048 + certificate and CRL by the RSA-4096 CA",
            )),
            openssl: Some(("rsa2048", "rsa 2048 bits")),
        },
        Figures {
            name: "ECDSA P-256",
            raw: measure(|| signed_by(oid::ECDSA_SHA256, &ec_attrs, &ec_sig, &ec_cert, "bench"))?,
            whole: Some((
                "CMS",
                measure(|| verify_cms(&ec_cms, None, &ec_trust, ec_at, UnknownStatus::Accept).map(|_| ()))?,
                "signer + certificate, no CRL",
            )),
            openssl: Some(("ecdsap256", "(nistp256)")),
        },
        Figures {
            name: "GOST 2015-512",
            raw: measure(|| verify_certificate(&gost_leaf, &gost_ca))?,
            whole: Some((
                "XAdES-B",
                measure(|| verify_xml(&xades, &nca, xades_at, UnknownStatus::Accept).map(|_| ()))?,
                "NCALayer's document: two reference digests, the signature, the certificate by the CA; no current CRL",
            )),
            openssl: None,
        },
    ])
}

fn main() -> ExitCode {
    let have_openssl = Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    if !have_openssl {
        println!("openssl not available: no comparison");
    }
    match round(have_openssl) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            // A shared CI machine swings the RSA share between about 65 and 89 %: the figure is
            // reported, not gated (like the persisted benchmark).
            println!("below the goal: both sides measured once more, in case the machine was busy");
            let _ = round(have_openssl);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("the benchmark's fixtures do not verify: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One measurement of every algorithm, ours and OpenSSL's; whether every goal was met.
fn round(have_openssl: bool) -> Result<bool, String> {
    let figures = figures()?;
    let mut ok = true;
    for f in &figures {
        let comparison = match f.openssl {
            Some((algorithm, row)) if have_openssl => match openssl_verify_rate(algorithm, row) {
                Some(theirs) => {
                    let share = f.raw / theirs;
                    let met = share >= GOAL;
                    ok &= met;
                    format!(
                        "; openssl raw verify: {theirs:.0}/s ({:.0} %, goal {:.0} %): {}",
                        share * 100.0,
                        GOAL * 100.0,
                        if met { "met" } else { "MISSED" }
                    )
                }
                None => format!("; `openssl speed {algorithm}` gave no verify figure"),
            },
            Some(_) => String::new(),
            None => "; OpenSSL has no such algorithm without an engine".to_owned(),
        };
        println!("{} raw verify (one signature): {:.0}/s{comparison}", f.name, f.raw);
        if let Some((kind, rate, what)) = f.whole {
            println!("{} {kind} verify ({what}): {rate:.0}/s", f.name);
        }
    }
    Ok(ok)
}
