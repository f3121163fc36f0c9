//! Issuing a licence through the runtime as the back office does: the case filed, its draft
//! numbered and rendered, the PDF signed by the Ministry of Justice's head, the document issued;
//! and the multipart body the registry's verification takes.

use std::fmt::Write as _;

use reglament_domain::{Bin, IdPolicy, Iin};
use reglament_engine::Command;
use reglament_pki::{SigningKey as _, SoftwareKey};
use reglament_runtime::Runtime;
use reglament_runtime::documents::{Draft, Facts, Signatory, holder_of};
use reglament_store::IssuedDocument;

use super::cases::fixed_now;

/// The head of the Ministry of Justice's department in the test PKI (signs the licences).
pub const HEAD_IIN: &str = "720621400330";
/// The Ministry of Justice's BIN in the test PKI (the numbering's provider).
pub const MINISTRY_BIN: &str = "960240000025";

/// Files case `id` for `applicant` (and `entity`, if any) on the forensic-expert licence.
pub async fn file(runtime: &Runtime, id: &str, applicant: &str, entity: Option<&str>) {
    let applicant = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, applicant).unwrap();
    let entity = entity.map(|b| Bin::parse_with(IdPolicy::AllowNcaTestNumbers, b).unwrap());
    let filed_at = fixed_now();
    let file = Command::File { applicant, entity, provider: MINISTRY_BIN.parse().unwrap(), filed_at };
    let by = reglament_engine::Actor::Applicant { iin: applicant, entity };
    runtime.file(id, "forensic-licence", "issuance-portal", &file, &by, filed_at, None).await.unwrap();
}

/// Issues case `id`'s licence signed with `head`'s key, its QR under `public_base`, composed as
/// the back office composes it (the signer named as their certificate names them, the position
/// the act gives the step's actor): the draft and the document issued.
pub async fn issue(runtime: &Runtime, id: &str, head: &SoftwareKey, public_base: &str) -> (Draft, IssuedDocument) {
    let executor = reglament_engine::Actor::Official {
        iin: "890315300125".parse().unwrap(),
        provider: MINISTRY_BIN.parse().unwrap(),
        roles: vec!["executor".into()],
    };
    for step in ["completeness", "review"] {
        let complete = Command::CompleteStep { step: step.into(), outcome: reglament_engine::Outcome::Next };
        runtime.command(id, &complete, &executor, fixed_now(), None).await.unwrap();
    }
    let (_, case) = runtime.load(id).await.unwrap();
    let law = runtime.law_of(&case).unwrap();
    let step = law.step("sign-licence").unwrap();
    let position = law.act.roles[law.process().steps[step].actor].name.clone();
    let facts = Facts::of_case(
        &case,
        holder_of(&case, ""),
        Signatory {
            name: head.certificate().subject().common_name.unwrap(),
            iin: HEAD_IIN.parse().unwrap(),
            provider: MINISTRY_BIN.parse().unwrap(),
        },
        position,
        law.wt.calendar().zone(),
    );
    let now = fixed_now();
    let draft = runtime.draft(&case, "sign-licence", &facts, now, now.date_naive(), public_base).await.unwrap();
    let signature = reglament_pki::sign_cms(&draft.pdf, head, now, true).unwrap();
    let head_actor = reglament_engine::Actor::Official {
        iin: HEAD_IIN.parse().unwrap(),
        provider: MINISTRY_BIN.parse().unwrap(),
        roles: vec!["authorised-person".into()],
    };
    let issued = runtime.issue(&draft, signature, HEAD_IIN.parse().unwrap(), &head_actor, now).await.unwrap();
    (draft, issued)
}

/// A `multipart/form-data` body of `files` (field name, file name, bytes): the content type and
/// the body.
pub fn multipart(files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "RegistryBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, file_name, bytes) in files {
        let mut head = String::new();
        let _ = write!(
            head,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
