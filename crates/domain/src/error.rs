//! The crate's single error type, [`DomainError`], with stable machine codes.

use chrono::NaiveDate;

use crate::id::IdKind;
use crate::language::Language;

/// Every way a domain value can fail to parse or compute.
///
/// Each variant has a stable machine code ([`DomainError::code`]) meant for
/// logs, API responses and translations; the `Display` text is for developers
/// and names the failed rule together with the offending input or position.
/// Codes never change once published; new variants get new codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// A language code other than `kk` or `ru`.
    #[error("unknown language {input:?}: rule `language` allows only \"kk\" or \"ru\"")]
    UnknownLanguage {
        /// The rejected input.
        input: String,
    },

    /// A state system's name that is not one of [`crate::StateSystem::ALL`].
    #[error("unknown state system {input:?}: rule `state_system` allows only {expected}")]
    UnknownStateSystem {
        /// The rejected input.
        input: String,
        /// The known names.
        expected: String,
    },

    /// A document form's name that is not one of [`crate::DocumentForm::ALL`].
    #[error("unknown document form {input:?}: rule `document_form` allows only {expected}")]
    UnknownDocumentForm {
        /// The rejected input.
        input: String,
        /// The known names.
        expected: String,
    },

    /// A localized text whose variant in one language is blank.
    #[error("localized text is blank in language {language}: rule `localized.non_blank`")]
    BlankLocalizedText {
        /// The language whose text is blank.
        language: Language,
    },

    /// An IIN or BIN that is not exactly 12 characters long.
    #[error("{kind} {input:?} has {found} characters: rule `length` requires exactly 12 digits")]
    IdLength {
        /// IIN or BIN.
        kind: IdKind,
        /// The rejected input.
        input: String,
        /// Number of characters found.
        found: usize,
    },

    /// An IIN or BIN containing a character that is not an ASCII digit.
    #[error("{kind} {input:?}: rule `digits` failed, character {found:?} at position {position} is not a digit")]
    IdNonDigit {
        /// IIN or BIN.
        kind: IdKind,
        /// The rejected input.
        input: String,
        /// 1-based position of the offending character.
        position: usize,
        /// The offending character.
        found: char,
    },

    /// The 12th digit does not match the computed check digit.
    #[error("{kind} {input:?}: rule `check_digit` failed, expected {expected} at position 12 but found {found}")]
    IdCheckDigit {
        /// IIN or BIN.
        kind: IdKind,
        /// The rejected input.
        input: String,
        /// The check digit computed from the first 11 digits.
        expected: u8,
        /// The 12th digit as written.
        found: u8,
    },

    /// Both weighting passes give remainder 10: no valid number has these 11 digits.
    #[error(
        "{kind} {input:?}: rule `check_digit` failed, both weighting passes give remainder 10 so no number may start with these 11 digits"
    )]
    IdCheckDigitUndefined {
        /// IIN or BIN.
        kind: IdKind,
        /// The rejected input.
        input: String,
    },

    /// IIN century-and-sex digit (position 7) outside 1–6.
    #[error("IIN {input:?}: rule `century_digit` failed, digit {digit} at position 7 must be 1 to 6")]
    IinCenturyDigit {
        /// The rejected input.
        input: String,
        /// The digit found at position 7.
        digit: u8,
    },

    /// IIN positions 1–6 with the century digit are not a real calendar date.
    #[error(
        "IIN {input:?}: rule `birth_date` failed, positions 1-6 ({yymmdd}) with century digit {century_digit} are not a real date"
    )]
    IinBirthDate {
        /// The rejected input.
        input: String,
        /// The six date digits as written.
        yymmdd: String,
        /// The century-and-sex digit used to complete the year.
        century_digit: u8,
    },

    /// BIN registration month (positions 3–4) outside 01–12.
    #[error("BIN {input:?}: rule `registration_month` failed, month {month:02} at positions 3-4 must be 01 to 12")]
    BinMonth {
        /// The rejected input.
        input: String,
        /// The month as written.
        month: u8,
    },

    /// BIN type digit (position 5) outside 4–6.
    #[error("BIN {input:?}: rule `type_digit` failed, digit {digit} at position 5 must be 4, 5 or 6")]
    BinTypeDigit {
        /// The rejected input.
        input: String,
        /// The digit found at position 5.
        digit: u8,
    },

    /// BIN unit digit (position 6) outside 0–3.
    #[error("BIN {input:?}: rule `unit_digit` failed, digit {digit} at position 6 must be 0 to 3")]
    BinUnitDigit {
        /// The rejected input.
        input: String,
        /// The digit found at position 6.
        digit: u8,
    },

    /// A money operation whose result does not fit in `i64` tiyn.
    #[error("money overflow: rule `no_wrap` failed, {operation} of {left} and {right} does not fit in i64 tiyn")]
    MoneyOverflow {
        /// The operation, e.g. `"add"`.
        operation: &'static str,
        /// Left operand (tiyn, or tenge for `from_tenge`).
        left: i64,
        /// Right operand (tiyn, factor or 100).
        right: i64,
    },

    /// A decimal number that does not follow the decimal grammar.
    #[error("{what} {input:?}: rule `decimal.syntax` failed, {reason}")]
    DecimalSyntax {
        /// What was being parsed, e.g. `"MCI amount"`.
        what: &'static str,
        /// The rejected input.
        input: String,
        /// Which part of the grammar was violated.
        reason: &'static str,
    },

    /// A decimal number too large to represent.
    #[error("{what} {input:?}: rule `decimal.range` failed, value is too large")]
    DecimalRange {
        /// What was being parsed.
        what: &'static str,
        /// The rejected input.
        input: String,
    },

    /// Exact arithmetic exceeded the internal 128-bit range.
    #[error("arithmetic overflow: rule `exact_arithmetic` failed while computing {context}")]
    ArithmeticOverflow {
        /// What was being computed.
        context: &'static str,
    },

    /// No MCI value is known for a date before the table's first entry.
    #[error("no MCI value for {date}: rule `mci.covered` failed, the table starts on {first}")]
    MciBeforeTable {
        /// The requested date.
        date: NaiveDate,
        /// The first `valid_from` date in the table.
        first: NaiveDate,
    },

    /// No MCI value is known for a date after the table's covered period.
    #[error(
        "no MCI value for {date}: rule `mci.covered` failed, the table is only known to be complete up to {covered_until}"
    )]
    MciAfterTable {
        /// The requested date.
        date: NaiveDate,
        /// The last date the table is known to cover.
        covered_until: NaiveDate,
    },

    /// The MCI table data is malformed.
    #[error("MCI table data invalid: rule `mci.table` failed, {reason}")]
    MciTableData {
        /// What is wrong with the data.
        reason: String,
    },

    /// An act id that is not lowercase ASCII letters, digits and single inner hyphens.
    #[error("act id {input:?}: rule `act_id` failed, {reason}")]
    ActId {
        /// The rejected input.
        input: String,
        /// What is wrong, naming the position where relevant.
        reason: String,
    },

    /// A clause/appendix/table/row designator that cannot be written in a reference.
    #[error("designator {input:?}: rule `designator` failed, {reason}")]
    Designator {
        /// The rejected input.
        input: String,
        /// What is wrong.
        reason: String,
    },

    /// A compact legal reference that does not follow the compact grammar.
    #[error("legal reference {input:?}: rule `legal_ref.syntax` failed, {reason}")]
    LegalRefSyntax {
        /// The rejected input.
        input: String,
        /// What is wrong.
        reason: String,
    },
}

impl DomainError {
    /// The stable machine code of this error, e.g. `"iin.check_digit"`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownLanguage { .. } => "language.unknown",
            Self::UnknownStateSystem { .. } => "state_system.unknown",
            Self::UnknownDocumentForm { .. } => "document_form.unknown",
            Self::BlankLocalizedText { .. } => "localized.blank",
            Self::IdLength { kind, .. } => kind.pick("iin.length", "bin.length"),
            Self::IdNonDigit { kind, .. } => kind.pick("iin.non_digit", "bin.non_digit"),
            Self::IdCheckDigit { kind, .. } => kind.pick("iin.check_digit", "bin.check_digit"),
            Self::IdCheckDigitUndefined { kind, .. } => {
                kind.pick("iin.check_digit_undefined", "bin.check_digit_undefined")
            }
            Self::IinCenturyDigit { .. } => "iin.century_digit",
            Self::IinBirthDate { .. } => "iin.birth_date",
            Self::BinMonth { .. } => "bin.month",
            Self::BinTypeDigit { .. } => "bin.type_digit",
            Self::BinUnitDigit { .. } => "bin.unit_digit",
            Self::MoneyOverflow { .. } => "money.overflow",
            Self::DecimalSyntax { .. } => "decimal.syntax",
            Self::DecimalRange { .. } => "decimal.range",
            Self::ArithmeticOverflow { .. } => "arithmetic.overflow",
            Self::MciBeforeTable { .. } => "mci.before_table",
            Self::MciAfterTable { .. } => "mci.after_table",
            Self::MciTableData { .. } => "mci.table_data",
            Self::ActId { .. } => "legal_ref.act_id",
            Self::Designator { .. } => "legal_ref.designator",
            Self::LegalRefSyntax { .. } => "legal_ref.syntax",
        }
    }
}
