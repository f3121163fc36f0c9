//! The law a case runs under: the act version, its service and variant, and the working time of
//! the provider — looked up by the filing day and then kept for the life of the case.

use chrono::NaiveDate;
use reglament_calendar::WorkingTime;
use reglament_domain::{DocumentForm, Language};
use reglament_regulation::model::{Act, Document, Process, Role, RoleKind, Service, Step, Variant};

use crate::case::Case;

/// The act version, service, variant and working time a case runs under.
#[derive(Debug, Clone, Copy)]
pub struct Law<'a> {
    /// The act version.
    pub act: &'a Act,
    /// The service.
    pub service: &'a Service,
    /// The variant.
    pub variant: &'a Variant,
    /// The provider's working time.
    pub wt: &'a WorkingTime,
}

impl<'a> Law<'a> {
    /// The variant's process.
    #[must_use]
    pub fn process(&self) -> &'a Process {
        &self.act.processes[self.variant.process]
    }

    /// The index of step `id` in the process.
    #[must_use]
    pub fn step(&self, id: &str) -> Option<usize> {
        self.process().steps.iter().position(|s| s.id == id)
    }

    /// Step `id` of the process.
    #[must_use]
    pub fn step_named(&self, id: &str) -> Option<&'a Step> {
        self.process().steps.iter().find(|s| s.id == id)
    }

    /// The role the act gives step `id`.
    #[must_use]
    pub fn role_of(&self, id: &str) -> Option<&'a Role> {
        self.step_named(id).and_then(|s| self.act.roles.get(s.actor))
    }

    /// The role that registers an application: the performer of the first step of the process
    /// the provider performs (the one that receives what the applicant or the portal sent).
    #[must_use]
    pub fn registering_role(&self) -> Option<&'a Role> {
        let process = self.process();
        let mut queue = vec![process.start];
        let mut seen = vec![false; process.steps.len()];
        while !queue.is_empty() {
            let i = queue.remove(0);
            let (Some(step), Some(was)) = (process.steps.get(i), seen.get_mut(i)) else { continue };
            if std::mem::replace(was, true) {
                continue;
            }
            let role = self.act.roles.get(step.actor)?;
            if role.kind == RoleKind::Provider {
                return Some(role);
            }
            queue.extend(step.successors());
        }
        None
    }

    /// The output document step `id` issues in `case`: its only one; of several, the refusal
    /// when grounds were proposed and the grant otherwise, else the first other document (a
    /// notice, a receipt). `None` when it issues none or has issued it already.
    #[must_use]
    pub fn issued_by(&self, case: &Case, id: &str) -> Option<&'a Document> {
        if case.issued.contains_key(id) {
            return None;
        }
        let step = self.step_named(id)?;
        let outputs = || step.documents.iter().filter_map(|&d| self.act.documents.get(d));
        if step.documents.len() == 1 {
            return outputs().next();
        }
        let wanted = if case.refusal.is_some() { DocumentForm::Refusal } else { DocumentForm::Grant };
        let other = |d: &&Document| !matches!(d.form, Some(DocumentForm::Grant | DocumentForm::Refusal));
        outputs().find(|d| d.form == Some(wanted)).or_else(|| outputs().find(other))
    }

    /// The document step `id` issues in `case` when an official performs it (a provider's, a
    /// body's or the State Corporation's step), who signs it: such a step completes only once
    /// it is issued. An applicant's or the portal's step receives or generates its document.
    #[must_use]
    pub fn signed_by_official(&self, case: &Case, id: &str) -> Option<&'a Document> {
        let official = self
            .role_of(id)
            .is_some_and(|r| matches!(r.kind, RoleKind::Provider | RoleKind::Other | RoleKind::StateCorporation));
        if official { self.issued_by(case, id) } else { None }
    }

    /// What step `id` does, in `lang`; the id itself for a step the process does not have.
    #[must_use]
    pub fn step_action(&self, id: &str, lang: Language) -> String {
        self.step_named(id).map_or_else(|| id.to_owned(), |s| s.action.get(lang).to_owned())
    }
}

/// The act version in force on `on` that has `service` with `variant`.
#[must_use]
pub fn in_force<'a>(
    acts: &'a [Act],
    service: &str,
    variant: &str,
    on: NaiveDate,
) -> Option<(&'a Act, &'a Service, &'a Variant)> {
    acts.iter().find_map(|act| {
        let in_force = act.in_force_from <= on && act.in_force_until.is_none_or(|u| on <= u);
        let s = act.services.iter().find(|s| s.id == service)?;
        let v = s.variants.iter().find(|v| v.id == variant)?;
        in_force.then_some((act, s, v))
    })
}

/// The act with id `id` that has `service` with `variant` (to run a case under the version it
/// was pinned to).
#[must_use]
pub fn pinned<'a>(
    acts: &'a [Act],
    act: &str,
    service: &str,
    variant: &str,
) -> Option<(&'a Act, &'a Service, &'a Variant)> {
    let a = acts.iter().find(|a| a.id.as_str() == act)?;
    let s = a.services.iter().find(|s| s.id == service)?;
    let v = s.variants.iter().find(|v| v.id == variant)?;
    Some((a, s, v))
}
