//! A stand that runs cases for the tests: the sandbox (state systems, payment gateway, test PKI,
//! requiring the signed envelope) and a runtime calling it with the platform's key.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use reglament_calendar::Calendar;
use reglament_gateway::{GatewayConfig, HttpGateway, ManualClock, RetryPolicy, SplitMix64};
use reglament_pki::SoftwareKey;
use reglament_pki::issue::TestPki;
use reglament_runtime::{Gateway, Providers, RegistryRetry, Runtime};
use reglament_sandbox::Sandbox;
use reglament_store::AnyStore;

use super::regulation_files;

/// The instant the stories act at (a Monday morning in Astana): the portal's clock is fixed to
/// it and the test PKI issued at it, so the fees, terms and certificates are those of that day
/// whatever day the tests run.
pub fn fixed_now() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+05:00")
        .map_or_else(|_| Utc::now(), |t| t.with_timezone(&Utc))
}

/// The keys of the people in the story, from the sandbox's test PKI.
pub struct People {
    pub applicant: SoftwareKey,
    pub executor: SoftwareKey,
    pub head: SoftwareKey,
    pub platform: Arc<SoftwareKey>,
}

fn key(pki: &TestPki, id: &str) -> SoftwareKey {
    pki.subject(id).unwrap().signing_key(pki.ca.certificate()).unwrap()
}

/// The sandbox on its port with its test PKI; its address, the PKI's trust and the keys, and the
/// sandbox itself (to pay its invoices by hand).
pub async fn sandbox() -> (String, reglament_pki::Trust, People, Sandbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let pki = TestPki::generate(fixed_now(), &reglament_sandbox::pki::base_url(addr)).unwrap();
    let people = People {
        applicant: key(&pki, "individual-valid"),
        executor: key(&pki, "moj-executor"),
        head: key(&pki, "moj-head"),
        platform: Arc::new(key(&pki, "platform-gateway")),
    };
    let trust = pki.trust().unwrap();
    let sandbox = Sandbox::new().with_pki(pki).requiring_envelopes();
    tokio::spawn(reglament_sandbox::serve(listener, sandbox.clone(), std::future::pending()));
    (format!("http://{addr}"), trust, people, sandbox)
}

/// A runtime on `store` calling the sandbox at `base` with the platform's key, the test PKI's
/// Ministry of Justice providing every service.
pub fn runtime(store: &AnyStore, base: &str, platform: &Arc<SoftwareKey>) -> Runtime {
    runtime_providing(store, base, platform, Providers::test_stand(super::documents::MINISTRY_BIN.parse().unwrap()))
}

/// [`runtime`] with `providers` providing the services.
pub fn runtime_providing(store: &AnyStore, base: &str, platform: &Arc<SoftwareKey>, providers: Providers) -> Runtime {
    let platform = platform.clone();
    let mut config = GatewayConfig::under(base, "reglament");
    for settings in config.systems.values_mut() {
        settings.timeout = Duration::from_secs(5);
        settings.retry = RetryPolicy { attempts: 2, base_delay: Duration::ZERO, max_delay: Duration::ZERO };
    }
    let clock = Arc::new(ManualClock::new(Instant::now(), fixed_now()));
    let http = Arc::new(
        HttpGateway::new(config, clock.clone(), Box::new(SplitMix64::new(3)), Some(platform.clone())).unwrap(),
    );
    let acts = regulation_files().iter().map(|(n, t)| reglament_regulation::read(n, t).0.unwrap()).collect();
    Runtime::new(store.clone(), acts, &Calendar::builtin().unwrap()).unwrap().with_providers(providers).with_gateway(
        Gateway { registries: http.clone(), payments: http, platform, clock, retry: RegistryRetry::default() },
    )
}
