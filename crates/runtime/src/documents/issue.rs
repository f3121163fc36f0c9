//! Issuing a case's document: the draft the official signs (numbered with the place of its
//! provider's series the draft leases, rendered in Kazakh and Russian) and its issue — decided by
//! the engine, then the number taken, the signed bytes, the registry row and the case's
//! `DocumentIssued` event recorded in one transaction, refused when another issue took the number.

use chrono::{DateTime, NaiveDate, Utc};
use reglament_document::Sheet;
use reglament_domain::{DocumentForm, Language, StateSystem};
use reglament_engine::{Actor, Case, Command, Law};
use reglament_regulation::model::Document;
use reglament_store::{
    IssuedDocument, Lease, RegistryEntry, RegistryKind, RegistryQuery, RegistryStatus, Store, StoreError,
};

use super::compose::{Composition, compose};
use super::facts::{Facts, Holder};
use super::number::DocumentNumber;
use crate::error::RuntimeError;
use crate::registry::sha256_hex;
use crate::runtime::Runtime;

/// A document ready to be signed: its number and its exact bytes.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The case.
    pub case_id: String,
    /// The act the case is under.
    pub act: String,
    /// The step that issues it.
    pub step: String,
    /// The act's document id.
    pub document: String,
    /// Its form.
    pub form: DocumentForm,
    /// Its number.
    pub number: DocumentNumber,
    /// What it says, in Kazakh and in Russian.
    pub sheets: Vec<Sheet>,
    /// The PDF to sign (both renditions).
    pub pdf: Vec<u8>,
    /// The registry row it makes, for a grant.
    pub entry: Option<RegistryEntry>,
}

/// The holder the state systems' answers name, else the person by IIN only.
#[must_use]
pub fn holder_of(case: &Case, fallback_name: &str) -> Holder {
    let text = |v: &serde_json::Value, key: &str| v.get(key).and_then(serde_json::Value::as_str).map(str::to_owned);
    let name = case.registry.get(&StateSystem::Individuals).and_then(|p| {
        let parts: Vec<String> = ["surname", "name", "patronymic"].iter().filter_map(|k| text(p, k)).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let entity = case.entity.map(|bin| {
        let company = case.registry.get(&StateSystem::LegalEntities).and_then(|c| text(c, "name"));
        (company.unwrap_or_else(|| bin.to_string()), bin)
    });
    Holder { name: name.unwrap_or_else(|| fallback_name.to_owned()), iin: case.applicant, entity }
}

/// The registry kind of a variant (`reregistration-…`, `duplicate-…`, else a first issue).
fn kind_of(variant: &str) -> RegistryKind {
    if variant.starts_with("reregistration") {
        RegistryKind::Reregistered
    } else if variant.starts_with("duplicate") {
        RegistryKind::Duplicate
    } else {
        RegistryKind::Issued
    }
}

/// The public registry's row of a grant.
fn entry(
    law: &Law<'_>,
    case: &Case,
    document: &Document,
    facts: &Facts,
    number: &str,
    today: NaiveDate,
) -> RegistryEntry {
    let h = &facts.holder;
    let activity = law.service.activity.as_ref().unwrap_or(&law.service.name);
    RegistryEntry {
        number: number.to_owned(),
        licence: number.to_owned(),
        kind: kind_of(&case.variant),
        status: RegistryStatus::Active,
        act: case.act.clone(),
        service: case.service.clone(),
        document: document.id.clone(),
        holder_name: h.entity.as_ref().map_or_else(|| h.name.clone(), |(name, _)| name.clone()),
        holder_bin: h.entity.as_ref().map(|(_, bin)| bin.to_string()),
        holder_iin: Some(h.iin.to_string()),
        iin_public: document.iin_public && h.entity.is_none(),
        activity_kk: activity.get(Language::Kk).to_owned(),
        activity_ru: activity.get(Language::Ru).to_owned(),
        provider_kk: law.service.provider.get(Language::Kk).to_owned(),
        provider_ru: law.service.provider.get(Language::Ru).to_owned(),
        issued_on: today,
        valid_until: None,
        sha256: String::new(),
    }
}

/// How long a draft holds its number unless drafted again (the case file drafts it on every view).
pub const NUMBER_LEASE: chrono::TimeDelta = chrono::TimeDelta::minutes(2);
/// How long an issue waits for the numbers leased ahead of it to be issued.
const ISSUE_WAIT: std::time::Duration = std::time::Duration::from_secs(15);
/// How often it looks again meanwhile.
const ISSUE_POLL: std::time::Duration = std::time::Duration::from_millis(20);

impl Runtime {
    /// The draft of the document `step` of `case` issues at `now`, numbered with the place of its
    /// provider's series it leases (held for [`NUMBER_LEASE`] while the draft is open, the same
    /// place each time it is drafted again), dated `today`, its QR pointing under `public_base`.
    pub async fn draft(
        &self,
        case: &Case,
        step: &str,
        facts: &Facts,
        now: DateTime<Utc>,
        today: NaiveDate,
        public_base: &str,
    ) -> Result<Draft, RuntimeError> {
        let law = self.law_of(case)?;
        let document = law
            .signed_by_official(case, step)
            .filter(|_| case.active.contains_key(step))
            .ok_or_else(|| RuntimeError::NoDocument { step: step.to_owned() })?;
        let form = document.form.unwrap_or(DocumentForm::Letter);
        let earlier = match kind_of(&case.variant) {
            RegistryKind::Issued => None,
            _ if form.registered() => self.earlier_licence(case, &facts.holder).await?,
            _ => None,
        };
        let facts = &Facts { first_issued: earlier.as_ref().map(|e| e.issued_on), ..facts.clone() };
        let year = chrono::Datelike::year(&today);
        let provider = case.provider.ok_or_else(|| RuntimeError::NoProvider { service: case.service.clone() })?;
        let provider_bin = provider.to_string();
        let lease = Lease {
            provider: &provider_bin,
            year,
            series: form.series(),
            case_id: &case.id,
            step,
            now,
            until: now + NUMBER_LEASE,
        };
        let seq = self.store().reserve_document_seq(&lease).await?;
        let number = DocumentNumber::new(form, year, provider, seq);
        let text = number.to_string();
        let verify_url = format!("{}/kk/registry/{text}", public_base.trim_end_matches('/'));
        let composition =
            Composition { law: &law, document, facts, number: &text, date: today, verify_url: &verify_url };
        let sheets = vec![compose(&composition, Language::Kk), compose(&composition, Language::Ru)];
        let pdf = reglament_document::pdf(&sheets)?;
        let entry = form.registered().then(|| RegistryEntry {
            licence: earlier.map_or_else(|| text.clone(), |e| e.licence),
            ..entry(&law, case, document, facts, &text, today)
        });
        Ok(Draft {
            case_id: case.id.clone(),
            act: case.act.clone(),
            step: step.to_owned(),
            document: document.id.clone(),
            form,
            number,
            sheets,
            pdf,
            entry,
        })
    }

    /// The licence of `service` in force that a re-registration or duplicate for `holder` replaces:
    /// the registry's latest active one of the holder (by BIN for an entity, else by IIN where the
    /// register shows it).
    async fn earlier_licence(&self, case: &Case, holder: &Holder) -> Result<Option<RegistryEntry>, RuntimeError> {
        let query = match &holder.entity {
            Some((_, bin)) => RegistryQuery::Bin(bin.to_string()),
            None => RegistryQuery::Iin(holder.iin.to_string()),
        };
        let found = self.store().registry_search(&query, 100).await?;
        Ok(found.into_iter().find(|e| e.service == case.service && e.status == RegistryStatus::Active))
    }

    /// Issues `draft` with the `signature` of its bytes made by `signer` (checked by the caller),
    /// as `actor`: the engine first decides that the actor may issue it (the step's performer, of
    /// the case's provider, who signed it); then the number, the document, its registry row and
    /// the `DocumentIssued` event of the case's history are recorded in one transaction.
    /// Another issue that took the number first makes this fail with the store's `NumberTaken`;
    /// draft and sign again.
    pub async fn issue(
        &self,
        draft: &Draft,
        signature: Vec<u8>,
        signer: reglament_domain::Iin,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<IssuedDocument, RuntimeError> {
        let sha256 = sha256_hex(&draft.pdf);
        let command = Command::IssueDocument {
            step: draft.step.clone(),
            document: draft.document.clone(),
            number: draft.number.to_string(),
            sha256: sha256.clone(),
            signer,
        };
        let prepared = self.prepare(&draft.case_id, &command, actor, at).await?;
        let (provider, series) = (draft.number.provider.to_string(), draft.number.series);
        let document = IssuedDocument {
            number: draft.number.to_string(),
            provider: draft.number.provider.to_string(),
            year: draft.number.year,
            series: draft.number.series.to_owned(),
            seq: draft.number.seq,
            case_id: draft.case_id.clone(),
            step: draft.step.clone(),
            document: draft.document.clone(),
            act: draft.act.clone(),
            // Sheets are strings, dates and enums: their JSON cannot fail.
            sheets: serde_json::to_string(&draft.sheets).unwrap_or_default(),
            pdf: draft.pdf.clone(),
            sha256: sha256.clone(),
            signature,
            signer: signer.as_string(),
            issued_at: at,
        };
        let entry = draft.entry.clone().map(|e| RegistryEntry { sha256, ..e });
        // The numbers leased ahead of this one are being signed: wait for them to be issued
        // rather than sign again; a number another took, or one left behind an abandoned lease,
        // is `NumberTaken` — draft and sign again.
        let give_up = tokio::time::Instant::now() + ISSUE_WAIT;
        loop {
            match self.record(&prepared, None, None, Some((&document, entry.as_ref())), None).await {
                Err(RuntimeError::Store(StoreError::NumberTaken { .. }))
                    if tokio::time::Instant::now() < give_up
                        && self
                            .store()
                            .places_ahead_held(&provider, draft.number.year, series, draft.number.seq, at)
                            .await? =>
                {
                    tokio::time::sleep(ISSUE_POLL).await;
                }
                Err(e) => return Err(e),
                Ok(_) => return Ok(document),
            }
        }
    }
}
