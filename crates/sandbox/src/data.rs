//! The seeded world: persons with valid IINs (check digits from `reglament_domain`) and
//! invoices, the same on every start.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use reglament_domain::{Iin, Money, compute_check_digit};
use serde::Serialize;

/// A person of the individuals registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedPerson {
    /// The IIN (valid check digit, century and birth date).
    pub iin: Iin,
    /// Surname.
    pub surname: String,
    /// Given name.
    pub name: String,
    /// Patronymic, if any.
    pub patronymic: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Whether the person has a criminal record.
    pub criminal_record: bool,
}

/// Whether an invoice is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Not paid.
    Unpaid,
    /// Paid.
    Paid,
}

/// An invoice of the payment service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedInvoice {
    /// The reference, `INV-NNNNNN`.
    pub reference: String,
    /// Who pays.
    pub payer: Iin,
    /// The amount in tiyn.
    pub amount_tiyn: Money,
    /// The purpose.
    pub purpose: String,
    /// Paid or not.
    pub status: InvoiceStatus,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
}

/// The IIN born on `birth` with century-and-sex digit `century_sex` and the first serial from
/// `serial` up whose check digit is defined.
#[must_use]
pub fn make_iin(birth: NaiveDate, century_sex: u8, serial: u16) -> Option<Iin> {
    let yymmdd = birth.format("%y%m%d").to_string();
    (serial..=9999).find_map(|serial| {
        let head = format!("{yymmdd}{century_sex}{serial:04}");
        let mut digits = [0_u8; 11];
        for (slot, ch) in digits.iter_mut().zip(head.bytes()) {
            *slot = ch.wrapping_sub(b'0');
        }
        let check = compute_check_digit(&digits)?;
        format!("{head}{check}").parse().ok()
    })
}

fn person(
    birth: (i32, u32, u32),
    century_sex: u8,
    serial: u16,
    names: (&str, &str, Option<&str>),
    criminal_record: bool,
) -> Option<SeedPerson> {
    let birth_date = NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2)?;
    Some(SeedPerson {
        iin: make_iin(birth_date, century_sex, serial)?,
        surname: names.0.to_owned(),
        name: names.1.to_owned(),
        patronymic: names.2.map(str::to_owned),
        birth_date,
        criminal_record,
    })
}

/// The seeded persons, always the same, in this order: four without and one (the third) with
/// a criminal record.
#[must_use]
pub fn persons() -> Vec<SeedPerson> {
    [
        person((1987, 4, 12), 3, 100, ("Төлегенов", "Асқар", Some("Серікұлы")), false),
        person((1990, 11, 23), 4, 200, ("Жұмабаева", "Айгүл", Some("Бақытқызы")), false),
        person((1979, 2, 5), 3, 300, ("Сәрсенбаев", "Ерлан", Some("Маратұлы")), true),
        person((1985, 7, 30), 4, 400, ("Иванова", "Ольга", Some("Петровна")), false),
        person((2001, 1, 15), 5, 500, ("Омаров", "Данияр", None), false),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The seeded invoices: `INV-000001` paid by the first person, `INV-000002` unpaid by the second.
#[must_use]
pub fn invoices(persons: &[SeedPerson]) -> Vec<SeedInvoice> {
    let paid_at = Utc.with_ymd_and_hms(2026, 1, 15, 10, 0, 0).single();
    let mut out = Vec::new();
    if let Some(first) = persons.first() {
        out.push(SeedInvoice {
            reference: "INV-000001".into(),
            payer: first.iin,
            amount_tiyn: Money::from_tiyn(259_500),
            purpose: "Лицензиялық алым / Лицензионный сбор".into(),
            status: InvoiceStatus::Paid,
            paid_at,
        });
    }
    if let Some(second) = persons.get(1) {
        out.push(SeedInvoice {
            reference: "INV-000002".into(),
            payer: second.iin,
            amount_tiyn: Money::from_tiyn(129_750),
            purpose: "Лицензиялық алым / Лицензионный сбор".into(),
            status: InvoiceStatus::Unpaid,
            paid_at: None,
        });
    }
    out
}
