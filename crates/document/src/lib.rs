//! Output documents: a [`Sheet`] — what one document shows, already in one language — rendered
//! to an A4 PDF ([`pdf`]) and to an accessible HTML fragment ([`html`]).
//!
//! Pure: no IO, no clock. The PDF is deterministic (same sheet, same bytes): no creation date,
//! the file `/ID` is the SHA-256 of the sheet's content. Its fonts are the vendored `DejaVu Sans`
//! (regular and bold, `fonts/`), subset to the glyphs used, with a `ToUnicode` map so text
//! extraction returns the exact text, every Kazakh letter included. The footer carries a QR code
//! of [`Sheet::verify_url`] and the legal-equivalence statement.
//!
//! A detached CMS signature (`.p7s`) over the PDF's exact bytes can be embedded by an incremental
//! update ([`with_signature`]) that leaves those bytes untouched as a prefix; [`split_signed`]
//! gives the signed bytes and the `.p7s` back.

mod attach;
mod error;
mod font;
mod html;
mod layout;
mod pdf;
mod qr;
mod sheet;

pub use attach::{split_signed, with_signature};
pub use error::DocumentError;
pub use html::html;
pub use pdf::pdf;
pub use qr::qr_svg;
pub use sheet::{Sheet, SheetField};
