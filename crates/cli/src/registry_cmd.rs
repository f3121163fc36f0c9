//! `reglament registry`: the public registry of licences from the command line — search it, record
//! a suspension, termination or reinstatement, and export its open data (CSV or JSON) streaming
//! page by page with progress on standard error.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use reglament_runtime::documents::open_data::{CSV_HEADER, csv_row, json_row};
use reglament_store::{AnyStore, RegistryChange, RegistryQuery, RegistryStatus, Store};

use crate::error::CliError;

/// Rows read per page of the export.
const PAGE: i64 = 1000;

/// The open-data formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// CSV (RFC 4180) with a header line.
    Csv,
    /// One JSON array of objects.
    Json,
}

/// Registry subcommands.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Find licences by number, holder's BIN, or holder's IIN (where the registry makes it public).
    Search {
        /// A document number, a BIN or an IIN.
        query: String,
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
    /// Record a licence's suspension, termination or reinstatement.
    Status {
        /// The licence's number.
        number: String,
        /// The new status.
        #[arg(value_parser = ["active", "suspended", "terminated"])]
        status: String,
        /// Why (the decision's number and date).
        #[arg(long)]
        reason: String,
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
    /// Export the public fields of every row, streaming page by page.
    Export {
        /// CSV or JSON.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
}

/// Runs a registry subcommand.
pub fn run(command: RegistryCommand) -> Result<(), CliError> {
    crate::case_cmd::block(async move {
        match command {
            RegistryCommand::Search { query, database_url } => {
                search(&AnyStore::connect(&database_url).await?, &query).await
            }
            RegistryCommand::Status { number, status, reason, database_url } => {
                let store = AnyStore::connect(&database_url).await?;
                let status: RegistryStatus =
                    status.parse().map_err(|e: reglament_store::UnknownName| CliError::NotFound(e.to_string()))?;
                let change = RegistryChange { number: number.clone(), status, at: chrono::Utc::now(), reason };
                if !store.change_registry_status(&change).await? {
                    return Err(CliError::NotFound(format!("no licence numbered {number} in the registry")));
                }
                println!("{number}: {}", status.as_str());
                Ok(())
            }
            RegistryCommand::Export { format, out, database_url } => {
                export(&AnyStore::connect(&database_url).await?, format, &out).await
            }
        }
    })
}

/// Prints the rows `query` finds.
async fn search(store: &AnyStore, query: &str) -> Result<(), CliError> {
    let query = query.trim();
    let queries = if query.len() == 12 && query.bytes().all(|b| b.is_ascii_digit()) {
        vec![RegistryQuery::Bin(query.to_owned()), RegistryQuery::Iin(query.to_owned())]
    } else {
        vec![RegistryQuery::Number(query.to_owned())]
    };
    let mut found = 0;
    for q in &queries {
        for e in store.registry_search(q, 100).await? {
            found += 1;
            println!("{}\t{}\t{}\t{}\t{}", e.number, e.status.as_str(), e.issued_on, e.holder_name, e.activity_ru);
        }
    }
    eprintln!("{found} found");
    Ok(())
}

/// Writes every row of the registry to `out`, one page of [`PAGE`] rows at a time.
async fn export(store: &AnyStore, format: Format, out: &std::path::Path) -> Result<(), CliError> {
    let io = |source: std::io::Error| CliError::Io { what: format!("writing {}", out.display()), source };
    let total = store.registry_count().await?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(out).map_err(io)?);
    match format {
        Format::Csv => file.write_all(CSV_HEADER.as_bytes()).map_err(io)?,
        Format::Json => file.write_all(b"[").map_err(io)?,
    }
    let (mut after, mut written) = (None::<String>, 0_i64);
    loop {
        let page = store.registry_page(after.as_deref(), PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.number.clone());
        for e in &page {
            match format {
                Format::Csv => file.write_all(csv_row(e).as_bytes()).map_err(io)?,
                Format::Json => {
                    let separator = if written == 0 { "\n" } else { ",\n" };
                    write!(file, "{separator}{}", json_row(e)).map_err(io)?;
                }
            }
            written += 1;
        }
        eprint!("\rexported {written} of {total} rows ({}%)", written * 100 / total.max(1));
    }
    if let Format::Json = format {
        file.write_all(b"\n]\n").map_err(io)?;
    }
    file.flush().map_err(io)?;
    eprintln!("\rexported {written} rows to {}", out.display());
    Ok(())
}
