//! The encoded acts the server shows: read and linted once at start-up from the texts the caller
//! passes (the web crate reads no files).

use reglament_calendar::Calendar;
use reglament_domain::MciTable;
use reglament_regulation::model::Act;
use reglament_regulation::{Diagnostic, read};

use crate::error::WebError;

/// Acts with their diagnostics and findings.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The acts that resolved, in file order.
    pub acts: Vec<Act>,
    /// Every diagnostic of reading and every lint finding.
    pub findings: Vec<Diagnostic>,
}

impl Catalog {
    /// Reads and lints `(file name, text)` pairs.
    pub fn new(files: &[(String, String)], calendar: &Calendar) -> Result<Self, WebError> {
        let mut catalog = Self::default();
        for (name, text) in files {
            let (act, diagnostics) = read(name, text);
            catalog.acts.extend(act);
            catalog.findings.extend(diagnostics);
        }
        let mci = MciTable::embedded().map_err(|e| WebError::Catalog(e.to_string()))?;
        let cx = reglament_lint::Context { calendar, mci: &mci };
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
