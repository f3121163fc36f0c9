//! What every request needs: the store, the provider's hours, and the calendar in force.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use reglament_calendar::{Calendar, CalendarChange, Dataset, Schedule, WorkingTime};
use reglament_pki::Trust;
use reglament_store::{AnyStore, Store};

use crate::catalog::Catalog;
use crate::error::WebError;

/// Shared application state. The calendar's truth is the store (recorded changes on top of the
/// compiled-in data); the working-time tables built from it are cached per set of changes, so
/// every instance sees a change as soon as it is recorded.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    trust: Arc<Trust>,
    cases: Option<Arc<Cases>>,
    ncalayer: Arc<str>,
    /// The instant the case pages and API act at, when fixed (tests, demonstrations of a past
    /// day); none: the system clock.
    fixed_now: Option<DateTime<Utc>>,
    /// Which IINs and BINs are accepted where a person enters (sign-in, the API's filings): the
    /// NCA test numbers too on a test stand (the default, with the NCA test PKI trusted), strict
    /// checks in production ([`Self::strict_numbers`]).
    id_policy: reglament_domain::IdPolicy,
}

/// Where NCALayer listens on the signer's computer.
pub const NCALAYER: &str = "ws://127.0.0.1:13579";

/// What the portal and the back office need to run cases: the runtime (with its gateway to the
/// state systems), the payment gateway's hosted page, and the portal's own public address (for
/// the gateway to send the payer back to).
struct Cases {
    runtime: Arc<reglament_runtime::Runtime>,
    checkout: Option<String>,
    public_base: String,
}

impl std::fmt::Debug for Cases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cases")
            .field("checkout", &self.checkout)
            .field("public_base", &self.public_base)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
struct Inner {
    store: AnyStore,
    catalog: Catalog,
    dataset: Dataset,
    schedule: Schedule,
    cache: Mutex<Option<(Vec<i64>, Arc<WorkingTime>)>>,
}

impl AppState {
    /// State over `store`, with the compiled-in calendar data, the seed providers' hours, and the
    /// encoded acts given as `(file name, text)` pairs (read and linted here, once), and the NCA
    /// test PKI as the trust store.
    pub fn new(store: AnyStore, regulations: &[(String, String)]) -> Result<Self, WebError> {
        let dataset = Dataset::builtin()?;
        let catalog = Catalog::new(regulations, &Calendar::new(&dataset)?)?;
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                catalog,
                dataset,
                schedule: Schedule::seed_standard(),
                cache: Mutex::new(None),
            }),
            trust: Arc::new(Trust::nca_test()?),
            cases: None,
            ncalayer: Arc::from(NCALAYER),
            fixed_now: None,
            id_policy: reglament_domain::IdPolicy::AllowNcaTestNumbers,
        })
    }

    /// The same state accepting only IINs and BINs whose check digit holds (production: the NCA
    /// test numbers fail it).
    #[must_use]
    pub fn strict_numbers(self) -> Self {
        Self { id_policy: reglament_domain::IdPolicy::Strict, ..self }
    }

    /// Which IINs and BINs are accepted where a person enters.
    #[must_use]
    pub fn id_policy(&self) -> reglament_domain::IdPolicy {
        self.id_policy
    }

    /// The same state trusting `trust` instead (e.g. the sandbox's generated test PKI, since the
    /// NCA test certificates compiled in have expired).
    #[must_use]
    pub fn with_trust(self, trust: Trust) -> Self {
        Self { trust: Arc::new(trust), ..self }
    }

    /// The same state running cases on `runtime` (the portal's filings, the back office's
    /// actions), sending payers to the payment gateway's hosted page under `checkout` and back to
    /// `public_base` (`http://host:port`).
    #[must_use]
    pub fn with_runtime(
        self,
        runtime: impl Into<Arc<reglament_runtime::Runtime>>,
        checkout: Option<String>,
        public_base: String,
    ) -> Self {
        Self { cases: Some(Arc::new(Cases { runtime: runtime.into(), checkout, public_base })), ..self }
    }

    /// The same state telling the pages' signing scripts to find NCALayer (or the compatible
    /// signer) at `url` instead of [`NCALAYER`].
    #[must_use]
    pub fn with_ncalayer(self, url: &str) -> Self {
        Self { ncalayer: Arc::from(url), ..self }
    }

    /// The same state acting at `now` in the portal's and the back office's case operations (the
    /// filing day of fees, the instant of filings and actions) instead of the system clock.
    #[must_use]
    pub fn with_fixed_now(self, now: DateTime<Utc>) -> Self {
        Self { fixed_now: Some(now), ..self }
    }

    /// The instant case operations act at: the fixed one, else the system clock (the web crate
    /// is the edge where time is read; the domain below takes it as an argument).
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(Utc::now)
    }

    /// The day in Almaty that case operations act on.
    #[must_use]
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().with_timezone(&chrono_tz::Asia::Almaty).date_naive()
    }

    /// Where the pages' signing scripts find NCALayer.
    #[must_use]
    pub fn ncalayer(&self) -> &str {
        &self.ncalayer
    }

    /// The runtime, or `web.no_runtime` when the server runs without cases.
    pub fn runtime(&self) -> Result<&reglament_runtime::Runtime, WebError> {
        self.cases.as_deref().map(|c| &*c.runtime).ok_or(WebError::NoRuntime)
    }

    /// The payment gateway's hosted page's base address, if any.
    #[must_use]
    pub fn checkout_base(&self) -> Option<&str> {
        self.cases.as_deref().and_then(|c| c.checkout.as_deref())
    }

    /// The portal's public address (`http://host:port`), empty without cases.
    #[must_use]
    pub fn public_base(&self) -> &str {
        self.cases.as_deref().map_or("", |c| c.public_base.as_str())
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> &AnyStore {
        &self.inner.store
    }

    /// The trust anchors and CRLs signatures are checked against (the NCA test PKI, read once,
    /// unless [`AppState::with_trust`] gave another).
    #[must_use]
    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    /// The encoded acts.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    /// The working time in force: built-in data plus every change recorded in the store.
    pub async fn working_time(&self) -> Result<Arc<WorkingTime>, WebError> {
        let stored = self.inner.store.calendar_changes().await?;
        let key: Vec<i64> = stored.iter().map(|s| s.id).collect();
        if let Some((cached_key, wt)) = self.inner.cache.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
            && *cached_key == key
        {
            return Ok(Arc::clone(wt));
        }
        let changes: Vec<&CalendarChange> = stored.iter().map(|s| &s.change).collect();
        let calendar = Calendar::new(&self.inner.dataset.with_changes(changes)?)?;
        let wt = Arc::new(WorkingTime::new(calendar, self.inner.schedule.clone())?);
        *self.inner.cache.lock().unwrap_or_else(PoisonError::into_inner) = Some((key, Arc::clone(&wt)));
        Ok(wt)
    }
}
