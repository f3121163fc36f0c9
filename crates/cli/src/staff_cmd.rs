//! `reglament staff add|list|remove` and `reglament account add`: the people who may sign in,
//! without SQL. A staff row gives a person a role of the acts at one provider (by BIN); the back
//! office reads the staff list on every request, so a change takes effect on the next one.

use std::io::BufRead as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use reglament_domain::{Bin, IdPolicy, Iin};
use reglament_engine::QUALITY_CONTROL;
use reglament_store::{Account, AnyStore, StaffMember, Store};

use crate::error::CliError;
use crate::lint_cmd::{act_files, read_acts};

/// Where the people are kept.
#[derive(Debug, Args)]
pub struct Database {
    /// The database.
    #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
    database_url: String,
}

/// One person's role at one provider.
#[derive(Debug, Args)]
pub struct Member {
    /// The person's IIN.
    #[arg(long)]
    iin: String,
    /// The provider's BIN (the organisation the person's certificate names).
    #[arg(long)]
    provider: String,
    /// A role id of the encoded acts (`executor`, `authorised-person`, …) or `quality-control`.
    #[arg(long)]
    role: String,
}

/// Staff subcommands.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Put a person on a provider's staff list in a role of the acts.
    Add {
        #[command(flatten)]
        member: Member,
        /// The person's name.
        #[arg(long)]
        name: String,
        /// Directory of the encoded acts the role must be one of.
        #[arg(long, default_value = "regulations")]
        regulations: PathBuf,
        #[command(flatten)]
        db: Database,
    },
    /// The staff lists, a row per person and role.
    List {
        /// Only this provider's.
        #[arg(long)]
        provider: Option<String>,
        #[command(flatten)]
        db: Database,
    },
    /// Take a person's role at a provider off its staff list.
    Remove {
        #[command(flatten)]
        member: Member,
        #[command(flatten)]
        db: Database,
    },
}

/// Account subcommands.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Make an applicant's account; the password is read from the first line of standard input
    /// (none: the account signs in with a key only).
    Add {
        /// The applicant's IIN.
        #[arg(long)]
        iin: String,
        /// The name shown.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        db: Database,
    },
}

fn argument(name: &str) -> impl FnOnce(reglament_domain::DomainError) -> CliError + '_ {
    move |e| CliError::NotFound(format!("argument <{name}>: {e}"))
}

/// `iin` and `provider` as the NCA profile writes them (test numbers allowed on a test stand).
fn parsed(iin: &str, provider: &str) -> Result<(String, String), CliError> {
    let iin = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, iin).map_err(argument("iin"))?;
    let bin = Bin::parse_with(IdPolicy::AllowNcaTestNumbers, provider).map_err(argument("provider"))?;
    Ok((iin.as_string(), bin.as_string()))
}

/// Refuses a role no encoded act has.
fn known_role(role: &str, regulations: &std::path::Path) -> Result<(), CliError> {
    if role == QUALITY_CONTROL {
        return Ok(());
    }
    let (acts, _) = read_acts(&act_files(&[regulations.to_path_buf()])?)?;
    if acts.iter().any(|a| a.roles.iter().any(|r| r.id == role)) {
        Ok(())
    } else {
        Err(CliError::NotFound(format!(
            "argument <role>: `{role}` is not a role of any act in {}",
            regulations.display()
        )))
    }
}

/// Runs a staff subcommand.
pub fn run(command: StaffCommand) -> Result<(), CliError> {
    crate::case_cmd::block(async move {
        match command {
            StaffCommand::Add { member: Member { iin, provider, role }, name, regulations, db } => {
                let (iin, provider_bin) = parsed(&iin, &provider)?;
                known_role(&role, &regulations)?;
                let store = AnyStore::connect(&db.database_url).await?;
                store
                    .put_staff(&StaffMember {
                        iin: iin.clone(),
                        provider_bin: provider_bin.clone(),
                        role: role.clone(),
                        name,
                    })
                    .await?;
                println!("{iin}: {role} at BIN {provider_bin}");
            }
            StaffCommand::List { provider, db } => {
                let store = AnyStore::connect(&db.database_url).await?;
                for m in store.all_staff().await? {
                    if provider.as_ref().is_none_or(|p| *p == m.provider_bin) {
                        println!("{}  {}  {}  {}", m.provider_bin, m.iin, m.role, m.name);
                    }
                }
            }
            StaffCommand::Remove { member: Member { iin, provider, role }, db } => {
                let (iin, provider_bin) = parsed(&iin, &provider)?;
                let store = AnyStore::connect(&db.database_url).await?;
                if !store.remove_staff(&iin, &provider_bin, &role).await? {
                    return Err(CliError::NotFound(format!("{iin} is not {role} at BIN {provider_bin}")));
                }
                println!("{iin}: no longer {role} at BIN {provider_bin} (from the next request on)");
            }
        }
        Ok(())
    })
}

/// Runs an account subcommand.
pub fn account(command: AccountCommand) -> Result<(), CliError> {
    let AccountCommand::Add { iin, name, db } = command;
    let iin = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &iin).map_err(argument("iin"))?.as_string();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|source| CliError::Io { what: "reading the password".into(), source })?;
    let password = line.trim_end_matches(['\r', '\n']);
    let password_hash = if password.is_empty() { None } else { Some(reglament_web::auth::password::hash(password)?) };
    crate::case_cmd::block(async move {
        let store = AnyStore::connect(&db.database_url).await?;
        let with = if password_hash.is_some() { "a password" } else { "a key only" };
        store.put_account(&Account { iin: iin.clone(), name, password_hash, created_at: chrono::Utc::now() }).await?;
        println!("{iin}: an account signing in with {with}");
        Ok(())
    })
}
