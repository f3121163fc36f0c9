//! [`LegalRef`]: an act plus optional appendix, clause, sub-clause, table and row.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::act_id::ActId;
use super::designator::Designator;
use crate::error::DomainError;
use crate::language::Language;

/// A structural unit of an act, in citation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Appendix,
    Clause,
    SubClause,
    Table,
    Row,
}

impl Part {
    /// All parts in the order they are cited and written in the compact form.
    const ORDER: [Part; 5] = [Part::Appendix, Part::Clause, Part::SubClause, Part::Table, Part::Row];

    const fn key(self) -> &'static str {
        match self {
            Self::Appendix => "app",
            Self::Clause => "p",
            Self::SubClause => "sp",
            Self::Table => "t",
            Self::Row => "r",
        }
    }

    /// Russian abbreviation, written before the designator.
    const fn russian(self) -> &'static str {
        match self {
            Self::Appendix => "прил.",
            Self::Clause => "п.",
            Self::SubClause => "пп.",
            Self::Table => "табл.",
            Self::Row => "стр.",
        }
    }

    /// Kazakh word, written after the designator.
    const fn kazakh(self) -> &'static str {
        match self {
            Self::Appendix => "қосымша",
            Self::Clause => "тармақ",
            Self::SubClause => "тармақша",
            Self::Table => "кесте",
            Self::Row => "жол",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        Self::ORDER.into_iter().find(|part| part.key() == key)
    }
}

/// A citation of (a unit of) a legal act.
///
/// `Display` writes the Russian legal style,
/// e.g. `moj-754-2021, прил. 1, п. 3, пп. 2)`; [`LegalRef::display`] also
/// writes Kazakh (`moj-754-2021, 1-қосымша, 3-тармақ, 2) тармақша`).
/// Parsed from and serialised as the compact form described in the
/// [module docs](crate::legal_ref), e.g. `moj-754-2021#app1/p3/sp2)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LegalRef {
    act: ActId,
    appendix: Option<Designator>,
    clause: Option<Designator>,
    sub_clause: Option<Designator>,
    table: Option<Designator>,
    row: Option<Designator>,
}

impl LegalRef {
    /// A reference to the act as a whole.
    #[must_use]
    pub const fn new(act: ActId) -> Self {
        Self { act, appendix: None, clause: None, sub_clause: None, table: None, row: None }
    }

    /// With the appendix (приложение / қосымша).
    #[must_use]
    pub fn with_appendix(mut self, appendix: Designator) -> Self {
        self.appendix = Some(appendix);
        self
    }

    /// With the clause (пункт / тармақ).
    #[must_use]
    pub fn with_clause(mut self, clause: Designator) -> Self {
        self.clause = Some(clause);
        self
    }

    /// With the sub-clause (подпункт / тармақша).
    #[must_use]
    pub fn with_sub_clause(mut self, sub_clause: Designator) -> Self {
        self.sub_clause = Some(sub_clause);
        self
    }

    /// With the table (таблица / кесте).
    #[must_use]
    pub fn with_table(mut self, table: Designator) -> Self {
        self.table = Some(table);
        self
    }

    /// With the table row (строка / жол).
    #[must_use]
    pub fn with_row(mut self, row: Designator) -> Self {
        self.row = Some(row);
        self
    }

    /// The cited act.
    #[must_use]
    pub const fn act(&self) -> &ActId {
        &self.act
    }

    /// The appendix, if cited.
    #[must_use]
    pub const fn appendix(&self) -> Option<&Designator> {
        self.appendix.as_ref()
    }

    /// The clause, if cited.
    #[must_use]
    pub const fn clause(&self) -> Option<&Designator> {
        self.clause.as_ref()
    }

    /// The sub-clause, if cited.
    #[must_use]
    pub const fn sub_clause(&self) -> Option<&Designator> {
        self.sub_clause.as_ref()
    }

    /// The table, if cited.
    #[must_use]
    pub const fn table(&self) -> Option<&Designator> {
        self.table.as_ref()
    }

    /// The row, if cited.
    #[must_use]
    pub const fn row(&self) -> Option<&Designator> {
        self.row.as_ref()
    }

    fn slot(&self, part: Part) -> Option<&Designator> {
        match part {
            Part::Appendix => self.appendix.as_ref(),
            Part::Clause => self.clause.as_ref(),
            Part::SubClause => self.sub_clause.as_ref(),
            Part::Table => self.table.as_ref(),
            Part::Row => self.row.as_ref(),
        }
    }

    fn slot_mut(&mut self, part: Part) -> &mut Option<Designator> {
        match part {
            Part::Appendix => &mut self.appendix,
            Part::Clause => &mut self.clause,
            Part::SubClause => &mut self.sub_clause,
            Part::Table => &mut self.table,
            Part::Row => &mut self.row,
        }
    }

    fn cited_parts(&self) -> impl Iterator<Item = (Part, &Designator)> {
        Part::ORDER.into_iter().filter_map(|part| self.slot(part).map(|value| (part, value)))
    }

    /// The compact form, e.g. `moj-754-2021#app1/p3/sp2)`; parses back to `self`.
    #[must_use]
    pub fn to_compact(&self) -> String {
        let parts: Vec<String> = self.cited_parts().map(|(part, value)| format!("{}{value}", part.key())).collect();
        if parts.is_empty() { self.act.to_string() } else { format!("{}#{}", self.act, parts.join("/")) }
    }

    /// The citation in the legal style of `language`.
    ///
    /// Russian puts the abbreviation first (`п. 3`, `пп. 2)`); Kazakh puts the
    /// number first, joined by a hyphen (`3-тармақ`), or by a space when the
    /// designator ends in `)` (`2) тармақша`).
    #[must_use]
    pub fn display(&self, language: Language) -> String {
        let mut out = self.act.to_string();
        for (part, value) in self.cited_parts() {
            out.push_str(", ");
            match language {
                Language::Ru => {
                    out.push_str(part.russian());
                    out.push(' ');
                    out.push_str(value.as_str());
                }
                Language::Kk => {
                    out.push_str(value.as_str());
                    out.push(if value.as_str().ends_with(')') { ' ' } else { '-' });
                    out.push_str(part.kazakh());
                }
            }
        }
        out
    }
}

impl fmt::Display for LegalRef {
    /// Russian legal style; see [`LegalRef::display`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(Language::Ru))
    }
}

impl FromStr for LegalRef {
    type Err = DomainError;

    /// Parses the compact form (grammar in the [module docs](crate::legal_ref)).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| DomainError::LegalRefSyntax { input: s.to_owned(), reason };
        let (act, parts) = match s.split_once('#') {
            Some((act, parts)) => (act, Some(parts)),
            None => (s, None),
        };
        let mut reference = Self::new(act.parse()?);
        let Some(parts) = parts else {
            return Ok(reference);
        };
        let mut previous: Option<Part> = None;
        for (index, segment) in parts.split('/').enumerate() {
            let number = index + 1;
            let key_len = segment.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(segment.len());
            let (key, value) = segment.split_at(key_len);
            let part = Part::from_key(key).ok_or_else(|| {
                fail(format!("part {number} ({segment:?}) has unknown key {key:?}; keys are app, p, sp, t, r"))
            })?;
            if previous.is_some_and(|p| p >= part) {
                return Err(fail(format!(
                    "part {number} ({segment:?}) is repeated or out of order; parts go app, p, sp, t, r"
                )));
            }
            let designator =
                value.parse::<Designator>().map_err(|e| fail(format!("part {number} ({segment:?}): {e}")))?;
            *reference.slot_mut(part) = Some(designator);
            previous = Some(part);
        }
        Ok(reference)
    }
}

impl TryFrom<String> for LegalRef {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<LegalRef> for String {
    fn from(value: LegalRef) -> Self {
        value.to_compact()
    }
}
