//! The public registry of issued documents, without sign-in: search by number, BIN or IIN (where
//! the law makes it public), one entry with its history and its document re-verified now (the QR
//! code's target), the verification of an uploaded PDF (with or without its `.p7s`), the
//! documents' downloads, and the open-data export streamed as CSV or JSON — as pages in Kazakh
//! and Russian ([`pages`]) and as the JSON API ([`api`]).

pub mod api;
pub mod export;
pub mod pages;
pub(crate) mod texts;

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use reglament_domain::{Bin, IdPolicy};
use reglament_runtime::documents::{SignedBy, Verification};
use reglament_store::{IssuedDocument, RegistryChange, RegistryEntry, RegistryQuery};
use serde_json::{Value, json};

use crate::error::WebError;
use crate::portal::multipart;

/// The largest upload the verification takes (a PDF and its signature).
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// How many rows a search shows at most.
pub const SEARCH_LIMIT: i64 = 100;

/// What one search box means, by its shape: twelve digits are a BIN (when one parses) and an IIN
/// (matching only rows whose IIN is public); anything else is a document number.
#[must_use]
pub fn queries(text: &str) -> Vec<RegistryQuery> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        let mut out = Vec::new();
        if Bin::parse_with(IdPolicy::AllowNcaTestNumbers, text).is_ok() {
            out.push(RegistryQuery::Bin(text.to_owned()));
        }
        out.push(RegistryQuery::Iin(text.to_owned()));
        return out;
    }
    vec![RegistryQuery::Number(text.to_uppercase())]
}

/// Runs `queries`, each row once, newest first as the store gives them.
pub async fn search(
    store: &impl reglament_store::Store,
    queries: &[RegistryQuery],
) -> Result<Vec<RegistryEntry>, WebError> {
    let mut rows: Vec<RegistryEntry> = Vec::new();
    for q in queries {
        for row in store.registry_search(q, SEARCH_LIMIT).await? {
            if !rows.iter().any(|r| r.number == row.number) {
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// An uploaded document: the PDF and, if given, its detached signature.
#[derive(Debug)]
pub struct Upload {
    /// The PDF as downloaded (with or without the embedded signature).
    pub pdf: Vec<u8>,
    /// The `.p7s`, if one was chosen.
    pub p7s: Option<Vec<u8>>,
}

/// Reads the `multipart/form-data` body of a verification: the `pdf` part (required) and the
/// `p7s` part (an empty file counts as none).
pub fn upload(headers: &HeaderMap, body: &[u8]) -> Result<Upload, WebError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let parts = multipart::parts(body, &multipart::boundary(content_type)?)?;
    let file = |name: &str| parts.iter().find(|p| p.name == name && !p.data.is_empty()).map(|p| p.data.clone());
    let pdf = file("pdf").ok_or(WebError::Invalid { field: "pdf", reason: "choose the document's PDF file".into() })?;
    Ok(Upload { pdf, p7s: file("p7s") })
}

/// Which file of an issued document to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// The PDF as signed.
    Pdf,
    /// The detached CMS signature.
    P7s,
    /// The PDF with the signature embedded.
    Signed,
}

impl Download {
    /// The file named `name` of the registry's entry page (`document.pdf`, `document.p7s`,
    /// `signed.pdf`).
    #[must_use]
    pub fn of_registry(name: &str) -> Option<Self> {
        match name {
            "document.pdf" => Some(Self::Pdf),
            "document.p7s" => Some(Self::P7s),
            "signed.pdf" => Some(Self::Signed),
            _ => None,
        }
    }

    /// The number and file of a cabinet download (`{number}.pdf`, `{number}.p7s`,
    /// `{number}-signed.pdf`).
    #[must_use]
    pub fn of_cabinet(name: &str) -> Option<(&str, Self)> {
        if let Some(number) = name.strip_suffix("-signed.pdf") {
            Some((number, Self::Signed))
        } else if let Some(number) = name.strip_suffix(".pdf") {
            Some((number, Self::Pdf))
        } else {
            name.strip_suffix(".p7s").map(|number| (number, Self::P7s))
        }
    }
}

/// The answer carrying `part` of `document`, named by its number: an attachment, or shown in
/// place when `inline` (a PDF embedded in a page).
pub fn download(document: &IssuedDocument, part: Download, inline: bool) -> Result<Response, WebError> {
    let number = &document.number;
    let (bytes, media, name) = match part {
        Download::Pdf => (document.pdf.clone(), "application/pdf", format!("{number}.pdf")),
        Download::P7s => (document.signature.clone(), "application/pkcs7-signature", format!("{number}.pdf.p7s")),
        Download::Signed => (
            reglament_document::with_signature(&document.pdf, &document.signature)?,
            "application/pdf",
            format!("{number}-signed.pdf"),
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, media.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("{}; filename=\"{name}\"", if inline { "inline" } else { "attachment" }),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The signer as JSON.
fn signer_json(s: &SignedBy) -> Value {
    json!({
        "name": s.name,
        "iin": s.iin,
        "bin": s.bin,
        "organisation": s.organisation,
        "signing_time": s.signing_time,
        "chain": s.chain,
    })
}

/// A verification as JSON: the verdict, what was found, the signer and every failure with its
/// stable code and its reason in both languages. The document is described by its public
/// particulars only (never the case or the holder).
#[must_use]
pub fn verdict_json(v: &Verification) -> Value {
    json!({
        "valid": v.is_valid(),
        "sha256": v.sha256,
        "signature": v.source.map(reglament_runtime::documents::SignatureSource::as_str),
        "document": v.document.as_ref().map(|d| json!({
            "number": d.number,
            "act": d.act,
            "document": d.document,
            "provider": d.provider,
            "issued_at": d.issued_at,
            "sha256": d.sha256,
        })),
        "entry": v.entry.as_ref().map(reglament_runtime::documents::open_data::json_row),
        "signer": v.signer.as_ref().map(signer_json),
        "failures": v.failures.iter().map(|f| json!({
            "code": f.code,
            "reason": { "kk": f.reason.kk(), "ru": f.reason.ru() },
        })).collect::<Vec<_>>(),
    })
}

/// A status change as JSON.
#[must_use]
pub fn change_json(c: &RegistryChange) -> Value {
    json!({ "status": c.status.as_str(), "at": c.at, "reason": c.reason })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;

    #[test]
    fn the_search_box_is_read_by_shape() {
        assert_eq!(
            queries(" l-2026-000140000123-000001 "),
            vec![RegistryQuery::Number("L-2026-000140000123-000001".into())]
        );
        assert_eq!(
            queries("123456789021"),
            vec![RegistryQuery::Bin("123456789021".into()), RegistryQuery::Iin("123456789021".into())]
        );
        assert_eq!(queries("871008401427"), vec![RegistryQuery::Iin("871008401427".into())]);
        assert!(queries("  ").is_empty());
    }

    #[test]
    fn cabinet_file_names_name_the_number_and_the_part() {
        assert_eq!(Download::of_cabinet("L-1-signed.pdf"), Some(("L-1", Download::Signed)));
        assert_eq!(Download::of_cabinet("L-1.pdf"), Some(("L-1", Download::Pdf)));
        assert_eq!(Download::of_cabinet("L-1.p7s"), Some(("L-1", Download::P7s)));
        assert_eq!(Download::of_cabinet("L-1.txt"), None);
        assert_eq!(Download::of_registry("signed.pdf"), Some(Download::Signed));
    }
}
