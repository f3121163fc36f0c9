//! The page shell: head, styles, navigation and the language switch.

use maud::{DOCTYPE, Markup, html};
use reglament_domain::Language;

use crate::texts;

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#0b5394;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header .brand{font-weight:700}header .lang{margin-left:auto}
main{max-width:1200px;margin:0 auto;padding:1rem 1.2rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}
.card{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:1rem}
.year{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:1rem}
.month{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:.6rem}
.month h3{margin:.1rem 0 .4rem;font-size:1rem;display:flex;justify-content:space-between}
.grid{display:grid;grid-template-columns:repeat(7,1fr);gap:2px;text-align:center;font-size:.85rem}
.grid .wd{color:#6b7585;font-size:.75rem}
.d{padding:.25rem 0;border-radius:4px;cursor:default}
.working{background:#eef3f8}.rest_day{background:#fde8e8;color:#a33}
.holiday{background:#d93025;color:#fff;font-weight:700}.moved_day_off{background:#f4a3a0;color:#611}
.transferred_day_off{background:#f6b26b;color:#552}.transferred_working_day{background:#93c47d;color:#143;font-weight:700}
.extra_day_off{background:#c27ba0;color:#fff}.received{outline:3px solid #0b5394}.due{outline:3px solid #111}
.legend span{display:inline-block;padding:.15rem .5rem;margin:.15rem;border-radius:4px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #dde2ea;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.strip{display:flex;flex-wrap:wrap;gap:3px;margin:.6rem 0}.strip .d{min-width:4.2rem;font-size:.75rem;padding:.3rem}
.due-at{font-size:1.6rem;font-weight:700}.error{color:#a00;font-weight:600}
form label{display:block;margin:.5rem 0 .2rem}form input,form select{padding:.35rem;font-size:1rem}
small.hint{color:#6b7585}
form.inline{display:inline}header button{font-size:.9rem}
.field-error{color:#a00;font-weight:600;margin:.2rem 0}input[aria-invalid=true]{border:2px solid #a00}
.diagram{overflow-x:auto;background:#fff;border:1px solid #dde2ea;border-radius:8px;margin:.5rem 0}
p.valid{color:#0a6b2d;font-weight:700;font-size:1.2rem}li.error{color:#a00}li.warning{color:#8a5a00}
td.breached{color:#a00;font-weight:700}#chart{margin:1rem 0;overflow-x:auto}
ul.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;font-size:.85rem}
table#report{font-size:.85rem}table#report td:first-child{max-width:22rem}
"#;

/// Who is signed in, for the header: the name and the session's CSRF token (for sign-out).
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    /// The name shown.
    pub name: &'a str,
    /// The session's CSRF token.
    pub csrf: &'a str,
}

/// A full page: `title`, the path of the same page without the language prefix (for the
/// language switch), and the content.
pub fn page(lang: Language, title: &str, path: &str, content: &Markup) -> Markup {
    page_as(lang, title, path, content, None)
}

/// [`page`] with the header naming who is signed in (and a sign-out button), or offering
/// sign-in when `viewer` is none.
pub fn page_as(lang: Language, title: &str, path: &str, content: &Markup, viewer: Option<Viewer<'_>>) -> Markup {
    use crate::auth::texts as auth;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Reglament" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header {
                    a.brand href={ "/" (lang.code()) "/" } { "Reglament" }
                    a href={ "/" (lang.code()) "/calendar" } { (texts::CALENDAR.get(lang)) }
                    a href={ "/" (lang.code()) "/deadline" } { (texts::DEADLINE.get(lang)) }
                    a href={ "/" (lang.code()) "/regulations" } { (texts::REGULATIONS.get(lang)) }
                    a href={ "/" (lang.code()) "/signature" } { (texts::SIGNATURE.get(lang)) }
                    a href={ "/" (lang.code()) "/registry" } { (crate::registry::texts::REGISTRY.get(lang)) }
                    span.lang {
                        (texts::LANGUAGE.get(lang)) ": "
                        @for other in Language::ALL {
                            @if other == lang {
                                strong { (other.code()) } " "
                            } @else {
                                a href={ "/" (other.code()) (path) } { (other.code()) } " "
                            }
                        }
                    }
                    @match viewer {
                        Some(viewer) => span.who {
                            (auth::SIGNED_IN_AS.get(lang)) ": " strong { (viewer.name) } " "
                            form.inline method="post" action={ "/" (lang.code()) "/sign-out" } {
                                input type="hidden" name="csrf" value=(viewer.csrf);
                                button type="submit" { (auth::SIGN_OUT.get(lang)) }
                            }
                        },
                        None => a href={ "/" (lang.code()) "/sign-in" } { (auth::SIGN_IN.get(lang)) },
                    }
                }
                main { (content) }
            }
        }
    }
}
