//! `reglament api-token add|list|revoke`: integrators' bearer tokens for the case API — issued
//! with what they may do (`read`, or `file` applications signed by their applicants), the
//! provider they are limited to and their expiry, printed once (the store keeps only the
//! SHA-256), listed without the tokens, revoked by name.

use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};
use reglament_store::{AnyStore, ApiToken, Store};

use crate::error::CliError;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenScope {
    /// Read services and cases.
    Read,
    /// Also file applications signed by their applicants.
    File,
}

/// API token subcommands.
#[derive(Debug, Subcommand)]
pub enum ApiTokenCommand {
    /// Issue a token to integrator NAME (printed once; keep it secret).
    Add {
        /// Who the token is for.
        name: String,
        /// What it may do.
        #[arg(long, value_enum, default_value = "read")]
        scope: TokenScope,
        /// The provider (BIN) whose cases alone it reads and files.
        #[arg(long, value_name = "BIN")]
        provider: Option<String>,
        /// When it stops working (`2027-06-30` or `2027-06-30T18:00`, Astana time).
        #[arg(long)]
        expires: Option<String>,
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
    /// List the tokens issued (never the tokens themselves).
    List {
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
    /// Revoke every token issued to NAME.
    Revoke {
        /// Whose tokens.
        name: String,
        /// The database.
        #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
        database_url: String,
    },
}

/// The instant `text` names (a date is its end of day, Astana time).
fn expiry(text: &str) -> Result<DateTime<Utc>, CliError> {
    let text = if text.len() == 10 { format!("{text}T23:59:59") } else { text.to_owned() };
    reglament_calendar::parse_instant(&text, chrono_tz::Asia::Almaty).map_err(CliError::argument("expires"))
}

fn instant(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "—".to_owned(), |t| t.with_timezone(&chrono_tz::Asia::Almaty).format("%Y-%m-%d %H:%M").to_string())
}

/// Runs an api-token subcommand.
pub fn run(command: ApiTokenCommand) -> Result<(), CliError> {
    crate::case_cmd::block(async move {
        let now = Utc::now();
        match command {
            ApiTokenCommand::Add { name, scope, provider, expires, database_url } => {
                let expires_at = expires.as_deref().map(expiry).transpose()?;
                if let Some(bin) = &provider {
                    reglament_domain::Bin::parse_with(reglament_domain::IdPolicy::AllowNcaTestNumbers, bin)
                        .map_err(|e| CliError::NotFound(format!("argument <provider>: {e}")))?;
                }
                let store = AnyStore::connect(&database_url).await?;
                let token = reglament_web::integrator::new_token().map_err(CliError::Web)?;
                let scope = match scope {
                    TokenScope::Read => "read",
                    TokenScope::File => "file",
                };
                let kept = ApiToken {
                    name: name.clone(),
                    scope: scope.to_owned(),
                    provider,
                    created_at: now,
                    expires_at,
                    revoked_at: None,
                };
                store.add_api_token(&reglament_web::integrator::token_hash(&token), &kept).await?;
                println!("{token}");
                eprintln!(
                    "API token for `{name}` ({scope}): send it as `Authorization: Bearer …` (shown once; the store keeps its hash)."
                );
            }
            ApiTokenCommand::List { database_url } => {
                let store = AnyStore::connect(&database_url).await?;
                for t in store.api_tokens().await? {
                    let standing = match (t.revoked_at, t.expires_at) {
                        (Some(_), _) => "revoked",
                        (None, Some(e)) if e <= now => "expired",
                        _ => "in force",
                    };
                    println!(
                        "{}  {}  provider {}  issued {}  expires {}  {standing}",
                        t.name,
                        t.scope,
                        t.provider.as_deref().unwrap_or("any"),
                        instant(Some(t.created_at)),
                        instant(t.expires_at),
                    );
                }
            }
            ApiTokenCommand::Revoke { name, database_url } => {
                let store = AnyStore::connect(&database_url).await?;
                let revoked = store.revoke_api_tokens(&name, now).await?;
                if revoked == 0 {
                    return Err(CliError::NotFound(format!("no token of `{name}` is in force")));
                }
                println!("{revoked} token(s) of `{name}` revoked");
            }
        }
        Ok(())
    })
}
