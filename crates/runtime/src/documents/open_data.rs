//! The registry's open data: the public fields of each row as CSV (RFC 4180, with a header) and
//! as JSON objects — one format for the CLI export and the API's streaming export. The holder's
//! IIN is included only where the law makes it public.

use reglament_store::RegistryEntry;
use serde_json::json;

/// The CSV header line (with its line end).
pub const CSV_HEADER: &str = "number,licence,kind,status,act,service,document,holder_name,holder_bin,holder_iin,activity_kk,activity_ru,provider_kk,provider_ru,issued_on,valid_until,sha256\r\n";

/// The IIN the open data may show.
fn public_iin(e: &RegistryEntry) -> Option<&str> {
    e.holder_iin.as_deref().filter(|_| e.iin_public)
}

/// One CSV line (with its line end) of `e`'s public fields.
#[must_use]
pub fn csv_row(e: &RegistryEntry) -> String {
    let issued_on = e.issued_on.to_string();
    let valid_until = e.valid_until.map(|d| d.to_string()).unwrap_or_default();
    let values = [
        e.number.as_str(),
        &e.licence,
        e.kind.as_str(),
        e.status.as_str(),
        &e.act,
        &e.service,
        &e.document,
        &e.holder_name,
        e.holder_bin.as_deref().unwrap_or_default(),
        public_iin(e).unwrap_or_default(),
        &e.activity_kk,
        &e.activity_ru,
        &e.provider_kk,
        &e.provider_ru,
        &issued_on,
        &valid_until,
        &e.sha256,
    ];
    crate::csv::line(&values)
}

/// `e`'s public fields as a JSON object.
#[must_use]
pub fn json_row(e: &RegistryEntry) -> serde_json::Value {
    json!({
        "number": e.number,
        "licence": e.licence,
        "kind": e.kind.as_str(),
        "status": e.status.as_str(),
        "act": e.act,
        "service": e.service,
        "document": e.document,
        "holder_name": e.holder_name,
        "holder_bin": e.holder_bin,
        "holder_iin": public_iin(e),
        "activity": { "kk": e.activity_kk, "ru": e.activity_ru },
        "provider": { "kk": e.provider_kk, "ru": e.provider_ru },
        "issued_on": e.issued_on,
        "valid_until": e.valid_until,
        "sha256": e.sha256,
    })
}
