//! What the pages' charts share: the colours of a term's standing (kept, broken, running, running
//! past it), the legend's swatches, and labels cut to fit.

use maud::{Markup, html};

/// Done within its term.
pub(crate) const KEPT: &str = "#2e7d32";
/// Done after its term.
pub(crate) const BROKEN: &str = "#c62828";
/// Still running within its term.
pub(crate) const RUNNING: &str = "#1565c0";
/// Still running past its term.
pub(crate) const OVERDUE: &str = "#ef6c00";
/// Neither (withdrawn).
pub(crate) const NEUTRAL: &str = "#9e9e9e";

/// A legend entry: a 12-pixel square of `colour` and its name.
pub(crate) fn swatch(colour: &str, name: &str) -> Markup {
    html! { li { svg width="12" height="12" aria-hidden="true" { rect width="12" height="12" fill=(colour) {} } " " (name) } }
}

/// `text` cut to at most `chars` characters at a word, with an ellipsis when cut.
pub(crate) fn shortened(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ' ']))
}
