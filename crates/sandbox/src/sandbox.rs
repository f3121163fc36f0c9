//! [`Sandbox`]: the seeded data, the mutable world behind one lock, and how it was built —
//! with a test PKI, requiring envelopes, keeping a state file, tracing requests.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use reglament_pki::Trust;
use reglament_pki::issue::TestPki;

use crate::data::{Invoice, Seed};
use crate::persist::StateFile;
use crate::state::{JournalEntry, Ledger, Payment, Stats, World};
use crate::{FaultCount, FaultSpec, SandboxError};

/// Where `--trace` lines go.
#[derive(Clone)]
pub(crate) struct Tracer(Arc<dyn Fn(&str) + Send + Sync>);

impl Tracer {
    pub(crate) fn emit(&self, line: &str) {
        (self.0)(line);
    }
}

impl std::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tracer")
    }
}

/// The sandbox's shared state (clones share it).
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub(crate) seed: Arc<Seed>,
    world: Arc<Mutex<World>>,
    pub(crate) pki: Option<Arc<TestPki>>,
    pub(crate) trust: Option<Arc<Trust>>,
    pub(crate) require_envelopes: bool,
    state_file: Option<StateFile>,
    pub(crate) trace: Option<Tracer>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    fn with_ledger(seed: Seed, ledger: Ledger, state_file: Option<StateFile>) -> Self {
        Self {
            seed: Arc::new(seed),
            world: Arc::new(Mutex::new(World::new(ledger))),
            pki: None,
            trust: None,
            require_envelopes: false,
            state_file,
            trace: None,
        }
    }

    /// A sandbox holding the seeded data and no faults, in memory only.
    #[must_use]
    pub fn new() -> Self {
        let seed = Seed::new();
        let ledger = Ledger::seeded(&crate::data::persons());
        Self::with_ledger(seed, ledger, None)
    }

    /// A sandbox keeping its invoices, idempotency keys and counters in the state file at
    /// `path`: read from it when it exists (else seeded and written), rewritten atomically after
    /// every request and before the answer goes out.
    pub fn open(path: &Path) -> Result<Self, SandboxError> {
        let file = StateFile::new(path);
        let seed = Seed::new();
        let ledger = if let Some(ledger) = file.load()? {
            ledger
        } else {
            let ledger = Ledger::seeded(&crate::data::persons());
            file.save(&ledger)?;
            ledger
        };
        Ok(Self::with_ledger(seed, ledger, Some(file)))
    }

    /// The same sandbox, serving `pki` under `/pki` (generate it with
    /// [`pki::base_url`](crate::pki::base_url) of the sandbox's own address, so that its
    /// certificates point here) and verifying envelope signatures against its CA and CRL.
    #[must_use]
    pub fn with_pki(mut self, pki: TestPki) -> Self {
        self.trust = pki.trust().ok().map(Arc::new);
        self.pki = Some(Arc::new(pki));
        self
    }

    /// The same sandbox, refusing requests to the state systems that carry no envelope
    /// signature (`401 sandbox.unsigned`).
    #[must_use]
    pub const fn requiring_envelopes(mut self) -> Self {
        self.require_envelopes = true;
        self
    }

    /// The same sandbox, calling `trace` with one line per request to a state system as soon as
    /// it is received: `request SYSTEM METHOD PATH key=KEY id=REQUEST_ID attempt=N`.
    #[must_use]
    pub fn with_trace(mut self, trace: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.trace = Some(Tracer(Arc::new(trace)));
        self
    }

    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes the ledger to the state file, if one is kept.
    pub(crate) fn save(&self) -> Result<(), SandboxError> {
        match &self.state_file {
            Some(file) => file.save(&self.world().ledger),
            None => Ok(()),
        }
    }

    /// Switches a fault on (replacing the system's previous one); a count of 0 switches it off.
    pub fn set_fault(&self, spec: FaultSpec) -> Result<(), SandboxError> {
        let kind = spec.kind.checked()?;
        if spec.count == FaultCount::Times(0) {
            self.world().faults.remove(&spec.system);
        } else {
            self.world().faults.insert(spec.system, (kind, spec.count));
        }
        Ok(())
    }

    /// Clears every switched fault.
    pub fn clear_faults(&self) {
        self.world().faults.clear();
    }

    /// The counters.
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.world().ledger.stats.clone()
    }

    /// The requests seen since start, in order (the latest
    /// [`JOURNAL_LIMIT`](crate::JOURNAL_LIMIT) at most).
    #[must_use]
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.world().journal.clone()
    }

    /// Pays invoice `reference` (the payer paying, played): `amount` (default: in full) at
    /// `paid_at`, as `POST /admin/invoices/{reference}/pay` does; a paid invoice is left as it is.
    pub fn pay(
        &self,
        reference: &str,
        amount: Option<reglament_domain::Money>,
        paid_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Invoice, SandboxError> {
        self.pay_with(reference, Payment { amount_tiyn: amount, paid_at: Some(paid_at) }, paid_at)
    }

    /// Pays as `payment` says (now by default) and writes the state file.
    pub(crate) fn pay_with(
        &self,
        reference: &str,
        payment: Payment,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Invoice, SandboxError> {
        let invoice = self.world().ledger.pay(reference, payment, now)?;
        self.save()?;
        Ok(invoice)
    }

    /// The seeded data the lookup systems answer from.
    #[must_use]
    pub fn seed(&self) -> &Seed {
        &self.seed
    }
}
