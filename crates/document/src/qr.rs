//! The QR code of a verification URL: its module matrix (drawn into the PDF) and an SVG picture.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use crate::DocumentError;

/// The quiet zone around the code, in modules.
pub(crate) const QUIET: usize = 4;

/// A QR code's dark modules as horizontal runs.
pub(crate) struct Matrix {
    /// Modules per side (without the quiet zone).
    pub width: usize,
    /// `(row, first column, length)` of each run of dark modules.
    pub runs: Vec<(usize, usize, usize)>,
}

/// The QR code of `url` (error correction level M).
pub(crate) fn matrix(url: &str) -> Result<Matrix, DocumentError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| DocumentError::Qr(e.to_string()))?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (row, line) in colors.chunks(width.max(1)).enumerate() {
        let mut col = 0;
        while col < line.len() {
            if line[col] == Color::Dark {
                let start = col;
                while col < line.len() && line[col] == Color::Dark {
                    col += 1;
                }
                runs.push((row, start, col - start));
            } else {
                col += 1;
            }
        }
    }
    Ok(Matrix { width, runs })
}

/// The QR code of `url` as a standalone SVG element (`role="img"`, `aria-label` naming the URL),
/// black on white with the quiet zone, scaling to its container. A URL too long for a QR code
/// gives an SVG with the label and no modules.
#[must_use]
pub fn qr_svg(url: &str) -> String {
    let (width, runs) = matrix(url).map_or((0, Vec::new()), |m| (m.width, m.runs));
    let side = width + 2 * QUIET;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img" aria-label="{}" shape-rendering="crispEdges">"#,
        escape(url)
    );
    let _ = write!(svg, r##"<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d=""##);
    for (row, col, len) in runs {
        let _ = write!(svg, "M{} {}h{len}v1h-{len}z", col + QUIET, row + QUIET);
    }
    svg.push_str(r#""/></svg>"#);
    svg
}

/// `text` escaped for an XML attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
