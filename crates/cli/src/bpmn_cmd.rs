//! `reglament bpmn export FILE SERVICE` and `reglament bpmn import FILE`.

use std::path::PathBuf;

use clap::Subcommand;
use reglament_domain::Language;

use crate::error::CliError;
use crate::lint_cmd::read_acts;

/// BPMN subcommands.
#[derive(Debug, Subcommand)]
pub enum BpmnCommand {
    /// Write the processes of a service of an encoded act as BPMN 2.0 XML with diagram interchange.
    Export {
        /// The act file, e.g. regulations/moj-754-2021.toml.
        file: PathBuf,
        /// The service id, e.g. forensic-licence.
        service: String,
        /// Language of the names: ru or kk.
        #[arg(long, default_value = "ru")]
        lang: Language,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Read a BPMN 2.0 file and print what was read and what lies outside the supported subset.
    Import {
        /// The BPMN file.
        file: PathBuf,
        /// Print JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a BPMN subcommand.
pub fn run(command: BpmnCommand) -> Result<(), CliError> {
    match command {
        BpmnCommand::Export { file, service, lang, output } => {
            let (acts, diagnostics) = read_acts(std::slice::from_ref(&file))?;
            let Some(act) = acts.first() else {
                let first = diagnostics.first().map(|d| d.line(lang)).unwrap_or_default();
                return Err(CliError::NotFound(format!("{} does not resolve: {first}", file.display())));
            };
            let Some(svc) = act.services.iter().find(|s| s.id == service) else {
                let known: Vec<&str> = act.services.iter().map(|s| s.id.as_str()).collect();
                return Err(CliError::NotFound(format!(
                    "no service `{service}` in {}; there are: {}",
                    act.id,
                    known.join(", ")
                )));
            };
            let xml = reglament_bpmn::export(act, svc, lang);
            match output {
                Some(path) => std::fs::write(&path, xml)
                    .map_err(|source| CliError::Io { what: format!("writing {}", path.display()), source })?,
                None => print!("{xml}"),
            }
        }
        BpmnCommand::Import { file, json } => {
            let bytes = std::fs::read(&file)
                .map_err(|source| CliError::Io { what: format!("reading {}", file.display()), source })?;
            let text = String::from_utf8_lossy(&bytes);
            let imported =
                reglament_bpmn::import(&text).map_err(|e| CliError::NotFound(format!("{}: {e}", file.display())))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&imported)?);
                return Ok(());
            }
            for pool in &imported.pools {
                println!(
                    "process {} ({}): {} lanes, {} nodes, {} flows",
                    pool.id,
                    pool.name.as_deref().unwrap_or("—"),
                    pool.lanes.len(),
                    pool.nodes.len(),
                    pool.flows.len()
                );
            }
            let counts: Vec<String> = imported.counts().iter().map(|(k, n)| format!("{k} {n}")).collect();
            println!("read: {}", counts.join(", "));
            for s in &imported.skipped {
                println!(
                    "{}:{}: outside the supported subset: <{}{}> — {}",
                    file.display(),
                    s.line,
                    s.element,
                    s.id.as_ref().map(|i| format!(" id=\"{i}\"")).unwrap_or_default(),
                    s.reason
                );
            }
        }
    }
    Ok(())
}
