//! `reglament sandbox [--port 8081] [--state FILE] [--trace]`: the external state systems played
//! on loopback (individuals, legal entities, legal statistics, dispensaries, licences, payments)
//! with seeded data and switchable faults, requiring the signed gateway envelope, and the test
//! PKI (CA, CRL, OCSP, test key stores) generated at start under `/pki`.
//!
//! Standard output carries exactly one line at start, `sandbox on http://127.0.0.1:PORT/`, and
//! with `--trace` one line per request to a state system as it is received (each flushed at
//! once, so that a driving process can read them); everything else goes to standard error.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::Utc;
use clap::Args;
use reglament_domain::StateSystem;
use reglament_pki::issue::{PASSWORD, TestPki};
use reglament_pki::{SoftwareKey, Trust};
use reglament_sandbox::{Sandbox, data, pki};
use tokio::net::TcpListener;

use crate::error::CliError;

/// Options of `reglament sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The port on 127.0.0.1 to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// Keep invoices, idempotency keys and counters in this JSON file across restarts (default:
    /// in memory only).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Print one line per request to a state system on standard output as it is received:
    /// `request SYSTEM METHOD PATH key=KEY id=REQUEST_ID attempt=N`.
    #[arg(long)]
    trace: bool,
}

fn bound_address(listener: &TcpListener) -> Result<SocketAddr, CliError> {
    listener.local_addr().map_err(|source| CliError::Io { what: "reading the bound address".into(), source })
}

/// `sandbox` with a test PKI generated now whose certificates point at `address`.
fn with_test_pki(sandbox: Sandbox, address: SocketAddr) -> Result<Sandbox, CliError> {
    Ok(sandbox.with_pki(TestPki::generate(Utc::now(), &pki::base_url(address))?))
}

/// The sandbox for `listener` (in memory, requiring the envelope), with a test PKI generated now
/// whose certificates point at the listener's own address; that address; the platform's key
/// from the test PKI (`platform-gateway`), which the sandbox trusts; and trust in the test PKI's
/// CA (with its CRL), for the portal to check the roster's signatures with.
pub(crate) fn sandbox_on(listener: &TcpListener) -> Result<(Sandbox, SocketAddr, SoftwareKey, Trust), CliError> {
    let address = bound_address(listener)?;
    let pki = TestPki::generate(Utc::now(), &pki::base_url(address))?;
    let platform = pki
        .subject("platform-gateway")
        .ok_or_else(|| CliError::NotFound("the test PKI has no platform-gateway key".into()))?
        .signing_key(pki.ca.certificate())?;
    let trust = pki.trust()?;
    Ok((Sandbox::new().with_pki(pki).requiring_envelopes(), address, platform, trust))
}

/// The lines naming the test PKI's routes at `address`.
fn pki_lines(address: SocketAddr) -> [String; 3] {
    let base = pki::base_url(address);
    [
        "  test PKI (TEST KEYS ONLY, loopback only)".to_owned(),
        format!("                        {base}/ca.cer  {base}/ca.crl  POST {base}/ocsp"),
        format!("                        {base}/roster.json  {base}/{{subject}}/key.p12 (password {PASSWORD})"),
    ]
}

/// Prints the lines naming the test PKI's routes at `address` (standard output).
pub(crate) fn print_pki(address: SocketAddr) {
    for line in pki_lines(address) {
        println!("{line}");
    }
}

/// Prints one line to standard output and flushes it at once.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Describes the systems, faults, envelope and seeded persons (standard error).
fn describe(address: SocketAddr, state: Option<&PathBuf>) {
    for system in StateSystem::ALL {
        let base = format!("http://{address}/{system}/v1");
        eprintln!("  {:<17} {base:<52} (contract: /contracts/{system}.json)", system.as_str());
    }
    eprintln!(
        "  envelope          required: X-Gateway-Sender, -Message-Id, -Sent-At, -Signature (CMS by a roster key)"
    );
    eprintln!(
        "  faults            POST /admin/faults {{\"system\":\"payments\",\"kind\":{{\"status\":503}},\"count\":2}}"
    );
    eprintln!(
        "                    or per request: X-Sandbox-Fault: latency=MS|timeout|status=CODE|malformed|truncated"
    );
    match state {
        Some(path) => eprintln!("  state             {}", path.display()),
        None => eprintln!("  state             in memory (--state FILE keeps it across restarts)"),
    }
    for line in pki_lines(address) {
        eprintln!("{line}");
    }
    for person in data::persons().iter().take(5) {
        eprintln!("  person {} {}", person.iin, person.full_name());
    }
}

/// Serves the sandbox until Ctrl-C.
pub fn run(args: &SandboxArgs) -> Result<(), CliError> {
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let listener = TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|source| CliError::Io { what: format!("binding 127.0.0.1:{}", args.port), source })?;
        let address = bound_address(&listener)?;
        let sandbox = match &args.state {
            Some(path) => Sandbox::open(path).map_err(|e| CliError::Io {
                what: format!("opening the state file {}", path.display()),
                source: std::io::Error::other(e.to_string()),
            })?,
            None => Sandbox::new(),
        };
        let mut sandbox = with_test_pki(sandbox.requiring_envelopes(), address)?;
        if args.trace {
            sandbox = sandbox.with_trace(say);
        }
        say(&format!("sandbox on http://{address}/"));
        describe(address, args.state.as_ref());
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        reglament_sandbox::serve(listener, sandbox, shutdown).await.map_err(|e| CliError::Io {
            what: "serving the sandbox".into(),
            source: std::io::Error::other(e.to_string()),
        })
    })
}
