//! What can go wrong when rendering a document or embedding its signature.

use thiserror::Error;

/// A document could not be rendered, or a signature could not be embedded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    /// A vendored font could not be read or subset.
    #[error("font {font}: {message}")]
    Font {
        /// The font's file name.
        font: &'static str,
        /// What failed.
        message: String,
    },
    /// The verification URL does not fit in a QR code.
    #[error("QR code of the verification URL: {0}")]
    Qr(String),
    /// [`crate::with_signature`] was given a PDF this crate did not write, or one it cannot read.
    #[error("not a PDF written by reglament-document: {0}")]
    Foreign(&'static str),
    /// [`crate::with_signature`] was given a PDF that already carries an embedded signature.
    #[error("the PDF already carries an embedded signature")]
    AlreadySigned,
    /// [`crate::pdf`] was given no sheet.
    #[error("a document needs at least one sheet")]
    NoSheet,
}
