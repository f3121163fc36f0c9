//! `reglament pki sign FILE --key STORE.p12`: a result signed as CMS by the official's key.

use std::path::PathBuf;

use chrono::Utc;
use clap::Args;
use reglament_pki::{SigningKey, SoftwareKey, sign_cms};

use crate::error::CliError;
use crate::pki_cmd::read;

/// Options of `reglament pki sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The document to sign.
    file: PathBuf,
    /// The PKCS#12 key store of the signing official.
    #[arg(long)]
    key: PathBuf,
    /// The key store's password (or set `REGLAMENT_KEY_PASSWORD`).
    #[arg(long, env = "REGLAMENT_KEY_PASSWORD", hide_env_values = true)]
    password: String,
    /// Leave the document out of the signature (a detached `.p7s`).
    #[arg(long)]
    detached: bool,
    /// The signing time to record (default: now).
    #[arg(long)]
    at: Option<String>,
    /// Where to write the signature (default: FILE.p7s).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Signs and writes the signature; prints who signed.
pub fn run(args: &SignArgs) -> Result<(), CliError> {
    let at = match &args.at {
        Some(t) => reglament_calendar::parse_instant(t, chrono_tz::Asia::Almaty).map_err(CliError::argument("at"))?,
        None => Utc::now(),
    };
    let key = SoftwareKey::from_pkcs12(&read(&args.key)?, &args.password)?;
    let signature = sign_cms(&read(&args.file)?, &key, at, args.detached)?;
    let out = args.out.clone().unwrap_or_else(|| {
        let mut name = args.file.clone().into_os_string();
        name.push(".p7s");
        PathBuf::from(name)
    });
    std::fs::write(&out, signature)
        .map_err(|source| CliError::Io { what: format!("writing {}", out.display()), source })?;
    println!("{} ← {}", out.display(), key.certificate().subject_label());
    Ok(())
}
