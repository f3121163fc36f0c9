//! `reglament pki verify FILE`: a certificate or a CMS signature, verified and explained.

use std::path::PathBuf;

use chrono::Utc;
use clap::{Args, Subcommand};
use reglament_pki::{Certificate, Crl, Trust, UnknownStatus, verify_cms};
use serde::Serialize;

use crate::error::CliError;

/// PKI subcommands.
#[derive(Debug, Subcommand)]
pub enum PkiCommand {
    /// Verify a certificate or a CMS signature: signers, IIN/BIN and role, chain, revocation, verdict.
    Verify(VerifyArgs),
}

/// Options of `reglament pki verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A certificate (DER or PEM) or a CMS signature (DER).
    file: PathBuf,
    /// The signed content, for a detached CMS signature.
    #[arg(long)]
    content: Option<PathBuf>,
    /// The instant to verify at (default: now).
    #[arg(long)]
    at: Option<String>,
    /// A trust anchor certificate (repeatable). Without any, the NCA test PKI is used.
    #[arg(long)]
    anchor: Vec<PathBuf>,
    /// A CRL (repeatable).
    #[arg(long)]
    crl: Vec<PathBuf>,
    /// Accept a certificate whose revocation status cannot be established.
    #[arg(long)]
    accept_unknown: bool,
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    json: bool,
}

fn read(path: &PathBuf) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Io { what: format!("reading {}", path.display()), source })
}

/// The verdict printed.
#[derive(Serialize)]
struct Report {
    trust: String,
    verified: serde_json::Value,
}

/// Runs a PKI subcommand.
pub fn run(command: &PkiCommand) -> Result<(), CliError> {
    let PkiCommand::Verify(args) = command;
    let at = match &args.at {
        Some(t) => reglament_calendar::parse_instant(t, chrono_tz::Asia::Almaty).map_err(CliError::argument("at"))?,
        None => Utc::now(),
    };
    let (mut trust, trust_name) = if args.anchor.is_empty() {
        (Trust::nca_test()?, "NCA test PKI".to_owned())
    } else {
        let anchors =
            args.anchor.iter().map(|p| Ok(Certificate::parse(&read(p)?)?)).collect::<Result<Vec<_>, CliError>>()?;
        (Trust::new(anchors), format!("{} anchor(s)", args.anchor.len()))
    };
    for crl in &args.crl {
        trust.add_crl(Crl::parse(&read(crl)?)?);
    }
    let unknown = if args.accept_unknown { UnknownStatus::Accept } else { UnknownStatus::Refuse };
    let bytes = read(&args.file)?;
    let verified = if let Ok(cert) = Certificate::parse(&bytes) {
        let verdict = trust.verify(&cert, at, unknown)?;
        serde_json::json!({ "certificate": cert.subject(), "roles": cert.roles(), "signing": cert.is_signing(), "serial": cert.serial(), "chain": verdict.chain, "status": verdict.status })
    } else {
        let content = args.content.as_ref().map(read).transpose()?;
        let signed = verify_cms(&bytes, content.as_deref(), &trust, at, unknown)?;
        serde_json::json!({ "signers": signed.signers, "content_bytes": signed.content.len() })
    };
    let report = Report { trust: trust_name, verified };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("trust: {}; verified at {at}", report.trust);
        println!("{}", serde_json::to_string_pretty(&report.verified)?);
        println!("verdict: valid");
    }
    Ok(())
}
