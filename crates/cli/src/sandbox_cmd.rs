//! `reglament sandbox [--port 8081]`: the external state systems played on loopback
//! (individuals registry, payment service) with seeded data and switchable faults, and the test
//! PKI (CA, CRL, OCSP, test key stores) generated at start under `/pki`.

use std::net::SocketAddr;

use chrono::Utc;
use clap::Args;
use reglament_pki::issue::{PASSWORD, TestPki};
use reglament_sandbox::{Sandbox, data, pki};
use tokio::net::TcpListener;

use crate::error::CliError;

/// Options of `reglament sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The port on 127.0.0.1 to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8081)]
    port: u16,
}

/// The sandbox for `listener`, with a test PKI generated now whose certificates point at the
/// listener's own address; and that address.
pub(crate) fn sandbox_on(listener: &TcpListener) -> Result<(Sandbox, SocketAddr), CliError> {
    let address =
        listener.local_addr().map_err(|source| CliError::Io { what: "reading the bound address".into(), source })?;
    let test_pki = TestPki::generate(Utc::now(), &pki::base_url(address))?;
    Ok((Sandbox::new().with_pki(test_pki), address))
}

/// The lines naming the test PKI's routes at `address`.
pub(crate) fn print_pki(address: SocketAddr) {
    let base = pki::base_url(address);
    println!("  test PKI (TEST KEYS ONLY, loopback only)");
    println!("                        {base}/ca.cer  {base}/ca.crl  POST {base}/ocsp");
    println!("                        {base}/roster.json  {base}/{{subject}}/key.p12 (password {PASSWORD})");
}

/// Serves the sandbox until Ctrl-C.
pub fn run(args: &SandboxArgs) -> Result<(), CliError> {
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let listener = TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|source| CliError::Io { what: format!("binding 127.0.0.1:{}", args.port), source })?;
        let (sandbox, address) = sandbox_on(&listener)?;
        println!("sandbox on http://{address}/");
        println!("  individuals registry  http://{address}/individuals/v1   (contract: /contracts/individuals.json)");
        println!("  payment service       http://{address}/payments/v1      (contract: /contracts/payments.json)");
        println!("  faults                POST /admin/faults {{\"system\":\"payments\",\"kind\":{{\"status\":503}},\"count\":2}}");
        println!("                        or per request: X-Sandbox-Fault: latency=MS|timeout|status=CODE|malformed|truncated");
        print_pki(address);
        for person in data::persons() {
            let record = if person.criminal_record { "  (criminal record)" } else { "" };
            println!("  person {} {} {}{record}", person.iin, person.surname, person.name);
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        reglament_sandbox::serve(listener, sandbox, shutdown)
            .await
            .map_err(|e| CliError::Io { what: "serving the sandbox".into(), source: std::io::Error::other(e.to_string()) })
    })
}
