//! `reglament pki init --out DIR`: a development PKI in the NCA profile written to a directory —
//! the CA certificate, its CRL, each roster subject's key and certificate, and the roster.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use reglament_pki::Role;
use reglament_pki::issue::{PASSWORD, Standing, TestPki, TestSubject, Usage, pem};
use serde::Serialize;

use crate::error::CliError;

/// Options of `reglament pki init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to write (created; refused if it exists and is not empty).
    #[arg(long)]
    out: PathBuf,
    /// The instant of issue (default: now): validity, expiry and revocation are set around it.
    #[arg(long)]
    at: Option<String>,
    /// Where the CRL (BASE/ca.crl), the OCSP responder (BASE/ocsp) and the CA certificate
    /// (BASE/ca.cer) are published, as written into the certificates.
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    base_url: String,
}

/// One subject as `roster.json` lists it.
#[derive(Serialize)]
struct RosterLine<'a> {
    id: &'a str,
    description: &'a str,
    common_name: String,
    iin: &'a str,
    organisation: Option<&'a str>,
    bin: Option<&'a str>,
    roles: &'a [Role],
    usage: Usage,
    standing: Standing,
    serial: String,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
    revoked_since: Option<DateTime<Utc>>,
    certificate: String,
    key_store: String,
    key: String,
    ocsp: String,
}

/// `roster.json`.
#[derive(Serialize)]
struct Roster<'a> {
    issued_at: DateTime<Utc>,
    base_url: &'a str,
    ca: String,
    ca_serial: String,
    crl: &'static str,
    key_format: &'static str,
    password: &'static str,
    subjects: Vec<RosterLine<'a>>,
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|source| CliError::Io { what: format!("writing {}", path.display()), source })
}

/// Writes a private key readable by its owner only (on Unix).
fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|source| CliError::Io { what: format!("writing {}", path.display()), source })
}

fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Valid => "valid",
        Standing::Expired => "expired",
        Standing::Revoked => "revoked",
    }
}

fn role_names(roles: &[Role]) -> String {
    let names: Vec<&str> = roles
        .iter()
        .map(|r| match r {
            Role::Individual => "individual",
            Role::LegalEntity => "legal entity",
            Role::FirstHead => "first head",
            Role::RightOfSignature => "right of signature",
            Role::FinancialDocuments => "financial documents",
            Role::HumanResources => "human resources",
            Role::Employee => "employee",
        })
        .collect();
    names.join(", ")
}

fn summary(s: &TestSubject) -> String {
    let holder = &s.entry.holder;
    let entity = holder.organisation.as_ref().map(|(o, bin)| format!(", {o} BIN {bin}")).unwrap_or_default();
    let usage = match holder.usage {
        Usage::Signing => "signing",
        Usage::Authentication => "authentication",
    };
    format!(
        "{:<20} {}, IIN {}{entity}; {}; {usage}; {}",
        s.entry.id,
        holder.common_name(),
        holder.iin,
        role_names(&holder.roles),
        standing(s.entry.standing)
    )
}

/// Creates the PKI and writes it, reporting each step.
pub fn run(args: &InitArgs) -> Result<(), CliError> {
    let at = match &args.at {
        Some(t) => reglament_calendar::parse_instant(t, chrono_tz::Asia::Almaty).map_err(CliError::argument("at"))?,
        None => Utc::now(),
    };
    let out = &args.out;
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(CliError::NotFound(format!(
            "argument <out>: {} is not empty; choose a new directory (keys are never overwritten)",
            out.display()
        )));
    }
    std::fs::create_dir_all(out)
        .map_err(|source| CliError::Io { what: format!("creating {}", out.display()), source })?;

    println!("Development PKI (NCA profile, ECDSA P-256) at {}", at.format("%Y-%m-%d %H:%M:%S UTC"));
    let pki = TestPki::generate_with(at, &args.base_url, |s| println!("  issued {}", summary(s)))?;
    let ca = pki.ca.certificate();
    write(&out.join("ca.cer"), ca.der())?;
    write(&out.join("ca.pem"), pem("CERTIFICATE", ca.der()).as_bytes())?;
    write(&out.join("ca.crl"), &pki.crl)?;
    println!("  wrote ca.cer, ca.pem ({}), ca.crl (1 revoked)", ca.subject_label());

    let mut lines = Vec::new();
    for s in &pki.subjects {
        let dir = out.join(s.entry.id);
        std::fs::create_dir_all(&dir)
            .map_err(|source| CliError::Io { what: format!("creating {}", dir.display()), source })?;
        let cert = &s.certificate;
        write(&dir.join("cert.cer"), cert.der())?;
        write(&dir.join("cert.pem"), pem("CERTIFICATE", cert.der()).as_bytes())?;
        write_secret(&dir.join("key.pem"), pem("PRIVATE KEY", s.key.pkcs8_der()).as_bytes())?;
        write_secret(&dir.join("key.p12"), &s.pkcs12(ca, PASSWORD)?)?;
        write(&dir.join("ocsp.der"), &pki.recorded_ocsp(s)?)?;
        // The key and the certificate must pair, as a signing key reads them.
        s.signing_key(ca)?;
        let (valid_from, valid_until) = cert.validity();
        let holder = &s.entry.holder;
        lines.push(RosterLine {
            id: s.entry.id,
            description: s.entry.description,
            common_name: holder.common_name(),
            iin: &holder.iin,
            organisation: holder.organisation.as_ref().map(|(o, _)| o.as_str()),
            bin: holder.organisation.as_ref().map(|(_, b)| b.as_str()),
            roles: &holder.roles,
            usage: holder.usage,
            standing: s.entry.standing,
            serial: cert.serial(),
            valid_from,
            valid_until,
            revoked_since: pki
                .issued
                .iter()
                .find(|i| i.serial == cert.serial_bytes())
                .and_then(|i| i.revoked)
                .map(|r| r.since),
            certificate: format!("{}/cert.cer", s.entry.id),
            key_store: format!("{}/key.p12", s.entry.id),
            key: format!("{}/key.pem", s.entry.id),
            ocsp: format!("{}/ocsp.der", s.entry.id),
        });
        println!("  wrote {}/cert.cer, cert.pem, key.p12, key.pem, ocsp.der", s.entry.id);
    }
    let roster = Roster {
        issued_at: pki.at,
        base_url: &args.base_url,
        ca: ca.subject_label(),
        ca_serial: ca.serial(),
        crl: "ca.crl",
        key_format: "key.p12: PKCS#12 (PBES2 AES-256, HMAC-SHA-256) with the password; key.pem: PKCS#8, unencrypted",
        password: PASSWORD,
        subjects: lines,
    };
    write(&out.join("roster.json"), serde_json::to_string_pretty(&roster)?.as_bytes())?;
    write(&out.join("README.txt"), readme(&pki, &args.base_url).as_bytes())?;
    println!("  wrote roster.json, README.txt");
    println!(
        "Verify with: reglament pki verify {}/individual-valid/cert.cer --anchor {}/ca.cer --crl {}/ca.crl",
        out.display(),
        out.display(),
        out.display()
    );
    Ok(())
}

fn readme(pki: &TestPki, base_url: &str) -> String {
    let mut text = format!(
        "Reglament development PKI — NOT the NCA, for the demo and tests only.\n\n\
         Issued at {at}. CA: {ca} (ECDSA P-256), valid three years before to ten years after.\n\
         ca.cer / ca.pem  the trust anchor (--anchor)\n\
         ca.crl           its CRL (--crl), next update a year after issue\n\
         Certificates point at {base_url}/ca.crl, {base_url}/ocsp and {base_url}/ca.cer.\n\n\
         Each subject's directory holds cert.cer (DER), cert.pem, key.p12 (PKCS#12 with the\n\
         certificate and the CA's, password {PASSWORD}) and key.pem (the same key, PKCS#8,\n\
         unencrypted: development keys only), and ocsp.der, the CA's OCSP answer about it\n\
         at issue, current for 30 days (--ocsp).\n\
         Valid: from 30 days before issue, for a year. Expired: a year before issue.\n\
         Revoked: 10 days before issue (key compromise).\n\n",
        at = pki.at.format("%Y-%m-%d %H:%M:%S UTC"),
        ca = pki.ca.certificate().subject_label(),
    );
    for s in &pki.subjects {
        text.push_str(&summary(s));
        text.push('\n');
    }
    text
}
