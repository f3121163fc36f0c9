//! Signing in and who is signed in: applicants by IIN and password or by NCA key, officials by
//! NCA key against the providers' staff lists; sessions in a secure cookie, CSRF tokens, and the
//! rate limit of failed sign-ins.
//!
//! * [`password`]: PBKDF2-HMAC-SHA256 hashes.
//! * [`session`]: the session cookie, the [`Applicant`] and [`Official`] extractors,
//!   [`verify_csrf`].
//! * [`limit`]: the rate limit.
//! * [`key`]: the challenge an NCA key signs through NCALayer, and its verification.
//! * [`texts`]: the sign-in texts in Kazakh and Russian.

pub mod key;
pub mod limit;
pub mod password;
pub mod session;
pub mod texts;

use reglament_domain::{Language, Localized};

pub use limit::ClientAddress;
pub use session::{Applicant, Official, verify_csrf};

/// Why a sign-in was refused: a stable code and the words shown next to the field.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub code: &'static str,
    text: Option<Localized>,
}

impl Refusal {
    pub(crate) const fn new(code: &'static str, text: Localized) -> Self {
        Self { code, text: Some(text) }
    }

    /// A refused signature, by its `pki.*` code.
    pub(crate) const fn pki(code: &'static str) -> Self {
        Self { code, text: None }
    }

    /// The words for people.
    pub(crate) fn message(&self, lang: Language) -> String {
        match &self.text {
            Some(text) => text.get(lang).to_owned(),
            None => crate::texts::pki_reason(self.code, lang),
        }
    }
}

/// Percent-encodes a URL query component (everything but unreserved characters).
pub(crate) fn encode_component(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Where to go after signing in: `next` when it is a path on this site, else `fallback`.
pub(crate) fn safe_next(next: Option<&str>, fallback: String) -> String {
    match next {
        Some(n) if is_local_path(n) => n.to_owned(),
        _ => fallback,
    }
}

/// Whether `path` is a path on this site: it starts with one `/`, and has no backslash, no
/// whitespace and no control character (browsers drop a tab or a newline, so `/\t/host` would
/// become `//host`, another site).
fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}
