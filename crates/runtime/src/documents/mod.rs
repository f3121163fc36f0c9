//! Output documents: what a case's licence, refusal, notice or receipt says ([`compose`]), from the
//! act's form of the document and the case's facts, and its number ([`DocumentNumber`]).

mod compose;
mod facts;
mod issue;
mod number;
pub mod open_data;
mod verify;
mod vocabulary;

pub use compose::{Composition, compose, statement};
pub use facts::{Facts, Holder, Signatory};
pub use issue::{Draft, holder_of};
pub use number::DocumentNumber;
pub use verify::{
    EXPIRED, Failure, NOT_OFFICIAL, REVOKED, SIGNATURE_MISMATCH, SUSPENDED, SignatureSource, SignedBy, TERMINATED,
    UNKNOWN, UNTRUSTED, Verification, verify_document, verify_number,
};
pub use vocabulary::{FieldSource, default_fields};
