//! `reglament case …` and `reglament worker`: file, drive and inspect cases on a database.

use std::future::Future;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use reglament_calendar::{Calendar, CalendarChange, Dataset, parse_instant, words};
use reglament_domain::{Bin, IdPolicy, Iin, Language};
use reglament_engine::clocks::clocks;
use reglament_engine::{Command, Outcome};
use reglament_pki::UnknownStatus;
use reglament_runtime::Runtime;
use reglament_store::{AnyStore, CaseFilter, Store};

use crate::error::CliError;
use crate::gateway_args::GatewayArgs;
use crate::lint_cmd::{act_files, read_acts};

/// Where cases live and which acts they run under.
#[derive(Debug, Args)]
pub struct Setup {
    /// The database.
    #[arg(long, env = "REGLAMENT_DATABASE_URL", default_value = "sqlite://data/reglament.sqlite3")]
    database_url: String,
    /// Directory of the encoded acts.
    #[arg(long, default_value = "regulations")]
    regulations: PathBuf,
    /// The instant the command is given (default: now).
    #[arg(long)]
    at: Option<String>,
    /// Language of the text: ru or kk.
    #[arg(long, default_value = "ru")]
    pub(crate) lang: Language,
    /// The bodies that provide the services, by BIN (TOML: `[[provider]]` with `bin`, `name`
    /// and `services`).
    #[arg(long, value_name = "FILE", env = "REGLAMENT_PROVIDERS")]
    providers: Option<PathBuf>,
    #[command(flatten)]
    gateway: GatewayArgs,
}

/// Who acts through the command line: a named person, as the applicant or, with `--provider`,
/// as a staff member of that provider (with the roles its staff list gives them).
#[derive(Debug, Args)]
pub struct ActAs {
    /// The IIN of the person acting.
    #[arg(long = "as", value_name = "IIN")]
    person: String,
    /// The BIN of the provider whose staff member acts.
    #[arg(long, value_name = "BIN")]
    provider: Option<String>,
}

/// The bodies of a `--providers` file.
pub(crate) fn read_providers(path: &std::path::Path) -> Result<reglament_runtime::Providers, CliError> {
    let text = std::fs::read_to_string(path).map_err(io("reading the providers file"))?;
    toml::from_str(&text).map_err(|e| CliError::NotFound(format!("{}: {e}", path.display())))
}

/// The actor `who` names, a staff member's roles read from the staff list now.
async fn actor(rt: &Runtime, who: &ActAs) -> Result<reglament_engine::Actor, CliError> {
    let bad = |what: &'static str| {
        move |e: reglament_domain::DomainError| CliError::NotFound(format!("argument <{what}>: {e}"))
    };
    let iin = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &who.person).map_err(bad("as"))?;
    let Some(provider) = &who.provider else { return Ok(reglament_engine::Actor::Applicant { iin, entity: None }) };
    let bin = Bin::parse_with(IdPolicy::AllowNcaTestNumbers, provider).map_err(bad("provider"))?;
    let roles: Vec<String> = rt
        .store()
        .staff(&who.person)
        .await?
        .into_iter()
        .filter(|r| r.provider_bin == bin.as_string())
        .map(|r| r.role)
        .collect();
    if roles.is_empty() {
        return Err(CliError::NotFound(format!("IIN {} is not on the staff list of BIN {provider}", who.person)));
    }
    Ok(reglament_engine::Actor::of_staff(iin, bin, roles))
}

/// Case subcommands.
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// File an application through the runtime's one filing path (as the portal and the API
    /// do): the id bound to the applicant, the applicant's detached CMS signature over the
    /// application's text (`--print-text` shows it) verified against the NCA test PKI, the fee
    /// of this application paid; the case is pinned to the act version in force on the day.
    File(FileArgs),
    /// File a complaint about a case: a case of its own under the complaint route of the act
    /// version the case runs under (provider, quality-control body, forwarding), linked to it.
    Complain {
        /// The case complained about.
        #[arg(long)]
        about: String,
        /// The complainant's IIN.
        #[arg(long)]
        applicant: String,
        /// When it was lodged (default: now).
        #[arg(long)]
        filed: Option<String>,
        /// The complaint's case id (default: derived from the instant).
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        setup: Setup,
    },
    /// Complete an active step (the unconditional way, or branch N).
    Complete {
        /// The case.
        id: String,
        /// The step.
        step: String,
        /// Take conditional branch N (0-based) instead of the unconditional way.
        #[arg(long)]
        branch: Option<usize>,
        #[command(flatten)]
        by: ActAs,
        /// Idempotency key.
        #[arg(long)]
        key: Option<String>,
        #[command(flatten)]
        setup: Setup,
    },
    /// Give any command as JSON, e.g. `{"command":"notify_hearing"}`, as a named person.
    Do {
        /// The case.
        id: String,
        /// The command.
        command: String,
        #[command(flatten)]
        by: ActAs,
        /// Idempotency key.
        #[arg(long)]
        key: Option<String>,
        #[command(flatten)]
        setup: Setup,
    },
    /// Move an open case to another version of its act (explicit, audited; refused where an
    /// active step has no counterpart).
    Migrate {
        /// The case.
        id: String,
        /// The act version to move to.
        #[arg(long)]
        to: String,
        /// Who decides it.
        #[arg(long)]
        by: String,
        /// Why (recorded in the history).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        setup: Setup,
    },
    /// A case's state and due instants.
    Show {
        /// The case.
        id: String,
        #[command(flatten)]
        setup: Setup,
    },
    /// A case's events with their hash chain.
    History {
        /// The case.
        id: String,
        #[command(flatten)]
        setup: Setup,
    },
    /// Check the hash chains (of the cases given, or of all).
    Verify {
        /// Cases; all when none.
        ids: Vec<String>,
        #[command(flatten)]
        setup: Setup,
    },
    /// List cases: by act version, by role inbox, open only.
    List {
        /// Act version.
        #[arg(long)]
        act: Option<String>,
        /// Role id (an inbox).
        #[arg(long)]
        role: Option<String>,
        /// Service id (a provider's inbox).
        #[arg(long)]
        service: Option<String>,
        /// Open cases only.
        #[arg(long)]
        open: bool,
        /// Only cases waiting on a state system (`!` marks one escalated as down).
        #[arg(long)]
        waiting: bool,
        #[command(flatten)]
        setup: Setup,
    },
}

/// The options of `case file`.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// Service id, e.g. forensic-licence.
    #[arg(long)]
    service: String,
    /// Variant id, e.g. issuance-portal.
    #[arg(long)]
    variant: String,
    /// The applicant's IIN.
    #[arg(long)]
    applicant: String,
    /// When it was filed (default: `--at`, or now).
    #[arg(long)]
    filed: Option<String>,
    /// The application's id (default: derived from the instant).
    #[arg(long)]
    id: Option<String>,
    /// The applicant's detached CMS signature of the application's text.
    #[arg(long, required_unless_present = "print_text")]
    signature: Option<PathBuf>,
    /// Print the text the applicant signs and stop.
    #[arg(long)]
    print_text: bool,
    /// Admit a signature whose revocation status cannot be established.
    #[arg(long, requires = "signature")]
    accept_unknown: bool,
    /// The BIN of the legal entity the applicant files for (its data is fetched by BIN); the
    /// signer's certificate must carry it, with the role of first head or right of signature.
    #[arg(long)]
    entity: Option<String>,
    /// The BIN of the body the application goes to, where several provide the service.
    #[arg(long)]
    provider: Option<String>,
    #[command(flatten)]
    setup: Setup,
}

/// Options of `reglament worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Run the due jobs once and stop.
    #[arg(long)]
    once: bool,
    /// Pause between rounds, in milliseconds.
    #[arg(long, default_value = "500")]
    interval_ms: u64,
    /// The worker's name (for job leases).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    setup: Setup,
}

fn io(what: &str) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |source| CliError::Io { what: what.to_owned(), source }
}

/// The runtime on the database, with the acts and the calendar as recorded there, and the
/// gateway the options name.
pub(crate) async fn runtime(setup: &Setup) -> Result<Runtime, CliError> {
    if let Some(path) = setup.database_url.strip_prefix("sqlite://")
        && let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(io("creating the database directory"))?;
    }
    let providers = setup.providers.as_deref().map(read_providers).transpose()?.unwrap_or_default();
    let runtime = runtime_on(AnyStore::connect(&setup.database_url).await?, &setup.regulations, providers).await?;
    Ok(match setup.gateway.gateway()? {
        Some(gateway) => runtime.with_gateway(gateway),
        None => runtime,
    })
}

/// The runtime on `store`, with the acts in `regulations` and the calendar as recorded in the store.
pub(crate) async fn runtime_on(
    store: AnyStore,
    regulations: &std::path::Path,
    providers: reglament_runtime::Providers,
) -> Result<Runtime, CliError> {
    let changes = store.calendar_changes().await?;
    let dataset =
        Dataset::builtin()?.with_changes(changes.iter().map(|c| &c.change).collect::<Vec<&CalendarChange>>())?;
    let (acts, _) = read_acts(&act_files(&[regulations.to_path_buf()])?)?;
    Ok(Runtime::new(store, acts, &Calendar::new(&dataset)?)?.with_providers(providers))
}

pub(crate) fn now(setup: &Setup) -> Result<DateTime<Utc>, CliError> {
    match &setup.at {
        Some(t) => Ok(parse_instant(t, chrono_tz::Asia::Almaty).map_err(CliError::argument("at"))?),
        None => Ok(Utc::now()),
    }
}

pub(crate) fn block<T>(f: impl Future<Output = Result<T, CliError>>) -> Result<T, CliError> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(io("starting"))?.block_on(f)
}

/// Runs a case subcommand.
pub fn run(command: CaseCommand) -> Result<(), CliError> {
    block(async move {
        match command {
            CaseCommand::File(args) => file_case(args).await,
            CaseCommand::Complain { about, applicant, filed, id, setup } => {
                let rt = runtime(&setup).await?;
                let now = now(&setup)?;
                let (applicant, filed_at) = filing(&applicant, filed.as_deref(), now, IdPolicy::Strict)?;
                let id = id.unwrap_or_else(|| format!("K-{}", now.format("%Y%m%d-%H%M%S%6f")));
                let (_, original) = rt.load(&about).await?;
                let provider = original
                    .provider
                    .ok_or(reglament_runtime::RuntimeError::NoProvider { service: original.service })?;
                let cmd = Command::File { applicant, entity: None, provider, filed_at };
                let by = reglament_engine::Actor::Applicant { iin: applicant, entity: None };
                let (_, appended) = rt.file_complaint(&id, &about, &cmd, &by, now, None).await?;
                println!("{id}: {appended:?}");
                show(&rt, &id, setup.lang).await
            }
            CaseCommand::Complete { id, step, branch, by, key, setup } => {
                let outcome = branch.map_or(Outcome::Next, |index| Outcome::Branch { index });
                let rt = runtime(&setup).await?;
                let by = actor(&rt, &by).await?;
                let cmd = Command::CompleteStep { step, outcome };
                let (_, appended) = rt.command(&id, &cmd, &by, now(&setup)?, key.as_deref()).await?;
                println!("{id}: {appended:?}");
                show(&rt, &id, setup.lang).await
            }
            CaseCommand::Do { id, command, by, key, setup } => {
                let cmd: Command = serde_json::from_str(&command)?;
                let rt = runtime(&setup).await?;
                let by = actor(&rt, &by).await?;
                let (_, appended) = rt.command(&id, &cmd, &by, now(&setup)?, key.as_deref()).await?;
                println!("{id}: {appended:?}");
                show(&rt, &id, setup.lang).await
            }
            CaseCommand::Migrate { id, to, by, reason, setup } => {
                let rt = runtime(&setup).await?;
                let appended = rt.migrate(&id, &to, &by, &reason, now(&setup)?).await?;
                println!("{id}: {appended:?}");
                show(&rt, &id, setup.lang).await
            }
            CaseCommand::Show { id, setup } => show(&runtime(&setup).await?, &id, setup.lang).await,
            CaseCommand::History { id, setup } => {
                let rt = runtime(&setup).await?;
                for e in rt.store().events(&id).await? {
                    println!("{:>4} {} {}… {}", e.seq, e.at.to_rfc3339(), &e.hash[..12.min(e.hash.len())], e.event);
                }
                Ok(())
            }
            CaseCommand::Verify { ids, setup } => verify(&runtime(&setup).await?, ids).await,
            CaseCommand::List { act, role, service, open, waiting, setup } => {
                let filter =
                    CaseFilter { act, role, service, open_only: open, waiting_only: waiting, ..CaseFilter::default() };
                list(&runtime(&setup).await?, &filter).await
            }
        }
    })
}

/// `case file`: the application's text to sign, or the application filed through the runtime's
/// one filing path.
async fn file_case(args: FileArgs) -> Result<(), CliError> {
    let FileArgs {
        service,
        variant,
        applicant,
        filed,
        id,
        signature,
        print_text,
        accept_unknown,
        entity,
        provider,
        setup,
    } = args;
    let setup = &setup;
    let rt = runtime(setup).await?;
    let now = now(setup)?;
    // Signatures are checked against the NCA test PKI, whose certificates carry test IINs.
    let policy = IdPolicy::AllowNcaTestNumbers;
    let (applicant, filed_at) = filing(&applicant, filed.as_deref(), now, policy)?;
    let bin = |b: Option<String>, what: &'static str| {
        b.map(|b| Bin::parse_with(policy, b.as_str()))
            .transpose()
            .map_err(move |e| CliError::NotFound(format!("argument <{what}>: {e}")))
    };
    let (entity, provider) = (bin(entity, "entity")?, bin(provider, "provider")?);
    let id = id.unwrap_or_else(|| format!("C-{}", filed_at.format("%Y%m%d-%H%M%S%6f")));
    if print_text {
        let application = reglament_store::Application {
            id,
            iin: applicant.as_string(),
            service,
            variant,
            form: "{}".into(),
            form_token: String::new(),
            created_at: filed_at,
            filed_at: None,
        };
        print!("{}", reglament_runtime::application_text(&application, &[]));
        return Ok(());
    }
    let signature = signature.ok_or_else(|| CliError::NotFound("argument <signature>: required".into()))?;
    let signature = std::fs::read(&signature).map_err(io("reading the signature"))?;
    let trust = reglament_pki::Trust::nca_test()?;
    let by = reglament_engine::Actor::Applicant { iin: applicant, entity };
    let filing = reglament_runtime::Filing {
        id: &id,
        service: &service,
        variant: &variant,
        applicant,
        entity,
        provider,
        signature: &signature,
        trust: &trust,
        unknown: if accept_unknown { UnknownStatus::Accept } else { UnknownStatus::Refuse },
        by: &by,
    };
    let filed = rt.file_application(&filing, filed_at).await?;
    println!("{}", filed.signer.chain.join(" → "));
    println!("{id}: {:?}", filed.appended);
    show(&rt, &id, setup.lang).await
}

/// Prints the cases `filter` selects, a line each, with the state systems each waits on.
async fn list(rt: &Runtime, filter: &CaseFilter) -> Result<(), CliError> {
    for c in rt.store().cases(filter).await? {
        let waiting = if c.waiting.is_empty() { String::new() } else { format!("  waiting: {}", c.waiting.join(" ")) };
        println!(
            "{}  {}  {}/{}  {}  v{}  [{}]{waiting}",
            c.id,
            c.act,
            c.service,
            c.variant,
            c.status,
            c.version,
            c.roles.join(" ")
        );
    }
    Ok(())
}

/// The applicant's IIN and the filing instant (`now` when none is given), parsed.
fn filing(
    applicant: &str,
    filed: Option<&str>,
    now: DateTime<Utc>,
    policy: IdPolicy,
) -> Result<(Iin, DateTime<Utc>), CliError> {
    let applicant = Iin::parse_with(policy, applicant)
        .map_err(|e: reglament_domain::DomainError| CliError::NotFound(format!("argument <applicant>: {e}")))?;
    let filed_at = match filed {
        Some(t) => parse_instant(t, chrono_tz::Asia::Almaty).map_err(CliError::argument("filed"))?,
        None => now,
    };
    Ok((applicant, filed_at))
}

/// Checks the hash chains of `ids` (all cases when empty).
async fn verify(rt: &Runtime, ids: Vec<String>) -> Result<(), CliError> {
    let ids = if ids.is_empty() {
        rt.store().cases(&CaseFilter::default()).await?.into_iter().map(|c| c.id).collect()
    } else {
        ids
    };
    let mut broken = 0;
    for id in &ids {
        match rt.verify(id).await? {
            None => println!("{id}: ok"),
            Some((seq, why)) => {
                broken += 1;
                println!("{id}: BROKEN at event {seq}: {why}");
            }
        }
    }
    println!("{} case(s) checked, {broken} broken", ids.len());
    if broken > 0 { Err(CliError::Findings(broken)) } else { Ok(()) }
}

/// Prints a case's state and the due instant of every running clock.
async fn show(rt: &Runtime, id: &str, lang: Language) -> Result<(), CliError> {
    let (_, case) = rt.load(id).await?;
    let law = rt.law_of(&case)?;
    let zone = law.wt.calendar().zone();
    println!(
        "case {id} — {} / {} / {} — {} — v{}",
        case.act,
        case.service,
        case.variant,
        reglament_runtime::status_text(case.status),
        case.version
    );
    println!(
        "  filed {}, received {}",
        words::instant(case.filed_at, zone, lang),
        words::instant(case.received_at, zone, lang)
    );
    for (clock, legal) in clocks(&case, &law) {
        if let Some(due) = legal.due(law.wt)? {
            println!("  {clock:?}: {} due {}", legal.budget, words::instant(due, zone, lang));
        }
    }
    for (step, active) in &case.active {
        println!(
            "  active: {step} (since {}{})",
            words::instant(active.started, zone, lang),
            active.executor.as_deref().map(|e| format!(", {e}")).unwrap_or_default()
        );
    }
    let (waits, down) = match lang {
        Language::Kk => ("жауап күтілуде", "қолжетімсіз, жоғарыға хабарланды"),
        Language::Ru => ("ожидается ответ", "недоступна, эскалировано"),
    };
    for (system, waiting) in &case.awaiting {
        let escalated = waiting
            .escalated
            .as_ref()
            .map(|(at, code)| format!("; {down} {} [{code}]", words::instant(*at, zone, lang)))
            .unwrap_or_default();
        println!("  {}: {waits} ({}){escalated}", system.title().get(lang), words::instant(waiting.since, zone, lang));
    }
    for e in rt.store().evidence(id).await? {
        println!(
            "  evidence #{}: {} — {} — {} → {} — {}, sha256 {}…, request {}, {} attempt(s)",
            e.id,
            e.system,
            e.query,
            words::instant(e.asked_at, zone, lang),
            words::instant(e.answered_at, zone, lang),
            e.outcome,
            e.sha256.get(..16).unwrap_or(&e.sha256),
            e.request_id,
            e.attempts
        );
    }
    Ok(())
}

/// Runs the worker.
pub fn worker(args: &WorkerArgs) -> Result<(), CliError> {
    let name = args.name.clone().unwrap_or_else(|| format!("worker-{}", std::process::id()));
    block(async {
        let rt = runtime(&args.setup).await?;
        let idle = std::time::Duration::from_millis(args.interval_ms);
        // A database or gateway failure never stops the timers: the worker says so, backs off
        // (doubling up to a minute) and goes on; its jobs' leases run out and are taken again.
        let mut backoff = idle;
        loop {
            let at = now(&args.setup)?;
            match rt.run_jobs(&name, at, 100).await {
                Ok(round) => {
                    backoff = idle;
                    for f in &round.failed {
                        eprintln!(
                            "{name}: job {} of case {}: [{}] {}; tried again later",
                            f.job, f.case, f.code, f.message
                        );
                    }
                    let done = round.done;
                    if done > 0 {
                        eprintln!("{name}: {done} job(s) done");
                    }
                    if args.once {
                        return Ok(());
                    }
                    if done == 0 {
                        tokio::time::sleep(idle).await;
                    }
                }
                Err(e) if args.once => return Err(e.into()),
                Err(e) => {
                    eprintln!("{name}: [{}] {e}; trying again in {} ms", e.code(), backoff.as_millis());
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(std::time::Duration::from_mins(1));
                }
            }
        }
    })
}
