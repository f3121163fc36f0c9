//! The options that connect a command to the external state systems — the gateway's base URL and
//! the platform's key (PKCS#12) that signs every request and every kept answer — and the
//! runtime's [`Gateway`] built from them with production timeouts, retries and breakers.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use reglament_gateway::{GatewayConfig, HttpGateway, SplitMix64, SystemClock};
use reglament_pki::SoftwareKey;
use reglament_runtime::{Gateway, RegistryRetry};

use crate::error::CliError;

/// The platform's sender id in the gateway envelope.
pub(crate) const SENDER: &str = "reglament";

/// Where the external systems are and what the platform signs with.
#[derive(Debug, Args)]
pub struct GatewayArgs {
    /// Base URL of the external systems (each at `{url}/{system}/v1`), e.g. the sandbox's
    /// `http://127.0.0.1:8081`; without it, registry calls are only journaled.
    #[arg(long, env = "REGLAMENT_GATEWAY_URL", requires = "platform_key")]
    gateway: Option<String>,
    /// The platform's key store (PKCS#12) that signs every request's envelope and every kept
    /// answer; against the sandbox, its `/pki/platform-gateway/key.p12`.
    #[arg(long, env = "REGLAMENT_PLATFORM_KEY")]
    platform_key: Option<PathBuf>,
    /// The key store's password.
    #[arg(long, env = "REGLAMENT_PLATFORM_KEY_PASSWORD", default_value = "")]
    platform_key_password: String,
}

impl GatewayArgs {
    /// The gateway's base URL and the platform's key the options name, if any.
    pub(crate) fn parts(&self) -> Result<Option<(String, Arc<SoftwareKey>)>, CliError> {
        let (Some(url), Some(path)) = (&self.gateway, &self.platform_key) else { return Ok(None) };
        let bytes = std::fs::read(path)
            .map_err(|source| CliError::Io { what: format!("reading {}", path.display()), source })?;
        let key = SoftwareKey::from_pkcs12(&bytes, &self.platform_key_password)?;
        Ok(Some((url.clone(), Arc::new(key))))
    }

    /// The gateway the options name, if any.
    pub(crate) fn gateway(&self) -> Result<Option<Gateway>, CliError> {
        self.parts()?.map(|(url, key)| gateway(&url, key)).transpose()
    }
}

/// The runtime's gateway to the systems under `url`, signing with `key`.
pub(crate) fn gateway(url: &str, key: Arc<SoftwareKey>) -> Result<Gateway, CliError> {
    let clock = Arc::new(SystemClock);
    // Jitter and request ids need only differ between processes.
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let seed = u64::try_from(seed & u128::from(u64::MAX)).unwrap_or_default() ^ u64::from(std::process::id());
    let http = HttpGateway::new(
        GatewayConfig::under(url, SENDER),
        clock.clone(),
        Box::new(SplitMix64::new(seed)),
        Some(key.clone()),
    )
    .map_err(|e| CliError::NotFound(format!("argument <gateway>: [{}] {e}", e.code())))?;
    let http = Arc::new(http);
    Ok(Gateway { registries: http.clone(), payments: http, platform: key, clock, retry: RegistryRetry::default() })
}
