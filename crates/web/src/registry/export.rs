//! The registry's open data, streamed: `GET /api/v1/registry/export.csv` (RFC 4180, with a
//! header) and `GET /api/v1/registry/export.json` (one array written row by row). The body is
//! produced page by page (keyset pages of [`PAGE`] rows, by number), so memory stays flat
//! whatever the registry's size; rows carry the public fields only (the runtime's open-data
//! serialiser, shared with the CLI export).

use std::fmt::Write as _;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use reglament_runtime::documents::open_data::{CSV_HEADER, csv_row, json_row};
use reglament_store::{AnyStore, RegistryEntry, Store};

use crate::state::AppState;

/// Rows read from the store at a time.
pub const PAGE: i64 = 1000;

/// The two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// Where the stream is.
#[derive(Debug)]
enum Stage {
    /// The header (CSV) or the array's opening (JSON) is next.
    Head,
    /// Rows after this number (none: from the first) are next.
    Rows(Option<String>),
    /// The array's closing (JSON) is next.
    Tail,
    /// Nothing more.
    Done,
}

/// The stream's state between chunks.
struct Export {
    store: AnyStore,
    format: Format,
    stage: Stage,
    /// Whether a JSON row was written (the next one is preceded by a comma).
    wrote: bool,
}

/// A page of rows in `format`.
fn chunk(rows: &[RegistryEntry], format: Format, wrote: &mut bool) -> String {
    let mut out = String::new();
    for row in rows {
        match format {
            Format::Csv => out.push_str(&csv_row(row)),
            Format::Json => {
                if *wrote {
                    out.push_str(",\n");
                }
                let _ = write!(out, "{}", json_row(row));
                *wrote = true;
            }
        }
    }
    out
}

impl Export {
    /// The next chunk, or `None` at the end.
    async fn next(mut self) -> Option<(Result<Bytes, std::io::Error>, Self)> {
        loop {
            match std::mem::replace(&mut self.stage, Stage::Done) {
                Stage::Head => {
                    self.stage = Stage::Rows(None);
                    let head = match self.format {
                        Format::Csv => CSV_HEADER,
                        Format::Json => "[\n",
                    };
                    return Some((Ok(Bytes::from_static(head.as_bytes())), self));
                }
                Stage::Rows(after) => {
                    let rows = match self.store.registry_page(after.as_deref(), PAGE).await {
                        Ok(rows) => rows,
                        Err(e) => return Some((Err(std::io::Error::other(e)), self)),
                    };
                    let full = i64::try_from(rows.len()).is_ok_and(|n| n >= PAGE);
                    self.stage = match rows.last() {
                        Some(last) if full => Stage::Rows(Some(last.number.clone())),
                        _ => Stage::Tail,
                    };
                    if rows.is_empty() {
                        continue;
                    }
                    let text = chunk(&rows, self.format, &mut self.wrote);
                    return Some((Ok(Bytes::from(text)), self));
                }
                Stage::Tail => {
                    if self.format == Format::Json {
                        return Some((Ok(Bytes::from_static(b"\n]\n")), self));
                    }
                }
                Stage::Done => return None,
            }
        }
    }
}

/// The streamed answer in `format`.
fn stream(state: &AppState, format: Format) -> Response {
    let export = Export { store: state.store().clone(), format, stage: Stage::Head, wrote: false };
    let body = Body::from_stream(futures_util::stream::unfold(export, Export::next));
    let (media, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "registry.csv"),
        Format::Json => ("application/json", "registry.json"),
    };
    (
        [
            (header::CONTENT_TYPE, media.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/v1/registry/export.csv`.
pub async fn csv(State(state): State<AppState>) -> Response {
    stream(&state, Format::Csv)
}

/// `GET /api/v1/registry/export.json`.
pub async fn json(State(state): State<AppState>) -> Response {
    stream(&state, Format::Json)
}
