//! Tests for `FeeFormula`: the forensic-expert licence fees, rounding, serde.
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use proptest::prelude::*;
use reglament_domain::{FeeFormula, MciEntry, MciTable, Money};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn mci(amount: &str) -> FeeFormula {
    FeeFormula::mci(amount.parse().unwrap())
}

/// Forensic-expert licence, 2021 standard: issuance 6 MCI.
fn issuance() -> FeeFormula {
    mci("6")
}

/// Re-registration: 10 % of the issuance rate, but not more than 4 MCI.
fn re_registration() -> FeeFormula {
    FeeFormula::at_most(FeeFormula::percent("10".parse().unwrap(), issuance()), mci("4"))
}

/// A one-entry table with a given MCI value in tiyn.
fn table_with(tiyn: i64) -> MciTable {
    let entry = MciEntry::new(date(2020, 1, 1), Money::from_tiyn(tiyn), "test").unwrap();
    MciTable::new(vec![entry], date(2030, 12, 31)).unwrap()
}

#[test]
fn forensic_expert_licence_fees() {
    let table = MciTable::embedded().unwrap();
    let cases = [
        (date(2026, 3, 1), issuance(), "25 950,00 ₸"),
        (date(2026, 3, 1), re_registration(), "2 595,00 ₸"),
        (date(2024, 1, 1), issuance(), "22 152,00 ₸"),
        (date(2024, 7, 15), re_registration(), "2 215,20 ₸"),
        (date(2024, 12, 31), re_registration(), "2 215,20 ₸"),
        (date(2021, 6, 1), issuance(), "17 502,00 ₸"),
    ];
    for (on, formula, expected) in cases {
        assert_eq!(formula.evaluate(&table, on).unwrap().to_string(), expected, "{on}");
    }
    assert_eq!(re_registration().evaluate(&table, date(2026, 3, 1)).unwrap(), Money::from_tiyn(259_500));
}

#[test]
fn caps_floors_and_free() {
    let table = table_with(100_000); // 1 MCI = 1 000 ₸
    let cases = [
        // 10 % of 60 MCI = 6 MCI, capped at 4 MCI.
        (FeeFormula::at_most(FeeFormula::percent("10".parse().unwrap(), mci("60")), mci("4")), 400_000),
        // 10 % of 6 MCI = 0.6 MCI, below the cap.
        (re_registration(), 60_000),
        // Floor applies.
        (FeeFormula::at_least(mci("0.5"), mci("1")), 100_000),
        // Floor does not apply.
        (FeeFormula::at_least(mci("2"), mci("1")), 200_000),
        (FeeFormula::Free, 0),
        (FeeFormula::percent("50".parse().unwrap(), FeeFormula::Free), 0),
        (FeeFormula::at_most(mci("1"), FeeFormula::Free), 0),
        // Percent of a percent stays exact.
        (FeeFormula::percent("10".parse().unwrap(), FeeFormula::percent("10".parse().unwrap(), mci("1"))), 1_000),
    ];
    for (formula, tiyn) in cases {
        assert_eq!(formula.evaluate(&table, date(2025, 1, 1)).unwrap(), Money::from_tiyn(tiyn), "{formula:?}");
    }
}

#[test]
fn rounding_is_half_up_once_at_the_end() {
    // One MCI = 3 tiyn, so fractions of a tiyn appear.
    let table = table_with(3);
    let cases = [
        (mci("0.5"), 2),
        (mci("0.1"), 0),
        (mci("0.2"), 1), // 0.6 -> 1
        (mci("1.5"), 5), // 4.5 -> 5
        // 10 % of 0.5 MCI = 0.15 tiyn -> 0.
        (FeeFormula::percent("10".parse().unwrap(), mci("0.5")), 0),
        // 50 % of 0.5 MCI = 0.75 tiyn -> 1.
        (FeeFormula::percent("50".parse().unwrap(), mci("0.5")), 1),
        // 30 % of 0.5 MCI = 0.45 tiyn -> 0; rounding the inner value first would give 0.6 -> 1.
        (FeeFormula::percent("30".parse().unwrap(), mci("0.5")), 0),
    ];
    for (formula, tiyn) in cases {
        assert_eq!(formula.evaluate(&table, date(2025, 1, 1)).unwrap(), Money::from_tiyn(tiyn), "{formula:?}");
    }
}

#[test]
fn evaluation_outside_the_table_is_an_error() {
    let table = MciTable::embedded().unwrap();
    let err = issuance().evaluate(&table, date(2010, 1, 1)).unwrap_err();
    assert_eq!(err.code(), "mci.before_table");
    assert!(err.to_string().contains("2010-01-01"));
    // Free needs no MCI value.
    assert_eq!(FeeFormula::Free.evaluate(&table, date(2010, 1, 1)).unwrap(), Money::ZERO);
}

#[test]
fn huge_amounts_overflow_instead_of_wrapping() {
    let table = table_with(i64::MAX / 2);
    let err = mci("1000").evaluate(&table, date(2025, 1, 1)).unwrap_err();
    assert_eq!(err.code(), "arithmetic.overflow");
}

#[test]
fn serde_is_internally_tagged_with_decimal_strings() {
    let json = serde_json::to_value(re_registration()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "kind": "at_most",
            "formula": {"kind": "percent", "percent": "10", "of": {"kind": "mci", "mci": "6"}},
            "cap": {"kind": "mci", "mci": "4"}
        })
    );
    let back: FeeFormula = serde_json::from_value(json).unwrap();
    assert_eq!(back, re_registration());
    assert_eq!(serde_json::from_str::<FeeFormula>(r#"{"kind":"free"}"#).unwrap(), FeeFormula::Free);
    let floor: FeeFormula = serde_json::from_str(
        r#"{"kind":"at_least","formula":{"kind":"mci","mci":"0,5"},"floor":{"kind":"mci","mci":"1"}}"#,
    )
    .unwrap();
    assert_eq!(floor, FeeFormula::at_least(mci("0.5"), mci("1")));
    for bad in [
        r#"{"kind":"mci","mci":6}"#,
        r#"{"kind":"mci","mci":"-6"}"#,
        r#"{"kind":"mci","mci":"6","extra":1}"#,
        r#"{"kind":"tax"}"#,
        r#"{"mci":"6"}"#,
    ] {
        assert!(serde_json::from_str::<FeeFormula>(bad).is_err(), "{bad}");
    }
}

#[test]
fn formulas_load_from_toml() {
    let text = r#"
kind = "at_most"
formula = { kind = "percent", percent = "10", of = { kind = "mci", mci = "6" } }
cap = { kind = "mci", mci = "4" }
"#;
    let formula: FeeFormula = toml::from_str(text).unwrap();
    assert_eq!(formula, re_registration());
}

proptest! {
    #[test]
    fn cap_never_exceeded_and_floor_always_met(
        base in 0_u32..100_000,
        limit in 0_u32..100_000,
        mci_tiyn in 1_i64..1_000_000,
    ) {
        let table = table_with(mci_tiyn);
        let on = date(2025, 1, 1);
        let (base, limit) = (mci(&format!("0.{base:05}")), mci(&format!("0.{limit:05}")));
        let base_value = base.evaluate(&table, on).unwrap();
        let limit_value = limit.evaluate(&table, on).unwrap();
        let capped = FeeFormula::at_most(base.clone(), limit.clone()).evaluate(&table, on).unwrap();
        let floored = FeeFormula::at_least(base, limit).evaluate(&table, on).unwrap();
        prop_assert_eq!(capped, base_value.min(limit_value));
        prop_assert_eq!(floored, base_value.max(limit_value));
    }
}
