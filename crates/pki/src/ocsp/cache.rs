//! A cache of verified OCSP responses, kept until their next update.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::cert::Certificate;

use super::cert_id::{CertId, CertIdHash, issuer_hashes};
use super::response::VerifiedOcsp;

/// Verified OCSP responses kept until they stop being current, keyed by (issuer key hash,
/// serial number). The instant "now" is an argument.
#[derive(Debug, Clone, Default)]
pub struct OcspCache {
    entries: HashMap<(Vec<u8>, Vec<u8>), VerifiedOcsp>,
}

impl OcspCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `response` for each certificate it answers about, unless it is no longer current at
    /// `now` or a response produced later is already kept. Returns whether it was kept.
    pub fn insert(&mut self, response: &VerifiedOcsp, now: DateTime<Utc>) -> bool {
        if now > response.valid_until {
            return false;
        }
        let mut kept = false;
        for r in &response.responses {
            let key = (r.cert_id.issuer_key_hash.clone(), r.cert_id.serial.clone());
            if self.entries.get(&key).is_some_and(|old| old.produced_at > response.produced_at) {
                continue;
            }
            self.entries.insert(key, response.clone());
            kept = true;
        }
        kept
    }

    /// A response current at `now` about the certificate `id` names.
    #[must_use]
    pub fn get_by_id(&self, id: &CertId, now: DateTime<Utc>) -> Option<&VerifiedOcsp> {
        self.entries
            .get(&(id.issuer_key_hash.clone(), id.serial.clone()))
            .filter(|v| now <= v.valid_until && v.responses.iter().any(|r| r.cert_id == *id))
    }

    /// A response current at `now` about `cert` issued by `issuer`.
    #[must_use]
    pub fn get(&self, cert: &Certificate, issuer: &Certificate, now: DateTime<Utc>) -> Option<&VerifiedOcsp> {
        [CertIdHash::Sha256, CertIdHash::Sha1].into_iter().find_map(|hash| {
            let (_, key_hash) = issuer_hashes(issuer, hash).ok()?;
            self.entries
                .get(&(key_hash, cert.serial_bytes().to_vec()))
                .filter(|v| now <= v.valid_until && v.status_of(cert, issuer).is_some())
        })
    }

    /// Drops the responses no longer current at `now`; returns how many entries were dropped.
    pub fn purge(&mut self, now: DateTime<Utc>) -> usize {
        let before = self.entries.len();
        self.entries.retain(|_, v| now <= v.valid_until);
        before - self.entries.len()
    }

    /// The number of (issuer, serial) entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
