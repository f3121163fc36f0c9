//! `reglament diagram FILE PROCESS`: the process as an SVG swim-lane diagram.

use std::path::PathBuf;

use clap::Args;
use reglament_domain::Language;

use crate::error::CliError;
use crate::lint_cmd::read_acts;

/// Options of `reglament diagram`.
#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// The act file, e.g. regulations/moj-754-2021.toml.
    file: PathBuf,
    /// The process id, e.g. issuance.
    process: String,
    /// Language of the texts: ru or kk.
    #[arg(long, default_value = "ru")]
    lang: Language,
    /// Draw the functional interaction (applicant, portal and its checks, provider, state
    /// systems) instead of the swim lanes.
    #[arg(long)]
    interaction: bool,
    /// Write the SVG here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs `reglament diagram`.
pub fn run(args: &DiagramArgs) -> Result<(), CliError> {
    let (acts, diagnostics) = read_acts(std::slice::from_ref(&args.file))?;
    let Some(act) = acts.first() else {
        let first = diagnostics.first().map(|d| d.line(args.lang)).unwrap_or_default();
        return Err(CliError::NotFound(format!("{} does not resolve: {first}", args.file.display())));
    };
    let Some(process) = act.processes.iter().find(|p| p.id == args.process) else {
        let known: Vec<&str> = act.processes.iter().map(|p| p.id.as_str()).collect();
        return Err(CliError::NotFound(format!(
            "no process `{}` in {}; there are: {}",
            args.process,
            act.id,
            known.join(", ")
        )));
    };
    let svg = if args.interaction {
        let index = act.processes.iter().position(|p| p.id == process.id);
        let Some(service) = act.services.iter().find(|s| s.variants.iter().any(|v| Some(v.process) == index)) else {
            return Err(CliError::NotFound(format!("no service of {} uses process `{}`", act.id, process.id)));
        };
        reglament_diagram::interaction(act, service, process, args.lang)
    } else {
        reglament_diagram::swimlane(act, process, args.lang)
    };
    match &args.output {
        Some(path) => std::fs::write(path, svg)
            .map_err(|source| CliError::Io { what: format!("writing {}", path.display()), source })?,
        None => print!("{svg}"),
    }
    Ok(())
}
