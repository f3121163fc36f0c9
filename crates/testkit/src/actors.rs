//! Who the tests give their commands as, where who acts is not what they test: the applicant
//! files (and objects, and withdraws), the platform records what state systems answer, payments
//! and ticks, the quality-control body considers complaints sent to it, and an official of the
//! test stand's provider holding every role of the seed acts performs the steps. The tests of
//! who may act (the engine's scenarios, the back office's and the command line's) name their
//! actors one by one instead.

use reglament_engine::{Actor, Command};

/// The test stand's provider: the Ministry of Justice of the test PKI.
pub const STAND_PROVIDER: &str = "960240000025";
/// The applicant of the objections and withdrawals the tests give.
pub const APPLICANT: &str = "871008401427";
/// The official (and quality-control officer) the tests act as.
pub const OFFICIAL: &str = "760212350620";

/// The role ids of the seed acts' provider steps the stand's official holds.
const ROLES: [&str; 8] =
    ["executor", "authorised-person", "registrar", "provider", "licensor", "office", "head", "director"];

/// The actor a test gives `command` as (see the module's documentation).
///
/// # Panics
/// Never: the numbers above parse.
#[must_use]
#[allow(clippy::expect_used, reason = "constant, valid numbers")]
pub fn actor_for(command: &Command) -> Actor {
    let iin = |text: &str| text.parse().expect("a valid IIN");
    match command {
        Command::File { applicant, entity, .. } => Actor::Applicant { iin: *applicant, entity: *entity },
        Command::RecordObjection { .. } | Command::Withdraw => Actor::Applicant { iin: iin(APPLICANT), entity: None },
        Command::CompleteStep { step, .. } if step == "consider-at-quality-body" => {
            Actor::QualityControl { iin: iin(OFFICIAL) }
        }
        Command::RecordRegistryData { .. }
        | Command::RecordRegistryFailure { .. }
        | Command::RecordPayment { .. }
        | Command::Tick => Actor::System,
        _ => Actor::Official {
            iin: iin(OFFICIAL),
            provider: STAND_PROVIDER.parse().expect("a valid BIN"),
            roles: ROLES.map(str::to_owned).to_vec(),
        },
    }
}

/// Gives `command` to case `id` at `at` as [`actor_for`] names its actor.
///
/// # Errors
/// As [`reglament_runtime::Runtime::command`] refuses it.
pub async fn give(
    rt: &reglament_runtime::Runtime,
    id: &str,
    command: &Command,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(reglament_engine::Case, reglament_store::Appended), reglament_runtime::RuntimeError> {
    rt.command(id, command, &actor_for(command), at, None).await
}
