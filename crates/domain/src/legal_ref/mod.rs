//! References into legal acts ([`LegalRef`]), so every rule the platform
//! applies can cite the clause it comes from.
//!
//! # Compact form
//!
//! Data files cite with a compact string, which is also the serde form:
//!
//! ```text
//! legal-ref  = act-id [ "#" part *( "/" part ) ]
//! part       = key designator        ; keys in this order, each at most once:
//! key        = "app"                 ; appendix   (приложение / қосымша)
//!            / "p"                   ; clause     (пункт / тармақ)
//!            / "sp"                  ; sub-clause (подпункт / тармақша)
//!            / "t"                   ; table      (таблица / кесте)
//!            / "r"                   ; row        (строка / жол)
//! act-id     = 1*64( %x61-7A / DIGIT / "-" )   ; no leading, trailing or double "-"
//! designator = 1*32 chars, as written in the act, not starting with an ASCII
//!              letter, without whitespace, control characters, "/", "#" or ","
//! ```
//!
//! Example: `moj-754-2021#app1/p3/sp2)/t1` — act `moj-754-2021`, appendix 1,
//! clause 3, sub-clause `2)`, table 1. [`LegalRef::to_compact`] writes parts in
//! the order above, so parsing and writing round-trip exactly.

mod act_id;
mod designator;
mod reference;

pub use act_id::ActId;
pub use designator::Designator;
pub use reference::LegalRef;
