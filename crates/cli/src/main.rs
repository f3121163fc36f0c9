//! `reglament`: the demo server, the production server, and the calendar tools.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line program reports on its terminal")]

mod api_token_cmd;
mod bpmn_cmd;
mod calendar_cmd;
mod case_cmd;
mod diagram_cmd;
mod error;
mod gateway_args;
mod lint_cmd;
mod ncalayer_cmd;
mod payments_cmd;
mod pki_cmd;
mod pki_init;
mod pki_sign;
mod registry_cmd;
mod report_cmd;
mod sandbox_cmd;
mod server_cmd;
mod simulate_cmd;
mod staff_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// mimalloc: the engine and the server allocate per command and request, where it is markedly
/// faster than the system allocator (see the engine's benchmark).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reglament: Kazakh state services run by their approved regulations.
#[derive(Debug, Parser)]
#[command(name = "reglament", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the demo: portal and API on 127.0.0.1:8080 with an embedded SQLite database, and the
    /// sandbox (external systems, test PKI) on 127.0.0.1:8081.
    Demo(server_cmd::DemoArgs),
    /// Start the server on a given database (PostgreSQL in production).
    Serve(server_cmd::ServeArgs),
    /// The Kazakh working calendar: years, deadlines, working time between instants.
    #[command(subcommand)]
    Calendar(calendar_cmd::CalendarCommand),
    /// Read and check encoded acts: every diagnostic and finding, with file, line and column.
    Lint(lint_cmd::LintArgs),
    /// Draw a process of an encoded act as an SVG swim-lane diagram.
    Diagram(diagram_cmd::DiagramArgs),
    /// File, drive and inspect cases.
    #[command(subcommand)]
    Case(case_cmd::CaseCommand),
    /// Providers' staff lists: who holds which role of the acts at which provider.
    #[command(subcommand)]
    Staff(staff_cmd::StaffCommand),
    /// Applicants' accounts.
    #[command(subcommand)]
    Account(staff_cmd::AccountCommand),
    /// Integrators' bearer tokens for the case API.
    #[command(subcommand)]
    ApiToken(api_token_cmd::ApiTokenCommand),
    /// Fees at the payment gateway: bill an application, check its payment, reconcile a period.
    #[command(subcommand)]
    Payments(payments_cmd::PaymentsCommand),
    /// The public registry of licences: search, status changes, open-data export.
    #[command(subcommand)]
    Registry(registry_cmd::RegistryCommand),
    /// The quality-control body's report on a period: terms kept and breached, refusals, complaints.
    Report(report_cmd::ReportArgs),
    /// Carry out due timers and actions, until stopped (or once).
    Worker(case_cmd::WorkerArgs),
    /// E-signatures: verify certificates and CMS signatures (NCA profile).
    #[command(subcommand)]
    Pki(pki_cmd::PkiCommand),
    /// Exchange processes as BPMN 2.0 XML.
    #[command(subcommand)]
    Bpmn(bpmn_cmd::BpmnCommand),
    /// Forecast a filing: when each step and the whole service fall due on the calendar.
    Simulate(simulate_cmd::SimulateArgs),
    /// A local NCALayer-compatible test signer (`ws://127.0.0.1:13579`) with a chosen key store.
    Ncalayer(ncalayer_cmd::NcaLayerArgs),
    /// The external state systems played on loopback (`http://127.0.0.1:8081`): seeded data, switchable faults.
    Sandbox(sandbox_cmd::SandboxArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), CliError> = match cli.command {
        Command::Demo(args) => server_cmd::demo(&args),
        Command::Serve(args) => server_cmd::serve(&args),
        Command::Calendar(cmd) => calendar_cmd::run(cmd),
        Command::Lint(args) => lint_cmd::run(&args),
        Command::Simulate(args) => simulate_cmd::run(&args),
        Command::Diagram(args) => diagram_cmd::run(&args),
        Command::Bpmn(cmd) => bpmn_cmd::run(cmd),
        Command::Pki(cmd) => pki_cmd::run(&cmd),
        Command::Case(cmd) => case_cmd::run(cmd),
        Command::Worker(args) => case_cmd::worker(&args),
        Command::Payments(cmd) => payments_cmd::run(cmd),
        Command::ApiToken(cmd) => api_token_cmd::run(cmd),
        Command::Staff(cmd) => staff_cmd::run(cmd),
        Command::Account(cmd) => staff_cmd::account(cmd),
        Command::Registry(cmd) => registry_cmd::run(cmd),
        Command::Report(args) => report_cmd::run(&args),
        Command::Ncalayer(args) => ncalayer_cmd::run(&args),
        Command::Sandbox(args) => sandbox_cmd::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
