//! `reglament demo` and `reglament serve`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use reglament_pki::{SoftwareKey, Trust};
use reglament_store::{Account, AnyStore, StaffMember, Store};
use reglament_web::AppState;

use crate::error::CliError;
use crate::lint_cmd::act_files;

/// Options of `reglament demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory for the demo's SQLite database (created if missing).
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// Directory of the encoded acts to serve.
    #[arg(long, default_value = "regulations")]
    regulations: PathBuf,
    /// The port on 127.0.0.1 of the sandbox started alongside (external systems and test PKI);
    /// when it is busy the demo warns and runs without it.
    #[arg(long, default_value_t = 8081)]
    sandbox_port: u16,
}

/// Options of `reglament serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "REGLAMENT_ADDR")]
    addr: SocketAddr,
    /// Database URL: `postgres://…` (production) or `sqlite://PATH`.
    #[arg(long, env = "REGLAMENT_DATABASE_URL")]
    database_url: String,
    /// Directory of the encoded acts to serve.
    #[arg(long, default_value = "regulations", env = "REGLAMENT_REGULATIONS")]
    regulations: PathBuf,
    /// Trust anchors for the applicants' and officials' signatures (DER or PEM certificates;
    /// default: the NCA test PKI compiled in).
    #[arg(long = "trust-anchor", value_name = "FILE")]
    trust_anchors: Vec<PathBuf>,
    /// CRLs of the trust anchors (DER).
    #[arg(long = "trust-crl", value_name = "FILE")]
    trust_crls: Vec<PathBuf>,
    /// Run as a test stand (warned at every start): the NCA test numbers are accepted as IINs
    /// and BINs, and without `--trust-anchor` the NCA test PKI compiled in is trusted. Without
    /// it, `serve` does not start without `--trust-anchor`.
    #[arg(long)]
    test_pki: bool,
    /// The bodies that provide the services, by BIN (TOML: `[[provider]]` with `bin`, `name`
    /// and `services`); without it no application can be filed.
    #[arg(long, value_name = "FILE", env = "REGLAMENT_PROVIDERS")]
    providers: Option<PathBuf>,
    #[command(flatten)]
    gateway: crate::gateway_args::GatewayArgs,
}

/// What runs the cases beside the portal.
enum Cases {
    /// The demo's sandbox on this port (with its test PKI, trusted), and a worker.
    Demo(u16),
    /// A gateway to the state systems (the portal files and acts on cases; workers run apart),
    /// the trust anchors, if given, the provider bodies, and whether only IINs and BINs with a
    /// valid check digit are accepted.
    Gateway(Option<(String, Arc<SoftwareKey>)>, Option<Trust>, reglament_runtime::Providers, bool),
}

/// The demo's provider: the test PKI's provider organisation, bound to every service — the
/// demo's choice, not the acts' (they name their providers in words, never by BIN).
fn demo_providers() -> Result<reglament_runtime::Providers, CliError> {
    let roster = reglament_pki::issue::roster();
    let bin = roster
        .iter()
        .find_map(|e| e.holder.organisation.as_ref().filter(|_| e.id == "moj-executor").map(|(_, bin)| bin.clone()))
        .ok_or_else(|| CliError::NotFound("the test PKI's roster has no provider official".into()))?;
    let bin = reglament_domain::Bin::parse_with(reglament_domain::IdPolicy::AllowNcaTestNumbers, &bin)
        .map_err(|e| CliError::NotFound(format!("the test PKI's provider BIN: {e}")))?;
    let name = reglament_domain::Localized::new_static(
        "Демо: барлық қызметтерді көрсетуші сынақ ұйымы",
        "Демо: тестовая организация — услугодатель всех услуг",
    );
    Ok(reglament_runtime::Providers::single(bin, name))
}

fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Io { what: format!("reading {}", path.display()), source })
}

/// Starts the demo on an embedded SQLite file.
pub fn demo(args: &DemoArgs) -> Result<(), CliError> {
    std::fs::create_dir_all(&args.data_dir)
        .map_err(|source| CliError::Io { what: format!("creating {}", args.data_dir.display()), source })?;
    let url = format!("sqlite://{}", args.data_dir.join("reglament.sqlite3").display());
    run(args.addr, &url, &args.regulations, Cases::Demo(args.sandbox_port))
}

/// Starts the server on the given database.
pub fn serve(args: &ServeArgs) -> Result<(), CliError> {
    if args.test_pki {
        eprintln!(
            "WARNING: a test stand (--test-pki): the NCA test numbers are accepted{}; never in production",
            if args.trust_anchors.is_empty() { " and the NCA test PKI is trusted" } else { "" }
        );
    }
    let trust = if args.trust_anchors.is_empty() {
        if !args.test_pki {
            return Err(CliError::NotFound(
                "serve needs --trust-anchor FILE (the NCA's root certificates); --test-pki trusts the NCA test PKI on a test stand"
                    .into(),
            ));
        }
        None
    } else {
        let anchors = args
            .trust_anchors
            .iter()
            .map(|p| Ok(reglament_pki::Certificate::parse(&read(p)?)?))
            .collect::<Result<Vec<_>, CliError>>()?;
        let mut trust = Trust::new(anchors);
        for path in &args.trust_crls {
            trust.add_crl(reglament_pki::Crl::parse(&read(path)?)?);
        }
        Some(trust)
    };
    let providers = if let Some(path) = &args.providers {
        crate::case_cmd::read_providers(path)?
    } else {
        eprintln!("no --providers: no body provides any service here, so no application can be filed");
        reglament_runtime::Providers::default()
    };
    let strict = !args.test_pki;
    run(
        args.addr,
        &args.database_url,
        &args.regulations,
        Cases::Gateway(args.gateway.parts()?, trust, providers, strict),
    )
}

/// The `(name, text)` of every act file in `dir`; none when the directory does not exist.
fn regulation_texts(dir: &Path) -> Result<Vec<(String, String)>, CliError> {
    if !dir.is_dir() {
        eprintln!("no encoded acts: {} is not a directory", dir.display());
        return Ok(Vec::new());
    }
    act_files(&[dir.to_path_buf()])?
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f)
                .map_err(|source| CliError::Io { what: format!("reading {}", f.display()), source })?;
            Ok((f.display().to_string(), text))
        })
        .collect()
}

/// Starts the sandbox on 127.0.0.1:`port` in the background and returns its address, the
/// platform's key it trusts and trust in its test PKI; when the port cannot be bound, warns (in
/// Russian and Kazakh) and returns none.
async fn start_sandbox(port: u16) -> Result<Option<(SocketAddr, SoftwareKey, Trust)>, CliError> {
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "Внимание: порт 127.0.0.1:{port} занят ({e}) — песочница внешних систем и тестовый УЦ не запущены; демо работает без них (другой порт: --sandbox-port)."
            );
            eprintln!(
                "Назар аударыңыз: 127.0.0.1:{port} порты бос емес ({e}) — сыртқы жүйелер құмсалғышы мен тестілік КО іске қосылмады; демо оларсыз жұмыс істейді (басқа порт: --sandbox-port)."
            );
            return Ok(None);
        }
    };
    let (sandbox, address, platform, trust) = crate::sandbox_cmd::sandbox_on(&listener)?;
    tokio::spawn(async move {
        if let Err(e) = reglament_sandbox::serve(listener, sandbox, std::future::pending()).await {
            eprintln!("sandbox stopped: {e}");
        }
    });
    Ok(Some((address, platform, trust)))
}

/// Runs `runtime`'s worker in the background: every second, the due timers and actions (the
/// state systems called through the runtime's gateway).
fn start_worker(runtime: Arc<reglament_runtime::Runtime>) {
    tokio::spawn(async move {
        let name = format!("demo-worker-{}", std::process::id());
        loop {
            match runtime.run_jobs(&name, chrono::Utc::now(), 100).await {
                Ok(round) => {
                    for f in &round.failed {
                        eprintln!("worker: job {} of case {}: [{}] {}", f.job, f.case, f.code, f.message);
                    }
                    if round.done == 0 {
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
                Err(e) => {
                    eprintln!("worker: [{}] {e}", e.code());
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        }
    });
}

/// A runtime over `store` with the acts in `regulations`, calling the state systems under
/// `gateway` with the platform's key.
async fn cases(
    store: &AnyStore,
    regulations: &Path,
    gateway: &str,
    platform: &Arc<SoftwareKey>,
    providers: reglament_runtime::Providers,
) -> Result<reglament_runtime::Runtime, CliError> {
    Ok(crate::case_cmd::runtime_on(store.clone(), regulations, providers)
        .await?
        .with_gateway(crate::gateway_args::gateway(gateway, platform.clone())?))
}

fn run(addr: SocketAddr, url: &str, regulations: &Path, cases_by: Cases) -> Result<(), CliError> {
    let demo = matches!(cases_by, Cases::Demo(_));
    let texts = regulation_texts(regulations)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let store = AnyStore::connect(url).await?;
        let mut state = AppState::new(store.clone(), &texts)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| CliError::Io { what: format!("listening on {addr}"), source })?;
        let bound = listener.local_addr().map_err(|source| CliError::Io { what: "listening".into(), source })?;
        let base = format!("http://{bound}");
        println!("Reglament is running on {base} (database: {url})");
        let sandbox = match cases_by {
            Cases::Demo(port) => start_sandbox(port).await?,
            Cases::Gateway(gateway, trust, providers, strict) => {
                if let Some(trust) = trust {
                    state = state.with_trust(trust);
                }
                if strict {
                    state = state.strict_numbers();
                }
                if let Some((url, platform)) = gateway.filter(|_| regulations.is_dir()) {
                    let web = cases(&store, regulations, &url, &platform, providers).await?;
                    state = state.with_runtime(web, Some(url), base.clone());
                }
                None
            }
        };
        let sandbox = match sandbox {
            Some((address, platform, trust)) => {
                state = state.with_trust(trust);
                // Without encoded acts there are no cases to work on.
                if regulations.is_dir() {
                    let (gateway, platform) = (format!("http://{address}"), Arc::new(platform));
                    // One runtime (the acts read once) for the worker and the portal.
                    let runtime = Arc::new(cases(&store, regulations, &gateway, &platform, demo_providers()?).await?);
                    start_worker(Arc::clone(&runtime));
                    state = state.with_runtime(runtime, Some(gateway), base.clone());
                }
                Some(address)
            }
            None => None,
        };
        if demo {
            seed_demo(&store).await?;
            print_demo(&base, sandbox);
        }
        reglament_web::serve(listener, state).await.map_err(|source| CliError::Io { what: "serving".into(), source })
    })
}

/// The password of the demo's applicant accounts.
const DEMO_PASSWORD: &str = "Reglament2026";
/// The demo's applicants: IIN and name (the roster's individual, the sandbox's first person).
const DEMO_APPLICANTS: [(&str, &str); 2] =
    [("123456789011", "ТЕСТОВ ТЕСТ ТЕСТОВИЧ"), ("870412301008", "Төлегенов Асқар Серікұлы")];
/// The staff of the Ministry of Justice: roster id and role id of `regulations/moj-754-2021.toml`.
const DEMO_STAFF: [(&str, &str); 4] = [
    ("moj-executor", "executor"),
    ("moj-head", "authorised-person"),
    ("moj-registrar", "registrar"),
    ("provider-official", "quality-control"),
];

/// Seeds the demo's applicant accounts and the Ministry of Justice's staff list (again on every
/// start: the same rows).
async fn seed_demo(store: &AnyStore) -> Result<(), CliError> {
    let now = chrono::Utc::now();
    for (iin, name) in DEMO_APPLICANTS {
        let password_hash = Some(reglament_web::auth::password::hash(DEMO_PASSWORD)?);
        store.put_account(&Account { iin: iin.into(), name: name.into(), password_hash, created_at: now }).await?;
    }
    let roster = reglament_pki::issue::roster();
    for (id, role) in DEMO_STAFF {
        let entry = roster
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| CliError::NotFound(format!("the test PKI's roster has no {id}")))?;
        let holder = &entry.holder;
        let provider_bin = holder.organisation.as_ref().map(|(_, bin)| bin.clone()).unwrap_or_default();
        let member =
            StaffMember { iin: holder.iin.clone(), provider_bin, role: role.into(), name: holder.common_name() };
        store.put_staff(&member).await?;
    }
    Ok(())
}

/// Prints the demo's addresses and how to sign in as each demo user (Russian and Kazakh).
fn print_demo(base: &str, sandbox: Option<SocketAddr>) {
    println!();
    println!("  Портал (рус.)            {base}/ru/");
    println!("  Портал (қаз.)            {base}/kk/");
    println!("  Производственный календарь  {base}/ru/calendar/2026");
    println!("  Калькулятор сроков       {base}/ru/deadline?start=2026-03-20T19:40&term=6wd");
    println!("  Регламенты               {base}/ru/regulations");
    println!("  Государственные услуги   {base}/ru/services");
    println!("  API (OpenAPI 3.1)        {base}/ru/api   {base}/api/openapi.json");
    if let Some(sandbox) = sandbox {
        println!("  Песочница (внешние системы)  http://{sandbox}/   (reglament sandbox)");
        println!("  Обработчик заданий: запросы в госсистемы идут через песочницу, ответы хранятся в деле");
        crate::sandbox_cmd::print_pki(sandbox);
    }
    println!();
    println!("Вход заявителя / Өтініш берушінің кіруі: {base}/ru/sign-in  ({base}/kk/sign-in)");
    for (iin, name) in DEMO_APPLICANTS {
        println!("  {name}: ИИН / ЖСН {iin}, пароль / құпиясөз {DEMO_PASSWORD}");
    }
    let key = reglament_pki::issue::PASSWORD;
    let store = |id: &str| {
        sandbox.map_or_else(|| format!("{id}.p12"), |s| format!("{}/{id}/key.p12", reglament_sandbox::pki::base_url(s)))
    };
    println!("  ключом НУЦ / ҰКО кілтімен (ТЕСТОВ ТЕСТ): скачайте / жүктеп алыңыз {}", store("individual-valid"));
    println!("    reglament ncalayer --store individual-valid.p12 --password {key}");
    println!(
        "Вход сотрудников МЮ РК / ҚР ӘМ қызметкерлерінің кіруі: {base}/ru/office/sign-in  ({base}/kk/office/sign-in)"
    );
    let roster = reglament_pki::issue::roster();
    for (id, role) in DEMO_STAFF {
        let name = roster.iter().find(|e| e.id == id).map(|e| e.holder.common_name()).unwrap_or_default();
        println!("  {name}, {id} (роль / рөл {role}): ключ / кілт {} (пароль / құпиясөз {key})", store(id));
        println!("    reglament ncalayer --store {id}.p12 --password {key}");
    }
    if sandbox.is_none() {
        println!("  (песочница не запущена: ключей нет / құмсалғыш іске қосылмады: кілттер жоқ — reglament pki init)");
    }
    println!();
    println!("Press Ctrl-C to stop.");
}
