//! Billing: an application's invoice at the payment gateway (the act's fee on the day, created
//! once per application — its id is the idempotency key — and kept in the store before the
//! application is filed), the portal's payment check ("condition 2") against the gateway, and
//! the reconciliation of the kept invoices with the gateway's statement of payments, which
//! records on each open case a payment the gateway has and the case lacks.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use reglament_domain::{Iin, Money};
use reglament_engine::Command;
use reglament_gateway::{IdempotencyKey, InvoiceRef, InvoiceRequest, InvoiceStatus, Payment};
use reglament_store::{InvoiceRecord, Store};
use serde::Serialize;

use crate::PaidInvoice;
use crate::error::RuntimeError;
use crate::runtime::Runtime;

/// How a billed invoice stands against the gateway's payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Paid in full.
    Paid,
    /// Paid less than billed.
    Short,
    /// Not paid in the period.
    Unpaid,
    /// A payment of an invoice no case was billed with.
    Orphan,
}

/// One line of a reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReconciliationLine {
    /// The invoice.
    pub reference: String,
    /// The case billed (none for an orphan payment).
    pub case_id: Option<String>,
    /// What was billed.
    pub billed: Option<Money>,
    /// What was paid.
    pub paid: Option<Money>,
    /// When.
    pub paid_at: Option<DateTime<Utc>>,
    /// How it stands.
    pub standing: Standing,
    /// Whether the case has the payment recorded (after this reconciliation).
    pub recorded: bool,
}

/// Invoices billed in a period matched with the gateway's payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// A line per invoice billed in the period, then a line per orphan payment.
    pub lines: Vec<ReconciliationLine>,
}

/// The idempotency key of a case's fee invoice.
fn fee_key(case_id: &str) -> Option<IdempotencyKey> {
    let hex = crate::registry::sha256_hex(case_id.as_bytes());
    IdempotencyKey::new(&format!("fee-{}", hex.get(..40).unwrap_or_default()))
}

impl Runtime {
    fn gateway(&self) -> Result<&crate::registry::Gateway, RuntimeError> {
        self.gateway.as_deref().ok_or(RuntimeError::NoGateway)
    }

    /// The invoice of application `id` (the case id it will be filed under) to `service`/
    /// `variant` paid by `payer`: the one kept, or one created now at the gateway for the act's
    /// fee on the day of `now` — the same invoice however often this is called, from however
    /// many servers.
    pub async fn bill(
        &self,
        id: &str,
        service: &str,
        variant: &str,
        payer: Iin,
        now: DateTime<Utc>,
    ) -> Result<InvoiceRecord, RuntimeError> {
        if let Some(kept) = self.store().invoice(id).await? {
            return Ok(kept);
        }
        let fee = self.fee(service, variant, now)?;
        if fee.amount <= Money::ZERO {
            return Err(RuntimeError::NoFee { service: service.to_owned(), variant: variant.to_owned() });
        }
        let key = fee_key(id).ok_or(RuntimeError::NoGateway)?;
        let purpose =
            format!("Лицензиялық алым / Лицензионный сбор: {service} ({})", fee.cite.as_deref().unwrap_or("—"));
        let request = InvoiceRequest { payer, amount: fee.amount, purpose, idempotency_key: key };
        let invoice = self.gateway()?.payments.invoice(&request).await?;
        let record = InvoiceRecord {
            case_id: id.to_owned(),
            reference: invoice.reference.as_str().to_owned(),
            payer: invoice.payer.as_string(),
            amount_tiyn: invoice.amount.tiyn(),
            purpose: invoice.purpose,
            created_at: crate::runtime::micros(now),
        };
        Ok(self.store().record_invoice(&record).await?)
    }

    /// The portal's payment check of application `id` filed at `filed_at`, against the gateway:
    /// its invoice is paid and covers the fee, or the application is refused with the act's own
    /// message ([`Runtime::check_payment`]); an application never billed counts as unpaid.
    pub async fn check_billed(
        &self,
        id: &str,
        service: &str,
        variant: &str,
        filed_at: DateTime<Utc>,
    ) -> Result<crate::Fee, RuntimeError> {
        let fee = self.fee(service, variant, filed_at)?;
        if fee.amount <= Money::ZERO {
            return Ok(fee);
        }
        let invoice = match self.store().invoice(id).await? {
            None => PaidInvoice { paid: false, amount: Money::ZERO },
            Some(kept) => {
                let reference = InvoiceRef::new(&kept.reference).ok_or_else(|| RuntimeError::Corrupt {
                    case: id.to_owned(),
                    seq: 0,
                    reason: format!("kept invoice reference `{}`", kept.reference),
                })?;
                let invoice = self.gateway()?.payments.status(&reference).await?;
                PaidInvoice { paid: invoice.status == InvoiceStatus::Paid, amount: invoice.paid.unwrap_or(Money::ZERO) }
            }
        };
        self.check_payment(service, variant, filed_at, &invoice)
    }

    /// Matches the invoices billed from `from` to `to` (days in the calendar's zone) with the
    /// gateway's payments of the same days, and records on each open case a payment it lacks.
    pub async fn reconcile(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Reconciliation, RuntimeError> {
        let start = |day: NaiveDate| {
            day.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(self.zone).earliest())
                .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
        };
        let billed = self.store().invoices_between(start(from), start(to) + TimeDelta::days(1)).await?;
        let payments = self.gateway()?.payments.statement(from, to).await?;
        // Orphans: payments of invoices no case was billed with (looked up over the year before).
        let known =
            self.store().invoices_between(start(from) - TimeDelta::days(366), start(to) + TimeDelta::days(1)).await?;
        let mut lines = Vec::new();
        for invoice in &billed {
            let payment = payments.iter().find(|p| p.reference.as_str() == invoice.reference);
            let billed_amount = Money::from_tiyn(invoice.amount_tiyn);
            let standing = match payment {
                None => Standing::Unpaid,
                Some(p) if p.paid < billed_amount => Standing::Short,
                Some(_) => Standing::Paid,
            };
            let recorded = match payment {
                Some(p) => self.record_payment(&invoice.case_id, p, now).await?,
                None => false,
            };
            lines.push(ReconciliationLine {
                reference: invoice.reference.clone(),
                case_id: Some(invoice.case_id.clone()),
                billed: Some(billed_amount),
                paid: payment.map(|p| p.paid),
                paid_at: payment.map(|p| p.paid_at),
                standing,
                recorded,
            });
        }
        for payment in payments.iter().filter(|p| !known.iter().any(|k| k.reference == p.reference.as_str())) {
            lines.push(ReconciliationLine {
                reference: payment.reference.as_str().to_owned(),
                case_id: None,
                billed: None,
                paid: Some(payment.paid),
                paid_at: Some(payment.paid_at),
                standing: Standing::Orphan,
                recorded: false,
            });
        }
        Ok(Reconciliation { from, to, lines })
    }

    /// Records `payment` on the case unless it has it; whether the case has it afterwards (a
    /// closed case cannot take it).
    async fn record_payment(&self, case_id: &str, payment: &Payment, now: DateTime<Utc>) -> Result<bool, RuntimeError> {
        let case = match self.load(case_id).await {
            Ok((_, case)) => case,
            // Billed, never filed.
            Err(RuntimeError::UnknownCase(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        if case.payments.iter().any(|(_, reference)| reference == payment.reference.as_str()) {
            return Ok(true);
        }
        if !case.is_open() {
            return Ok(false);
        }
        let cmd =
            Command::RecordPayment { tiyn: payment.paid.tiyn(), reference: payment.reference.as_str().to_owned() };
        let key = format!("payment:{}", payment.reference);
        self.command(case_id, &cmd, &reglament_engine::Actor::System, now, Some(&key)).await?;
        Ok(true)
    }
}
