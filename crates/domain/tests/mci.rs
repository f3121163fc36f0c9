//! Tests for `MciAmount` and the embedded `MciTable`.
// Reason: tests may unwrap; a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use proptest::prelude::*;
use reglament_domain::{MciAmount, MciEntry, MciTable, Money};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn embedded_table_values_by_date() {
    let table = MciTable::embedded().unwrap();
    let cases = [
        (date(2015, 1, 1), 1982),
        (date(2015, 12, 31), 1982),
        (date(2016, 6, 1), 2121),
        (date(2017, 6, 1), 2269),
        (date(2018, 6, 1), 2405),
        (date(2019, 6, 1), 2525),
        (date(2020, 3, 31), 2651),
        (date(2020, 4, 1), 2778),
        (date(2021, 6, 1), 2917),
        (date(2022, 3, 31), 3063),
        (date(2022, 4, 1), 3180),
        (date(2023, 6, 1), 3450),
        (date(2024, 1, 1), 3692),
        (date(2025, 6, 1), 3932),
        (date(2026, 3, 1), 4325),
        (date(2026, 12, 31), 4325),
    ];
    for (on, tenge) in cases {
        assert_eq!(table.value_on(on).unwrap(), Money::from_tenge(tenge).unwrap(), "{on}");
        assert!(!table.entry_on(on).unwrap().source().is_empty());
    }
    assert_eq!(table.entries().len(), 14);
    assert!(table.entries().windows(2).all(|w| w[0].valid_from() < w[1].valid_from()));
    assert_eq!(table.covered_until(), date(2026, 12, 31));
}

#[test]
fn dates_outside_the_table_are_errors_naming_the_date() {
    let table = MciTable::embedded().unwrap();
    let before = table.value_on(date(2014, 12, 31)).unwrap_err();
    assert_eq!(before.code(), "mci.before_table");
    assert!(before.to_string().contains("2014-12-31"), "{before}");
    assert!(before.to_string().contains("2015-01-01"), "{before}");
    let after = table.value_on(date(2027, 1, 1)).unwrap_err();
    assert_eq!(after.code(), "mci.after_table");
    assert!(after.to_string().contains("2027-01-01"), "{after}");
}

#[test]
fn malformed_tables_are_rejected() {
    let cases = [
        ("", "missing field"),
        ("covered_until = \"2026-12-31\"\nentry = []", "no entries"),
        (
            "covered_until = \"2025-12-31\"\n[[entry]]\nvalid_from = \"2026-01-01\"\ntenge = 4325\nsource = \"x\"",
            "precedes",
        ),
        (
            "covered_until = \"2026-12-31\"\n[[entry]]\nvalid_from = \"2026-01-01\"\ntenge = 4325\nsource = \"x\"\n[[entry]]\nvalid_from = \"2025-01-01\"\ntenge = 3932\nsource = \"y\"",
            "strictly after",
        ),
        (
            "covered_until = \"2026-12-31\"\n[[entry]]\nvalid_from = \"2026-01-01\"\ntenge = 0\nsource = \"x\"",
            "not positive",
        ),
        (
            "covered_until = \"2026-12-31\"\n[[entry]]\nvalid_from = \"2026-01-01\"\ntenge = 4325\nsource = \" \"",
            "no legal source",
        ),
        (
            "covered_until = \"2026-12-31\"\n[[entry]]\nvalid_from = \"2026-01-01\"\ntenge = 4325\nsource = \"x\"\nextra = 1",
            "unknown field",
        ),
        ("covered_until = \"2026-12-31\"\n[[entry]]\nvalid_from = \"2026-02-30\"\ntenge = 4325\nsource = \"x\"", ""),
    ];
    for (text, fragment) in cases {
        let err = MciTable::from_toml_str(text).unwrap_err();
        assert_eq!(err.code(), "mci.table_data", "{text}");
        assert!(err.to_string().contains(fragment), "{err}");
    }
}

#[test]
fn table_from_entries() {
    let entry = MciEntry::new(date(2030, 1, 1), Money::from_tenge(5000).unwrap(), "law").unwrap();
    let table = MciTable::new(vec![entry.clone()], date(2030, 12, 31)).unwrap();
    assert_eq!(table.entry_on(date(2030, 7, 1)).unwrap(), &entry);
    assert_eq!(entry.source(), "law");
}

#[test]
fn mci_amounts_parse_exactly() {
    let cases = [
        ("6", Some("6")),
        ("0.5", Some("0.5")),
        ("0,5", Some("0.5")),
        ("4.000", Some("4")),
        ("0.000001", Some("0.000001")),
        ("007", Some("7")),
        ("0", Some("0")),
        ("", None),
        ("-1", None),
        ("+1", None),
        (".5", None),
        ("5.", None),
        ("1.2.3", None),
        ("1e3", None),
        (" 6", None),
        ("0.0000001", None),
        ("99999999999999999999", None),
    ];
    for (input, expected) in cases {
        if let Some(canonical) = expected {
            let amount: MciAmount = input.parse().unwrap();
            assert_eq!(amount.to_string(), canonical, "{input:?}");
        } else {
            let err = input.parse::<MciAmount>().unwrap_err();
            assert!(err.code().starts_with("decimal."), "{input:?}: {err}");
            assert!(err.to_string().contains(&format!("{input:?}")), "{err}");
        }
    }
    assert!("0".parse::<MciAmount>().unwrap().is_zero());
    let amount: MciAmount = serde_json::from_str("\"0,5\"").unwrap();
    assert_eq!(serde_json::to_string(&amount).unwrap(), "\"0.5\"");
    assert!(serde_json::from_str::<MciAmount>("0.5").is_err());
}

proptest! {
    #[test]
    fn canonical_decimal_round_trips(whole in 0_u64..1_000_000_000, micros in 0_u32..1_000_000) {
        let text = format!("{whole}.{micros:06}");
        let amount: MciAmount = text.parse().unwrap();
        let again: MciAmount = amount.to_string().parse().unwrap();
        prop_assert_eq!(amount, again);
        prop_assert_eq!(again.to_string(), amount.to_string());
    }
}
