//! The signature embedded in the PDF: an incremental update appending `signature.p7s` as an
//! embedded file (catalog `/Names /EmbeddedFiles` and `/AF`), the signed bytes left untouched as
//! the file's prefix; and the inverse, which gives the signed bytes and the `.p7s` back.
//!
//! Only PDFs written by [`crate::pdf`] are updated: their cross-reference table is a plain
//! `xref` section and the trailer is written one key a line, which is all this module reads.

use std::io::Write as _;

use crate::DocumentError;

/// The embedded file's name.
const FILE_NAME: &str = "signature.p7s";
/// The start of the file specification's `/Desc`, followed by the signed length and `\))`.
const DESC: &[u8] = b"/Desc (Detached CMS signature of the original revision \\(bytes 0..";

/// `pdf` followed by an incremental update that embeds `p7s` (a detached CMS signature of
/// `pdf`'s exact bytes) as `signature.p7s`: an `/EmbeddedFile` stream, its `/Filespec`
/// (`/AFRelationship /Supplement`, the signed length in `/Desc`), and a new revision of the
/// catalog naming it in `/Names /EmbeddedFiles` and `/AF`; the update's trailer points back
/// (`/Prev`) to the original cross-reference table and keeps the original `/ID`.
pub fn with_signature(pdf: &[u8], p7s: &[u8]) -> Result<Vec<u8>, DocumentError> {
    let original = Original::read(pdf)?;
    let (file, spec, root) = (original.size, original.size + 1, original.root);
    let signed = pdf.len();
    let mut out = Vec::with_capacity(pdf.len() + p7s.len() + 1024);
    out.extend_from_slice(pdf);
    let file_at = out.len();
    let len = p7s.len();
    let _ = write!(
        out,
        "{file} 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fpkcs7-signature /Params << /Size {len} >> /Length {len} >>\nstream\n"
    );
    out.extend_from_slice(p7s);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let spec_at = out.len();
    let _ = write!(
        out,
        "{spec} 0 obj\n<< /Type /Filespec /F ({FILE_NAME}) /UF ({FILE_NAME}) /EF << /F {file} 0 R /UF {file} 0 R >> /AFRelationship /Supplement "
    );
    out.extend_from_slice(DESC);
    let _ = write!(out, "{signed}\\)) >>\nendobj\n");
    let root_at = out.len();
    let _ = write!(out, "{root} 0 obj\n<<");
    out.extend_from_slice(original.catalog);
    let _ = write!(
        out,
        "  /Names << /EmbeddedFiles << /Names [({FILE_NAME}) {spec} 0 R] >> >>\n  /AF [{spec} 0 R]\n>>\nendobj\n"
    );
    let xref_at = out.len();
    let _ = write!(
        out,
        "xref\n0 1\n0000000000 65535 f\r\n{root} 1\n{root_at:010} 00000 n\r\n{file} 2\n{file_at:010} 00000 n\r\n{spec_at:010} 00000 n\r\n"
    );
    let _ = write!(out, "trailer\n<< /Size {} /Root {root} 0 R", spec + 1);
    if let Some(info) = original.info {
        let _ = write!(out, " /Info {info} 0 R");
    }
    let _ = write!(out, " /Prev {} /ID ", original.startxref);
    out.extend_from_slice(original.id);
    let _ = write!(out, " >>\nstartxref\n{xref_at}\n%%EOF\n");
    Ok(out)
}

/// The signed original bytes and the embedded `.p7s` when `pdf` is exactly what
/// [`with_signature`] makes of them; `None` for any other file (a plain PDF, a changed update).
#[must_use]
pub fn split_signed(pdf: &[u8]) -> Option<(&[u8], Vec<u8>)> {
    let at = rfind(pdf, DESC)?;
    let signed = number_at(pdf, at + DESC.len())?;
    if signed >= at {
        return None;
    }
    let prefix = pdf.get(..signed)?;
    if !prefix.ends_with(b"%%EOF\n") {
        return None;
    }
    let tail = pdf.get(signed..)?;
    let header_end = find(tail, b">>\nstream\n")?;
    let length = number_after(tail.get(..header_end)?, b"/Length ")?;
    let start = header_end + b">>\nstream\n".len();
    let p7s = tail.get(start..start.checked_add(length)?)?;
    let rebuilt = with_signature(prefix, p7s).ok()?;
    (rebuilt == pdf).then(|| (prefix, p7s.to_vec()))
}

/// What the update needs from the original file.
struct Original<'a> {
    /// The trailer's `/Size`: the first free object number.
    size: usize,
    /// The catalog's object number.
    root: usize,
    /// The information dictionary's object number.
    info: Option<usize>,
    /// The trailer's `/ID` value, as written.
    id: &'a [u8],
    /// The offset of the original cross-reference table.
    startxref: usize,
    /// The catalog dictionary's body: its lines between `<<` and `>>`.
    catalog: &'a [u8],
}

impl<'a> Original<'a> {
    fn read(pdf: &'a [u8]) -> Result<Self, DocumentError> {
        let foreign = DocumentError::Foreign;
        if !pdf.starts_with(b"%PDF-") || !pdf.ends_with(b"%%EOF\n") {
            return Err(foreign("does not start with %PDF- and end with %%EOF"));
        }
        let sx = rfind(pdf, b"startxref\n").ok_or(foreign("no startxref"))?;
        let startxref = number_at(pdf, sx + b"startxref\n".len()).ok_or(foreign("no startxref offset"))?;
        let section = pdf.get(startxref..sx).filter(|s| s.starts_with(b"xref\n0 ")).ok_or(foreign("no xref table"))?;
        let trailer_at = find(section, b"trailer\n").ok_or(foreign("no trailer"))?;
        let trailer = &section[trailer_at..];
        if find(trailer, b"/Prev ").is_some() {
            return Err(DocumentError::AlreadySigned);
        }
        let size = number_after(trailer, b"/Size ").ok_or(foreign("no /Size"))?;
        let root = number_after(trailer, b"/Root ").ok_or(foreign("no /Root"))?;
        let info = number_after(trailer, b"/Info ");
        let id_at = find(trailer, b"/ID ").ok_or(foreign("no /ID"))? + b"/ID ".len();
        let id_len = find(&trailer[id_at..], b"\n").ok_or(foreign("unterminated /ID"))?;
        let id = &trailer[id_at..id_at + id_len];
        let entries = find(section, b"\n")
            .and_then(|first| find(&section[first + 1..], b"\n").map(|second| first + second + 2))
            .ok_or(foreign("short xref"))?;
        let entry =
            entries.checked_add(root.checked_mul(20).ok_or(foreign("bad /Root"))?).ok_or(foreign("bad /Root"))?;
        let offset = number_at(section, entry).ok_or(foreign("no catalog entry"))?;
        let head = format!("{root} 0 obj\n<<");
        let object = pdf.get(offset..).filter(|o| o.starts_with(head.as_bytes())).ok_or(foreign("no catalog"))?;
        let end = find(object, b"\n>>\nendobj").ok_or(foreign("unterminated catalog"))?;
        let catalog = &object[head.len()..=end];
        if find(catalog, b"/Names").is_some() || find(catalog, b"/AF").is_some() {
            return Err(DocumentError::AlreadySigned);
        }
        Ok(Self { size, root, info, id, startxref, catalog })
    }
}

/// The first position of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The last position of `needle` in `hay`.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The decimal number starting at `at` (at least one digit, at most 15).
fn number_at(hay: &[u8], at: usize) -> Option<usize> {
    let digits: Vec<u8> = hay.get(at..)?.iter().take_while(|b| b.is_ascii_digit()).take(16).copied().collect();
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// The number following the first `key` in `hay`.
fn number_after(hay: &[u8], key: &[u8]) -> Option<usize> {
    number_at(hay, find(hay, key)? + key.len())
}
