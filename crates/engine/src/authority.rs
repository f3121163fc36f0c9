//! Who may give which command on which case — decided here, before anything else, so that no
//! adapter (pages, API, command line, worker) can get it wrong.
//!
//! * A filing is the applicant's own (for themselves or the entity they file for), or an
//!   integrator's with a filing token (the applicant's signature is checked before, by the
//!   runtime's admission).
//! * A step is performed by the role the act gives it: an applicant's step by the case's
//!   applicant; a portal's by the platform; a provider's (or a commission's) by an official of
//!   the case's provider holding that role; a State Corporation's by its operator holding the
//!   role; the complaint route's quality body by the quality-control body.
//! * The application is registered by the role that receives it ([`Law::registering_role`]).
//! * A refusal cites only grounds the act lists for the service.
//! * A document is issued by the official who signed it.
//! * State systems' answers, payments and timers are recorded by the platform alone.

use reglament_domain::Bin;
use reglament_regulation::model::RoleKind;

use crate::actor::{Actor, Scope};
use crate::case::Case;
use crate::command::Command;
use crate::complaint::QUALITY_BODY;
use crate::error::EngineError;
use crate::law::Law;

/// Refuses `command` when `actor` may not give it on `case` (`None` before filing).
pub fn authorize(case: Option<&Case>, command: &Command, actor: &Actor, law: &Law<'_>) -> Result<(), EngineError> {
    let Some(case) = case else {
        return match command {
            Command::File { applicant, entity, provider, .. } => match actor {
                Actor::Applicant { iin, entity: for_entity } if iin == applicant && for_entity == entity => Ok(()),
                Actor::Integrator { scope: Scope::File, provider: limit, .. }
                    if limit.is_none_or(|p| p == *provider) =>
                {
                    Ok(())
                }
                _ => Err(EngineError::NotTheApplicant { actor: actor.label() }),
            },
            _ => Ok(()),
        };
    };
    match command {
        Command::File { .. } => Ok(()),
        Command::Register { .. } => {
            let role = law.registering_role().map_or_else(String::new, |r| r.id.clone());
            match actor {
                Actor::Official { roles, provider, .. } if roles.contains(&role) => of_provider(case, provider, actor),
                _ => Err(EngineError::NotRegistrar { role, actor: actor.label() }),
            }
        }
        Command::Assign { step, .. } | Command::CompleteStep { step, .. } | Command::ProposeRefusal { step, .. } => {
            performer(case, law, step, actor)
        }
        Command::IssueDocument { step, signer, .. } => {
            performer(case, law, step, actor)?;
            if actor.iin() == Some(*signer) {
                Ok(())
            } else {
                Err(EngineError::SignerNotActor { signer: signer.as_string(), actor: actor.label() })
            }
        }
        Command::NotifyHearing { .. } | Command::RecordHearingResult { .. } => {
            performer(case, law, hearing_step(case, law).ok_or(EngineError::NoHearingStep)?, actor)
        }
        Command::RecordObjection { .. } | Command::Withdraw => applicant(case, actor),
        Command::RecordRegistryData { .. }
        | Command::RecordRegistryFailure { .. }
        | Command::RecordPayment { .. }
        | Command::Tick => match actor {
            Actor::System => Ok(()),
            _ => Err(EngineError::SystemOnly { actor: actor.label() }),
        },
    }
}

/// The step whose performer holds the hearing: the active hearing step; where the act gives that
/// step to the applicant (their objections), the hearing step done last, which notified them.
fn hearing_step<'c>(case: &'c Case, law: &Law<'_>) -> Option<&'c str> {
    let hearing = |s: &&String| law.step_named(s).is_some_and(|s| s.hearing);
    let active = case.active.keys().find(hearing)?;
    let by_applicant = law.role_of(active).is_some_and(|r| r.kind == RoleKind::Applicant);
    if by_applicant { case.done.iter().rev().find(hearing).map(String::as_str) } else { Some(active) }
}

/// The case's own applicant.
fn applicant(case: &Case, actor: &Actor) -> Result<(), EngineError> {
    match actor {
        Actor::Applicant { iin, .. } if *iin == case.applicant => Ok(()),
        _ => Err(EngineError::NotTheApplicant { actor: actor.label() }),
    }
}

/// `actor`, an official of `provider`, works for the case's provider.
fn of_provider(case: &Case, provider: &Bin, actor: &Actor) -> Result<(), EngineError> {
    match case.provider {
        None => Err(EngineError::NoProvider(case.id.clone())),
        Some(p) if p == *provider => Ok(()),
        Some(p) => Err(EngineError::OtherProvider {
            case: p.to_string(),
            official: provider.to_string(),
            actor: actor.label(),
        }),
    }
}

/// The performer the act gives `step`.
fn performer(case: &Case, law: &Law<'_>, step: &str, actor: &Actor) -> Result<(), EngineError> {
    let role = law.role_of(step).ok_or_else(|| EngineError::StepNotActive {
        case: case.id.clone(),
        step: step.to_owned(),
        active: case.active.keys().cloned().collect::<Vec<_>>().join(", "),
    })?;
    let not_yours = || EngineError::NotYourStep { step: step.to_owned(), role: role.id.clone(), actor: actor.label() };
    if role.id == QUALITY_BODY && law.act.id.as_str().ends_with(crate::complaint::SUFFIX) {
        return match actor {
            Actor::QualityControl { .. } => Ok(()),
            _ => Err(not_yours()),
        };
    }
    match role.kind {
        RoleKind::Applicant => applicant(case, actor),
        RoleKind::Portal => match actor {
            Actor::System => Ok(()),
            _ => Err(not_yours()),
        },
        RoleKind::StateCorporation => match actor {
            Actor::Official { roles, .. } if roles.contains(&role.id) => Ok(()),
            _ => Err(not_yours()),
        },
        RoleKind::Provider | RoleKind::Other => match actor {
            Actor::Official { roles, provider, .. } => {
                of_provider(case, provider, actor)?;
                if roles.contains(&role.id) { Ok(()) } else { Err(not_yours()) }
            }
            _ => Err(not_yours()),
        },
    }
}
