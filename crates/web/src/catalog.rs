//! The encoded acts the server shows: read and linted once at start-up from the texts the caller
//! passes (the web crate reads no files).

use reglament_calendar::Calendar;
use reglament_domain::MciTable;
use reglament_regulation::model::Act;
use reglament_regulation::{Diagnostic, read};

use crate::error::WebError;

/// Acts with their diagnostics and findings.
#[derive(Debug)]
pub struct Catalog {
    /// The acts that resolved, in file order.
    pub acts: Vec<Act>,
    /// Every diagnostic of reading and every lint finding.
    pub findings: Vec<Diagnostic>,
    /// The MCI values fees are computed with (read once).
    pub mci: MciTable,
}

impl Catalog {
    /// Reads and lints `(file name, text)` pairs.
    pub fn new(files: &[(String, String)], calendar: &Calendar) -> Result<Self, WebError> {
        let mci = MciTable::embedded().map_err(|e| WebError::Catalog(e.to_string()))?;
        let mut catalog = Self { acts: Vec::new(), findings: Vec::new(), mci };
        for (name, text) in files {
            let (act, diagnostics) = read(name, text);
            catalog.acts.extend(act);
            catalog.findings.extend(diagnostics);
        }
        let cx = reglament_lint::Context { calendar, mci: &catalog.mci };
        catalog.findings.extend(reglament_lint::lint(&catalog.acts, &cx));
        Ok(catalog)
    }

    /// The act with id `id`.
    #[must_use]
    pub fn act(&self, id: &str) -> Option<&Act> {
        self.acts.iter().find(|a| a.id.as_str() == id)
    }

    /// The findings about `act` (by its file).
    pub fn findings_of<'a>(&'a self, act: &'a Act) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.findings.iter().filter(move |d| d.location.file == act.file)
    }
}
