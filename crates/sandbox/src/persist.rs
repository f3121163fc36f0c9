//! The state file: the [`Ledger`] as JSON, written atomically (a temporary file beside it,
//! flushed to disk, renamed over it) after every change and before the answer goes out, and read
//! back at start.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::SandboxError;
use crate::state::Ledger;

/// Where the ledger is kept.
#[derive(Debug, Clone)]
pub(crate) struct StateFile {
    path: PathBuf,
}

fn failed(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> SandboxError {
    let what = format!("{what} {}", path.display());
    move |e| SandboxError::State(format!("{what}: {e}"))
}

impl StateFile {
    pub(crate) fn new(path: &Path) -> Self {
        Self { path: path.to_owned() }
    }

    /// The ledger in the file, or `None` when there is no file yet.
    pub(crate) fn load(&self) -> Result<Option<Ledger>, SandboxError> {
        let text = match fs::read(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(failed("reading", &self.path)(e)),
        };
        let ledger: Ledger = serde_json::from_slice(&text)
            .map_err(|e| SandboxError::State(format!("reading {}: {e}", self.path.display())))?;
        ledger.checked().map(Some)
    }

    /// Replaces the file with `ledger`, atomically and durably.
    pub(crate) fn save(&self, ledger: &Ledger) -> Result<(), SandboxError> {
        let text = serde_json::to_vec_pretty(ledger).map_err(|e| SandboxError::State(e.to_string()))?;
        let mut temporary = self.path.clone().into_os_string();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let mut file = File::create(&temporary).map_err(failed("creating", &temporary))?;
        file.write_all(&text).map_err(failed("writing", &temporary))?;
        file.sync_all().map_err(failed("flushing", &temporary))?;
        drop(file);
        fs::rename(&temporary, &self.path).map_err(failed("renaming onto", &self.path))?;
        // The rename itself is durable once the directory is flushed (best effort: not every
        // platform opens directories).
        let directory = self.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if let Ok(directory) = File::open(directory) {
            let _ = directory.sync_all();
        }
        Ok(())
    }
}
