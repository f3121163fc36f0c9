//! `reglament api-token add NAME`: issues an integrator's bearer token for the case API, printed
//! once; the store keeps only its SHA-256.

use clap::Subcommand;
use reglament_store::{AnyStore, Store};

use crate::error::CliError;

/// API token subcommands.
#[derive(Debug, Subcommand)]
pub enum ApiTokenCommand {
    /// Issue a token to integrator NAME (printed once; keep it secret).
    Add {
        /// Who the token is for.
        name: String,
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
}

/// Runs an api-token subcommand.
pub fn run(command: ApiTokenCommand) -> Result<(), CliError> {
    let ApiTokenCommand::Add { name, database_url } = command;
    crate::case_cmd::block(async move {
        let store = AnyStore::connect(&database_url).await?;
        let token = reglament_web::integrator::new_token().map_err(CliError::Web)?;
        store.add_api_token(&reglament_web::integrator::token_hash(&token), &name, chrono::Utc::now()).await?;
        println!("{token}");
        eprintln!(
            "API token for `{name}`: send it as `Authorization: Bearer …` (shown once; the store keeps its hash)."
        );
        Ok(())
    })
}
