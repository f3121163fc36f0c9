//! `reglament lint PATH…`: reads every act file, resolves it, runs the checks, prints every
//! diagnostic, and fails when any is an error.

use std::path::{Path, PathBuf};

use clap::Args;
use reglament_calendar::Calendar;
use reglament_domain::{Language, MciTable};
use reglament_regulation::{Diagnostic, Severity};

use crate::error::CliError;

/// Options of `reglament lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Act files, or directories holding them (`*.toml`).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Language of the messages: ru or kk.
    #[arg(long, default_value = "ru")]
    lang: Language,
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    json: bool,
}

/// The act files under `paths`, sorted.
pub fn act_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|source| CliError::Io { what: format!("reading {}", path.display()), source })?;
            for entry in entries {
                let entry =
                    entry.map_err(|source| CliError::Io { what: format!("reading {}", path.display()), source })?;
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "toml") {
                    files.push(p);
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and resolves every file; returns the acts that resolved and every diagnostic.
pub fn read_acts(files: &[PathBuf]) -> Result<(Vec<reglament_regulation::model::Act>, Vec<Diagnostic>), CliError> {
    let (mut acts, mut diagnostics) = (Vec::new(), Vec::new());
    for (i, file) in files.iter().enumerate() {
        eprintln!("[{}/{}] {}", i + 1, files.len(), file.display());
        let text = std::fs::read_to_string(file)
            .map_err(|source| CliError::Io { what: format!("reading {}", file.display()), source })?;
        let (act, found) = reglament_regulation::read(&display_name(file), &text);
        acts.extend(act);
        diagnostics.extend(found);
    }
    Ok((acts, diagnostics))
}

fn display_name(file: &Path) -> String {
    file.to_string_lossy().into_owned()
}

/// Runs `reglament lint`.
pub fn run(args: &LintArgs) -> Result<(), CliError> {
    let files = act_files(&args.paths)?;
    let (acts, mut diagnostics) = read_acts(&files)?;
    let calendar = Calendar::builtin()?;
    let mci = MciTable::embedded()
        .map_err(|e| CliError::Io { what: "MCI table".into(), source: std::io::Error::other(e) })?;
    diagnostics.extend(reglament_lint::lint(&acts, &reglament_lint::Context { calendar: &calendar, mci: &mci }));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&diagnostics)?);
    } else {
        for d in &diagnostics {
            println!("{}", d.line(args.lang));
        }
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    eprintln!("{} file(s), {} act(s) read; {errors} error(s), {warnings} warning(s)", files.len(), acts.len());
    if errors > 0 { Err(CliError::Findings(errors)) } else { Ok(()) }
}
