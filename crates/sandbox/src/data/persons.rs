//! The individuals registry (ГБД ФЛ): five seeded persons and the individuals of the test PKI
//! roster (their NCA test IINs read under `IdPolicy::AllowNcaTestNumbers`), each with an
//! identity card.

use chrono::{Months, NaiveDate};
use reglament_domain::{IdPolicy, Iin};
use serde::Serialize;

use super::{make_iin, ymd};

/// Who issues the identity cards.
pub const ISSUER: &str = "ҚР ІІМ / МВД РК";

/// The kind of an identity document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The identity card of a citizen of Kazakhstan.
    IdentityCard,
}

/// A person's identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Always an identity card here.
    pub kind: DocumentKind,
    /// Nine digits, the first a zero.
    pub number: String,
    /// Issued on.
    pub issued_on: NaiveDate,
    /// Valid until (ten years after issue).
    pub valid_until: NaiveDate,
    /// The issuing authority, [`ISSUER`].
    pub issuer: String,
}

/// A person of the individuals registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The IIN (valid check digit, century and birth date; or an NCA test number).
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// Surname.
    pub surname: String,
    /// Given name.
    pub name: String,
    /// Patronymic, if any.
    pub patronymic: Option<String>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// The identity card.
    pub document: Document,
}

impl Person {
    /// Surname, name and patronymic, as one line.
    #[must_use]
    pub fn full_name(&self) -> String {
        full_name(&self.surname, &self.name, self.patronymic.as_deref())
    }
}

/// Surname, name and patronymic (if any), as one line.
pub(crate) fn full_name(surname: &str, name: &str, patronymic: Option<&str>) -> String {
    [Some(surname), Some(name), patronymic].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// Surname, name and patronymic of a seeded person.
type Names = (&'static str, &'static str, Option<&'static str>);

/// The birth date the registry records for an NCA test IIN (which encodes none).
const TEST_BIRTH_DATE: NaiveDate = ymd(1990, 1, 1);

fn identity_card(index: usize, issued_on: NaiveDate) -> Document {
    Document {
        kind: DocumentKind::IdentityCard,
        number: format!("0{:08}", 41_273_590 + index * 1_000_003),
        issued_on,
        valid_until: issued_on.checked_add_months(Months::new(120)).unwrap_or(issued_on),
        issuer: ISSUER.to_owned(),
    }
}

/// The seeded persons, always the same, in this order: Төлегенов, Жұмабаева, Сәрсенбаев (a
/// conviction), Иванова (an open investigation), Омаров (on the narcological register); then the
/// roster's individuals in roster order, each IIN once.
#[must_use]
pub fn persons() -> Vec<Person> {
    let seeded: [(NaiveDate, u8, u16, Names, NaiveDate); 5] = [
        (ymd(1987, 4, 12), 3, 100, ("Төлегенов", "Асқар", Some("Серікұлы")), ymd(2018, 5, 14)),
        (ymd(1990, 11, 23), 4, 200, ("Жұмабаева", "Айгүл", Some("Бақытқызы")), ymd(2021, 2, 3)),
        (ymd(1979, 2, 5), 3, 300, ("Сәрсенбаев", "Ерлан", Some("Маратұлы")), ymd(2016, 9, 27)),
        (ymd(1985, 7, 30), 4, 400, ("Иванова", "Ольга", Some("Петровна")), ymd(2019, 12, 10)),
        (ymd(2001, 1, 15), 5, 500, ("Омаров", "Данияр", None), ymd(2017, 3, 1)),
    ];
    let mut out: Vec<Person> = Vec::new();
    for (birth_date, century_sex, serial, (surname, name, patronymic), issued_on) in seeded {
        let Some(iin) = make_iin(birth_date, century_sex, serial) else { continue };
        out.push(Person {
            iin,
            surname: surname.to_owned(),
            name: name.to_owned(),
            patronymic: patronymic.map(str::to_owned),
            birth_date,
            document: identity_card(out.len(), issued_on),
        });
    }
    for entry in reglament_pki::issue::roster() {
        let holder = entry.holder;
        let Ok(iin) = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &holder.iin) else { continue };
        if out.iter().any(|p| p.iin == iin) {
            continue;
        }
        let issued_on = ymd(2020, 1, 15) + chrono::Days::new(u64::try_from(out.len()).unwrap_or(0) * 41);
        out.push(Person {
            iin,
            surname: holder.surname,
            name: holder.given,
            patronymic: holder.patronymic,
            birth_date: iin.birth_date().unwrap_or(TEST_BIRTH_DATE),
            document: identity_card(out.len(), issued_on),
        });
    }
    out
}
