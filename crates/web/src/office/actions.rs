//! The actions of a case's active steps, offered only for the steps whose actor is one of the
//! official's roles (an executor cannot complete the head's step, whatever is posted): complete,
//! take a branch, propose a refusal with grounds chosen from the act's list (into the hearing),
//! notify the hearing, record its result, register the application, and complete a step that
//! issues a document only with the official's signature through NCALayer.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64ct::{Base64, Encoding as _};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use reglament_domain::Language;
use reglament_engine::{Appointment, Case, Command, Law, Outcome};
use reglament_runtime::documents::Draft;
use reglament_runtime::{Runtime, RuntimeError};
use reglament_store::StoreError;

use super::decision;
use super::texts as t;
use crate::auth::{Official, verify_csrf};
use crate::error::WebError;
use crate::pages::{PageError, language};
use crate::state::AppState;

/// The official's active steps of `case`: (step id, process index).
pub(crate) fn mine<'a>(case: &'a Case, law: &Law<'_>, official: &Official) -> Vec<(&'a str, usize)> {
    case.active
        .keys()
        .filter_map(|s| law.step(s).map(|i| (s.as_str(), i)))
        .filter(|(_, i)| official.roles.contains(&law.act.roles[law.process().steps[*i].actor].id))
        .collect()
}

fn hidden(official: &Official, step: &str, action: &str) -> Markup {
    html! {
        input type="hidden" name="csrf" value=(official.csrf);
        input type="hidden" name="step" value=(step);
        input type="hidden" name="action" value=(action);
    }
}

/// The forms of the official's actions on `case`.
pub fn forms(
    case: &Case,
    law: &Law<'_>,
    official: &Official,
    lang: Language,
    ncalayer: &str,
    drafts: &[Draft],
) -> Markup {
    let process = law.process();
    let post = format!("/{}/office/cases/{}/act", lang.code(), case.id);
    html! {
        @if case.registration.is_none() && case.is_open() {
            form.inline method="post" action=(post) { (hidden(official, "", "register")) button type="submit" id="register" { (t::REGISTER.get(lang)) } }
        }
        @for (step, i) in mine(case, law, official) {
            @let s = &process.steps[i];
            section.card.step data-step=(step) {
                h3 { (s.action.get(lang)) }
                @if s.hearing && case.hearing.is_none() {
                    form method="post" action=(post) {
                        (hidden(official, step, "notify_hearing"))
                        label for="hearing-at" { (t::HEARING_AT.get(lang)) }
                        input #hearing-at type="datetime-local" name="hearing_at";
                        label for="hearing-place" { (t::HEARING_PLACE.get(lang)) }
                        input #hearing-place type="text" name="hearing_place" size="50";
                        p { button type="submit" id="notify-hearing" { (t::NOTIFY_HEARING.get(lang)) } }
                    }
                } @else if s.hearing {
                    form.inline method="post" action=(post) { (hidden(official, step, "hearing_positive")) button type="submit" id="hearing-positive" { (t::HEARING_POSITIVE.get(lang)) } }
                    form.inline method="post" action=(post) { (hidden(official, step, "hearing_negative")) button type="submit" id="hearing-negative" { (t::HEARING_NEGATIVE.get(lang)) } }
                } @else if let Some(draft) = drafts.iter().find(|d| d.step == step) {
                    form method="post" action=(post) {
                        (hidden(official, step, "sign"))
                        input type="hidden" name="signature";
                        input type="hidden" name="seq" value=(draft.number.seq);
                        input.document-data type="hidden" value=(Base64::encode_string(&draft.pdf));
                        @if !s.branches.is_empty() {
                            fieldset {
                                legend { (t::THEN.get(lang)) }
                                @if !s.next.is_empty() {
                                    label { input type="radio" name="branch" value="" checked; " " (t::NEXT_STEP.get(lang)) }
                                }
                                @for (index, (when, _)) in s.branches.iter().enumerate() {
                                    label { input type="radio" name="branch" value=(index) checked[s.next.is_empty() && index == 0]; " " (when.get(lang)) }
                                }
                            }
                        }
                        details open {
                            summary { (t::DECISION_TEXT.get(lang)) " № " (draft.number) }
                            @if let Some(sheet) = draft.sheets.iter().find(|s| s.language == lang) { (reglament_document::html(sheet)) }
                        }
                        button type="button" data-sign="1" data-ncalayer=(ncalayer) id={ "sign-" (step) } { (t::SIGN_AND_COMPLETE.get(lang)) }
                        p.sign-status role="status" data-unreachable=(crate::portal::texts::NCALAYER_HINT.get(lang)) {}
                    }
                } @else {
                    @if !s.next.is_empty() || s.end.is_some() {
                        form.inline method="post" action=(post) { (hidden(official, step, "complete")) button type="submit" id={ "complete-" (step) } { (t::COMPLETE.get(lang)) } }
                    }
                    @for (index, (when, to)) in s.branches.iter().enumerate() {
                        @if process.steps[*to].hearing {
                            form method="post" action=(post) {
                                (hidden(official, step, "propose_refusal"))
                                fieldset {
                                    legend { (t::PROPOSE_REFUSAL.get(lang)) }
                                    @for g in &law.service.refusal_grounds {
                                        label {
                                            input type="checkbox" name="ground" value=(g.id) checked[case.indicated.contains_key(&g.id)];
                                            " " (g.text.get(lang)) " " small { "(" (g.cite.reference.display(lang)) ")" }
                                        }
                                    }
                                }
                                button type="submit" id={ "propose-refusal-" (step) } { (t::PROPOSE_REFUSAL.get(lang)) }
                            }
                        } @else {
                            form.inline method="post" action=(post) {
                                (hidden(official, step, "branch"))
                                input type="hidden" name="branch" value=(index);
                                button type="submit" id={ "branch-" (step) "-" (index) } { (when.get(lang)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An action posted from the case file.
#[derive(Debug, Default)]
pub struct Act {
    csrf: Option<String>,
    step: String,
    action: String,
    branch: Option<usize>,
    signature: Option<String>,
    /// The number in its series of the document signed (it must still be the next).
    seq: Option<i64>,
    /// The refusal grounds ticked (the field repeats).
    grounds: Vec<String>,
    /// When the hearing is held (local time of the provider), if set.
    hearing_at: String,
    /// Where it is held.
    hearing_place: String,
}

/// The hearing's appointment the form sets, if it sets one.
fn appointment(act: &Act, law: &Law<'_>) -> Result<Option<Appointment>, WebError> {
    if act.hearing_at.trim().is_empty() {
        return Ok(None);
    }
    let at = reglament_calendar::parse_instant(act.hearing_at.trim(), law.wt.calendar().zone())
        .map_err(WebError::field("hearing_at"))?;
    Ok(Some(Appointment { at, place: act.hearing_place.trim().to_owned() }))
}

/// `%XX` and `+` decoded.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(text.get(i + 1..i + 3).unwrap_or_default(), 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Act {
    /// The action of an `application/x-www-form-urlencoded` body.
    fn read(body: &str) -> Self {
        let mut act = Self::default();
        for (key, value) in body.split('&').filter_map(|pair| pair.split_once('=')) {
            let value = decode(value);
            match key {
                "csrf" => act.csrf = Some(value),
                "step" => act.step = value,
                "action" => act.action = value,
                "branch" => act.branch = value.parse().ok(),
                "signature" => act.signature = Some(value),
                "seq" => act.seq = value.parse().ok(),
                "ground" => act.grounds.push(value),
                "hearing_at" => act.hearing_at = value,
                "hearing_place" => act.hearing_place = value,
                _ => {}
            }
        }
        act
    }
}

/// The command `act` asks of `case` (whether the official may give it is the engine's to
/// decide).
fn command(case: &Case, law: &Law<'_>, act: &Act) -> Result<Command, WebError> {
    if act.action == "register" {
        let received = case.received_at.format("%Y%m%d");
        return Ok(Command::Register { number: format!("ВХ-{received}-{}", case.id) });
    }
    let step = act.step.clone();
    Ok(match act.action.as_str() {
        "complete" => Command::CompleteStep { step, outcome: Outcome::Next },
        "sign" => {
            let outcome = act.branch.map_or(Outcome::Next, |index| Outcome::Branch { index });
            Command::CompleteStep { step, outcome }
        }
        "branch" => Command::CompleteStep { step, outcome: Outcome::Branch { index: act.branch.unwrap_or(0) } },
        "propose_refusal" => Command::ProposeRefusal { step, grounds: act.grounds.clone() },
        "notify_hearing" => Command::NotifyHearing { appointment: appointment(act, law)? },
        "hearing_positive" => Command::RecordHearingResult { positive: true },
        "hearing_negative" => Command::RecordHearingResult { positive: false },
        other => return Err(WebError::Invalid { field: "action", reason: format!("`{other}`") }),
    })
}

/// Issues the document `act.step` issues, if it issues one not issued yet, signed by `official`
/// (the signature posted is of the draft's bytes): such a step completes only by `sign`. Refused
/// with 409 when another document took the number the official signed.
async fn sign(
    state: &AppState,
    runtime: &Runtime,
    case: &Case,
    act: &Act,
    official: &Official,
    now: DateTime<Utc>,
) -> Result<(), WebError> {
    let law = runtime.law_of(case)?;
    let Some(document) = law.signed_by_official(case, &act.step) else { return Ok(()) };
    // Whether the official may issue it is the engine's to say, before a number is leased or a
    // signature read.
    let actor = official.actor()?;
    let iin = actor.iin().ok_or(WebError::Forbidden)?;
    let issue = Command::IssueDocument {
        step: act.step.clone(),
        document: document.id.clone(),
        number: String::new(),
        sha256: String::new(),
        signer: iin,
    };
    runtime.prepare(&case.id, &issue, &actor, now).await?;
    let Some(draft) = decision::draft(state, runtime, case, &act.step, official).await? else { return Ok(()) };
    if act.action != "sign" {
        return Err(WebError::Invalid {
            field: "signature",
            reason: format!("step `{}` issues document `{}`: it completes only signed", act.step, draft.document),
        });
    }
    if act.seq != Some(draft.number.seq) {
        let number = draft.number.to_string();
        return Err(RuntimeError::Store(StoreError::NumberTaken { number }).into());
    }
    let signature = act
        .signature
        .as_deref()
        .and_then(|s| Base64::decode_vec(s.trim()).ok())
        .ok_or(WebError::Invalid { field: "signature", reason: "missing or not base64".into() })?;
    let signer = decision::check(state, &signature, &draft.pdf, official, now)?;
    runtime.issue(&draft, signature, signer, &actor, now).await?;
    Ok(())
}

/// `POST /{lang}/office/cases/{id}/act`.
pub async fn act(
    State(state): State<AppState>,
    Path((lang, id)): Path<(String, String)>,
    official: Official,
    body: String,
) -> Result<Response, PageError> {
    let lang = language(&lang)?;
    let fail = |e: WebError| PageError(e, lang);
    let act = Act::read(&body);
    verify_csrf(&official.csrf, act.csrf.as_deref()).map_err(fail)?;
    let runtime = state.runtime().map_err(fail)?;
    // Whether this official may act on this case (its provider, the step's role) is the
    // engine's to decide: another provider's official is refused with 403.
    let (_, case) = runtime.load(&id).await.map_err(|_| fail(WebError::NotFound))?;
    let law = runtime.law_of(&case).map_err(|e| fail(e.into()))?;
    let command = command(&case, &law, &act).map_err(fail)?;
    let actor = official.actor().map_err(fail)?;
    let now = state.now();
    if matches!(act.action.as_str(), "complete" | "branch" | "sign") {
        sign(&state, runtime, &case, &act, &official, now).await.map_err(fail)?;
    }
    runtime.command(&id, &command, &actor, now, None).await.map_err(|e| fail(e.into()))?;
    let to = format!("/{}/office/cases/{id}", lang.code());
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response())
}
