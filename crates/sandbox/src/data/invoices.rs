//! The payment gateway's seeded invoices: one paid, one unpaid, and one paid that matches no
//! application (an orphan for reconciliation reports).

use chrono::{DateTime, TimeZone, Utc};
use reglament_domain::{Iin, Money};
use serde::{Deserialize, Serialize};

use super::Person;

/// Whether an invoice is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Not paid.
    Unpaid,
    /// Paid (in full or short: see `paid_tiyn`).
    Paid,
}

/// An invoice of the payment service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    /// The reference, `INV-NNNNNN`.
    pub reference: String,
    /// Who pays.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub payer: Iin,
    /// The amount in tiyn.
    pub amount_tiyn: Money,
    /// The purpose.
    pub purpose: String,
    /// Paid or not.
    pub status: InvoiceStatus,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// How much was paid (may be short of the amount).
    pub paid_tiyn: Option<Money>,
}

/// The reference of the `n`th invoice (from 1).
#[must_use]
pub fn reference(n: usize) -> String {
    format!("INV-{n:06}")
}

/// The seeded invoices: `INV-000001` paid in full by the first person on 2026-01-15,
/// `INV-000002` unpaid by the second, `INV-000003` paid in full by the fifth on 2026-01-20 for
/// no application (the orphan).
#[must_use]
pub fn invoices(persons: &[Person]) -> Vec<Invoice> {
    let fee = "Лицензиялық алым / Лицензионный сбор";
    let seeded = [
        (0, 259_500, fee, Utc.with_ymd_and_hms(2026, 1, 15, 10, 0, 0).single()),
        (1, 129_750, fee, None),
        (4, 86_500, "Мемлекеттік баж / Государственная пошлина", Utc.with_ymd_and_hms(2026, 1, 20, 8, 30, 0).single()),
    ];
    seeded
        .into_iter()
        .filter_map(|(payer, tiyn, purpose, paid_at)| {
            let amount_tiyn = Money::from_tiyn(tiyn);
            Some((persons.get(payer)?.iin, amount_tiyn, purpose, paid_at))
        })
        .enumerate()
        .map(|(index, (payer, amount_tiyn, purpose, paid_at))| Invoice {
            reference: reference(index + 1),
            payer,
            amount_tiyn,
            purpose: purpose.to_owned(),
            status: if paid_at.is_some() { InvoiceStatus::Paid } else { InvoiceStatus::Unpaid },
            paid_at,
            paid_tiyn: paid_at.map(|_| amount_tiyn),
        })
        .collect()
}
