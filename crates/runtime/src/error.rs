//! The runtime's one error type.

use reglament_domain::{DomainError, Language, Localized, Money};
use reglament_engine::EngineError;
use reglament_pki::PkiError;
use reglament_store::StoreError;

/// Why a case operation failed.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// The engine refused the command.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The store failed, or the case changed meanwhile ([`StoreError::Conflict`]).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such case.
    #[error("no case `{0}`")]
    UnknownCase(String),
    /// No encoded act for the service and variant (in force on the day, or pinned by the case).
    #[error("no encoded act has service `{service}` with variant `{variant}`{detail}")]
    NoLaw {
        /// The service.
        service: String,
        /// The variant.
        variant: String,
        /// On which day or under which act.
        detail: String,
    },
    /// The application id is another applicant's (or another service's).
    #[error("application `{0}` belongs to another applicant or service")]
    IdTaken(String),
    /// Not an application id.
    #[error("`{0}` is not an application id (1 to 64 of A–Z, 0–9 and -)")]
    BadId(String),
    /// No body of this deployment provides the service.
    #[error("no provider body of this deployment provides `{service}`")]
    NoProvider {
        /// The service.
        service: String,
    },
    /// Several bodies provide the service: the applicant chooses one.
    #[error("`{service}` is provided by several bodies ({offered}): choose one")]
    ProviderChoice {
        /// The service.
        service: String,
        /// Their BINs.
        offered: String,
    },
    /// The body chosen does not provide the service.
    #[error("BIN {bin} does not provide `{service}` in this deployment")]
    UnknownProvider {
        /// The service.
        service: String,
        /// The BIN chosen.
        bin: String,
    },
    /// A stored event could not be read.
    #[error("case `{case}` event {seq} cannot be read: {reason}")]
    Corrupt {
        /// The case.
        case: String,
        /// The event.
        seq: i64,
        /// Why.
        reason: String,
    },
    /// The portal refuses the application: its e-signature is not valid or not the applicant's,
    /// or the fee is not paid.
    #[error("{0}")]
    Refused(Box<Refusal>),
    /// A domain value could not be computed (the MCI table does not cover the day, a fee overflows).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The working calendar could not be prepared.
    #[error(transparent)]
    Calendar(#[from] reglament_calendar::CalendarError),
    /// The platform could not sign (its key failed).
    #[error("the platform's signature: {0}")]
    Pki(PkiError),
    /// The step issues no document for the way the case went.
    #[error("step `{step}` issues no document for the way the case went")]
    NoDocument {
        /// The step.
        step: String,
    },
    /// A `DocumentIssued` event without the signed document it records: a document is issued
    /// only with its signed bytes, by signing its draft ([`crate::Runtime::issue`]).
    #[error("case `{0}`: a document is issued only by signing its draft")]
    UnsignedIssue(String),
    /// A document could not be rendered.
    #[error(transparent)]
    Document(#[from] reglament_document::DocumentError),
    /// No gateway to the external systems is configured.
    #[error("no gateway to the external systems is configured")]
    NoGateway,
    /// The variant has no fee to bill.
    #[error("service `{service}` variant `{variant}` has no fee")]
    NoFee {
        /// The service.
        service: String,
        /// The variant.
        variant: String,
    },
    /// An external system failed (after the client's retries).
    #[error(transparent)]
    Gateway(#[from] reglament_gateway::GatewayError),
    /// A report's period ends before it begins.
    #[error("the period ends ({to}) before it begins ({from})")]
    BadPeriod {
        /// The first day asked for.
        from: chrono::NaiveDate,
        /// The last day asked for.
        to: chrono::NaiveDate,
    },
}

impl RuntimeError {
    /// A stable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Engine(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::UnknownCase(_) => "case.unknown",
            Self::NoLaw { .. } => "case.no_law",
            Self::IdTaken(_) => "case.id_taken",
            Self::BadId(_) => "case.bad_id",
            Self::NoProvider { .. } => "case.no_provider",
            Self::ProviderChoice { .. } => "case.provider_choice",
            Self::UnknownProvider { .. } => "case.unknown_provider",
            Self::Corrupt { .. } => "case.corrupt",
            Self::Calendar(e) => e.code(),
            Self::Pki(e) => e.code(),
            Self::Gateway(e) => e.code(),
            Self::NoGateway => "gateway.not_configured",
            Self::NoDocument { .. } => "document.none",
            Self::UnsignedIssue(_) => "document.unsigned",
            Self::Document(_) => "document.render",
            Self::NoFee { .. } => "payment.no_fee",
            Self::Refused(r) => r.reason.code(),
            Self::Domain(e) => e.code(),
            Self::BadPeriod { .. } => "report.bad_period",
        }
    }
}

/// Why the portal refuses an application, in the words of the act.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", prefix(message.as_ref(), cite.as_deref()))]
pub struct Refusal {
    /// The refusal message of the act's check, when the process has one.
    pub message: Option<Localized>,
    /// The clause of that check.
    pub cite: Option<String>,
    /// The failed check.
    pub reason: RefusalReason,
}

/// The check an application failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefusalReason {
    /// The e-signature is not valid or not the applicant's (`pki.*` codes).
    #[error(transparent)]
    Signature(#[from] PkiError),
    /// The fee is not paid (`payment.*` codes).
    #[error(transparent)]
    Payment(#[from] PaymentFailure),
}

impl RefusalReason {
    /// A stable code: the [`PkiError`]'s or the [`PaymentFailure`]'s.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Signature(e) => e.code(),
            Self::Payment(e) => e.code(),
        }
    }
}

/// Why the payment check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PaymentFailure {
    /// The invoice is not paid.
    #[error("the invoice is not paid")]
    Unpaid,
    /// The invoice is paid but its amount is below the fee.
    #[error("the invoice pays {paid}, below the fee of {fee}")]
    Short {
        /// The fee on the filing day.
        fee: Money,
        /// The invoice's amount.
        paid: Money,
    },
}

impl PaymentFailure {
    /// A stable code: `payment.unpaid` or `payment.short`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Unpaid => "payment.unpaid",
            Self::Short { .. } => "payment.short",
        }
    }
}

/// "Message (clause): " before the reason.
fn prefix(message: Option<&Localized>, cite: Option<&str>) -> String {
    match (message, cite) {
        (Some(m), Some(c)) => format!("{} ({c}): ", m.get(Language::Ru)),
        (Some(m), None) => format!("{}: ", m.get(Language::Ru)),
        _ => String::new(),
    }
}
