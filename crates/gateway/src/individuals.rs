//! The state database of individuals: [`IndividualsRegistry`] and its HTTP client
//! (contract: `crates/sandbox/contracts/individuals.json`).

use std::future::Future;
use std::sync::Arc;

use chrono::NaiveDate;
use hyper::Method;
use reglament_domain::Iin;
use serde::{Deserialize, Serialize};

use crate::breaker::BreakerState;
use crate::caller::{Call, Caller, Failure, json_answer};
use crate::clock::{Clock, Entropy};
use crate::policy::ClientConfig;
use crate::{GatewayError, System};

/// A person as the registry answers (`GET /persons/{iin}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The person's IIN (checked: a structurally invalid one makes the answer malformed).
    pub iin: Iin,
    /// Surname.
    pub surname: String,
    /// Given name.
    pub name: String,
    /// Patronymic, when the person has one.
    #[serde(default)]
    pub patronymic: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Whether the person has a criminal record (in this slice carried by the individuals
    /// answer; the legal-statistics committee's own registry is a later client).
    pub criminal_record: bool,
}

/// The state database of individuals, as the engine's actions call it.
pub trait IndividualsRegistry: Send + Sync {
    /// The person with `iin`, or `gateway.not_found`.
    fn person(&self, iin: &Iin) -> impl Future<Output = Result<Person, GatewayError>> + Send;
}

/// The HTTP client of the individuals registry.
pub struct HttpIndividuals {
    caller: Caller,
}

impl HttpIndividuals {
    /// A client calling `config.base_url`, its breaker on `clock`, its jitter and request ids
    /// drawn from `entropy`.
    pub fn new(config: ClientConfig, clock: Arc<dyn Clock>, entropy: Box<dyn Entropy>) -> Result<Self, GatewayError> {
        Ok(Self { caller: Caller::new(System::Individuals, config, clock, entropy)? })
    }

    /// The circuit breaker's state.
    #[must_use]
    pub fn breaker_state(&self) -> BreakerState {
        self.caller.breaker().state()
    }
}

impl IndividualsRegistry for HttpIndividuals {
    async fn person(&self, iin: &Iin) -> Result<Person, GatewayError> {
        let call = Call { method: Method::GET, path: format!("/persons/{iin}"), body: None, headers: Vec::new() };
        let what = format!("person {iin}");
        self.caller
            .call(&call, |status, body| {
                let person: Person = json_answer(status, body, &what)?;
                if person.iin == *iin {
                    Ok(person)
                } else {
                    Err(Failure::Malformed(format!("asked for {iin}, answered {}", person.iin)))
                }
            })
            .await
    }
}
