//! Diagnostics: what is wrong in an act file, where (file, line, column), in Kazakh and Russian.

use std::fmt;

use reglament_domain::{Language, Localized};
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the act can be used.
    Info,
    /// Probably a fault in the act or the encoding; the act can be used.
    Warning,
    /// The act cannot be used as it is.
    Error,
}

impl Severity {
    /// Its name.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file's name as given to the reader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`.
    #[must_use]
    pub fn at(file: &str, text: &str, offset: usize) -> Self {
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Self { file: file.to_owned(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One finding about an act file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `parse.unknown_field` or `lint.term_exceeded`.
    pub code: &'static str,
    /// How bad.
    pub severity: Severity,
    /// Where.
    pub location: Location,
    /// What, in both languages.
    pub message: Localized,
    /// The clauses of the act involved, in compact citation form.
    pub clauses: Vec<String>,
}

impl Diagnostic {
    /// The diagnostic as one line of text in `lang`.
    #[must_use]
    pub fn line(&self, lang: Language) -> String {
        let mut out =
            format!("{}: {} [{}] {}", self.location, self.severity.label(), self.code, self.message.get(lang));
        if !self.clauses.is_empty() {
            out.push_str(" (");
            out.push_str(&self.clauses.join("; "));
            out.push(')');
        }
        out
    }
}
