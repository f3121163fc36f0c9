//! Complaints as their own regulated case type: from the complaint route of a service's standard
//! (consideration at the provider, at the quality-control body, forwarding unless satisfied)
//! a small act version is derived whose one process a complaint case runs, linked to the case it
//! is about.

use reglament_domain::{ActId, Localized};
use reglament_regulation::model::{
    Act, Channel, Cited, Complaint, EndKind, Process, Role, RoleKind, Service, Step, TermAt, Variant,
};

/// The suffix of the derived act, service and variant ids.
pub const SUFFIX: &str = "complaint";

/// The complaint route's role of the quality-control body (performed by the quality-control
/// body itself, never by a provider's official).
pub const QUALITY_BODY: &str = "quality-body";

/// The id of the complaint service derived from service `id`.
#[must_use]
pub fn service_id(id: &str) -> String {
    format!("{id}-{SUFFIX}")
}

/// The service a complaint service (`service_id` of it) is about; `None` for any other service.
#[must_use]
pub fn complained_service(service: &str) -> Option<&str> {
    service.strip_suffix(SUFFIX)?.strip_suffix('-')
}

/// The complaint act derived from `act` for `service`, if its standard has a complaint route.
///
/// Process: `register` (provider) → addressed to the provider: `consider-at-provider`
/// (provider term) → satisfied / rejected; addressed to the quality-control body through the
/// provider: `forward-or-satisfy` (forwarding term) → satisfied, or forwarded to
/// `consider-at-quality-body` (its term) → satisfied / rejected.
#[must_use]
pub fn complaint_act(act: &Act, service: &Service) -> Option<Act> {
    let route = service.complaint.as_ref()?;
    let id: ActId = format!("{}-{SUFFIX}", act.id.as_str()).parse().ok()?;
    let cite = route.cite.clone();
    let role = |id: &str, kk: &'static str, ru: &'static str, kind| Role {
        id: id.to_owned(),
        name: Localized::new_static(kk, ru),
        kind,
        cite: cite.clone(),
    };
    let roles = vec![
        role("complainant", "Шағымданушы", "Заявитель жалобы", RoleKind::Applicant),
        role("provider", "Көрсетілетін қызметті беруші", "Услугодатель", RoleKind::Provider),
        role(
            QUALITY_BODY,
            "Сапаны бақылау жөніндегі уәкілетті орган",
            "Уполномоченный орган по контролю качества",
            RoleKind::Other,
        ),
    ];
    let forward = route.forward_within.as_ref().unwrap_or(&route.provider_term);
    let steps = steps(route, &cite);
    let term = TermAt {
        term: reglament_regulation::Term {
            min: route.quality_body_term.term.min,
            max: reglament_calendar::Budget::new(
                route.quality_body_term.term.max.amount + forward.term.max.amount,
                route.quality_body_term.term.max.unit,
            ),
        },
        at: route.cite.at.clone(),
    };
    let process = Process {
        id: SUFFIX.to_owned(),
        name: Localized::new_static("Шағымды қарау", "Рассмотрение жалобы"),
        start: 0,
        checks: Vec::new(),
        steps,
        cite: cite.clone(),
        at: route.cite.at.clone(),
    };
    let variant = Variant {
        id: SUFFIX.to_owned(),
        name: Localized::new_static("Шағым", "Жалоба"),
        channels: vec![Channel::InPerson, Channel::Portal],
        term,
        term_cite: cite.clone(),
        fee: None,
        documents: Vec::new(),
        process: 0,
        hearing: None,
        at: route.cite.at.clone(),
    };
    let derived = Service {
        id: service_id(&service.id),
        name: service.name.clone(),
        provider: service.provider.clone(),
        activity: None,
        results: Localized::new_static("Шағым бойынша шешім", "Решение по жалобе"),
        delivery: service.delivery.clone(),
        schedule: service.schedule.clone(),
        fetched: Vec::new(),
        refusal_grounds: Vec::new(),
        complaint: None,
        variants: vec![variant],
        cite: Cited { ..cite },
    };
    Some(Act {
        id,
        roles,
        documents: Vec::new(),
        services: vec![derived],
        processes: vec![process],
        notes: Vec::new(),
        amendments: Vec::new(),
        ..act.clone()
    })
}

/// The complaint process's steps: register, consider at the provider, forward or satisfy,
/// consider at the quality-control body, and the two ends.
fn steps(route: &Complaint, cite: &Cited) -> Vec<Step> {
    let step =
        |id: &str, actor: usize, kk: &'static str, ru: &'static str, term: Option<&TermAt>, end: Option<EndKind>| {
            Step {
                id: id.to_owned(),
                number: None,
                actor,
                action: Localized::new_static(kk, ru),
                term: term.cloned(),
                produces: None,
                documents: Vec::new(),
                next: Vec::new(),
                branches: Vec::new(),
                end,
                hearing: false,
                cite: cite.clone(),
                at: route.cite.at.clone(),
            }
        };
    let forward = route.forward_within.as_ref().unwrap_or(&route.provider_term);
    let when = |kk: &'static str, ru: &'static str| Localized::new_static(kk, ru);
    let mut steps = vec![
        step("register", 1, "Шағымды тіркейді", "Регистрирует жалобу", None, None),
        step("consider-at-provider", 1, "Шағымды қарайды", "Рассматривает жалобу", Some(&route.provider_term), None),
        step(
            "forward-or-satisfy",
            1,
            "Толық қанағаттандырады не шағымды іспен бірге жібереді",
            "Полностью удовлетворяет либо направляет жалобу с делом",
            Some(forward),
            None,
        ),
        step(
            "consider-at-quality-body",
            2,
            "Шағымды қарайды",
            "Рассматривает жалобу",
            Some(&route.quality_body_term),
            None,
        ),
        step("satisfied", 1, "Шағым қанағаттандырылды", "Жалоба удовлетворена", None, Some(EndKind::Result)),
        step(
            "rejected",
            1,
            "Шағым қанағаттандырусыз қалдырылды",
            "Жалоба оставлена без удовлетворения",
            None,
            Some(EndKind::Refusal),
        ),
    ];
    steps[0].branches = vec![
        (when("көрсетілетін қызметті берушіге", "адресована услугодателю"), 1),
        (when("уәкілетті органға", "адресована уполномоченному органу"), 2),
    ];
    steps[1].branches =
        vec![(when("қанағаттандырылды", "удовлетворена"), 4), (when("қанағаттандырылмады", "не удовлетворена"), 5)];
    steps[2].branches =
        vec![(when("толық қанағаттандырылды", "удовлетворена полностью"), 4), (when("жіберілді", "направлена"), 3)];
    steps[3].branches =
        vec![(when("қанағаттандырылды", "удовлетворена"), 4), (when("қанағаттандырылмады", "не удовлетворена"), 5)];
    steps
}
