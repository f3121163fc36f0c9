//! The law a case runs under: the act version, its service and variant, and the working time of
//! the provider — looked up by the filing day and then kept for the life of the case.

use chrono::NaiveDate;
use reglament_calendar::WorkingTime;
use reglament_domain::Language;
use reglament_regulation::model::{Act, Process, Service, Step, Variant};

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
