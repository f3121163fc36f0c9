//! `reglament demo` and `reglament serve`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args;
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
    run(args.addr, &url, &args.regulations, true)
}

/// Starts the server on the given database.
pub fn serve(args: &ServeArgs) -> Result<(), CliError> {
    run(args.addr, &args.database_url, &args.regulations, false)
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

fn run(addr: SocketAddr, url: &str, regulations: &Path, demo: bool) -> Result<(), CliError> {
    let texts = regulation_texts(regulations)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let store = AnyStore::connect(url).await?;
        let state = AppState::new(store, &texts)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| CliError::Io { what: format!("listening on {addr}"), source })?;
        let bound = listener.local_addr().map_err(|source| CliError::Io { what: "listening".into(), source })?;
        let base = format!("http://{bound}");
        println!("Reglament is running on {base} (database: {url})");
        if demo {
            println!();
            println!("  Портал (рус.)            {base}/ru/");
            println!("  Портал (қаз.)            {base}/kk/");
            println!("  Производственный календарь  {base}/ru/calendar/2026");
            println!("  Калькулятор сроков       {base}/ru/deadline?start=2026-03-20T19:40&term=6wd");
            println!("  Регламенты               {base}/ru/regulations");
            println!("  API                      {base}/api/calendar/2026");
            println!();
            println!("Press Ctrl-C to stop.");
        }
        reglament_web::serve(listener, state).await.map_err(|source| CliError::Io { what: "serving".into(), source })
    })
}
