//! Issued documents and their numbers: the exact signed PDF of each, and the counters that make
//! numbers gap-free per provider, year and series. A number is taken in the transaction that
//! keeps its document (compare-and-set on the counter), so any number of servers — or processes
//! sharing one SQLite file — may issue at once.

use chrono::{DateTime, Utc};

use crate::error::StoreError;

/// An issued document: the exact signed PDF and its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDocument {
    /// Its number, `{series}-{yyyy}-{bin}-{seq:06}`.
    pub number: String,
    /// The provider's BIN.
    pub provider: String,
    /// The year of the numbering.
    pub year: i32,
    /// The series (`L` licences, `R` refusals, `D` others).
    pub series: String,
    /// Its place in the provider's, year's and series' numbering, from 1.
    pub seq: i64,
    /// The case it was issued in.
    pub case_id: String,
    /// The step that issued it.
    pub step: String,
    /// The act's document id.
    pub document: String,
    /// The act.
    pub act: String,
    /// What the PDF shows, for its HTML rendition: the sheets as JSON (Kazakh, then Russian).
    pub sheets: String,
    /// The PDF exactly as signed.
    pub pdf: Vec<u8>,
    /// The SHA-256 of `pdf`, hex.
    pub sha256: String,
    /// The official's detached CMS signature over `pdf` (DER).
    pub signature: Vec<u8>,
    /// The official's IIN.
    pub signer: String,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
}

/// The last seq of a numbering.
pub(crate) const LAST_SEQ: &str = "SELECT last FROM document_numbers WHERE provider = $1 AND year = $2 AND series = $3";

/// A numbering's counter at 0 unless it exists. The first statement of the issuing transaction:
/// a write, so SQLite takes the write lock (waiting its busy timeout) before reading anything.
pub(crate) const OPEN_COUNTER: &str = "INSERT INTO document_numbers (provider, year, series, last) VALUES ($1, $2, $3, 0) ON CONFLICT (provider, year, series) DO NOTHING";

/// The counter moved from `$4 - 1` to `$4` (compare-and-set: no row when it is elsewhere).
pub(crate) const ADVANCE_COUNTER: &str =
    "UPDATE document_numbers SET last = $4 WHERE provider = $1 AND year = $2 AND series = $3 AND last = $4 - 1";

/// The counter's row locked for this transaction (a write, so SQLite's writer lock and a
/// PostgreSQL row lock both serialise reservations of one numbering); its last seq.
pub(crate) const LOCK_COUNTER: &str =
    "UPDATE document_numbers SET last = last WHERE provider = $1 AND year = $2 AND series = $3 RETURNING last";

/// Leases run out at `$4` or consumed by an issue (their seq at or below `$5`, the last issued).
pub(crate) const DROP_STALE_LEASES: &str =
    "DELETE FROM number_leases WHERE provider = $1 AND year = $2 AND series = $3 AND (expires_at <= $4 OR seq <= $5)";

/// The live leases of a numbering, by seq: (seq, case, step).
pub(crate) const LEASES: &str = "SELECT seq, case_id, step FROM number_leases WHERE provider = $1 AND year = $2 AND series = $3 AND expires_at > $4 ORDER BY seq";

/// A (case, step)'s lease given up.
pub(crate) const DROP_LEASE: &str = "DELETE FROM number_leases WHERE case_id = $1 AND step = $2";

/// A lease taken.
pub(crate) const INSERT_LEASE: &str = "INSERT INTO number_leases (provider, year, series, seq, case_id, step, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Who reserves a number, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease<'a> {
    /// The provider's BIN.
    pub provider: &'a str,
    /// The year of the numbering.
    pub year: i32,
    /// The series.
    pub series: &'a str,
    /// The case whose draft holds it.
    pub case_id: &'a str,
    /// The step that issues the document.
    pub step: &'a str,
    /// The instant of the reservation.
    pub now: DateTime<Utc>,
    /// When it runs out unless reserved again.
    pub until: DateTime<Utc>,
}

/// The place a lease holder gets: the lowest place after `last` that no other holder's live lease
/// has — its own place again while nothing below it has come free.
pub(crate) fn free_place(last: i64, leases: &[(i64, String, String)], case_id: &str, step: &str) -> i64 {
    let mut place = last + 1;
    for (seq, case, held_by) in leases {
        let others = !(case == case_id && held_by == step);
        if *seq == place && others {
            place += 1;
        } else if *seq > place {
            break;
        }
    }
    place
}

/// A new document.
pub(crate) const INSERT_DOCUMENT: &str = "INSERT INTO documents (number, provider, year, series, seq, case_id, step, document, act, sheets, pdf, sha256, signature, signer, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

/// The columns of a document, in [`DocumentTuple`] order.
macro_rules! document_columns {
    () => {
        "SELECT number, provider, year, series, seq, case_id, step, document, act, sheets, pdf, sha256, signature, signer, issued_at FROM documents "
    };
}

/// One document by number.
pub(crate) const DOCUMENT: &str = concat!(document_columns!(), "WHERE number = $1");

/// The first document with a PDF of this SHA-256.
pub(crate) const DOCUMENT_BY_SHA256: &str =
    concat!(document_columns!(), "WHERE sha256 = $1 ORDER BY issued_at, number LIMIT 1");

/// A case's documents, in issue order.
pub(crate) const DOCUMENTS_OF: &str = concat!(document_columns!(), "WHERE case_id = $1 ORDER BY issued_at, number");

/// A document as both backends return it.
pub(crate) type DocumentTuple = (
    String,
    String,
    i32,
    String,
    i64,
    String,
    String,
    String,
    String,
    String,
    Vec<u8>,
    String,
    Vec<u8>,
    String,
    DateTime<Utc>,
);

pub(crate) fn document_row(
    (
        number,
        provider,
        year,
        series,
        seq,
        case_id,
        step,
        document,
        act,
        sheets,
        pdf,
        sha256,
        signature,
        signer,
        issued_at,
    ): DocumentTuple,
) -> IssuedDocument {
    IssuedDocument {
        number,
        provider,
        year,
        series,
        seq,
        case_id,
        step,
        document,
        act,
        sheets,
        pdf,
        sha256,
        signature,
        signer,
        issued_at,
    }
}

/// A unique violation while keeping `number` means the number is taken; other errors pass.
pub(crate) fn taken(error: sqlx::Error, number: &str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::NumberTaken { number: number.to_owned() },
        _ => StoreError::Database(error),
    }
}

/// The statements that issue document `$d` with its registry row `$entry` inside the open
/// transaction `$tx` (an executor expression): the series' counter advanced from the document's
/// place minus one to its place, the document and the row inserted. Returns from the enclosing
/// function with `NumberTaken` when another issue moved the counter first (the transaction,
/// dropped, rolls back).
macro_rules! issue_in {
    ($tx:expr, $d:expr, $entry:expr) => {{
        sqlx::query($crate::documents::OPEN_COUNTER)
            .bind(&$d.provider)
            .bind($d.year)
            .bind(&$d.series)
            .execute($tx)
            .await?;
        let moved = sqlx::query($crate::documents::ADVANCE_COUNTER)
            .bind(&$d.provider)
            .bind($d.year)
            .bind(&$d.series)
            .bind($d.seq)
            .execute($tx)
            .await?
            .rows_affected();
        if moved == 0 {
            // The caller's transaction is dropped, which rolls it back.
            return Err($crate::StoreError::NumberTaken { number: $d.number.clone() });
        }
        // On an error the transaction is dropped, which rolls it back.
        sqlx::query($crate::documents::INSERT_DOCUMENT)
            .bind(&$d.number)
            .bind(&$d.provider)
            .bind($d.year)
            .bind(&$d.series)
            .bind($d.seq)
            .bind(&$d.case_id)
            .bind(&$d.step)
            .bind(&$d.document)
            .bind(&$d.act)
            .bind(&$d.sheets)
            .bind(&$d.pdf)
            .bind(&$d.sha256)
            .bind(&$d.signature)
            .bind(&$d.signer)
            .bind($crate::accounts::micros($d.issued_at))
            .execute($tx)
            .await
            .map_err(|e| $crate::documents::taken(e, &$d.number))?;
        if let Some(e) = $entry {
            $crate::registry::bind_entry!(sqlx::query($crate::registry::INSERT_ENTRY), e)
                .execute($tx)
                .await
                .map_err(|err| $crate::documents::taken(err, &e.number))?;
        }
        sqlx::query($crate::documents::DROP_LEASE).bind(&$d.case_id).bind(&$d.step).execute($tx).await?;
    }};
}
pub(crate) use issue_in;

/// The document methods of [`Store`](crate::Store) for a backend whose writes go through the
/// pool field `$writer` and whose reads through `$reader`.
macro_rules! document_methods {
    ($writer:ident, $reader:ident) => {
        async fn next_document_seq(&self, provider: &str, year: i32, series: &str) -> Result<i64, StoreError> {
            let last: Option<i64> = sqlx::query_scalar($crate::documents::LAST_SEQ)
                .bind(provider)
                .bind(year)
                .bind(series)
                .fetch_optional(&self.$reader)
                .await?;
            Ok(last.unwrap_or(0) + 1)
        }

        async fn reserve_document_seq(&self, l: &$crate::documents::Lease<'_>) -> Result<i64, StoreError> {
            let now = $crate::accounts::micros(l.now);
            let mut tx = self.$writer.begin().await?;
            sqlx::query($crate::documents::OPEN_COUNTER)
                .bind(l.provider)
                .bind(l.year)
                .bind(l.series)
                .execute(&mut *tx)
                .await?;
            let last: i64 = sqlx::query_scalar($crate::documents::LOCK_COUNTER)
                .bind(l.provider)
                .bind(l.year)
                .bind(l.series)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query($crate::documents::DROP_STALE_LEASES)
                .bind(l.provider)
                .bind(l.year)
                .bind(l.series)
                .bind(now)
                .bind(last)
                .execute(&mut *tx)
                .await?;
            let leases: Vec<(i64, String, String)> = sqlx::query_as($crate::documents::LEASES)
                .bind(l.provider)
                .bind(l.year)
                .bind(l.series)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
            let place = $crate::documents::free_place(last, &leases, l.case_id, l.step);
            sqlx::query($crate::documents::DROP_LEASE).bind(l.case_id).bind(l.step).execute(&mut *tx).await?;
            sqlx::query($crate::documents::INSERT_LEASE)
                .bind(l.provider)
                .bind(l.year)
                .bind(l.series)
                .bind(place)
                .bind(l.case_id)
                .bind(l.step)
                .bind($crate::accounts::micros(l.until))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(place)
        }

        async fn places_ahead_held(
            &self,
            provider: &str,
            year: i32,
            series: &str,
            seq: i64,
            now: DateTime<Utc>,
        ) -> Result<bool, StoreError> {
            let last: Option<i64> = sqlx::query_scalar($crate::documents::LAST_SEQ)
                .bind(provider)
                .bind(year)
                .bind(series)
                .fetch_optional(&self.$reader)
                .await?;
            let last = last.unwrap_or(0);
            let leases: Vec<(i64, String, String)> = sqlx::query_as($crate::documents::LEASES)
                .bind(provider)
                .bind(year)
                .bind(series)
                .bind($crate::accounts::micros(now))
                .fetch_all(&self.$reader)
                .await?;
            let held = leases.iter().filter(|(s, _, _)| *s > last && *s < seq).count();
            Ok(seq > last + 1 && i64::try_from(held).is_ok_and(|h| h == seq - last - 1))
        }

        async fn issue_document(
            &self,
            d: &$crate::documents::IssuedDocument,
            entry: Option<&$crate::registry::RegistryEntry>,
        ) -> Result<(), StoreError> {
            let mut tx = self.$writer.begin().await?;
            $crate::documents::issue_in!(&mut *tx, d, entry);
            tx.commit().await?;
            Ok(())
        }

        async fn document(&self, number: &str) -> Result<Option<$crate::documents::IssuedDocument>, StoreError> {
            let row: Option<$crate::documents::DocumentTuple> =
                sqlx::query_as($crate::documents::DOCUMENT).bind(number).fetch_optional(&self.$reader).await?;
            Ok(row.map($crate::documents::document_row))
        }

        async fn document_by_sha256(
            &self,
            sha256: &str,
        ) -> Result<Option<$crate::documents::IssuedDocument>, StoreError> {
            let row: Option<$crate::documents::DocumentTuple> = sqlx::query_as($crate::documents::DOCUMENT_BY_SHA256)
                .bind(sha256)
                .fetch_optional(&self.$reader)
                .await?;
            Ok(row.map($crate::documents::document_row))
        }

        async fn documents_of(&self, case_id: &str) -> Result<Vec<$crate::documents::IssuedDocument>, StoreError> {
            let rows: Vec<$crate::documents::DocumentTuple> =
                sqlx::query_as($crate::documents::DOCUMENTS_OF).bind(case_id).fetch_all(&self.$reader).await?;
            Ok(rows.into_iter().map($crate::documents::document_row).collect())
        }
    };
}
pub(crate) use document_methods;

#[cfg(test)]
mod tests {
    use super::free_place;

    /// The last place issued, the live leases (place, holder), who reserves, the place they get.
    type Reservation = (i64, &'static [(i64, &'static str)], &'static str, i64);

    #[test]
    fn a_lease_holder_gets_the_lowest_place_no_other_holds() {
        let leases = |held: &[(i64, &str)]| -> Vec<(i64, String, String)> {
            held.iter().map(|(seq, case)| (*seq, (*case).to_owned(), "sign".to_owned())).collect()
        };
        let cases: [Reservation; 6] = [
            (0, &[], "A", 1),
            (4, &[(5, "B"), (6, "C")], "A", 7),
            (4, &[(5, "A"), (6, "B")], "A", 5),
            (4, &[(6, "A"), (7, "B")], "A", 5),
            (4, &[(5, "B"), (7, "A")], "A", 6),
            (4, &[(5, "B"), (6, "A"), (7, "C")], "A", 6),
        ];
        for (last, held, holder, place) in cases {
            assert_eq!(free_place(last, &leases(held), holder, "sign"), place, "{last} {held:?} {holder}");
        }
    }
}
