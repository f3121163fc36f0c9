//! The sheet: what one output document shows, already in one language.

use chrono::NaiveDate;
use reglament_domain::{DocumentForm, Language};
use serde::{Deserialize, Serialize};

/// What a document shows, already in one language: the renderers only lay it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The language the texts are in (the PDF's `/Lang`, the HTML's `lang`).
    pub language: Language,
    /// The kind of document (its number series).
    pub form: DocumentForm,
    /// The provider, e.g. "Министерство юстиции Республики Казахстан".
    pub issuer: String,
    /// The document's name from the act.
    pub title: String,
    /// The registry number, e.g. "L-2026-000140000123-000017".
    pub number: String,
    /// The date of issue.
    pub date: NaiveDate,
    /// Label/value rows in the act's order.
    pub fields: Vec<SheetField>,
    /// The legal-basis line (`"Issued under: <act title>, <clause>"`).
    pub basis: String,
    /// "position — full name (IIN …)".
    pub signatory: String,
    /// The QR code's target: the public verification page.
    pub verify_url: String,
    /// The legal-equivalence statement (text given by the caller).
    pub statement: String,
}

/// One row of a sheet's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetField {
    /// What the row is (left column).
    pub label: String,
    /// Its value (right column); `'\n'` separates paragraphs or list items.
    pub value: String,
}
