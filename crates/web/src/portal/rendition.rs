//! The accessible HTML rendition of an issued document in the cabinet: the sheets recomposed from
//! the case as the back office composed them at issue (the signer's name from the certificate of
//! the kept signature, the position the act gives the step's actor, the holder as the state
//! systems named them), rendered again and compared with the signed PDF byte for byte. Only when
//! they are the very bytes signed is the HTML shown — a rendition can never say other than the
//! document; otherwise the page shows the PDF itself.

use chrono_tz::Asia::Almaty;
use reglament_document::Sheet;
use reglament_domain::Language;
use reglament_engine::{Case, Law};
use reglament_pki::{UnknownStatus, verify_cms};
use reglament_runtime::documents::{Composition, Facts, Signatory, compose, holder_of};
use reglament_store::{IssuedDocument, Store};

use crate::state::AppState;

/// The sheets (Kazakh, then Russian) `d` was rendered from, when recomposing them gives its exact
/// bytes; `None` otherwise.
pub async fn sheets(state: &AppState, case: &Case, law: &Law<'_>, d: &IssuedDocument) -> Option<Vec<Sheet>> {
    let document = law.act.documents.iter().find(|x| x.id == d.document)?;
    let step = law.step(&d.step)?;
    let position = law.act.roles.get(law.process().steps.get(step)?.actor)?.name.clone();
    let signed = verify_cms(&d.signature, Some(&d.pdf), state.trust(), d.issued_at, UnknownStatus::Accept).ok()?;
    let name = signed.signers.into_iter().next()?.subject.common_name?;
    let account = state.store().account(&case.applicant.as_string()).await.ok()?;
    let holder = holder_of(case, account.as_ref().map_or("", |a| a.name.as_str()));
    let signatory = Signatory { name, iin: d.signer.parse().ok()?, provider: d.provider.parse().ok()? };
    let facts = Facts::of_case(case, holder, signatory, position, law.wt.calendar().zone());
    let verify_url = format!("{}/kk/registry/{}", state.public_base().trim_end_matches('/'), d.number);
    let composition = Composition {
        law,
        document,
        facts: &facts,
        number: &d.number,
        date: d.issued_at.with_timezone(&Almaty).date_naive(),
        verify_url: &verify_url,
    };
    let sheets = vec![compose(&composition, Language::Kk), compose(&composition, Language::Ru)];
    let pdf = reglament_document::pdf(&sheets).ok()?;
    (pdf == d.pdf).then_some(sheets)
}
