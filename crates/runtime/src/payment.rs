//! The fee of a variant on the filing day and the portal's payment check ("condition 2"): the
//! invoice is paid and covers the fee, or the application is refused with the act's own message.

use chrono::{DateTime, NaiveDate, Utc};
use reglament_domain::{FeeFormula, Money};
use reglament_regulation::model::CheckKind;

use crate::error::{PaymentFailure, Refusal, RefusalReason, RuntimeError};
use crate::runtime::Runtime;

/// The fee of a variant on a filing day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// The amount, exact to the tiyn ([`Money::ZERO`] when the variant has no fee).
    pub amount: Money,
    /// The act's formula (`None` when the variant has no fee).
    pub formula: Option<FeeFormula>,
    /// The MCI in force on the filing day the formula was evaluated with (`None` without a fee).
    pub mci: Option<Money>,
    /// The clause that fixes the fee, compact (`moj-754-2021#app1/p6/sp1)`).
    pub cite: Option<String>,
    /// The filing day (in the calendar's zone).
    pub on: NaiveDate,
}

/// What the payment service says about the applicant's invoice (for a
/// `reglament_gateway::Invoice`: `paid` is `status == Paid`, `amount` its amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidInvoice {
    /// Whether the invoice is paid.
    pub paid: bool,
    /// The invoice's amount.
    pub amount: Money,
}

impl Runtime {
    /// The fee of `service`/`variant` for an application filed at `filed_at`: the act's formula
    /// in force on the filing day, evaluated with the MCI in force that day, with its clause.
    pub fn fee(&self, service: &str, variant: &str, filed_at: DateTime<Utc>) -> Result<Fee, RuntimeError> {
        let ((_, _, v), on) = self.in_force_on(service, variant, filed_at)?;
        let Some((formula, cite)) = &v.fee else {
            return Ok(Fee { amount: Money::ZERO, formula: None, mci: None, cite: None, on });
        };
        Ok(Fee {
            amount: formula.evaluate(&self.mci, on)?,
            formula: Some(formula.clone()),
            mci: Some(self.mci.value_on(on)?),
            cite: cite.as_ref().map(|c| c.reference.to_compact()),
            on,
        })
    }

    /// The portal's payment check of an application to `service`/`variant` filed at `filed_at`:
    /// the invoice is paid and its amount is at least the fee. On failure the error carries the
    /// message and clause of the act's own `payment` check (none when the process has none).
    pub fn check_payment(
        &self,
        service: &str,
        variant: &str,
        filed_at: DateTime<Utc>,
        invoice: &PaidInvoice,
    ) -> Result<Fee, RuntimeError> {
        let fee = self.fee(service, variant, filed_at)?;
        let failure = if !invoice.paid {
            PaymentFailure::Unpaid
        } else if invoice.amount < fee.amount {
            PaymentFailure::Short { fee: fee.amount, paid: invoice.amount }
        } else {
            return Ok(fee);
        };
        let ((act, _, v), _) = self.in_force_on(service, variant, filed_at)?;
        let check = act.processes[v.process].checks.iter().find(|c| c.kind == CheckKind::Payment);
        Err(RuntimeError::Refused(Box::new(Refusal {
            message: check.map(|c| c.message.clone()),
            cite: check.map(|c| c.cite.reference.to_compact()),
            reason: RefusalReason::Payment(failure),
        })))
    }
}
