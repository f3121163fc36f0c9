//! `reglament ncalayer --store FILE.p12 --password X [--port N]`: the NCALayer-compatible test
//! signer on `ws://127.0.0.1:13579`, for the demo and browser tests (see
//! `reglament_web::ncalayer` for the protocol subset and how it differs from NCALayer).

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use reglament_pki::{SigningKey, SoftwareKey};
use reglament_web::ncalayer::{DEFAULT_PORT, NcaLayer, bind_ncalayer, serve_ncalayer};

use crate::error::CliError;
use crate::pki_cmd::read;

/// Options of `reglament ncalayer`.
#[derive(Debug, Args)]
pub struct NcaLayerArgs {
    /// The PKCS#12 key store to sign with (a test key: every request is signed without asking),
    /// e.g. `crates/pki/tests/nca/keys/key_individual_valid_sign_2004.p12` (password `Qwerty12`).
    #[arg(long)]
    store: PathBuf,
    /// The key store's password (or set `REGLAMENT_KEY_PASSWORD`).
    #[arg(long, env = "REGLAMENT_KEY_PASSWORD", hide_env_values = true)]
    password: String,
    /// The port on 127.0.0.1 to listen on (NCALayer's is 13579; 0 picks a free one).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
}

/// Opens the key store and serves until Ctrl-C.
pub fn run(args: &NcaLayerArgs) -> Result<(), CliError> {
    let key = SoftwareKey::from_pkcs12(&read(&args.store)?, &args.password)?;
    let (from, until) = key.certificate().validity();
    let label = key.certificate().subject_label();
    let runtime = tokio::runtime::Runtime::new().map_err(|source| CliError::Io { what: "starting".into(), source })?;
    runtime.block_on(async {
        let io = |what: &str| {
            let what = what.to_owned();
            move |source| CliError::Io { what, source }
        };
        let listener = bind_ncalayer(args.port).await.map_err(io(&format!("binding 127.0.0.1:{}", args.port)))?;
        let address = listener.local_addr().map_err(io("reading the bound address"))?;
        println!("NCALayer-compatible test signer on ws://{address}/ (real NCALayer: wss://127.0.0.1:{DEFAULT_PORT})");
        println!("key: {label}, certificate valid {from} to {until}");
        serve_ncalayer(listener, NcaLayer::new(Arc::new(key))).await.map_err(io("serving"))
    })
}
