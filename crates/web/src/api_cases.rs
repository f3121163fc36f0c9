//! The REST API of services and cases (`/api/v1`), for integrators: the services in force with
//! their terms, fees and documents (public), and — with a token — cases by role or state, one
//! case with its active steps, their due instants on the working calendar, the state systems it
//! waits on and the refusal grounds indicated, and the filing of an application signed by the
//! applicant. The same engine and rules as the pages (the signature is the applicant's, the fee
//! is paid); every error is the crate's JSON error with a stable code.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::{DateTime, NaiveDate, Utc};
use reglament_engine::ClockId;
use reglament_regulation::model::DocumentKind;
use reglament_store::{CaseFilter, Store};
use serde::{Deserialize, Serialize};

use crate::error::WebError;
use crate::integrator::Integrator;
use crate::state::AppState;

/// A variant of a service in force.
#[derive(Debug, Serialize)]
pub struct VariantInfo {
    /// Its id.
    pub id: String,
    /// Its name in Russian.
    pub name: String,
    /// The term (`6wd`).
    pub term: String,
    /// The fee on the day, in tiyn (none without a fee).
    pub fee_tiyn: Option<i64>,
    /// The input documents' ids.
    pub documents: Vec<String>,
}

/// A service in force.
#[derive(Debug, Serialize)]
pub struct ServiceInfo {
    /// The act version.
    pub act: String,
    /// The service's id.
    pub id: String,
    /// Its name in Russian.
    pub name: String,
    /// Its variants.
    pub variants: Vec<VariantInfo>,
}

/// Query of `GET /api/v1/services`.
#[derive(Debug, Deserialize)]
pub struct OnQuery {
    /// The day, `YYYY-MM-DD` (default today in Almaty).
    pub on: Option<String>,
}

/// `GET /api/v1/services?on=YYYY-MM-DD`.
pub async fn services(
    State(state): State<AppState>,
    Query(q): Query<OnQuery>,
) -> Result<Json<Vec<ServiceInfo>>, WebError> {
    let on = match q.on.as_deref() {
        Some(day) => NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|e| WebError::Invalid { field: "on", reason: format!("`{day}`: expected YYYY-MM-DD ({e})") })?,
        None => state.today(),
    };
    let mci = &state.catalog().mci;
    let mut out = Vec::new();
    for act in &state.catalog().acts {
        if act.in_force_from > on || act.in_force_until.is_some_and(|u| u < on) {
            continue;
        }
        for s in &act.services {
            let variants = s
                .variants
                .iter()
                .map(|v| VariantInfo {
                    id: v.id.clone(),
                    name: v.name.ru().to_owned(),
                    term: v.term.term.to_string(),
                    fee_tiyn: v
                        .fee
                        .as_ref()
                        .and_then(|(f, _)| f.evaluate(mci, on).ok())
                        .map(reglament_domain::Money::tiyn),
                    documents: v
                        .documents
                        .iter()
                        .filter(|&&d| act.documents[d].kind == DocumentKind::Input)
                        .map(|&d| act.documents[d].id.clone())
                        .collect(),
                })
                .collect();
            out.push(ServiceInfo {
                act: act.id.as_str().to_owned(),
                id: s.id.clone(),
                name: s.name.ru().to_owned(),
                variants,
            });
        }
    }
    Ok(Json(out))
}

/// A case in a list.
#[derive(Debug, Serialize)]
pub struct CaseLine {
    /// Its id.
    pub id: String,
    /// The act version.
    pub act: String,
    /// The service.
    pub service: String,
    /// The variant.
    pub variant: String,
    /// `open`, `result`, `refusal`, `withdrawn`.
    pub status: String,
    /// The roles of its active steps.
    pub roles: Vec<String>,
    /// The state systems it waits on (`!`: escalated as down).
    pub waiting: Vec<String>,
}

/// Query of `GET /api/v1/cases`.
#[derive(Debug, Deserialize)]
pub struct CasesQuery {
    /// Only cases with an active step of this role.
    pub role: Option<String>,
    /// Only open cases (`true`).
    pub open: Option<String>,
}

/// `GET /api/v1/cases?role=&open=`.
pub async fn cases(
    State(state): State<AppState>,
    integrator: Integrator,
    Query(q): Query<CasesQuery>,
) -> Result<Json<Vec<CaseLine>>, WebError> {
    let open_only = q.open.as_deref() == Some("true");
    let provider = integrator.provider.map(|b| b.to_string());
    let filter = CaseFilter { role: q.role, open_only, provider, ..CaseFilter::default() };
    let rows = state.store().cases(&filter).await?;
    Ok(Json(
        rows.into_iter()
            .map(|c| CaseLine {
                id: c.id,
                act: c.act,
                service: c.service,
                variant: c.variant,
                status: c.status,
                roles: c.roles,
                waiting: c.waiting,
            })
            .collect(),
    ))
}

/// An active step.
#[derive(Debug, Serialize)]
pub struct ActiveStep {
    /// The step's id.
    pub step: String,
    /// The role that performs it.
    pub role: String,
    /// When it started.
    pub started: DateTime<Utc>,
    /// When it falls due (none without a term of its own).
    pub due: Option<DateTime<Utc>>,
}

/// One case.
#[derive(Debug, Serialize)]
pub struct CaseView {
    /// Its id.
    pub id: String,
    /// The act version it runs under.
    pub act: String,
    /// The service.
    pub service: String,
    /// The variant.
    pub variant: String,
    /// `open`, `result`, `refusal`, `withdrawn`.
    pub status: String,
    /// When it counts as received.
    pub received_at: DateTime<Utc>,
    /// The incoming number, once registered.
    pub registration: Option<String>,
    /// When the service term falls due.
    pub service_due: Option<DateTime<Utc>>,
    /// The active steps.
    pub active: Vec<ActiveStep>,
    /// The state systems it waits on.
    pub waiting: Vec<String>,
    /// Refusal grounds the state systems' answers indicate.
    pub indicated: Vec<String>,
}

/// `GET /api/v1/cases/{id}`.
pub async fn case(
    State(state): State<AppState>,
    integrator: Integrator,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, WebError> {
    let runtime = state.runtime()?;
    let (_, case) = runtime.load(&id).await.map_err(|_| WebError::NotFound)?;
    if !integrator.reads(case.provider) {
        return Err(WebError::NotFound);
    }
    let law = runtime.law_of(&case)?;
    let clocks = reglament_engine::clocks::clocks(&case, &law);
    let due = |clock: &ClockId| {
        clocks.iter().find(|(c, _)| c == clock).and_then(|(_, legal)| legal.due(law.wt).ok().flatten())
    };
    let active = case
        .active
        .iter()
        .map(|(step, a)| ActiveStep {
            step: step.clone(),
            role: law.step(step).map(|i| law.act.roles[law.process().steps[i].actor].id.clone()).unwrap_or_default(),
            started: a.started,
            due: due(&ClockId::Step(step.clone())),
        })
        .collect();
    Ok(Json(CaseView {
        id: case.id.clone(),
        act: case.act.clone(),
        service: case.service.clone(),
        variant: case.variant.clone(),
        status: reglament_runtime::status_text(case.status).to_owned(),
        received_at: case.received_at,
        registration: case.registration.clone(),
        service_due: due(&ClockId::Service),
        active,
        waiting: case.awaiting.keys().map(|s| s.as_str().to_owned()).collect(),
        indicated: case.indicated.keys().cloned().collect(),
    }))
}

/// `POST /api/v1/applications`: an application filed by an integrator on the applicant's behalf.
#[derive(Debug, Deserialize)]
pub struct Filing {
    /// The application's id (the case id; filing it again answers the same case).
    pub id: String,
    /// The service.
    pub service: String,
    /// The variant.
    pub variant: String,
    /// The applicant's IIN.
    pub applicant: String,
    /// Base64 of the applicant's detached CMS signature of the application's text.
    pub signature: String,
    /// Base64 of the signed text, if sent: it must be the application's own text (`Reglament
    /// application`, then `id`, `service`, `variant` and `applicant`, a `key: value` line each).
    #[serde(default)]
    pub content: Option<String>,
    /// The BIN of the body the application goes to, where several provide the service.
    #[serde(default)]
    pub provider: Option<reglament_domain::Bin>,
}

/// A filed case.
#[derive(Debug, Serialize)]
pub struct Filed {
    /// The case id.
    pub id: String,
    /// `open`.
    pub status: String,
    /// When it counts as received.
    pub received_at: DateTime<Utc>,
    /// When the service term falls due.
    pub service_due: Option<DateTime<Utc>>,
}

fn base64_field(field: &'static str, text: &str) -> Result<Vec<u8>, WebError> {
    use base64ct::{Base64, Encoding as _};
    Base64::decode_vec(text.trim()).map_err(|e| WebError::Invalid { field, reason: format!("not base64: {e}") })
}

/// Files `filing` through the runtime's one filing path: the id bound to its applicant, the
/// applicant's signature over the canonical text of this application, its own fee paid.
pub async fn file(
    State(state): State<AppState>,
    integrator: Integrator,
    Json(filing): Json<Filing>,
) -> Result<(axum::http::StatusCode, Json<Filed>), WebError> {
    use reglament_domain::Iin;
    let runtime = state.runtime()?;
    let applicant = Iin::parse_with(state.id_policy(), &filing.applicant)
        .map_err(|e| WebError::Invalid { field: "applicant", reason: e.to_string() })?;
    let signature = base64_field("signature", &filing.signature)?;
    let by = integrator.actor();
    let request = reglament_runtime::Filing {
        id: &filing.id,
        service: &filing.service,
        variant: &filing.variant,
        applicant,
        entity: None,
        provider: filing.provider,
        signature: &signature,
        trust: state.trust(),
        unknown: reglament_pki::UnknownStatus::Refuse,
        by: &by,
    };
    if let Some(content) = &filing.content {
        let content = base64_field("content", content)?;
        let application = reglament_store::Application {
            id: filing.id.clone(),
            iin: applicant.as_string(),
            service: filing.service.clone(),
            variant: filing.variant.clone(),
            form: "{}".into(),
            form_token: String::new(),
            created_at: state.now(),
            filed_at: None,
        };
        if content != reglament_runtime::application_text(&application, &[]).as_bytes() {
            return Err(WebError::Invalid {
                field: "content",
                reason: "not the text of this application (id, service, variant, applicant)".into(),
            });
        }
    }
    runtime.file_application(&request, state.now()).await?;
    let (_, case) = runtime.load(&filing.id).await?;
    let law = runtime.law_of(&case)?;
    let service_due = reglament_engine::clocks::clocks(&case, &law)
        .into_iter()
        .find(|(c, _)| *c == ClockId::Service)
        .and_then(|(_, legal)| legal.due(law.wt).ok().flatten());
    let filed = Filed {
        id: case.id.clone(),
        status: reglament_runtime::status_text(case.status).to_owned(),
        received_at: case.received_at,
        service_due,
    };
    Ok((axum::http::StatusCode::CREATED, Json(filed)))
}
