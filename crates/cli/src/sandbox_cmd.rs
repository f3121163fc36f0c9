//! `reglament sandbox [--port 8081]`: the external state systems played on loopback
//! (individuals registry, payment service) with seeded data and switchable faults.

use clap::Args;
use reglament_sandbox::{Sandbox, data};

use crate::error::CliError;

/// Options of `reglament sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The port on 127.0.0.1 to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8081)]
    port: u16,
}

/// Serves the sandbox until Ctrl-C.
pub fn run(args: &SandboxArgs) -> Result<(), CliError> {
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let io = |what: String| move |source| CliError::Io { what, source };
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(io(format!("binding 127.0.0.1:{}", args.port)))?;
        let address = listener.local_addr().map_err(io("reading the bound address".into()))?;
        println!("sandbox on http://{address}/");
        println!("  individuals registry  http://{address}/individuals/v1   (contract: /contracts/individuals.json)");
        println!("  payment service       http://{address}/payments/v1      (contract: /contracts/payments.json)");
        println!("  faults                POST /admin/faults {{\"system\":\"payments\",\"kind\":{{\"status\":503}},\"count\":2}}");
        println!("                        or per request: X-Sandbox-Fault: latency=MS|timeout|status=CODE|malformed|truncated");
        for person in data::persons() {
            let record = if person.criminal_record { "  (criminal record)" } else { "" };
            println!("  person {} {} {}{record}", person.iin, person.surname, person.name);
        }
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        reglament_sandbox::serve(listener, Sandbox::new(), shutdown)
            .await
            .map_err(|e| CliError::Io { what: "serving the sandbox".into(), source: std::io::Error::other(e.to_string()) })
    })
}
