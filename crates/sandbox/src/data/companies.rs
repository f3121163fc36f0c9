//! The legal entities registry (ГБД ЮЛ): three seeded companies (one liquidated) with valid BINs
//! and the companies of the test PKI roster (the NCA test BIN read under
//! `IdPolicy::AllowNcaTestNumbers`), each with its head.

use chrono::NaiveDate;
use reglament_domain::{Bin, IdPolicy, Iin};
use reglament_pki::Role;
use serde::Serialize;

use super::persons::full_name;
use super::{Person, make_bin, ymd};

/// Whether a company exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyStatus {
    /// Registered and operating.
    Active,
    /// Liquidated (struck off the register).
    Liquidated,
}

/// A company's first head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    /// The head's IIN.
    #[serde(with = "reglament_domain::recorded_iin")]
    pub iin: Iin,
    /// Surname, name and patronymic.
    pub full_name: String,
}

/// A company of the legal entities registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    /// The BIN.
    pub bin: Bin,
    /// The registered name.
    pub name: String,
    /// Registered on.
    pub registered_on: NaiveDate,
    /// Active or liquidated.
    pub status: CompanyStatus,
    /// The first head.
    pub head: Head,
    /// The registered address.
    pub address: String,
}

/// The registration day of a roster company: the first of its BIN's month, else a fixed day.
fn registered_on(bin: &Bin) -> NaiveDate {
    bin.registration_year_yy()
        .zip(bin.registration_month())
        .and_then(|(yy, month)| {
            let year = if yy <= 30 { 2000 } else { 1900 } + i32::from(yy);
            NaiveDate::from_ymd_opt(year, u32::from(month), 1)
        })
        .unwrap_or(ymd(2015, 6, 1))
}

/// The seeded companies, in this order: a forensic laboratory headed by the first person, a
/// medical centre headed by the second (it holds a medical licence), a builder headed by the third
/// (liquidated); then the roster's companies (the NCA test company headed by its first head, the
/// provider headed by its official).
#[must_use]
pub fn companies(persons: &[Person]) -> Vec<Company> {
    let seeded = [
        ("ТОО «Сарыарқа Сараптама»", ymd(2012, 3, 14), 1_207, CompanyStatus::Active, "г. Астана, ул. Кенесары, 40"),
        (
            "ТОО «Медицинский центр „Шипагер“»",
            ymd(2016, 8, 2),
            3_341,
            CompanyStatus::Active,
            "г. Алматы, пр. Абая, 150",
        ),
        ("ТОО «Алтын Құрылыс»", ymd(2009, 11, 20), 5_518, CompanyStatus::Liquidated, "г. Караганда, ул. Ерубаева, 12"),
    ];
    let mut out: Vec<Company> = seeded
        .into_iter()
        .zip(persons)
        .filter_map(|((name, registered_on, serial, status, address), head)| {
            Some(Company {
                bin: make_bin(registered_on, serial)?,
                name: name.to_owned(),
                registered_on,
                status,
                head: Head { iin: head.iin, full_name: head.full_name() },
                address: address.to_owned(),
            })
        })
        .collect();
    let roster = reglament_pki::issue::roster();
    for entry in &roster {
        let Some((name, bin)) = &entry.holder.organisation else { continue };
        let Ok(bin) = Bin::parse_with(IdPolicy::AllowNcaTestNumbers, bin) else { continue };
        if out.iter().any(|c| c.bin == bin) {
            continue;
        }
        let members =
            roster.iter().filter(|e| e.holder.organisation.as_ref().map(|(_, b)| b) == Some(&bin.as_string()));
        let head = members
            .clone()
            .find(|e| e.holder.roles.contains(&Role::FirstHead))
            .or_else(|| members.clone().next())
            .unwrap_or(entry);
        let Ok(iin) = Iin::parse_with(IdPolicy::AllowNcaTestNumbers, &head.holder.iin) else { continue };
        out.push(Company {
            bin,
            name: name.clone(),
            registered_on: registered_on(&bin),
            status: CompanyStatus::Active,
            head: Head {
                iin,
                full_name: full_name(&head.holder.surname, &head.holder.given, head.holder.patronymic.as_deref()),
            },
            address: "г. Астана, пр. Мәңгілік Ел, 8".to_owned(),
        });
    }
    out
}
