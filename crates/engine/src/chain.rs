//! The hash chain of a case's history: each event's hash covers the previous hash, the case id,
//! the event's number, its instant and its canonical JSON, so any change to a stored event or to
//! their order is detected.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hex SHA-256 of an event linked to the previous hash.
#[must_use]
pub fn link(prev: &str, case: &str, seq: i64, at: DateTime<Utc>, event_json: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, case, &seq.to_string(), &at.to_rfc3339_opts(SecondsFormat::Micros, true), event_json] {
        h.update(part.len().to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// One stored link: what the store keeps for each event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The event's number (1-based).
    pub seq: i64,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The event's JSON as stored.
    pub json: String,
    /// The previous event's hash as stored.
    pub prev: String,
    /// This event's hash as stored.
    pub hash: String,
}

/// The first link that does not verify, with the reason.
#[must_use]
pub fn verify(case: &str, links: &[Link]) -> Option<(i64, String)> {
    let mut prev = GENESIS.to_owned();
    for (k, l) in links.iter().enumerate() {
        let expected_seq = i64::try_from(k).unwrap_or(i64::MAX) + 1;
        if l.seq != expected_seq {
            return Some((l.seq, format!("event number {} where {expected_seq} was expected", l.seq)));
        }
        if l.prev != prev {
            return Some((l.seq, "the link to the previous event is broken".into()));
        }
        let hash = link(&prev, case, l.seq, l.at, &l.json);
        if hash != l.hash {
            return Some((l.seq, "the event was changed after it was recorded".into()));
        }
        prev = hash;
    }
    None
}
