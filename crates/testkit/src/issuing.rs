//! A document issued as the back office issues it, for the tests that need a step's document
//! before the step completes: the draft composed from the case, its PDF signed with a software
//! key of a test PKI, and [`Runtime::issue`] with the stand's official as the signer.

#![allow(clippy::panic, clippy::expect_used, reason = "test support: a failure fails the test")]

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use reglament_engine::Actor;
use reglament_pki::SoftwareKey;
use reglament_pki::issue::TestPki;
use reglament_runtime::documents::{Facts, Signatory, holder_of};
use reglament_runtime::{Runtime, RuntimeError};
use reglament_store::IssuedDocument;

use crate::actors::{OFFICIAL, STAND_PROVIDER};

/// The key the stand's official signs with (one test PKI for the whole test binary).
fn key() -> &'static SoftwareKey {
    static KEY: OnceLock<SoftwareKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let at = DateTime::parse_from_rfc3339("2015-01-01T00:00:00Z").map_or_else(|_| Utc::now(), Into::into);
        let pki = TestPki::generate(at, "http://127.0.0.1:9").unwrap_or_else(|e| panic!("a test PKI: {e}"));
        let head = pki.subject("moj-head").unwrap_or_else(|| panic!("the roster's head"));
        head.signing_key(pki.ca.certificate()).unwrap_or_else(|e| panic!("the head's key: {e}"))
    })
}

/// Issues the document `step` of case `id` issues, at `at`, signed by the stand's official.
///
/// # Errors
/// As [`Runtime::draft`] and [`Runtime::issue`] refuse it.
///
/// # Panics
/// When the case cannot be loaded or the PDF cannot be signed.
pub async fn issue(rt: &Runtime, id: &str, step: &str, at: DateTime<Utc>) -> Result<IssuedDocument, RuntimeError> {
    let (_, case) = rt.load(id).await?;
    let law = rt.law_of(&case)?;
    let position = law.role_of(step).map(|r| r.name.clone()).expect("the step's role");
    let official = OFFICIAL.parse().expect("a valid IIN");
    let provider = STAND_PROVIDER.parse().expect("a valid BIN");
    let signatory = Signatory { name: "Стенд".into(), iin: official, provider };
    let zone = law.wt.calendar().zone();
    let facts = Facts::of_case(&case, holder_of(&case, "Заявитель"), signatory, position, zone);
    let draft = rt.draft(&case, step, &facts, at, at.with_timezone(&zone).date_naive(), "https://r.example.kz").await?;
    let signature = reglament_pki::sign_cms(&draft.pdf, key(), at, true).expect("signed");
    let by = Actor::Official { iin: official, provider, roles: vec![law.role_of(step).expect("a role").id.clone()] };
    rt.issue(&draft, signature, official, &by, at).await
}
