//! `reglament demo` and `reglament serve`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args;
use reglament_pki::SoftwareKey;
use reglament_store::AnyStore;
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
}

/// Starts the demo on an embedded SQLite file.
pub fn demo(args: &DemoArgs) -> Result<(), CliError> {
    std::fs::create_dir_all(&args.data_dir)
        .map_err(|source| CliError::Io { what: format!("creating {}", args.data_dir.display()), source })?;
    let url = format!("sqlite://{}", args.data_dir.join("reglament.sqlite3").display());
    run(args.addr, &url, &args.regulations, Some(args.sandbox_port))
}

/// Starts the server on the given database.
pub fn serve(args: &ServeArgs) -> Result<(), CliError> {
    run(args.addr, &args.database_url, &args.regulations, None)
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

/// Starts the sandbox on 127.0.0.1:`port` in the background and returns its address and the
/// platform's key it trusts; when the port cannot be bound, warns (in Russian and Kazakh) and
/// returns none.
async fn start_sandbox(port: u16) -> Result<Option<(SocketAddr, SoftwareKey)>, CliError> {
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
    let (sandbox, address, platform) = crate::sandbox_cmd::sandbox_on(&listener)?;
    tokio::spawn(async move {
        if let Err(e) = reglament_sandbox::serve(listener, sandbox, std::future::pending()).await {
            eprintln!("sandbox stopped: {e}");
        }
    });
    Ok(Some((address, platform)))
}

/// Runs the worker in the background on `store`: every second, the due timers and actions, the
/// state systems called through the sandbox at `sandbox`, signed with `platform`.
async fn start_worker(
    store: AnyStore,
    regulations: &Path,
    sandbox: SocketAddr,
    platform: SoftwareKey,
) -> Result<(), CliError> {
    let runtime = crate::case_cmd::runtime_on(store, regulations)
        .await?
        .with_gateway(crate::gateway_args::gateway(&format!("http://{sandbox}"), platform)?);
    tokio::spawn(async move {
        let name = format!("demo-worker-{}", std::process::id());
        loop {
            match runtime.run_jobs(&name, chrono::Utc::now(), 100).await {
                Ok(0) => tokio::time::sleep(std::time::Duration::from_secs(1)).await,
                Ok(_) => {}
                Err(e) => {
                    eprintln!("worker: [{}] {e}", e.code());
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        }
    });
    Ok(())
}

fn run(addr: SocketAddr, url: &str, regulations: &Path, sandbox_port: Option<u16>) -> Result<(), CliError> {
    let demo = sandbox_port.is_some();
    let texts = regulation_texts(regulations)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let store = AnyStore::connect(url).await?;
        let state = AppState::new(store.clone(), &texts)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| CliError::Io { what: format!("listening on {addr}"), source })?;
        let bound = listener.local_addr().map_err(|source| CliError::Io { what: "listening".into(), source })?;
        let base = format!("http://{bound}");
        println!("Reglament is running on {base} (database: {url})");
        let sandbox = match sandbox_port {
            Some(port) => start_sandbox(port).await?,
            None => None,
        };
        let sandbox = match sandbox {
            Some((address, platform)) => {
                // Without encoded acts there are no cases to work on.
                if regulations.is_dir() {
                    start_worker(store, regulations, address, platform).await?;
                }
                Some(address)
            }
            None => None,
        };
        if demo {
            println!();
            println!("  Портал (рус.)            {base}/ru/");
            println!("  Портал (қаз.)            {base}/kk/");
            println!("  Производственный календарь  {base}/ru/calendar/2026");
            println!("  Калькулятор сроков       {base}/ru/deadline?start=2026-03-20T19:40&term=6wd");
            println!("  Регламенты               {base}/ru/regulations");
            println!("  API                      {base}/api/calendar/2026");
            if let Some(sandbox) = sandbox {
                println!("  Песочница (внешние системы)  http://{sandbox}/   (reglament sandbox)");
                println!("  Обработчик заданий: запросы в госсистемы идут через песочницу, ответы хранятся в деле");
                crate::sandbox_cmd::print_pki(sandbox);
            }
            println!();
            println!("Press Ctrl-C to stop.");
        }
        reglament_web::serve(listener, state).await.map_err(|source| CliError::Io { what: "serving".into(), source })
    })
}
