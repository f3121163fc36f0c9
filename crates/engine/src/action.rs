//! Actions: what must happen after the events are committed. The engine only says what; the
//! runtime does it (at least once) and feeds the results back as commands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::{ClockId, Level};

/// Something to do after commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Wake the case at `at` (a `Tick` command) for this clock and level.
    ScheduleTimer {
        /// When.
        at: DateTime<Utc>,
        /// Which clock.
        clock: ClockId,
        /// Which level it will reach.
        level: Level,
    },
    /// Ask a state registry for data (the answer comes back as `RecordRegistryData`).
    CallRegistry {
        /// Which system.
        system: reglament_domain::StateSystem,
        /// What the act has the provider obtain (its Russian text, for the journal).
        what: String,
    },
    /// Tell someone something.
    Notify {
        /// The applicant, or a role id.
        to: String,
        /// What happened (an event name).
        about: String,
    },
    /// Produce a document (a licence, a refusal, a notice) to be signed.
    RenderDocument {
        /// The document id in the act.
        document: String,
    },
    /// Put the result into the applicant's personal cabinet and the public registry.
    Deliver {
        /// The document id.
        document: String,
    },
}
