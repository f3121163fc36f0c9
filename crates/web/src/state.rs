//! What every request needs: the store, the provider's hours, and the calendar in force.

use std::sync::{Arc, Mutex, PoisonError};

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
}

#[derive(Debug)]
struct Inner {
    store: AnyStore,
    catalog: Catalog,
    dataset: Dataset,
    schedule: Schedule,
    cache: Mutex<Option<(Vec<i64>, Arc<WorkingTime>)>>,
    trust: Trust,
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
                trust: Trust::nca_test()?,
            }),
        })
    }

    /// The store.
    #[must_use]
    pub fn store(&self) -> &AnyStore {
        &self.inner.store
    }

    /// The trust anchors and CRLs signatures are checked against (the NCA test PKI, read once).
    #[must_use]
    pub fn trust(&self) -> &Trust {
        &self.inner.trust
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
