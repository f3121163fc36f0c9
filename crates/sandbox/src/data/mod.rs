//! The seeded world, the same on every start: persons (IINs with `reglament_domain`'s check
//! digits, and the individuals of the test PKI roster), companies, criminal records, dispensary
//! registrations, licences and invoices — one module per state system.

mod companies;
mod dispensaries;
mod invoices;
mod legal_statistics;
mod licences;
mod persons;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use reglament_domain::{Bin, Iin, compute_check_digit};

pub use companies::{Company, CompanyStatus, Head, companies};
pub use dispensaries::{DispensaryRecord, Registration, dispensaries};
pub use invoices::{Invoice, InvoiceStatus, invoices, reference};
pub use legal_statistics::{Conviction, CriminalRecord, Investigation, InvestigationStatus, criminal_records};
pub use licences::{Licence, LicenceStatus, Licences, licences};
pub use persons::{Document, DocumentKind, ISSUER, Person, persons};

/// The date `y-m-d` (a constant of the seed; an impossible one would be the minimum date).
pub(crate) const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The 12-digit numbers `{prefix}{serial}{check}` for the serials from `serial` up (`width`
/// digits), in order, skipping those whose check digit is undefined.
fn with_check_digit(prefix: &str, serial: u32, width: usize) -> impl Iterator<Item = String> + '_ {
    (serial..10_u32.pow(u32::try_from(width).unwrap_or(0))).filter_map(move |serial| {
        let head = format!("{prefix}{serial:0width$}");
        let mut digits = [0_u8; 11];
        if head.len() != digits.len() {
            return None;
        }
        for (slot, ch) in digits.iter_mut().zip(head.bytes()) {
            *slot = ch.wrapping_sub(b'0');
        }
        let check = compute_check_digit(&digits)?;
        Some(format!("{head}{check}"))
    })
}

/// The IIN born on `birth` with century-and-sex digit `century_sex` and the first serial from
/// `serial` up whose check digit is defined.
#[must_use]
pub fn make_iin(birth: NaiveDate, century_sex: u8, serial: u16) -> Option<Iin> {
    let prefix = format!("{}{century_sex}", birth.format("%y%m%d"));
    with_check_digit(&prefix, u32::from(serial), 4).find_map(|text| text.parse().ok())
}

/// The BIN of a resident legal entity's head organisation registered in the month of
/// `registered`, with the first serial from `serial` up whose check digit is defined.
#[must_use]
pub fn make_bin(registered: NaiveDate, serial: u32) -> Option<Bin> {
    let prefix = format!("{}40", registered.format("%y%m"));
    with_check_digit(&prefix, serial, 5).find_map(|text| text.parse().ok())
}

/// Whether `id` is an IIN or BIN in form: exactly 12 ASCII digits.
#[must_use]
pub fn is_twelve_digits(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `items` by `key`.
fn keyed<T>(items: Vec<T>, key: impl Fn(&T) -> String) -> BTreeMap<String, T> {
    items.into_iter().map(|item| (key(&item), item)).collect()
}

/// Everything the lookup systems answer from, keyed by the 12 digits asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    persons: BTreeMap<String, Person>,
    companies: BTreeMap<String, Company>,
    records: BTreeMap<String, CriminalRecord>,
    dispensaries: BTreeMap<String, DispensaryRecord>,
    licences: BTreeMap<String, Vec<Licence>>,
}

impl Default for Seed {
    fn default() -> Self {
        Self::new()
    }
}

impl Seed {
    /// The seeded world.
    #[must_use]
    pub fn new() -> Self {
        let persons = persons();
        let companies = companies(&persons);
        Self {
            records: keyed(criminal_records(&persons), |r| r.iin.to_string()),
            dispensaries: keyed(dispensaries(&persons), |r| r.iin.to_string()),
            licences: licences(&persons, &companies),
            companies: keyed(companies, |c| c.bin.to_string()),
            persons: keyed(persons, |p| p.iin.to_string()),
        }
    }

    /// The person with this IIN.
    #[must_use]
    pub fn person(&self, iin: &str) -> Option<&Person> {
        self.persons.get(iin)
    }

    /// The company with this BIN.
    #[must_use]
    pub fn company(&self, bin: &str) -> Option<&Company> {
        self.companies.get(bin)
    }

    /// The criminal record of a known person (empty lists when clean).
    #[must_use]
    pub fn record(&self, iin: &str) -> Option<&CriminalRecord> {
        self.records.get(iin)
    }

    /// The dispensary registrations of a known person.
    #[must_use]
    pub fn dispensary(&self, iin: &str) -> Option<&DispensaryRecord> {
        self.dispensaries.get(iin)
    }

    /// The licences of a holder (IIN or BIN); an empty list for one with none.
    #[must_use]
    pub fn licences(&self, holder: &str) -> Licences {
        Licences { holder: holder.to_owned(), licences: self.licences.get(holder).cloned().unwrap_or_default() }
    }
}
