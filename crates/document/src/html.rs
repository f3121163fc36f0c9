//! The accessible HTML fragment of a sheet: an `<article>` in the sheet's language with the
//! title as `h1`, the fields as a description list, and the QR code as a labelled figure.

use chrono::Datelike as _;
use maud::{Markup, PreEscaped, html as maud_html};

use crate::Sheet;
use crate::qr::qr_svg;

/// The sheet as an HTML fragment: `<article class="document" lang="kk|ru">` with the issuer in
/// its header, the title (`h1`), number and date, the fields (`dl`; a value's lines as
/// paragraphs), basis, signatory, the QR code (inline SVG, `role="img"`, labelled with the URL)
/// in a `figure` whose caption links the verification page, and the statement.
#[must_use]
pub fn html(sheet: &Sheet) -> Markup {
    let date = sheet.date;
    let iso = date.to_string();
    let shown = format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year());
    maud_html! {
        article.document lang=(sheet.language.code()) data-form=(sheet.form.as_str()) {
            header { p.issuer { (sheet.issuer) } }
            h1 { (sheet.title) }
            p.number {
                span.number { "№ " (sheet.number) }
                " · "
                time datetime=(iso) { (shown) }
            }
            dl.fields {
                @for field in &sheet.fields {
                    div {
                        dt { (field.label) }
                        dd {
                            @for line in field.value.split('\n').filter(|l| !l.trim().is_empty()) {
                                p { (line) }
                            }
                        }
                    }
                }
            }
            p.basis { (sheet.basis) }
            p.signatory { (sheet.signatory) }
            figure.verify {
                (PreEscaped(qr_svg(&sheet.verify_url)))
                figcaption { a href=(sheet.verify_url) { (sheet.verify_url) } }
            }
            p.statement { (sheet.statement) }
        }
    }
}
